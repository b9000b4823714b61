"""T-10 … T-14 of the remolques y semirremolques (seed 003 digest §2.3, R-27, R-40…R-43, R-55, R-56, §6.1, §6.2)."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from domain.errores import DatoInvalido
from domain.motor.esquema import TramiteDef
from domain.reglas import Resultado
from domain.vehiculos import CausaCancelacion, ClaseVehiculo, EstadoMatricula, Vehiculo
from tests.motor.escenarios import (
    HOY,
    ORGANISMO,
    Caso,
    RegistrosEnMemoria,
    bloqueos,
    dias_habiles_antes,
    hallazgo,
    persona,
    remolque,
    soportes_de,
    tramite,
)

T10, T11, T12, T13, T14 = (tramite(n) for n in range(10, 15))
NORMA = "Resolución 5721 de 2019 de Chía"


def _caso(t: TramiteDef, datos: Mapping[str, object] | None = None, **vehiculo: object) -> Caso:
    """The owner files on their own remolque R12345, with every soporte the trámite lists."""
    propietario = persona()
    partes = {"titular": propietario}
    v = remolque(propietario, **{"numero_serie": "SER-001", **vehiculo})
    return Caso(tramite=t, partes=partes, sujeto=v, soportes=soportes_de(t, partes),
                datos=datos or {}, registros=RegistrosEnMemoria().inscribir(propietario))


def _cancelado_con_propietario(causa: CausaCancelacion) -> Caso:
    caso = _caso(T10)
    caso.sujeto.cancelar(causa)
    return caso


# -- T-10 Rematrícula -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("causa", [CausaCancelacion.HURTO, CausaCancelacion.PERDIDA_DEFINITIVA,
                                   CausaCancelacion.DESAPARICION_DOCUMENTADA])
def test_t10_rematricula_del_remolque_recuperado(causa: CausaCancelacion) -> None:
    """T-10 caso especial 7 (R-40); §6.1: CANCELADA (hurto, pérdida definitiva, desaparición) → ACTIVA.
    R-41 (case 6) is left to the official."""
    caso = _cancelado_con_propietario(causa)
    assert bloqueos(caso) == []
    assert "características que tenía antes del hurto" in hallazgo(caso, "revisar").mensaje
    ap = caso.aprobar()
    assert (ap.sujeto.estado_matricula, ap.sujeto.causa_cancelacion) == (EstadoMatricula.ACTIVA, None)
    assert ap.sujeto.historia[-1].detalle == "Rematrícula del vehículo recuperado."


def test_t10_cancelado_a_solicitud_del_titular_no_se_rematricula() -> None:
    """T-10 caso especial 7 (R-40): other cancellation causes do not allow the rematrícula."""
    [fallo] = bloqueos(_cancelado_con_propietario(CausaCancelacion.SOLICITUD_TITULAR))
    assert fallo.regla == "estado_matricula" and "cancelada por solicitud titular" in fallo.mensaje
    assert fallo.mensaje.startswith("La rematrícula opera solo para remolques y semirremolques recuperados")
    assert fallo.fuente == f"{NORMA}, trámite 10, caso especial 7"


def test_t10_matricula_activa_no_se_rematricula() -> None:
    """T-10 (R-40): only a cancelled matrícula."""
    [fallo] = bloqueos(_caso(T10))
    assert fallo.regla == "estado_matricula" and "está activa" in fallo.mensaje


def test_t10_exige_la_orden_de_entrega_de_la_fiscalia() -> None:
    """T-10 requisito 1.e (R-32): the Fiscalía's orden de entrega definitiva."""
    caso = _cancelado_con_propietario(CausaCancelacion.HURTO)
    caso.soportes = [s for s in caso.soportes if s.requisito != "orden_entrega_fiscalia"]
    [fallo] = bloqueos(caso)
    assert fallo.requisito == "orden_entrega_fiscalia" and fallo.fuente == f"{NORMA}, trámite 10, requisito 1.e"


# -- T-11 / T-12 Regrabaciones --------------------------------------------------------------------------------------

def test_t11_regraba_el_chasis_sin_orden_de_fiscalia_ni_retencion() -> None:
    """T-11 (R-42, A-06): the chassis number is re-engraved; the Fiscalía order and the retención are not demanded;
    §6.2: the identification record keeps the previous number."""
    caso = _caso(T11, {"motivo": "ilegible", "numero_nuevo": "C987654-R"})
    caso.soportes = [s for s in caso.soportes if s.requisito not in ("orden_entrega_fiscalia", "recibo_retencion")]
    assert bloqueos(caso) == []
    ap = caso.aprobar()
    [r] = ap.sujeto.regrabaciones
    assert (r.numero, r.anterior, r.nuevo, r.motivo, ap.sujeto.numero_chasis) == (
        "chasis", "C987654", "C987654-R", "ilegible", "C987654-R")


