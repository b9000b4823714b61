"""Local, content-addressed file store: ``<directorio>/ab/cd/abcd…`` named by the SHA-256 of the bytes."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from pathlib import Path

from domain.errores import DatoInvalido, NoEncontrado

_HEX64 = re.compile(r"[0-9a-f]{64}")


class ArchivoCorrupto(RuntimeError):
    """The bytes on disk no longer match their name: disk corruption or tampering. Not a user error."""


class AlmacenLocal:
    """Implements the AlmacenArchivos port on a local directory.

    - Content addressing makes storing idempotent (same bytes, same name) and files immutable.
    - Writes are atomic: temp file in the same directory, fsync, ``os.replace``, fsync of the directory. A crash
      leaves either no file or the whole file under its final name, never a truncated one (at worst an orphan
      ``.tmp-*`` file, which is never read).
    - Two directory levels (``ab/cd``) keep directories small with millions of files.
    - Names are validated as 64 hex digits before touching the filesystem: "../../etc/passwd" is not a hash.
    """

    def __init__(self, directorio: str | os.PathLike[str]) -> None:
        self.directorio = Path(directorio)
        self.directorio.mkdir(parents=True, exist_ok=True)

    def guardar(self, contenido: bytes) -> str:
        sha256 = hashlib.sha256(contenido).hexdigest()
        destino = self._ruta(sha256)
        if destino.exists():
            return sha256
        destino.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporal = tempfile.mkstemp(prefix=".tmp-", dir=destino.parent)
        try:
            with os.fdopen(descriptor, "wb") as archivo:
                archivo.write(contenido)
                archivo.flush()
                os.fsync(archivo.fileno())
            # Atomic on POSIX and Windows; if another thread stored the same bytes meanwhile, either copy wins.
            os.replace(temporal, destino)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporal)
            raise
        _sincronizar_directorio(destino.parent)
        return sha256

    def leer(self, sha256: str) -> bytes:
        ruta = self._ruta(sha256)
        try:
            contenido = ruta.read_bytes()
        except FileNotFoundError:
            raise NoEncontrado("Archivo no encontrado.") from None
        if hashlib.sha256(contenido).hexdigest() != ruta.name:
            raise ArchivoCorrupto(f"El contenido de {ruta} no corresponde a su SHA-256.")
        return contenido

    def existe(self, sha256: str) -> bool:
        return self._ruta(sha256).is_file()

    def _ruta(self, sha256: str) -> Path:
        normalizado = sha256.lower()
        if not _HEX64.fullmatch(normalizado):
            raise DatoInvalido(
                "Identificador de archivo no válido: se esperaba un SHA-256 en hexadecimal.", campo="sha256"
            )
        return self.directorio / normalizado[:2] / normalizado[2:4] / normalizado


def _sincronizar_directorio(directorio: Path) -> None:
    """Make the rename itself durable (POSIX); Windows cannot open directories and commits renames on its own."""
    if os.name != "posix":
        return
    descriptor = os.open(directorio, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
