"""Platform list-key rotation (TUF-style chain), list sequence numbers and rollback protection (``--estado``)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from app.cli import app
from app.cli_verificar import SALIDA_REVERSION
from signing import jws
from signing.cadena_plataforma import (
    ARCHIVO_ROTACIONES,
    TIPO_ROTACION,
    RotacionInvalida,
    cadena_publicada,
    declaracion_rotacion,
    seguir_rotaciones,
    serializar_cadena,
)
from signing.confianza import TIPO_JWS as TIPO_CONFIANZA
from signing.confianza import ListaConfianzaInvalida, cargar_lista_confianza, firmar_lista_confianza
from signing.informe_verificacion import SALIDA_ERROR, SALIDA_VALIDO
from signing.llaves import cargar_llavero, generar_llaves_entidad
from signing.plataforma import (
    ARCHIVO_CERT,
    cargar_certificados,
    cargar_llave_plataforma,
    generar_llave_plataforma,
    rotar_llave_plataforma,
    siguiente_secuencia,
)
from signing.revocacion import cargar_lista_revocados, firmar_lista_revocados

from .conftest import ENTIDAD, ENTIDAD_NOMBRE

runner = CliRunner()
URL_PUBLICA = "https://v.example.co"


def _ejecutar(*argumentos: str) -> Result:
    # The lists carry this deployment's address, the one its QR codes print.
    return runner.invoke(app, list(argumentos), env={"VENTANILLA_URL_PUBLICA": URL_PUBLICA}, catch_exceptions=False)


def _texto(resultado: Result) -> str:
    """The output with rich's line wrapping undone."""
    return " ".join(resultado.output.split())


def _lista(claves: Path, salida: Path) -> None:
    resultado = _ejecutar("claves", "lista-confianza", "--salida", str(salida), "--directorio", str(claves))
    assert resultado.exit_code == 0, resultado.output


@pytest.fixture
def plataforma(tmp_path: Path) -> Path:
    carpeta = tmp_path / "_plataforma"
    generar_llave_plataforma(carpeta)
    return carpeta


def test_dos_rotaciones_se_siguen_desde_el_primer_certificado(plataforma: Path) -> None:
    primero = cargar_llave_plataforma(plataforma).certificado
    uno = rotar_llave_plataforma(plataforma)
    dos = rotar_llave_plataforma(plataforma)
    cadena = (plataforma / ARCHIVO_ROTACIONES).read_bytes()

    assert (uno.numero, dos.numero) == (1, 2) and uno.anterior == primero
    assert cargar_llave_plataforma(plataforma).certificado == dos.nueva.certificado
    assert seguir_rotaciones([primero], cadena) == [dos.nueva.certificado]
    assert seguir_rotaciones([uno.nueva.certificado], cadena) == [dos.nueva.certificado]
    assert cadena_publicada(plataforma) == cadena
    # A key that is in no statement stays as pinned (the chain cannot grant trust to it or take it away).
    otra = tmp_path_otra = plataforma.parent / "otra"
    generar_llave_plataforma(tmp_path_otra)
    ajeno = cargar_llave_plataforma(otra).certificado
    assert seguir_rotaciones([ajeno], cadena) == [ajeno]


def test_una_declaracion_sin_la_firma_de_la_llave_anterior_se_rechaza(plataforma: Path, tmp_path: Path) -> None:
    actual = cargar_llave_plataforma(plataforma)
    intrusa_carpeta = tmp_path / "intrusa"
    generar_llave_plataforma(intrusa_carpeta)
    intrusa = cargar_llave_plataforma(intrusa_carpeta)
    declaracion = declaracion_rotacion(1, actual.certificado, intrusa.certificado, datetime.now(UTC))
    # Signed by the intruder only, or by the intruder twice under the old kid: both refused.
    solo_nueva = jws.firmar_varias(declaracion, [(intrusa.llave, intrusa.kid)], TIPO_ROTACION)
    with pytest.raises(RotacionInvalida, match="llave anterior y la nueva"):
        seguir_rotaciones([actual.certificado], serializar_cadena([solo_nueva]))
    falsa = jws.firmar_varias(declaracion, [(intrusa.llave, actual.kid), (intrusa.llave, intrusa.kid)], TIPO_ROTACION)
    with pytest.raises(RotacionInvalida, match="no es válida"):
        seguir_rotaciones([actual.certificado], serializar_cadena([falsa]))
    # A signature of another document type (e.g. a list's) is not a rotation statement.
    otro_tipo = jws.firmar_varias(
        declaracion, [(actual.llave, actual.kid), (intrusa.llave, intrusa.kid)], TIPO_CONFIANZA
    )
    with pytest.raises(RotacionInvalida):
        seguir_rotaciones([actual.certificado], serializar_cadena([otro_tipo]))


