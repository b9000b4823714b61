"""T-20 … T-29 of the vehículos automotores through the partner API (issue 8 §6; the engine's cases in
tests/motor/test_t20_t28_t29_gravamenes.py, test_t21…, test_t22…, test_t23_t42…, test_t24_t34…, test_t25_t26…,
test_t27_matricula.py: seed 003 digest §2.3 (AUTO), §6.1, §6.2)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest

from domain.solicitudes import Solicitud
from domain.vehiculos import CausaCancelacion, ClaseVehiculo, EstadoMatricula, Gravamen, Servicio, Vehiculo
from tests.api_tramites.casos import (
    Cambio,
    Escenario,
    cancelado,
    de_otro,
    ids,
    probar_aceptado,
    probar_rechazado,
    sin,
    su_vehiculo,
    vehiculo_de,
)
from tests.api_tramites.conftest import HOY, NORMA, ORGANISMO, Mundo, Radicacion

GENERALES = f"{NORMA}, reglas generales"


_auto = su_vehiculo


def _gravamenes(*gravamenes: tuple[str, str]) -> Cambio:
    def inscribir(v: Vehiculo) -> None:
        for n, (tipo, beneficiario) in enumerate(gravamenes):
            v.gravamenes.append(Gravamen(uuid.uuid4(), tipo, beneficiario, f"Contrato {n}", date(2020, 1, n + 1),
                                         f"MOV-2020-00000{n}"))
    return inscribir


# -- T-20 acreedor prendario, T-28 levantamiento, T-29 inscripción -------------------------------------------------
_T20 = {"calidad_titular": "propietario", "acreedor_actual": "FINANCIERA ANDINA SA",
        "nuevo_acreedor": "Banco de Occidente"}
_T28 = {"calidad_titular": "propietario", "beneficiario": "autos de la sabana ltda"}
_T29 = {"calidad_titular": "propietario", "tipo_gravamen": "prenda", "beneficiario": "Banco de Bogotá S.A.",
        "documento_gravamen": "Contrato de prenda 4455 del 2 de marzo de 2026"}


def _t20_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    """D-PRENDA: with two prendas, only the named acreedor's changes."""
    v = vehiculo_de(m, s)
    assert [g.beneficiario for g in v.gravamenes_vigentes()] == ["Banco Popular", "Banco de Occidente"]
    assert v.historia[-1].detalle == ("Modificación del acreedor prendario: de Financiera Andina S.A. a "
                                      "Banco de Occidente.")


def _t28_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    """§6.2: the named beneficiary's gravamen is lifted on the approval date; the other stays."""
    v = vehiculo_de(m, s)
    assert [g.beneficiario for g in v.gravamenes_vigentes()] == ["Banco Popular"]
    assert v.gravamenes[1].levantado_en == HOY


def _t29_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    (g,) = vehiculo_de(m, s).gravamenes_vigentes()
    assert (g.tipo, g.beneficiario, g.inscrito_en, g.radicado, g.documento) == (
        "prenda", "Banco de Bogotá S.A.", HOY, s.radicado, _T29["documento_gravamen"])


# -- T-21 traspaso, T-22 a persona indeterminada -------------------------------------------------------------------
def _t21(m: Mundo, impuesto: bool = True) -> Radicacion:
    vendedor = m.persona(nombres="Jorge", apellidos="Rincón")
    comprador = m.persona(nombres="Paula", apellidos="Díaz")
    return Radicacion(21, {"titular": comprador, "vendedor": vendedor, "comprador": comprador},
                      {"valor_venta": 32_000_000}, m.vehiculo(vendedor, impuesto=impuesto))


def _t21_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    """The buyer owns it; the tradición closes the seller's link; datos keep the price as pesos."""
    v = vehiculo_de(m, s)
    vendedor, comprador = r.partes["vendedor"], r.partes["comprador"]
    assert v.propietarios == [comprador.id]
    assert [(p.persona_id, p.hasta) for p in v.tradicion] == [(vendedor.id, HOY), (comprador.id, None)]
    assert s.datos["valor_venta"] == "32000000"


