"""Crash-safe changes to a key folder (an entidad's or the platform's), and the locks that keep readers from
seeing one half-applied.

**Crash safety.** Every change to a key folder (an entidad's, or the platform's) is a ``Transaccion``:

1. each new file is written under a temporary name (``.<name>.<token>.tx``) next to its final place, with its
   final mode, and fsynced; then the folders holding them are fsynced;
2. the journal ``.transaccion.json`` (the list of ``temporary → final`` renames, in order) is written the same way
   and renamed into place: **this rename is the commit point**;
3. the renames are applied in order, the folders fsynced, and the journal removed.

A crash before step 2 leaves the old state plus some temporary files, which nothing reads and the next run
deletes (roll back). A crash after it leaves a journal that the next run, or the next load of the folder, applies
to the end (roll forward): every temporary file named in it still exists until its own rename, so applying it
again is idempotent. Writers hold an exclusive ``flock`` on ``.bloqueo`` in the folder for the whole change;
loaders take a shared one while they read, so they never see a change half-applied.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from signing.carpeta_llaves import LlavesInconsistentes
from signing.certificados import LlavePrivadaFirmante
from signing.estado_claves import serializar_estado

__all__ = ["serializar_estado"]

ARCHIVO_TRANSACCION = ".transaccion.json"
ARCHIVO_BLOQUEO = ".bloqueo"
FORMATO_TRANSACCION = "ventanilla-transaccion-claves"
_TEMPORAL = re.compile(r"^\..+\.[0-9a-f]{16}\.tx$")
_SUBCARPETA = re.compile(r"^[a-z]+$")


class OperacionEnCurso(LlavesInconsistentes):
    """Another process is changing the key folder right now."""


def _escribir_temporal(ruta: Path, contenido: bytes, modo: int) -> None:
    # Created with its final mode (a private key is never briefly world-readable), and on disk before returning.
    descriptor = os.open(ruta, os.O_WRONLY | os.O_CREAT | os.O_EXCL, modo)
    with os.fdopen(descriptor, "wb") as archivo:
        archivo.write(contenido)
        archivo.flush()
        os.fsync(archivo.fileno())
    os.chmod(ruta, modo)  # the umask may have narrowed the mode; certificates must stay readable


def _renombrar(origen: Path, destino: Path) -> None:
    os.replace(origen, destino)


def _borrar(ruta: Path) -> None:
    ruta.unlink(missing_ok=True)


def _sincronizar_carpeta(carpeta: Path) -> None:
    descriptor = os.open(carpeta, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def pem_privado(llave: LlavePrivadaFirmante | ec.EllipticCurvePrivateKey, passphrase: bytes | None) -> bytes:
    """PKCS#8 PEM, encrypted with the passphrase when there is one (as ``certificados.escribir_llave``)."""
    cifrado: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase) if passphrase else serialization.NoEncryption()
    )
    return llave.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, cifrado)


def pem_publico(certificado: x509.Certificate) -> bytes:
    return certificado.public_bytes(serialization.Encoding.PEM)


class Transaccion:
    """New files for one key folder, all committed or none (module docstring). Use as a context manager, with
    the folder's ``bloqueo_exclusivo`` held: files are staged by ``escribir`` and committed on a clean exit;
    an exception discards them."""

    def __init__(self, carpeta: Path, operacion: str) -> None:
        self.carpeta = Path(carpeta)
        self.operacion = operacion
        self._ficha = secrets.token_hex(8)
        self._pasos: list[tuple[str, str]] = []

    def escribir(self, relativa: str, contenido: bytes, modo: int) -> None:
        """Stage ``contenido`` for ``relativa`` (a name in the folder, or ``<subfolder>/<name>``)."""
        _validar_relativa(relativa)
        final = self.carpeta / relativa
        final.parent.mkdir(mode=0o755, exist_ok=True)
        temporal = final.with_name(f".{final.name}.{self._ficha}.tx")
        self._pasos.append((temporal.relative_to(self.carpeta).as_posix(), relativa))
        _escribir_temporal(temporal, contenido, modo)

    def __enter__(self) -> Transaccion:
        return self

    def __exit__(self, tipo: object, valor: object, traza: object) -> None:
        if tipo is not None:
            self._descartar()
            return
        if not self._pasos:
            return
        try:
            for carpeta in sorted({(self.carpeta / t).parent for t, _ in self._pasos}):
                _sincronizar_carpeta(carpeta)
            diario = json.dumps(
                {"formato": FORMATO_TRANSACCION, "version": 1, "operacion": self.operacion,
                 "pasos": [list(p) for p in self._pasos]},
                ensure_ascii=False, indent=2,
            ).encode("utf-8")
            temporal = self.carpeta / f"{ARCHIVO_TRANSACCION}.{self._ficha}.tx"
            _escribir_temporal(temporal, diario, 0o644)
            _renombrar(temporal, self.carpeta / ARCHIVO_TRANSACCION)  # the commit point
        except BaseException:
            self._descartar()
            raise
        _sincronizar_carpeta(self.carpeta)
        _aplicar_diario(self.carpeta)

    def _descartar(self) -> None:
        if (self.carpeta / ARCHIVO_TRANSACCION).exists():
            return  # committed after all (the failure came later): the next run completes it
        for temporal, _ in self._pasos:
            with contextlib.suppress(OSError):
                _borrar(self.carpeta / temporal)
        with contextlib.suppress(OSError):
            _borrar(self.carpeta / f"{ARCHIVO_TRANSACCION}.{self._ficha}.tx")


