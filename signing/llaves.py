"""Signing keys per entidad: an ECDSA P-256 root CA and a signer certificate it issues.

Layout on disk (one folder per entidad code)::

    <directorio>/<ENTIDAD>/raiz.key.pem       root private key (0600, optionally encrypted)
    <directorio>/<ENTIDAD>/raiz.crt.pem       self-signed root certificate
    <directorio>/<ENTIDAD>/firmante.key.pem   signer private key (0600, optionally encrypted)
    <directorio>/<ENTIDAD>/firmante.crt.pem   signer certificate issued by the root

The certificates themselves are built in ``certificados.py``. Keys are read once (``cargar_llavero``) and kept
as ``cryptography`` objects: parsing a PEM costs far more than signing with the key, so nothing here is ever
re-read per request.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed448 import Ed448PublicKey
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.x509.oid import NameOID

from domain.errores import ErrorDominio
from signing.certificados import (
    ARCHIVO_FIRMANTE_CERT,
    ARCHIVO_FIRMANTE_LLAVE,
    ARCHIVO_RAIZ_CERT,
    ARCHIVO_RAIZ_LLAVE,
    crear_firmante,
    crear_raiz,
)

# Certificates start a little in the past so that a verifier whose clock lags does not reject fresh ones.
HOLGURA_RELOJ = timedelta(minutes=10)
LONGITUD_KID = 8

_log = logging.getLogger(__name__)
_CODIGO_ENTIDAD = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,39}$")

LlavePublica = ec.EllipticCurvePublicKey | Ed25519PublicKey | Ed448PublicKey
_TIPOS_PUBLICOS = (ec.EllipticCurvePublicKey, Ed25519PublicKey, Ed448PublicKey)


class ClaveFirmaNoDisponible(ErrorDominio):
    """The entidad has no signing key loaded: a deployment problem, not a citizen's."""

    codigo = "CLAVE_FIRMA_NO_DISPONIBLE"


class LlavesInconsistentes(RuntimeError):
    """Key material on disk is half-written or does not chain; refuse to guess."""


def calcular_kid(certificado: x509.Certificate) -> bytes:
    """Key id: first 8 bytes of SHA-256 over the signer certificate DER."""
    return hashlib.sha256(certificado.public_bytes(serialization.Encoding.DER)).digest()[:LONGITUD_KID]


@dataclass(frozen=True)
class ClavePublica:
    """What an offline verifier needs for one kid: the key and whom it belongs to."""

    kid: bytes
    entidad_codigo: str
    certificado: x509.Certificate
    llave: LlavePublica

    def vigente_en(self, instante: datetime) -> bool:
        return _vigente(self.certificado, instante)


@dataclass(frozen=True)
class Firmante:
    """An entidad's signing material, loaded once."""

    entidad_codigo: str
    llave_privada: ec.EllipticCurvePrivateKey
    certificado: x509.Certificate
    raiz: x509.Certificate
    kid: bytes

    @property
    def cadena(self) -> tuple[x509.Certificate, x509.Certificate]:
        return (self.certificado, self.raiz)

    def vigente_en(self, instante: datetime) -> bool:
        return _vigente(self.certificado, instante)

    @property
    def entidad_nombre(self) -> str:
        atributos = self.certificado.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
        return str(atributos[0].value) if atributos else self.entidad_codigo


class Llavero:
    """Every entidad's keys, indexed by entidad code (to sign) and by kid (to verify)."""

    def __init__(
        self, firmantes: Iterable[Firmante] = (), claves: Iterable[ClavePublica] = (),
        raices: Mapping[str, x509.Certificate] | None = None,
    ) -> None:
        self._firmantes = {f.entidad_codigo: f for f in firmantes}
        self._raices = dict(raices or {})
        self._claves = {c.kid: c for c in claves}
        for f in self._firmantes.values():
            self._raices.setdefault(f.entidad_codigo, f.raiz)
            self._claves.setdefault(f.kid, _clave_publica(f.entidad_codigo, f.certificado))

    def entidades(self) -> tuple[str, ...]:
        """Codes of the entidades whose certificates are loaded (with or without private keys)."""
        return tuple(sorted(self._raices))

    def firmante(self, entidad_codigo: str) -> Firmante:
        try:
            return self._firmantes[entidad_codigo]
        except KeyError:
            raise ClaveFirmaNoDisponible(
                f"No hay llave de firma cargada para la entidad {entidad_codigo}."
            ) from None

    def clave_publica(self, kid: bytes) -> ClavePublica | None:
        return self._claves.get(kid)

    def raices(self) -> tuple[x509.Certificate, ...]:
        """Trust anchors, e.g. for a PAdES validator."""
        return tuple(self._raices[e] for e in self.entidades())

    def publico(self) -> Llavero:
        """The same keyring without any private key, safe to hand to verification code."""
        return Llavero(claves=self._claves.values(), raices=self._raices)


