"""The platform's list-signing key: signs the trust list and the revocation list (never a QR or a PDF).

It is separate from every entidad's keys, lives in its own folder (by default ``<claves>/_plataforma``, a name
that can never be an entidad code) and is published as a self-signed certificate that offline verifiers pin::

    <carpeta>/plataforma.key.pem    private key (0600, optionally encrypted)
    <carpeta>/plataforma.crt.pem    self-signed certificate: publish it, verifiers pin it
    <carpeta>/anteriores/<kid>.crt.pem   certificates of replaced platform keys (public, for the record)
    <carpeta>/rotaciones.json       the chain of rotation statements (published as rotaciones-plataforma.json)
    <carpeta>/secuencias.json       the last ``secuencia`` issued per list (rollback protection)

Its kid is computed like a signer's: the first 8 bytes of SHA-256 over the certificate DER.

**Rotation** (``rotar_llave_plataforma``), after TUF's root rotation: a *rotation statement* naming the new
certificate is signed by **both** the old and the new key (``jws.firmar_varias``) and appended to the chain. A
verifier that pinned an old certificate walks the chain (``seguir_rotaciones``): a statement whose ``anterior`` is
the key it trusts, and whose two signatures verify, replaces that key by the new one. Nothing else can change
which key it trusts, and the old key is no longer accepted for lists once the chain has been walked past it.
The statements, the chain and the pinning (``llaves_fijadas``) are in ``cadena_plataforma.py``, re-exported here.
"""

from __future__ import annotations

import fcntl
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.x509.oid import NameOID

from signing import jws
from signing.cadena_plataforma import (
    ARCHIVO_ROTACIONES,
    TIPO_ROTACION,
    _leer_cadena,
    _nuevo_kid,
    declaracion_rotacion,
    serializar_cadena,
)
from signing.cadena_plataforma import FORMATO_CADENA as FORMATO_CADENA  # re-exported
from signing.cadena_plataforma import FORMATO_ROTACION as FORMATO_ROTACION
from signing.cadena_plataforma import RotacionInvalida as RotacionInvalida
from signing.cadena_plataforma import cadena_publicada as cadena_publicada
from signing.cadena_plataforma import llaves_fijadas as llaves_fijadas
from signing.cadena_plataforma import seguir_rotaciones as seguir_rotaciones
from signing.certificados import calcular_kid, escribir_atomico
from signing.jws import LlavePrivadaJws
from signing.llaves import HOLGURA_RELOJ, FraseIncorrecta, FraseNecesaria, LlavesInconsistentes
from signing.transaccion_llaves import (
    Transaccion,
    bloqueo_exclusivo,
    lectura_consistente,
    pem_privado,
    pem_publico,
    recuperar,
)

CARPETA_PLATAFORMA = "_plataforma"
ARCHIVO_LLAVE = "plataforma.key.pem"
ARCHIVO_CERT = "plataforma.crt.pem"
VIGENCIA = timedelta(days=365 * 10)
CARPETA_ANTERIORES = "anteriores"
ARCHIVO_SECUENCIAS = "secuencias.json"


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
    carpeta.mkdir(mode=0o700, parents=True, exist_ok=True)
    with bloqueo_exclusivo(carpeta):
        recuperar(carpeta)
        llave_ruta, cert_ruta = carpeta / ARCHIVO_LLAVE, carpeta / ARCHIVO_CERT
        if llave_ruta.exists() and cert_ruta.exists():
            return False
        if llave_ruta.exists() or cert_ruta.exists():
            raise LlavesInconsistentes(f"{carpeta}: existe {ARCHIVO_LLAVE} o {ARCHIVO_CERT} pero no ambos.")
        llave = ec.generate_private_key(ec.SECP256R1())
        certificado = construir_certificado(llave, (ahora or datetime.now(UTC)) - HOLGURA_RELOJ)
        with Transaccion(carpeta, "generar-plataforma") as tx:
            tx.escribir(ARCHIVO_LLAVE, pem_privado(llave, passphrase), 0o600)
            tx.escribir(ARCHIVO_CERT, pem_publico(certificado), 0o644)
    return True


def cargar_llave_plataforma(carpeta: Path, *, passphrase: bytes | None = None) -> LlavePlataforma:
    carpeta = Path(carpeta)
    if not carpeta.is_dir():
        raise LlavesInconsistentes(f"No hay llave de plataforma en {carpeta}.")
    with lectura_consistente(carpeta):  # finishes a rotation a crash interrupted
        return cargar_llave_plataforma_sin_bloqueo(carpeta, passphrase)


