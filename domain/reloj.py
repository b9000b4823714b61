"""Time in the domain: always through a ``Reloj`` port; Colombia has no DST, so a fixed UTC-5 offset is exact."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Protocol

ZONA_COLOMBIA = timezone(timedelta(hours=-5), "America/Bogota")


class Reloj(Protocol):
    def ahora(self) -> datetime:
        """An aware datetime (any zone)."""
        ...


def fecha_en_colombia(instante: datetime) -> date:
    """The civil date in Colombia: a UTC instant after 19:00 in Bogotá is already tomorrow in UTC."""
    return instante.astimezone(ZONA_COLOMBIA).date()


def hoy_en_colombia(reloj: Reloj) -> date:
    return fecha_en_colombia(reloj.ahora())


class RelojFijo:
    """A clock that stays where it is told: for tests and for replaying decisions."""

    def __init__(self, instante: datetime) -> None:
        self.instante = instante

    def ahora(self) -> datetime:
        return self.instante

    def avanzar(self, **delta: float) -> None:
        self.instante += timedelta(**delta)
