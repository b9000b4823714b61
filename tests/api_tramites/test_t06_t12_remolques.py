"""T-6 … T-12 of the remolques y semirremolques through the partner API (issue 8 §6; the engine's cases in
tests/motor/test_t06_t09_remolques.py and test_t10_t14_remolques.py: seed 003 digest §2.3 «Remolques», §6.1, §6.2)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from domain.solicitudes import Solicitud
from domain.vehiculos import CausaCancelacion, ClaseVehiculo, EstadoMatricula
from tests.api_tramites.casos import (
    Escenario,
    Preparar,
    cancelado,
    con_multa,
    de_otro,
    ids,
    probar_aceptado,
    probar_rechazado,
    sin,
    su_vehiculo,
    vehiculo_de,
)
from tests.api_tramites.conftest import HOY, NORMA, ORGANISMO, Mundo, Radicacion

REMOLQUE, SEMIRREMOLQUE = ClaseVehiculo.REMOLQUE, ClaseVehiculo.SEMIRREMOLQUE


def _remolque(numero: int, datos: dict[str, Any] | None = None, clase: ClaseVehiculo = REMOLQUE,
              **cambios: Any) -> Preparar:
    return su_vehiculo(numero, datos, clase, **cambios)


# -- T-6 duplicado de placa ---------------------------------------------------------------------------------------
def _t06_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    """§6.2: the duplicate is written in the history; the plate stays."""
    v = vehiculo_de(m, s)
    assert v.placa == r.vehiculo.placa and v.historia[-1].detalle == "Expedición del duplicado de la placa."


# -- T-7 inscripción de gravamen -----------------------------------------------------------------------------------
_GRAVAMEN = {"tipo_gravamen": "prenda", "beneficiario": "Banco de Occidente", "documento_gravamen": "Contrato 45"}


def _t07_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    """§6.2: the gravamen is added with its beneficiary, document and the radicado that inscribed it."""
    [g] = vehiculo_de(m, s).gravamenes_vigentes()
    assert (g.tipo, g.beneficiario, g.documento, g.inscrito_en, g.radicado) == (
        "prenda", "Banco de Occidente", "Contrato 45", HOY, s.radicado)


# -- T-8 traspaso ---------------------------------------------------------------------------------------------------
def _t08(m: Mundo) -> Radicacion:
    vendedor = m.persona(nombres="Jorge", apellidos="Rincón")
    comprador = m.persona(nombres="Paula", apellidos="Díaz")
    return Radicacion(8, {"titular": comprador, "vendedor": vendedor, "comprador": comprador},
                      {"motivo": "compraventa", "valor_venta": "18000000"}, m.vehiculo(vendedor, REMOLQUE))


def _t08_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    """§6.2: the buyer is the owner; the tradición closes the seller's link on the approval date."""
    v = vehiculo_de(m, s)
    vendedor, comprador = r.partes["vendedor"], r.partes["comprador"]
    assert v.propietarios == [comprador.id]
    assert [(p.persona_id, p.hasta) for p in v.tradicion] == [(vendedor.id, HOY), (comprador.id, None)]
    assert v.tradicion[-1].radicado == s.radicado


# -- T-9 traslado ---------------------------------------------------------------------------------------------------
_DESTINO = "Secretaría Distrital de Movilidad de Bogotá"


def _t09_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    """§6.1: ACTIVA → EN_TRASLADO toward the destination; the matrícula stays here until it is radicada there."""
    v = vehiculo_de(m, s)
    assert (v.estado_matricula, v.organismo_destino, v.traslado_iniciado_en, v.organismo) == (
        EstadoMatricula.EN_TRASLADO, _DESTINO, HOY, ORGANISMO)


# -- T-10 rematrícula -----------------------------------------------------------------------------------------------
def _t10_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    """§6.1: CANCELADA (hurto) → ACTIVA, the cause cleared, the owner kept."""
    v = vehiculo_de(m, s)
    assert (v.estado_matricula, v.causa_cancelacion, v.propietarios) == (EstadoMatricula.ACTIVA, None, [r.titular.id])
    assert v.historia[-1].detalle == "Rematrícula del vehículo recuperado."


# -- T-11 / T-12 regrabaciones --------------------------------------------------------------------------------------
def _t11_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    """§6.2: the chassis number is re-engraved; the record keeps the previous one (A-06)."""
    v = vehiculo_de(m, s)
    [g] = v.regrabaciones
    assert (g.numero, g.anterior, g.nuevo, g.motivo, g.radicado) == (
        "chasis", "C987654", "C987654-R", "ilegible", s.radicado)
    assert v.numero_chasis == "C987654-R"