def _validar_relativa(relativa: str) -> None:
    partes = relativa.split("/")
    if not 1 <= len(partes) <= 2 or any(not p or p.startswith(".") for p in partes) or (
        len(partes) == 2 and not _SUBCARPETA.fullmatch(partes[0])
    ):
        raise LlavesInconsistentes(f"ruta no permitida en una transacción de llaves: {relativa!r}")


def _leer_diario(carpeta: Path) -> tuple[str, list[tuple[str, str]]]:
    ruta = carpeta / ARCHIVO_TRANSACCION
    try:
        datos = json.loads(ruta.read_text(encoding="utf-8"))
        if datos.get("formato") != FORMATO_TRANSACCION or datos.get("version") != 1:
            raise ValueError("formato desconocido")
        pasos = [(str(t), str(f)) for t, f in datos["pasos"]]
        for temporal, final in pasos:
            _validar_relativa(final)
            if temporal.split("/")[:-1] != final.split("/")[:-1] or not _TEMPORAL.fullmatch(temporal.split("/")[-1]):
                raise ValueError(f"paso no válido {temporal!r} → {final!r}")
        return str(datos.get("operacion", "")), pasos
    except (ValueError, KeyError, TypeError, AttributeError, LlavesInconsistentes) as exc:
        raise LlavesInconsistentes(f"{ruta}: diario de transacción ilegible ({exc}); revíselo a mano.") from None


def _aplicar_diario(carpeta: Path) -> str:
    """Roll a committed change forward (idempotent); returns the operation it was."""
    operacion, pasos = _leer_diario(carpeta)
    for temporal, final in pasos:
        origen = carpeta / temporal
        if origen.exists():
            _renombrar(origen, carpeta / final)
        elif not (carpeta / final).exists():
            raise LlavesInconsistentes(f"{carpeta}: falta {temporal} y {final} de la operación {operacion}.")
    for sub in sorted({(carpeta / f).parent for _, f in pasos}):
        _sincronizar_carpeta(sub)
    _borrar(carpeta / ARCHIVO_TRANSACCION)
    _sincronizar_carpeta(carpeta)
    return operacion


def _temporales(carpeta: Path) -> list[Path]:
    encontrados: list[Path] = []
    with contextlib.suppress(OSError):
        for ruta in carpeta.iterdir():
            if _TEMPORAL.fullmatch(ruta.name):
                encontrados.append(ruta)
            elif _SUBCARPETA.fullmatch(ruta.name) and ruta.is_dir():
                encontrados.extend(p for p in ruta.iterdir() if _TEMPORAL.fullmatch(p.name))
    return encontrados


def operacion_pendiente(carpeta: Path) -> str | None:
    """The operation an interrupted, committed change was doing, if the folder holds one (to warn the operator)."""
    if not (Path(carpeta) / ARCHIVO_TRANSACCION).exists():
        return None
    return _leer_diario(Path(carpeta))[0] or "?"


def recuperar(carpeta: Path) -> str | None:
    """With ``bloqueo_exclusivo`` held: finish a committed change (returns its operation) and delete the
    temporary files of an uncommitted one."""
    carpeta = Path(carpeta)
    operacion = _aplicar_diario(carpeta) if (carpeta / ARCHIVO_TRANSACCION).exists() else None
    restos = _temporales(carpeta)
    for resto in restos:
        _borrar(resto)
    if restos:
        for sub in sorted({r.parent for r in restos}):
            _sincronizar_carpeta(sub)
    return operacion


@contextlib.contextmanager
def bloqueo_exclusivo(carpeta: Path, *, esperar: bool = True) -> Iterator[None]:
    """Exclusive lock on the folder for a change (released by the kernel if the process dies)."""
    descriptor = os.open(Path(carpeta) / ARCHIVO_BLOQUEO, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if esperar else fcntl.LOCK_NB))
        except BlockingIOError:
            raise OperacionEnCurso(
                f"{carpeta}: otra operación está cambiando las llaves; inténtelo de nuevo en unos segundos."
            ) from None
        yield
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def lectura_consistente(carpeta: Path, *, esperar: bool = True) -> Iterator[None]:
    """Make the folder whole and hold it still while it is read.

    A committed but interrupted change is finished first (this needs write access; without it the folder is
    reported as inconsistent), leftovers of an uncommitted one are deleted when possible, and then a shared lock
    is held while the caller reads. ``esperar=False`` (a background reload) raises ``OperacionEnCurso`` instead
    of waiting for a writer.
    """
    carpeta = Path(carpeta)
    if (carpeta / ARCHIVO_TRANSACCION).exists():
        try:
            with bloqueo_exclusivo(carpeta, esperar=esperar):
                recuperar(carpeta)
        except PermissionError as exc:
            raise LlavesInconsistentes(
                f"{carpeta}: hay una operación de llaves interrumpida y no se puede completar sin permiso de "
                f"escritura ({exc}); ejecute 'ventanilla claves listar' con ese permiso."
            ) from None
    elif _temporales(carpeta):
        with contextlib.suppress(OSError, OperacionEnCurso), bloqueo_exclusivo(carpeta, esperar=False):
            recuperar(carpeta)
    try:
        descriptor = os.open(carpeta / ARCHIVO_BLOQUEO, os.O_RDONLY)
    except OSError:
        yield  # no writer has ever locked this folder (or it is a read-only copy): nothing to wait for
        return
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_SH | (0 if esperar else fcntl.LOCK_NB))
        except BlockingIOError:
            raise OperacionEnCurso(f"{carpeta}: otra operación está cambiando las llaves.") from None
        if (carpeta / ARCHIVO_TRANSACCION).exists():
            # A writer committed and died between our recovery and our lock: leave it for the next look.
            raise OperacionEnCurso(f"{carpeta}: hay una operación de llaves sin completar.")
        yield
    finally:
        os.close(descriptor)
