"""The outbox delivered by SMTP to a real server started by the test, on a real database (SQLite or PostgreSQL)."""

from __future__ import annotations

import re
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from app.descargas import rutas_descargas
from domain.casos_uso import Contexto
from domain.casos_uso.decisiones import aprobar, asignar
from domain.comandos import Asignar, Decidir
from domain.notificaciones import EstadoEnvio, TipoNotificacion
from domain.reloj import RelojFijo
from tests.builders import funcionario, verificar_todo
from tests.integracion.correo import (
    DESISTIO,
    FUERA_DE_BOGOTA,
    MOTIVOS,
    REMITENTE,
    SECRETO,
    URL_PUBLICA,
    cartero_smtp,
    despachar,
    obtener,
    radicar,
    todas,
    un_aviso_de_cada_tipo,
)
from tests.integracion.smtp import (
    Buzon,
    ServidorSMTP,
    autenticador,
    certificado_autofirmado,
    contexto_servidor,
    puerto_libre,
)

pytestmark = pytest.mark.db


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _partes(m: EmailMessage) -> tuple[str, str]:
    texto, html = m.get_body(("plain",)), m.get_body(("html",))
    assert texto is not None and html is not None, "falta la parte de texto o la HTML"
    return texto.get_content(), html.get_content()


def test_cada_tipo_de_aviso_llega_con_texto_html_y_message_id_estable(ctx: Contexto, reloj: RelojFijo) -> None:
    avisos = un_aviso_de_cada_tipo(ctx, reloj)
    assert set(avisos) == set(TipoNotificacion)
    with ServidorSMTP() as servidor:
        resumen = despachar(ctx, cartero_smtp(servidor.puerto))
    assert (resumen.enviadas, resumen.reprogramadas, resumen.fallidas) == (11, 0, 0)  # 5 radicadas + 6 more
    recibidos = {str(m["Message-ID"]): m for m in servidor.buzon.recibidos}
    assert len(recibidos) == 11
    por_tipo = {tipo: recibidos[f"<{n.id}@gobiernobogota.gov.co>"] for tipo, n in avisos.items()}
    for tipo, m in por_tipo.items():
        assert m["From"] == REMITENTE and m["To"] == "ana.perez@example.org"
        assert m["Subject"] == avisos[tipo].asunto and m["Content-Language"] == "es-CO"
        assert m.get_content_type() == "multipart/alternative"
        assert m["Date"] is not None and m["Auto-Submitted"] == "auto-generated"
    assert all(n.estado is EstadoEnvio.ENVIADA and n.intentos == 1 and n.enviada_en for n in todas(ctx))

    texto, html = _partes(por_tipo[TipoNotificacion.RADICADA])
    assert por_tipo[TipoNotificacion.RADICADA]["Subject"].startswith("Solicitud radicada — RES-2026-")
    assert "miércoles, 18 de marzo de 2026" in texto and "1 día hábil" in texto  # es_CO date, decided in 1 día
    assert "Pasos para gestionar exitosamente un Certificado de Residencia" in texto and "paso 6" in texto

    texto, html = _partes(por_tipo[TipoNotificacion.RECHAZADA])
    assert "El recibo no muestra la dirección." in texto and MOTIVOS[1] in texto
    assert "La cédula está &lt;borrosa&gt; &amp; cortada." in html  # the official's text is escaped in HTML
    assert "30 días calendario, no prorrogables" in texto and "jueves, 16 de abril de 2026" in texto
    assert "desistió del trámite" in texto and "paso 8" in html

    texto, html = _partes(por_tipo[TipoNotificacion.APROBADA])
    enlace = re.search(r"https://ventanilla\.example\.gov\.co/descargas/\S+", texto)
    assert enlace and f'href="{enlace.group(0)}"' in html
    assert f"{URL_PUBLICA}/verificar" in texto and "jueves, 16 de abril de 2026" in texto  # link: 30 days

    texto, html = _partes(por_tipo[TipoNotificacion.LISTA_PARA_RECOGER])
    assert "listo para recoger personalmente en la alcaldía local" in texto and "Cancillería" in texto
    assert "/descargas/" not in texto

    texto, _ = _partes(por_tipo[TipoNotificacion.DESISTIDA])
    assert "venció el jueves, 16 de abril de 2026" in texto and "radique una nueva solicitud" in texto

    # docs/decisiones.md: a definitive rejection and an annulment reach the citizen with the motivos and the norm.
    texto, html = _partes(por_tipo[TipoNotificacion.RECHAZADA_DEFINITIVAMENTE])
    assert por_tipo[TipoNotificacion.RECHAZADA_DEFINITIVAMENTE]["Subject"].startswith("Solicitud rechazada — RES-")
    assert FUERA_DE_BOGOTA in texto and "no se subsana" in texto and "Ley 1437 de 2011" in html
    assert "días calendario" not in texto
    texto, html = _partes(por_tipo[TipoNotificacion.ANULADA])
    assert DESISTIO in texto and "Ley 1755 de 2015, art. 18" in texto and "radicar una nueva solicitud" in html


