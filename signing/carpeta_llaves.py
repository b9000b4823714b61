"""An entidad's key folder on disk: the public-key types, the errors, and the helpers that read, check and chain
the certificates and keys of ``<directorio>/<ENTIDAD>/`` (layout in ``llaves.py``). ``llaves.py`` loads whole
keyrings with them; ``rotacion_llaves.py`` creates, rotates and retires keys with them.

Every change to a key folder is one crash-safe transaction: see ``transaccion_llaves.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed448 import Ed448PublicKey
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from signing.certificados import (
    ARCHIVO_FIRMANTE_CERT,
    ARCHIVO_FIRMANTE_LLAVE,
    ARCHIVO_RAIZ_CERT,
    ARCHIVO_RAIZ_LLAVE,
    CARPETA_FIRMANTES,
    CARPETA_RAICES,
    Algoritmo,
    LlavePrivadaFirmante,
    calcular_kid,
    nombre_organizacion,
)
from signing.estado_claves import (
    EstadoClave,
    MetadatosClave,
    leer_estado,
)

# Certificates start a little in the past so that a verifier whose clock lags does not reject fresh ones.
HOLGURA_RELOJ = timedelta(minutes=10)
_CODIGO_ENTIDAD = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,39}$")
_NOMBRE_ROTADO = re.compile(r"^([0-9a-f]{16})\.crt\.pem$")

LlavePublica = ec.EllipticCurvePublicKey | Ed25519PublicKey | Ed448PublicKey
_TIPOS_PUBLICOS = (ec.EllipticCurvePublicKey, Ed25519PublicKey, Ed448PublicKey)


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



def _claves_de_carpeta(carpeta: Path, raices: Sequence[x509.Certificate]) -> list[ClavePublica]:
    """Every signer certificate of an entidad folder, checked against its roots, with its state."""
    estados = leer_estado(carpeta)
    rutas: list[Path] = []
    if _par_existente(carpeta / ARCHIVO_FIRMANTE_LLAVE, carpeta / ARCHIVO_FIRMANTE_CERT, publico_basta=True):
        rutas.append(carpeta / ARCHIVO_FIRMANTE_CERT)
    rutas.extend(_certificados_rotados(carpeta))
    claves = []
    for ruta in rutas:
        certificado = x509.load_pem_x509_certificate(ruta.read_bytes())
        if not any(_emitido_por(certificado, r) for r in raices):
            raise LlavesInconsistentes(f"{ruta}: el firmante no fue emitido por ninguna raíz de la entidad.")
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


def _raices_de(carpeta: Path) -> tuple[x509.Certificate, ...]:
    """The current root first, then the replaced ones (``raices/<kid>.crt.pem``), newest first."""
    actual = _cargar_raiz(carpeta)
    anteriores: list[x509.Certificate] = []
    destino = carpeta / CARPETA_RAICES
    if destino.is_dir():
        for ruta in sorted(destino.iterdir()):
            encontrado = _NOMBRE_ROTADO.fullmatch(ruta.name)
            if not encontrado:
                continue
            certificado = x509.load_pem_x509_certificate(ruta.read_bytes())
            if encontrado.group(1) != calcular_kid(certificado).hex():
                raise LlavesInconsistentes(f"{ruta}: el nombre no corresponde al certificado.")
            if certificado != actual:  # an interrupted rotation may have copied the current root already
                anteriores.append(certificado)
    anteriores.sort(key=lambda c: c.not_valid_before_utc, reverse=True)
    return (actual, *anteriores)


def _emitido_por(certificado: x509.Certificate, raiz: x509.Certificate) -> bool:
    try:
        certificado.verify_directly_issued_by(raiz)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


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
    if llave.public_key() != _cargar_raiz(carpeta).public_key():
        raise LlavesInconsistentes(f"{carpeta}: la llave de la raíz no corresponde a su certificado.")
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
