"""External registries the trámites consult, as read-only ports: RUNT, comparendos/multas, impuesto vehicular, SOAT.

Ventanilla ships a local adapter backed by tables that officials and the CLI load; a production deployment swaps
in an adapter that calls the real registry. The domain only ever sees these answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from domain.valores import Identificacion


@dataclass(frozen=True)
class Multa:
    """An outstanding traffic fine (comparendo or resolución de multa) as SIMIT reports it."""

    numero: str
    fecha: date
    valor: Decimal
    infractor: Identificacion


@dataclass(frozen=True)
class PolizaSoat:
    numero: str
    placa: str
    desde: date
    hasta: date
    aseguradora: str

    def vigente_en(self, dia: date) -> bool:
        return self.desde <= dia <= self.hasta


class RegistrosExternos(Protocol):
    def inscrito_runt(self, identificacion: Identificacion) -> bool: ...

    def multas_pendientes(self, identificacion: Identificacion) -> list[Multa]: ...

    def impuesto_pagado(self, placa: str, vigencia: int) -> bool: ...

    def soat(self, placa: str, en: date) -> PolizaSoat | None: ...
