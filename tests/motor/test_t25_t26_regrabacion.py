"""T-25 regrabación de motor and T-26 regrabación de chasis o serial of a vehículo automotor (seed 003 digest §2.3;
R-27, R-31, R-42, D-JUD, D-REGRAB, §6.2)."""

from __future__ import annotations

import pytest

from domain.errores import DatoInvalido
from domain.vehiculos import CausaCancelacion
from tests.motor.escenarios import HOY, bloqueo, caso_vehiculo, persona, vehiculo

DUENO = persona("79111222", nombres="Jorge", apellidos="Rincón")


def test_t25_regrabacion_de_motor_queda_en_el_registro() -> None:
    """Digest §6.2 T-25: the motor number changes and the re-engraving is kept (old, new, reason, radicado)."""
    caso = caso_vehiculo(25, {"motivo": "deteriorado", "numero_nuevo": "M123456-RG"}, titular=DUENO,
                         sujeto=vehiculo(DUENO))
    assert caso.fallidos() == []
    ap = caso.aprobar()
    assert ap.sujeto.numero_motor == "M123456-RG"
    (r,) = ap.sujeto.regrabaciones
    assert (r.numero, r.anterior, r.nuevo, r.fecha, r.motivo, r.radicado) == (
        "motor", "M123456", "M123456-RG", HOY, "deteriorado", "MOV-2026-000123")
    assert ap.sujeto.historia[-1].detalle == "Regrabación del número de motor: M123456-RG."


def test_t25_deterioro_exige_las_improntas_de_la_revision_previa_y_posterior() -> None:
    """D-REGRAB / R-27: deterioro, daño or pérdida de los guarismos → improntas in both DIJIN inspections."""
    caso = caso_vehiculo(25, {"motivo": "perdida_plaqueta", "numero_nuevo": "M9"}, titular=DUENO,
                         sujeto=vehiculo(DUENO))
    caso.soportes = [s for s in caso.soportes if not s.requisito.startswith("improntas_revision")]
    faltan = sorted(h.requisito for h in caso.fallidos())
    assert faltan == ["improntas_revision_posterior", "improntas_revision_previa"]
    fallo = next(h for h in caso.fallidos() if h.requisito == "improntas_revision_previa")
    assert fallo.fuente == ("Resolución 5721 de 2019 de Chía, trámite 25, caso especial 5: improntas en la revisión "
                            "previa realizada por la DIJIN")


def test_t25_alteracion_no_pide_las_dos_revisiones_pero_si_la_dijin() -> None:
    """D-REGRAB decided: alteration is not «deterioro, daño o pérdida»; R-31 (the DIJIN revisión) always applies."""
    caso = caso_vehiculo(25, {"motivo": "alterado", "numero_nuevo": "M9"}, titular=DUENO, sujeto=vehiculo(DUENO))
    caso.soportes = [s for s in caso.soportes if not s.requisito.startswith("improntas_revision")]
    assert caso.fallidos() == []
    caso.soportes = [s for s in caso.soportes if s.requisito != "revision_dijin"]
    assert [h.requisito for h in caso.fallidos()] == ["revision_dijin"]


def test_t25_decision_judicial_exige_el_original_de_la_decision() -> None:
    """D-JUD (special case 4): a re-engraving by decisión judicial needs the original decision."""
    caso = caso_vehiculo(25, {"motivo": "decision_judicial", "numero_nuevo": "M9"}, titular=DUENO,
                         sujeto=vehiculo(DUENO))
    caso.soportes = [s for s in caso.soportes if s.requisito != "decision_judicial"]
    (fallo,) = caso.fallidos()
    assert fallo.requisito == "decision_judicial"
    assert fallo.fuente == ("Resolución 5721 de 2019 de Chía, trámite 25, caso especial 4: regrabación por decisión "
                            "judicial")


def test_t25_motivo_fuera_de_la_norma_se_rechaza() -> None:
    """R-42: only the reasons of the description (deterioro, alteración, lectura, plaqueta, decisión judicial)."""
    caso = caso_vehiculo(25, {"motivo": "gusto_personal", "numero_nuevo": "M9"}, titular=DUENO,
                         sujeto=vehiculo(DUENO))
    with pytest.raises(DatoInvalido, match="Motivo de la regrabación"):
        caso.evaluacion()


@pytest.mark.parametrize(("numero", "atributo", "anterior"), [("chasis", "numero_chasis", "C987654"),
                                                              ("serie", "numero_serie", "S0001")])
def test_t26_regraba_el_chasis_o_el_serial_que_se_indica(numero: str, atributo: str, anterior: str) -> None:
    """Digest §6.2 T-26 (D-SERIAL): the number named in the filing is re-engraved; the other one stays."""
    v = vehiculo(DUENO, numero_serie="S0001")
    caso = caso_vehiculo(26, {"motivo": "lectura_dificil", "numero_nuevo": "RG-777", "numero_regrabado": numero},
                         titular=DUENO, sujeto=v)
    assert caso.fallidos() == []
    ap = caso.aprobar()
    assert getattr(ap.sujeto, atributo) == "RG-777"
    assert [(r.numero, r.anterior) for r in ap.sujeto.regrabaciones] == [(numero, anterior)]
    otro = "numero_serie" if atributo == "numero_chasis" else "numero_chasis"
    assert getattr(ap.sujeto, otro) == ("S0001" if otro == "numero_serie" else "C987654")


def test_t26_matricula_cancelada_no_se_regraba() -> None:
    """Block vehiculo_activo: the re-engraving is recorded on an active matrícula."""
    v = vehiculo(DUENO)
    v.cancelar(CausaCancelacion.HURTO)
    caso = caso_vehiculo(26, {"motivo": "alterado", "numero_nuevo": "X", "numero_regrabado": "chasis"},
                         titular=DUENO, sujeto=v)
    fallo = bloqueo(caso, "estado_matricula")
    assert fallo.mensaje == ("El trámite requiere una matrícula activa en este organismo. La matrícula de ABC123 está "
                             "cancelada por hurto.")
    assert fallo.fuente == "Resolución 5721 de 2019 de Chía, trámite 26"
