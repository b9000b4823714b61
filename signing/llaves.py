"""Signing keys per entidad: an ECDSA P-256 root CA and one or more signer certificates it issues.

Layout on disk (one folder per entidad code)::

    <directorio>/<ENTIDAD>/raiz.key.pem                 root private key (0600, optionally encrypted)
    <directorio>/<ENTIDAD>/raiz.crt.pem                 self-signed root certificate
    <directorio>/<ENTIDAD>/firmante.key.pem             first signer's private key (0600, optionally encrypted)
    <directorio>/<ENTIDAD>/firmante.crt.pem             first signer's certificate, issued by the root
    <directorio>/<ENTIDAD>/firmantes/<kid>.key.pem      signers added by rotations (same rules)
    <directorio>/<ENTIDAD>/firmantes/<kid>.crt.pem
    <directorio>/<ENTIDAD>/claves.json                  state of each signer (``estado_claves.py``), optional

A folder written before rotation existed (the first four files only) is one active signer allowed to sign any
kind of document. Signers are ES256 (P-256) or EdDSA (Ed25519). Private keys are only read for *active*
signers: a retired or compromised key is never used again, and its file may be destroyed.

Keys are read once (``cargar_llavero``) and kept as ``cryptography`` objects: parsing a PEM costs far more than
signing with it, so nothing is re-read per request. What *can* change while the server runs is the state of a
key (``ventanilla claves rotar`` / ``retirar`` in another process): a keyring loaded from a folder looks, at most
every ``intervalo_refresco`` seconds, whether the folder changed (a handful of ``stat`` calls) and reloads if so,
re-using the keys it already holds. A compromised key therefore stops signing and stops verifying within
seconds, without a restart.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed448 import Ed448PublicKey
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from domain.errores import ErrorDominio
from signing.certificados import (
    ARCHIVO_FIRMANTE_CERT,
    ARCHIVO_FIRMANTE_LLAVE,
    ARCHIVO_RAIZ_CERT,
    ARCHIVO_RAIZ_LLAVE,
    CARPETA_FIRMANTES,
    LONGITUD_KID,
    Algoritmo,
    LlavePrivadaFirmante,
    calcular_kid,
    crear_firmante,
    crear_raiz,
    nombre_organizacion,
)
from signing.estado_claves import (
    ARCHIVO_ESTADO,
    EstadoClave,
    EstadoClavesInvalido,
    MetadatosClave,
    escribir_estado,
    leer_estado,
    normalizar_tipos,
)

__all__ = [
    "ARCHIVO_FIRMANTE_CERT",
    "ARCHIVO_FIRMANTE_LLAVE",
    "ARCHIVO_RAIZ_CERT",
    "ARCHIVO_RAIZ_LLAVE",
    "LONGITUD_KID",
    "Algoritmo",
    "ClaveFirmaNoDisponible",
    "ClavePublica",
    "EstadoClave",
    "Firmante",
    "FraseIncorrecta",
    "FraseNecesaria",
    "Llavero",
    "LlavesInconsistentes",
    "calcular_kid",
    "cargar_llavero",
    "generar_llaves_entidad",
    "retirar_clave",
    "rotar_firmante",
]

# Certificates start a little in the past so that a verifier whose clock lags does not reject fresh ones.
HOLGURA_RELOJ = timedelta(minutes=10)
INTERVALO_REFRESCO = 2.0
"""Seconds between two looks at the key folder for state changes made by another process."""

_log = logging.getLogger(__name__)
_CODIGO_ENTIDAD = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,39}$")
_NOMBRE_ROTADO = re.compile(r"^([0-9a-f]{16})\.crt\.pem$")

LlavePublica = ec.EllipticCurvePublicKey | Ed25519PublicKey | Ed448PublicKey
_TIPOS_PUBLICOS = (ec.EllipticCurvePublicKey, Ed25519PublicKey, Ed448PublicKey)


class ClaveFirmaNoDisponible(ErrorDominio):
    """The entidad has no signing key loaded: a deployment problem, not a citizen's."""

    codigo = "CLAVE_FIRMA_NO_DISPONIBLE"


class LlavesInconsistentes(RuntimeError):
    """Key material on disk is half-written or does not chain; refuse to guess."""


class FraseNecesaria(TypeError):
    """A private key is encrypted and no passphrase was given."""


class FraseIncorrecta(ValueError):
    """The passphrase does not decrypt a private key."""


