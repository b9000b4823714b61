"""COSE_Sign1 (RFC 9052 §4.2) on cbor2 + cryptography.

Hand-written because pycose 1.1 cannot decode with cbor2 >= 6 (arrays inside tags come back as tuples).
Signing: ES256 with P-256 keys (raw r||s, RFC 9053 §2.1) and EdDSA with Ed25519/Ed448 keys.
Verification accepts the same algorithms; the algorithm must agree with the key type, so a header can never make
us verify with an algorithm the key was not meant for.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed448 import Ed448PrivateKey, Ed448PublicKey
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

ETIQUETA_SIGN1 = 18
CABECERA_ALG = 1
CABECERA_KID = 4
ES256 = -7
EDDSA = -8
_LONGITUD_ES256 = 64
_LONGITUD_COORDENADA = 32
# A QR code holds at most 2,953 bytes; anything longer did not come from one.
LONGITUD_MAXIMA = 4096
_ECDSA_SHA256 = ec.ECDSA(hashes.SHA256())  # immutable; built once (about 1 µs per verification otherwise)

LlavePrivada = ec.EllipticCurvePrivateKey | Ed25519PrivateKey | Ed448PrivateKey
LlavePublica = ec.EllipticCurvePublicKey | Ed25519PublicKey | Ed448PublicKey
Cabeceras = dict[Any, Any]


class ErrorCose(ValueError):
    """Base of every COSE failure; the message is Spanish and safe to show."""


class FormatoCoseInvalido(ErrorCose):
    pass


class AlgoritmoNoSoportado(ErrorCose):
    pass


class FirmaInvalida(ErrorCose):
    pass


@dataclass(frozen=True)
class MensajeSign1:
    """A decoded COSE_Sign1. ``protegido_bstr`` keeps the exact bytes that were signed."""

    protegido_bstr: bytes
    protegido: Cabeceras
    no_protegido: Cabeceras
    carga: bytes
    firma: bytes
    etiquetado: bool

    @property
    def protegido_firmado(self) -> bytes:
        """RFC 9052 §4.4: with no protected parameters the Sig_structure carries an empty bstr, even if the
        wire form was an encoded empty map (h'A0'), as the working group's sign-pass-01 vector checks."""
        return self.protegido_bstr if self.protegido else b""

    @property
    def alg(self) -> object:
        return self.protegido.get(CABECERA_ALG, self.no_protegido.get(CABECERA_ALG))

    @property
    def kid(self) -> object:
        return self.protegido.get(CABECERA_KID, self.no_protegido.get(CABECERA_KID))


def firmar_sign1(
    carga: bytes, llave: LlavePrivada, kid: bytes, *, aad: bytes = b"", determinista: bool = False
) -> bytes:
    """Return a tagged COSE_Sign1 with {alg, kid} in the protected header and an empty unprotected one.

    ``determinista`` uses RFC 6979 ECDSA nonces, for reproducible test vectors (EdDSA is always deterministic).
    """
    alg = ES256 if isinstance(llave, ec.EllipticCurvePrivateKey) else EDDSA
    protegido_bstr = cbor2.dumps({CABECERA_ALG: alg, CABECERA_KID: kid}, canonical=True)
    por_firmar = _estructura_firma(protegido_bstr, aad, carga)
    if isinstance(llave, ec.EllipticCurvePrivateKey):
        _exigir_p256(llave.curve)
        algoritmo = ec.ECDSA(hashes.SHA256(), deterministic_signing=True) if determinista else _ECDSA_SHA256
        r, s = decode_dss_signature(llave.sign(por_firmar, algoritmo))
        firma = r.to_bytes(_LONGITUD_COORDENADA, "big") + s.to_bytes(_LONGITUD_COORDENADA, "big")
    else:
        firma = llave.sign(por_firmar)
    return cbor2.dumps(cbor2.CBORTag(ETIQUETA_SIGN1, [protegido_bstr, {}, carga, firma]))


