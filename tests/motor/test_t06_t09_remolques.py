"""T-6 … T-9 of the remolques y semirremolques (seed 003 digest §2.3 «Remolques», R-10, R-35…R-39, R-67, §6.2)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from domain.motor.esquema import TramiteDef
from domain.personas import Persona
from domain.reglas import Resultado
from domain.vehiculos import ClaseVehiculo, EstadoMatricula, Gravamen, MedidaCautelar
from tests.motor.escenarios import (
    HOY,
    ORGANISMO,
    Caso,
    RegistrosEnMemoria,
    bloqueos,
    dias_habiles_antes,
    empresa,
    hallazgo,
    persona,
    remolque,
    soporte,
    soportes_de,
    tramite,
    vehiculo,
)

T06, T07, T08, T09 = (tramite(n) for n in (6, 7, 8, 9))
NORMA = "Resolución 5721 de 2019 de Chía"


def _caso(t: TramiteDef, datos: Mapping[str, object] | None = None, titular: Persona | None = None) -> Caso:
    """The owner files on their own semirremolque, with every soporte the trámite lists."""
    propietario = titular or persona()
    partes = {"titular": propietario}
    semirremolque = remolque(propietario, placa="S54321", clase=ClaseVehiculo.SEMIRREMOLQUE)
    return Caso(tramite=t, partes=partes, sujeto=semirremolque,
                soportes=soportes_de(t, partes), datos=datos or {},
                registros=RegistrosEnMemoria().inscribir(propietario))


def _prenda() -> Gravamen:
    return Gravamen(uuid.uuid4(), "prenda", "Banco de Bogotá", "Contrato de prenda 77", HOY, "MOV-2025-000010")


def _embargo() -> MedidaCautelar:
    return MedidaCautelar(uuid.uuid4(), "embargo", "Juzgado 2 Civil Municipal de Chía", "Oficio 123", HOY)


# -- T-6 Duplicado de placa -----------------------------------------------------------------------------------------

def test_t06_duplicado_de_placa_se_anota_y_tiene_30_dias_habiles() -> None:
    """T-6 (R-54, A-18): 30 días hábiles; §6.2: the duplicate is written in the history; no age rules (A-02)."""
    assert T06.plazo_dias_habiles == 30
    assert "edad_minima" not in {r.regla for r in T06.reglas}
    caso = _caso(T06, {"motivo": "hurto"})
    assert bloqueos(caso) == []
    ap = caso.aprobar()
    assert ap.sujeto.placa == "S54321" and ap.sujeto.historia[-1].detalle == "Expedición del duplicado de la placa."


def test_t06_quien_no_es_propietario_no_lo_solicita() -> None:
    """T-6 nota al pie (FN-V): the owner («propietario o titular del derecho») files, or a mandatario for them."""
    caso = _caso(T06, {"motivo": "deterioro"})
    otro = persona("79111222", nombres="Jorge", apellidos="Rincón")
    caso.partes = {"titular": otro}
    caso.registros.inscribir(otro)
    [fallo] = bloqueos(caso)
    assert fallo.regla == "es_propietario" and "no es propietario(a) inscrito(a)" in fallo.mensaje
    assert fallo.fuente == f"{NORMA}, trámite 6, nota al pie: el propietario o titular del derecho realiza el trámite"


def test_t06_la_placa_deteriorada_se_entrega_al_recibir_la_nueva() -> None:
    """T-6 requisito 1.e: the plate, or a written statement of loss or theft, at delivery."""
    caso = _caso(T06, {"motivo": "perdida"})
    caso.soportes = [s for s in caso.soportes if s.requisito != "placa_anterior"]
    assert bloqueos(caso) == []
    [fallo] = bloqueos(caso, al_entregar=True)
    assert fallo.requisito == "placa_anterior" and fallo.fuente.startswith(f"{NORMA}, trámite 6, requisito 1.e")


def test_t06_un_automotor_no_usa_este_tramite() -> None:
    """T-6: remolques and semirremolques only (the automotor has trámite 30)."""
    caso = _caso(T06, {"motivo": "perdida"})
    caso.sujeto = vehiculo(caso.partes["titular"])
    [fallo] = bloqueos(caso)
    assert fallo.regla == "sujeto" and "clase remolque, semirremolque; el vehículo es automotor" in fallo.mensaje


# -- T-7 Inscripción de limitación o gravamen ----------------------------------------------------------------------

_GRAVAMEN = {"tipo_gravamen": "prenda", "beneficiario": "Banco de Occidente", "documento_gravamen": "Contrato 45"}


def test_t07_inscribe_la_prenda() -> None:
    """T-7 requisitos 1.e, 1.f (R-29, R-34); §6.2: the gravamen is added with its beneficiary and document."""
    ap = _caso(T07, _GRAVAMEN).aprobar()
    [g] = ap.sujeto.gravamenes_vigentes()
    assert (g.tipo, g.beneficiario, g.documento, g.inscrito_en) == ("prenda", "Banco de Occidente", "Contrato 45", HOY)
    assert ap.sujeto.historia[-1].detalle == "Inscripción de prenda a favor de Banco de Occidente."


def test_t07_matricula_cancelada_no_admite_gravamenes() -> None:
    """T-7: a vehicle trámite on an active matrícula."""
    caso = _caso(T07, _GRAVAMEN)
    caso.sujeto.estado_matricula = EstadoMatricula.CANCELADA
    [fallo] = bloqueos(caso)
    assert fallo.regla == "estado_matricula" and "requiere una matrícula activa" in fallo.mensaje


def test_t07_sin_tarjeta_de_registro_original_se_rechaza() -> None:
    """T-7 requisito 1.f (R-29): the original tarjeta de registro."""
    caso = _caso(T07, _GRAVAMEN)
    caso.soportes = [s for s in caso.soportes if s.requisito != "tarjeta_registro"]
    [fallo] = bloqueos(caso)
    assert fallo.requisito == "tarjeta_registro"
    assert fallo.fuente.startswith(f"{NORMA}, trámite 7: documento original de la tarjeta de registro")


def test_t07_certificado_de_existencia_a_29_dias_habiles_si_a_30_no() -> None:
    """T-7 caso especial 3 (R-07): certificado de existencia y representación legal, «con menos de 30 días
    hábiles»: 29 accepted, exactly 30 refused (strict reading, docs/motor-tramites.md)."""
    sociedad = empresa()
    caso = _caso(T07, {**_GRAVAMEN, "naturaleza_entidad": "privada"}, titular=sociedad)
    otros = [s for s in caso.soportes if s.requisito != "certificado_existencia"]
    caso.soportes = [*otros, soporte("certificado_existencia", dias_habiles_antes(29))]
    assert bloqueos(caso) == []
    caso.soportes = [*otros, soporte("certificado_existencia", dias_habiles_antes(30))]
    [fallo] = bloqueos(caso)
    assert fallo.regla == "antiguedad_maxima" and "debe tener menos de 30 días hábiles" in fallo.mensaje
    assert fallo.fuente == f"{NORMA}, trámite 7, caso especial 3: expedido con menos de 30 días hábiles"


# -- T-8 Traspaso -------------------------------------------------------------------------------------------------

def _traspaso(datos: Mapping[str, object] | None = None, vendedor: Persona | None = None,
              comprador: Persona | None = None) -> Caso:
    vendedor = vendedor or persona("79111222", nombres="Jorge", apellidos="Rincón")
    comprador = comprador or persona("52333444")
    partes = {"titular": comprador, "vendedor": vendedor, "comprador": comprador}
    r = remolque(vendedor)
    return Caso(tramite=T08, partes=partes, sujeto=r, soportes=soportes_de(T08, partes),
                datos=datos or {"motivo": "compraventa", "valor_venta": "18000000"},
                registros=RegistrosEnMemoria().inscribir(vendedor, comprador))


def test_t08_traspaso_aprobado_cambia_el_propietario() -> None:
    """T-8 requisitos 1.a…1.i; §6.2: change owner; the tradición closes the seller's link; the impuesto is reviewed
    (A-14) and the retención receipt asked (R-67, natural → natural)."""
    caso = _traspaso()
    assert bloqueos(caso) == []
    assert "recibo_retencion" in {r.codigo for r in T08.requisitos}
    assert hallazgo(caso, "presente", "recibo_retencion").resultado is Resultado.CUMPLE
    assert hallazgo(caso, "revisar").mensaje.startswith("Verifique el paz y salvo del impuesto sobre vehículos")
    ap = caso.aprobar()
    vendedor, comprador = caso.partes["vendedor"], caso.partes["comprador"]
    assert ap.sujeto.propietarios == [comprador.id]
    assert [(p.persona_id, p.hasta) for p in ap.sujeto.tradicion] == [(vendedor.id, HOY), (comprador.id, None)]
    assert ap.sujeto.historia[-1].detalle.startswith("Traspaso a Ana María Pérez Gómez")


def test_t08_multas_del_vendedor_o_del_comprador_bloquean() -> None:
    """T-8 requisito 1.c (R-10): seller AND buyer must be paz y salvo."""
    for rol in ("vendedor", "comprador"):
        caso = _traspaso()
        caso.registros.multar(caso.partes[rol])
        [fallo] = bloqueos(caso)
        assert fallo.regla == "sin_multas" and caso.partes[rol].nombre_completo in fallo.mensaje
        assert fallo.fuente == (f"{NORMA}, trámite 8, requisito 1.c: el vendedor y el comprador deben encontrarse a "
                                "paz y salvo por multas de tránsito")


def test_t08_con_prenda_y_sin_caso_especial_se_rechaza() -> None:
    """T-8 requisito 1.d (R-35): limitations block unless special case 10 or 11 is invoked."""
    caso = _traspaso()
    caso.sujeto.gravamenes.append(_prenda())
    [fallo] = bloqueos(caso)
    assert fallo.regla == "sin_limitaciones" and "prenda a favor de Banco de Bogotá" in fallo.mensaje
    assert fallo.fuente == f"{NORMA}, trámite 8, requisito 1.d y casos especiales 10 y 11"


def test_t08_caso_11_autorizacion_del_beneficiario_conserva_la_prenda() -> None:
    """T-8 caso especial 11 (R-35): the beneficiary consents; the official reviews; the prenda follows the new owner."""
    caso = _traspaso({"motivo": "compraventa", "valor_venta": "18000000", "caso_gravamen": "continua"})
    caso.sujeto.gravamenes.append(_prenda())
    caso.soportes = [s for s in caso.soportes if s.requisito != "levantamiento_o_autorizacion"]
    assert [h.requisito for h in bloqueos(caso)] == ["levantamiento_o_autorizacion"]
    caso.soportes = [*caso.soportes, soporte("levantamiento_o_autorizacion", HOY, "autorizacion_beneficiario")]
    assert hallazgo(caso, "sin_limitaciones").resultado is Resultado.REVISAR
    ap = caso.aprobar()
    assert ap.sujeto.propietarios == [caso.partes["comprador"].id]
    assert [g.beneficiario for g in ap.sujeto.gravamenes_vigentes()] == ["Banco de Bogotá"]


def test_t08_caso_11_levantamiento_levanta_la_prenda_y_traspasa() -> None:
    """T-8 caso especial 11 with the levantamiento; §6.2: limitations lifted, then the owner changes."""
    caso = _traspaso({"motivo": "compraventa", "valor_venta": "18000000", "caso_gravamen": "levantamiento"})
    prenda = _prenda()
    caso.sujeto.gravamenes.append(prenda)
    ap = caso.aprobar()
    assert prenda.levantado_en == HOY and ap.sujeto.gravamenes_vigentes() == []
    assert [a.detalle.split(" a favor")[0] for a in ap.sujeto.historia[-2:]] == [
        "Levantamiento de prenda", "Traspaso a Ana María Pérez Gómez (CC 52333444)."]


def test_t08_caso_11_declarado_sin_gravamen_se_rechaza() -> None:
    """T-8 caso especial 11: it applies only to a vehicle with a limitation or gravamen."""
    caso = _traspaso({"motivo": "compraventa", "valor_venta": "18000000", "caso_gravamen": "levantamiento"})
    [fallo] = bloqueos(caso)
    assert "no tiene limitaciones ni gravámenes inscritos" in fallo.mensaje
    assert fallo.fuente == f"{NORMA}, trámite 8, caso especial 11"


def test_t08_caso_10_medida_cautelar_conservada_con_autorizacion() -> None:
    """T-8 caso especial 10 (R-35): the authority authorises the traspaso keeping the medida cautelar."""
    caso = _traspaso({"motivo": "compraventa", "valor_venta": "18000000"})
    caso.sujeto.medidas.append(_embargo())
    [fallo] = bloqueos(caso)
    assert "embargo ordenado por Juzgado 2 Civil Municipal de Chía" in fallo.mensaje
    caso.datos = {**caso.datos, "caso_medida_cautelar": "conserva"}
    ap = caso.aprobar()
    assert len(ap.sujeto.medidas_vigentes()) == 1 and ap.sujeto.propietarios == [caso.partes["comprador"].id]


def test_t08_sucesion_exige_la_escritura_y_no_la_retencion() -> None:
    """T-8 caso especial 7 (R-37): original escritura pública; no contrato (decision) nor retención (not a sale)."""
    caso = _traspaso({"motivo": "sucesion"})
    caso.soportes = [s for s in caso.soportes
                     if s.requisito not in ("escritura_sucesion", "contrato_o_declaracion", "recibo_retencion")]
    [fallo] = bloqueos(caso)
    assert fallo.requisito == "escritura_sucesion"
    assert fallo.fuente == f"{NORMA}, trámite 8, caso especial 7: traspaso por sucesión"


def test_t08_aseguradora_exige_peritaje_y_comprador_persona_juridica() -> None:
    """T-8 caso especial 6 (R-36): traspaso to an insurer for pérdida o destrucción parcial."""
    caso = _traspaso({"motivo": "aseguradora"})
    caso.soportes = [s for s in caso.soportes if s.requisito != "peritaje_aseguradora"]
    assert {h.requisito or h.regla for h in bloqueos(caso)} == {"peritaje_aseguradora", "condicion"}
    aseguradora = empresa("8600021807", "Seguros del Estado S.A.")
    caso = _traspaso({"motivo": "aseguradora", "naturaleza_entidad": "privada"}, comprador=aseguradora)
    caso.registros.inscribir(aseguradora)
    assert bloqueos(caso) == []
    assert caso.aprobar().sujeto.propietarios == [aseguradora.id]


# -- T-9 Traslado ---------------------------------------------------------------------------------------------------

def test_t09_traslado_deja_la_matricula_en_traslado_hacia_el_destino() -> None:
    """T-9; §6.1: ACTIVA → EN_TRASLADO (origin sends the folder), start date for trámite 13's 60 días hábiles.
    A-05: the retención receipt is not demanded."""
    caso = _caso(T09, {"organismo_destino": "Secretaría Distrital de Movilidad de Bogotá"})
    caso.soportes = [s for s in caso.soportes if s.requisito != "recibo_retencion"]
    assert bloqueos(caso) == []
    ap = caso.aprobar()
    v = ap.sujeto
    assert (v.estado_matricula, v.organismo_destino, v.traslado_iniciado_en, v.organismo) == (
        EstadoMatricula.EN_TRASLADO, "Secretaría Distrital de Movilidad de Bogotá", HOY, ORGANISMO)
    assert v.historia[-1].detalle == "Traslado de la matrícula hacia Secretaría Distrital de Movilidad de Bogotá."


def test_t09_matricula_ya_en_traslado_se_rechaza() -> None:
    """T-9: only an active matrícula is transferred."""
    caso = _caso(T09, {"organismo_destino": "Tránsito de Cajicá"})
    caso.sujeto.iniciar_traslado("Tránsito de Zipaquirá", HOY)
    [fallo] = bloqueos(caso)
    assert fallo.regla == "estado_matricula" and "en traslado hacia Tránsito de Zipaquirá" in fallo.mensaje
    assert fallo.fuente == f"{NORMA}, trámite 9"


def test_t09_sin_improntas_se_rechaza() -> None:
    """T-9 requisito 1.e (A-05): the improntas are demanded."""
    caso = _caso(T09, {"organismo_destino": "Tránsito de Cajicá"})
    caso.soportes = [s for s in caso.soportes if s.requisito != "improntas"]
    [fallo] = bloqueos(caso)
    assert fallo.requisito == "improntas" and fallo.fuente == f"{NORMA}, trámite 9, requisito 1.e"


def test_t08_caso_10_la_autoridad_ordena_cancelar_la_medida() -> None:
    """T-8 caso especial 10 (R-35): with the order to cancel it, approval lifts the medida and records it."""
    caso = _traspaso({"motivo": "compraventa", "valor_venta": "18000000", "caso_medida_cautelar": "cancelacion"})
    caso.sujeto.medidas.append(_embargo())
    ap = caso.aprobar()
    assert ap.sujeto.medidas_vigentes() == [] and ap.sujeto.medidas[0].levantada_en == caso.hoy
    assert any("Levantamiento de la medida cautelar (embargo)" in a.detalle for a in ap.sujeto.historia)