def algoritmo_de(llave: object) -> Algoritmo:
    """ES256 for P-256 keys, EdDSA for Edwards keys (public or private)."""
    if isinstance(llave, ec.EllipticCurvePublicKey | ec.EllipticCurvePrivateKey):
        return Algoritmo.ES256
    return Algoritmo.EDDSA


class _Certificable:
    """What a public key and a signer share: a certificate, an entidad and the document kinds allowed."""

    entidad_codigo: str
    certificado: x509.Certificate
    tipos: frozenset[str] | None

    def vigente_en(self, instante: datetime) -> bool:
        return _vigente(self.certificado, instante)

    def permite(self, tipo: str) -> bool:
        return self.tipos is None or tipo in self.tipos

    @property
    def entidad_nombre(self) -> str:
        return nombre_organizacion(self.certificado) or self.entidad_codigo


@dataclass(frozen=True)
class ClavePublica(_Certificable):
    """What a verifier needs for one kid: the key, whom it belongs to, and what it may still vouch for."""

    kid: bytes
    entidad_codigo: str
    certificado: x509.Certificate
    llave: LlavePublica
    estado: EstadoClave = EstadoClave.ACTIVA
    retirada_en: datetime | None = None
    tipos: frozenset[str] | None = None
    """Document kinds it may sign; ``None``: any."""

    @property
    def algoritmo(self) -> Algoritmo:
        return algoritmo_de(self.llave)


@dataclass(frozen=True)
class Firmante(_Certificable):
    """An entidad's active signing material, loaded once."""

    entidad_codigo: str
    llave_privada: LlavePrivadaFirmante
    certificado: x509.Certificate
    raiz: x509.Certificate
    kid: bytes
    tipos: frozenset[str] | None = None

    @property
    def cadena(self) -> tuple[x509.Certificate, x509.Certificate]:
        return (self.certificado, self.raiz)

    @property
    def algoritmo(self) -> Algoritmo:
        return algoritmo_de(self.llave_privada)


@dataclass(frozen=True)
class _Instantanea:
    firmantes: dict[str, tuple[Firmante, ...]]
    """Active signers with their private key, per entidad, newest first."""
    claves: dict[bytes, ClavePublica]
    raices: dict[str, x509.Certificate]
    huella: tuple[object, ...] = ()


@dataclass(frozen=True)
class _Origen:
    directorio: Path
    passphrase: bytes | None
    solo_publico: bool
    intervalo: float


@dataclass
class _Refresco:
    origen: _Origen
    proxima: float = 0.0
    candado: threading.Lock = field(default_factory=threading.Lock)


