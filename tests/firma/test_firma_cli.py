"""``ventanilla claves …`` and ``ventanilla verificar``: commands, messages and exit codes (typer's CliRunner)."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from typer.testing import CliRunner, Result

from app.cli import app
from app.cli_claves import ENV_FRASE, ENV_FRASE_PLATAFORMA, claves_generar
from domain.reloj import RelojFijo
from signing.emisor import EmisorFirmado
from signing.estado_claves import EstadoClave
from signing.informe_verificacion import (
    SALIDA_CLAVE_COMPROMETIDA,
    SALIDA_CLAVE_DESCONOCIDA,
    SALIDA_ERROR,
    SALIDA_INVALIDO,
    SALIDA_REVOCADO,
    SALIDA_VALIDO,
    SALIDA_VENCIDO,
)
from signing.llaves import cargar_llavero

from .conftest import ENTIDAD, certificado_residencia

runner = CliRunner()
HOY = datetime.now(UTC).date()
URL_PUBLICA = "https://verifica.example.gov.co"
"""This deployment's address: the QR codes carry it, and the lists and local verification expect it."""


def _ejecutar(*argumentos: str, entrada: str | None = None, entorno: dict[str, str] | None = None) -> Result:
    entorno = {"VENTANILLA_URL_PUBLICA": URL_PUBLICA, **(entorno or {})}
    return runner.invoke(app, list(argumentos), input=entrada, env=entorno, catch_exceptions=False)


@dataclass
class Instalacion:
    claves: Path
    qr: str
    pdf: Path
    png: Path
    kid: str
    confianza: Path
    plataforma: Path

    def verificar(self, entrada: str, *opciones: str) -> Result:
        return _ejecutar("verificar", entrada, "--directorio", str(self.claves), *opciones)


@pytest.fixture(scope="module")
def instalacion(tmp_path_factory: pytest.TempPathFactory) -> Instalacion:
    base = tmp_path_factory.mktemp("cli")
    claves = base / "claves"
    resultado = _ejecutar("claves", "generar", "--directorio", str(claves))
    assert resultado.exit_code == 0, resultado.output
    assert "SDG-BOGOTA: claves creadas" in resultado.output
    llavero = cargar_llavero(claves)
    certificado = certificado_residencia(fecha_expedicion=HOY, vigente_hasta=HOY + timedelta(days=90))
    emitido = EmisorFirmado(llavero, URL_PUBLICA, reloj=RelojFijo(datetime.now(UTC))).emitir(
        certificado
    )
    pdf, png = base / "certificado.pdf", base / "foto.png"
    pdf.write_bytes(emitido.pdf)
    PdfReader(io.BytesIO(emitido.pdf)).pages[0].images[0].image.save(png)
    confianza = base / "lista-confianza.json"
    resultado = _ejecutar("claves", "lista-confianza", "--salida", str(confianza), "--directorio", str(claves))
    assert resultado.exit_code == 0, resultado.output
    return Instalacion(claves, emitido.qr, pdf, png, emitido.clave_firma, confianza,
                       claves / "_plataforma" / "plataforma.crt.pem")


def test_generar_crea_las_entidades_del_catalogo(instalacion: Instalacion) -> None:
    claves = {c.entidad_codigo: c for c in cargar_llavero(instalacion.claves, solo_publico=True).claves()}
    assert claves[ENTIDAD].tipos is None and claves[ENTIDAD].algoritmo.value == "ES256"
    otra_vez = _ejecutar("claves", "generar", "--directorio", str(instalacion.claves))
    assert otra_vez.exit_code == 0 and f"{ENTIDAD}: claves ya existían" in otra_vez.output


def test_generar_con_tipos_avisa_de_los_que_faltan(tmp_path: Path) -> None:
    resultado = _ejecutar("claves", "generar", "--entidad", ENTIDAD, "--tipo", "otro_tipo", "--directorio",
                          str(tmp_path))
    assert resultado.exit_code == 0, resultado.output
    (clave,) = cargar_llavero(tmp_path, solo_publico=True).claves()
    assert clave.tipos == frozenset({"otro_tipo"})
    assert "ninguna clave activa de SDG-BOGOTA puede firmar certificado_residencia" in resultado.output