def test_t11_por_decision_judicial_exige_la_decision() -> None:
    """T-11 caso especial 4 (D-JUD, R-42): judicial re-engraving needs the original decision."""
    caso = _caso(T11, {"motivo": "decision_judicial", "numero_nuevo": "C1"})
    caso.soportes = [s for s in caso.soportes if s.requisito != "decision_judicial"]
    [fallo] = bloqueos(caso)
    assert fallo.mensaje == "Falta el soporte: Decisión judicial que ordena o autoriza la regrabación."
    assert fallo.fuente == f"{NORMA}, trámite 11, caso especial 4: regrabación por decisión judicial"


def test_t12_regraba_el_numero_de_identificacion() -> None:
    """T-12 (R-42): the identification number (serie) is re-engraved; case 5 (R-27): the official sees the DIJIN
    improntas of both inspections when the digits were deteriorated."""
    caso = _caso(T12, {"motivo": "deteriorado", "numero_nuevo": "SER-001-R"})
    doble = hallazgo(caso, "visible_en_soporte", "revision_dijin")
    assert doble.resultado is Resultado.REVISAR and "revisión previa y en la revisión posterior" in doble.mensaje
    ap = caso.aprobar()
    assert (ap.sujeto.numero_serie, ap.sujeto.regrabaciones[0].numero) == ("SER-001-R", "serie")


def test_t12_motivo_alterado_no_pide_la_doble_revision() -> None:
    """T-12 caso especial 5 applies only to deterioro, daño o pérdida de los guarismos."""
    caso = _caso(T12, {"motivo": "alterado", "numero_nuevo": "SER-9"})
    assert not any(h.regla == "visible_en_soporte" and h.requisito == "revision_dijin" for h in caso.hallazgos())


def test_t12_sin_tarjeta_de_registro_se_rechaza() -> None:
    """T-12 requisito 1.h (R-29): the original tarjeta de registro."""
    caso = _caso(T12, {"motivo": "alterado", "numero_nuevo": "SER-9"})
    caso.soportes = [s for s in caso.soportes if s.requisito != "tarjeta_registro"]
    [fallo] = bloqueos(caso)
    assert fallo.mensaje == "Falta el soporte: Tarjeta de registro del remolque o semirremolque."
    assert fallo.fuente == (f"{NORMA}, trámite 12: documento original de la tarjeta de registro nacional de "
                            "remolques, semirremolques, multimodulares y similares")


# -- T-13 Radicación ------------------------------------------------------------------------------------------------

def _radicacion(dias_en_traslado: int, destino: str = ORGANISMO) -> Caso:
    caso = _caso(T13, organismo="SDM-BOGOTA")
    caso.sujeto.iniciar_traslado(destino, dias_habiles_antes(dias_en_traslado))
    return caso


def test_t13_radica_a_los_60_dias_habiles() -> None:
    """T-13 paso 4 (R-55): on the 60th día hábil after the origin's filing it is still radicable; §6.1:
    EN_TRASLADO → ACTIVA here."""
    caso = _radicacion(60)
    assert caso.evaluacion().sujeto.dias_habiles_en_traslado == 60
    assert bloqueos(caso) == []
    ap = caso.aprobar()
    v = ap.sujeto
    assert (v.estado_matricula, v.organismo, v.organismo_destino, v.traslado_iniciado_en) == (
        EstadoMatricula.ACTIVA, ORGANISMO, None, None)
    assert v.historia[-1].detalle == f"Radicación de la matrícula en {ORGANISMO}."


def test_t13_a_los_61_dias_habiles_se_rechaza() -> None:
    """T-13 paso 4 (R-55): after sixty días hábiles the documents go back to the origin."""
    [fallo] = bloqueos(_radicacion(61))
    assert fallo.mensaje.startswith("Pasaron más de sesenta (60) días hábiles")
    assert fallo.fuente == (f"{NORMA}, trámite 13, paso 4: sesenta (60) días hábiles desde la radicación ante el "
                            "organismo de tránsito de origen")


def test_t13_traslado_hacia_otro_organismo_se_rechaza() -> None:
    """T-13 paso 4: the traslado must be addressed to this organismo."""
    [fallo] = bloqueos(_radicacion(5, destino="Tránsito de Cajicá"))
    assert fallo.regla == "traslado_hacia_este_organismo"
    assert fallo.mensaje == ("La radicación requiere un traslado de matrícula hacia este organismo. La matrícula de "
                             "R12345 está en traslado hacia Tránsito de Cajicá.")
    assert fallo.fuente == f"{NORMA}, trámite 13, paso 4: radicar el traslado de matrícula"


