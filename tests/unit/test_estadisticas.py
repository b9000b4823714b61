"""The statistics fold (domain/estadisticas.py) on hand-written event logs: no database."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from domain.casos_uso.estadisticas import periodo
from domain.estadisticas import (
    MAX_DIAS,
    EventoLog,
    FichaSolicitud,
    Seguimiento,
    limite_vigente,
    mediana,
    normalizar_motivo,
    plegar,
    semana_de,
)
from domain.reloj import ZONA_COLOMBIA

ENT, TRAM = "SDG-BOGOTA", "SDG-CERT-RESIDENCIA"
SID = uuid.UUID(int=1)


def _en(dia: date, hora: int = 10) -> datetime:
    return datetime(dia.year, dia.month, dia.day, hora, tzinfo=ZONA_COLOMBIA)


def _ev(sec: int, dia: date, tipo: str, detalle: str = "", hora: int = 10) -> EventoLog:
    return EventoLog(SID, sec, _en(dia, hora), tipo, detalle)


def test_semana_iso_empieza_el_lunes() -> None:
    assert semana_de(date(2026, 3, 17)) == date(2026, 3, 16)  # a Tuesday
    assert semana_de(date(2026, 3, 22)) == date(2026, 3, 16)  # the Sunday closes the same ISO week
    assert semana_de(date(2026, 3, 23)) == date(2026, 3, 23)


def test_decidida_el_ultimo_dia_habil_es_a_tiempo_y_un_dia_despues_no() -> None:
    """Seed 000 paso 6: «El tiempo máximo de estudio y aprobación o rechazo de la solicitud es de 1 día hábil».
    Filed Tuesday 17/03/2026, the deadline is Wednesday 18: deciding on the 18th is on time, on the 19th late."""
    ficha = FichaSolicitud(ENT, TRAM, date(2026, 3, 18))
    for decision, a_tiempo in ((date(2026, 3, 18), 1), (date(2026, 3, 19), 0)):
        # Numbered from 0, as the repositories number a solicitud's events.
        p = plegar([_ev(0, date(2026, 3, 17), "radicada"), _ev(1, date(2026, 3, 17), "asignada"),
                    _ev(2, decision, "aprobada", hora=23)], {SID: ficha}, {})
        fila = p.semanas[(ENT, TRAM, date(2026, 3, 16))]
        assert (fila["radicadas"], fila["decididas"], fila["aprobadas"], fila["a_tiempo"]) == (1, 1, 1, a_tiempo)
        assert sum(p.tiempos.values()) == 1
        assert p.seguimientos[SID] == Seguimiento(2, date(2026, 3, 17))


def test_la_hora_cuenta_en_colombia_no_en_utc() -> None:
    """23:30 in Bogotá is already the next day in UTC: the decision day is Bogotá's."""
    ficha = FichaSolicitud(ENT, TRAM, date(2026, 3, 18))
    tarde = EventoLog(SID, 2, datetime(2026, 3, 19, 4, 30, tzinfo=UTC), "aprobada", "")  # 23:30 on the 18th
    p = plegar([_ev(1, date(2026, 3, 17), "radicada"), tarde], {SID: ficha}, {})
    assert p.semanas[(ENT, TRAM, date(2026, 3, 16))]["a_tiempo"] == 1


def test_festivo_no_cuenta_como_dia_habil() -> None:
    """Filed Friday 20/03/2026; Monday 23 is San José (observed): the deadline is Tuesday 24, 1 día hábil."""
    ficha = FichaSolicitud(ENT, TRAM, date(2026, 3, 24))
    p = plegar([_ev(1, date(2026, 3, 20), "radicada"), _ev(2, date(2026, 3, 24), "rechazada", "Falta firma")],
               {SID: ficha}, {})
    assert p.semanas[(ENT, TRAM, date(2026, 3, 23))]["a_tiempo"] == 1
    assert p.tiempos == {(ENT, TRAM, date(2026, 3, 23), 1): 1}


def test_eventos_ya_plegados_se_ignoran() -> None:
    ficha = FichaSolicitud(ENT, TRAM, date(2026, 3, 18))
    eventos = [_ev(1, date(2026, 3, 17), "radicada"), _ev(2, date(2026, 3, 18), "aprobada")]
    primero = plegar(eventos[:1], {SID: ficha}, {})
    segundo = plegar(eventos, {SID: ficha}, primero.seguimientos)  # the window re-read hands event 1 again
    assert segundo.plegados == 1
    assert segundo.semanas[(ENT, TRAM, date(2026, 3, 16))]["radicadas"] == 0
    assert segundo.semanas[(ENT, TRAM, date(2026, 3, 16))]["decididas"] == 1
    assert plegar(eventos, {SID: ficha}, segundo.seguimientos).plegados == 0


