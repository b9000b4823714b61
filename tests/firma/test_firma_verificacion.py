"""Offline verification of QR texts: the good case, and every way a text can be wrong."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.puertos import VerificadorQR
from signing import verificacion
from signing.codigo_qr import CodificadorQR
from signing.cose import firmar_sign1
from signing.emisor import EmisorFirmado
from signing.informe_verificacion import Resultado
from signing.llaves import Firmante, Llavero, cargar_llavero, generar_llaves_entidad
from signing.reclamos import ReclamosCertificado, codificar_reclamos, expiracion_de
from signing.verificacion import VerificadorFirmas

from .conftest import ENTIDAD, INSTANTE, OTRA_ENTIDAD, URL_BASE, certificado_residencia

BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


@pytest.fixture(scope="module")
def qr(emisor: EmisorFirmado) -> str:
    return emisor.emitir(certificado_residencia()).qr


@pytest.fixture(scope="module")
def verificador(llavero: Llavero) -> VerificadorFirmas:
    return VerificadorFirmas(llavero.publico())


def _texto_firmado(firmante: Firmante, **cambios: object) -> str:
    datos: dict[str, object] = {
        "emisor": firmante.entidad_codigo, "documento_id": uuid.uuid4(), "emitido_en": INSTANTE,
        "expira_en": expiracion_de(date(2025, 8, 30)), "tipo": "certificado_residencia",
        "numero": "RES-1", "titular": "Ana", "identificacion": "CC 1", "fecha_expedicion": date(2025, 6, 1),
        "vigente_hasta": date(2025, 8, 30),
    }
    datos.update(cambios)
    carga = codificar_reclamos(ReclamosCertificado(**datos))  # type: ignore[arg-type]
    return CodificadorQR(URL_BASE).codificar(firmar_sign1(carga, firmante.llave_privada, firmante.kid))


def test_qr_valido_expone_los_reclamos(qr: str, verificador: VerificadorFirmas, llavero: Llavero) -> None:
    resultado = verificador.verificar(qr)

    assert resultado.valido, resultado.motivo
    assert resultado.motivo == verificacion.MOTIVO_VALIDO
    assert resultado.clave_firma == llavero.firmante(ENTIDAD).kid.hex()
    assert resultado.documento_id == certificado_residencia().documento_id
    assert resultado.reclamos == {
        "tipo": "certificado_residencia",
        "numero": "RES-2025-000123",
        "titular": "María Fernanda Gómez Restrepo",
        "identificacion": "CC 1020304050",
        "fecha_expedicion": date(2025, 6, 1),
        "vigente_hasta": date(2025, 8, 30),
        "emisor": ENTIDAD,
        "emitido_en": INSTANTE,
        "expira_en": datetime(2025, 8, 31, 5, 0, tzinfo=UTC),
    }


def test_acepta_minusculas_ruta_y_carga_sola(qr: str, verificador: VerificadorFirmas) -> None:
    carga = qr.split("/V/1/")[1]
    for texto in (qr.lower(), f"/v/1/{carga}", carga, f" {qr}\n"):
        assert verificador.verificar(texto).valido


def test_clave_desconocida(qr: str, tmp_path: Path) -> None:
    generar_llaves_entidad(tmp_path, ENTIDAD, "Otra instalación")
    resultado = VerificadorFirmas(cargar_llavero(tmp_path, solo_publico=True)).verificar(qr)

    assert not resultado.valido
    assert resultado.motivo == verificacion.MOTIVO_CLAVE
    assert resultado.clave_firma is not None


@given(posicion=st.integers(min_value=0), reemplazo=st.sampled_from(BASE32))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_cualquier_caracter_cambiado_se_rechaza(
    qr: str, verificador: VerificadorFirmas, posicion: int, reemplazo: str
) -> None:
    prefijo, carga = qr.split("/V/1/")
    i = posicion % len(carga)
    if carga[i] == reemplazo:
        return
    alterado = f"{prefijo}/V/1/{carga[:i]}{reemplazo}{carga[i + 1:]}"
    resultado = verificador.verificar(alterado)
    assert not resultado.valido
    assert resultado.reclamos == {}


@given(bit=st.integers(min_value=0))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_cualquier_bit_cambiado_se_rechaza(qr: str, verificador: VerificadorFirmas, bit: int) -> None:
    carga = qr.split("/V/1/")[1]
    datos = bytearray(base64.b32decode(carga + "=" * (-len(carga) % 8)))
    bit %= len(datos) * 8
    datos[bit // 8] ^= 1 << (bit % 8)
    assert not verificador.verificar(CodificadorQR(URL_BASE).codificar(bytes(datos))).valido


def test_cambiar_la_version_o_la_ruta_se_rechaza(qr: str, verificador: VerificadorFirmas) -> None:
    assert verificador.verificar(qr.replace("/V/1/", "/V/2/")).motivo.startswith(verificacion.MOTIVO_FORMATO)
    assert verificador.verificar(qr.replace("/V/1/", "/W/1/")).motivo.startswith(verificacion.MOTIVO_FORMATO)
    estricto = VerificadorFirmas(Llavero(), url_base=URL_BASE)
    assert not estricto.verificar(qr.replace("127.0.0.1", "127.0.0.2")).valido


def test_la_direccion_del_qr_debe_ser_la_del_emisor(qr: str, llavero: Llavero) -> None:
    estricto = VerificadorFirmas(llavero.publico(), url_base=URL_BASE + "/")
    carga = qr.split("/V/1/")[1]
    for bueno in (qr, qr.lower(), f"/V/1/{carga}", carga):  # a path or a bare payload has no address to compare
        assert estricto.verificar(bueno).valido
    for ajeno in (f"HTTPS://EVIL.EXAMPLE/V/1/{carga}", f"https://127.0.0.1:8000/v/1/{carga}",
                  f"HTTP://127.0.0.1:8000/OTRA/V/1/{carga}"):
        resultado = estricto.verificar(ajeno)
        assert not resultado.valido and resultado.motivo.startswith(verificacion.MOTIVO_URL), ajeno
        assert resultado.reclamos == {}
        informe = estricto.examinar(ajeno, ahora=INSTANTE)
        assert informe.resultado is Resultado.URL_NO_CORRESPONDE and informe.codigo_salida == 1
    # Without a base to compare with, the verdict says the address was not checked.
    sin_base = VerificadorFirmas(llavero.publico()).examinar(f"HTTPS://EVIL.EXAMPLE/V/1/{carga}", ahora=INSTANTE)
    assert sin_base.resultado is Resultado.VALIDO and verificacion.NOTA_URL_SIN_COMPROBAR in sin_base.notas


@pytest.mark.parametrize("texto", ["", "hola", "https://example.com", "HTTP://X/V/1/0000", "A" * 9000])
def test_basura_es_formato_no_reconocido(verificador: VerificadorFirmas, texto: str) -> None:
    resultado = verificador.verificar(texto)
    assert not resultado.valido
    assert resultado.motivo.startswith(verificacion.MOTIVO_FORMATO)


def test_emisor_debe_ser_el_de_la_clave(llavero: Llavero, verificador: VerificadorFirmas) -> None:
    texto = _texto_firmado(llavero.firmante(ENTIDAD), emisor=OTRA_ENTIDAD)
    assert verificador.verificar(texto).motivo == verificacion.MOTIVO_EMISOR


def test_emision_fuera_de_la_vigencia_del_certificado(llavero: Llavero, verificador: VerificadorFirmas) -> None:
    antes = datetime(2020, 1, 1, tzinfo=UTC)  # the test signer was issued on 2025-01-01
    texto = _texto_firmado(llavero.firmante(ENTIDAD), emitido_en=antes)
    assert verificador.verificar(texto).motivo == verificacion.MOTIVO_CERTIFICADO


def test_otra_entidad_verifica_con_su_propia_clave(llavero: Llavero, verificador: VerificadorFirmas) -> None:
    resultado = verificador.verificar(_texto_firmado(llavero.firmante(OTRA_ENTIDAD)))
    assert resultado.valido
    assert resultado.reclamos["emisor"] == OTRA_ENTIDAD


def test_vencimiento_no_se_decide_aqui(llavero: Llavero, verificador: VerificadorFirmas) -> None:
    texto = _texto_firmado(llavero.firmante(ENTIDAD), expira_en=datetime(2025, 6, 2, tzinfo=UTC))
    resultado = verificador.verificar(texto)
    assert resultado.valido
    assert resultado.reclamos["expira_en"] == datetime(2025, 6, 2, tzinfo=UTC)


def test_el_verificador_cumple_el_puerto() -> None:
    verificador: VerificadorQR = VerificadorFirmas(Llavero())
    assert verificador.verificar("x").valido is False
