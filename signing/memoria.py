"""A bounded memo in front of ``VerificadorFirmas.verificar`` for the online page.

The port's verdict (``VerificadorQR.verificar``) is a pure function of two things: the QR text and the state of
the key its ``kid`` names (active, retired, compromised, allowed kinds). It does not look at the clock, expiry or
revocation: those come from the registry on every request. So a verdict can be reused for as long as the keyring
returns the *same* key object for that kid. A rotation, a retirement or a compromise reloads the keyring, which
builds new key objects, and the old verdict stops matching on the next scan: there is no time-to-live to tune and
no moment where a withdrawn key still vouches for a document.

It pays off when one document is scanned many times (a certificate checked by a bank, a notary and an employer; a
flood of the same QR), saving the signature check (≈ 80-130 µs of ECDSA P-256 here) and the CBOR decoding. A
new QR costs one dictionary miss more than without it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from domain.documentos import VerificacionQR
from signing.llaves import ClavePublica
from signing.verificacion import FuenteClaves, VerificadorFirmas

CAPACIDAD = 4096
"""Verdicts kept (least recently used dropped first): ≈ 1 KB each, a few MB in all."""


class VerificadorConMemoria:
    """``VerificadorQR`` port: ``VerificadorFirmas.verificar`` memoised per QR text and key state. Thread-safe."""

    def __init__(self, verificador: VerificadorFirmas, claves: FuenteClaves, *, capacidad: int = CAPACIDAD) -> None:
        self._verificador = verificador
        self._claves = claves
        self._capacidad = capacidad
        self._memoria: OrderedDict[str, tuple[ClavePublica, VerificacionQR]] = OrderedDict()
        self._candado = threading.Lock()

    def verificar(self, texto: str) -> VerificacionQR:
        with self._candado:
            entrada = self._memoria.get(texto)
            if entrada is not None:
                self._memoria.move_to_end(texto)
        if entrada is not None and self._claves.clave_publica(entrada[0].kid) is entrada[0]:
            return entrada[1]
        resultado, clave = self._verificador.verificar_con_clave(texto)
        if clave is not None:
            # Only verdicts reached with a known key: a text naming no key (or garbage) is cheap to reject again
            # and must not push useful entries out.
            with self._candado:
                self._memoria[texto] = (clave, resultado)
                self._memoria.move_to_end(texto)
                while len(self._memoria) > self._capacidad:
                    self._memoria.popitem(last=False)
        return resultado

    def __len__(self) -> int:
        return len(self._memoria)