def _t12_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    v = vehiculo_de(m, s)
    assert (v.numero_serie, v.regrabaciones[0].numero, v.regrabaciones[0].anterior) == ("SER-001-R", "serie", "SER-001")


ESCENARIOS = [
    Escenario(6, _remolque(6, {"motivo": "hurto"}, SEMIRREMOLQUE), _t06_verificar,
              lambda m: de_otro(m, _remolque(6, {"motivo": "deterioro"}, SEMIRREMOLQUE)(m)),
              "no es propietario(a) inscrito(a)",
              f"{NORMA}, trámite 6, nota al pie: el propietario o titular del derecho realiza el trámite"),
    Escenario(7, _remolque(7, _GRAVAMEN, SEMIRREMOLQUE), _t07_verificar,
              lambda m: sin(_remolque(7, _GRAVAMEN)(m), "tarjeta_registro"),
              "Falta el soporte: Tarjeta de registro", f"{NORMA}, trámite 7: documento original de la tarjeta"),
    Escenario(8, _t08, _t08_verificar, lambda m: con_multa(m, _t08(m), "vendedor"),
              "Jorge Rincón tiene 1 multa(s) pendiente(s)",
              f"{NORMA}, trámite 8, requisito 1.c: el vendedor y el comprador deben encontrarse a paz y salvo"),
    Escenario(9, _remolque(9, {"organismo_destino": _DESTINO}), _t09_verificar,
              lambda m: sin(_remolque(9, {"organismo_destino": _DESTINO})(m), "improntas"),
              "Falta el soporte: Improntas", f"{NORMA}, trámite 9, requisito 1.e"),
    Escenario(10, _remolque(10, numero_serie="SER-001", preparar=cancelado(CausaCancelacion.HURTO)),
              _t10_verificar, _remolque(10, preparar=cancelado(CausaCancelacion.SOLICITUD_TITULAR)),
              "La rematrícula opera solo para remolques y semirremolques recuperados",
              f"{NORMA}, trámite 10, caso especial 7"),
    Escenario(11, _remolque(11, {"motivo": "ilegible", "numero_nuevo": "C987654-R"}), _t11_verificar,
              lambda m: sin(_remolque(11, {"motivo": "decision_judicial", "numero_nuevo": "C1"})(m),
                            "decision_judicial"),
              "Falta el soporte: Decisión judicial que ordena o autoriza la regrabación",
              f"{NORMA}, trámite 11, caso especial 4: regrabación por decisión judicial"),
    Escenario(12, _remolque(12, {"motivo": "deteriorado", "numero_nuevo": "SER-001-R"}, numero_serie="SER-001"),
              _t12_verificar,
              lambda m: sin(_remolque(12, {"motivo": "alterado", "numero_nuevo": "SER-9"})(m), "tarjeta_registro"),
              "Falta el soporte: Tarjeta de registro del remolque o semirremolque",
              f"{NORMA}, trámite 12: documento original de la tarjeta de registro nacional de remolques"),
]


@pytest.mark.parametrize("escenario", ESCENARIOS, ids=ids(ESCENARIOS))
def test_aceptado_y_aprobado_queda_en_el_registro(mundo: Mundo, escenario: Escenario) -> None:
    probar_aceptado(mundo, escenario)


@pytest.mark.parametrize("escenario", ESCENARIOS, ids=ids(ESCENARIOS))
def test_rechazado_cita_la_norma_y_no_guarda_nada(mundo: Mundo, escenario: Escenario) -> None:
    probar_rechazado(mundo, escenario)


def test_t08_el_remolque_traspasado_ya_no_lo_traspasa_el_vendedor(mundo: Mundo) -> None:
    """After the approved T-8 the registry answers for the new owner: the seller's second sale is refused."""
    r = _t08(mundo)
    mundo.aprobar(mundo.radicar(r))
    otra = replace(r, partes={**r.partes, "comprador": mundo.persona(nombres="Otro", apellidos="Comprador")},
                   sujeto=mundo.leer_vehiculo(r.vehiculo.id), referencia=None)
    otra.partes["titular"] = otra.partes["comprador"]
    payload = mundo.radicar(otra)
    assert payload["codigo"] == "REQUISITO_INCUMPLIDO" and "Jorge Rincón no es propietario(a)" in payload["mensaje"]
    assert mundo.leer_vehiculo(r.vehiculo.id).propietarios == [r.partes["comprador"].id]
