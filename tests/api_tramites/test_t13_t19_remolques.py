"""T-13 … T-19 of the remolques y semirremolques through the partner API (issue 8 §6; the engine's cases in
tests/motor/test_t10_t14_remolques.py and test_t15_t19_remolques.py: seed 003 digest §2.3, §6.1, §6.2, A-09, A-21)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from domain.solicitudes import Solicitud
from domain.tradicion import PREFIJO_NUMERO
from domain.vehiculos import CausaCancelacion, ClaseVehiculo, EstadoMatricula, Gravamen, Vehiculo
from tests.api_tramites.casos import (
    Escenario,
    Preparar,
    ids,
    probar_aceptado,
    probar_rechazado,
    sin,
    su_vehiculo,
    vehiculo_de,
)
from tests.api_tramites.conftest import HOY, NORMA, ORGANISMO, Mundo, Radicacion
from tests.motor.escenarios import dias_habiles_antes

REMOLQUE, SEMIRREMOLQUE = ClaseVehiculo.REMOLQUE, ClaseVehiculo.SEMIRREMOLQUE


def _remolque(numero: int, datos: dict[str, Any] | None = None, **cambios: Any) -> Preparar:
    return su_vehiculo(numero, datos, REMOLQUE, **cambios)


def _con_prenda(v: Vehiculo) -> None:
    v.gravamenes.append(Gravamen(uuid.uuid4(), "prenda", "Banco de Bogotá", "Contrato 77", HOY, "MOV-2025-1"))


# -- T-13 radicación ------------------------------------------------------------------------------------------------
def _t13(dias_en_traslado: int) -> Preparar:
    def en_traslado(v: Vehiculo) -> None:
        v.iniciar_traslado(ORGANISMO, dias_habiles_antes(dias_en_traslado))
    return _remolque(13, organismo="SDM-BOGOTA", preparar=en_traslado)


def _t13_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    """§6.1: EN_TRASLADO toward Chía → ACTIVA here, on the 60th día hábil (R-55)."""
    v = vehiculo_de(m, s)
    assert (v.estado_matricula, v.organismo, v.organismo_destino, v.traslado_iniciado_en) == (
        EstadoMatricula.ACTIVA, ORGANISMO, None, None)
    assert r.vehiculo.organismo == "SDM-BOGOTA"


# -- T-14 matrícula -------------------------------------------------------------------------------------------------
def _t14(m: Mundo) -> Radicacion:
    datos: dict[str, Any] = {
        "origen": "fabricacion_nacional", "placa": m.placa(SEMIRREMOLQUE), "clase": "semirremolque",
        "servicio": "publico", "marca": "Randon", "linea": "Plataforma", "modelo": 2025, "color": "Gris",
        "numero_chasis": "9ADP1234", "numero_serie": "9ADP1234"}
    return Radicacion(14, {"titular": m.persona()}, datos)


def _t14_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    """§6.1: (none) → ACTIVA, with owner, characteristics, tradición; the solicitud points at the new vehicle."""
    v = m.por_placa(r.datos["placa"])
    assert v is not None and s.sujeto is not None and s.sujeto.id == v.id and s.sujeto.etiqueta == v.placa
    assert (v.clase, v.servicio.value, v.marca, v.modelo, v.numero_chasis, v.numero_serie, v.organismo) == (
        SEMIRREMOLQUE, "publico", "Randon", 2025, "9ADP1234", "9ADP1234", ORGANISMO)
    assert v.estado_matricula is EstadoMatricula.ACTIVA and v.propietarios == [r.titular.id]
    assert [(p.persona_id, p.desde, p.radicado) for p in v.tradicion] == [(r.titular.id, HOY, s.radicado)]


# -- T-15 levantamiento, T-16 duplicado de tarjeta, T-17 cancelación ---------------------------------------------------
def _t15_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    """§6.2: the gravamen is lifted on the approval date (kept in the record as lifted)."""
    v = vehiculo_de(m, s)
    [prenda] = v.gravamenes
    assert (prenda.levantado_en, v.gravamenes_vigentes()) == (HOY, [])
    assert v.historia[-1].detalle == "Levantamiento de prenda a favor de Banco de Bogotá."


def _t16_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    """A-09: in a loss the card is not asked; §6.2: the duplicate is recorded."""
    assert vehiculo_de(m, s).historia[-1].detalle == "Expedición del duplicado de la tarjeta de registro por pérdida."


def _t17_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    """§6.1 (R-53): ACTIVA → CANCELADA with its cause."""
    v = vehiculo_de(m, s)
    assert (v.estado_matricula, v.causa_cancelacion) == (EstadoMatricula.CANCELADA, CausaCancelacion.SOLICITUD_TITULAR)


# -- T-18 certificado de tradición ----------------------------------------------------------------------------------
def _t18(m: Mundo) -> Radicacion:
    """A-21: anyone asks it with the payment alone — not in the RUNT, with fines, for a cancelled unit."""
    dueno = m.persona(nombres="Jorge", apellidos="Rincón")
    curioso = m.persona(nombres="Lucía", apellidos="Forero", runt=False)
    m.multar(curioso)
    v = m.vehiculo(dueno, REMOLQUE, preparar=lambda v: v.cancelar(CausaCancelacion.SOLICITUD_TITULAR))
    return Radicacion(18, {"titular": curioso}, {}, v)


def _certificado(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    """T-18 / T-33: a certificado de tradición issued to the requester, the solicitud finalised with it; the vehicle
    itself unchanged but for the history line."""
    assert s.documento_id is not None
    doc = m.documento(s.documento_id)
    assert (doc.tipo, doc.titular_id, doc.solicitud_id, doc.entidad) == (
        "certificado_tradicion", r.titular.id, s.id, ORGANISMO)
    assert doc.numero.startswith(f"{PREFIJO_NUMERO}-{HOY.year}-") and doc.fecha_expedicion == HOY
    v = vehiculo_de(m, s)
    assert (v.propietarios, v.estado_matricula) == (r.vehiculo.propietarios, r.vehiculo.estado_matricula)
    assert v.historia[-1].detalle == "Expedición del certificado de libertad y tradición."


# -- T-19 modificación del acreedor ---------------------------------------------------------------------------------
def _t19_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    [prenda] = vehiculo_de(m, s).gravamenes_vigentes()
    assert prenda.beneficiario == "Bancolombia" and prenda.id == r.vehiculo.gravamenes[0].id


ESCENARIOS = [
    Escenario(13, _t13(60), _t13_verificar, _t13(61), "Pasaron más de sesenta (60) días hábiles",
              f"{NORMA}, trámite 13, paso 4: sesenta (60) días hábiles"),
    Escenario(14, _t14, _t14_verificar, lambda m: sin(_t14(m), "factura_venta"), "Falta el soporte: Factura de venta",
              f"{NORMA}, trámite 14, requisito 1.e: cuando el vehículo es ensamblado en Colombia"),
    Escenario(15, _remolque(15, preparar=_con_prenda), _t15_verificar, _remolque(15),
              "no tiene limitaciones ni gravámenes inscritos que levantar", f"{NORMA}, trámite 15, descripción"),
    Escenario(16, lambda m: sin(_remolque(16, {"motivo": "perdida"})(m), "tarjeta_registro"), _t16_verificar,
              lambda m: sin(_remolque(16, {"motivo": "deterioro"})(m), "tarjeta_registro"),
              "Falta el soporte: Tarjeta de registro deteriorada", f"{NORMA}, trámite 16, requisito 1.e"),
    Escenario(17, _remolque(17, {"causa": "solicitud_titular"}), _t17_verificar,
              _remolque(17, {"causa": "solicitud_titular"}, preparar=lambda v: v.cancelar(CausaCancelacion.HURTO)),
              "está cancelada por hurto", f"{NORMA}, trámite 17"),
    Escenario(18, _t18, _certificado, lambda m: sin(_t18(m), "recibo_pago"),
              "Falta el soporte: Recibo de pago de los derechos del trámite", f"{NORMA}, trámite 18, paso 2"),
    Escenario(19, _remolque(19, {"nuevo_acreedor": "Bancolombia"}, preparar=_con_prenda), _t19_verificar,
              _remolque(19, {"nuevo_acreedor": "Bancolombia"}), "no tiene una prenda inscrita",
              f"{NORMA}, trámite 19, descripción"),
]


@pytest.mark.parametrize("escenario", ESCENARIOS, ids=ids(ESCENARIOS))
def test_aceptado_y_aprobado_queda_en_el_registro(mundo: Mundo, escenario: Escenario) -> None:
    probar_aceptado(mundo, escenario)


@pytest.mark.parametrize("escenario", ESCENARIOS, ids=ids(ESCENARIOS))
def test_rechazado_cita_la_norma_y_no_guarda_nada(mundo: Mundo, escenario: Escenario) -> None:
    probar_rechazado(mundo, escenario)