class Llavero:
    """Every entidad's keys, indexed by entidad code (to sign) and by kid (to verify)."""

    def __init__(
        self, firmantes: Iterable[Firmante] = (), claves: Iterable[ClavePublica] = (),
        raices: Mapping[str, x509.Certificate] | None = None,
    ) -> None:
        self._estado = _instantanea(firmantes, claves, raices or {})
        self._refresco: _Refresco | None = None

    @classmethod
    def _desde(cls, estado: _Instantanea, origen: _Origen | None) -> Llavero:
        llavero = cls.__new__(cls)
        llavero._estado = estado
        llavero._refresco = None
        if origen is not None:
            llavero._refresco = _Refresco(origen, time.monotonic() + origen.intervalo)
        return llavero

    def entidades(self) -> tuple[str, ...]:
        """Codes of the entidades whose certificates are loaded (with or without private keys)."""
        return tuple(sorted(self._actual().raices))

    def firmante(self, entidad_codigo: str, tipo: str | None = None) -> Firmante:
        """The newest active signer of the entidad (allowed to sign ``tipo``, when given)."""
        activos = self._actual().firmantes.get(entidad_codigo, ())
        if not activos:
            raise ClaveFirmaNoDisponible(f"No hay llave de firma activa cargada para la entidad {entidad_codigo}.")
        for firmante in activos:
            if tipo is None or firmante.permite(tipo):
                return firmante
        raise ClaveFirmaNoDisponible(
            f"Ninguna llave activa de {entidad_codigo} está autorizada para firmar documentos de tipo {tipo}."
        )

    def clave_publica(self, kid: bytes) -> ClavePublica | None:
        return self._actual().claves.get(kid)

    def claves(self) -> tuple[ClavePublica, ...]:
        """Every known key (active, retired, compromised), by entidad then certificate date."""
        return tuple(sorted(
            self._actual().claves.values(),
            key=lambda c: (c.entidad_codigo, c.certificado.not_valid_before_utc, c.kid),
        ))

    def raiz(self, entidad_codigo: str) -> x509.Certificate | None:
        return self._actual().raices.get(entidad_codigo)

    def raices(self) -> tuple[x509.Certificate, ...]:
        """Trust anchors, e.g. for a PAdES validator."""
        estado = self._actual()
        return tuple(estado.raices[e] for e in sorted(estado.raices))

    def publico(self) -> Llavero:
        """The same keyring without any private key, safe to hand to verification code.

        A keyring loaded from a folder hands its folder on: the public one follows state changes too.
        """
        estado = self._actual()
        publico = _Instantanea({}, dict(estado.claves), dict(estado.raices), estado.huella)
        origen = self._refresco.origen if self._refresco else None
        if origen is not None:
            origen = replace(origen, passphrase=None, solo_publico=True)
        return Llavero._desde(publico, origen)

    def refrescar(self) -> bool:
        """Reload if the key folder changed since the last load; returns whether it did.

        A failed reload (e.g. a file being written) keeps the current keys and is logged.
        """
        refresco = self._refresco
        if refresco is None or not refresco.candado.acquire(blocking=False):
            return False
        try:
            origen = refresco.origen
            if not origen.directorio.is_dir() and self._estado.claves:
                # An unmounted or removed folder must not wipe keys that are loaded and working.
                _log.warning("la carpeta de llaves %s no está disponible: se conservan las cargadas", origen.directorio)
                return False
            huella = _huella(origen.directorio)
            if huella == self._estado.huella:
                return False
            try:
                self._estado = _cargar(origen, previo=self._estado, estricto=False)
            except (LlavesInconsistentes, EstadoClavesInvalido, OSError, ValueError, TypeError) as exc:
                _log.error("no se pudo recargar el llavero de %s: %s", origen.directorio, exc)
                return False
            _log.info("llavero recargado desde %s", origen.directorio)
            return True
        finally:
            refresco.proxima = time.monotonic() + refresco.origen.intervalo
            refresco.candado.release()

    def _actual(self) -> _Instantanea:
        refresco = self._refresco
        if refresco is not None and time.monotonic() >= refresco.proxima:
            self.refrescar()
        return self._estado


def generar_llaves_entidad(
    directorio: Path,
    entidad_codigo: str,
    entidad_nombre: str,
    *,
    passphrase: bytes | None = None,
    ahora: datetime | None = None,
    algoritmo: Algoritmo = Algoritmo.ES256,
    tipos: Iterable[str] | None = None,
) -> bool:
    """Create the entidad's root and first signer if absent; existing, complete material is kept untouched.

    Returns whether anything was created (files land in ``directorio/entidad_codigo``). Raises
    ``LlavesInconsistentes`` if only half of a key/certificate pair exists. ``tipos`` restricts the document
    kinds the new signer may sign (default: any).
    """
    _validar_codigo(entidad_codigo)
    tipos_normalizados = normalizar_tipos(tipos)
    carpeta = Path(directorio) / entidad_codigo
    carpeta.mkdir(mode=0o700, parents=True, exist_ok=True)
    instante = (ahora or datetime.now(UTC)) - HOLGURA_RELOJ
    hay_raiz = _par_existente(carpeta / ARCHIVO_RAIZ_LLAVE, carpeta / ARCHIVO_RAIZ_CERT)
    hay_firmante = _par_existente(carpeta / ARCHIVO_FIRMANTE_LLAVE, carpeta / ARCHIVO_FIRMANTE_CERT) or bool(
        _certificados_rotados(carpeta)
    )
    if hay_raiz and hay_firmante:
        return False  # nothing to do, and no private key is even read (it may be encrypted)
    if hay_firmante:
        raise LlavesInconsistentes(f"{carpeta}: hay firmante pero no raíz; no se puede rehacer la cadena.")
    if hay_raiz:
        raiz_llave = _cargar_llave_raiz(carpeta, passphrase)
        raiz_cert = x509.load_pem_x509_certificate((carpeta / ARCHIVO_RAIZ_CERT).read_bytes())
    else:
        raiz_llave, raiz_cert = crear_raiz(carpeta, entidad_codigo, entidad_nombre, instante, passphrase)
    cert = crear_firmante(
        carpeta, entidad_codigo, entidad_nombre, raiz_llave, raiz_cert, instante, passphrase, algoritmo=algoritmo
    )
    if tipos_normalizados is not None:
        estados = leer_estado(carpeta)
        estados[calcular_kid(cert).hex()] = MetadatosClave(tipos=tipos_normalizados)
        escribir_estado(carpeta, estados)
    return True


