"""Trust list and revocation list: build, sign, parse, verify; tampering is rejected; the verifier uses them."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509

from domain.reloj import RelojFijo
from signing import jws
from signing.confianza import (
    ListaConfianza,
    ListaConfianzaInvalida,
    cargar_lista_confianza,
    firmar_lista_confianza,
)
from signing.emisor import EmisorFirmado
from signing.estado_claves import EstadoClave
from signing.informe_verificacion import Resultado
from signing.llaves import cargar_llavero, generar_llaves_entidad, retirar_clave, rotar_firmante
from signing.plataforma import (
    CARPETA_PLATAFORMA,
    LlavePlataforma,
    cargar_llave_plataforma,
    generar_llave_plataforma,
)
from signing.revocacion import (
    EntradaRevocacion,
    ListaRevocadosInvalida,
    cargar_lista_revocados,
    firmar_lista_revocados,
)
from signing.verificacion import VerificadorFirmas

from .conftest import ENTIDAD, ENTIDAD_NOMBRE, OTRA_ENTIDAD, certificado_residencia

CREADAS = datetime(2025, 1, 1, tzinfo=UTC)
EMITIDO = datetime(2025, 6, 1, 15, 30, tzinfo=UTC)
LISTA = datetime(2025, 7, 1, tzinfo=UTC)
DOCUMENTO = certificado_residencia().documento_id
URL_PUBLICA = "https://verifica.example.gov.co"


@pytest.fixture(scope="module")
def entorno(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, LlavePlataforma, str]:
    carpeta = tmp_path_factory.mktemp("listas")
    generar_llaves_entidad(carpeta, ENTIDAD, ENTIDAD_NOMBRE, ahora=CREADAS, tipos=["certificado_residencia"])
    generar_llaves_entidad(carpeta, OTRA_ENTIDAD, "Registraduría de Chía", ahora=CREADAS)
    llavero = cargar_llavero(carpeta)
    qr = EmisorFirmado(llavero, URL_PUBLICA, reloj=RelojFijo(EMITIDO)).emitir(certificado_residencia()).qr
    assert generar_llave_plataforma(carpeta / CARPETA_PLATAFORMA, passphrase=b"plataforma")
    plataforma = cargar_llave_plataforma(carpeta / CARPETA_PLATAFORMA, passphrase=b"plataforma")
    return carpeta, plataforma, qr


def _lista(carpeta: Path, plataforma: LlavePlataforma, **opciones: object) -> bytes:
    return firmar_lista_confianza(
        cargar_llavero(carpeta, solo_publico=True), plataforma, emitida_en=LISTA, **opciones  # type: ignore[arg-type]
    )


def _revocados(plataforma: LlavePlataforma, *entradas: EntradaRevocacion | tuple[object, ...]) -> bytes:
    return firmar_lista_revocados(
        entradas, plataforma, emitida_en=LISTA, proxima_actualizacion=LISTA + timedelta(hours=12)  # type: ignore[arg-type]
    )


def test_lista_de_confianza_ida_y_vuelta(entorno: tuple[Path, LlavePlataforma, str]) -> None:
    carpeta, plataforma, qr = entorno
    datos = _lista(carpeta, plataforma, url_base="https://verifica.example.gov.co/")
    lista = cargar_lista_confianza(datos, [plataforma.certificado])

    assert [e.codigo for e in lista.entidades] == sorted([ENTIDAD, OTRA_ENTIDAD])
    assert lista.emitida_en == LISTA and lista.proxima_actualizacion == LISTA + timedelta(hours=24)
    assert lista.url_base == "HTTPS://VERIFICA.EXAMPLE.GOV.CO" and lista.firmada_por == plataforma.kid
    llavero = cargar_llavero(carpeta, solo_publico=True)
    for clave in llavero.claves():
        leida = lista.clave_publica(clave.kid)
        assert leida is not None
        assert (leida.entidad_codigo, leida.tipos, leida.estado) == (clave.entidad_codigo, clave.tipos, clave.estado)
        assert leida.certificado == clave.certificado
    contenido = json.loads(datos)
    (bogota,) = [e for e in contenido["entidades"] if e["codigo"] == ENTIDAD]
    assert bogota["nombre"] == ENTIDAD_NOMBRE
    assert bogota["claves"][0]["tipos_documento"] == ["certificado_residencia"]
    (chia,) = [e for e in contenido["entidades"] if e["codigo"] == OTRA_ENTIDAD]
    assert chia["claves"][0]["tipos_documento"] == ["*"]

    informe = VerificadorFirmas(lista).examinar(qr, ahora=LISTA + timedelta(hours=3))
    assert informe.resultado is Resultado.VALIDO
    (estado,) = informe.listas
    assert estado.nombre == "lista de confianza" and estado.edad == timedelta(hours=3) and not estado.desactualizada
    # The list's url_base binds the QR's address: the same payload elsewhere is not this issuer's code.
    ajeno = "https://evil.example/v/1/" + qr.split("/V/1/")[1]
    informe = VerificadorFirmas(lista).examinar(ajeno, ahora=LISTA)
    assert informe.resultado is Resultado.URL_NO_CORRESPONDE and informe.codigo_salida == 1
    assert "el código no fue emitido para esta dirección" in informe.motivo and informe.reclamos is None


def test_la_firma_no_depende_del_formato_del_json(entorno: tuple[Path, LlavePlataforma, str]) -> None:
    carpeta, plataforma, _ = entorno
    documento = json.loads(_lista(carpeta, plataforma))
    reordenado = json.dumps(dict(reversed(list(documento.items()))), separators=(",", ":")).encode()
    assert cargar_lista_confianza(reordenado, [plataforma.certificado]).emitida_en == LISTA


@pytest.mark.parametrize(
    "alterar",
    [
        pytest.param(lambda d: d["entidades"][0]["claves"][0].update(estado="retirada"), id="estado"),
        pytest.param(lambda d: d.update(proxima_actualizacion="2099-01-01T00:00:00Z"), id="proxima"),
        pytest.param(lambda d: d["entidades"].pop(), id="entidad-quitada"),
        pytest.param(lambda d: d["entidades"][0]["claves"][0]["tipos_documento"].append("otro"), id="tipos"),
        pytest.param(lambda d: d.update(extra=1), id="miembro-agregado"),
        pytest.param(lambda d: d.pop("firma"), id="sin-firma"),
        pytest.param(lambda d: d.update(firma=d["firma"][:-4] + "AAAA"), id="firma-cambiada"),
        pytest.param(lambda d: d.update(firma=d["firma"].replace("..", ".e30.")), id="contenido-embebido"),
        pytest.param(lambda d: d.update(version=1.0), id="numero-no-entero"),
    ],
)
def test_lista_de_confianza_alterada_se_rechaza(entorno: tuple[Path, LlavePlataforma, str], alterar: object) -> None:
    carpeta, plataforma, _ = entorno
    documento = json.loads(_lista(carpeta, plataforma))
    alterar(documento)  # type: ignore[operator]
    with pytest.raises(ListaConfianzaInvalida):
        cargar_lista_confianza(json.dumps(documento).encode(), [plataforma.certificado])


def test_lista_firmada_por_otra_plataforma_se_rechaza(
    entorno: tuple[Path, LlavePlataforma, str], tmp_path: Path
) -> None:
    carpeta, plataforma, _ = entorno
    generar_llave_plataforma(tmp_path)
    impostora = cargar_llave_plataforma(tmp_path)
    with pytest.raises(ListaConfianzaInvalida, match="desconocida"):
        cargar_lista_confianza(_lista(carpeta, impostora), [plataforma.certificado])
    # Pinning several platform certificates (a platform key change) accepts either.
    assert cargar_lista_confianza(_lista(carpeta, impostora), [plataforma.certificado, impostora.certificado])


def test_una_lista_no_se_hace_pasar_por_la_otra(entorno: tuple[Path, LlavePlataforma, str]) -> None:
    carpeta, plataforma, _ = entorno
    with pytest.raises(ListaRevocadosInvalida, match="tipo"):
        cargar_lista_revocados(_lista(carpeta, plataforma), [plataforma.certificado])
    with pytest.raises(ListaConfianzaInvalida, match="tipo"):
        cargar_lista_confianza(_revocados(plataforma), [plataforma.certificado])


@pytest.mark.parametrize(
    "datos",
    [b"", b"[]", b"\xff\xfe", b'{"a": 1, "a": 2}', b'{"n": NaN}', b'{"n": 1e3}', b"{" * 100000],
)
def test_json_estricto(datos: bytes, entorno: tuple[Path, LlavePlataforma, str]) -> None:
    with pytest.raises(ListaConfianzaInvalida):
        cargar_lista_confianza(datos, [entorno[1].certificado])


def test_json_canonico_rfc8785() -> None:
    assert jws.canonico({"b": [1, True, None], "a": "é\n\"\\\x01", "A": -(2**53 - 1)}) == (
        b'{"A":-9007199254740991,"a":"\xc3\xa9\\n\\"\\\\\\u0001","b":[1,true,null]}'
    )
    for malo in (1.5, 2**53, {"ñ": 1}, {1: 2}, object()):
        with pytest.raises(ValueError):
            jws.canonico(malo)


def test_lista_de_revocados(entorno: tuple[Path, LlavePlataforma, str]) -> None:
    _, plataforma, qr = entorno
    otro = uuid.uuid4()
    datos = _revocados(
        plataforma,
        (str(DOCUMENTO), "revocado", datetime(2025, 6, 20, 10, tzinfo=UTC), "Información falsa"),
        (otro, "suspendido", date(2025, 6, 21), "En revisión"),
    )
    lista = cargar_lista_revocados(datos, [plataforma.certificado])

    assert lista.emitida_en == LISTA and lista.proxima_actualizacion == LISTA + timedelta(hours=12)
    entrada = lista.buscar(DOCUMENTO)
    assert entrada is not None and entrada.estado.value == "revocado" and entrada.motivo == "Información falsa"
    suspendido = lista.buscar(otro)
    assert suspendido is not None and suspendido.fecha == datetime(2025, 6, 21, 5, tzinfo=UTC)  # 00:00 in Bogotá
    assert json.loads(datos)["documentos"][0]["id"] == min(str(DOCUMENTO), str(otro))

    verificador = VerificadorFirmas(cargar_llavero(entorno[0], solo_publico=True), revocados=lista)
    informe = verificador.examinar(qr, ahora=LISTA + timedelta(days=2))
    assert informe.resultado is Resultado.REVOCADO and informe.codigo_salida == 3
    assert informe.revocacion == entrada
    assert informe.motivo == "documento revocado el 2025-06-20 05:00 (hora de Colombia): Información falsa"
    (estado,) = informe.listas
    assert estado.edad == timedelta(days=2) and estado.desactualizada
    assert "la lista de revocados está desactualizada" in informe.notas
    # The port used online ignores the list: the registry decides the status there.
    assert verificador.verificar(qr).valido
    # Before the revocation date it did not apply yet.
    assert verificador.examinar(qr, ahora=datetime(2025, 6, 10, tzinfo=UTC)).resultado is Resultado.VALIDO


def test_suspendido_y_vencido(entorno: tuple[Path, LlavePlataforma, str]) -> None:
    carpeta, plataforma, qr = entorno
    suspendida = cargar_lista_revocados(
        _revocados(plataforma, (DOCUMENTO, "suspendido", EMITIDO, "")), [plataforma.certificado]
    )
    llavero = cargar_llavero(carpeta, solo_publico=True)
    informe = VerificadorFirmas(llavero, revocados=suspendida).examinar(qr, ahora=LISTA)
    assert informe.resultado is Resultado.SUSPENDIDO and informe.codigo_salida == 3

    verificador = VerificadorFirmas(llavero)
    # vigente_hasta 2025-08-30 is inclusive, in Bogotá: expired from 2025-08-31 00:00 −05:00.
    assert verificador.examinar(qr, ahora=datetime(2025, 8, 31, 4, 59, tzinfo=UTC)).resultado is Resultado.VALIDO
    vencido = verificador.examinar(qr, ahora=datetime(2025, 8, 31, 5, 0, tzinfo=UTC))
    assert vencido.resultado is Resultado.VENCIDO and vencido.codigo_salida == 2
    assert vencido.firma_autentica and vencido.reclamos is not None


def test_revocados_rechaza_entradas_malas(entorno: tuple[Path, LlavePlataforma, str]) -> None:
    plataforma = entorno[1]
    with pytest.raises(ValueError, match="dos veces"):
        _revocados(plataforma, (DOCUMENTO, "revocado", LISTA, ""), (DOCUMENTO, "suspendido", LISTA, ""))
    with pytest.raises(ValueError):
        _revocados(plataforma, (DOCUMENTO, "anulado", LISTA, ""))
    with pytest.raises(ValueError):
        _revocados(plataforma, (DOCUMENTO, "revocado", datetime(2025, 1, 1), ""))  # naive
    documento = json.loads(_revocados(plataforma, (DOCUMENTO, "revocado", LISTA, "x")))
    documento["documentos"] = []
    with pytest.raises(ListaRevocadosInvalida, match="firma"):
        cargar_lista_revocados(json.dumps(documento).encode(), [plataforma.certificado])


def test_la_lista_refleja_rotacion_y_compromiso(tmp_path: Path, entorno: tuple[Path, LlavePlataforma, str]) -> None:
    plataforma = entorno[1]
    generar_llaves_entidad(tmp_path, ENTIDAD, ENTIDAD_NOMBRE, ahora=CREADAS)
    llavero = cargar_llavero(tmp_path, intervalo_refresco=3600)
    qr = EmisorFirmado(llavero, URL_PUBLICA, reloj=RelojFijo(EMITIDO)).emitir(certificado_residencia()).qr
    rotacion = rotar_firmante(tmp_path, ENTIDAD, ahora=datetime(2025, 6, 15, tzinfo=UTC))

    lista = cargar_lista_confianza(_lista(tmp_path, plataforma), [plataforma.certificado])
    (viejo,) = rotacion.retiradas
    clave = lista.clave_publica(bytes.fromhex(viejo))
    assert clave is not None and clave.estado is EstadoClave.RETIRADA
    informe = VerificadorFirmas(lista).examinar(qr, ahora=LISTA)
    assert informe.resultado is Resultado.VALIDO and "firmado con clave retirada" in informe.notas

    retirar_clave(tmp_path, ENTIDAD, viejo, comprometida=True, ahora=datetime(2025, 6, 20, tzinfo=UTC))
    siguiente = cargar_lista_confianza(_lista(tmp_path, plataforma), [plataforma.certificado])
    informe = VerificadorFirmas(siguiente).examinar(qr, ahora=LISTA)
    assert informe.resultado is Resultado.CLAVE_COMPROMETIDA and informe.codigo_salida == 5
    assert "2025-06-19 19:00" in informe.motivo


def test_lista_de_confianza_es_una_fuente_de_claves(entorno: tuple[Path, LlavePlataforma, str]) -> None:
    carpeta, plataforma, _ = entorno
    lista = cargar_lista_confianza(_lista(carpeta, plataforma), [plataforma.certificado])
    assert isinstance(lista, ListaConfianza)
    assert all(isinstance(r, x509.Certificate) for r in lista.raices())
    assert lista.clave_publica(b"\x00" * 8) is None
    assert VerificadorFirmas(lista).examinar("no es un qr", ahora=LISTA).resultado is Resultado.FORMATO_INVALIDO
