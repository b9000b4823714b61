"""QR text format, claims encoding, QR rendering and the fast mask selection."""

from __future__ import annotations

import base64
import io
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import cbor2
import pytest
import segno
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from segno import encoder as segno_encoder

from signing import mascara_qr
from signing.codigo_qr import (
    VERSION_MAXIMA,
    CodificadorQR,
    FormatoQRInvalido,
    QRDemasiadoGrande,
    URLNoCorresponde,
    extraer_cose,
    leer_texto_qr,
    renderizar_qr,
)
from signing.reclamos import (
    ReclamosCertificado,
    ReclamosInvalidos,
    codificar_reclamos,
    decodificar_reclamos,
    expiracion_de,
)

CODIFICADOR = CodificadorQR("http://127.0.0.1:8000/")


def _reclamos(**cambios: object) -> ReclamosCertificado:
    datos: dict[str, object] = {
        "emisor": "SDG-BOGOTA",
        "documento_id": uuid.UUID(int=42),
        "emitido_en": datetime(2025, 6, 1, 15, 30, tzinfo=UTC),
        "expira_en": expiracion_de(date(2025, 8, 30)),
        "tipo": "certificado_residencia",
        "numero": "RES-2025-000123",
        "titular": "María Fernanda Gómez Restrepo",
        "identificacion": "CC 1020304050",
        "fecha_expedicion": date(2025, 6, 1),
        "vigente_hasta": date(2025, 8, 30),
    }
    datos.update(cambios)
    return ReclamosCertificado(**datos)  # type: ignore[arg-type]


# -- text format ------------------------------------------------------------------------------------------


def test_prefijo_en_mayusculas_y_sin_barra_final() -> None:
    assert CODIFICADOR.prefijo == "HTTP://127.0.0.1:8000/V/1/"
    assert CodificadorQR("https://verifica.gov.co/app").prefijo == "HTTPS://VERIFICA.GOV.CO/APP/V/1/"


@pytest.mark.parametrize("base", ["ftp://x.co", "https://x.co/?q=1", "https://x_y.co", "verifica.gov.co", ""])
def test_url_base_no_alfanumerica_se_rechaza(base: str) -> None:
    with pytest.raises(ValueError):
        CodificadorQR(base)


@given(st.binary(min_size=1, max_size=400))
@settings(max_examples=200)
def test_ida_y_vuelta_de_la_carga(datos: bytes) -> None:
    texto = CODIFICADOR.codificar(datos)
    carga = texto.removeprefix(CODIFICADOR.prefijo)
    assert set(carga) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    assert extraer_cose(texto) == datos
    assert extraer_cose(texto.lower()) == datos
    assert extraer_cose(f"  /v/1/{carga.lower()}\n") == datos
    assert extraer_cose(carga) == datos


@pytest.mark.parametrize(
    ("texto", "motivo"),
    [
        ("HTTP://127.0.0.1:8000/V/2/MFRGG", "versión de formato 2"),
        ("HTTP://127.0.0.1:8000/V/1/MFRG?G", "forma"),
        ("HTTP://127.0.0.1:8000/V/1/", "forma"),
        ("HTTP://127.0.0.1:8000/X/1/MFRGG", "forma"),
        ("MFRGG=", "forma"),
        ("MFRGH", "canónico"),  # 'H' sets bits that "abc" leaves at zero
        ("MFR", "Base32"),  # three characters is never a valid unpadded length
        ("A" * 5000, "largo"),
    ],
)
def test_textos_malformados_dan_un_motivo(texto: str, motivo: str) -> None:
    with pytest.raises(FormatoQRInvalido, match=motivo):
        extraer_cose(texto)


def test_url_base_estricta() -> None:
    texto = CODIFICADOR.codificar(b"abc")
    assert extraer_cose(texto, url_base="http://127.0.0.1:8000") == b"abc"
    assert extraer_cose(texto.lower(), url_base="HTTP://127.0.0.1:8000/") == b"abc"
    for otra in ("https://verifica.gov.co", "https://127.0.0.1:8000", "http://127.0.0.1:8000/app"):
        with pytest.raises(URLNoCorresponde, match="no corresponde"):
            extraer_cose(texto, url_base=otra)
    # A path or a bare payload carries no address to compare.
    assert extraer_cose(texto.removeprefix("HTTP://127.0.0.1:8000"), url_base="https://otra.example") == b"abc"


@pytest.mark.parametrize("base", ["https://x.gov.co/v", "https://x.gov.co/V/1", "https://x.gov.co/a/V/1/V/2"])
def test_la_base_es_lo_que_precede_al_ultimo_v(base: str) -> None:
    # The payload and the version never contain "/", so the last "/V/" is the one the issuer appended.
    texto = CodificadorQR(base).codificar(b"abc")
    assert leer_texto_qr(texto) == (base.upper(), b"abc")
    assert leer_texto_qr(texto.lower()) == (base.upper(), b"abc")