@dataclass(frozen=True)
class Rotacion:
    entidad_codigo: str
    nuevo: ClavePublica
    retiradas: tuple[str, ...]
    """Kids (hex) that were active and are now retired."""


def rotar_firmante(
    directorio: Path,
    entidad_codigo: str,
    *,
    passphrase: bytes | None = None,
    ahora: datetime | None = None,
    algoritmo: Algoritmo | None = None,
    tipos: Iterable[str] | None = None,
) -> Rotacion:
    """Issue a new signer with the entidad's root and retire every active one (overlap: they still verify).

    The new signer inherits the algorithm of the newest active one and the union of the active ones' document
    kinds, unless ``algoritmo`` / ``tipos`` say otherwise. Needs the root's private key.
    """
    _validar_codigo(entidad_codigo)
    carpeta = Path(directorio) / entidad_codigo
    if not (carpeta / ARCHIVO_RAIZ_CERT).exists():
        raise LlavesInconsistentes(f"La entidad {entidad_codigo} no tiene claves en {directorio}: use 'generar'.")
    instante = ahora or datetime.now(UTC)
    raiz_cert = _cargar_raiz(carpeta)
    activas = [c for c in _claves_de_carpeta(carpeta, raiz_cert) if c.estado is EstadoClave.ACTIVA]
    if algoritmo is None:
        algoritmo = activas[0].algoritmo if activas else Algoritmo.ES256
    nuevos_tipos = normalizar_tipos(tipos) if tipos is not None else _union_tipos(activas)
    raiz_llave = _cargar_llave_raiz(carpeta, passphrase)
    nombre = nombre_organizacion(raiz_cert) or entidad_codigo
    cert = crear_firmante(
        carpeta, entidad_codigo, nombre, raiz_llave, raiz_cert, instante - HOLGURA_RELOJ, passphrase,
        algoritmo=algoritmo, rotado=True,
    )
    kid = calcular_kid(cert)
    estados = leer_estado(carpeta)
    for clave in activas:
        previo = estados.get(clave.kid.hex(), MetadatosClave(tipos=clave.tipos))
        estados[clave.kid.hex()] = previo.retirar(instante, comprometida=False, motivo="rotación")
    estados[kid.hex()] = MetadatosClave(tipos=nuevos_tipos)
    escribir_estado(carpeta, estados)
    nuevo = _clave_publica(entidad_codigo, cert, MetadatosClave(tipos=nuevos_tipos))
    return Rotacion(entidad_codigo, nuevo, tuple(c.kid.hex() for c in activas))


def retirar_clave(
    directorio: Path,
    entidad_codigo: str,
    kid_hex: str,
    *,
    comprometida: bool,
    ahora: datetime | None = None,
    motivo: str | None = None,
) -> ClavePublica:
    """Retire a signer (it stops signing; what it signed still verifies) or withdraw it as compromised (nothing
    it signed is trustworthy any more). A retired key may later be declared compromised; not the reverse."""
    _validar_codigo(entidad_codigo)
    carpeta = Path(directorio) / entidad_codigo
    if not (carpeta / ARCHIVO_RAIZ_CERT).exists():
        raise LlavesInconsistentes(f"La entidad {entidad_codigo} no tiene claves en {directorio}.")
    kid_hex = kid_hex.strip().lower()
    claves = {c.kid.hex(): c for c in _claves_de_carpeta(carpeta, _cargar_raiz(carpeta))}
    clave = claves.get(kid_hex)
    if clave is None:
        raise LlavesInconsistentes(f"La entidad {entidad_codigo} no tiene una clave con kid {kid_hex}.")
    if clave.estado is EstadoClave.COMPROMETIDA:
        raise LlavesInconsistentes(f"La clave {kid_hex} ya fue retirada por compromiso.")
    if clave.estado is EstadoClave.RETIRADA and not comprometida:
        raise LlavesInconsistentes(f"La clave {kid_hex} ya está retirada.")
    estados = leer_estado(carpeta)
    previo = estados.get(kid_hex, MetadatosClave(tipos=clave.tipos))
    nuevo = previo.retirar(
        ahora or datetime.now(UTC), comprometida=comprometida,
        motivo=motivo or ("compromiso" if comprometida else "retiro"),
    )
    estados[kid_hex] = nuevo
    escribir_estado(carpeta, estados)
    return replace(clave, estado=nuevo.estado, retirada_en=nuevo.retirada_en)


