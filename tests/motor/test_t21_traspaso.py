"""T-21 Traspaso de propiedad de un vehículo automotor (seed 003 digest §2.3 T-21; rules R-01, R-09, R-61, R-67)."""

from __future__ import annotations

from domain.reglas import Resultado
from domain.vehiculos import EstadoMatricula, Gravamen
from tests.motor.escenarios import HOY, Caso, RegistrosEnMemoria, empresa, persona, soportes_de, tramite, vehiculo

T21 = tramite(21)


def _caso(**cambios: object) -> Caso:
    vendedor, comprador = persona("79111222", nombres="Jorge", apellidos="Rincón"), persona("52333444")
    v = vehiculo(vendedor)
    partes = {"titular": comprador, "vendedor": vendedor, "comprador": comprador}
    registros = RegistrosEnMemoria().inscribir(vendedor, comprador).pagar_impuesto(v.placa)
    base = dict(tramite=T21, partes=partes, sujeto=v, soportes=soportes_de(T21, partes),
                datos={"valor_venta": "32000000"}, registros=registros)
    base.update(cambios)
    return Caso(**base)  # type: ignore[arg-type]


def test_traspaso_aprobado_cambia_el_propietario_y_la_tradicion() -> None:
    caso = _caso()
    assert caso.fallidos() == []
    ap = caso.aprobar()
    comprador, vendedor = caso.partes["comprador"], caso.partes["vendedor"]
    assert ap.sujeto.propietarios == [comprador.id]
    assert [(p.persona_id, p.hasta) for p in ap.sujeto.tradicion] == [(vendedor.id, HOY), (comprador.id, None)]
    assert ap.sujeto.historia[-1].tramite == "Traspaso de propiedad de un vehículo automotor"
    assert ap.sujeto.historia[-1].radicado == "MOV-2026-000123"


def test_vendedor_que_no_es_propietario_bloquea() -> None:
    caso = _caso()
    caso.sujeto.propietarios = []
    fallo = next(h for h in caso.fallidos() if h.regla == "es_propietario")
    assert fallo.bloqueante and "no es propietario" in fallo.mensaje
    assert fallo.fuente == "Resolución 5721 de 2019 de Chía, trámite 21"


def test_multas_del_titular_bloquean_con_la_cita_de_la_norma() -> None:
    caso = _caso()
    caso.registros.multar(caso.partes["titular"])
    fallo = next(h for h in caso.fallidos() if h.regla == "sin_multas")
    assert "1 multa(s) pendiente(s) por $468.500" in fallo.mensaje
    assert fallo.fuente == ("Resolución 5721 de 2019 de Chía, trámite 21, requisito 1.c: "
                            "paz y salvo por multas de tránsito")


def test_impuesto_sin_pagar_bloquea_salvo_servicio_publico() -> None:
    caso = _caso(registros=RegistrosEnMemoria())
    vendedor, comprador = caso.partes["vendedor"], caso.partes["comprador"]
    caso.registros.inscribir(vendedor, comprador)
    assert any(h.regla == "impuesto_al_dia" for h in caso.fallidos())
    caso.sujeto.servicio = caso.sujeto.servicio.PUBLICO
    assert not any(h.regla == "impuesto_al_dia" for h in caso.fallidos())


def test_retencion_segun_la_tabla_de_la_dian() -> None:
    # (jurídica, natural) → no retención, so its receipt is not asked; (natural, natural) → asked.
    sin_recibo = [s for s in _caso().soportes if s.requisito != "recibo_retencion"]
    natural = _caso(soportes=sin_recibo)
    assert any(h.requisito == "recibo_retencion" for h in natural.fallidos())
    vendedora = empresa()
    v = vehiculo(vendedora)
    comprador = persona("52333444")
    partes = {"titular": comprador, "vendedor": vendedora, "comprador": comprador}
    juridica = _caso(partes=partes, sujeto=v, soportes=sin_recibo,
                     registros=RegistrosEnMemoria().inscribir(vendedora, comprador).pagar_impuesto(v.placa),
                     datos={"valor_venta": "32000000", "naturaleza_entidad": "privada"})
    assert not any(h.requisito == "recibo_retencion" for h in juridica.fallidos())
    tabla = next(h for h in juridica.hallazgos() if h.regla == "tabla_decision")
    assert tabla.resultado is Resultado.CUMPLE and "no hay retención" in tabla.mensaje


def test_vehiculo_cancelado_no_se_traspasa() -> None:
    caso = _caso()
    caso.sujeto.estado_matricula = EstadoMatricula.CANCELADA
    fallo = next(h for h in caso.fallidos() if h.regla == "estado_matricula")
    assert "matrícula activa" in fallo.mensaje and "cancelada" in fallo.mensaje


def test_apoderado_exige_el_poder_original() -> None:
    caso = _caso()
    caso.partes = {**caso.partes, "apoderado": persona("1011223344")}
    caso.soportes = [s for s in caso.soportes if s.requisito != "poder_o_mandato"]
    assert [h.requisito for h in caso.fallidos()] == ["poder_o_mandato"]


def test_con_prenda_el_traspaso_conserva_el_gravamen() -> None:
    import uuid

    caso = _caso()
    caso.sujeto.gravamenes.append(Gravamen(uuid.uuid4(), "prenda", "Banco de Bogotá", "Contrato 1", HOY, "X"))
    ap = caso.aprobar()
    assert [g.beneficiario for g in ap.sujeto.gravamenes_vigentes()] == ["Banco de Bogotá"]
