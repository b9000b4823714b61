"""Identifications printed as Colombians write them (issue 9 §4): the inverse of the thousands separators
``Identificacion.crear`` accepts."""

from __future__ import annotations

import pytest

from domain.valores import Identificacion, con_puntos_de_miles, identificacion_legible


@pytest.mark.parametrize(("texto", "legible"), [
    ("CC 1020345678", "CC 1.020.345.678"),
    ("CC 52345678", "CC 52.345.678"),
    ("CC 123", "CC 123"),
    ("TI 10203040506", "TI 10.203.040.506"),
    ("NIT 9003731153", "NIT 900.373.115-3"),
    ("PA AB12345", "PA AB12345"),  # alphanumeric: as stored
    ("Pasaporte italiano YA1234567", "Pasaporte italiano YA1234567"),  # not one of ours: unchanged
])
def test_identificacion_legible(texto: str, legible: str) -> None:
    assert identificacion_legible(texto) == legible


def test_lo_legible_se_vuelve_a_leer_igual() -> None:
    original = Identificacion.crear("CC", "1020345678")
    tipo, numero = original.legible.split(" ")
    assert Identificacion.crear(tipo, numero) == original


def test_solo_digitos() -> None:
    assert con_puntos_de_miles("1000") == "1.000" and con_puntos_de_miles("12a45") == "12a45"
