"""Root-key rotation per entidad (``rotar_raiz``, ``ventanilla claves rotar-raiz``): the overlap with the old root."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from typer.testing import CliRunner

from app.cli import app
from domain.reloj import RelojFijo
from signing.certificados import ARCHIVO_RAIZ_CERT, ARCHIVO_RAIZ_LLAVE, CARPETA_RAICES, calcular_kid
from signing.confianza import cargar_lista_confianza, firmar_lista_confianza
from signing.emisor import EmisorFirmado
from signing.estado_claves import EstadoClave
from signing.informe_verificacion import Resultado
from signing.llaves import (
    FraseIncorrecta,
    LlavesInconsistentes,
    cargar_llavero,
    generar_llaves_entidad,
    rotar_raiz,
)
from signing.plataforma import cargar_llave_plataforma, generar_llave_plataforma
from signing.verificacion import VerificadorFirmas

from .conftest import ENTIDAD, ENTIDAD_NOMBRE, certificado_residencia

INICIO = datetime(2025, 1, 1, tzinfo=UTC)
ROTACION = datetime(2025, 3, 1, tzinfo=UTC)


def _emitir(carpeta: Path, instante: datetime) -> tuple[str, bytes]:
    emisor = EmisorFirmado(cargar_llavero(carpeta), "https://verifica.example.gov.co", reloj=RelojFijo(instante))
    emitido = emisor.emitir(certificado_residencia())
    return emitido.qr, emitido.pdf


def test_la_raiz_nueva_emite_los_firmantes_y_lo_firmado_antes_sigue_verificando(tmp_path: Path) -> None:
    generar_llaves_entidad(tmp_path, ENTIDAD, ENTIDAD_NOMBRE, ahora=INICIO)
    raiz_vieja = cargar_llavero(tmp_path).raiz(ENTIDAD)
    qr_viejo, pdf_viejo = _emitir(tmp_path, INICIO + timedelta(days=30))

    rotacion = rotar_raiz(tmp_path, ENTIDAD, ahora=ROTACION)

    assert rotacion.raiz_anterior == raiz_vieja and rotacion.raiz_nueva != raiz_vieja
    assert (tmp_path / ENTIDAD / CARPETA_RAICES / f"{calcular_kid(raiz_vieja).hex()}.crt.pem").exists()
    llavero = cargar_llavero(tmp_path)
    assert llavero.raiz(ENTIDAD) == rotacion.raiz_nueva
    assert llavero.raices_anteriores(ENTIDAD) == (raiz_vieja,)
    assert set(llavero.raices()) == {raiz_vieja, rotacion.raiz_nueva}
    firmante = llavero.firmante(ENTIDAD)
    assert firmante.kid == rotacion.firmante.nuevo.kid and firmante.raiz == rotacion.raiz_nueva
    firmante.certificado.verify_directly_issued_by(rotacion.raiz_nueva)
    (viejo,) = rotacion.firmante.retiradas
    assert llavero.clave_publica(bytes.fromhex(viejo)).estado is EstadoClave.RETIRADA  # type: ignore[union-attr]

    # The trust list carries both roots during the overlap; the old signer's documents keep verifying with it.
    plataforma = tmp_path / "_plataforma"
    generar_llave_plataforma(plataforma)
    llave = cargar_llave_plataforma(plataforma)
    lista = cargar_lista_confianza(
        firmar_lista_confianza(llavero.publico(), llave, emitida_en=ROTACION + timedelta(days=1)), [llave.certificado]
    )
    (entidad,) = lista.entidades
    assert entidad.raiz == rotacion.raiz_nueva and entidad.raices_anteriores == (raiz_vieja,)
    momento = ROTACION + timedelta(days=2)
    informe = VerificadorFirmas(lista).examinar(qr_viejo, ahora=momento)
    assert informe.resultado is Resultado.VALIDO and "firmado con clave retirada" in informe.notas
    qr_nuevo, pdf_nuevo = _emitir(tmp_path, momento)
    assert VerificadorFirmas(lista).examinar(qr_nuevo, ahora=momento).resultado is Resultado.VALIDO

    # Both PDFs validate for a PAdES validator given the list's roots as trust anchors.
    raices = [asn1_x509.Certificate.load(r.public_bytes(serialization.Encoding.DER)) for r in lista.raices()]
    for pdf in (pdf_viejo, pdf_nuevo):
        firma = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
        estado = validate_pdf_signature(firma, ValidationContext(trust_roots=raices, allow_fetching=False))
        assert estado.bottom_line, estado.pretty_print_details()


def test_sin_la_raiz_anterior_el_firmante_viejo_no_encadena(tmp_path: Path) -> None:
    generar_llaves_entidad(tmp_path, ENTIDAD, ENTIDAD_NOMBRE, ahora=INICIO)
    rotacion = rotar_raiz(tmp_path, ENTIDAD, ahora=ROTACION)
    (tmp_path / ENTIDAD / CARPETA_RAICES / f"{calcular_kid(rotacion.raiz_anterior).hex()}.crt.pem").unlink()
    with pytest.raises(LlavesInconsistentes, match="ninguna raíz"):
        cargar_llavero(tmp_path)


def test_una_raiz_anterior_sin_firmantes_deja_de_publicarse(tmp_path: Path) -> None:
    generar_llaves_entidad(tmp_path, ENTIDAD, ENTIDAD_NOMBRE, ahora=INICIO)
    primera = rotar_raiz(tmp_path, ENTIDAD, ahora=ROTACION)
    segunda = rotar_raiz(tmp_path, ENTIDAD, ahora=ROTACION + timedelta(days=1))
    # Two old roots, each anchoring one retired signer; the newest first.
    assert cargar_llavero(tmp_path).raices_anteriores(ENTIDAD) == (segunda.raiz_anterior, primera.raiz_anterior)
    # Once the first root's only signer is removed (its documents expired), that root leaves the overlap.
    for nombre in ("firmante.key.pem", "firmante.crt.pem"):
        (tmp_path / ENTIDAD / nombre).unlink()
    assert cargar_llavero(tmp_path).raices_anteriores(ENTIDAD) == (segunda.raiz_anterior,)


def test_rotar_raiz_exige_la_llave_de_la_raiz_y_no_toca_nada_si_falla(tmp_path: Path) -> None:
    generar_llaves_entidad(tmp_path, ENTIDAD, ENTIDAD_NOMBRE, ahora=INICIO, passphrase=b"correcta")
    antes = (tmp_path / ENTIDAD / ARCHIVO_RAIZ_CERT).read_bytes()
    with pytest.raises(FraseIncorrecta):
        rotar_raiz(tmp_path, ENTIDAD, passphrase=b"otra")
    assert (tmp_path / ENTIDAD / ARCHIVO_RAIZ_CERT).read_bytes() == antes
    assert not (tmp_path / ENTIDAD / CARPETA_RAICES).exists()


def test_una_llave_de_raiz_que_no_corresponde_se_detecta(tmp_path: Path) -> None:
    generar_llaves_entidad(tmp_path, ENTIDAD, ENTIDAD_NOMBRE, ahora=INICIO)
    generar_llaves_entidad(tmp_path / "otra", ENTIDAD, ENTIDAD_NOMBRE, ahora=INICIO)
    ajena = (tmp_path / "otra" / ENTIDAD / ARCHIVO_RAIZ_LLAVE).read_bytes()
    (tmp_path / ENTIDAD / ARCHIVO_RAIZ_LLAVE).write_bytes(ajena)
    with pytest.raises(LlavesInconsistentes, match="no corresponde"):
        rotar_raiz(tmp_path, ENTIDAD)


def test_cli_rotar_raiz(tmp_path: Path) -> None:
    runner = CliRunner()
    generar_llaves_entidad(tmp_path, ENTIDAD, ENTIDAD_NOMBRE, ahora=INICIO)
    resultado = runner.invoke(app, ["claves", "rotar-raiz", ENTIDAD, "--directorio", str(tmp_path)])
    assert resultado.exit_code == 0, resultado.output
    assert "Nueva raíz" in resultado.output and "raices_anteriores" in resultado.output
    assert cargar_llavero(tmp_path).raices_anteriores(ENTIDAD)
    desconocida = runner.invoke(app, ["claves", "rotar-raiz", "NO-EXISTE", "--directorio", str(tmp_path)])
    assert desconocida.exit_code == 1 and "no tiene claves" in desconocida.output


# ------------------------------------------------------------------------------------------------ crash safety
# (every step of every key command: test_firma_caidas.py)


class _Caida(Exception):
    pass


def _caer_tras_confirmar(monkeypatch: pytest.MonkeyPatch) -> None:
    """Die right after the journal is renamed into place (the commit point), before any file is."""
    from signing import transaccion_llaves

    original = transaccion_llaves._renombrar

    def renombrar(origen: Path, destino: Path) -> None:
        if destino.name != transaccion_llaves.ARCHIVO_TRANSACCION:
            raise _Caida(str(destino))
        original(origen, destino)

    monkeypatch.setattr(transaccion_llaves, "_renombrar", renombrar)


def test_una_rotacion_de_raiz_confirmada_se_completa_al_recargar_el_servidor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from signing.transaccion_llaves import ARCHIVO_TRANSACCION

    generar_llaves_entidad(tmp_path, ENTIDAD, ENTIDAD_NOMBRE, ahora=INICIO)
    servidor = cargar_llavero(tmp_path, intervalo_refresco=0)
    raiz_vieja = servidor.raiz(ENTIDAD)
    llave_vieja = (tmp_path / ENTIDAD / ARCHIVO_RAIZ_LLAVE).read_bytes()
    _caer_tras_confirmar(monkeypatch)
    with pytest.raises(_Caida):
        rotar_raiz(tmp_path, ENTIDAD, ahora=ROTACION)
    monkeypatch.undo()
    # The old state is still whole on disk: the old root's key and certificate, the old signer.
    assert (tmp_path / ENTIDAD / ARCHIVO_RAIZ_LLAVE).read_bytes() == llave_vieja
    assert (tmp_path / ENTIDAD / ARCHIVO_TRANSACCION).exists()

    # The running server's background reload finishes the journal and moves to the new root and signer.
    assert servidor.refrescar()
    assert not (tmp_path / ENTIDAD / ARCHIVO_TRANSACCION).exists()
    firmante = servidor.firmante(ENTIDAD)
    assert servidor.raiz(ENTIDAD) != raiz_vieja and firmante.raiz == servidor.raiz(ENTIDAD)
    assert servidor.raices_anteriores(ENTIDAD) == (raiz_vieja,)
    firmante.certificado.verify_directly_issued_by(firmante.raiz)
    qr, _ = _emitir(tmp_path, ROTACION + timedelta(days=1))
    assert VerificadorFirmas(servidor.publico()).examinar(qr, ahora=ROTACION + timedelta(days=1)).valido


def test_mientras_otro_proceso_cambia_las_claves_el_servidor_conserva_las_suyas(tmp_path: Path) -> None:
    from signing.transaccion_llaves import ARCHIVO_TRANSACCION, bloqueo_exclusivo

    generar_llaves_entidad(tmp_path, ENTIDAD, ENTIDAD_NOMBRE, ahora=INICIO)
    servidor = cargar_llavero(tmp_path, intervalo_refresco=0)
    antes = servidor.firmante(ENTIDAD)
    carpeta = tmp_path / ENTIDAD
    with bloqueo_exclusivo(carpeta):
        (carpeta / ARCHIVO_TRANSACCION).write_text("{}")  # a change being applied right now
        assert not servidor.refrescar()
        assert servidor.firmante(ENTIDAD) is antes
        (carpeta / ARCHIVO_TRANSACCION).unlink()


def test_cli_rotar_raiz_tras_una_caida_avisa_y_completa(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generar_llaves_entidad(tmp_path, ENTIDAD, ENTIDAD_NOMBRE, ahora=INICIO)
    raiz_vieja = cargar_llavero(tmp_path).raiz(ENTIDAD)
    _caer_tras_confirmar(monkeypatch)
    with pytest.raises(_Caida):
        rotar_raiz(tmp_path, ENTIDAD, ahora=ROTACION)
    monkeypatch.undo()
    resultado = CliRunner().invoke(app, ["claves", "rotar-raiz", ENTIDAD, "--directorio", str(tmp_path)])
    assert resultado.exit_code == 0, resultado.output
    assert "operación de claves interrumpida ('rotar-raiz')" in resultado.output and "Nueva raíz" in resultado.output
    llavero = cargar_llavero(tmp_path)
    # The interrupted rotation was completed, then the command's own: two replaced roots, the original included.
    assert raiz_vieja in llavero.raices_anteriores(ENTIDAD)
    firmante = llavero.firmante(ENTIDAD)
    assert firmante.raiz == llavero.raiz(ENTIDAD)


def test_cli_rotar_plataforma_tras_una_caida_avisa_y_completa(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from signing.cadena_plataforma import ARCHIVO_ROTACIONES
    from signing.plataforma import rotar_llave_plataforma

    carpeta = tmp_path / "_plataforma"
    generar_llave_plataforma(carpeta, ahora=INICIO)
    _caer_tras_confirmar(monkeypatch)
    with pytest.raises(_Caida):
        rotar_llave_plataforma(carpeta, ahora=ROTACION)
    monkeypatch.undo()
    resultado = CliRunner().invoke(app, ["claves", "rotar-plataforma", "--si", "--directorio", str(tmp_path)])
    assert resultado.exit_code == 0, resultado.output
    assert "operación interrumpida ('rotar-plataforma')" in " ".join(resultado.output.split())
    # The interrupted rotation was finished, then the command's own: two statements in the chain.
    cadena = json.loads((carpeta / ARCHIVO_ROTACIONES).read_text())
    assert len(cadena["rotaciones"]) == 2
