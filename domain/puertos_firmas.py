"""Ports of the registro de firmas and the certificaciones de firma (seed 002 §6-7)."""

from __future__ import annotations

import uuid
from typing import Protocol

from domain.firmas import CertificacionFirma, FirmaRegistrada


class RepositorioFirmas(Protocol):
    def agregar(self, firma: FirmaRegistrada) -> None: ...
    def guardar(self, firma: FirmaRegistrada) -> None:
        """Persist changes; raises ConflictoConcurrencia if the stored version moved."""
        ...
    def obtener(self, firma_id: uuid.UUID) -> FirmaRegistrada | None: ...
    def listar(self, *, limite: int = 100) -> list[FirmaRegistrada]:
        """Ordered by name, then id."""
        ...
    def pagina(self, *, despues_de: tuple[str, uuid.UUID] | None, limite: int) -> list[FirmaRegistrada]:
        """Up to ``limite`` firmas after the keyset ``despues_de``, in code-point order of (nombre, id)."""
        ...


class RepositorioCertificacionesFirma(Protocol):
    def agregar(self, certificacion: CertificacionFirma) -> None: ...
    def por_numero(self, numero: str) -> CertificacionFirma | None: ...
