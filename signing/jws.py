"""Signed JSON documents (trust list, revocation list): the JSON itself plus a detached JWS in ``"firma"``.

    {"formato": "...", ..., "firma": "<BASE64URL(header)>..<BASE64URL(signature)>"}

The signature is a JWS (RFC 7515) in compact serialization with a detached payload (RFC 7515 Appendix F). The
payload is the **canonical JSON** (RFC 8785, JCS) of the document without its ``"firma"`` member, so the file can
be pretty-printed, re-indented or have its members reordered without breaking the signature.

To keep JCS trivial to implement everywhere, these documents only contain objects, arrays, strings, integers
with ``|n| <= 2^53 - 1``, ``true``, ``false`` and ``null``; member names are ASCII. For such values JCS is:
members sorted by name, no white space, strings UTF-8 with only ``"`` ``\\`` and U+0000-U+001F escaped (as
``\\b \\f \\n \\r \\t``, else ``\\u00xx`` in lower case), integers in plain decimal.

Protected header: exactly ``{"alg": "ES256" | "EdDSA", "kid": "<16 lower-case hex digits>", "typ": "<document
type>"}``; any other member (``crit``, ``b64``, ``jku``, ``x5u``…) is refused.
Signing input: ``header_b64 + "." + BASE64URL(JCS(payload))``. ES256 signatures are the 64-byte ``r || s``
(RFC 7518 §3.4).
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

MIEMBRO_FIRMA = "firma"
MIEMBRO_FIRMAS = "firmas"
ENTERO_MAXIMO = 2**53 - 1
TAMANO_MAXIMO = 16 * 1024 * 1024
"""Bytes; a list bigger than this is refused before parsing."""

LlavePrivadaJws = ec.EllipticCurvePrivateKey | Ed25519PrivateKey
LlavePublicaJws = ec.EllipticCurvePublicKey | Ed25519PublicKey


class DocumentoFirmadoInvalido(ValueError):
    """The file is not a well-formed signed document, or its signature does not verify. Spanish message."""


def canonico(valor: object) -> bytes:
    """RFC 8785 canonical JSON for the restricted value set above (raises ``ValueError`` outside it)."""
    return _canonico(valor).encode("utf-8")


def _canonico(valor: object) -> str:
    if valor is None:
        return "null"
    if valor is True:
        return "true"
    if valor is False:
        return "false"
    if isinstance(valor, int):
        if abs(valor) > ENTERO_MAXIMO:
            raise ValueError("entero fuera del rango I-JSON")
        return str(valor)
    if isinstance(valor, str):
        return json.dumps(valor, ensure_ascii=False)
    if isinstance(valor, list | tuple):
        return "[" + ",".join(_canonico(v) for v in valor) + "]"
    if isinstance(valor, Mapping):
        if not all(isinstance(k, str) and k.isascii() for k in valor):
            raise ValueError("los nombres de miembro deben ser textos ASCII")
        return "{" + ",".join(f"{json.dumps(k)}:{_canonico(valor[k])}" for k in sorted(valor)) + "}"
    raise ValueError(f"valor no admitido en JSON canónico: {type(valor).__name__}")


def firmar(
    contenido: Mapping[str, Any], llave: LlavePrivadaJws, kid: bytes, tipo: str, *, determinista: bool = False
) -> dict[str, Any]:
    """Return ``contenido`` with a ``"firma"`` member. ``determinista`` (RFC 6979) is for test vectors."""
    if MIEMBRO_FIRMA in contenido:
        raise ValueError("el contenido ya tiene firma")
    alg = "EdDSA" if isinstance(llave, Ed25519PrivateKey) else "ES256"
    cabecera = _b64(canonico({"alg": alg, "kid": kid.hex(), "typ": tipo}))
    entrada = f"{cabecera}.{_b64(canonico(contenido))}".encode("ascii")
    if isinstance(llave, Ed25519PrivateKey):
        firma = llave.sign(entrada)
    else:
        r, s = decode_dss_signature(llave.sign(entrada, ec.ECDSA(hashes.SHA256(), deterministic_signing=determinista)))
        firma = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return {**contenido, MIEMBRO_FIRMA: f"{cabecera}..{_b64(firma)}"}


def serializar(documento: Mapping[str, Any]) -> bytes:
    """The published file: indented UTF-8 JSON (the signature does not depend on the layout)."""
    return (json.dumps(documento, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def leer(datos: bytes) -> dict[str, Any]:
    """Parse strictly: UTF-8, one object, no duplicate members, no fractions or exponents, no NaN."""
    if len(datos) > TAMANO_MAXIMO:
        raise DocumentoFirmadoInvalido("el archivo es demasiado grande")
    try:
        texto = datos.decode("utf-8")
        documento = json.loads(
            texto, object_pairs_hook=_sin_duplicados, parse_float=_sin_fracciones, parse_constant=_sin_constantes
        )
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise DocumentoFirmadoInvalido(f"no es JSON válido ({exc})") from None
    if not isinstance(documento, dict):
        raise DocumentoFirmadoInvalido("el documento debe ser un objeto JSON")
    return documento


def verificar(
    documento: Mapping[str, Any], llaves: Mapping[bytes, LlavePublicaJws], tipo: str
) -> tuple[dict[str, Any], bytes]:
    """Check the ``"firma"`` of a parsed document against the pinned keys (by kid).

    Returns the content without ``"firma"`` and the kid that signed it.
    """
    contenido = {k: v for k, v in documento.items() if k != MIEMBRO_FIRMA}
    return contenido, _verificar_firma(contenido, documento.get(MIEMBRO_FIRMA), llaves, tipo)


def firmar_varias(
    contenido: Mapping[str, Any], llaves: Sequence[tuple[LlavePrivadaJws, bytes]], tipo: str, *,
    determinista: bool = False,
) -> dict[str, Any]:
    """Return ``contenido`` with a ``"firmas"`` member: one detached JWS per key, each over the same payload (the
    canonical JSON of the document without ``"firmas"``). Used where two keys must vouch for one statement."""
    if MIEMBRO_FIRMAS in contenido or MIEMBRO_FIRMA in contenido:
        raise ValueError("el contenido ya tiene firma")
    firmas = [firmar(contenido, llave, kid, tipo, determinista=determinista)[MIEMBRO_FIRMA] for llave, kid in llaves]
    return {**contenido, MIEMBRO_FIRMAS: firmas}


def verificar_varias(
    documento: Mapping[str, Any], llaves: Mapping[bytes, LlavePublicaJws], tipo: str
) -> tuple[dict[str, Any], frozenset[bytes]]:
    """Check every signature in ``"firmas"``; each MUST verify with one of ``llaves`` (by kid).

    Returns the content without ``"firmas"`` and the kids that signed it (the caller decides which it requires).
    """
    firmas = documento.get(MIEMBRO_FIRMAS)
    if not isinstance(firmas, list) or not firmas:
        raise DocumentoFirmadoInvalido("faltan las firmas (una lista de JWS compactos)")
    contenido = {k: v for k, v in documento.items() if k != MIEMBRO_FIRMAS}
    if MIEMBRO_FIRMA in contenido:
        raise DocumentoFirmadoInvalido("el documento lleva 'firma' y 'firmas'")
    kids = [_verificar_firma(contenido, firma, llaves, tipo) for firma in firmas]
    if len(set(kids)) != len(kids):
        raise DocumentoFirmadoInvalido("dos firmas con la misma clave")
    return contenido, frozenset(kids)


def _verificar_firma(
    contenido: Mapping[str, Any], firma: object, llaves: Mapping[bytes, LlavePublicaJws], tipo: str
) -> bytes:
    if not isinstance(firma, str) or firma.count(".") != 2:
        raise DocumentoFirmadoInvalido("falta la firma o no es un JWS compacto con contenido separado")
    cabecera_b64, vacio, firma_b64 = firma.split(".")
    if vacio:
        raise DocumentoFirmadoInvalido("la firma debe llevar el contenido separado (parte central vacía)")
    cabecera = _cabecera(cabecera_b64, tipo)
    try:
        kid = bytes.fromhex(cabecera["kid"])
    except ValueError:
        raise DocumentoFirmadoInvalido("kid de la firma no es hexadecimal") from None
    llave = llaves.get(kid)
    if llave is None:
        raise DocumentoFirmadoInvalido(f"firmado con una clave de plataforma desconocida ({cabecera['kid']})")
    try:
        entrada = f"{cabecera_b64}.{_b64(canonico(contenido))}".encode("ascii")
    except ValueError as exc:
        raise DocumentoFirmadoInvalido(f"contenido fuera del JSON admitido ({exc})") from None
    crudo = _de_b64(firma_b64, "firma")
    try:
        if cabecera["alg"] == "ES256" and isinstance(llave, ec.EllipticCurvePublicKey) and len(crudo) == 64:
            der = encode_dss_signature(int.from_bytes(crudo[:32], "big"), int.from_bytes(crudo[32:], "big"))
            llave.verify(der, entrada, ec.ECDSA(hashes.SHA256()))
        elif cabecera["alg"] == "EdDSA" and isinstance(llave, Ed25519PublicKey):
            llave.verify(crudo, entrada)
        else:
            raise DocumentoFirmadoInvalido("el algoritmo de la firma no corresponde a la clave")
    except InvalidSignature:
        raise DocumentoFirmadoInvalido("la firma del documento no es válida") from None
    return kid


def _cabecera(cabecera_b64: str, tipo: str) -> dict[str, str]:
    try:
        cabecera = json.loads(_de_b64(cabecera_b64, "cabecera"), object_pairs_hook=_sin_duplicados)
    except (UnicodeDecodeError, ValueError):
        raise DocumentoFirmadoInvalido("la cabecera de la firma no es JSON válido") from None
    if not isinstance(cabecera, dict):
        raise DocumentoFirmadoInvalido("la cabecera de la firma debe ser un objeto")
    if "crit" in cabecera or "b64" in cabecera:
        raise DocumentoFirmadoInvalido("la cabecera de la firma usa extensiones no soportadas")
    if set(cabecera) != _MIEMBROS_CABECERA:
        # Anything else (jku, x5u, jwk, x5c…) could point a JOSE library at keys of someone else's choosing.
        otros = sorted(set(cabecera) - _MIEMBROS_CABECERA)
        raise DocumentoFirmadoInvalido(f"la cabecera de la firma debe llevar solo alg, kid y typ (tiene {otros})")
    if cabecera.get("typ") != tipo:
        raise DocumentoFirmadoInvalido(f"la firma es de un documento de tipo {cabecera.get('typ')!r}, no {tipo!r}")
    kid = cabecera.get("kid")
    if cabecera.get("alg") not in ("ES256", "EdDSA") or not isinstance(kid, str) or not _KID.fullmatch(kid):
        raise DocumentoFirmadoInvalido("la cabecera de la firma debe llevar alg ES256 o EdDSA y un kid de 16 dígitos "
                                       "hexadecimales en minúscula")
    return cabecera


def _b64(datos: bytes) -> str:
    return base64.urlsafe_b64encode(datos).decode("ascii").rstrip("=")


def _de_b64(texto: str, que: str) -> bytes:
    if not texto or any(c not in _BASE64URL for c in texto) or len(texto) % 4 == 1:
        raise DocumentoFirmadoInvalido(f"{que} de la firma no es base64url sin relleno")
    return base64.urlsafe_b64decode(texto + "=" * (-len(texto) % 4))


_MIEMBROS_CABECERA = frozenset({"alg", "kid", "typ"})
_KID = re.compile(r"[0-9a-f]{16}")
_BASE64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def _sin_duplicados(pares: list[tuple[str, Any]]) -> dict[str, Any]:
    resultado: dict[str, Any] = {}
    for clave, valor in pares:
        if clave in resultado:
            raise ValueError(f"miembro repetido {clave!r}")
        resultado[clave] = valor
    return resultado


def _sin_fracciones(texto: str) -> float:
    raise ValueError(f"número no entero {texto}")


def _sin_constantes(texto: str) -> float:
    raise ValueError(f"constante no admitida {texto}")
