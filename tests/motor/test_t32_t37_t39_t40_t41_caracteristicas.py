"""Changes of characteristics of a vehículo automotor: T-32 gas natural, T-37 motor, T-39 carrocería, T-40 blindaje,
T-41 desmonte de blindaje (seed 003 digest §2.3; R-25, R-26, R-48, R-50, A-27, §6.2)."""

from __future__ import annotations

from domain.reglas import Resultado
from domain.vehiculos import ClaseVehiculo
from tests.motor.escenarios import HOY, bloqueo, caso_vehiculo, persona, soporte, vehiculo

DUENO = persona("79111222", nombres="Jorge", apellidos="Rincón")


# -- T-32 conversión a gas natural -----------------------------------------------------------------------------------
def test_t32_conversion_registra_el_gas_natural() -> None:
    """Digest §6.2 T-32: the fuel characteristic becomes gas natural; history line."""
    caso = caso_vehiculo(32, titular=DUENO, sujeto=vehiculo(DUENO))
    assert caso.fallidos() == []
    ap = caso.aprobar()
    assert ap.sujeto.combustible == "gas_natural"
    assert ap.sujeto.historia[-1].detalle == "Cambio de combustible a «gas natural»."  # the code stays in the record


def test_t32_vehiculo_ya_convertido_bloquea() -> None:
    """T-32: a vehicle already on gas natural has nothing to legalise."""
    fallo = bloqueo(caso_vehiculo(32, titular=DUENO, sujeto=vehiculo(DUENO, combustible="gas_natural")), "condicion")
    assert fallo.mensaje == "El vehículo ya figura convertido a gas natural vehicular."
    assert fallo.fuente == "Resolución 5721 de 2019 de Chía, trámite 32"


def test_t32_improntas_se_cotejan_con_el_registro_inicial() -> None:
    """R-25 / R-26: original improntas, checked against those of the registro inicial (an official's review)."""
    hallazgos = caso_vehiculo(32, titular=DUENO, sujeto=vehiculo(DUENO)).hallazgos()
    revisiones = [h for h in hallazgos if h.requisito == "improntas" and h.resultado is Resultado.REVISAR]
    assert {h.regla for h in revisiones} == {"original", "visible_en_soporte"}
    assert any("registro inicial" in h.mensaje for h in revisiones)


# -- T-37 cambio de motor -------------------------------------------------------------------------------------------
def test_t37_cambio_de_motor_reemplaza_el_numero_sin_regrabacion() -> None:
    """Digest §6.2 T-37: the motor is replaced (a new motor, not a re-engraving of the old one)."""
    caso = caso_vehiculo(37, {"numero_motor_nuevo": "K4M-998877"}, titular=DUENO, sujeto=vehiculo(DUENO))
    assert caso.fallidos() == []
    ap = caso.aprobar()
    assert (ap.sujeto.numero_motor, ap.sujeto.regrabaciones) == ("K4M-998877", [])
    assert ap.sujeto.historia[-1].detalle == "Cambio de motor a «K4M-998877»."


def test_t37_sin_factura_del_motor_no_se_radica() -> None:
    """R-48 (T-37 e): the purchase invoice of the substitute motor is required."""
    caso = caso_vehiculo(37, {"numero_motor_nuevo": "K4M-998877"}, titular=DUENO, sujeto=vehiculo(DUENO))
    caso.soportes = [s for s in caso.soportes if s.requisito != "factura_motor"]
    (fallo,) = caso.fallidos()
    assert fallo.requisito == "factura_motor" and fallo.bloqueante
    assert fallo.mensaje == "Falta el soporte: Factura de compraventa del motor sustituto."
    assert fallo.fuente == "Resolución 5721 de 2019 de Chía, trámite 37, requisito 1.e"


def test_t37_no_pide_improntas_ni_dijin() -> None:
    """A-27 decided: the manual asks neither improntas nor a DIJIN inspection for a motor change."""
    t = caso_vehiculo(37).tramite
    assert t.requisito("improntas") is None and t.requisito("revision_dijin") is None


