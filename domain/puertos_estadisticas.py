"""Ports of the statistics (domain/estadisticas.py): the fold's transaction and the reads of the aggregates."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from types import TracebackType
from typing import Protocol

from domain.estadisticas import EventoLog, FichaSolicitud, Marca, Pliegue, Seguimiento


@dataclass(frozen=True)
class FilaSemana:
    """One row of the weekly aggregate (one trámite, or all of the entidad's summed)."""

    semana: date
    tramite: str
    radicadas: int = 0
    decididas: int = 0
    aprobadas: int = 0
    rechazadas: int = 0
    a_tiempo: int = 0
    desistidas: int = 0
    anuladas: int = 0


class UnidadEstadisticas(Protocol):
    """One transaction of the fold. ``bloquear_marca`` first: it serialises concurrent folds (row lock)."""

    def __enter__(self) -> UnidadEstadisticas: ...
    def __exit__(
        self, tipo: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...
    def bloquear_marca(self) -> Marca: ...
    def eventos_despues(self, marca: Marca, limite: int) -> list[EventoLog]:
        """The next folded-kind events after the watermark, in (cuando, solicitud_id, secuencia) order."""
        ...
    def eventos_tardios(self, marca: Marca, margen: timedelta) -> list[EventoLog]:
        """Events at or before the watermark, no older than ``margen`` before it, that were not folded: rows of a
        transaction that committed after a fold had already passed their ``cuando``."""
        ...
    def fichas(self, ids: Collection[uuid.UUID]) -> dict[uuid.UUID, FichaSolicitud]: ...
    def seguimientos(self, ids: Collection[uuid.UUID]) -> dict[uuid.UUID, Seguimiento]: ...
    def aplicar(self, pliegue: Pliegue, marca: Marca) -> None: ...
    def commit(self) -> None: ...


class AlmacenEstadisticas(Protocol):
    def unidad(self) -> UnidadEstadisticas: ...
    def marca(self) -> Marca: ...
    def pendientes(self, marca: Marca, hasta: int) -> int:
        """How many events wait to be folded, counting at most ``hasta`` (a cheap "is it stale?")."""
        ...
    def semanas(self, entidad: str, tramite: str | None, desde: date, hasta: date) -> list[FilaSemana]:
        """Weekly rows with ``desde <= semana <= hasta`` (Mondays), per trámite, ordered by week and trámite."""
        ...
    def tiempos(self, entidad: str, tramite: str | None, desde: date, hasta: date) -> dict[int, int]:
        """Decisions per días hábiles taken, summed over the weeks."""
        ...
    def motivos(self, entidad: str, tramite: str | None, desde: date, hasta: date,
                limite: int) -> list[tuple[str, int]]:
        """The most frequent rejection reasons, most frequent first."""
        ...
    def tramites(self, entidad: str) -> list[str]:
        """Trámite codes that have statistics for the entidad."""
        ...
    def vencidas(self, entidad: str, tramite: str | None, hoy: date) -> int:
        """Open solicitudes (radicada, en estudio) whose decision deadline is before ``hoy``: an index range count."""
        ...