def generar_llaves_entidad(
    directorio: Path,
    entidad_codigo: str,
    entidad_nombre: str,
    *,
    passphrase: bytes | None = None,
    ahora: datetime | None = None,
) -> bool:
    """Create the entidad's root and signer if absent; existing, complete material is kept untouched.

    Returns whether anything was created (files land in ``directorio/entidad_codigo``). Raises
    ``LlavesInconsistentes`` if only half of a key/certificate pair exists.
    """
    _validar_codigo(entidad_codigo)
    carpeta = Path(directorio) / entidad_codigo
    carpeta.mkdir(mode=0o700, parents=True, exist_ok=True)
    instante = (ahora or datetime.now(UTC)) - HOLGURA_RELOJ
    hay_raiz = _par_existente(carpeta / ARCHIVO_RAIZ_LLAVE, carpeta / ARCHIVO_RAIZ_CERT)
    hay_firmante = _par_existente(carpeta / ARCHIVO_FIRMANTE_LLAVE, carpeta / ARCHIVO_FIRMANTE_CERT)
    if hay_raiz and hay_firmante:
        return False  # nothing to do, and no private key is even read (it may be encrypted)
    if hay_firmante:
        raise LlavesInconsistentes(f"{carpeta}: hay firmante pero no raíz; no se puede rehacer la cadena.")
    if hay_raiz:
        raiz_llave = _cargar_llave_ec(carpeta / ARCHIVO_RAIZ_LLAVE, passphrase)
        raiz_cert = x509.load_pem_x509_certificate((carpeta / ARCHIVO_RAIZ_CERT).read_bytes())
    else:
        raiz_llave, raiz_cert = crear_raiz(carpeta, entidad_codigo, entidad_nombre, instante, passphrase)
    crear_firmante(carpeta, entidad_codigo, entidad_nombre, raiz_llave, raiz_cert, instante, passphrase)
    return True


def cargar_llavero(
    directorio: Path, *, passphrase: bytes | None = None, solo_publico: bool = False
) -> Llavero:
    """Load every entidad folder under ``directorio`` once.

    With ``solo_publico`` only the certificates are read (private key files may be absent), which is what an
    offline verifier or the public verification page should use.
    """
    firmantes: list[Firmante] = []
    claves: list[ClavePublica] = []
    raices: dict[str, x509.Certificate] = {}
    if not Path(directorio).is_dir():
        # An empty keyring is visible (readiness checks, ClaveFirmaNoDisponible) without crashing start-up.
        _log.warning("no existe la carpeta de llaves %s: llavero vacío", directorio)
        return Llavero()
    for carpeta in sorted(p for p in Path(directorio).iterdir() if p.is_dir()):
        if not (carpeta / ARCHIVO_FIRMANTE_CERT).exists():
            continue
        codigo = carpeta.name
        raiz, certificado = _cargar_cadena(carpeta)
        raices[codigo] = raiz
        if solo_publico:
            claves.append(_clave_publica(codigo, certificado))
        else:
            llave = _cargar_llave_ec(carpeta / ARCHIVO_FIRMANTE_LLAVE, passphrase)
            if llave.public_key() != certificado.public_key():
                raise LlavesInconsistentes(f"{carpeta}: la llave del firmante no corresponde a su certificado.")
            firmantes.append(Firmante(codigo, llave, certificado, raiz, calcular_kid(certificado)))
    return Llavero(firmantes, claves, raices)


def _vigente(certificado: x509.Certificate, instante: datetime) -> bool:
    return certificado.not_valid_before_utc <= instante <= certificado.not_valid_after_utc


def _validar_codigo(entidad_codigo: str) -> None:
    # The code becomes a folder name and the QR issuer claim: keep it short and path-safe.
    if not _CODIGO_ENTIDAD.fullmatch(entidad_codigo):
        raise ValueError(f"Código de entidad no válido: {entidad_codigo!r} (A-Z, 0-9 y guiones).")


def _clave_publica(codigo: str, certificado: x509.Certificate) -> ClavePublica:
    llave = certificado.public_key()
    if not isinstance(llave, _TIPOS_PUBLICOS):
        raise LlavesInconsistentes(f"{codigo}: tipo de llave no soportado para firmar códigos QR.")
    return ClavePublica(calcular_kid(certificado), codigo, certificado, llave)


def _cargar_cadena(carpeta: Path) -> tuple[x509.Certificate, x509.Certificate]:
    raiz = x509.load_pem_x509_certificate((carpeta / ARCHIVO_RAIZ_CERT).read_bytes())
    certificado = x509.load_pem_x509_certificate((carpeta / ARCHIVO_FIRMANTE_CERT).read_bytes())
    try:
        certificado.verify_directly_issued_by(raiz)
    except (ValueError, TypeError, InvalidSignature) as exc:
        raise LlavesInconsistentes(f"{carpeta}: el firmante no fue emitido por la raíz ({exc}).") from exc
    return raiz, certificado


def _cargar_llave_ec(ruta: Path, passphrase: bytes | None) -> ec.EllipticCurvePrivateKey:
    llave = serialization.load_pem_private_key(ruta.read_bytes(), password=passphrase)
    if not isinstance(llave, ec.EllipticCurvePrivateKey):
        raise LlavesInconsistentes(f"{ruta}: se esperaba una llave ECDSA.")
    return llave


def _par_existente(llave: Path, cert: Path) -> bool:
    if llave.exists() and cert.exists():
        return True
    if llave.exists() or cert.exists():
        raise LlavesInconsistentes(
            f"Existe {llave.name} o {cert.name} pero no ambos en {llave.parent}: revise o borre ambos para regenerar."
        )
    return False