@pytest.mark.anyio
async def test_el_enlace_del_correo_descarga_el_certificado(ctx: Contexto, reloj: RelojFijo) -> None:
    s, revisora = radicar(ctx), funcionario(ctx)
    asignar(Asignar(s.id, revisora.id), ctx)
    verificar_todo(ctx, s.id, revisora.id)
    aprobar(Decidir(s.id, revisora.id), ctx)
    with ServidorSMTP() as servidor:
        despachar(ctx, cartero_smtp(servidor.puerto))
    (m,) = [m for m in servidor.buzon.recibidos if m["Subject"].startswith("Solicitud aprobada")]
    enlace = re.search(r"https://\S+/descargas/(\S+)", _partes(m)[0])
    assert enlace is not None
    app = Starlette(routes=rutas_descargas(ctx, SECRETO))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=URL_PUBLICA) as cliente:
        r = await cliente.get(f"/descargas/{enlace.group(1)}")
        assert r.status_code == 200 and r.content.startswith(b"%PDF") and r.headers["referrer-policy"] == "no-referrer"
        alterado = enlace.group(1)[:-2] + ("AA" if not enlace.group(1).endswith("AA") else "BB")
        assert (await cliente.get(f"/descargas/{alterado}")).status_code == 404
        reloj.avanzar(days=30)
        assert (await cliente.get(f"/descargas/{enlace.group(1)}")).status_code == 200  # its last day
        reloj.avanzar(days=1)
        vencido = await cliente.get(f"/descargas/{enlace.group(1)}")
        assert vencido.status_code == 410 and "venció" in vencido.text


def test_un_451_se_reintenta_con_espera_creciente_y_se_entrega_una_vez(ctx: Contexto, reloj: RelojFijo) -> None:
    radicar(ctx)
    (n,) = todas(ctx)
    buzon = Buzon(fallos_data=["451 4.3.0 Intente más tarde", "451 4.3.0 Intente más tarde"])
    with ServidorSMTP(buzon) as servidor:
        cartero = cartero_smtp(servidor.puerto)
        r = despachar(ctx, cartero)
        assert (r.enviadas, r.reprogramadas) == (0, 1) and "451" in r.errores[0]
        primero = obtener(ctx, n.id)
        assert primero.estado is EstadoEnvio.PENDIENTE and primero.intentos == 1 and "451" in str(primero.ultimo_error)
        assert primero.proximo_intento == reloj.ahora() + timedelta(seconds=45)  # base 60 s, equal jitter at 0.5
        assert despachar(ctx, cartero).intentadas == 0  # not due yet
        reloj.avanzar(seconds=45)
        assert despachar(ctx, cartero).reprogramadas == 1
        segundo = obtener(ctx, n.id)
        assert segundo.proximo_intento == reloj.ahora() + timedelta(seconds=90)  # doubled
        reloj.avanzar(seconds=90)
        assert despachar(ctx, cartero).enviadas == 1
        assert despachar(ctx, cartero).intentadas == 0
    assert buzon.intentos_data == 3 and buzon.ids() == [f"<{n.id}@gobiernobogota.gov.co>"]
    final = obtener(ctx, n.id)
    assert final.estado is EstadoEnvio.ENVIADA and final.intentos == 3 and final.ultimo_error is None


def test_servidor_caido_corta_la_ronda_y_al_volver_entrega_todo(ctx: Contexto, reloj: RelojFijo) -> None:
    for numero in ("1020304050", "1020304051", "1020304052"):
        radicar(ctx, numero)
    puerto = puerto_libre()  # nobody listens yet: connection refused
    r = despachar(ctx, cartero_smtp(puerto))
    assert (r.intentadas, r.reprogramadas) == (1, 1) and "conectar" in r.errores[0]  # stopped after the first
    assert sorted(n.intentos for n in todas(ctx)) == [0, 0, 1]
    reloj.avanzar(minutes=5)
    with ServidorSMTP(puerto=puerto) as servidor:
        assert despachar(ctx, cartero_smtp(puerto)).enviadas == 3
    assert len(set(servidor.buzon.ids())) == 3
    assert {n.estado for n in todas(ctx)} == {EstadoEnvio.ENVIADA}


def test_starttls_con_usuario_y_clave(ctx: Contexto, tmp_path: Path) -> None:
    radicar(ctx)
    cert, llave = certificado_autofirmado(tmp_path)
    opciones = {"tls_context": contexto_servidor(cert, llave), "require_starttls": True, "auth_required": True,
                "authenticator": autenticador("ventanilla", "clave-smtp")}
    with ServidorSMTP(**opciones) as servidor:
        sin_ca = despachar(ctx, cartero_smtp(servidor.puerto, tls="starttls", usuario="ventanilla",
                                             clave="clave-smtp"))
        assert sin_ca.reprogramadas == 1 and "CERTIFICATE_VERIFY_FAILED" in sin_ca.errores[0]  # not trusted
        ctx.reloj.avanzar(minutes=5)  # type: ignore[attr-defined]
        mala = despachar(ctx, cartero_smtp(servidor.puerto, tls="starttls", ca=cert, usuario="ventanilla",
                                           clave="otra"))
        assert mala.reprogramadas == 1 and "535" in mala.errores[0]  # bad credentials: transient, for an operator
        ctx.reloj.avanzar(minutes=5)  # type: ignore[attr-defined]
        buena = despachar(ctx, cartero_smtp(servidor.puerto, tls="starttls", ca=cert, usuario="ventanilla",
                                            clave="clave-smtp"))
    assert buena.enviadas == 1 and len(servidor.buzon.recibidos) == 1


def test_tls_implicito(ctx: Contexto, tmp_path: Path) -> None:
    radicar(ctx)
    cert, llave = certificado_autofirmado(tmp_path)
    with ServidorSMTP(ssl_context=contexto_servidor(cert, llave)) as servidor:
        r = despachar(ctx, cartero_smtp(servidor.puerto, tls="ssl", ca=cert))
    assert r.enviadas == 1 and len(servidor.buzon.recibidos) == 1
