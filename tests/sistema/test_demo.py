"""The demo data (``ventanilla demo`` / ``preparar``) through the composition root, with real keys and a real
database: the revocation scenario (one certificate revoked, one suspended by the coordinador, with motivos, audited)
shows on the public page /V/1/… and in the signed revocation list, the apostilla partner's credential works, the
URLs are printed — and a second run changes nothing."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator

import httpx
import pytest
from rich.console import Console

from app.cli import imprimir_arranque
from app.composicion import Sistema
from app.demo import DatosDemo, cargar_demo
from app.demo_firmas import ALIADO_APOSTILLA
from app.demo_revocacion import CASOS
from app.web import create_app
from domain.casos_uso.firmas_consultas import ALCANCE_APOSTILLA
from domain.casos_uso.personas import autenticar_aliado, funcionario_por_usuario
from domain.casos_uso.revocacion import ACCION_REVOCAR, ACCION_SUSPENDER, documentos_revocados
from tests.sistema.conftest import sistema_nuevo

pytestmark = [pytest.mark.db, pytest.mark.anyio]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def sistema(tmp_path_factory: pytest.TempPathFactory) -> Sistema:
    return sistema_nuevo(tmp_path_factory, "demo")


def _cargar(sistema: Sistema) -> tuple[DatosDemo, str]:
    salida = io.StringIO()
    datos = cargar_demo(sistema.contexto, sistema.settings, consola=Console(file=salida, soft_wrap=True, width=80))
    return datos, salida.getvalue()


@pytest.fixture(scope="module")
def demo(sistema: Sistema) -> tuple[DatosDemo, str]:
    return _cargar(sistema)


@pytest.fixture
async def cliente(sistema: Sistema) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(sistema.settings, sistema)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        yield c


async def test_demo_revoca_y_suspende_y_la_pagina_publica_lo_muestra(
    demo: tuple[DatosDemo, str], cliente: httpx.AsyncClient
) -> None:
    datos, impreso = demo
    assert datos.avisos == ()
    revocado, suspendido = datos.revocados
    assert (revocado.estado, suspendido.estado) == ("revocado", "suspendido")
    for certificado, caso in zip(datos.revocados, CASOS, strict=True):
        assert certificado.url is not None and certificado.url.startswith("HTTP://TESTSERVER/V/1/")
        assert certificado.url in impreso  # printed whole, for an official to try
        pagina = await cliente.get(certificado.url.replace("HTTP://TESTSERVER", ""))
        assert pagina.status_code == 200
        assert f"estado-{caso.estado}" in pagina.text and caso.motivo in pagina.text
        assert caso.estado.capitalize() in pagina.text  # "Revocado" / "Suspendido"


async def test_lista_de_revocados_y_auditoria(demo: tuple[DatosDemo, str], sistema: Sistema,
                                              cliente: httpx.AsyncClient) -> None:
    motivos = {(r.estado, r.motivo) for r in documentos_revocados(sistema.contexto)}
    assert {(c.estado, c.motivo) for c in CASOS} <= motivos  # (plus the contraseña replaced under §15.6)
    lista = (await cliente.get("/confianza/lista-revocados.json")).text
    assert all(c.motivo in lista for c in CASOS)
    with sistema.contexto.uow() as uow:
        eventos = uow.auditoria.listar(entidad="SDG-BOGOTA", limite=100)
    acciones = {(e.accion, e.actor) for e in eventos}
    assert {(ACCION_REVOCAR, "funcionario:coordinador"), (ACCION_SUSPENDER, "funcionario:coordinador")} <= acciones


def test_aliado_apostilla_con_credencial_impresa(demo: tuple[DatosDemo, str], sistema: Sistema) -> None:
    datos, impreso = demo
    assert datos.credencial_apostilla.startswith("vnt_") and datos.credencial_apostilla in impreso
    aliado = autenticar_aliado(datos.credencial_apostilla, sistema.contexto)
    assert aliado is not None and aliado.alcances == frozenset({ALCANCE_APOSTILLA})
    archivo = sistema.settings.directorio_datos / "demo_credencial_apostilla.txt"
    assert archivo.stat().st_mode & 0o077 == 0  # like the portal's: readable by its owner only


def test_cada_credencial_impresa_dice_de_quien_es_y_que_puede(demo: tuple[DatosDemo, str], sistema: Sistema) -> None:
    """Issue 9 §5: two bare «Bearer …» lines left people guessing which partner each one was."""
    datos, impreso = demo
    portal = (f"Credencial API de «Portal ciudadano de Bogotá» (alcances: personas, solicitudes):  "
              f"Authorization: Bearer {datos.credencial}")
    apostilla = (f"Credencial API de «{ALIADO_APOSTILLA}» (alcances: apostilla):  "
                 f"Authorization: Bearer {datos.credencial_apostilla}")
    assert portal in impreso and apostilla in impreso
    for credencial, alcances in ((datos.credencial, {"personas", "solicitudes"}), (datos.credencial_apostilla,
                                                                                    {"apostilla"})):
        aliado = autenticar_aliado(credencial, sistema.contexto)
        assert aliado is not None and aliado.alcances == frozenset(alcances)  # the label tells the truth
    # ``servir`` prints the same two lines from the data folder, and every official it lists can log in.
    salida = io.StringIO()
    imprimir_arranque(Console(file=salida, soft_wrap=True, width=80), sistema.settings, "127.0.0.1", 8000)
    arranque = salida.getvalue()
    assert portal in arranque and apostilla in arranque and arranque.count("Bearer ") == 2
    usuarios = [u for u, _, _ in datos.logins]
    assert usuarios == ["revisora", "coordinador", "registrador", "movilidad"]
    assert arranque.count("Usuario demo:") == len(usuarios)
    assert all(funcionario_por_usuario(u, sistema.contexto) is not None for u in usuarios)


def test_comando_demo_cuenta_los_funcionarios_que_lista(sistema: Sistema, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from app import cli, composicion

    monkeypatch.setattr(composicion, "construir", lambda _settings: sistema)
    monkeypatch.setattr(cli, "Settings", lambda: sistema.settings)
    cli.demo()
    assert "(4 funcionarios: revisora, coordinador, registrador, movilidad)" in capsys.readouterr().out


def test_segunda_carga_no_cambia_nada(demo: tuple[DatosDemo, str], sistema: Sistema) -> None:
    datos, _ = demo
    antes = documentos_revocados(sistema.contexto)
    otra, impreso = _cargar(sistema)
    assert otra.credencial_apostilla == datos.credencial_apostilla
    assert otra.revocados == datos.revocados and all(c.url and c.url in impreso for c in otra.revocados)
    assert documentos_revocados(sistema.contexto) == antes


def test_demo_de_movilidad_de_chia_llena_los_registros(demo: tuple[DatosDemo, str], sistema: Sistema) -> None:
    """Issue 8 §4: Chía's official, vehicles (one with a prenda, a taxi), licences, and the external registries."""
    from domain.casos_uso.personas import funcionario_por_usuario
    from domain.casos_uso.registros import ficha_licencias, ficha_vehiculo
    from domain.valores import Identificacion
    from persistence import RegistrosExternosSQL

    ctx = sistema.contexto
    movilidad = funcionario_por_usuario("movilidad", ctx)
    assert movilidad is not None and movilidad.entidad == "MOVILIDAD-CHIA"
    carro = ficha_vehiculo("GHT482", movilidad.id, ctx).vehiculo
    assert [g.beneficiario for g in carro.gravamenes_vigentes()] == ["Banco de Bogotá S.A."]
    assert ficha_vehiculo("WNT915", movilidad.id, ctx).vehiculo.tarjeta_operacion is not None
    assert [x.categoria for x in ficha_licencias("CC", "79456123", movilidad.id, ctx).licencias] == ["B1"]
    registros = RegistrosExternosSQL(sistema.motor)
    assert registros.inscrito_runt(Identificacion.crear("CC", "79456123"))
    assert len(registros.multas_pendientes(Identificacion.crear("CC", "1072654987"))) == 1


def test_demo_de_movilidad_radica_y_decide_tramites_de_chia(demo: tuple[DatosDemo, str], sistema: Sistema) -> None:
    """Issue 8 §4: `make run` shows Chía's trámites working — a certificado de tradición issued (seed 003 T-33)
    and a traspaso waiting for the official with its effect shown before approval (T-21)."""
    from domain.casos_uso.consultas import detalle_solicitud, listar_solicitudes

    ctx = sistema.contexto
    pagina = listar_solicitudes(ctx, entidad="MOVILIDAD-CHIA")
    por_tramite = {s.tramite: s for s in pagina.solicitudes}
    certificado, traspaso = por_tramite["CHIA-T33"], por_tramite["CHIA-T21"]
    assert certificado.estado.value == "finalizada" and certificado.documento_id is not None
    assert certificado.sujeto is not None and certificado.sujeto.etiqueta == "GHT482"
    detalle = detalle_solicitud(traspaso.id, ctx)
    assert detalle is not None and traspaso.estado.value == "radicada"
    assert detalle.efectos == ["Inscribir como propietario(s) a Hernán Darío Quintero Salas (CC 79456123) en lugar "
                               "de los actuales."]
