"""T-34 cancelación (a solicitud del titular) and T-24 rematrícula of a vehículo automotor (seed 003 digest §2.3,
§6.1; R-31, R-32, R-40, R-41, R-53, R-63, A-13)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from domain.reglas import Resultado
from domain.vehiculos import CausaCancelacion, EstadoMatricula, Gravamen, Vehiculo
from tests.motor.escenarios import RegistrosEnMemoria, bloqueo, caso_vehiculo, persona, vehiculo

DUENO = persona("79111222", nombres="Jorge", apellidos="Rincón")


def _cancelado(causa: CausaCancelacion) -> Vehiculo:
    v = vehiculo(DUENO)
    v.cancelar(causa)
    return v


# -- T-34 cancelación -----------------------------------------------------------------------------------------------
def test_t34_cancelacion_a_solicitud_del_titular() -> None:
    """Digest §6.1 / R-53: ACTIVA → CANCELADA with causa «solicitud del titular»; history line."""
    caso = caso_vehiculo(34, titular=DUENO, sujeto=vehiculo(DUENO))
    assert caso.fallidos() == []
    ap = caso.aprobar()
    assert (ap.sujeto.estado_matricula, ap.sujeto.causa_cancelacion) == (EstadoMatricula.CANCELADA,
                                                                         CausaCancelacion.SOLICITUD_TITULAR)
    assert ap.sujeto.historia[-1].detalle == "Cancelación de la matrícula por solicitud titular."


def test_t34_no_verifica_el_impuesto_vehicular() -> None:
    """R-63 (reglas generales, literal g): the tax is neither verified nor validated for a cancelación."""
    caso = caso_vehiculo(34, titular=DUENO, sujeto=vehiculo(DUENO), registros=RegistrosEnMemoria().inscribir(DUENO))
    assert caso.fallidos() == []
    assert not any(h.regla.startswith("impuesto") for h in caso.hallazgos())


def test_t34_improntas_opcionales() -> None:
    """A-13 decided: literal l exempts cancelaciones from improntas; T-34 lists them → received if brought, optional."""
    caso = caso_vehiculo(34, titular=DUENO, sujeto=vehiculo(DUENO))
    caso.soportes = [s for s in caso.soportes if s.requisito != "improntas"]
    assert caso.fallidos() == []
    assert caso.tramite.requisito("improntas").obligatorio is False  # type: ignore[union-attr]


def test_t34_sin_revision_dijin_no_se_radica() -> None:
    """R-31 (T-34 f): the original DIJIN revisión técnica obligatoria is required."""
    caso = caso_vehiculo(34, titular=DUENO, sujeto=vehiculo(DUENO))
    caso.soportes = [s for s in caso.soportes if s.requisito != "revision_dijin"]
    (fallo,) = caso.fallidos()
    assert fallo.requisito == "revision_dijin" and fallo.bloqueante
    assert fallo.fuente == ("Resolución 5721 de 2019 de Chía, trámite 34: documento original de la revisión técnica "
                            "obligatoria expedida por la DIJIN")


def test_t34_solo_la_pide_el_titular() -> None:
    """R-53: «a solicitud de su titular» — someone who is not the owner cannot cancel it."""
    fallo = bloqueo(caso_vehiculo(34, sujeto=vehiculo(persona("52333444"))), "es_propietario")
    assert "no es propietario(a) inscrito(a)" in fallo.mensaje


def test_t34_con_prenda_el_funcionario_revisa_la_autorizacion() -> None:
    """T-34 (decision): a vigente gravamen adds a review finding; the manual does not make it a requisito."""
    v = vehiculo(DUENO)
    v.gravamenes.append(Gravamen(uuid.uuid4(), "prenda", "Banco Popular", "Contrato 1", date(2020, 1, 1), "X"))
    caso = caso_vehiculo(34, titular=DUENO, sujeto=v)
    assert caso.fallidos() == []
    revision = next(h for h in caso.hallazgos() if h.regla == "revisar")
    assert revision.resultado is Resultado.REVISAR and "gravámenes o medidas cautelares" in revision.mensaje


# -- T-24 rematrícula ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("causa", [CausaCancelacion.HURTO, CausaCancelacion.PERDIDA_DEFINITIVA,
                                   CausaCancelacion.DESAPARICION_DOCUMENTADA])
def test_t24_rematricula_de_un_vehiculo_recuperado(causa: CausaCancelacion) -> None:
    """R-40 / digest §6.1: CANCELADA for hurto, pérdida definitiva or desaparición documentada → ACTIVA."""
    caso = caso_vehiculo(24, titular=DUENO, sujeto=_cancelado(causa))
    assert caso.fallidos() == []
    ap = caso.aprobar()
    assert (ap.sujeto.estado_matricula, ap.sujeto.causa_cancelacion) == (EstadoMatricula.ACTIVA, None)
    assert ap.sujeto.propietarios == [DUENO.id]
    assert ap.sujeto.historia[-1].detalle == "Rematrícula del vehículo recuperado."


def test_t24_cancelacion_por_solicitud_no_se_rematricula() -> None:
    """R-40: a matrícula cancelled at the owner's request is not rematriculated."""
    fallo = bloqueo(caso_vehiculo(24, titular=DUENO, sujeto=_cancelado(CausaCancelacion.SOLICITUD_TITULAR)),
                    "estado_matricula")
    assert fallo.mensaje == ("La rematrícula procede solo para vehículos cuya matrícula se canceló por hurto, pérdida "
                             "definitiva o desaparición documentada. La matrícula de ABC123 está cancelada por "
                             "solicitud titular.")
    assert fallo.fuente.startswith("Resolución 5721 de 2019 de Chía, trámite 24, descripción")


def test_t34_y_luego_t24_la_cancelacion_voluntaria_no_se_revierte() -> None:
    """R-40 end to end: a T-34 cancelación approved, then a T-24 rematrícula of the same vehicle is refused."""
    cancelado = caso_vehiculo(34, titular=DUENO, sujeto=vehiculo(DUENO)).aprobar().sujeto
    assert any(h.regla == "estado_matricula" for h in caso_vehiculo(24, titular=DUENO, sujeto=cancelado).fallidos())


def test_t24_vehiculo_activo_no_se_rematricula() -> None:
    """R-40: the rematrícula needs a cancelled matrícula."""
    fallo = bloqueo(caso_vehiculo(24, titular=DUENO, sujeto=vehiculo(DUENO)), "estado_matricula")
    assert "está activa" in fallo.mensaje


def test_t24_pide_orden_de_fiscalia_y_revisa_las_caracteristicas_previas() -> None:
    """R-32 (Fiscalía delivery order, required) and R-41 (pre-theft characteristics, an official's review)."""
    caso = caso_vehiculo(24, titular=DUENO, sujeto=_cancelado(CausaCancelacion.HURTO))
    revision = next(h for h in caso.hallazgos() if h.regla == "revisar")
    assert "características que tenía antes del hurto" in revision.mensaje and not revision.bloqueante
    caso.soportes = [s for s in caso.soportes if s.requisito != "orden_entrega_fiscalia"]
    (fallo,) = caso.fallidos()
    assert fallo.requisito == "orden_entrega_fiscalia"
    assert fallo.fuente == "Resolución 5721 de 2019 de Chía, trámite 24, requisito 1.e"


def test_t24_no_pide_retencion_en_la_fuente() -> None:
    """A-27: unlike T-10, the automotor rematrícula has no retención receipt."""
    assert caso_vehiculo(24, sujeto=_cancelado(CausaCancelacion.HURTO)).tramite.requisito("recibo_retencion") is None
