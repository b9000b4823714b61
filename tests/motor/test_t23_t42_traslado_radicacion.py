"""T-23 traslado (origin side) and T-42 radicación (receiving side) of a vehículo automotor's matrícula (seed 003
digest §2.3, §6.1, §6.3; R-57, R-61, A-11, A-12, A-14)."""

from __future__ import annotations

from datetime import date, timedelta

from domain.calendario import dias_habiles_entre
from domain.reglas import Resultado
from domain.vehiculos import CausaCancelacion, EstadoMatricula, Vehiculo
from tests.motor.escenarios import (
    HOY,
    ORGANISMO,
    RegistrosEnMemoria,
    bloqueo,
    caso_vehiculo,
    persona,
    vehiculo,
)

DUENO = persona("79111222", nombres="Jorge", apellidos="Rincón")
BOGOTA = "TRANSITO-BOGOTA"


# -- T-23 traslado: Chía sends the matrícula ------------------------------------------------------------------------
def test_t23_traslado_deja_la_matricula_en_traslado_hacia_el_destino() -> None:
    """Digest §6.1 (A-12 decided: T-23 is the origin side): ACTIVA → EN_TRASLADO toward the destination."""
    caso = caso_vehiculo(23, {"organismo_destino": BOGOTA}, titular=DUENO, sujeto=vehiculo(DUENO))
    assert caso.fallidos() == []
    ap = caso.aprobar()
    v = ap.sujeto
    assert (v.estado_matricula, v.organismo_destino, v.traslado_iniciado_en) == (EstadoMatricula.EN_TRASLADO, BOGOTA,
                                                                                 HOY)
    assert v.organismo == ORGANISMO
    assert v.historia[-1].detalle == f"Traslado de la matrícula hacia {BOGOTA}."


def test_t23_la_recepcion_de_la_carpeta_la_confirma_el_funcionario() -> None:
    """R-57 (T-23 step 4): the destination's reception of the folder is a review finding, not a blocking one."""
    caso = caso_vehiculo(23, {"organismo_destino": BOGOTA}, titular=DUENO, sujeto=vehiculo(DUENO))
    revision = next(h for h in caso.hallazgos() if h.regla == "revisar" and "carpeta" in h.mensaje)
    assert revision.resultado is Resultado.REVISAR and not revision.bloqueante
    assert revision.fuente == "Resolución 5721 de 2019 de Chía, trámite 23, paso 4"


def test_t23_impuesto_sin_pagar_bloquea_el_traslado() -> None:
    """R-61 / A-14 decided: the vehicle tax is verified at the origin (Ley 488 de 1998, art. 148)."""
    caso = caso_vehiculo(23, {"organismo_destino": BOGOTA}, titular=DUENO, sujeto=vehiculo(DUENO),
                         registros=RegistrosEnMemoria().inscribir(DUENO))
    fallo = bloqueo(caso, "impuesto_al_dia")
    assert fallo.mensaje == f"El impuesto vehicular {HOY.year} del vehículo ABC123 no está pagado."
    assert fallo.fuente == ("Resolución 5721 de 2019 de Chía, reglas generales, literal f (Ley 488 de 1998, art. 148: "
                            "traslado del registro)")


def test_t23_matricula_cancelada_no_se_traslada() -> None:
    """Block vehiculo_activo: a cancelled matrícula cannot be transferred."""
    v = vehiculo(DUENO)
    v.cancelar(CausaCancelacion.SOLICITUD_TITULAR)
    fallo = bloqueo(caso_vehiculo(23, {"organismo_destino": BOGOTA}, titular=DUENO, sujeto=v), "estado_matricula")
    assert "matrícula activa" in fallo.mensaje and "cancelada" in fallo.mensaje


# -- T-42 radicación: Chía receives it --------------------------------------------------------------------------------
def _de_bogota(hacia: str = ORGANISMO, desde: date = HOY - timedelta(days=10)) -> Vehiculo:
    v = vehiculo(DUENO, organismo=BOGOTA)
    v.iniciar_traslado(hacia, desde)
    return v