def test_t13_sin_traslado_no_hay_radicacion() -> None:
    """T-13 paso 4: nothing to radicar when the origin did not send the matrícula."""
    caso = _caso(T13)
    assert [h.regla for h in bloqueos(caso)] == ["estado_matricula", "traslado_hacia_este_organismo"]


def test_t13_la_tarjeta_anterior_se_entrega_al_reclamar_la_nueva() -> None:
    """T-13 paso 5 (R-56): the previous tarjeta de registro is handed in when the new one is collected."""
    caso = _radicacion(10)
    caso.soportes = [s for s in caso.soportes if s.requisito != "tarjeta_registro_anterior"]
    assert bloqueos(caso) == []
    assert [h.requisito for h in bloqueos(caso, al_entregar=True)] == ["tarjeta_registro_anterior"]


# -- T-14 Matrícula -------------------------------------------------------------------------------------------------

_MATRICULA = {"origen": "fabricacion_nacional", "placa": "S10203", "clase": "semirremolque", "servicio": "publico",
              "marca": "Randon", "linea": "Plataforma", "modelo": 2025, "color": "Gris", "numero_chasis": "9ADP1234",
              "numero_serie": "9ADP1234"}


def _matricula(**cambios: object) -> Caso:
    propietario = persona()
    partes = {"titular": propietario}
    return Caso(tramite=T14, partes=partes, soportes=soportes_de(T14, partes), datos={**_MATRICULA, **cambios},
                registros=RegistrosEnMemoria().inscribir(propietario))


def test_t14_matricula_un_semirremolque_de_fabricacion_nacional() -> None:
    """T-14 requisitos 1.e, 1.g (R-43); §6.1: (none) → ACTIVA, with owner, characteristics and history."""
    caso = _matricula()
    assert bloqueos(caso) == []
    ap = caso.aprobar()
    v = ap.sujeto
    assert ap.nuevos == [v] and isinstance(v, Vehiculo)
    assert (v.placa, v.clase, v.servicio.value, v.numero_chasis, v.numero_motor, v.organismo) == (
        "S10203", ClaseVehiculo.SEMIRREMOLQUE, "publico", "9ADP1234", "", ORGANISMO)
    assert v.estado_matricula is EstadoMatricula.ACTIVA and v.propietarios == [caso.partes["titular"].id]
    assert [(p.persona_id, p.desde) for p in v.tradicion] == [(caso.partes["titular"].id, HOY)]
    assert v.historia[-1].detalle.startswith("Matrícula inicial a nombre de Ana María Pérez Gómez")


def test_t14_fabricacion_nacional_sin_factura_se_rechaza() -> None:
    """T-14 requisito 1.e (R-43): the original factura de venta; the certificado de aduana is not asked here."""
    caso = _matricula()
    caso.soportes = [s for s in caso.soportes if s.requisito not in ("factura_venta", "certificado_aduana")]
    [fallo] = bloqueos(caso)
    assert fallo.mensaje == "Falta el soporte: Factura de venta."
    assert fallo.fuente.startswith(f"{NORMA}, trámite 14, requisito 1.e: cuando el vehículo es ensamblado en Colombia")


def test_t14_ensamblado_con_mismo_importador_exige_certificado_de_aduana() -> None:
    """T-14 requisito 1.f (R-43): assembled in Colombia by the importer-seller → certificado individual de aduana."""
    caso = _matricula(origen="ensamblado_mismo_importador")
    caso.soportes = [s for s in caso.soportes if s.requisito != "certificado_aduana"]
    assert [h.requisito for h in bloqueos(caso)] == ["certificado_aduana"]


def test_t14_otra_procedencia_la_revisa_el_funcionario() -> None:
    """T-14 (R-43): the manual names no document for other origins; the official reviews it."""
    caso = _matricula(origen="otro")
    revisar = [h for h in caso.hallazgos() if h.regla == "revisar"]
    assert [h.fuente for h in revisar] == [f"{NORMA}, reglas generales, literales f y g (Ley 488 de 1998)",
                                           f"{NORMA}, trámite 14, requisitos 1.e y 1.f"]
    assert "procedencia" in revisar[1].mensaje and bloqueos(caso) == []
    assert not any(h.regla == "revisar" and "procedencia" in h.mensaje for h in _matricula().hallazgos())


def test_t14_no_matricula_un_automotor() -> None:
    """T-14: remolques and semirremolques only (automotores: trámite 27)."""
    with pytest.raises(DatoInvalido, match="Clase"):
        _matricula(clase="automotor").evaluacion()


def test_t10_a_t14_no_verifican_edades_de_licencia() -> None:
    """A-02: the licence ages copied into the vehicle trámites are not applied."""
    assert all("edad_minima" not in {r.regla for r in t.reglas} for t in (T10, T11, T12, T13, T14))
