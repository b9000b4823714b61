"""Local, content-addressed file store: ``<directorio>/ab/cd/abcd…`` named by the SHA-256 of the bytes."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

from domain.errores import DatoInvalido, NoEncontrado

_HEX64 = re.compile(r"[0-9a-f]{64}")
_APARTADO = ".borrar-"


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
    - Blobs are written before the transaction that references them commits, so a failed or killed one leaves an
      orphan. ``persistence.limpieza_almacen`` deletes orphans older than a grace period; for that to be safe,
      storing bytes that already exist refreshes the file's mtime (the blob is "in use" again), and deleting goes
      through ``borrar_si_anterior``, which cannot race with ``guardar`` (see there).
    """

    def __init__(self, directorio: str | os.PathLike[str]) -> None:
        self.directorio = Path(directorio)
        self.directorio.mkdir(parents=True, exist_ok=True)

    def guardar(self, contenido: bytes) -> str:
        sha256 = hashlib.sha256(contenido).hexdigest()
        destino = self._ruta(sha256)
        if _tocar(destino):
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

    def listar(self) -> Iterator[tuple[str, float, int]]:
        """(sha256, mtime, size) of every stored blob, in no particular order; other files are skipped."""
        for ruta in self._archivos():
            if _HEX64.fullmatch(ruta.name) and ruta.parent.parent.name + ruta.parent.name == ruta.name[:4]:
                with contextlib.suppress(FileNotFoundError):  # deleted meanwhile
                    estado = ruta.stat()
                    yield ruta.name, estado.st_mtime, estado.st_size

    def borrar_si_anterior(self, sha256: str, limite: float) -> bool:
        """Delete the blob if its mtime is still before ``limite`` (a POSIX timestamp); True if it was deleted.

        Race-free against ``guardar`` of the same bytes: the file is first renamed aside (atomic), then its mtime is
        read again. If ``guardar`` touched it before the rename, the mtime is recent and the file goes back; if it
        came after, it found no file and wrote a new one. Either way the bytes are there for its transaction.
        """
        ruta = self._ruta(sha256)
        apartada = ruta.with_name(_APARTADO + ruta.name)
        try:
            os.rename(ruta, apartada)
        except FileNotFoundError:
            return False
        if apartada.stat().st_mtime >= limite:
            os.replace(apartada, ruta)
            return False
        apartada.unlink()
        return True

    def recuperar_apartados(self) -> int:
        """Put back blobs a killed ``borrar_si_anterior`` left renamed aside: they are judged again, never lost."""
        recuperados = 0
        for ruta in self._archivos():
            if ruta.name.startswith(_APARTADO) and _HEX64.fullmatch(ruta.name.removeprefix(_APARTADO)):
                os.replace(ruta, ruta.with_name(ruta.name.removeprefix(_APARTADO)))
                recuperados += 1
        return recuperados

    def borrar_temporales(self, limite: float) -> int:
        """Delete the ``.tmp-*`` files of writes interrupted before ``limite`` (never read, never referenced)."""
        borrados = 0
        for ruta in self._archivos():
            if ruta.name.startswith(".tmp-"):
                with contextlib.suppress(FileNotFoundError):
                    if ruta.stat().st_mtime < limite:
                        ruta.unlink()
                        borrados += 1
        return borrados

    def _archivos(self) -> Iterator[Path]:
        """Every file in the two directory levels ``ab/cd/``."""
        for nivel1 in _subdirectorios(self.directorio):
            for nivel2 in _subdirectorios(nivel1):
                with os.scandir(nivel2) as entradas:  # read whole: callers rename and delete while iterating
                    archivos = [Path(e.path) for e in entradas if e.is_file(follow_symlinks=False)]
                yield from archivos

    def _ruta(self, sha256: str) -> Path:
        normalizado = sha256.lower()
        if not _HEX64.fullmatch(normalizado):
            raise DatoInvalido(
                "Identificador de archivo no válido: se esperaba un SHA-256 en hexadecimal.", campo="sha256"
            )
        return self.directorio / normalizado[:2] / normalizado[2:4] / normalizado


def _tocar(ruta: Path) -> bool:
    """Refresh an existing blob's mtime (see ``AlmacenLocal``); False if there is no such file."""
    try:
        os.utime(ruta)
    except FileNotFoundError:
        return False
    return True


def _subdirectorios(directorio: Path) -> list[Path]:
    with os.scandir(directorio) as entradas:
        return [Path(e.path) for e in entradas if e.is_dir(follow_symlinks=False) and len(e.name) == 2]


def _sincronizar_directorio(directorio: Path) -> None:
    """Make the rename itself durable (POSIX); Windows cannot open directories and commits renames on its own."""
    if os.name != "posix":
        return
    descriptor = os.open(directorio, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