def test_t42_radicacion_registra_el_vehiculo_en_chia() -> None:
    """Digest §6.1: EN_TRASLADO toward this organismo → ACTIVA here (A-11: Chía, not Barranquilla)."""
    caso = caso_vehiculo(42, titular=DUENO, sujeto=_de_bogota())
    assert caso.fallidos() == []
    ap = caso.aprobar()
    v = ap.sujeto
    assert (v.estado_matricula, v.organismo, v.organismo_destino, v.traslado_iniciado_en) == (
        EstadoMatricula.ACTIVA, ORGANISMO, None, None)
    assert v.historia[-1].detalle == f"Radicación de la matrícula en {ORGANISMO}."
    assert "Chía" in caso.tramite.descripcion and "Barranquilla" not in caso.tramite.descripcion


def test_t42_traslado_hacia_otro_organismo_no_se_radica_aqui() -> None:
    """T-42: only a matrícula sent toward this organismo is radicada here."""
    fallo = bloqueo(caso_vehiculo(42, titular=DUENO, sujeto=_de_bogota(hacia="TRANSITO-CALI")),
                    "traslado_hacia_este_organismo")
    assert fallo.mensaje.startswith("Solo se radica en Chía una matrícula que el organismo de tránsito de origen")
    assert "en traslado hacia TRANSITO-CALI" in fallo.mensaje
    assert fallo.fuente.startswith("Resolución 5721 de 2019 de Chía, trámite 42, descripción")


def test_t42_matricula_activa_sin_traslado_no_se_radica() -> None:
    """T-42: without a traslado filed at the origin there is nothing to radicar."""
    fallo = bloqueo(caso_vehiculo(42, titular=DUENO, sujeto=vehiculo(DUENO, organismo=BOGOTA)),
                    "traslado_hacia_este_organismo")
    assert "está activa" in fallo.mensaje


def _ultimo_dia_con(habiles: int) -> date:
    """The latest start date that lies exactly ``habiles`` días hábiles before HOY."""
    dia = HOY
    while dias_habiles_entre(dia, HOY) < habiles:
        dia -= timedelta(days=1)
    return dia


def test_t42_mas_de_sesenta_dias_habiles_pide_confirmar_con_el_origen() -> None:
    """A-27 decided (T-13 step 4 by analogy): boundary — 60 días hábiles: no finding; 61: a review finding."""
    sesenta, sesenta_y_uno = _ultimo_dia_con(60), _ultimo_dia_con(61)
    assert dias_habiles_entre(sesenta, HOY) == 60 and dias_habiles_entre(sesenta_y_uno, HOY) == 61

    def revisiones(inicio: date) -> list[str]:
        caso = caso_vehiculo(42, titular=DUENO, sujeto=_de_bogota(desde=inicio))
        return [h.mensaje for h in caso.hallazgos() if h.regla == "revisar" and "sesenta" in h.mensaje]

    assert revisiones(sesenta) == []
    assert len(revisiones(sesenta_y_uno)) == 1
    assert caso_vehiculo(42, titular=DUENO, sujeto=_de_bogota(desde=sesenta_y_uno)).fallidos() == []


def test_t42_no_verifica_el_impuesto() -> None:
    """A-14 decided: the tax of the traslado is verified at the origin (T-23), not repeated at radicación."""
    caso = caso_vehiculo(42, titular=DUENO, sujeto=_de_bogota(), registros=RegistrosEnMemoria().inscribir(DUENO))
    assert caso.fallidos() == []


def test_t23_matricula_de_otro_organismo_no_se_traslada_desde_chia() -> None:
    """Block auto_en_este_organismo: Chía only sends a matrícula it keeps."""
    caso = caso_vehiculo(23, {"organismo_destino": "TRANSITO-CALI"}, titular=DUENO,
                         sujeto=vehiculo(DUENO, organismo=BOGOTA))
    fallo = bloqueo(caso, "registrado_en_este_organismo")
    assert fallo.mensaje == ("La matrícula del vehículo ABC123 está registrada en otro organismo de tránsito "
                             f"({BOGOTA}); el trámite se adelanta allí.")


def test_t23_aprobado_deja_la_matricula_para_el_destino_y_no_para_chia() -> None:
    """Digest §6.3 T-23 → T-42: what Chía sent away is radicated at the destination, not back in Chía."""
    salida = caso_vehiculo(23, {"organismo_destino": BOGOTA}, titular=DUENO, sujeto=vehiculo(DUENO)).aprobar()
    fallo = bloqueo(caso_vehiculo(42, titular=DUENO, sujeto=salida.sujeto), "traslado_hacia_este_organismo")
    assert f"hacia {BOGOTA}" in fallo.mensaje
