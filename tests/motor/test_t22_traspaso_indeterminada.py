"""T-22 Traspaso de propiedad a persona indeterminada de un vehículo automotor (seed 003 digest §2.3 T-22; R-26,
R-51, R-61, §6.2)."""

from __future__ import annotations

from domain.reglas import Resultado
from domain.vehiculos import EstadoMatricula
from tests.motor.escenarios import HOY, RegistrosEnMemoria, bloqueo, caso_vehiculo, persona, vehiculo

DUENO = persona("79111222", nombres="Jorge", apellidos="Rincón")
DATOS = {"fecha_perdida_posesion": "2023-08-14"}


def test_traspaso_a_indeterminada_libera_al_propietario() -> None:
    """Digest §6.2 T-22: the owner is released; the new owner is unknown (a link of the tradición without persona)."""
    caso = caso_vehiculo(22, DATOS, titular=DUENO, sujeto=vehiculo(DUENO))
    assert caso.fallidos() == []
    ap = caso.aprobar()
    assert ap.sujeto.propietarios == []
    assert [(p.persona_id, p.hasta) for p in ap.sujeto.tradicion] == [(DUENO.id, HOY), (None, None)]
    assert ap.sujeto.estado_matricula is EstadoMatricula.ACTIVA
    assert ap.sujeto.historia[-1].detalle == "Traspaso a persona indeterminada."


def test_declaracion_del_propietario_se_revisa_y_es_obligatoria() -> None:
    """R-51: the owner's signed statement (date, reasons, unknown whereabouts) is required and its content reviewed."""
    caso = caso_vehiculo(22, DATOS, titular=DUENO, sujeto=vehiculo(DUENO))
    revision = next(h for h in caso.hallazgos() if h.requisito == "declaracion_propietario"
                    and h.regla == "visible_en_soporte")
    assert revision.resultado is Resultado.REVISAR and "desconoce el paradero" in revision.mensaje
    caso.soportes = [s for s in caso.soportes if s.requisito != "declaracion_propietario"]
    fallo = next(h for h in caso.fallidos() if h.requisito == "declaracion_propietario")
    assert fallo.bloqueante and fallo.fuente == "Resolución 5721 de 2019 de Chía, trámite 22, requisito 1.e"


def test_quien_no_es_propietario_no_puede_declarar_la_perdida_de_posesion() -> None:
    """T-22 e: the statement is «suscrito por el propietario»; FN-V: the titular is the owner."""
    caso = caso_vehiculo(22, DATOS, sujeto=vehiculo(persona("52333444")))
    assert "no es propietario(a) inscrito(a)" in bloqueo(caso, "es_propietario").mensaje


def test_impuesto_vehicular_sin_pagar_bloquea() -> None:
    """R-61: a traspaso de propiedad checks the vehicle tax (Ley 488 de 1998, art. 148)."""
    caso = caso_vehiculo(22, DATOS, titular=DUENO, sujeto=vehiculo(DUENO),
                         registros=RegistrosEnMemoria().inscribir(DUENO))
    fallo = bloqueo(caso, "impuesto_al_dia")
    assert fallo.mensaje == f"El impuesto vehicular {HOY.year} del vehículo ABC123 no está pagado."
    assert "literal f (Ley 488 de 1998, art. 148" in fallo.fuente


def test_no_pide_improntas() -> None:
    """R-26 (reglas generales, literal l): the traspaso indeterminado is exempt from improntas."""
    assert caso_vehiculo(22).tramite.requisito("improntas") is None