@pytest.mark.parametrize("entrada", ["pdf", "png", "qr", "minusculas", "carga-sola", "archivo-de-texto", "stdin"])
def test_verificar_valido_desde_pdf_foto_o_texto(instalacion: Instalacion, entrada: str, tmp_path: Path) -> None:
    argumento, stdin = {
        "pdf": (str(instalacion.pdf), None),
        "png": (str(instalacion.png), None),
        "qr": (instalacion.qr, None),
        "minusculas": (instalacion.qr.lower(), None),
        "carga-sola": (instalacion.qr.split("/V/1/")[1], None),
        "archivo-de-texto": (str(tmp_path / "qr.txt"), None),
        "stdin": ("-", instalacion.qr + "\n"),
    }[entrada]
    (tmp_path / "qr.txt").write_text(instalacion.qr + "\n")
    resultado = _ejecutar("verificar", argumento, "--directorio", str(instalacion.claves), entrada=stdin)

    assert resultado.exit_code == SALIDA_VALIDO, resultado.output
    assert "VÁLIDO" in resultado.output
    assert instalacion.kid in resultado.output
    assert "María Fernanda Gómez Restrepo" in resultado.output and "certificado_residencia" in resultado.output
    assert "Sin lista de revocados" in resultado.output


def test_verificar_con_lista_de_confianza_muestra_su_edad(instalacion: Instalacion) -> None:
    resultado = instalacion.verificar(instalacion.qr, "--confianza", str(instalacion.confianza))
    assert resultado.exit_code == SALIDA_VALIDO, resultado.output
    assert "Lista de confianza: emitida" in resultado.output and "hace 0 h" in resultado.output


def test_verificar_json(instalacion: Instalacion) -> None:
    resultado = instalacion.verificar(str(instalacion.pdf), "--json", "--confianza", str(instalacion.confianza))
    datos = json.loads(resultado.output)
    assert resultado.exit_code == 0
    assert datos["resultado"] == "valido" and datos["kid"] == instalacion.kid and datos["entidad"] == ENTIDAD
    assert datos["reclamos"]["titular"] == "María Fernanda Gómez Restrepo"
    assert datos["listas"][0]["nombre"] == "lista de confianza"


def test_verificar_invalido(instalacion: Instalacion) -> None:
    prefijo, carga = instalacion.qr.split("/V/1/")
    alterado = f"{prefijo}/V/1/{carga[:40]}{'A' if carga[40] != 'A' else 'B'}{carga[41:]}"
    resultado = instalacion.verificar(alterado)
    assert resultado.exit_code == SALIDA_INVALIDO
    assert "INVÁLIDO" in resultado.output
    assert instalacion.verificar("esto no es un código").exit_code == SALIDA_INVALIDO


def test_verificar_vencido(instalacion: Instalacion) -> None:
    despues = (HOY + timedelta(days=91)).isoformat()
    resultado = instalacion.verificar(instalacion.qr, "--fecha", despues)
    assert resultado.exit_code == SALIDA_VENCIDO, resultado.output
    assert "VENCIDO" in resultado.output
    assert instalacion.verificar(instalacion.qr, "--fecha", (HOY + timedelta(days=90)).isoformat()).exit_code == 0


def test_verificar_revocado_con_la_lista(instalacion: Instalacion, tmp_path: Path) -> None:
    entradas = tmp_path / "entradas.json"
    documento = str(certificado_residencia().documento_id)
    entradas.write_text(json.dumps([
        {"documento_id": documento, "estado": "revocado", "fecha": "2025-06-01", "motivo": "Prueba"},
    ]))
    revocados = tmp_path / "revocados.json"
    creada = _ejecutar("claves", "lista-revocados", "--entradas", str(entradas), "--salida", str(revocados),
                       "--directorio", str(instalacion.claves))
    assert creada.exit_code == 0, creada.output

    resultado = instalacion.verificar(str(instalacion.png), "--revocados", str(revocados))
    assert resultado.exit_code == SALIDA_REVOCADO, resultado.output
    assert "REVOCADO" in resultado.output and "Lista de revocados: emitida" in resultado.output


def test_verificar_clave_desconocida(instalacion: Instalacion, tmp_path: Path) -> None:
    assert _ejecutar("claves", "generar", "--directorio", str(tmp_path)).exit_code == 0
    resultado = _ejecutar("verificar", instalacion.qr, "--directorio", str(tmp_path))
    assert resultado.exit_code == SALIDA_CLAVE_DESCONOCIDA
    assert "CLAVE DESCONOCIDA" in resultado.output


