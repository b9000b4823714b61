"""T-15 … T-19 of the remolques y semirremolques (seed 003 digest §2.3, R-29, R-31, R-52, R-53, §6.1, §6.2, A-08,
A-09, A-21)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from domain.motor.esquema import TramiteDef
from domain.vehiculos import CausaCancelacion, EstadoMatricula, Gravamen
from tests.motor.escenarios import (
    HOY,
    Caso,
    RegistrosEnMemoria,
    bloqueos,
    persona,
    remolque,
    soportes_de,
    tramite,
    vehiculo,
)

T15, T16, T17, T18, T19 = (tramite(n) for n in range(15, 20))
NORMA = "Resolución 5721 de 2019 de Chía"


def _caso(t: TramiteDef, datos: Mapping[str, object] | None = None, con_prenda: bool = False) -> Caso:
    """The owner files on their own remolque R12345, with every soporte the trámite lists."""
    propietario = persona()
    partes = {"titular": propietario}
    r = remolque(propietario)
    if con_prenda:
        r.gravamenes.append(Gravamen(uuid.uuid4(), "prenda", "Banco de Bogotá", "Contrato 77", HOY, "MOV-2025-1"))
    return Caso(tramite=t, partes=partes, sujeto=r, soportes=soportes_de(t, partes), datos=datos or {},
                registros=RegistrosEnMemoria().inscribir(propietario))


# -- T-15 Levantamiento ---------------------------------------------------------------------------------------------

def test_t15_levanta_la_prenda() -> None:
    """T-15 requisitos 1.e…1.g; §6.2: the limitation or gravamen is removed (kept in the record as lifted)."""
    ap = _caso(T15, con_prenda=True).aprobar()
    [prenda] = ap.sujeto.gravamenes
    assert prenda.levantado_en == HOY and ap.sujeto.gravamenes_vigentes() == []
    assert ap.sujeto.historia[-1].detalle == "Levantamiento de prenda a favor de Banco de Bogotá."


def test_t15_sin_gravamenes_no_hay_levantamiento() -> None:
    """T-15 description: there must be a limitation or gravamen to lift."""
    [fallo] = bloqueos(_caso(T15))
    assert fallo.mensaje == "El remolque o semirremolque no tiene limitaciones ni gravámenes inscritos que levantar."
    assert fallo.fuente == f"{NORMA}, trámite 15, descripción"


def test_t15_sin_documento_de_levantamiento_se_rechaza() -> None:
    """T-15 requisito 1.e (R-34): the original levantamiento document."""
    caso = _caso(T15, con_prenda=True)
    caso.soportes = [s for s in caso.soportes if s.requisito != "documento_levantamiento"]
    [fallo] = bloqueos(caso)
    assert fallo.requisito == "documento_levantamiento" and fallo.fuente == f"{NORMA}, trámite 15, requisito 1.e"


# -- T-16 Duplicado de la tarjeta de registro -----------------------------------------------------------------------

def test_t16_duplicado_por_perdida_sin_la_tarjeta() -> None:
    """T-16 (A-09): in a loss the original card cannot be presented and is not asked; §6.2: duplicate recorded."""
    caso = _caso(T16, {"motivo": "perdida"})
    caso.soportes = [s for s in caso.soportes if s.requisito != "tarjeta_registro"]
    assert bloqueos(caso) == []
    ap = caso.aprobar()
    assert ap.sujeto.historia[-1].detalle == "Expedición del duplicado de la tarjeta de registro por pérdida."


def test_t16_duplicado_por_deterioro_exige_la_tarjeta() -> None:
    """T-16 requisito 1.e (R-29, A-09): a deteriorated card is handed in as original."""
    caso = _caso(T16, {"motivo": "deterioro"})
    caso.soportes = [s for s in caso.soportes if s.requisito != "tarjeta_registro"]
    [fallo] = bloqueos(caso)
    assert fallo.mensaje == "Falta el soporte: Tarjeta de registro deteriorada."
    assert fallo.fuente.startswith(f"{NORMA}, trámite 16, requisito 1.e")


# -- T-17 Cancelación -----------------------------------------------------------------------------------------------

def test_t17_cancela_a_solicitud_del_titular() -> None:
    """T-17 (R-53); §6.1: ACTIVA → CANCELADA with its cause; no vehicle-tax check (R-63)."""
    caso = _caso(T17, {"causa": "solicitud_titular"})
    assert not {r.regla for r in T17.reglas} & {"impuesto_al_dia", "revisar"}
    ap = caso.aprobar()
    assert (ap.sujeto.estado_matricula, ap.sujeto.causa_cancelacion) == (
        EstadoMatricula.CANCELADA, CausaCancelacion.SOLICITUD_TITULAR)
    assert ap.sujeto.historia[-1].detalle == "Cancelación de la matrícula por solicitud titular."


def test_t17_por_decision_judicial_exige_la_decision() -> None:
    """T-17 caso especial 4 (R-52, A-08: «regrabación» read «cancelación»)."""
    caso = _caso(T17, {"causa": "decision_judicial"})
    caso.soportes = [s for s in caso.soportes if s.requisito != "decision_judicial"]
    [fallo] = bloqueos(caso)
    assert fallo.mensaje == "Falta el soporte: Decisión judicial que ordena o autoriza la cancelación de la matrícula."
    assert fallo.fuente == f"{NORMA}, trámite 17, caso especial 4: cancelación por decisión judicial"


def test_t17_por_hurto_no_pide_la_revision_dijin() -> None:
    """T-17 requisito 1.e (R-31): a stolen unit cannot be inspected (decision); the hurto cause allows T-10 later."""
    caso = _caso(T17, {"causa": "hurto"})
    caso.soportes = [s for s in caso.soportes if s.requisito != "revision_dijin"]
    assert bloqueos(caso) == []
    assert caso.aprobar().sujeto.causa_cancelacion is CausaCancelacion.HURTO
    otra = _caso(T17, {"causa": "perdida_definitiva"})
    otra.soportes = [s for s in otra.soportes if s.requisito != "revision_dijin"]
    assert [h.requisito for h in bloqueos(otra)] == ["revision_dijin"]


def test_t17_matricula_ya_cancelada_se_rechaza() -> None:
    """T-17: only an active matrícula is cancelled."""
    caso = _caso(T17, {"causa": "solicitud_titular"})
    caso.sujeto.cancelar(CausaCancelacion.HURTO)
    [fallo] = bloqueos(caso)
    assert fallo.regla == "estado_matricula" and "cancelada por hurto" in fallo.mensaje


# -- T-18 Certificado de tradición ----------------------------------------------------------------------------------

def test_t18_solo_solicitud_y_pago_aun_con_multas_y_sin_runt() -> None:
    """T-18 (A-21): only the request and the payment; §6.2: nothing changes but the history line; the result is a
    certificado de tradición; a cancelled unit's certificate is issued too."""
    solicitante = persona("79111222", nombres="Jorge", apellidos="Rincón")
    caso = _caso(T18)
    caso.partes = {"titular": solicitante}
    caso.registros = RegistrosEnMemoria().multar(solicitante)
    caso.sujeto.cancelar(CausaCancelacion.SOLICITUD_TITULAR)
    assert [r.codigo for r in T18.requisitos] == ["recibo_pago"] and T18.reglas == ()
    assert T18.documento_resultado is not None and T18.documento_resultado.tipo == "certificado_tradicion"
    assert bloqueos(caso) == []
    propietarios = list(caso.sujeto.propietarios)
    ap = caso.aprobar()
    assert ap.sujeto.propietarios == propietarios and ap.sujeto.estado_matricula is EstadoMatricula.CANCELADA
    assert ap.sujeto.historia[-1].detalle == "Expedición del certificado de libertad y tradición."


