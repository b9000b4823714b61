"""Fakes for the identity-document trámites and their contraseñas (seed 002 §15.4-15.6)."""

from __future__ import annotations

from domain.contrasenas import ContrasenaAEmitir
from domain.documentos import DocumentoEmitido


class FakeEmisorContrasenas:
    """Records what it was asked to sign; the 'QR' is the document id, which FakeVerificador reads back."""

    def __init__(self) -> None:
        self.emitidas: list[ContrasenaAEmitir] = []

    def emitir_contrasena(self, contrasena: ContrasenaAEmitir) -> DocumentoEmitido:
        self.emitidas.append(contrasena)
        pdf = b"%PDF-1.7 fake contrasena " + contrasena.numero_preparacion.encode()
        return DocumentoEmitido(pdf, f"QR:{contrasena.documento_id}", "fakekid")