def _t22_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    """§6.2: the owner is released; the new owner is unknown (a tradición link without persona)."""
    v = vehiculo_de(m, s)
    assert v.propietarios == [] and v.estado_matricula is EstadoMatricula.ACTIVA
    assert [(p.persona_id, p.hasta) for p in v.tradicion] == [(r.titular.id, HOY), (None, None)]
    assert v.historia[-1].detalle == "Traspaso a persona indeterminada."


# -- T-23 traslado, T-24 rematrícula ---------------------------------------------------------------------------------
def _t23_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    v = vehiculo_de(m, s)
    assert (v.estado_matricula, v.organismo_destino, v.traslado_iniciado_en, v.organismo) == (
        EstadoMatricula.EN_TRASLADO, "TRANSITO-BOGOTA", HOY, ORGANISMO)


def _t24_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    v = vehiculo_de(m, s)
    assert (v.estado_matricula, v.causa_cancelacion, v.propietarios) == (EstadoMatricula.ACTIVA, None, [r.titular.id])


# -- T-25 / T-26 regrabaciones ----------------------------------------------------------------------------------------
def _t25_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    v = vehiculo_de(m, s)
    (g,) = v.regrabaciones
    assert (v.numero_motor, g.numero, g.anterior, g.nuevo, g.fecha, g.motivo, g.radicado) == (
        "M123456-RG", "motor", "M123456", "M123456-RG", HOY, "deteriorado", s.radicado)


def _t26_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    """D-SERIAL: the chassis is re-engraved; the serial stays."""
    v = vehiculo_de(m, s)
    assert (v.numero_chasis, v.numero_serie) == ("RG-777", "S0001")
    assert [(g.numero, g.anterior) for g in v.regrabaciones] == [("chasis", "C987654")]


# -- T-27 matrícula ------------------------------------------------------------------------------------------------
def _t27(m: Mundo, impuesto: bool = True) -> Radicacion:
    datos: dict[str, Any] = {
        "placa": m.placa(), "clase": "automotor", "servicio": "particular", "marca": "Mazda", "linea": "CX-30",
        "modelo": 2026, "color": "Rojo", "numero_motor": "PE40123456", "numero_chasis": "3MVDM2W7AML123456",
        "combustible": "gasolina", "cilindraje": 2000}
    if impuesto:
        m.pagar_impuesto(datos["placa"])
    return Radicacion(27, {"titular": m.persona(nombres="Lucía", apellidos="Forero")}, datos)


def _t27_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    """§6.1: (none) → ACTIVA here; characteristics and owner recorded; the tradición starts."""
    v = m.por_placa(r.datos["placa"])
    assert v is not None and s.sujeto is not None and s.sujeto.id == v.id
    assert (v.clase, v.servicio, v.marca, v.linea, v.modelo, v.color, v.cilindraje) == (
        ClaseVehiculo.AUTOMOTOR, Servicio.PARTICULAR, "Mazda", "CX-30", 2026, "Rojo", 2000)
    assert (v.numero_motor, v.numero_chasis, v.combustible) == ("PE40123456", "3MVDM2W7AML123456", "gasolina")
    assert (v.estado_matricula, v.organismo, v.propietarios) == (EstadoMatricula.ACTIVA, ORGANISMO, [r.titular.id])
    assert [(p.persona_id, p.desde, p.hasta) for p in v.tradicion] == [(r.titular.id, HOY, None)]
    assert v.historia[-1].detalle.startswith("Matrícula inicial a nombre de Lucía Forero")