def test_t18_sin_pago_se_rechaza() -> None:
    """T-18 paso 2: the payment of the derechos."""
    caso = _caso(T18)
    caso.soportes = []
    [fallo] = bloqueos(caso)
    assert fallo.mensaje.startswith("Falta el soporte: Recibo de pago de los derechos del trámite")
    assert fallo.fuente == f"{NORMA}, trámite 18, paso 2"


def test_t18_no_certifica_un_automotor() -> None:
    """T-18: remolques and semirremolques (the automotor's certificate is trámite 33)."""
    caso = _caso(T18)
    caso.sujeto = vehiculo()
    [fallo] = bloqueos(caso)
    assert fallo.mensaje == "Este trámite es para vehículos de clase remolque, semirremolque; el vehículo es automotor."
    assert fallo.fuente == f"{NORMA}, trámite 18"


# -- T-19 Modificación del acreedor prendario -----------------------------------------------------------------------

def test_t19_cambia_el_acreedor_prendario() -> None:
    """T-19 requisitos 1.e, 1.f; §6.2: the acreedor of the existing prenda changes."""
    ap = _caso(T19, {"nuevo_acreedor": "Bancolombia"}, con_prenda=True).aprobar()
    [prenda] = ap.sujeto.gravamenes_vigentes()
    assert prenda.beneficiario == "Bancolombia"
    assert ap.sujeto.historia[-1].detalle == (
        "Modificación del acreedor prendario: de Banco de Bogotá a Bancolombia.")


def test_t19_sin_prenda_se_rechaza() -> None:
    """T-19 description: there must be a prenda whose acreedor changes."""
    [fallo] = bloqueos(_caso(T19, {"nuevo_acreedor": "Bancolombia"}))
    assert "no tiene una prenda inscrita" in fallo.mensaje and fallo.fuente == f"{NORMA}, trámite 19, descripción"


def test_t19_otra_limitacion_no_es_prenda() -> None:
    """T-19 (§6.2): only a prenda has an acreedor prendario; a leasing alone is refused at filing, not at approval."""
    caso = _caso(T19, {"nuevo_acreedor": "Bancolombia"})
    caso.sujeto.gravamenes = [Gravamen(uuid.uuid4(), "leasing", "Leasing Bancolombia", "C-1", HOY, "X")]
    [fallo] = bloqueos(caso)
    assert "no tiene una prenda inscrita" in fallo.mensaje
