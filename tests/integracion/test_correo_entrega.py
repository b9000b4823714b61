"""Delivery guarantees on a real database and a real SMTP server: a crash between the server's acceptance and the
commit costs at most one duplicate (same Message-ID); concurrent dispatchers never send a message twice; a
permanent refusal ends in the dead letter, which officials see and can retry (CSRF, audited)."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import replace

import httpx
import pytest
from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.routing import Mount

from admin import crear_admin
from domain.casos_uso import Contexto
from domain.casos_uso.revocacion import consultar_auditoria
from domain.notificaciones import EstadoEnvio
from domain.personas import Rol
from domain.reloj import RelojFijo
from persistence.db import crear_motor
from persistence.repositorios.bandeja import BandejaSalidaSQL
from persistence.unidad_de_trabajo import FabricaUnidadDeTrabajoSQL
from tests.admin.conftest import HTMX, ingresar, nuevo_funcionario, token_de
from tests.integracion import datos
from tests.integracion.correo import ENTIDAD, POLITICA, cartero_smtp, despachar, obtener, radicar, todas
from tests.integracion.smtp import Buzon, ServidorSMTP

pytestmark = pytest.mark.db


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class Caida(Exception):
    """The process dies right after the SMTP server accepted the message, before the outbox row is marked."""


def test_caida_entre_el_envio_y_el_commit_reenvia_una_vez_con_el_mismo_message_id(
    ctx: Contexto, reloj: RelojFijo, monkeypatch: pytest.MonkeyPatch
) -> None:
    radicar(ctx)
    (n,) = todas(ctx)
    original = BandejaSalidaSQL.marcar_enviada

    def caer(self: BandejaSalidaSQL, *args: object) -> None:
        raise Caida()

    with ServidorSMTP() as servidor:
        cartero = cartero_smtp(servidor.puerto)
        monkeypatch.setattr(BandejaSalidaSQL, "marcar_enviada", caer)
        with pytest.raises(Caida):
            despachar(ctx, cartero)
        monkeypatch.setattr(BandejaSalidaSQL, "marcar_enviada", original)
        assert len(servidor.buzon.recibidos) == 1 and obtener(ctx, n.id).estado is EstadoEnvio.ENVIANDO
        assert despachar(ctx, cartero).intentadas == 0  # its lease has not lapsed: nobody takes it
        reloj.avanzar(seconds=POLITICA.arriendo.total_seconds())
        assert despachar(ctx, cartero).enviadas == 1  # taken again and sent again…
        reloj.avanzar(hours=1)
        assert despachar(ctx, cartero).intentadas == 0  # …and then never more
    ids = servidor.buzon.ids()
    assert len(ids) == 2 and ids[0] == ids[1] == f"<{n.id}@gobiernobogota.gov.co>"  # the receiver can drop it
    final = obtener(ctx, n.id)
    assert final.estado is EstadoEnvio.ENVIADA and final.intentos == 2


TOTAL = 30


def test_dos_despachadores_a_la_vez_entregan_cada_mensaje_una_sola_vez(
    ctx: Contexto, url_bd: str, motor: Engine
) -> None:
    """Two dispatchers with their own engines (as two processes would have) race over the same outbox."""
    with ctx.uow() as u:
        for _ in range(TOTAL):
            u.bandeja_salida.agregar(replace(datos.notificacion(None, ctx.reloj.ahora()), entidad=ENTIDAD))
        u.commit()
    esperados = {f"<{n.id}@gobiernobogota.gov.co>" for n in todas(ctx)}
    assert len(esperados) == TOTAL
    motores = [crear_motor(url_bd) for _ in range(2)]
    resumenes: list[object] = []
    salida = threading.Barrier(2)
    try:
        with ServidorSMTP() as servidor:
            def trabajar(m: Engine) -> None:
                propio = Contexto(FabricaUnidadDeTrabajoSQL.desde_motor(m), ctx.almacen, ctx.reloj, ctx.tramites,
                                  ctx.emisor, ctx.verificador, inspector=ctx.inspector)
                salida.wait()
                resumenes.append(despachar(propio, cartero_smtp(servidor.puerto)))

            hilos = [threading.Thread(target=trabajar, args=(m,)) for m in motores]
            for h in hilos:
                h.start()
            for h in hilos:
                h.join(60)
    finally:
        for m in motores:
            m.dispose()
    conteo = Counter(servidor.buzon.ids())
    assert set(conteo) == esperados and set(conteo.values()) == {1}, conteo
    assert sum(r.enviadas for r in resumenes) == TOTAL  # type: ignore[attr-defined]
    assert all(n.estado is EstadoEnvio.ENVIADA and n.intentos == 1 for n in todas(ctx))


@pytest.mark.anyio
async def test_un_550_termina_en_fallidas_visible_para_la_entidad_y_se_puede_reintentar(
    ctx: Contexto, reloj: RelojFijo
) -> None:
    radicar(ctx, correo="no-existe@example.org")
    radicar(ctx, "1020304099", correo="bien@example.org")
    buzon = Buzon(rechazar={"no-existe@example.org": "550 5.1.1 Buzón inexistente"})
    with ServidorSMTP(buzon) as servidor:
        cartero = cartero_smtp(servidor.puerto)
        r = despachar(ctx, cartero)
        assert (r.enviadas, r.reprogramadas) == (1, 1)  # a permanent refusal gets one more chance…
        reloj.avanzar(minutes=2)
        assert despachar(ctx, cartero).fallidas == 1  # …then the dead letter, long before 5 transient attempts
        reloj.avanzar(days=1)
        assert despachar(ctx, cartero).intentadas == 0  # dead letters are not retried on their own
    (muerta,) = [n for n in todas(ctx) if n.estado is EstadoEnvio.FALLIDA]
    assert muerta.intentos == 2 and "550" in str(muerta.ultimo_error)

    nuevo_funcionario(ctx, "revisora")
    nuevo_funcionario(ctx, "ajena", Rol.COORDINADOR, entidad="OTRA-ENTIDAD")
    admin = crear_admin(ctx, secret_key="clave-de-pruebas-" + "x" * 32)
    app = Starlette(routes=[Mount("/admin", admin)])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as cliente:
        await ingresar(cliente, "ajena")
        otra = await cliente.get("/admin/notificaciones")
        assert otra.status_code == 200 and "no-existe@example.org" not in otra.text  # another entidad's mail
        await cliente.post("/admin/salir", data={"csrf_token": token_de(otra.text)})

        await ingresar(cliente, "revisora")
        pagina = await cliente.get("/admin/notificaciones")
        assert pagina.status_code == 200
        assert "no-existe@example.org" in pagina.text and "550 5.1.1 Buzón inexistente" in pagina.text
        assert "bien@example.org" not in pagina.text  # delivered: not under «Fallidas»
        assert "Fallida (1)" in pagina.text and "Enviada (1)" in pagina.text
        enviadas = await cliente.get("/admin/notificaciones?estado=enviada")
        assert "bien@example.org" in enviadas.text and "no-existe@example.org" not in enviadas.text

        ruta = f"/admin/notificaciones/{muerta.id}/reintentar"
        sin_token = await cliente.post(ruta)
        assert sin_token.status_code == 403 and obtener(ctx, muerta.id).estado is EstadoEnvio.FALLIDA
        r = await cliente.post(ruta, data={"csrf_token": token_de(pagina.text)}, headers=HTMX)
        assert r.status_code == 200 and "volvió a la cola" in r.text and "no-existe@example.org" not in r.text
        de_nuevo = await cliente.post(ruta, data={"csrf_token": token_de(pagina.text)}, headers=HTMX)
        assert de_nuevo.status_code == 409 and "Solo se reintenta una notificación fallida" in de_nuevo.text

    reabierta = obtener(ctx, muerta.id)
    assert reabierta.estado is EstadoEnvio.PENDIENTE and reabierta.intentos == 0
    coordinadora = nuevo_funcionario(ctx, "coordinadora", Rol.COORDINADOR)
    (evento,) = consultar_auditoria(coordinadora.id, ctx)
    assert evento.accion == "notificacion.reintentar" and evento.actor == "funcionario:revisora"
    assert evento.objeto == f"notificacion:{muerta.id}" and "550" in evento.detalle
    buzon.rechazar.clear()  # the citizen's address was fixed at the other end
    with ServidorSMTP(buzon) as servidor:
        assert despachar(ctx, cartero_smtp(servidor.puerto)).enviadas == 1
    assert obtener(ctx, muerta.id).estado is EstadoEnvio.ENVIADA