def test_una_rotacion_interrumpida_se_descarta_en_la_siguiente(plataforma: Path) -> None:
    primero = cargar_llave_plataforma(plataforma).certificado
    rotar_llave_plataforma(plataforma)
    # Simulate a crash after the statement was written but before the new key: put the old key back.
    cadena = (plataforma / ARCHIVO_ROTACIONES).read_bytes()
    carpeta_copia = plataforma.parent / "copia"
    generar_llave_plataforma(carpeta_copia)
    (plataforma / ARCHIVO_ROTACIONES).write_bytes(cadena)
    for nombre in ("plataforma.key.pem", ARCHIVO_CERT):
        (plataforma / nombre).write_bytes((carpeta_copia / nombre).read_bytes())
    actual = cargar_llave_plataforma(plataforma).certificado
    assert seguir_rotaciones([actual], cadena) == [actual]  # the dangling statement is about another key

    nueva = rotar_llave_plataforma(plataforma)
    assert nueva.numero == 1  # the dangling statement was dropped
    assert seguir_rotaciones([actual], (plataforma / ARCHIVO_ROTACIONES).read_bytes()) == [nueva.nueva.certificado]
    assert seguir_rotaciones([primero], (plataforma / ARCHIVO_ROTACIONES).read_bytes()) == [primero]


def test_la_secuencia_crece_siempre(plataforma: Path) -> None:
    pasado = datetime(2020, 1, 1, tzinfo=UTC)
    primera = siguiente_secuencia(plataforma, TIPO_CONFIANZA, datetime(2025, 7, 1, tzinfo=UTC))
    assert primera == int(datetime(2025, 7, 1, tzinfo=UTC).timestamp())
    # Same instant, or a clock that went back: still strictly greater.
    assert siguiente_secuencia(plataforma, TIPO_CONFIANZA, datetime(2025, 7, 1, tzinfo=UTC)) == primera + 1
    assert siguiente_secuencia(plataforma, TIPO_CONFIANZA, pasado) == primera + 2
    # Independent per list kind.
    assert siguiente_secuencia(plataforma, "lista-revocados+json", pasado) == int(pasado.timestamp())


def test_las_listas_llevan_secuencia_y_se_rechaza_una_mal_formada(plataforma: Path, tmp_path: Path) -> None:
    llave = cargar_llave_plataforma(plataforma)
    generar_llaves_entidad(tmp_path / "claves", ENTIDAD, ENTIDAD_NOMBRE)
    llavero = cargar_llavero(tmp_path / "claves", solo_publico=True)
    datos = firmar_lista_confianza(llavero, llave, secuencia=41)
    assert cargar_lista_confianza(datos, [llave.certificado]).secuencia == 41
    revocados = firmar_lista_revocados([], llave, secuencia=7)
    assert cargar_lista_revocados(revocados, [llave.certificado]).secuencia == 7
    for malo in (0, -3, True, "41"):
        contenido = {k: v for k, v in jws.leer(datos).items() if k != "firma"}
        firmado = jws.firmar({**contenido, "secuencia": malo}, llave.llave, llave.kid, TIPO_CONFIANZA)
        with pytest.raises(ListaConfianzaInvalida, match="secuencia"):
            cargar_lista_confianza(jws.serializar(firmado), [llave.certificado])


# ------------------------------------------------------------------------------------------------- CLI


@pytest.fixture
def instalacion(tmp_path: Path) -> Path:
    claves = tmp_path / "claves"
    assert _ejecutar("claves", "generar", "--entidad", ENTIDAD, "--directorio", str(claves)).exit_code == 0
    return claves


