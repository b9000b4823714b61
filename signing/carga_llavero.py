"""Loading a keyring from its folder: one immutable snapshot (``_Instantanea``) of every entidad's keys.

``signing/llaves.py`` (``Llavero``, ``cargar_llavero``) builds on this; the folder layout is described there. A
snapshot also carries the folder's fingerprint (``_huella``), so a keyring can tell cheaply whether to reload.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from cryptography import x509

from signing.carpeta_llaves import (
    _CODIGO_ENTIDAD,
    ClavePublica,
    Firmante,
    FraseIncorrecta,
    FraseNecesaria,
    LlavesInconsistentes,
    _cargar_llave_firmante,
    _clave_publica,
    _claves_de_carpeta,
    _emitido_por,
    _raices_de,
    _ruta_llave,
)
from signing.certificados import ARCHIVO_RAIZ_CERT, CARPETA_FIRMANTES, CARPETA_RAICES
from signing.estado_claves import ARCHIVO_ESTADO, EstadoClave, MetadatosClave
from signing.transaccion_llaves import lectura_consistente

# The keyring's logger: these messages are about loading it, wherever the code lives.
_log = logging.getLogger("signing.llaves")


@dataclass(frozen=True)
class _Instantanea:
    firmantes: dict[str, tuple[Firmante, ...]]
    """Active signers with their private key, per entidad, newest first."""
    claves: dict[bytes, ClavePublica]
    raices: dict[str, x509.Certificate]
    huella: tuple[object, ...] = ()
    anteriores: dict[str, tuple[x509.Certificate, ...]] = field(default_factory=dict)
    """Replaced roots that still anchor a known signer, per entidad."""


@dataclass(frozen=True)
class _Origen:
    directorio: Path
    passphrase: bytes | None
    solo_publico: bool
    intervalo: float


def _cargar(origen: _Origen, *, previo: _Instantanea | None, estricto: bool) -> _Instantanea:
    huella = _huella(origen.directorio)
    firmantes: list[Firmante] = []
    claves: list[ClavePublica] = []
    raices: dict[str, x509.Certificate] = {}
    anteriores: dict[str, tuple[x509.Certificate, ...]] = {}
    if not origen.directorio.is_dir():
        return _Instantanea({}, {}, {}, huella)
    for carpeta in sorted(p for p in origen.directorio.iterdir() if p.is_dir()):
        if not _CODIGO_ENTIDAD.fullmatch(carpeta.name):
            continue  # e.g. the platform's own key folder
        # A change interrupted by a crash is finished first; a background reload does not wait for a writer.
        with lectura_consistente(carpeta, esperar=estricto):
            _cargar_entidad(carpeta, origen, previo, estricto, firmantes, claves, raices, anteriores)
    return _instantanea(firmantes, claves, raices, huella, anteriores)


def _cargar_entidad(
    carpeta: Path, origen: _Origen, previo: _Instantanea | None, estricto: bool, firmantes: list[Firmante],
    claves: list[ClavePublica], raices: dict[str, x509.Certificate],
    anteriores: dict[str, tuple[x509.Certificate, ...]],
) -> None:
    if not (carpeta / ARCHIVO_RAIZ_CERT).exists():
        return  # an entidad with only a root for now, or being created
    todas_raices = _raices_de(carpeta)
    raiz = todas_raices[0]
    publicas = _claves_de_carpeta(carpeta, todas_raices)
    if not publicas:
        return
    raices[carpeta.name] = raiz
    en_uso = tuple(r for r in todas_raices[1:] if any(_emitido_por(c.certificado, r) for c in publicas))
    if en_uso:
        anteriores[carpeta.name] = en_uso
    claves.extend(publicas)
    if origen.solo_publico:
        return
    for clave in publicas:
        if clave.estado is not EstadoClave.ACTIVA:
            continue
        conocido = _firmante_previo(previo, clave.kid)
        if conocido is not None:
            firmantes.append(replace(conocido, tipos=clave.tipos))
            continue
        try:
            llave = _cargar_llave_firmante(_ruta_llave(carpeta, clave.kid), origen.passphrase)
        except (FraseNecesaria, FraseIncorrecta, LlavesInconsistentes, OSError) as exc:
            if estricto:
                raise
            _log.error("no se pudo cargar la llave privada %s de %s: %s", clave.kid.hex(), carpeta.name, exc)
            continue
        if llave.public_key() != clave.certificado.public_key():
            raise LlavesInconsistentes(f"{carpeta}: la llave del firmante no corresponde a su certificado.")
        emisora = next((r for r in todas_raices if _emitido_por(clave.certificado, r)), raiz)
        firmantes.append(Firmante(carpeta.name, llave, clave.certificado, emisora, clave.kid, clave.tipos))


def _instantanea(
    firmantes: Iterable[Firmante], claves: Iterable[ClavePublica], raices: Mapping[str, x509.Certificate],
    huella: tuple[object, ...] = (), anteriores: Mapping[str, tuple[x509.Certificate, ...]] | None = None,
) -> _Instantanea:
    por_entidad: dict[str, list[Firmante]] = {}
    todas = {c.kid: c for c in claves}
    todas_raices = dict(raices)
    for f in firmantes:
        por_entidad.setdefault(f.entidad_codigo, []).append(f)
        todas_raices.setdefault(f.entidad_codigo, f.raiz)
        todas.setdefault(f.kid, _clave_publica(f.entidad_codigo, f.certificado, MetadatosClave(tipos=f.tipos)))
    ordenados = {
        entidad: tuple(sorted(lista, key=lambda f: (f.certificado.not_valid_before_utc, f.kid), reverse=True))
        for entidad, lista in por_entidad.items()
    }
    return _Instantanea(ordenados, todas, todas_raices, huella, dict(anteriores or {}))


def _firmante_previo(previo: _Instantanea | None, kid: bytes) -> Firmante | None:
    if previo is None:
        return None
    for lista in previo.firmantes.values():
        for firmante in lista:
            if firmante.kid == kid:
                return firmante
    return None


def _huella(directorio: Path) -> tuple[object, ...]:
    """What changes when keys are added, rotated or retired: names in the folders and the state files' identity.

    Inode and size as well as the modification time, because two writes within one clock tick keep the time.
    """
    partes: list[object] = []
    try:
        entidades = sorted(os.listdir(directorio))
    except OSError:
        return ("sin carpeta",)
    for nombre in entidades:
        carpeta = Path(directorio) / nombre
        try:
            partes.append((nombre, tuple(sorted(os.listdir(carpeta)))))
        except OSError:
            continue
        with contextlib.suppress(OSError):
            info = (carpeta / ARCHIVO_ESTADO).stat()
            partes.append((info.st_ino, info.st_size, info.st_mtime_ns))
        for sub in (CARPETA_FIRMANTES, CARPETA_RAICES):
            with contextlib.suppress(OSError):
                partes.append(tuple(sorted(os.listdir(carpeta / sub))))
        with contextlib.suppress(OSError):
            info = (carpeta / ARCHIVO_RAIZ_CERT).stat()
            partes.append((info.st_ino, info.st_mtime_ns))
    return tuple(partes)