@pytest.mark.parametrize(
    "problema", ["imagen-sin-qr", "lista-alterada", "sin-certificado-de-plataforma", "fecha-mala", "pdf-roto"]
)
def test_verificar_no_pudo_verificar(instalacion: Instalacion, tmp_path: Path, problema: str) -> None:
    opciones: Sequence[str] = ()
    entrada = instalacion.qr
    if problema == "imagen-sin-qr":
        entrada = str(tmp_path / "blanco.png")
        Image.new("L", (200, 200), 255).save(entrada)
    elif problema == "lista-alterada":
        alterada = tmp_path / "alterada.json"
        alterada.write_text(instalacion.confianza.read_text().replace('"activa"', '"retirada"', 1))
        opciones = ("--confianza", str(alterada))
    elif problema == "sin-certificado-de-plataforma":
        opciones = ("--confianza", str(instalacion.confianza), "--plataforma", str(tmp_path / "no-existe.pem"))
    elif problema == "fecha-mala":
        opciones = ("--fecha", "ayer")
    else:
        entrada = str(tmp_path / "roto.pdf")
        Path(entrada).write_bytes(b"%PDF-1.7 roto")
    resultado = instalacion.verificar(entrada, *opciones)
    assert resultado.exit_code == SALIDA_ERROR, resultado.output
    assert "No se pudo verificar" in resultado.output
    como_json = json.loads(instalacion.verificar(entrada, *opciones, "--json").output)
    assert como_json["resultado"] == "no_verificable" and como_json["codigo_salida"] == SALIDA_ERROR


@pytest.mark.parametrize("con_lista", [False, True], ids=["claves-locales", "lista-de-confianza"])
def test_verificar_url_ajena_es_invalido(instalacion: Instalacion, con_lista: bool) -> None:
    # The same genuine payload behind another address: a camera would open that site, not ours.
    ajena = "HTTPS://EVIL.EXAMPLE/V/1/" + instalacion.qr.split("/V/1/")[1]
    opciones = ("--confianza", str(instalacion.confianza)) if con_lista else ()

    resultado = instalacion.verificar(ajena, *opciones)
    assert resultado.exit_code == SALIDA_INVALIDO, resultado.output
    assert "DIRECCIÓN AJENA" in resultado.output and "el código no fue emitido para esta" in resultado.output
    datos = json.loads(instalacion.verificar(ajena.lower(), *opciones, "--json").output)
    assert datos["resultado"] == "url_no_corresponde" and datos["codigo_salida"] == SALIDA_INVALIDO
    assert instalacion.verificar(instalacion.qr.lower(), *opciones).exit_code == SALIDA_VALIDO


def test_rotar_retirar_y_comprometer(tmp_path: Path) -> None:
    entorno = {ENV_FRASE: "frase de prueba"}
    carpeta = ["--directorio", str(tmp_path)]
    creada = _ejecutar("claves", "generar", "--entidad", "REG-CHIA", "--nombre", "Registraduría de Chía",
                       "--eddsa", *carpeta, entorno=entorno)
    assert creada.exit_code == 0, creada.output
    llavero = cargar_llavero(tmp_path, passphrase=b"frase de prueba")
    viejo = llavero.firmante("REG-CHIA")
    assert viejo.algoritmo.value == "EdDSA" and viejo.tipos is None
    emitido = EmisorFirmado(llavero, URL_PUBLICA, reloj=RelojFijo(datetime.now(UTC))).emitir(
        certificado_residencia(entidad_codigo="REG-CHIA", vigente_hasta=None)
    )

    sin_frase = _ejecutar("claves", "rotar", "--entidad", "REG-CHIA", *carpeta)
    assert sin_frase.exit_code == 1 and "frase" in sin_frase.output
    rotada = _ejecutar("claves", "rotar", "--entidad", "REG-CHIA", "--es256", *carpeta, entorno=entorno)
    assert rotada.exit_code == 0, rotada.output
    assert f"Retirada (sigue verificando lo ya firmado): {viejo.kid.hex()}" in rotada.output

    listado = _ejecutar("claves", "listar", *carpeta)
    assert listado.exit_code == 0 and "retirada" in listado.output and "ES256" in listado.output
    valido = _ejecutar("verificar", emitido.qr, *carpeta)
    assert valido.exit_code == SALIDA_VALIDO and "firmado con clave retirada" in valido.output

    arrepentido = _ejecutar("claves", "retirar", "--entidad", "REG-CHIA", "--kid", viejo.kid.hex(),
                            "--comprometida", *carpeta, entrada="n\n")
    assert arrepentido.exit_code == 1
    comprometida = _ejecutar("claves", "retirar", "--entidad", "REG-CHIA", "--kid", viejo.kid.hex(),
                             "--comprometida", *carpeta, entrada="s\n")
    assert comprometida.exit_code == 0, comprometida.output
    assert "retirada por compromiso" in comprometida.output
    (clave,) = [c for c in cargar_llavero(tmp_path, solo_publico=True).claves() if c.kid == viejo.kid]
    assert clave.estado is EstadoClave.COMPROMETIDA

    resultado = _ejecutar("verificar", emitido.qr, *carpeta)
    assert resultado.exit_code == SALIDA_CLAVE_COMPROMETIDA, resultado.output
    assert "NO CONFIABLE" in resultado.output and "el documento no es confiable" in resultado.output

    otra_vez = _ejecutar("claves", "retirar", "--entidad", "REG-CHIA", "--kid", viejo.kid.hex(), "--si", *carpeta)
    assert otra_vez.exit_code == 1 and "compromiso" in otra_vez.output


