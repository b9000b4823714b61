"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import Any

from sqlalchemy import JSON, DateTime
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

from domain.reloj import ZONA_COLOMBIA


class FechaHora(TypeDecorator[datetime]):
    """An aware datetime, stored as UTC and read back aware in the platform's zone.

    PostgreSQL keeps instants (``timestamptz``), but SQLite has no datetime type: SQLAlchemy writes the wall-clock text
    and silently drops the offset, so ``10:00-05:00`` would come back as ``10:00`` in no zone at all. Normalising to
    UTC before writing makes the stored text comparable (keyset pagination relies on its ordering) and lets us attach
    the zone again on the way back. Reading back in Colombia's zone (fixed UTC-5, no DST) instead of UTC keeps the
    repositories indistinguishable from the in-memory fakes, whose datetimes come from a Colombian clock.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def __init__(self, zona: tzinfo = ZONA_COLOMBIA) -> None:
        super().__init__()
        self.zona = zona

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            # A naive datetime is ambiguous (server time? Bogotá? UTC?): refuse it rather than guess.
            raise ValueError(f"Se esperaba una fecha y hora con zona horaria, no {value!r}.")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:  # SQLite: the text was written in UTC by process_bind_param
            value = value.replace(tzinfo=UTC)
        return value.astimezone(self.zona)

    @property
    def python_type(self) -> type[datetime]:
        return datetime


def Json() -> TypeEngine[Any]:
    """JSON everywhere, JSONB on PostgreSQL (binary, indexable, no re-parsing on read)."""
    return JSON().with_variant(JSONB(), "postgresql")
