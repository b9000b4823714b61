"""T-30 duplicado de placas, T-31 duplicado de la licencia de tránsito and T-33 certificado de libertad y tradición
of a vehículo automotor (seed 003 digest §2.3; R-26, A-21, A-26, §6.2)."""

from __future__ import annotations

from domain.motor.evaluador import evaluar
from domain.reglas import Resultado
from domain.vehiculos import CausaCancelacion, EstadoMatricula
from tests.motor.escenarios import bloqueo, caso_vehiculo, persona, vehiculo

DUENO = persona("79111222", nombres="Jorge", apellidos="Rincón")


# -- T-30 duplicado de placas ---------------------------------------------------------------------------------------
def test_t30_duplicado_por_deterioro_conserva_la_placa_y_anota() -> None:
    """Digest §6.2 T-30: a duplicate of the same plate; the registry keeps its number and writes the history."""
    caso = caso_vehiculo(30, {"motivo": "deterioro"}, titular=DUENO, sujeto=vehiculo(DUENO))
    assert caso.fallidos() == []
    ap = caso.aprobar()
    assert (ap.sujeto.placa, ap.sujeto.placas_anteriores) == ("ABC123", [])
    assert ap.sujeto.historia[-1].detalle == ("Duplicado de placas por deterioro o destrucción; las placas anteriores "
                                              "se entregan al recibir las nuevas.")


def test_t30_las_placas_deterioradas_se_exigen_al_entregar() -> None:
    """T-30 e (D-PLACAS decided): the deteriorated plates are handed in when the new ones are delivered."""
    caso = caso_vehiculo(30, {"motivo": "deterioro"}, titular=DUENO, sujeto=vehiculo(DUENO))
    caso.soportes = [s for s in caso.soportes if s.requisito != "placas_deterioradas"]
    assert caso.fallidos() == []
    (fallo,) = [h for h in evaluar(caso.evaluacion(), al_entregar=True) if h.resultado is Resultado.NO_CUMPLE]
    assert fallo.requisito == "placas_deterioradas" and fallo.bloqueante
    assert fallo.fuente == "Resolución 5721 de 2019 de Chía, trámite 30, requisito 1.e"


def test_t30_por_hurto_se_acepta_la_manifestacion_escrita() -> None:
    """A-26 decided: for pérdida or hurto a written statement replaces the plates (as in T-6); it is required."""
    caso = caso_vehiculo(30, {"motivo": "hurto"}, titular=DUENO, sujeto=vehiculo(DUENO))
    caso.soportes = [s for s in caso.soportes if s.requisito not in ("placas_deterioradas", "manifestacion_perdida")]
    assert [h.requisito for h in evaluar(caso.evaluacion(), al_entregar=True)
            if h.resultado is Resultado.NO_CUMPLE] == ["manifestacion_perdida"]
    assert "decisión A-26" in caso.fallidos()[0].fuente


def test_t30_no_pide_improntas() -> None:
    """R-26 (reglas generales, literal l): duplicados are exempt from improntas."""
    assert caso_vehiculo(30, {"motivo": "deterioro"}).tramite.requisito("improntas") is None


# -- T-31 duplicado de la licencia de tránsito -------------------------------------------------------------------------
def test_t31_duplicado_de_licencia_de_transito_anota_el_motivo() -> None:
    """Digest §6.2 T-31: a duplicate licencia de tránsito; nothing beyond the base is asked."""
    caso = caso_vehiculo(31, {"motivo": "hurto"}, titular=DUENO, sujeto=vehiculo(DUENO))
    assert caso.fallidos() == []
    ap = caso.aprobar()
    assert ap.sujeto.historia[-1].detalle == "Duplicado de la licencia de tránsito por hurto."
    assert len(ap.sujeto.historia) == 1  # exactly one of the three history effects applied


def test_t31_multas_pendientes_bloquean() -> None:
    """R-09 (B-MULTAS): the applicant must be at paz y salvo for traffic fines."""
    caso = caso_vehiculo(31, {"motivo": "perdida"}, titular=DUENO, sujeto=vehiculo(DUENO))
    caso.registros.multar(DUENO)
    fallo = bloqueo(caso, "sin_multas")
    assert "1 multa(s) pendiente(s) por $468.500" in fallo.mensaje
    assert fallo.fuente == ("Resolución 5721 de 2019 de Chía, trámite 31, requisito 1.c: paz y salvo por multas de "
                            "tránsito")


# -- T-33 certificado de libertad y tradición ------------------------------------------------------------------------
def test_t33_certificado_de_un_vehiculo_cancelado_para_un_tercero() -> None:
    """Digest §6.2 T-33: read-only (only the issuance is written); anyone may ask it, for a cancelled vehicle too."""
    v = vehiculo(DUENO)
    v.cancelar(CausaCancelacion.HURTO)
    comprador = persona("52333444")
    caso = caso_vehiculo(33, titular=comprador, sujeto=v)
    assert caso.fallidos() == []
    assert caso.tramite.documento_resultado is not None
    assert caso.tramite.documento_resultado.tipo == "certificado_tradicion"
    ap = caso.aprobar()
    assert (ap.sujeto.estado_matricula, ap.sujeto.propietarios) == (EstadoMatricula.CANCELADA, [DUENO.id])
    assert [a.detalle for a in ap.sujeto.historia] == ["Expedición del certificado de libertad y tradición."]


def test_t33_exige_la_base_completa_del_manual() -> None:
    """A-21 decided: unlike T-18, T-33 lists RUNT, identity, fines and the RNA form: the requester is in the RUNT."""
    caso = caso_vehiculo(33, titular=persona("52333444"), sujeto=vehiculo(DUENO))
    caso.registros.runt.clear()
    fallo = bloqueo(caso, "inscrito_runt")
    assert fallo.fuente.startswith("Resolución 5721 de 2019 de Chía, trámite 33, requisito 1.a")
    assert caso.tramite.requisito("formulario") is not None


def test_t33_matricula_radicada_en_otro_organismo_no_se_certifica_aqui() -> None:
    """T-33 (decision): the certificate is issued where the matrícula is registered."""
    v = vehiculo(DUENO)
    v.iniciar_traslado("TRANSITO-BOGOTA", v.tradicion[0].desde)
    v.radicar("TRANSITO-BOGOTA")
    fallo = bloqueo(caso_vehiculo(33, titular=DUENO, sujeto=v), "registrado_en_este_organismo")
    assert "registrada en otro organismo de tránsito (TRANSITO-BOGOTA)" in fallo.mensaje
