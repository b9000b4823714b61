"""Every use case that accepts a file parses it whole before storing anything (issue 7 §3), on the real database
with the real parser and file store: radicación and subsanación soportes, signature specimens of the registro de
firmas, and the copy a certificación de firma is asked for."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.casos_uso import Contexto
from domain.casos_uso.decisiones import rechazar
from domain.casos_uso.firmas import certificar_firma, listar_firmas
from domain.casos_uso.solicitudes import radicar_solicitud, subsanar_solicitud
from domain.comandos import Rechazar, SoporteEntrada, SubsanarSolicitud
from domain.errores import ArchivoInvalido
from domain.solicitudes import EstadoSolicitud
from persistence.almacen import AlmacenLocal
from tests.archivos_prueba import jpeg_que_es_html, pdf_con_javascript, pdf_poliglota, png_bomba
from tests.builders import nueva_persona, radicar_cmd
from tests.integracion.conftest import HOY
from tests.integracion.test_flujo_sql import _en_estudio
from tests.unit.test_firmas import _certificar, _registrar

pytestmark = pytest.mark.db


def _blobs(almacen: AlmacenLocal) -> set[str]:
    return {sha for sha, _, _ in almacen.listar()}


def test_radicar_con_un_soporte_malicioso_no_guarda_nada(ctx: Contexto, almacen: AlmacenLocal) -> None:
    cmd = radicar_cmd(nueva_persona(ctx), HOY)
    cmd.soportes[1] = SoporteEntrada("recibo_servicio_publico", "recibo.pdf", pdf_con_javascript(True),
                                     HOY - timedelta(days=5), "energia")
    with pytest.raises(ArchivoInvalido, match=r"«recibo\.pdf» contiene JavaScript") as error:
        radicar_solicitud(cmd, ctx)
    assert error.value.campo == "soportes.1.archivo" and error.value.requisito == "recibo_servicio_publico"
    assert _blobs(almacen) == set()  # not even the valid cédula: files are stored only once all have passed
    with ctx.uow() as uow:
        assert uow.solicitudes.listar() == []


def test_subsanar_con_un_soporte_malicioso_deja_la_solicitud_como_estaba(ctx: Contexto, almacen: AlmacenLocal) -> None:
    s, revisora = _en_estudio(ctx)
    rechazada = rechazar(Rechazar(s.id, revisora.id, ["El recibo no muestra la dirección."]), ctx)
    antes = _blobs(almacen)
    nuevo = SoporteEntrada("recibo_servicio_publico", "recibo.pdf", pdf_poliglota(), HOY, "gas")
    with pytest.raises(ArchivoInvalido, match="esconde otro tipo de archivo"):
        subsanar_solicitud(SubsanarSolicitud(s.id, [nuevo]), ctx)
    with ctx.uow() as uow:
        assert uow.solicitudes.obtener(s.id) == rechazada
    assert rechazada.estado is EstadoSolicitud.REQUIERE_SUBSANACION and _blobs(almacen) == antes


@pytest.mark.parametrize(("especimen", "razon"), [
    (png_bomba(), "30.000 × 30.000 píxeles"),
    (jpeg_que_es_html(), "esconde otro tipo de archivo"),
])
def test_especimen_de_firma_malicioso(ctx: Contexto, almacen: AlmacenLocal, especimen: bytes, razon: str) -> None:
    with pytest.raises(ArchivoInvalido, match=razon) as error:
        _registrar(ctx, especimen=especimen, especimen_nombre="firma.png")
    assert error.value.campo == "especimen"
    assert listar_firmas(ctx) == [] and _blobs(almacen) == set()


def test_copia_para_certificar_maliciosa(ctx: Contexto, almacen: AlmacenLocal) -> None:
    firma_id = _registrar(ctx)
    antes = _blobs(almacen)
    with pytest.raises(ArchivoInvalido, match="contiene JavaScript") as error:
        certificar_firma(_certificar(ctx, firma_id, copia=pdf_con_javascript()), ctx)
    assert error.value.campo == "copia" and _blobs(almacen) == antes
    with ctx.uow() as uow:
        assert uow.certificaciones_firma.por_numero("CF-2026-000001") is None
