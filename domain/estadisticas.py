"""Statistics of an entidad's solicitudes, folded from the append-only event log into small aggregates.

The fold is pure: the persistence layer hands it a batch of events plus what it needs of each solicitud (entidad,
trámite, current decision deadline) and of the fold so far (the last event folded per solicitud and when its
current cycle began); it returns additions to the weekly counters. Applying an event twice is impossible by
construction: an event whose ``secuencia`` is not above the solicitud's last folded one is skipped. See
docs/estadisticas.md.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import lru_cache

from domain.calendario import dias_habiles_entre, sumar_dias_habiles
from domain.reloj import fecha_en_colombia

DECISIONES = frozenset({"aprobada", "rechazada"})
INICIOS_DE_CICLO = frozenset({"radicada", "subsanada"})
"""A decision's clock starts when the solicitud is filed, and again when a rejected one is corrected."""
TIPOS_PLEGADOS = DECISIONES | INICIOS_DE_CICLO | {"desistida", "anulada"}
MAX_DIAS = 60
"""Decision times are counted per día hábil up to this; anything longer lands in the last bucket (the median stays
exact while at least half of the decisions take less)."""
LARGO_MOTIVO = 200
# A fold meets the same (start, decision) pairs over and over (a day's filings decided the same day): memoised.
_dias_habiles = lru_cache(maxsize=8192)(dias_habiles_entre)
_sumar_dias_habiles = lru_cache(maxsize=8192)(sumar_dias_habiles)
CONTADORES = ("radicadas", "decididas", "aprobadas", "rechazadas", "a_tiempo", "desistidas", "anuladas")


def semana_de(dia: date) -> date:
    """The Monday of ``dia``'s ISO week: the key of every weekly aggregate."""
    return dia - timedelta(days=dia.weekday())


def normalizar_motivo(texto: str) -> str:
    """One rejection reason as a grouping key: blanks collapsed, closing punctuation dropped, first letter upper,
    at most LARGO_MOTIVO characters. Officials type reasons freely; this merges «la foto no es legible.» and
    «La foto no es legible»."""
    limpio = re.sub(r"\s+", " ", texto).strip().rstrip(".;,: ").strip()
    if not limpio:
        return ""
    limpio = limpio[0].upper() + limpio[1:]
    return limpio if len(limpio) <= LARGO_MOTIVO else limpio[: LARGO_MOTIVO - 1].rstrip() + "…"


@dataclass(frozen=True)
class EventoLog:
    solicitud_id: uuid.UUID
    secuencia: int
    cuando: datetime
    tipo: str
    detalle: str


@dataclass(frozen=True)
class FichaSolicitud:
    """What the fold reads from the solicitud row (a primary-key lookup per solicitud of the batch)."""

    entidad: str
    tramite: str
    limite: date
    """fecha_limite_decision as it is now: the limit of the solicitud's latest cycle."""
    ultima_subsanacion: tuple[int, date] | None = None
    """(secuencia, day) of its latest «subsanada» event, if any: tells whether ``limite`` is a later cycle's."""


@dataclass(frozen=True)
class Seguimiento:
    """The fold's memory of one solicitud."""

    secuencia: int
    inicio_ciclo: date | None


NUEVO = Seguimiento(-1, None)
"""A solicitud none of whose events was folded (the repositories number events from 0)."""
Clave = tuple[str, str, date]  # entidad, trámite, semana


@dataclass
class Pliegue:
    """Additions to the aggregates from one batch, and the new per-solicitud memory."""

    semanas: dict[Clave, Counter[str]] = field(default_factory=dict)
    tiempos: Counter[tuple[str, str, date, int]] = field(default_factory=Counter)
    motivos: Counter[tuple[str, str, date, str]] = field(default_factory=Counter)
    seguimientos: dict[uuid.UUID, Seguimiento] = field(default_factory=dict)
    plegados: int = 0

    def sumar(self, clave: Clave, contador: str, n: int = 1) -> None:
        self.semanas.setdefault(clave, Counter())[contador] += n


