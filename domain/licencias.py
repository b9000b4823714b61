"""Licencia de conducción: the registry of a driving licence (Resolución 5721 de 2019 de Chía, trámites 1 to 5).

Each expedition, renewal, recategorisation, duplicate or change at majority issues a *new* licence document that
replaces the previous one (which the holder hands in, or declares lost or stolen): the registry keeps the chain.
Categories are not listed in the manual; they are those of the national rules (Resolución 1500 de 2005 del
Ministerio de Transporte): A1, A2 (motorcycles), B1–B3 (servicio particular), C1–C3 (servicio público).
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from datetime import date

from domain.errores import DatoInvalido, TransicionInvalida

CATEGORIAS = ("A1", "A2", "B1", "B2", "B3", "C1", "C2", "C3")


class EstadoLicencia(enum.Enum):
    VIGENTE = "vigente"
    REEMPLAZADA = "reemplazada"
    CANCELADA = "cancelada"


@dataclass
class Licencia:
    id: uuid.UUID
    numero: str
    titular_id: uuid.UUID
    categoria: str
    servicio: str  # particular | publico
    expedida_en: date
    vigente_hasta: date
    documento_titular: str  # the identification it was issued against (TI before majority, then CC)
    organismo: str
    estado: EstadoLicencia = EstadoLicencia.VIGENTE
    reemplaza: uuid.UUID | None = None
    reemplazada_por: uuid.UUID | None = None
    motivo: str = "expedición"
    version: int = 0
    entregada_anterior: bool | None = field(default=None)  # old document handed in (True) or declared lost (False)

    def __post_init__(self) -> None:
        if self.categoria not in CATEGORIAS:
            raise DatoInvalido(f"La categoría «{self.categoria}» no existe; use: {', '.join(CATEGORIAS)}.",
                               campo="categoria")
        if self.vigente_hasta < self.expedida_en:
            raise DatoInvalido("La vigencia de la licencia no puede terminar antes de su expedición.")

    def vencida(self, hoy: date) -> bool:
        return hoy > self.vigente_hasta

    def reemplazar_por(self, nueva: Licencia) -> None:
        if self.estado is not EstadoLicencia.VIGENTE:
            raise TransicionInvalida(f"La licencia {self.numero} ya no está vigente ({self.estado.value}).")
        self.estado, self.reemplazada_por = EstadoLicencia.REEMPLAZADA, nueva.id
        nueva.reemplaza = self.id
