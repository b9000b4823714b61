"""X.509 material for an entidad: a P-256 root CA and the signers it issues, written to disk safely.

``llaves.py`` decides *whether* and *where* to create; this module decides *how*. The ``construir_*`` functions
only build certificates (the test-vector script uses them with fixed keys, serials and deterministic ECDSA);
the ``crear_*`` functions also generate the key and write both files.

Roots are always ECDSA P-256 (they sign certificates, and every PAdES validator understands them). A signer is
ECDSA P-256 (ES256, the default) or Ed25519 (EdDSA), chosen when it is created.
"""

from __future__ import annotations

import hashlib
import os
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.x509.oid import NameOID

ARCHIVO_RAIZ_LLAVE = "raiz.key.pem"
ARCHIVO_RAIZ_CERT = "raiz.crt.pem"
ARCHIVO_FIRMANTE_LLAVE = "firmante.key.pem"
ARCHIVO_FIRMANTE_CERT = "firmante.crt.pem"
CARPETA_FIRMANTES = "firmantes"
"""Signers created by a rotation: ``firmantes/<kid hex>.key.pem`` and ``firmantes/<kid hex>.crt.pem``."""

CARPETA_RAICES = "raices"
"""Roots replaced by a root rotation: ``raices/<kid hex>.crt.pem`` (certificate only; the old key is gone)."""

LONGITUD_KID = 8

VIGENCIA_RAIZ = timedelta(days=365 * 15)
VIGENCIA_FIRMANTE = timedelta(days=365 * 3)

LlavePrivadaFirmante = ec.EllipticCurvePrivateKey | Ed25519PrivateKey


class Algoritmo(StrEnum):
    """Signer key algorithms, named as in COSE/JOSE."""

    ES256 = "ES256"
    EDDSA = "EdDSA"


def calcular_kid(certificado: x509.Certificate) -> bytes:
    """Key id: first 8 bytes of SHA-256 over the signer certificate DER."""
    return hashlib.sha256(certificado.public_bytes(serialization.Encoding.DER)).digest()[:LONGITUD_KID]


def nueva_llave(algoritmo: Algoritmo) -> LlavePrivadaFirmante:
    return Ed25519PrivateKey.generate() if algoritmo is Algoritmo.EDDSA else ec.generate_private_key(ec.SECP256R1())


def construir_raiz(
    llave: ec.EllipticCurvePrivateKey, codigo: str, nombre: str, desde: datetime, *,
    vigencia: timedelta = VIGENCIA_RAIZ, serie: int | None = None, determinista: bool = False,
) -> x509.Certificate:
    nombre_x509 = _nombre(codigo, nombre, f"{codigo} raíz de firma")
    return (
        _constructor(nombre_x509, nombre_x509, llave.public_key(), desde, vigencia, serie)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_uso(firma=False, certificados=True), critical=True)
        .sign(llave, hashes.SHA256(), ecdsa_deterministic=determinista or None)
    )


def construir_firmante(
    publica: ec.EllipticCurvePublicKey | Ed25519PublicKey, codigo: str, nombre: str,
    raiz_llave: ec.EllipticCurvePrivateKey, raiz_cert: x509.Certificate, desde: datetime, *,
    vigencia: timedelta = VIGENCIA_FIRMANTE, serie: int | None = None, determinista: bool = False,
) -> x509.Certificate:
    return (
        _constructor(
            _nombre(codigo, nombre, f"{codigo} firma de certificados"), raiz_cert.subject,
            publica, desde, vigencia, serie,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_uso(firma=True, certificados=False), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(raiz_llave.public_key()), critical=False
        )
        .sign(raiz_llave, hashes.SHA256(), ecdsa_deterministic=determinista or None)
    )


def nombre_organizacion(certificado: x509.Certificate) -> str | None:
    atributos = certificado.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    return str(atributos[0].value) if atributos else None


def _nombre(codigo: str, nombre: str, comun: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CO"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, _recortar(nombre)),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, codigo),
        x509.NameAttribute(NameOID.COMMON_NAME, _recortar(comun)),
    ])


def _recortar(texto: str, maximo: int = 64) -> str:
    # X.509 upper bound for these attributes; cryptography measures it in UTF-8 bytes.
    while len(texto.encode("utf-8")) > maximo:
        texto = texto[:-1]
    return texto


def _constructor(
    sujeto: x509.Name, emisor: x509.Name, llave: ec.EllipticCurvePublicKey | Ed25519PublicKey,
    desde: datetime, vigencia: timedelta, serie: int | None,
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(sujeto)
        .issuer_name(emisor)
        .public_key(llave)
        .serial_number(serie if serie is not None else x509.random_serial_number())
        .not_valid_before(desde)
        .not_valid_after(desde + vigencia)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(llave), critical=False)
    )


def _uso(*, firma: bool, certificados: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=firma, content_commitment=firma, key_encipherment=False, data_encipherment=False,
        key_agreement=False, key_cert_sign=certificados, crl_sign=certificados,
        encipher_only=False, decipher_only=False,
    )


def escribir_llave(ruta: Path, llave: LlavePrivadaFirmante, passphrase: bytes | None) -> None:
    """PKCS#8 PEM, mode 0600, encrypted with the passphrase when there is one."""
    cifrado: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase) if passphrase else serialization.NoEncryption()
    )
    pem = llave.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, cifrado)
    escribir_atomico(ruta, pem, 0o600)


def escribir_publico(ruta: Path, contenido: bytes) -> None:
    escribir_atomico(ruta, contenido, 0o644)


def escribir_atomico(ruta: Path, contenido: bytes, modo: int) -> None:
    # The file is created with its final mode (never briefly world-readable) and renamed into place, so a crash
    # leaves either the old state or the complete new file.
    temporal = ruta.with_name(f".{ruta.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporal, os.O_WRONLY | os.O_CREAT | os.O_EXCL, modo)
    try:
        with os.fdopen(descriptor, "wb") as archivo:
            archivo.write(contenido)
            archivo.flush()
            os.fsync(archivo.fileno())
        os.chmod(temporal, modo)  # the umask may have narrowed the mode; certificates must stay readable
        os.replace(temporal, ruta)
    except BaseException:
        temporal.unlink(missing_ok=True)
        raise
    # The rename lives in the directory: without this fsync a power cut may bring back the old file (or none).
    carpeta = os.open(ruta.parent, os.O_RDONLY)
    try:
        os.fsync(carpeta)
    finally:
        os.close(carpeta)
