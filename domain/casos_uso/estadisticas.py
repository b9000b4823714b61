"""Use cases of the statistics page: fold the event log into the aggregates, and read them for an entidad."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from domain.estadisticas import CONTADORES, Marca, mediana, plegar, semana_de, siguiente_marca
from domain.puertos_estadisticas import AlmacenEstadisticas, FilaSemana
from domain.reloj import Reloj, hoy_en_colombia

LOTE = 2_000
MARGEN_TARDIOS = timedelta(minutes=15)
"""How late a use case's transaction may commit after its clock read and still be folded (docs/estadisticas.md)."""
SEMANAS_POR_DEFECTO = 12
MAX_SEMANAS = 160  # about three years on one page; longer periods are a CSV job
MOTIVOS_MOSTRADOS = 10


def actualizar_estadisticas(
    almacen: AlmacenEstadisticas,
    reloj: Reloj,
    *,
    lote: int = LOTE,
    max_lotes: int | None = None,
    al_avanzar: Callable[[int], None] | None = None,
) -> int:
    """Fold the events logged since the watermark; returns how many were folded.

    One transaction per batch, each holding the watermark's row lock: a second worker waits and then continues
    from where the first stopped, and a crash loses nothing but the batch in flight. Folding is idempotent (each
    solicitud remembers the last event folded), so running it again, or twice at once, changes nothing.
    """
    total = 0
    lotes = 0
    while max_lotes is None or lotes < max_lotes:
        lotes += 1
        with almacen.unidad() as u:
            marca = u.bloquear_marca()
            # Forward first, then the late ones: a solicitud's next event can only be seen forward if its
            # earlier one had committed, so the second read (a newer snapshot) sees that one too.
            nuevos = u.eventos_despues(marca, lote)
            tardios = u.eventos_tardios(marca, MARGEN_TARDIOS)
            eventos = [*tardios, *nuevos]
            ids = {e.solicitud_id for e in eventos}
            pliegue = plegar(eventos, u.fichas(ids), u.seguimientos(ids))
            u.aplicar(pliegue, siguiente_marca(marca, nuevos, reloj.ahora()))
            u.commit()
        total += pliegue.plegados
        if al_avanzar is not None and eventos:
            al_avanzar(len(eventos))
        if len(nuevos) < lote:
            break
    return total


@dataclass(frozen=True)
class Periodo:
    desde: date
    hasta: date

    @property
    def semanas(self) -> list[date]:
        lunes = semana_de(self.desde)
        return [lunes + timedelta(weeks=i) for i in range((semana_de(self.hasta) - lunes).days // 7 + 1)]


def periodo(desde: date | None, hasta: date | None, hoy: date) -> Periodo:
    """The filter's period: by default the last SEMANAS_POR_DEFECTO weeks up to today; swapped if reversed,
    shortened to MAX_SEMANAS from its end."""
    fin = hasta or hoy
    inicio = desde or semana_de(fin) - timedelta(weeks=SEMANAS_POR_DEFECTO - 1)
    if inicio > fin:
        inicio, fin = fin, inicio
    inicio = max(inicio, semana_de(fin) - timedelta(weeks=MAX_SEMANAS - 1))
    return Periodo(inicio, fin)


@dataclass(frozen=True)
class Estadisticas:
    entidad: str
    tramite: str | None
    periodo: Periodo
    filas: list[FilaSemana]
    """Per week and trámite (only weeks with activity)."""
    totales: FilaSemana
    mediana_dias: float | None
    """Median días hábiles from filing (or correction) to decision."""
    motivos: list[tuple[str, int]]
    vencidas: int
    """Open solicitudes past their deadline today (not limited to the period: it is a «now» figure)."""
    tramites: list[str]
    marca: Marca

    @property
    def porcentaje_a_tiempo(self) -> float | None:
        d = self.totales.decididas
        return None if d == 0 else 100 * self.totales.a_tiempo / d


def consultar_estadisticas(
    almacen: AlmacenEstadisticas, reloj: Reloj, entidad: str, tramite: str | None, per: Periodo
) -> Estadisticas:
    """The figures of one entidad (optionally one trámite) in a period; reads aggregates only."""
    desde, hasta = semana_de(per.desde), semana_de(per.hasta)
    filas = almacen.semanas(entidad, tramite, desde, hasta)
    totales = FilaSemana(desde, tramite or "", **{c: sum(getattr(f, c) for f in filas) for c in CONTADORES})
    return Estadisticas(
        entidad=entidad, tramite=tramite, periodo=per, filas=filas, totales=totales,
        mediana_dias=mediana(almacen.tiempos(entidad, tramite, desde, hasta)),
        motivos=almacen.motivos(entidad, tramite, desde, hasta, MOTIVOS_MOSTRADOS),
        vencidas=almacen.vencidas(entidad, tramite, hoy_en_colombia(reloj)),
        tramites=almacen.tramites(entidad), marca=almacen.marca(),
    )


def al_dia(almacen: AlmacenEstadisticas, reloj: Reloj, *, cada: timedelta, hasta: int = LOTE) -> bool:
    """Before showing the page: fold now if the last fold is older than ``cada`` and what waits fits in one batch
    (a cheap wait); a bigger backlog is left to the periodic task. Returns whether the figures are up to date."""
    marca = almacen.marca()
    if marca.actualizada_en is not None and reloj.ahora() - marca.actualizada_en < cada:
        return True
    pendientes = almacen.pendientes(marca, hasta + 1)
    if pendientes > hasta:
        return False
    actualizar_estadisticas(almacen, reloj, lote=hasta, max_lotes=1)
    return True
