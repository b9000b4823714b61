"""Dates the way Colombian documents write them ("23 de noviembre de 2026"). Pure data, shared by the domain's
texts and the PDF renderers."""

from __future__ import annotations

from datetime import date

MESES = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)


def fecha_larga(dia: date) -> str:
    """'1 de junio de 2025', the way Colombian certificates write dates."""
    return f"{dia.day} de {MESES[dia.month - 1]} de {dia.year}"
