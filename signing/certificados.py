"""X.509 material for an entidad: a P-256 root CA and the signer it issues, written to disk safely.

Only ``llaves.generar_llaves_entidad`` calls this; it decides *whether* to create, this module decides *how*.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ARCHIVO_RAIZ_LLAVE = "raiz.key.pem"
ARCHIVO_RAIZ_CERT = "raiz.crt.pem"
ARCHIVO_FIRMANTE_LLAVE = "firmante.key.pem"
ARCHIVO_FIRMANTE_CERT = "firmante.crt.pem"

VIGENCIA_RAIZ = timedelta(days=365 * 15)
VIGENCIA_FIRMANTE = timedelta(days=365 * 3)


def crear_raiz(
    carpeta: Path, codigo: str, nombre: str, instante: datetime, passphrase: bytes | None
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    llave = ec.generate_private_key(ec.SECP256R1())
    nombre_x509 = _nombre(codigo, nombre, f"{codigo} raíz de firma")
    cert = (
        _constructor(nombre_x509, nombre_x509, llave.public_key(), instante, VIGENCIA_RAIZ)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_uso(firma=False, certificados=True), critical=True)
        .sign(llave, hashes.SHA256())
    )
    _escribir_llave(carpeta / ARCHIVO_RAIZ_LLAVE, llave, passphrase)
    _escribir_publico(carpeta / ARCHIVO_RAIZ_CERT, cert.public_bytes(serialization.Encoding.PEM))
    return llave, cert


def crear_firmante(
    carpeta: Path, codigo: str, nombre: str, raiz_llave: ec.EllipticCurvePrivateKey,
    raiz_cert: x509.Certificate, instante: datetime, passphrase: bytes | None,
) -> None:
    llave = ec.generate_private_key(ec.SECP256R1())
    cert = (
        _constructor(
            _nombre(codigo, nombre, f"{codigo} firma de certificados"), raiz_cert.subject,
            llave.public_key(), instante, VIGENCIA_FIRMANTE,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_uso(firma=True, certificados=False), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(raiz_llave.public_key()), critical=False
        )
        .sign(raiz_llave, hashes.SHA256())
    )
    _escribir_llave(carpeta / ARCHIVO_FIRMANTE_LLAVE, llave, passphrase)
    _escribir_publico(carpeta / ARCHIVO_FIRMANTE_CERT, cert.public_bytes(serialization.Encoding.PEM))


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
    sujeto: x509.Name, emisor: x509.Name, llave: ec.EllipticCurvePublicKey, desde: datetime, vigencia: timedelta
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(sujeto)
        .issuer_name(emisor)
        .public_key(llave)
        .serial_number(x509.random_serial_number())
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


def _escribir_llave(ruta: Path, llave: ec.EllipticCurvePrivateKey, passphrase: bytes | None) -> None:
    cifrado: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase) if passphrase else serialization.NoEncryption()
    )
    pem = llave.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, cifrado)
    _escribir_atomico(ruta, pem, 0o600)


def _escribir_publico(ruta: Path, contenido: bytes) -> None:
    _escribir_atomico(ruta, contenido, 0o644)


def _escribir_atomico(ruta: Path, contenido: bytes, modo: int) -> None:
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