def _qr(claves: Path) -> str:
    from domain.reloj import RelojFijo
    from signing.emisor import EmisorFirmado

    from .conftest import certificado_residencia

    hoy = datetime.now(UTC)
    certificado = certificado_residencia(fecha_expedicion=hoy.date(), vigente_hasta=hoy.date() + timedelta(days=30))
    return EmisorFirmado(cargar_llavero(claves), URL_PUBLICA, reloj=RelojFijo(hoy)).emitir(certificado).qr


def test_cli_estado_rechaza_una_lista_anterior_con_codigo_7(instalacion: Path, tmp_path: Path) -> None:
    qr = _qr(instalacion)
    vieja, nueva, estado = tmp_path / "vieja.json", tmp_path / "nueva.json", tmp_path / "estado" / "visto.json"
    for salida in (vieja, nueva):
        r = _ejecutar("claves", "lista-confianza", "--salida", str(salida), "--directorio", str(instalacion))
        assert r.exit_code == 0 and "Secuencia" in r.output, r.output
    base = ("verificar", qr, "--directorio", str(instalacion), "--estado", str(estado))

    assert _ejecutar(*base, "--confianza", str(nueva)).exit_code == SALIDA_VALIDO
    visto = json.loads(estado.read_text())
    assert [v["secuencia"] for v in visto["listas"].values()] == [json.loads(nueva.read_text())["secuencia"]]
    rechazo = _ejecutar(*base, "--confianza", str(vieja))
    assert rechazo.exit_code == SALIDA_REVERSION == 7
    assert "posible reversión" in _texto(rechazo) and "anterior a una ya vista" in _texto(rechazo)
    como_json = json.loads(_ejecutar(*base, "--confianza", str(vieja), "--json").output)
    assert como_json["resultado"] == "lista_anterior" and como_json["codigo_salida"] == 7
    # The same list again is fine, and without --estado the old list is still accepted (no memory).
    assert _ejecutar(*base, "--confianza", str(nueva)).exit_code == SALIDA_VALIDO
    assert _ejecutar("verificar", qr, "--directorio", str(instalacion), "--confianza", str(vieja)).exit_code == 0
    estado.write_text("no es json")
    assert _ejecutar(*base, "--confianza", str(nueva)).exit_code == SALIDA_ERROR


def test_cli_rotar_plataforma_y_verificar_desde_el_certificado_fijado(instalacion: Path, tmp_path: Path) -> None:
    qr = _qr(instalacion)
    lista = tmp_path / "lista.json"
    _lista(instalacion, lista)
    fijado = tmp_path / "fijado.crt.pem"
    fijado.write_bytes((instalacion / "_plataforma" / ARCHIVO_CERT).read_bytes())

    cancelado = runner.invoke(app, ["claves", "rotar-plataforma", "--directorio", str(instalacion)], input="n\n")
    assert cancelado.exit_code == 1 and fijado.read_bytes() == (instalacion / "_plataforma" / ARCHIVO_CERT).read_bytes()
    rotada = _ejecutar("claves", "rotar-plataforma", "--si", "--directorio", str(instalacion))
    assert rotada.exit_code == 0 and "rotada" in rotada.output, rotada.output
    _lista(instalacion, lista)

    base = ("verificar", qr, "--directorio", str(instalacion), "--confianza", str(lista), "--plataforma", str(fijado))
    sin_cadena = _ejecutar(*base)
    assert sin_cadena.exit_code == SALIDA_ERROR and "clave de plataforma desconocida" in _texto(sin_cadena)
    cadena = instalacion / "_plataforma" / ARCHIVO_ROTACIONES
    assert _ejecutar(*base, "--rotaciones", str(cadena)).exit_code == SALIDA_VALIDO
    assert cargar_certificados([fijado.read_bytes()]) != seguir_rotaciones(
        cargar_certificados([fijado.read_bytes()]), cadena.read_bytes()
    )
    manipulada = json.loads(cadena.read_text())
    manipulada["rotaciones"][0]["emitida_en"] = "2020-01-01T00:00:00Z"
    (tmp_path / "manipulada.json").write_text(json.dumps(manipulada))
    rechazo = _ejecutar(*base, "--rotaciones", str(tmp_path / "manipulada.json"))
    assert rechazo.exit_code == SALIDA_ERROR and "rotación 1 rechazada" in _texto(rechazo)