def cargar_llave_plataforma_sin_bloqueo(carpeta: Path, passphrase: bytes | None) -> LlavePlataforma:
    """``cargar_llave_plataforma`` for a caller that already holds the folder's lock."""
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


# ------------------------------------------------------------------------------------------------ rotation


@dataclass(frozen=True)
class RotacionPlataforma:
    numero: int
    anterior: x509.Certificate
    nueva: LlavePlataforma


def rotar_llave_plataforma(
    carpeta: Path, *, passphrase: bytes | None = None, nueva_passphrase: bytes | None = None,
    ahora: datetime | None = None,
) -> RotacionPlataforma:
    """Replace the platform key: a new key and certificate, announced by a statement signed by both keys.

    One transaction (``transaccion_llaves.Transaccion``), renamed in this order: the old certificate to
    ``anteriores/``, the chain with the new statement, then the new key and certificate. After a crash the folder
    is the old state, or the journal left behind is finished by the next load or rotation. A last statement
    whose key never made it to disk (a folder written before transactions) is dropped by the next rotation.
    """
    carpeta = Path(carpeta)
    if not carpeta.is_dir():
        raise LlavesInconsistentes(f"No hay llave de plataforma en {carpeta}.")
    with bloqueo_exclusivo(carpeta):
        recuperar(carpeta)
        actual = cargar_llave_plataforma_sin_bloqueo(carpeta, passphrase)
        instante = (ahora or datetime.now(UTC)).replace(microsecond=0)
        llave = ec.generate_private_key(ec.SECP256R1())
        nueva = LlavePlataforma(llave, construir_certificado(llave, instante - HOLGURA_RELOJ))
        rotaciones = _leer_cadena(carpeta)
        if rotaciones and _nuevo_kid(rotaciones[-1]) != actual.kid.hex():
            rotaciones.pop()  # announced a key that was never written (interrupted rotation)
        numero = max((int(r.get("numero", 0)) for r in rotaciones), default=0) + 1
        declaracion = jws.firmar_varias(
            declaracion_rotacion(numero, actual.certificado, nueva.certificado, instante),
            [(actual.llave, actual.kid), (nueva.llave, nueva.kid)], TIPO_ROTACION,
        )
        frase_nueva = nueva_passphrase if nueva_passphrase is not None else passphrase
        with Transaccion(carpeta, "rotar-plataforma") as tx:
            tx.escribir(f"{CARPETA_ANTERIORES}/{actual.kid.hex()}.crt.pem", _pem(actual.certificado), 0o644)
            tx.escribir(ARCHIVO_ROTACIONES, serializar_cadena([*rotaciones, declaracion]), 0o644)
            tx.escribir(ARCHIVO_LLAVE, pem_privado(llave, frase_nueva), 0o600)
            tx.escribir(ARCHIVO_CERT, _pem(nueva.certificado), 0o644)
    return RotacionPlataforma(numero, actual.certificado, nueva)


def _pem(certificado: x509.Certificate) -> bytes:
    return certificado.public_bytes(serialization.Encoding.PEM)


# -------------------------------------------------------------------------------------------- sequences


def siguiente_secuencia(carpeta: Path, tipo: str, emitida_en: datetime) -> int:
    """The ``secuencia`` of the next list of kind ``tipo``: ``max(last + 1, emitida_en in epoch seconds)``.

    Strictly increasing on this platform folder (the file is updated under an exclusive lock, so the server and
    the CLI can both issue lists), and still increasing after the folder is restored from a backup or moved to a
    new host, as long as the clock is right.
    """
    carpeta = Path(carpeta)
    carpeta.mkdir(mode=0o700, parents=True, exist_ok=True)
    ruta = carpeta / ARCHIVO_SECUENCIAS
    with open(carpeta / ".secuencias.lock", "a+b") as candado:
        fcntl.flock(candado, fcntl.LOCK_EX)
        try:
            datos = json.loads(ruta.read_text(encoding="utf-8")) if ruta.exists() else {}
        except ValueError:
            raise LlavesInconsistentes(f"{ruta}: no es JSON válido") from None
        ultima = datos.get(tipo, 0) if isinstance(datos, dict) else 0
        if not isinstance(ultima, int):
            raise LlavesInconsistentes(f"{ruta}: secuencia no entera para {tipo}")
        secuencia = max(ultima + 1, int(emitida_en.timestamp()))
        datos = {**(datos if isinstance(datos, dict) else {}), tipo: secuencia}
        escribir_atomico(ruta, (json.dumps(datos, indent=2, sort_keys=True) + "\n").encode("utf-8"), 0o644)
    return secuencia
