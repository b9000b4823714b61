"""T-30 … T-42 of the vehículos automotores through the partner API (issue 8 §6; the engine's cases in
tests/motor/test_t30_t31_t33…, test_t32_t37_t39_t40_t41…, test_t35_t36_t38…, test_t24_t34…, test_t23_t42…:
seed 003 digest §2.3 (AUTO), §6.1, §6.2, §6.3)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from domain.solicitudes import Solicitud
from domain.vehiculos import CausaCancelacion, EstadoMatricula, Servicio, TarjetaOperacion, Vehiculo
from tests.api_tramites.casos import (
    Cambio,
    Escenario,
    Verificar,
    con_multa,
    ids,
    probar_aceptado,
    probar_rechazado,
    sin,
    su_vehiculo,
    vehiculo_de,
)
from tests.api_tramites.conftest import HOY, NORMA, ORGANISMO, Mundo, Radicacion
from tests.api_tramites.test_t13_t19_remolques import _certificado

_auto = su_vehiculo


def _historia(detalle: str) -> Verificar:
    def verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
        v = vehiculo_de(m, s)
        assert (v.placa, v.historia[-1].detalle) == (r.vehiculo.placa, detalle)
    return verificar


def _cambia(atributo: str, valor: object) -> Verificar:
    """The characteristic changed, and nothing else of the record but the history line."""
    def verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
        v = vehiculo_de(m, s)
        assert getattr(r.vehiculo, atributo) != valor and getattr(v, atributo) == valor
        antes = {k: x for k, x in vars(r.vehiculo).items() if k not in (atributo, "historia", "version")}
        assert {k: x for k, x in vars(v).items() if k not in (atributo, "historia", "version")} == antes
    return verificar


# -- T-33 certificado de tradición (a third party, a cancelled vehicle) ----------------------------------------------
def _t33(m: Mundo, runt: bool = True) -> Radicacion:
    dueno = m.persona(nombres="Jorge", apellidos="Rincón")
    v = m.vehiculo(dueno, preparar=lambda v: v.cancelar(CausaCancelacion.HURTO))
    return Radicacion(33, {"titular": m.persona(nombres="Paula", apellidos="Díaz", runt=runt)}, {}, v)


# -- T-34 cancelación ----------------------------------------------------------------------------------------------
def _t34_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    v = vehiculo_de(m, s)
    assert (v.estado_matricula, v.causa_cancelacion) == (EstadoMatricula.CANCELADA, CausaCancelacion.SOLICITUD_TITULAR)
    assert v.historia[-1].detalle == "Cancelación de la matrícula por solicitud titular."


# -- T-35 cambio de servicio (coupled with T-38, filed first through the API) -----------------------------------------
def _taxi(expedida: date) -> Cambio:
    def publico(v: Vehiculo) -> None:
        v.servicio, v.color = Servicio.PUBLICO, "Amarillo"
        v.tarjeta_operacion = TarjetaOperacion("TO-2019-0456", expedida, "Taxis La Sabana S.A.S.")
    return publico


def _t35(m: Mundo, con_color: bool = True) -> Radicacion:
    """R-45 boundary: the tarjeta de operación was issued five years ago today; R-46: the cambio de color (T-38) is
    filed first for the same taxi, so the registry of solicitudes shows it."""
    r = _auto(35, preparar=_taxi(date(2021, 3, 17)))(m)
    if con_color:
        color = Radicacion(38, r.partes, {"color_nuevo": "Gris plata"}, r.vehiculo)
        assert m.radicar(color)["__typename"] == "RadicarSolicitudOk"
    return r


def _t35_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    v = vehiculo_de(m, s)
    assert (v.servicio, v.tarjeta_operacion, v.color) == (Servicio.PARTICULAR, None, "Amarillo")
    assert [a.detalle for a in v.historia[-2:]] == [
        "Cambio de servicio a particular.",
        "Entrega de las placas de servicio público y de la tarjeta de operación; se asignan placas de servicio "
        "particular."]


# -- T-36 cambio de placas -------------------------------------------------------------------------------------------
def _t36(m: Mundo, la_misma: bool = False) -> Radicacion:
    """The new plate as a person types it (lower case, with a dash); or the plate the vehicle already has."""
    r = _auto(36, {"motivo": "vigencias_anteriores"})(m)
    nueva = r.vehiculo.placa if la_misma else m.placa()
    r.datos["placa_nueva"] = f"{nueva[:3].lower()}-{nueva[3:]}"
    return r


def _t39_cotizacion(m: Mundo) -> Radicacion:
    """T-39 e: the carrocería's origin proved by a quotation, not a factura or contrato."""
    r = _auto(39, {"carroceria_nueva": "Furgón"})(m)
    return replace(r, subtipos={"procedencia_carroceria": "cotizacion"})


def _t36_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    """§6.2: the plate replaced, the previous one kept; the registry finds the vehicle by its new plate only."""
    nueva = str(r.datos["placa_nueva"]).replace("-", "").upper()
    v = vehiculo_de(m, s)
    assert (v.placa, v.placas_anteriores) == (nueva, [r.vehiculo.placa])
    assert m.por_placa(nueva) == v and m.por_placa(r.vehiculo.placa) is None
    assert s.datos["placa_nueva"] == nueva


