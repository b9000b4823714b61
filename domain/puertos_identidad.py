"""Ports of the identity-document trámites and their contraseñas (seed 002 §15.4–15.6)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Protocol

from domain.contrasenas import ContrasenaAEmitir
from domain.documentos import DocumentoEmitido
from domain.identidad import EstadoTramiteIdentidad, TramiteIdentidad


class RepositorioTramitesIdentidad(Protocol):
    def agregar(self, tramite: TramiteIdentidad) -> None: ...
    def guardar(self, tramite: TramiteIdentidad) -> None:
        """Persist changes; raises ConflictoConcurrencia if the stored version moved."""
        ...
    def obtener(self, tramite_id: uuid.UUID) -> TramiteIdentidad | None: ...
    def por_contrasena(self, documento_id: uuid.UUID) -> TramiteIdentidad | None:
        """The trámite a contraseña (a Documento) was issued for."""
        ...
    def listar(
        self,
        *,
        titular_id: uuid.UUID | None = None,
        estados: tuple[EstadoTramiteIdentidad, ...] = (),
        despues_de: tuple[date, uuid.UUID] | None = None,
        limite: int = 50,
    ) -> list[TramiteIdentidad]:
        """Keyset page ordered by (fecha_solicitud DESC, id DESC): newest first; ``despues_de`` is the last row
        of the previous page."""
        ...


class EmisorContrasenas(Protocol):
    """Renders the receipt (EIS or green web duplicate), signs it (PAdES) and QR-encodes it."""

    def emitir_contrasena(self, contrasena: ContrasenaAEmitir) -> DocumentoEmitido: ...