def cargar_llavero(
    directorio: Path,
    *,
    passphrase: bytes | None = None,
    solo_publico: bool = False,
    intervalo_refresco: float = INTERVALO_REFRESCO,
) -> Llavero:
    """Load every entidad folder under ``directorio`` once.

    With ``solo_publico`` only the certificates are read (private key files may be absent), which is what an
    offline verifier or the public verification page should use. Private keys are read for active signers
    only; an encrypted one without ``passphrase`` raises ``FraseNecesaria``, a wrong one ``FraseIncorrecta``.
    """
    origen = _Origen(Path(directorio), passphrase, solo_publico, intervalo_refresco)
    if not origen.directorio.is_dir():
        # An empty keyring is visible (readiness checks, ClaveFirmaNoDisponible) without crashing start-up.
        _log.warning("no existe la carpeta de llaves %s: llavero vacío", directorio)
        return Llavero._desde(_Instantanea({}, {}, {}, _huella(origen.directorio)), origen)
    return Llavero._desde(_cargar(origen, previo=None, estricto=True), origen)


def _cargar(origen: _Origen, *, previo: _Instantanea | None, estricto: bool) -> _Instantanea:
    huella = _huella(origen.directorio)
    firmantes: list[Firmante] = []
    claves: list[ClavePublica] = []
    raices: dict[str, x509.Certificate] = {}
    if not origen.directorio.is_dir():
        return _Instantanea({}, {}, {}, huella)
    for carpeta in sorted(p for p in origen.directorio.iterdir() if p.is_dir()):
        if not _CODIGO_ENTIDAD.fullmatch(carpeta.name) or not (carpeta / ARCHIVO_RAIZ_CERT).exists():
            continue  # e.g. the platform's own key folder, or an entidad with only a root for now
        raiz = _cargar_raiz(carpeta)
        publicas = _claves_de_carpeta(carpeta, raiz)
        if not publicas:
            continue
        raices[carpeta.name] = raiz
        claves.extend(publicas)
        if origen.solo_publico:
            continue
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
            firmantes.append(Firmante(carpeta.name, llave, clave.certificado, raiz, clave.kid, clave.tipos))
    return _instantanea(firmantes, claves, raices, huella)


