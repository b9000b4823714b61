"""Month, year and business-day arithmetic of the engine (issue 8 §6: property tests; seed 003 plazos and ages)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.calendario import dias_habiles_entre, es_dia_habil
from domain.motor.tiempo import Duracion, Unidad, anios_cumplidos

fechas = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))


@given(fechas, st.integers(min_value=0, max_value=60))
def test_sumar_meses_cae_en_el_mes_pedido_y_nunca_pasa_del_dia(inicio: date, meses: int) -> None:
    fin = Duracion(meses, Unidad.MESES).desde(inicio)
    assert (fin.year - inicio.year) * 12 + fin.month - inicio.month == meses
    assert fin.day <= inicio.day
    if fin.day < inicio.day:  # clamped only at the end of a shorter month
        assert (fin + timedelta(days=1)).month != fin.month


@settings(deadline=None)  # the first use of a year builds its holiday table
@given(fechas, st.integers(min_value=0, max_value=40))
def test_dias_habiles_termina_en_habil_y_cuenta_exacto(inicio: date, n: int) -> None:
    fin = Duracion(n, Unidad.DIAS_HABILES).desde(inicio)
    assert dias_habiles_entre(inicio, fin) == n
    if n:
        assert es_dia_habil(fin)


@given(fechas, fechas)
def test_anios_cumplidos_no_decrece_y_cambia_en_el_cumpleanos(nacimiento: date, hoy: date) -> None:
    if hoy < nacimiento:
        return
    edad = anios_cumplidos(nacimiento, hoy)
    assert edad >= 0
    assert anios_cumplidos(nacimiento, hoy + timedelta(days=1)) in (edad, edad + 1)


def test_dos_meses_el_ultimo_dia_cuenta() -> None:
    """«no mayor a 2 meses»: issued 31 December, still valid on 28 February, not on 1 March (calendar months)."""
    plazo = Duracion(2, Unidad.MESES)
    assert plazo.vigente(date(2025, 12, 31), date(2026, 2, 28))
    assert not plazo.vigente(date(2025, 12, 31), date(2026, 3, 1))


def test_treinta_dias_habiles_saltan_festivos() -> None:
    """Seed 003 SC-PRIV: «menos de 30 días hábiles»; Easter 2026 (2 and 3 April) and 1 May are not counted."""
    fin = Duracion(30, Unidad.DIAS_HABILES).desde(date(2026, 3, 20))
    assert fin == date(2026, 5, 7)
    assert Duracion(30, Unidad.DIAS_HABILES).vigente(date(2026, 3, 20), fin)
    assert not Duracion(30, Unidad.DIAS_HABILES).vigente(date(2026, 3, 20), fin + timedelta(days=1))


def test_cumpleanos_del_29_de_febrero() -> None:
    """Seed 003 R-14 «16 años cumplidos»: born 29 Feb 2008, 16 on 1 March 2024? No — 29 Feb 2024 exists."""
    assert anios_cumplidos(date(2008, 2, 29), date(2024, 2, 28)) == 15
    assert anios_cumplidos(date(2008, 2, 29), date(2024, 2, 29)) == 16
    assert anios_cumplidos(date(2008, 2, 29), date(2025, 2, 28)) == 16
    assert anios_cumplidos(date(2008, 2, 29), date(2025, 3, 1)) == 17


def test_textos_de_duracion() -> None:
    assert str(Duracion(1, Unidad.DIAS_HABILES)) == "1 día hábil"
    assert str(Duracion(30, Unidad.DIAS_HABILES)) == "30 días hábiles"
    assert str(Duracion(2, Unidad.MESES)) == "2 meses"
