"""Notifications to citizens, written to an outbox in the same transaction as the change that causes them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime


@dataclass
class Notificacion:
    id: uuid.UUID
    destinatario: str
    asunto: str
    cuerpo: str
    creada_en: datetime
    solicitud_id: uuid.UUID | None = None
    enviada_en: datetime | None = None