# -- claims -----------------------------------------------------------------------------------------------


def test_reclamos_ida_y_vuelta_con_claves_cwt() -> None:
    reclamos = _reclamos()
    datos = codificar_reclamos(reclamos)
    mapa = cbor2.loads(datos)

    assert decodificar_reclamos(datos) == reclamos
    assert mapa[1] == "SDG-BOGOTA"
    assert mapa[6] == int(datetime(2025, 6, 1, 15, 30, tzinfo=UTC).timestamp())
    assert mapa[4] == int(datetime(2025, 8, 31, 5, 0, tzinfo=UTC).timestamp())  # next Bogotá midnight
    assert mapa[7] == uuid.UUID(int=42).bytes
    assert mapa[-70000] == {
        "t": "certificado_residencia", "n": "RES-2025-000123", "h": "María Fernanda Gómez Restrepo",
        "i": "CC 1020304050", "e": "2025-06-01", "v": "2025-08-30",
    }
    assert datos == codificar_reclamos(reclamos)  # deterministic


def test_sin_vencimiento_no_hay_exp_ni_v() -> None:
    mapa = cbor2.loads(codificar_reclamos(_reclamos(expira_en=None, vigente_hasta=None)))
    assert 4 not in mapa and "v" not in mapa[-70000]


@pytest.mark.parametrize(
    "cambios", [{"titular": ""}, {"identificacion": "x" * 201}, {"emitido_en": datetime(2025, 6, 1)}]
)
def test_no_se_firma_lo_que_no_se_podria_verificar(cambios: dict[str, object]) -> None:
    with pytest.raises(ReclamosInvalidos):
        codificar_reclamos(_reclamos(**cambios))


@pytest.mark.parametrize(
    "mapa",
    [
        [],
        {1: "X"},
        {1: 5, 6: 1, 7: bytes(16), -70000: {}},
        {1: "X", 6: True, 7: bytes(16), -70000: {"t": "a", "n": "b", "h": "c", "i": "d", "e": "2025-01-01"}},
        {1: "X", 6: 1, 7: bytes(15), -70000: {"t": "a", "n": "b", "h": "c", "i": "d", "e": "2025-01-01"}},
        {1: "X", 6: 1, 7: bytes(16), -70000: {"t": "a", "n": "b", "h": "c", "i": "d", "e": "01/01/2025"}},
    ],
)
def test_reclamos_malformados(mapa: object) -> None:
    with pytest.raises(ReclamosInvalidos):
        decodificar_reclamos(cbor2.dumps(mapa))


# -- QR image ---------------------------------------------------------------------------------------------


def test_qr_alfanumerico_nivel_m_y_decodificable() -> None:
    texto = CODIFICADOR.codificar(b"\x01" * 250)
    imagen = renderizar_qr(texto)

    assert imagen.modo == "alphanumeric"
    assert imagen.version <= VERSION_MAXIMA
    lectura = zxingcpp.read_barcodes(Image.open(io.BytesIO(imagen.png)), formats=zxingcpp.BarcodeFormat.QRCode)
    assert [r.text for r in lectura] == [texto]
    assert lectura[0].ec_level == "M"
    # The PNG says how big to print it: about 35 mm.
    dpi = Image.open(io.BytesIO(imagen.png)).info["dpi"][0]
    assert 33 <= Image.open(io.BytesIO(imagen.png)).width / dpi * 25.4 <= 37


def test_qr_demasiado_grande() -> None:
    with pytest.raises(QRDemasiadoGrande):
        renderizar_qr(CODIFICADOR.codificar(bytes(600)))


# -- fast mask selection ------------------------------------------------------------------------------------


def _con_seleccion(funcion: Callable[..., Any], texto: str, error: str) -> segno.QRCode:
    original = segno_encoder.find_and_apply_best_mask
    segno_encoder.find_and_apply_best_mask = funcion
    try:
        return segno.make(texto, error=error, boost_error=False, micro=False)
    finally:
        segno_encoder.find_and_apply_best_mask = original


@given(
    texto=st.one_of(
        st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ234567:/.", min_size=1, max_size=700),
        st.text(min_size=1, max_size=300),
        st.binary(min_size=1, max_size=300).map(lambda b: base64.b32encode(b).decode()),
    ),
    error=st.sampled_from("lmqh"),
)
@settings(max_examples=150, deadline=None)
def test_mascara_rapida_identica_a_segno(texto: str, error: str) -> None:
    esperado = _con_seleccion(mascara_qr._SEGNO_ORIGINAL, texto, error)
    obtenido = _con_seleccion(mascara_qr.elegir_mascara, texto, error)
    assert (obtenido.mask, obtenido.matrix) == (esperado.mask, esperado.matrix)


def test_instalar_es_idempotente() -> None:
    assert mascara_qr.instalar() is True
    assert mascara_qr.instalar() is True
    assert segno_encoder.find_and_apply_best_mask is mascara_qr.elegir_mascara
