"""COSE_Sign1 against the COSE working group's published vectors, plus round trips and tampering."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import cbor2
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed448 import Ed448PublicKey
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from signing import cose
from signing.cose import (
    AlgoritmoNoSoportado,
    ErrorCose,
    FirmaInvalida,
    FormatoCoseInvalido,
    decodificar_sign1,
    firmar_sign1,
    verificar_sign1,
)

VECTORES = Path(__file__).parent / "vectores"
CONTENIDO = b"This is the content."


def _vector(nombre: str) -> dict[str, Any]:
    return json.loads((VECTORES / f"{nombre}.json").read_text())  # type: ignore[no-any-return]


def _b64url(texto: str) -> int:
    return int.from_bytes(base64.urlsafe_b64decode(texto + "=" * (-len(texto) % 4)), "big")


def _llave_publica(vector: dict[str, Any]) -> cose.LlavePublica:
    jwk = vector["input"]["sign0"]["key"]
    if jwk["kty"] == "OKP":
        return Ed448PublicKey.from_public_bytes(bytes.fromhex(jwk["x_hex"]))
    return ec.EllipticCurvePublicNumbers(_b64url(jwk["x"]), _b64url(jwk["y"]), ec.SECP256R1()).public_key()


def _llave_privada_p256(vector: dict[str, Any]) -> ec.EllipticCurvePrivateKey:
    return ec.derive_private_key(_b64url(vector["input"]["sign0"]["key"]["d"]), ec.SECP256R1())


@pytest.mark.parametrize("nombre", ["sign-pass-01", "sign-pass-02", "sign-pass-03", "ecdsa-sig-01", "eddsa-sig-02"])
def test_vectores_validos_verifican(nombre: str) -> None:
    vector = _vector(nombre)
    mensaje = decodificar_sign1(bytes.fromhex(vector["output"]["cbor"]))
    aad = bytes.fromhex(vector["input"]["sign0"].get("external", ""))

    verificar_sign1(mensaje, _llave_publica(vector), aad=aad)

    assert mensaje.carga == CONTENIDO
    assert mensaje.etiquetado is (nombre != "sign-pass-03")
    # Our Sig_structure is byte-for-byte the vector's ToBeSign.
    esperado = bytes.fromhex(vector["intermediates"]["ToBeSign_hex"])
    assert cose._estructura_firma(mensaje.protegido_firmado, aad, mensaje.carga) == esperado


@pytest.mark.parametrize(
    ("nombre", "error"),
    [
        ("sign-fail-01", FormatoCoseInvalido),  # tag 998 instead of 18
        ("sign-fail-02", FirmaInvalida),  # payload changed
        ("sign-fail-03", AlgoritmoNoSoportado),  # alg -999
        ("sign-fail-04", AlgoritmoNoSoportado),  # alg "unknown"
        ("sign-fail-06", FirmaInvalida),  # protected attribute added
        ("sign-fail-07", FirmaInvalida),  # protected attribute removed
    ],
)
def test_vectores_invalidos_se_rechazan(nombre: str, error: type[ErrorCose]) -> None:
    vector = _vector(nombre)
    with pytest.raises(error):
        mensaje = decodificar_sign1(bytes.fromhex(vector["output"]["cbor"]))
        verificar_sign1(mensaje, _llave_publica(vector))


def test_firma_propia_con_la_llave_del_vector_la_verifica_el_vector() -> None:
    vector = _vector("sign-pass-02")
    llave = _llave_privada_p256(vector)
    datos = firmar_sign1(CONTENIDO, llave, b"11")
    mensaje = decodificar_sign1(datos)

    verificar_sign1(mensaje, _llave_publica(vector))
    assert mensaje.protegido == {cose.CABECERA_ALG: cose.ES256, cose.CABECERA_KID: b"11"}
    assert mensaje.no_protegido == {}
    assert len(mensaje.firma) == 64
    assert datos[0] == 0xD2  # tag 18


def test_ida_y_vuelta_eddsa() -> None:
    llave = Ed25519PrivateKey.generate()
    mensaje = decodificar_sign1(firmar_sign1(b"hola", llave, b"k"))
    assert mensaje.alg == cose.EDDSA
    verificar_sign1(mensaje, llave.public_key())


def test_algoritmo_debe_corresponder_a_la_clave() -> None:
    llave_ed = Ed25519PrivateKey.generate()
    mensaje = decodificar_sign1(firmar_sign1(b"hola", llave_ed, b"k"))
    with pytest.raises(AlgoritmoNoSoportado):
        verificar_sign1(mensaje, ec.generate_private_key(ec.SECP256R1()).public_key())


def test_p384_no_es_es256() -> None:
    llave = ec.generate_private_key(ec.SECP384R1())
    with pytest.raises(AlgoritmoNoSoportado):
        firmar_sign1(b"x", llave, b"k")


def test_bytes_sobrantes_y_estructuras_raras() -> None:
    llave = ec.generate_private_key(ec.SECP256R1())
    datos = firmar_sign1(b"x", llave, b"k")
    with pytest.raises(FormatoCoseInvalido, match="sobrantes"):
        decodificar_sign1(datos + b"\x00")
    with pytest.raises(FormatoCoseInvalido):
        decodificar_sign1(cbor2.dumps(cbor2.CBORTag(18, [b"", {}, b"x"])))
    with pytest.raises(FormatoCoseInvalido):
        decodificar_sign1(cbor2.dumps(cbor2.CBORTag(18, [b"\xa1\x01\x26", {1: -7}, b"x", b"s"])))
    with pytest.raises(FormatoCoseInvalido):
        decodificar_sign1(bytes(5000))


_LLAVE = ec.generate_private_key(ec.SECP256R1())
_FIRMADO = firmar_sign1(b"carga de prueba para alterar", _LLAVE, b"12345678")


@given(st.integers(min_value=0, max_value=len(_FIRMADO) * 8 - 1))
@settings(max_examples=300, deadline=None)
def test_cualquier_bit_alterado_se_rechaza(bit: int) -> None:
    alterado = bytearray(_FIRMADO)
    alterado[bit // 8] ^= 1 << (bit % 8)
    with pytest.raises(ErrorCose):
        verificar_sign1(decodificar_sign1(bytes(alterado)), _LLAVE.public_key())


@given(st.binary(max_size=300))
@settings(max_examples=300, deadline=None)
def test_bytes_arbitrarios_solo_producen_errores_cose(datos: bytes) -> None:
    try:
        mensaje = decodificar_sign1(datos)
    except ErrorCose:
        return
    with pytest.raises(ErrorCose):
        verificar_sign1(mensaje, _LLAVE.public_key())