ESCENARIOS = [
    Escenario(20, _auto(20, _T20, preparar=_gravamenes(("prenda", "Banco Popular"),
                                                       ("prenda", "Financiera Andina S.A."))), _t20_verificar,
              _auto(20, _T20, preparar=_gravamenes(("reserva_dominio", "Financiera Andina S.A."))),
              "El acreedor que se declara no tiene una prenda vigente sobre el vehículo",
              f"{NORMA}, trámite 20: el cambio recae sobre la prenda inscrita"),
    Escenario(21, _t21, _t21_verificar, lambda m: _t21(m, impuesto=False),
              f"El impuesto vehicular {HOY.year} del vehículo", f"{GENERALES}, literal f (Ley 488 de 1998, art. 148)"),
    Escenario(22, _auto(22, {"fecha_perdida_posesion": "2023-08-14"}), _t22_verificar,
              lambda m: de_otro(m, _auto(22, {"fecha_perdida_posesion": "2023-08-14"})(m)),
              "no es propietario(a) inscrito(a)", f"{NORMA}, trámite 22"),
    Escenario(23, _auto(23, {"organismo_destino": "TRANSITO-BOGOTA"}), _t23_verificar,
              _auto(23, {"organismo_destino": "TRANSITO-BOGOTA"},
                    preparar=cancelado(CausaCancelacion.SOLICITUD_TITULAR)),
              "El trámite requiere una matrícula activa en este organismo", f"{NORMA}, trámite 23"),
    Escenario(24, _auto(24, preparar=cancelado(CausaCancelacion.HURTO)), _t24_verificar,
              _auto(24, preparar=cancelado(CausaCancelacion.SOLICITUD_TITULAR)),
              "La rematrícula procede solo para vehículos cuya matrícula se canceló por hurto",
              f"{NORMA}, trámite 24, descripción"),
    Escenario(25, _auto(25, {"motivo": "deteriorado", "numero_nuevo": "M123456-RG"}), _t25_verificar,
              lambda m: sin(_auto(25, {"motivo": "perdida_plaqueta", "numero_nuevo": "M9"})(m),
                            "improntas_revision_previa", "improntas_revision_posterior"),
              "Falta el soporte", f"{NORMA}, trámite 25, caso especial 5: improntas en la revisión previa"),
    Escenario(26, _auto(26, {"motivo": "lectura_dificil", "numero_nuevo": "RG-777", "numero_regrabado": "chasis"},
                        numero_serie="S0001"), _t26_verificar,
              _auto(26, {"motivo": "alterado", "numero_nuevo": "X", "numero_regrabado": "chasis"},
                    preparar=cancelado(CausaCancelacion.HURTO)),
              "está cancelada por hurto", f"{NORMA}, trámite 26"),
    Escenario(27, _t27, _t27_verificar, lambda m: _t27(m, impuesto=False),
              f"El impuesto vehicular {HOY.year} del vehículo", f"{GENERALES}, literal g (Ley 769 de 2002, art. 35)"),
    Escenario(28, _auto(28, _T28, preparar=_gravamenes(("prenda", "Banco Popular"),
                                                       ("reserva_dominio", "Autos de la Sabana Ltda."))),
              _t28_verificar, _auto(28, {**_T28, "beneficiario": "Banco Popular"}),
              "ninguna limitación ni gravamen vigente", f"{NORMA}, trámite 28"),
    Escenario(29, _auto(29, _T29), _t29_verificar, lambda m: de_otro(m, _auto(29, _T29)(m)),
              "no es propietario(a) inscrito(a)", f"{NORMA}, trámite 29, nota al pie"),
]


@pytest.mark.parametrize("escenario", ESCENARIOS, ids=ids(ESCENARIOS))
def test_aceptado_y_aprobado_queda_en_el_registro(mundo: Mundo, escenario: Escenario) -> None:
    probar_aceptado(mundo, escenario)


@pytest.mark.parametrize("escenario", ESCENARIOS, ids=ids(ESCENARIOS))
def test_rechazado_cita_la_norma_y_no_guarda_nada(mundo: Mundo, escenario: Escenario) -> None:
    probar_rechazado(mundo, escenario)
