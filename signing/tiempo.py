"""Instants in the published JSON files: RFC 3339 in UTC, whole seconds, ``Z`` suffix — one spelling only.

``2025-06-01T15:30:00Z`` is the only accepted form (no offsets, no fractions, no lower-case ``t``/``z``), so that
every implementation writes and reads exactly the same text.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

_FORMA = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


class InstanteInvalido(ValueError):
    pass


def a_texto(instante: datetime) -> str:
    if instante.tzinfo is None:
        raise InstanteInvalido("se requiere una fecha y hora con zona horaria")
    return instante.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def de_texto(valor: object, campo: str) -> datetime:
    if not isinstance(valor, str) or not _FORMA.fullmatch(valor):
        raise InstanteInvalido(f"{campo} debe ser un instante AAAA-MM-DDTHH:MM:SSZ")
    try:
        return datetime.strptime(valor, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        raise InstanteInvalido(f"{campo} no es un instante válido") from None