def _instantanea(
    firmantes: Iterable[Firmante], claves: Iterable[ClavePublica], raices: Mapping[str, x509.Certificate],
    huella: tuple[object, ...] = (),
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
    return _Instantanea(ordenados, todas, todas_raices, huella)


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
        with contextlib.suppress(OSError):
            partes.append(tuple(sorted(os.listdir(carpeta / CARPETA_FIRMANTES))))
    return tuple(partes)


def _claves_de_carpeta(carpeta: Path, raiz: x509.Certificate) -> list[ClavePublica]:
    """Every signer certificate of an entidad folder, checked against its root, with its state."""
    estados = leer_estado(carpeta)
    rutas: list[Path] = []
    if _par_existente(carpeta / ARCHIVO_FIRMANTE_LLAVE, carpeta / ARCHIVO_FIRMANTE_CERT, publico_basta=True):
        rutas.append(carpeta / ARCHIVO_FIRMANTE_CERT)
    rutas.extend(_certificados_rotados(carpeta))
    claves = []
    for ruta in rutas:
        certificado = x509.load_pem_x509_certificate(ruta.read_bytes())
        try:
            certificado.verify_directly_issued_by(raiz)
        except (ValueError, TypeError, InvalidSignature) as exc:
            raise LlavesInconsistentes(f"{ruta}: el firmante no fue emitido por la raíz ({exc}).") from exc
        kid = calcular_kid(certificado)
        encontrado = _NOMBRE_ROTADO.fullmatch(ruta.name)
        if encontrado and encontrado.group(1) != kid.hex():
            raise LlavesInconsistentes(f"{ruta}: el nombre no corresponde al kid {kid.hex()} del certificado.")
        claves.append(_clave_publica(carpeta.name, certificado, estados.get(kid.hex(), MetadatosClave())))
    return sorted(claves, key=lambda c: (c.certificado.not_valid_before_utc, c.kid), reverse=True)


def _certificados_rotados(carpeta: Path) -> list[Path]:
    destino = carpeta / CARPETA_FIRMANTES
    if not destino.is_dir():
        return []
    return sorted(p for p in destino.iterdir() if _NOMBRE_ROTADO.fullmatch(p.name))


def _ruta_llave(carpeta: Path, kid: bytes) -> Path:
    rotada = carpeta / CARPETA_FIRMANTES / f"{kid.hex()}.key.pem"
    if rotada.exists():
        return rotada
    return carpeta / ARCHIVO_FIRMANTE_LLAVE


def _union_tipos(claves: Iterable[ClavePublica]) -> frozenset[str] | None:
    union: set[str] = set()
    for clave in claves:
        if clave.tipos is None:
            return None
        union |= clave.tipos
    return frozenset(union) or None


def _vigente(certificado: x509.Certificate, instante: datetime) -> bool:
    return certificado.not_valid_before_utc <= instante <= certificado.not_valid_after_utc


def _validar_codigo(entidad_codigo: str) -> None:
    # The code becomes a folder name and the QR issuer claim: keep it short and path-safe.
    if not _CODIGO_ENTIDAD.fullmatch(entidad_codigo):
        raise ValueError(f"Código de entidad no válido: {entidad_codigo!r} (A-Z, 0-9 y guiones).")


def _clave_publica(codigo: str, certificado: x509.Certificate, metadatos: MetadatosClave) -> ClavePublica:
    llave = certificado.public_key()
    if not isinstance(llave, _TIPOS_PUBLICOS):
        raise LlavesInconsistentes(f"{codigo}: tipo de llave no soportado para firmar códigos QR.")
    return ClavePublica(
        calcular_kid(certificado), codigo, certificado, llave,
        estado=metadatos.estado, retirada_en=metadatos.retirada_en, tipos=metadatos.tipos,
    )


def _cargar_raiz(carpeta: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate((carpeta / ARCHIVO_RAIZ_CERT).read_bytes())


def _cargar_pem_privado(ruta: Path, passphrase: bytes | None) -> object:
    try:
        return serialization.load_pem_private_key(ruta.read_bytes(), password=passphrase)
    except TypeError as exc:
        if passphrase is None:
            raise FraseNecesaria(f"{ruta}: la llave está cifrada y no se dio la frase de paso.") from exc
        raise FraseIncorrecta(f"{ruta}: la llave no está cifrada pero se dio una frase de paso.") from exc
    except ValueError as exc:
        if passphrase is not None:
            raise FraseIncorrecta(f"{ruta}: la frase de paso no descifra la llave.") from exc
        raise LlavesInconsistentes(f"{ruta}: llave privada ilegible ({exc}).") from exc


def _cargar_llave_raiz(carpeta: Path, passphrase: bytes | None) -> ec.EllipticCurvePrivateKey:
    llave = _cargar_pem_privado(carpeta / ARCHIVO_RAIZ_LLAVE, passphrase)
    if not isinstance(llave, ec.EllipticCurvePrivateKey):
        raise LlavesInconsistentes(f"{carpeta / ARCHIVO_RAIZ_LLAVE}: se esperaba una llave ECDSA.")
    return llave


def _cargar_llave_firmante(ruta: Path, passphrase: bytes | None) -> LlavePrivadaFirmante:
    llave = _cargar_pem_privado(ruta, passphrase)
    if isinstance(llave, ec.EllipticCurvePrivateKey):
        if not isinstance(llave.curve, ec.SECP256R1):
            raise LlavesInconsistentes(f"{ruta}: las llaves ECDSA deben ser P-256.")
        return llave
    if isinstance(llave, Ed25519PrivateKey):
        return llave
    raise LlavesInconsistentes(f"{ruta}: se esperaba una llave ECDSA P-256 o Ed25519.")


def _par_existente(llave: Path, cert: Path, *, publico_basta: bool = False) -> bool:
    """Both files → True; neither → False; only one → inconsistent (a public-only copy may lack the key)."""
    if cert.exists() and (llave.exists() or publico_basta):
        return True
    if llave.exists() or cert.exists():
        raise LlavesInconsistentes(
            f"Existe {llave.name} o {cert.name} pero no ambos en {llave.parent}: revise o borre ambos para regenerar."
        )
    return False
