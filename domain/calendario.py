"""Días hábiles with Colombian holidays (Ley 51 de 1983 "Ley Emiliani" moves included, via the holidays data)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _festivos(anio: int) -> holidays.HolidayBase:
    return holidays.country_holidays("CO", years=anio, language="es")


def es_festivo(dia: date) -> bool:
    return dia in _festivos(dia.year)


def es_dia_habil(dia: date) -> bool:
    return dia.weekday() < 5 and not es_festivo(dia)


def nombre_festivo(dia: date) -> str | None:
    return _festivos(dia.year).get(dia)


def sumar_dias_habiles(desde: date, dias: int) -> date:
    """The n-th día hábil after ``desde`` (``desde`` itself never counts, as in términos of the CPACA)."""
    if dias < 0:
        raise ValueError("dias must be >= 0")
    actual = desde
    contados = 0
    while contados < dias:
        actual += timedelta(days=1)
        if es_dia_habil(actual):
            contados += 1
    return actual


def dias_habiles_entre(desde: date, hasta: date) -> int:
    """Días hábiles in (desde, hasta]; negative if hasta is before desde."""
    if hasta < desde:
        return -dias_habiles_entre(hasta, desde)
    return sum(1 for n in range(1, (hasta - desde).days + 1) if es_dia_habil(desde + timedelta(days=n)))


def sumar_meses(desde: date, meses: int) -> date:
    """Calendar months, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    mes0 = desde.month - 1 + meses
    anio, mes = desde.year + mes0 // 12, mes0 % 12 + 1
    for dia in (desde.day, 30, 29, 28):
        try:
            return date(anio, mes, dia)
        except ValueError:
            continue
    raise AssertionError("unreachable")
