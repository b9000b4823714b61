"""Ventanilla's profile of COSE_Sign1 for QR codes (``docs/firma.md`` §3): one message, one spelling.

``cose.decodificar_sign1`` reads any COSE_Sign1 (the working group's vectors include untagged messages, empty
protected headers, parameters in the unprotected header). A QR is stricter, so that exactly one text exists for
each signed message and nothing unsigned can ride along:

- the whole message, the protected header's contents and the claims are deterministic CBOR
  (``cbor_determinista``): no non-minimal lengths, no indefinite lengths, sorted map keys, nothing after it;
- it is tagged 18 (COSE_Sign1);
- the unprotected header is the empty map: ``alg`` and ``kid`` cannot hide there, and nothing can be added to a
  signed message without breaking its signature;
- the protected header is exactly ``{1: alg, 4: kid}`` with ``alg`` -7 (ES256) or -8 (EdDSA) and an 8-byte kid.
  The algorithm is checked here, before the kid is looked up: an unsupported ``alg`` is a format error whatever
  the trust list says (``docs/firma.md`` §6 step 3).
"""

from __future__ import annotations

from signing.cbor_determinista import CBORNoDeterminista, exigir_determinista
from signing.cose import (
    CABECERA_ALG,
    CABECERA_KID,
    EDDSA,
    ES256,
    ETIQUETA_SIGN1,
    LONGITUD_MAXIMA,
    FormatoCoseInvalido,
    MensajeSign1,
    decodificar_sign1,
)

LONGITUD_KID = 8
ALGORITMOS = (ES256, EDDSA)
_CABEZA_ETIQUETA = 0xC0 | ETIQUETA_SIGN1  # tag 18 in its only deterministic spelling: 0xd2


def decodificar_qr(datos: bytes) -> MensajeSign1:
    """Parse (without verifying) the COSE_Sign1 of a QR under the profile above; raise ``FormatoCoseInvalido``."""
    if len(datos) > LONGITUD_MAXIMA:
        raise FormatoCoseInvalido("mensaje COSE demasiado largo")
    _determinista(datos, "el mensaje COSE")
    if datos[0] != _CABEZA_ETIQUETA:
        raise FormatoCoseInvalido("falta la etiqueta CBOR 18 (COSE_Sign1)")
    mensaje = decodificar_sign1(datos)
    if mensaje.no_protegido:
        raise FormatoCoseInvalido("la cabecera no protegida debe ser un mapa vacío (alg y kid van en la protegida)")
    _determinista(mensaje.protegido_bstr, "la cabecera protegida")
    alg, kid = mensaje.protegido.get(CABECERA_ALG), mensaje.protegido.get(CABECERA_KID)
    if set(mensaje.protegido) != {CABECERA_ALG, CABECERA_KID} or not isinstance(kid, bytes) or (
        len(kid) != LONGITUD_KID
    ):
        raise FormatoCoseInvalido("la cabecera protegida debe llevar exactamente alg y un kid de 8 bytes")
    if not isinstance(alg, int) or isinstance(alg, bool) or alg not in ALGORITMOS:
        raise FormatoCoseInvalido(f"algoritmo COSE no soportado: {alg!r}")
    _determinista(mensaje.carga, "los reclamos")
    return mensaje


def _determinista(datos: bytes, que: str) -> None:
    try:
        exigir_determinista(datos)
    except CBORNoDeterminista as exc:
        raise FormatoCoseInvalido(f"{que} no está en CBOR determinista ({exc})") from None
