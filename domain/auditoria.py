"""The general audit log: who did what to which object, when, and why. Append-only; any use case may write it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class EventoAuditoria:
    id: uuid.UUID
    cuando: datetime
    actor: str
    """``funcionario:<usuario>`` or ``aliado:<nombre>``, like the actors of the aggregates' own event logs."""
    accion: str
    """A stable code, e.g. ``documento.revocar``."""
    objeto: str
    """``<kind>:<id>``, e.g. ``documento:5f0c…``."""
    entidad: str | None
    """The entidad whose object it is (who may read the entry); None for platform-wide actions."""
    detalle: str = ""
    """Free text in Spanish (the motivo of a revocation, …)."""

    @classmethod
    def nuevo(cls, cuando: datetime, actor: str, accion: str, objeto: str, entidad: str | None,
              detalle: str = "") -> EventoAuditoria:
        return cls(uuid.uuid4(), cuando, actor, accion, objeto, entidad, detalle)