def decodificar_sign1(datos: bytes) -> MensajeSign1:
    """Parse (without verifying) a COSE_Sign1, tagged 18 or untagged; trailing bytes are an error."""
    if len(datos) > LONGITUD_MAXIMA:
        raise FormatoCoseInvalido("mensaje COSE demasiado largo")
    objeto = _cargar_cbor(datos)
    etiquetado = isinstance(objeto, cbor2.CBORTag)
    if isinstance(objeto, cbor2.CBORTag):
        if objeto.tag != ETIQUETA_SIGN1:
            raise FormatoCoseInvalido(f"etiqueta CBOR {objeto.tag} en lugar de 18 (COSE_Sign1)")
        objeto = objeto.value
    if not isinstance(objeto, list | tuple) or len(objeto) != 4:
        raise FormatoCoseInvalido("COSE_Sign1 debe ser un arreglo de cuatro elementos")
    protegido_bstr, no_protegido, carga, firma = objeto
    if not isinstance(protegido_bstr, bytes) or not isinstance(carga, bytes) or not isinstance(firma, bytes):
        raise FormatoCoseInvalido("cabecera protegida, carga y firma deben ser cadenas de bytes")
    if not isinstance(no_protegido, Mapping):
        raise FormatoCoseInvalido("la cabecera no protegida debe ser un mapa")
    protegido = _cabecera_protegida(protegido_bstr)
    if set(protegido) & set(no_protegido):
        raise FormatoCoseInvalido("un parámetro aparece en las dos cabeceras")
    return MensajeSign1(protegido_bstr, protegido, dict(no_protegido), carga, firma, etiquetado)


def verificar_sign1(mensaje: MensajeSign1, llave: LlavePublica, *, aad: bytes = b"") -> None:
    """Raise ``FirmaInvalida`` or ``AlgoritmoNoSoportado`` unless the signature is good for this key."""
    por_firmar = _estructura_firma(mensaje.protegido_firmado, aad, mensaje.carga)
    alg = mensaje.alg
    try:
        if alg == ES256 and isinstance(llave, ec.EllipticCurvePublicKey):
            _exigir_p256(llave.curve)
            llave.verify(_firma_der(mensaje.firma), por_firmar, _ECDSA_SHA256)
        elif alg == EDDSA and isinstance(llave, Ed25519PublicKey | Ed448PublicKey):
            llave.verify(mensaje.firma, por_firmar)
        elif alg in (ES256, EDDSA):
            raise AlgoritmoNoSoportado("el algoritmo no corresponde al tipo de la clave")
        else:
            raise AlgoritmoNoSoportado(f"algoritmo COSE no soportado: {alg!r}")
    except InvalidSignature:
        raise FirmaInvalida("firma no válida") from None


def _estructura_firma(protegido_bstr: bytes, aad: bytes, carga: bytes) -> bytes:
    # Sig_structure for COSE_Sign1 (RFC 9052 §4.4).
    return cbor2.dumps(["Signature1", protegido_bstr, aad, carga])


def _cargar_cbor(datos: bytes) -> object:
    flujo = io.BytesIO(datos)
    try:
        objeto = cbor2.CBORDecoder(flujo).decode()
    except (cbor2.CBORDecodeError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise FormatoCoseInvalido(f"CBOR mal formado ({exc})") from None
    if flujo.tell() != len(datos):
        raise FormatoCoseInvalido("hay bytes sobrantes después del mensaje COSE")
    return objeto


def _cabecera_protegida(protegido_bstr: bytes) -> Cabeceras:
    # RFC 9052 §3: a zero-length bstr means an empty map.
    if not protegido_bstr:
        return {}
    cabecera = _cargar_cbor(protegido_bstr)
    if not isinstance(cabecera, Mapping):
        raise FormatoCoseInvalido("la cabecera protegida debe ser un mapa")
    return dict(cabecera)


def _firma_der(firma: bytes) -> bytes:
    if len(firma) != _LONGITUD_ES256:
        raise FirmaInvalida("firma no válida")
    r = int.from_bytes(firma[:_LONGITUD_COORDENADA], "big")
    s = int.from_bytes(firma[_LONGITUD_COORDENADA:], "big")
    return encode_dss_signature(r, s)


def _exigir_p256(curva: ec.EllipticCurve) -> None:
    if not isinstance(curva, ec.SECP256R1):
        raise AlgoritmoNoSoportado("ES256 exige una clave P-256")