def test_eventos_desordenados_se_pliegan_por_secuencia() -> None:
    ficha = FichaSolicitud(ENT, TRAM, date(2026, 3, 18))
    p = plegar([_ev(2, date(2026, 3, 18), "aprobada"), _ev(1, date(2026, 3, 17), "radicada")], {SID: ficha}, {})
    assert p.tiempos == {(ENT, TRAM, date(2026, 3, 16), 1): 1}


def test_motivos_uno_por_linea_normalizados() -> None:
    ficha = FichaSolicitud(ENT, TRAM, date(2026, 3, 18))
    p = plegar([_ev(1, date(2026, 3, 17), "radicada"),
                _ev(2, date(2026, 3, 18), "rechazada", "la foto no es legible.\n\n  La  foto no es legible \nOtro;")],
               {SID: ficha}, {})
    assert p.motivos == {(ENT, TRAM, date(2026, 3, 16), "La foto no es legible"): 2,
                         (ENT, TRAM, date(2026, 3, 16), "Otro"): 1}


def test_motivo_largo_se_recorta() -> None:
    largo = normalizar_motivo("x" * 500)
    assert len(largo) == 200 and largo.endswith("…")
    assert normalizar_motivo("   .  ") == ""


def test_ciclo_de_subsanacion_limite_del_ciclo_anterior() -> None:
    """Rejected on time, then corrected: the row's deadline is the new cycle's; the earlier decision is judged
    against its own cycle's deadline, with the plazo read back from the new one (1 día hábil)."""
    ficha = FichaSolicitud(ENT, TRAM, date(2026, 4, 7), ultima_subsanacion=(4, date(2026, 4, 6)))
    eventos = [_ev(1, date(2026, 3, 17), "radicada"), _ev(2, date(2026, 3, 19), "rechazada", "Falta firma"),
               _ev(4, date(2026, 4, 6), "subsanada"), _ev(5, date(2026, 4, 7), "aprobada")]
    assert limite_vigente(ficha, 2, date(2026, 3, 17)) == date(2026, 3, 18)
    p = plegar(eventos, {SID: ficha}, {})
    marzo = p.semanas[(ENT, TRAM, date(2026, 3, 16))]
    abril = p.semanas[(ENT, TRAM, date(2026, 4, 6))]
    assert (marzo["rechazadas"], marzo["a_tiempo"]) == (1, 0)  # the 19th is after the 18th: late
    assert (abril["aprobadas"], abril["a_tiempo"]) == (1, 1)
    assert p.tiempos[(ENT, TRAM, date(2026, 4, 6), 1)] == 1  # counted from the correction, not the filing


def test_desistidas_y_anuladas_se_cuentan_sin_ser_decisiones() -> None:
    ficha = FichaSolicitud(ENT, TRAM, date(2026, 3, 18))
    p = plegar([_ev(1, date(2026, 3, 17), "radicada"), _ev(2, date(2026, 3, 17), "anulada", "Duplicada")],
               {SID: ficha}, {})
    fila = p.semanas[(ENT, TRAM, date(2026, 3, 16))]
    assert (fila["anuladas"], fila["decididas"]) == (1, 0)


def test_tiempo_largo_cae_en_el_ultimo_balde() -> None:
    ficha = FichaSolicitud(ENT, TRAM, date(2026, 3, 18))
    p = plegar([_ev(1, date(2026, 1, 5), "radicada"), _ev(2, date(2026, 12, 1), "aprobada")], {SID: ficha}, {})
    assert list(p.tiempos) == [(ENT, TRAM, date(2026, 11, 30), MAX_DIAS)]


def test_mediana_de_histograma() -> None:
    assert mediana({}) is None
    assert mediana({3: 1}) == 3
    assert mediana({0: 1, 1: 1, 5: 2}) == 3  # 0 1 5 5 → (1 + 5) / 2
    assert mediana({1: 5, 2: 1, 9: 3}) == 1


def test_periodo_por_defecto_doce_semanas_y_limites() -> None:
    hoy = date(2026, 3, 17)
    p = periodo(None, None, hoy)
    assert p.hasta == hoy and len(p.semanas) == 12 and p.semanas[0] == date(2025, 12, 29)
    invertido = periodo(date(2026, 3, 1), date(2026, 2, 1), hoy)
    assert (invertido.desde, invertido.hasta) == (date(2026, 2, 1), date(2026, 3, 1))
    largo = periodo(date(2000, 1, 1), hoy, hoy)
    assert len(largo.semanas) == 160 and largo.desde > date(2000, 1, 1)
    assert periodo(hoy - timedelta(days=1), hoy, hoy).semanas == [date(2026, 3, 16)]
