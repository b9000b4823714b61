"""Ages and terms as the law writes them: días (calendar), días hábiles, meses and años.

"no mayor a 2 meses" is calendar-month arithmetic (31 January + 1 month = 28/29 February), "30 días hábiles" skips
weekends and Colombian festivos, "3 años" is 36 calendar months. One value object for all of them, so a requisito's
maximum age, a plazo and a vigencia are the same thing in the catálogo.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from domain.calendario import sumar_dias_habiles, sumar_meses


class Unidad(enum.Enum):
    DIAS = "dias"
    DIAS_HABILES = "dias_habiles"
    MESES = "meses"
    ANIOS = "anios"


_NOMBRES = {
    Unidad.DIAS: ("día", "días"),
    Unidad.DIAS_HABILES: ("día hábil", "días hábiles"),
    Unidad.MESES: ("mes", "meses"),
    Unidad.ANIOS: ("año", "años"),
}


@dataclass(frozen=True)
class Duracion:
    cantidad: int
    unidad: Unidad

    def __post_init__(self) -> None:
        if self.cantidad < 0:
            raise ValueError("a duration is never negative")

    def desde(self, inicio: date) -> date:
        """The day the term ends: ``inicio`` plus the duration (``inicio`` itself never counts as a día hábil)."""
        if self.unidad is Unidad.DIAS:
            return inicio + timedelta(days=self.cantidad)
        if self.unidad is Unidad.DIAS_HABILES:
            return sumar_dias_habiles(inicio, self.cantidad)
        meses = self.cantidad * (12 if self.unidad is Unidad.ANIOS else 1)
        return sumar_meses(inicio, meses)

    def vigente(self, fecha_documento: date, hoy: date) -> bool:
        """A document dated ``fecha_documento`` is still within this maximum age on ``hoy`` (the last day counts)."""
        return fecha_documento <= hoy <= self.desde(fecha_documento)

    def __str__(self) -> str:
        singular, plural = _NOMBRES[self.unidad]
        return f"{self.cantidad} {singular if self.cantidad == 1 else plural}"


def anios_cumplidos(nacimiento: date, hoy: date) -> int:
    """Age in completed years, the way the law counts "dieciséis (16) años cumplidos" (29 February: 1 March)."""
    anios = hoy.year - nacimiento.year
    if (hoy.month, hoy.day) < (nacimiento.month, nacimiento.day):
        anios -= 1
    return anios