def test_retirar_la_ultima_clave_activa_avisa(tmp_path: Path) -> None:
    assert _ejecutar("claves", "generar", "--directorio", str(tmp_path)).exit_code == 0
    kid = cargar_llavero(tmp_path).firmante(ENTIDAD).kid.hex()
    resultado = _ejecutar("claves", "retirar", "--entidad", ENTIDAD, "--kid", kid, "--directorio", str(tmp_path))
    assert resultado.exit_code == 0, resultado.output
    assert "no tiene ninguna clave activa" in resultado.output


def test_errores_claros(tmp_path: Path) -> None:
    desconocida = _ejecutar("claves", "generar", "--entidad", "NO-CATALOGO", "--directorio", str(tmp_path))
    assert desconocida.exit_code == 1 and "--nombre" in desconocida.output
    sin_claves = _ejecutar("claves", "rotar", "--entidad", ENTIDAD, "--directorio", str(tmp_path))
    assert sin_claves.exit_code == 1 and "no tiene claves" in sin_claves.output
    codigo_malo = _ejecutar("claves", "generar", "--entidad", "mal código", "--nombre", "X", "--directorio",
                            str(tmp_path))
    assert codigo_malo.exit_code == 1 and "Código de entidad no válido" in codigo_malo.output
    vacia = _ejecutar("claves", "listar", "--directorio", str(tmp_path / "nada"))
    assert vacia.exit_code == 0 and "No hay claves" in vacia.output


def test_lista_de_confianza_con_llave_de_plataforma_cifrada(tmp_path: Path) -> None:
    carpeta = ["--directorio", str(tmp_path)]
    assert _ejecutar("claves", "generar", *carpeta).exit_code == 0
    salida = tmp_path / "lista.json"
    entorno = {ENV_FRASE_PLATAFORMA: "otra frase"}
    creada = _ejecutar("claves", "lista-confianza", "--salida", str(salida), "--url-base", "https://v.example",
                       *carpeta, entorno=entorno)
    assert creada.exit_code == 0, creada.output
    assert b"ENCRYPTED" in (tmp_path / "_plataforma" / "plataforma.key.pem").read_bytes()
    assert json.loads(salida.read_text())["url_base"] == "HTTPS://V.EXAMPLE"
    sin_frase = _ejecutar("claves", "lista-confianza", "--salida", str(salida), *carpeta)
    assert sin_frase.exit_code == 1 and "frase" in sin_frase.output
    assert "Llave de la plataforma (listas): kid" in _ejecutar("claves", "listar", *carpeta).output


def test_preparar_genera_las_claves_del_catalogo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VENTANILLA_DIRECTORIO_DATOS", str(tmp_path))
    claves_generar()
    claves_generar()  # idempotent
    assert ENTIDAD in cargar_llavero(tmp_path / "claves").entidades()


def test_ayuda_de_los_comandos() -> None:
    ayuda = _ejecutar("claves", "--help").output
    for comando in ("generar", "rotar", "retirar", "listar", "lista-confianza", "lista-revocados"):
        assert comando in ayuda
    assert "clave desconocida" in _ejecutar("verificar", "--help").output