def limite_vigente(ficha: FichaSolicitud, secuencia: int, inicio_ciclo: date | None) -> date:
    """The decision deadline in force when event ``secuencia`` happened.

    The row keeps only the latest cycle's limit; when the solicitud was corrected after this decision, that limit
    was counted from the correction. Both limits come from the same plazo (radicar and subsanar count it from
    their own day), so the plazo is read back from the latest cycle and counted again from this cycle's start.
    """
    posterior = ficha.ultima_subsanacion
    if posterior is None or posterior[0] < secuencia or inicio_ciclo is None:
        return ficha.limite
    plazo = max(_dias_habiles(posterior[1], ficha.limite), 0)
    return _sumar_dias_habiles(inicio_ciclo, plazo)


def plegar(
    eventos: Iterable[EventoLog],
    fichas: Mapping[uuid.UUID, FichaSolicitud],
    seguimientos: Mapping[uuid.UUID, Seguimiento],
) -> Pliegue:
    """Fold a batch of events (any order: each solicitud's are taken by secuencia) into aggregate additions."""
    pliegue = Pliegue()
    por_solicitud: dict[uuid.UUID, list[EventoLog]] = {}
    for e in eventos:
        por_solicitud.setdefault(e.solicitud_id, []).append(e)
    for sid, propios in por_solicitud.items():
        ficha = fichas.get(sid)
        if ficha is None:  # the row is gone (never happens: solicitudes are not deleted); nothing to attribute
            continue
        seguimiento = seguimientos.get(sid, NUEVO)
        for e in sorted(propios, key=lambda x: x.secuencia):
            if e.secuencia <= seguimiento.secuencia:
                continue  # folded already (a second worker, or the window re-read for late commits)
            seguimiento = _plegar_uno(pliegue, e, ficha, seguimiento)
            pliegue.plegados += 1
        pliegue.seguimientos[sid] = seguimiento
    return pliegue


def _plegar_uno(p: Pliegue, e: EventoLog, ficha: FichaSolicitud, s: Seguimiento) -> Seguimiento:
    dia = fecha_en_colombia(e.cuando)
    clave = (ficha.entidad, ficha.tramite, semana_de(dia))
    s = replace(s, secuencia=e.secuencia)
    if e.tipo == "radicada":
        p.sumar(clave, "radicadas")
    if e.tipo in INICIOS_DE_CICLO:
        return replace(s, inicio_ciclo=dia)
    if e.tipo in ("desistida", "anulada"):
        p.sumar(clave, e.tipo + "s")
    if e.tipo not in DECISIONES:
        return s
    p.sumar(clave, "decididas")
    p.sumar(clave, "aprobadas" if e.tipo == "aprobada" else "rechazadas")
    if dia <= limite_vigente(ficha, e.secuencia, s.inicio_ciclo):
        p.sumar(clave, "a_tiempo")
    if s.inicio_ciclo is not None:
        dias = min(max(_dias_habiles(s.inicio_ciclo, dia), 0), MAX_DIAS)
        p.tiempos[(*clave, dias)] += 1
    if e.tipo == "rechazada":
        for linea in e.detalle.splitlines():
            motivo = normalizar_motivo(linea)
            if motivo:
                p.motivos[(*clave, motivo)] += 1
    return s


def mediana(histograma: Mapping[int, int]) -> float | None:
    """The median of values given as {value: count}; the mean of the two middle values when the count is even."""
    total = sum(histograma.values())
    if total == 0:
        return None
    ordenados = sorted(histograma.items())

    def valor_en(posicion: int) -> int:
        acumulado = 0
        for valor, cuenta in ordenados:
            acumulado += cuenta
            if acumulado > posicion:
                return valor
        raise AssertionError("unreachable")

    return (valor_en((total - 1) // 2) + valor_en(total // 2)) / 2


@dataclass(frozen=True)
class Marca:
    """The watermark: the last event folded, in (cuando, solicitud_id, secuencia) order."""

    cuando: datetime | None = None
    solicitud_id: uuid.UUID | None = None
    secuencia: int = 0
    actualizada_en: datetime | None = None


def siguiente_marca(marca: Marca, eventos: Sequence[EventoLog], ahora: datetime) -> Marca:
    """The watermark after a batch read in (cuando, solicitud_id, secuencia) order."""
    if not eventos:
        return replace(marca, actualizada_en=ahora)
    ultimo = eventos[-1]
    return Marca(ultimo.cuando, ultimo.solicitud_id, ultimo.secuencia, ahora)
