"""T-35 cambio de servicio (taxi público → particular), coupled with T-38 cambio de color, and T-36 cambio de placas
(seed 003 digest §2.3; R-45, R-46, R-47, R-49, §6.2, §6.3)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errores import DatoInvalido, TransicionInvalida
from domain.motor.evaluador import evaluar
from domain.reglas import Resultado
from domain.vehiculos import Servicio, TarjetaOperacion, Vehiculo
from tests.motor.escenarios import HOY, bloqueo, caso_vehiculo, persona, vehiculo

DUENO = persona("79111222", nombres="Jorge", apellidos="Rincón")
CON_COLOR = (("CHIA-T38", "radicada"),)


def _taxi(expedida: date = date(2019, 5, 2)) -> Vehiculo:
    return vehiculo(DUENO, servicio=Servicio.PUBLICO, color="Amarillo",
                    tarjeta_operacion=TarjetaOperacion("TO-2019-0456", expedida, "Taxis La Sabana S.A.S."))


# -- T-35 cambio de servicio ------------------------------------------------------------------------------------------
def test_t35_el_dia_en_que_cumple_cinco_anios_el_taxi_pasa_a_particular() -> None:
    """R-45 boundary: tarjeta de operación issued 17 March 2021, today 17 March 2026 — five years are met."""
    caso = caso_vehiculo(35, titular=DUENO, sujeto=_taxi(date(2021, 3, 17)), tramites_del_sujeto=CON_COLOR)
    assert date(2026, 3, 17) == HOY and caso.fallidos() == []
    ap = caso.aprobar()
    assert (ap.sujeto.servicio, ap.sujeto.tarjeta_operacion) == (Servicio.PARTICULAR, None)
    assert [a.detalle for a in ap.sujeto.historia] == [
        "Cambio de servicio a particular.",
        "Entrega de las placas de servicio público y de la tarjeta de operación; se asignan placas de servicio "
        "particular."]


def test_t35_un_dia_antes_de_los_cinco_anios_no_procede() -> None:
    """R-45 boundary: tarjeta issued 18 March 2021 — on 17 March 2026 the five years are not yet met."""
    caso = caso_vehiculo(35, titular=DUENO, sujeto=_taxi(date(2021, 3, 18)), tramites_del_sujeto=CON_COLOR)
    (fallo,) = caso.fallidos()
    assert fallo.bloqueante and fallo.mensaje == ("El taxi no ha cumplido cinco (5) años en el servicio contados a "
                                                  "partir de la expedición de la tarjeta de operación.")
    assert fallo.fuente == ("Resolución 5721 de 2019 de Chía, trámite 35, descripción: cinco (5) años en el servicio "
                            "contados a partir de la expedición de la tarjeta de operación")


def test_t35_solo_para_taxis_de_servicio_publico() -> None:
    """R-45: only a vehículo tipo taxi (público, with tarjeta de operación) changes from público to particular."""
    (fallo,) = caso_vehiculo(35, titular=DUENO, sujeto=vehiculo(DUENO), tramites_del_sujeto=CON_COLOR).fallidos()
    assert fallo.regla == "condicion" and "tipo taxi de servicio público" in fallo.mensaje


def test_t35_sin_el_cambio_de_color_no_se_aprueba() -> None:
    """R-46 / §6.3: the cambio de color (T-38) must be filed with the cambio de servicio."""
    fallo = bloqueo(caso_vehiculo(35, titular=DUENO, sujeto=_taxi()), "tramite_asociado")
    assert fallo.mensaje == ("El cambio de servicio de un taxi a particular exige radicar también el cambio de color "
                             "del vehículo (trámite 38).")
    assert fallo.fuente.startswith("Resolución 5721 de 2019 de Chía, trámite 38, descripción")


def test_t35_tarjeta_de_operacion_original_y_placas_al_entregar() -> None:
    """T-35 f–h: original licencia de tránsito and tarjeta de operación; the público plates at delivery (D-PLACAS)."""
    caso = caso_vehiculo(35, titular=DUENO, sujeto=_taxi(), tramites_del_sujeto=CON_COLOR)
    originales = {h.requisito for h in caso.hallazgos() if h.regla == "original"}
    assert {"licencia_transito", "tarjeta_operacion", "improntas"} <= originales
    caso.soportes = [s for s in caso.soportes if s.requisito != "placas_servicio_publico"]
    assert caso.fallidos() == []
    assert [h.requisito for h in evaluar(caso.evaluacion(), al_entregar=True)
            if h.resultado is Resultado.NO_CUMPLE] == ["placas_servicio_publico"]


def test_t35_con_t38_el_taxi_queda_particular_y_de_otro_color() -> None:
    """§6.3 T-35 → T-38: both approved on the same vehicle — servicio particular and the new colour."""
    v = caso_vehiculo(38, {"color_nuevo": "Gris plata"}, titular=DUENO, sujeto=_taxi()).aprobar().sujeto
    v = caso_vehiculo(35, titular=DUENO, sujeto=v, tramites_del_sujeto=(("CHIA-T38", "aprobada"),)).aprobar().sujeto
    assert (v.servicio, v.color) == (Servicio.PARTICULAR, "Gris plata")


# -- T-38 cambio de color ---------------------------------------------------------------------------------------------
def test_t38_cambio_de_color() -> None:
    """Digest §6.2 T-38: the colour changes; history line."""
    caso = caso_vehiculo(38, {"color_nuevo": "Azul"}, titular=DUENO, sujeto=vehiculo(DUENO))
    assert caso.fallidos() == []
    ap = caso.aprobar()
    assert ap.sujeto.color == "Azul"
    assert ap.sujeto.historia[-1].detalle == "Cambio de color a «Azul»."


def test_t38_faltando_una_de_las_cuatro_fotografias() -> None:
    """R-49: four current colour photos (frente, atrás, costado derecho, costado izquierdo); a missing one is named."""
    caso = caso_vehiculo(38, {"color_nuevo": "Azul"}, titular=DUENO, sujeto=vehiculo(DUENO))
    fotos = [r.codigo for r in caso.tramite.requisitos if r.codigo.startswith("foto_")]
    assert fotos == ["foto_frente", "foto_atras", "foto_costado_derecho", "foto_costado_izquierdo"]
    caso.soportes = [s for s in caso.soportes if s.requisito != "foto_costado_izquierdo"]
    (fallo,) = caso.fallidos()
    assert fallo.mensaje == "Falta el soporte: Fotografía actual a color del vehículo: costado izquierdo."
    assert fallo.bloqueante and fallo.fuente == "Resolución 5721 de 2019 de Chía, trámite 38, requisito 1.e"


def test_t38_el_mismo_color_no_es_un_cambio() -> None:
    """T-38: the effect refuses a «change» to the colour the vehicle already has."""
    caso = caso_vehiculo(38, {"color_nuevo": "Blanco"}, titular=DUENO, sujeto=vehiculo(DUENO))
    with pytest.raises(TransicionInvalida, match="ya tiene color «Blanco»"):
        caso.aprobar()


# -- T-36 cambio de placas --------------------------------------------------------------------------------------------
def test_t36_cambio_de_placas_guarda_la_anterior() -> None:
    """Digest §6.2 T-36: the plate is replaced; the previous one is kept in the record."""
    caso = caso_vehiculo(36, {"motivo": "vigencias_anteriores", "placa_nueva": "ghi-789"}, titular=DUENO,
                         sujeto=vehiculo(DUENO))
    assert caso.fallidos() == []
    ap = caso.aprobar()
    assert (ap.sujeto.placa, ap.sujeto.placas_anteriores) == ("GHI789", ["ABC123"])
    assert ap.sujeto.historia[-1].detalle == "Cambio de placas: ABC123 por GHI789."


def test_t36_motivo_fuera_de_la_norma_se_rechaza() -> None:
    """R-47: only «por clasificación» or «porta placas de vigencias anteriores»."""
    caso = caso_vehiculo(36, {"motivo": "me_gusta_otra", "placa_nueva": "GHI789"}, titular=DUENO,
                         sujeto=vehiculo(DUENO))
    with pytest.raises(DatoInvalido, match="Motivo del cambio de placas"):
        caso.evaluacion()


@pytest.mark.parametrize(("placa", "mensaje"), [
    ("GHI78K", "La placa «GHI78K» no corresponde a un vehículo de clase automotor."),
    ("ABC123", "La placa ABC123 es la que el vehículo ya tiene."),
])
def test_t36_placa_nueva_invalida_bloquea(placa: str, mensaje: str) -> None:
    """T-36: the new plate fits the vehicle's class and differs from the current one."""
    caso = caso_vehiculo(36, {"motivo": "clasificacion", "placa_nueva": placa}, titular=DUENO, sujeto=vehiculo(DUENO))
    fallo = bloqueo(caso, "placa_de_la_clase")
    assert fallo.mensaje == mensaje and fallo.fuente == "Resolución 5721 de 2019 de Chía, trámite 36"