# -- T-39 cambio de carrocería ----------------------------------------------------------------------------------------
def test_t39_cambio_de_carroceria() -> None:
    """Digest §6.2 T-39: the carrocería changes; history line."""
    caso = caso_vehiculo(39, {"carroceria_nueva": "Furgón"}, titular=DUENO,
                         sujeto=vehiculo(DUENO, carroceria="Estacas"))
    assert caso.fallidos() == []
    ap = caso.aprobar()
    assert ap.sujeto.carroceria == "Furgón"
    assert ap.sujeto.historia[-1].detalle == "Cambio de carrocería a «Furgón»."


def test_t39_procedencia_con_un_documento_que_no_es_factura_ni_contrato() -> None:
    """T-39 e: the origin of the carrocería is proved by a factura de compra or a contrato de compraventa."""
    caso = caso_vehiculo(39, {"carroceria_nueva": "Furgón"}, titular=DUENO, sujeto=vehiculo(DUENO))
    caso.soportes = [*(s for s in caso.soportes if s.requisito != "procedencia_carroceria"),
                     soporte("procedencia_carroceria", HOY, "cotizacion")]
    (fallo,) = caso.fallidos()
    assert (fallo.requisito, fallo.regla) == ("procedencia_carroceria", "subtipo_admitido")
    assert "use «factura_compra» o «contrato_compraventa»" in fallo.mensaje


def test_t39_no_aplica_a_motocicletas() -> None:
    """T-39: a carrocería is a structure on a chassis for people or cargo — automotores only, not motorcycles."""
    moto = vehiculo(DUENO, placa="XYZ12F", clase=ClaseVehiculo.MOTOCICLETA, cilindraje=150)
    fallo = bloqueo(caso_vehiculo(39, {"carroceria_nueva": "Furgón"}, titular=DUENO, sujeto=moto), "sujeto")
    assert fallo.mensaje == "Este trámite es para vehículos de clase automotor; el vehículo es motocicleta."


# -- T-40 / T-41 blindaje --------------------------------------------------------------------------------------------
def test_t40_blindaje_y_t41_desmonte() -> None:
    """Digest §6.2 T-40 / T-41: blindado true, then false; both written in the history."""
    blindado = caso_vehiculo(40, titular=DUENO, sujeto=vehiculo(DUENO)).aprobar().sujeto
    assert blindado.blindado is True
    caso = caso_vehiculo(41, titular=DUENO, sujeto=blindado)
    assert caso.fallidos() == []
    v = caso.aprobar().sujeto
    assert v.blindado is False
    assert [a.detalle for a in v.historia] == ["Cambio de blindaje a «sí».", "Cambio de blindaje a «no»."]


def test_t40_exige_resolucion_y_certificado_originales() -> None:
    """R-50: the SuperVigilancia resolution and the armouring company's certificate, both originals."""
    caso = caso_vehiculo(40, titular=DUENO, sujeto=vehiculo(DUENO))
    originales = {h.requisito for h in caso.hallazgos() if h.regla == "original"}
    assert {"resolucion_blindaje", "certificado_blindadora", "improntas"} <= originales
    assert "licencia_transito" not in originales  # not qualified as original
    caso.soportes = [s for s in caso.soportes if s.requisito != "certificado_blindadora"]
    (fallo,) = caso.fallidos()
    assert fallo.fuente == "Resolución 5721 de 2019 de Chía, trámite 40, requisito 1.f"


def test_t40_vehiculo_ya_blindado_bloquea() -> None:
    """T-40: the registry already records the armour."""
    fallo = bloqueo(caso_vehiculo(40, titular=DUENO, sujeto=vehiculo(DUENO, blindado=True)), "condicion")
    assert fallo.mensaje == "El vehículo ya figura como blindado en el registro."


def test_t41_sin_blindaje_no_hay_desmonte() -> None:
    """T-41: only an armoured vehicle can have its armour removed."""
    fallo = bloqueo(caso_vehiculo(41, titular=DUENO, sujeto=vehiculo(DUENO)), "condicion")
    assert fallo.mensaje.startswith("El vehículo no figura como blindado")
    assert fallo.fuente == "Resolución 5721 de 2019 de Chía, trámite 41"


def test_t41_no_pide_licencia_de_transito() -> None:
    """A-27 decided: T-41 lacks the licencia de tránsito T-40 asks for; the text is followed."""
    assert caso_vehiculo(41).tramite.requisito("licencia_transito") is None
    assert caso_vehiculo(40).tramite.requisito("licencia_transito") is not None