# -- T-42 radicación -------------------------------------------------------------------------------------------------
def _de_bogota(hacia: str) -> Cambio:
    def en_traslado(v: Vehiculo) -> None:
        v.organismo = "TRANSITO-BOGOTA"
        v.iniciar_traslado(hacia, HOY - timedelta(days=10))
    return en_traslado


def _t42_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    v = vehiculo_de(m, s)
    assert (v.estado_matricula, v.organismo, v.organismo_destino, v.traslado_iniciado_en) == (
        EstadoMatricula.ACTIVA, ORGANISMO, None, None)
    assert v.historia[-1].detalle == f"Radicación de la matrícula en {ORGANISMO}."


ESCENARIOS = [
    Escenario(30, _auto(30, {"motivo": "deterioro"}), _historia(
        "Duplicado de placas por deterioro o destrucción; las placas anteriores se entregan al recibir las nuevas."),
              lambda m: con_multa(m, _auto(30, {"motivo": "deterioro"})(m)), "1 multa(s) pendiente(s) por $468.500",
              f"{NORMA}, trámite 30, requisito 1.c: paz y salvo por multas de tránsito"),
    Escenario(31, _auto(31, {"motivo": "hurto"}), _historia("Duplicado de la licencia de tránsito por hurto."),
              lambda m: con_multa(m, _auto(31, {"motivo": "perdida"})(m)), "1 multa(s) pendiente(s) por $468.500",
              f"{NORMA}, trámite 31, requisito 1.c: paz y salvo por multas de tránsito"),
    Escenario(32, _auto(32), _cambia("combustible", "gas_natural"), _auto(32, combustible="gas_natural"),
              "El vehículo ya figura convertido a gas natural vehicular", f"{NORMA}, trámite 32"),
    Escenario(33, _t33, _certificado, lambda m: _t33(m, runt=False), "No está inscrito en el RUNT: Paula Díaz",
              f"{NORMA}, trámite 33, requisito 1.a"),
    Escenario(34, _auto(34), _t34_verificar, lambda m: sin(_auto(34)(m), "revision_dijin"),
              "Falta el soporte", f"{NORMA}, trámite 34: documento original de la revisión técnica obligatoria"),
    Escenario(35, _t35, _t35_verificar, lambda m: _t35(m, con_color=False),
              "exige radicar también el cambio de color del vehículo (trámite 38)",
              f"{NORMA}, trámite 38, descripción"),
    Escenario(36, _t36, _t36_verificar, lambda m: _t36(m, la_misma=True),
              "es la que el vehículo ya tiene", f"{NORMA}, trámite 36"),
    Escenario(37, _auto(37, {"numero_motor_nuevo": "K4M-998877"}), _cambia("numero_motor", "K4M-998877"),
              lambda m: sin(_auto(37, {"numero_motor_nuevo": "K4M-998877"})(m), "factura_motor"),
              "Falta el soporte: Factura de compraventa del motor sustituto", f"{NORMA}, trámite 37, requisito 1.e"),
    Escenario(38, _auto(38, {"color_nuevo": "Azul"}), _cambia("color", "Azul"),
              lambda m: sin(_auto(38, {"color_nuevo": "Azul"})(m), "foto_costado_izquierdo"),
              "Falta el soporte: Fotografía actual a color del vehículo: costado izquierdo",
              f"{NORMA}, trámite 38, requisito 1.e"),
    Escenario(39, _auto(39, {"carroceria_nueva": "Furgón"}, carroceria="Estacas"), _cambia("carroceria", "Furgón"),
              _t39_cotizacion,
              "use «factura_compra» o «contrato_compraventa»", f"{NORMA}, trámite 39"),
    Escenario(40, _auto(40), _cambia("blindado", True), _auto(40, blindado=True),
              "El vehículo ya figura como blindado en el registro", f"{NORMA}, trámite 40"),
    Escenario(41, _auto(41, blindado=True), _cambia("blindado", False), _auto(41),
              "El vehículo no figura como blindado", f"{NORMA}, trámite 41"),
    Escenario(42, _auto(42, preparar=_de_bogota(ORGANISMO)), _t42_verificar,
              _auto(42, preparar=_de_bogota("TRANSITO-CALI")),
              "Solo se radica en Chía una matrícula que el organismo de tránsito de origen",
              f"{NORMA}, trámite 42, descripción"),
]


@pytest.mark.parametrize("escenario", ESCENARIOS, ids=ids(ESCENARIOS))
def test_aceptado_y_aprobado_queda_en_el_registro(mundo: Mundo, escenario: Escenario) -> None:
    probar_aceptado(mundo, escenario)


@pytest.mark.parametrize("escenario", ESCENARIOS, ids=ids(ESCENARIOS))
def test_rechazado_cita_la_norma_y_no_guarda_nada(mundo: Mundo, escenario: Escenario) -> None:
    probar_rechazado(mundo, escenario)
