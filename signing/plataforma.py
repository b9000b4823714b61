"""The platform's list-signing key: signs the trust list and the revocation list (never a QR or a PDF).

It is separate from every entidad's keys, lives in its own folder (by default ``<claves>/_plataforma``, a name
that can never be an entidad code) and is published as a self-signed certificate that offline verifiers pin::

    <carpeta>/plataforma.key.pem    private key (0600, optionally encrypted)
    <carpeta>/plataforma.crt.pem    self-signed certificate: publish it, verifiers pin it

Its kid is computed like a signer's: the first 8 bytes of SHA-256 over the certificate DER.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.x509.oid import NameOID

from signing.certificados import calcular_kid, escribir_llave, escribir_publico
from signing.jws import LlavePrivadaJws, LlavePublicaJws
from signing.llaves import HOLGURA_RELOJ, FraseIncorrecta, FraseNecesaria, LlavesInconsistentes

CARPETA_PLATAFORMA = "_plataforma"
ARCHIVO_LLAVE = "plataforma.key.pem"
ARCHIVO_CERT = "plataforma.crt.pem"
VIGENCIA = timedelta(days=365 * 10)


@dataclass(frozen=True)
class LlavePlataforma:
    llave: LlavePrivadaJws
    certificado: x509.Certificate

    @property
    def kid(self) -> bytes:
        return calcular_kid(self.certificado)


def construir_certificado(
    llave: LlavePrivadaJws, desde: datetime, *, serie: int | None = None, determinista: bool = False
) -> x509.Certificate:
    nombre = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CO"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ventanilla"),
        x509.NameAttribute(NameOID.COMMON_NAME, "Ventanilla: listas de confianza y de revocados"),
    ])
    constructor = (
        x509.CertificateBuilder()
        .subject_name(nombre)
        .issuer_name(nombre)
        .public_key(llave.public_key())
        .serial_number(serie if serie is not None else x509.random_serial_number())
        .not_valid_before(desde)
        .not_valid_after(desde + VIGENCIA)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False, data_encipherment=False,
                key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
    )
    if isinstance(llave, Ed25519PrivateKey):
        return constructor.sign(llave, None)
    return constructor.sign(llave, hashes.SHA256(), ecdsa_deterministic=determinista or None)


def generar_llave_plataforma(
    carpeta: Path, *, passphrase: bytes | None = None, ahora: datetime | None = None
) -> bool:
    """Create the platform key (ECDSA P-256) if absent; returns whether it did."""
    carpeta = Path(carpeta)
    llave_ruta, cert_ruta = carpeta / ARCHIVO_LLAVE, carpeta / ARCHIVO_CERT
    if llave_ruta.exists() and cert_ruta.exists():
        return False
    if llave_ruta.exists() or cert_ruta.exists():
        raise LlavesInconsistentes(f"{carpeta}: existe {ARCHIVO_LLAVE} o {ARCHIVO_CERT} pero no ambos.")
    carpeta.mkdir(mode=0o700, parents=True, exist_ok=True)
    llave = ec.generate_private_key(ec.SECP256R1())
    certificado = construir_certificado(llave, (ahora or datetime.now(UTC)) - HOLGURA_RELOJ)
    escribir_llave(llave_ruta, llave, passphrase)
    escribir_publico(cert_ruta, certificado.public_bytes(serialization.Encoding.PEM))
    return True


def cargar_llave_plataforma(carpeta: Path, *, passphrase: bytes | None = None) -> LlavePlataforma:
    carpeta = Path(carpeta)
    try:
        datos = (carpeta / ARCHIVO_LLAVE).read_bytes()
        certificado = x509.load_pem_x509_certificate((carpeta / ARCHIVO_CERT).read_bytes())
    except FileNotFoundError:
        raise LlavesInconsistentes(f"No hay llave de plataforma en {carpeta}.") from None
    try:
        llave = serialization.load_pem_private_key(datos, password=passphrase)
    except TypeError as exc:
        if passphrase is None:
            raise FraseNecesaria(f"{carpeta / ARCHIVO_LLAVE}: la llave está cifrada y no se dio la frase.") from exc
        raise FraseIncorrecta(f"{carpeta / ARCHIVO_LLAVE}: la llave no está cifrada.") from exc
    except ValueError as exc:
        raise FraseIncorrecta(f"{carpeta / ARCHIVO_LLAVE}: la frase de paso no descifra la llave.") from exc
    if not isinstance(llave, ec.EllipticCurvePrivateKey | Ed25519PrivateKey):
        raise LlavesInconsistentes(f"{carpeta / ARCHIVO_LLAVE}: se esperaba una llave P-256 o Ed25519.")
    if llave.public_key() != certificado.public_key():
        raise LlavesInconsistentes(f"{carpeta}: la llave de plataforma no corresponde a su certificado.")
    return LlavePlataforma(llave, certificado)


def cargar_certificados(pems: Iterable[bytes]) -> list[x509.Certificate]:
    """Every certificate in the given PEM texts (a file may hold several, e.g. during a platform key change)."""
    certificados: list[x509.Certificate] = []
    for pem in pems:
        certificados.extend(x509.load_pem_x509_certificates(pem))
    return certificados


def llaves_fijadas(certificados: Iterable[x509.Certificate]) -> Mapping[bytes, LlavePublicaJws]:
    """kid → public key of the pinned platform certificates."""
    fijadas: dict[bytes, LlavePublicaJws] = {}
    for certificado in certificados:
        llave = certificado.public_key()
        if not isinstance(llave, ec.EllipticCurvePublicKey | Ed25519PublicKey):
            raise LlavesInconsistentes("certificado de plataforma con un tipo de llave no soportado")
        fijadas[calcular_kid(certificado)] = llave
    return fijadas
