"""Deterministic CBOR (RFC 8949 §4.2.1) and the QR's COSE_Sign1 profile: one spelling per message."""

from __future__ import annotations

import contextlib

import cbor2
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from signing.cbor_determinista import CBORNoDeterminista, exigir_determinista
from signing.cose import EDDSA, ES256, FormatoCoseInvalido, firmar_sign1
from signing.cose_qr import decodificar_qr

# Values whose cbor2 canonical encoding (length-first key order) is also bytewise-ordered: small int and short
# text keys, as in the QR's claims.
_ESCALARES = st.integers(-(2**64), 2**64 - 1) | st.binary(max_size=300) | st.text(max_size=40) | st.booleans()
_VALORES = st.recursive(
    _ESCALARES | st.none(),
    lambda hijos: st.lists(hijos, max_size=5)
    | st.dictionaries(st.integers(-24, 23) | st.text(max_size=10), hijos, max_size=5),
    max_leaves=20,
)


@given(_VALORES)
@settings(max_examples=300)
def test_la_codificacion_canonica_es_determinista(valor: object) -> None:
    exigir_determinista(cbor2.dumps(valor, canonical=True))


@pytest.mark.parametrize(
    ("hex_", "motivo"),
    [
        ("1805", "forma más corta"),  # 5 in two bytes
        ("190005", "forma más corta"),
        ("1a000000ff", "forma más corta"),
        ("3800", "forma más corta"),  # -1 in two bytes
        ("580161", "forma más corta"),  # a one-byte string with a two-byte length
        ("98020102", "forma más corta"),
        ("5f4161ff", "indefinida"),
        ("9f0102ff", "indefinida"),
        ("bf0102ff", "indefinida"),
        ("a202000100", "orden"),  # {2: 0, 1: 0}
        ("a201000100", "orden"),  # {1: 0, 1: 0}: a repeated key
        ("a2010002", "truncado"),
        ("fa3f800000", "coma flotante"),  # 1.0 fits in half precision
        ("fb3ff0000000000000", "coma flotante"),
        ("fb7ff8000000000000", "coma flotante"),  # NaN is f97e00
        ("f814", "valor simple"),
        ("1c", "reservado"),
        ("0100", "sobrantes"),
        ("", "ningún elemento"),
        ("d2" * 20 + "00", "profundo"),
    ],
)
def test_rechaza_toda_otra_forma(hex_: str, motivo: str) -> None:
    with pytest.raises(CBORNoDeterminista, match=motivo):
        exigir_determinista(bytes.fromhex(hex_))


@pytest.mark.parametrize("hex_", ["f93c00", "fa47c35000", "fb3ff199999999999a", "f97e00", "f820", "c11a5e0be100"])
def test_acepta_flotantes_mas_cortos_valores_simples_y_etiquetas(hex_: str) -> None:
    exigir_determinista(bytes.fromhex(hex_))


def test_el_orden_es_bytewise_y_no_el_de_longitud_primero() -> None:
    # RFC 8949 §4.2.1 sorts the encoded keys bytewise: 24 (0x1818) before -1 (0x20). cbor2's canonical=True
    # sorts length-first (§4.2.3), the other way round; the QR requires the former.
    assert cbor2.dumps({24: 0, -1: 0}, canonical=True).hex() == "a220001818" + "00"
    with pytest.raises(CBORNoDeterminista, match="orden"):
        exigir_determinista(bytes.fromhex("a22000181800"))
    exigir_determinista(bytes.fromhex("a21818002000"))


@given(st.binary(max_size=200))
@settings(max_examples=300)
def test_bytes_arbitrarios_solo_dan_su_error(datos: bytes) -> None:
    with contextlib.suppress(CBORNoDeterminista):
        exigir_determinista(datos)


# -- the QR's COSE_Sign1 profile --------------------------------------------------------------------------------

_KID = b"12345678"
_RECLAMOS = cbor2.dumps({1: "X", 6: 1}, canonical=True)


@pytest.mark.parametrize("llave", [ec.generate_private_key(ec.SECP256R1()), Ed25519PrivateKey.generate()],
                         ids=["ES256", "EdDSA"])
def test_lo_que_firmamos_cumple_el_perfil(llave: ec.EllipticCurvePrivateKey | Ed25519PrivateKey) -> None:
    mensaje = decodificar_qr(firmar_sign1(_RECLAMOS, llave, _KID))
    assert mensaje.protegido == {1: ES256 if isinstance(llave, ec.EllipticCurvePrivateKey) else EDDSA, 4: _KID}


def _mensaje(protegido: object, no_protegido: object = None, *, etiqueta: bool = True) -> bytes:
    cuerpo = [cbor2.dumps(protegido, canonical=True), no_protegido or {}, _RECLAMOS, bytes(64)]
    return cbor2.dumps(cbor2.CBORTag(18, cuerpo) if etiqueta else cuerpo, canonical=True)


@pytest.mark.parametrize(
    ("datos", "motivo"),
    [
        (_mensaje({1: -7, 4: _KID}, etiqueta=False), "etiqueta CBOR 18"),
        (cbor2.dumps(cbor2.CBORTag(98, [b"", {}, b"", b""])), "etiqueta CBOR 18"),
        (_mensaje({1: -7, 4: _KID}, {4: _KID}), "un parámetro aparece en las dos"),
        (_mensaje({4: _KID}, {1: -7}), "no protegida debe ser un mapa vacío"),
        (_mensaje({1: -7, 4: _KID, 3: 0}), "exactamente alg y un kid"),
        (_mensaje({1: -7, 4: b"1234567"}), "exactamente alg y un kid"),
        (_mensaje({1: -7}), "exactamente alg y un kid"),
        (_mensaje({1: -35, 4: _KID}), "no soportado: -35"),
        (_mensaje({1: True, 4: _KID}), "no soportado"),
        (_mensaje({1: -7.0, 4: _KID}), "no soportado"),
        (_mensaje({1: "ES256", 4: _KID}), "no soportado"),
        (bytes(5000), "demasiado largo"),
    ],
)
def test_el_perfil_rechaza(datos: bytes, motivo: str) -> None:
    with pytest.raises(FormatoCoseInvalido, match=motivo):
        decodificar_qr(datos)
