"""Several signers per entidad: rotation with overlap, retirement, compromise, kinds, EdDSA, passphrases."""

from __future__ import annotations

import io
import json
import logging
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from domain.reloj import RelojFijo
from signing import llaves, verificacion
from signing.certificados import CARPETA_FIRMANTES
from signing.emisor import EmisorFirmado
from signing.estado_claves import ARCHIVO_ESTADO, EstadoClave, EstadoClavesInvalido
from signing.informe_verificacion import Resultado
from signing.llaves import (
    Algoritmo,
    ClaveFirmaNoDisponible,
    FraseIncorrecta,
    FraseNecesaria,
    Llavero,
    LlavesInconsistentes,
    cargar_llavero,
    generar_llaves_entidad,
    retirar_clave,
    rotar_firmante,
)
from signing.verificacion import VerificadorFirmas

from .conftest import ENTIDAD, ENTIDAD_NOMBRE, certificado_residencia

CREADAS = datetime(2025, 1, 1, tzinfo=UTC)
ROTACION = datetime(2025, 5, 1, tzinfo=UTC)
ANTES = datetime(2025, 4, 1, 15, 0, tzinfo=UTC)
DESPUES = datetime(2025, 6, 1, 15, 30, tzinfo=UTC)


def _emisor(llavero: Llavero, instante: datetime) -> EmisorFirmado:
    return EmisorFirmado(llavero, "http://127.0.0.1:8000", reloj=RelojFijo(instante))


@pytest.fixture
def carpeta(tmp_path: Path) -> Path:
    assert generar_llaves_entidad(tmp_path, ENTIDAD, ENTIDAD_NOMBRE, ahora=CREADAS)
    return tmp_path


def test_carpeta_anterior_a_la_rotacion_es_un_firmante_activo_para_todo(carpeta: Path) -> None:
    # The four-file layout written by the first version: no claves.json, no firmantes/.
    assert not (carpeta / ENTIDAD / ARCHIVO_ESTADO).exists()
    llavero = cargar_llavero(carpeta)
    (clave,) = llavero.claves()
    assert clave.estado is EstadoClave.ACTIVA and clave.tipos is None and clave.retirada_en is None
    assert llavero.firmante(ENTIDAD, "cualquier_tipo").kid == clave.kid


def test_rotacion_con_solapamiento(carpeta: Path) -> None:
    llavero = cargar_llavero(carpeta, intervalo_refresco=3600)
    viejo = _emisor(llavero, ANTES).emitir(certificado_residencia())

    rotacion = rotar_firmante(carpeta, ENTIDAD, ahora=ROTACION)
    assert rotacion.retiradas == (viejo.clave_firma,)
    assert llavero.refrescar()  # the running process follows the folder
    nuevo = _emisor(llavero, DESPUES).emitir(certificado_residencia())

    assert nuevo.clave_firma == rotacion.nuevo.kid.hex() != viejo.clave_firma
    publico = VerificadorFirmas(cargar_llavero(carpeta, solo_publico=True))
    anterior, reciente = publico.verificar(viejo.qr), publico.verificar(nuevo.qr)
    assert anterior.valido and anterior.motivo == verificacion.MOTIVO_CLAVE_RETIRADA
    assert reciente.valido and reciente.motivo == verificacion.MOTIVO_VALIDO
    informe = publico.examinar(viejo.qr, ahora=DESPUES)
    assert informe.resultado is Resultado.VALIDO and "firmado con clave retirada" in informe.notas
    assert informe.clave is not None and informe.clave.retirada_en == ROTACION


def test_la_clave_retirada_ya_no_firma_y_lo_que_firmara_despues_no_vale(carpeta: Path) -> None:
    llavero = cargar_llavero(carpeta)
    viejo = llavero.firmante(ENTIDAD)
    retirar_clave(carpeta, ENTIDAD, viejo.kid.hex(), comprometida=False, ahora=ROTACION)
    llavero.refrescar()

    with pytest.raises(ClaveFirmaNoDisponible):
        llavero.firmante(ENTIDAD)
    # A document the retired key signed after its retirement (a stale process, a stolen backup) is refused.
    tardio = EmisorFirmado(Llavero([viejo]), "http://x", reloj=RelojFijo(DESPUES)).emitir(certificado_residencia())
    resultado = VerificadorFirmas(cargar_llavero(carpeta, solo_publico=True)).verificar(tardio.qr)
    assert not resultado.valido and resultado.motivo == verificacion.MOTIVO_TRAS_RETIRO


def test_clave_comprometida_no_es_confiable_en_linea_de_inmediato(carpeta: Path) -> None:
    servidor = cargar_llavero(carpeta, intervalo_refresco=0)  # what the composition root loads
    verificador = VerificadorFirmas(servidor.publico())
    emitido = _emisor(servidor, ANTES).emitir(certificado_residencia())
    assert verificador.verificar(emitido.qr).valido

    # `ventanilla claves retirar --comprometida` in another process: no restart.
    retirar_clave(carpeta, ENTIDAD, emitido.clave_firma, comprometida=True, ahora=ROTACION)
    resultado = verificador.verificar(emitido.qr)

    assert not resultado.valido
    assert resultado.motivo == (
        "clave retirada por compromiso el 2025-04-30 19:00 (hora de Colombia): el documento no es confiable"
    )
    assert resultado.clave_firma == emitido.clave_firma and resultado.reclamos == {}
    with pytest.raises(ClaveFirmaNoDisponible):
        _emisor(servidor, DESPUES).emitir(certificado_residencia())
    informe = verificador.examinar(emitido.qr, ahora=DESPUES)
    assert informe.resultado is Resultado.CLAVE_COMPROMETIDA and informe.codigo_salida == 5


def test_el_refresco_automatico_respeta_su_intervalo(carpeta: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reloj = [1000.0]
    monkeypatch.setattr(llaves.time, "monotonic", lambda: reloj[0])
    llavero = cargar_llavero(carpeta, solo_publico=True, intervalo_refresco=2.0)
    (clave,) = llavero.claves()
    retirar_clave(carpeta, ENTIDAD, clave.kid.hex(), comprometida=True)

    reloj[0] += 1.9
    assert llavero.clave_publica(clave.kid).estado is EstadoClave.ACTIVA  # type: ignore[union-attr]
    reloj[0] += 0.2
    assert llavero.clave_publica(clave.kid).estado is EstadoClave.COMPROMETIDA  # type: ignore[union-attr]


def test_un_cambio_roto_en_disco_conserva_las_claves_cargadas(
    carpeta: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    llavero = cargar_llavero(carpeta, intervalo_refresco=3600)
    kid = llavero.firmante(ENTIDAD).kid
    (carpeta / ENTIDAD / ARCHIVO_ESTADO).write_text("{no es json")

    with caplog.at_level(logging.DEBUG, logger="signing.llaves"):
        assert llavero.refrescar() is False
        assert llavero.refrescar() is False  # the same problem again: logged once as an error, then quietly
    assert llavero.firmante(ENTIDAD).kid == kid
    niveles = [r.levelno for r in caplog.records if "no se pudo recargar" in r.getMessage()]
    assert niveles == [logging.ERROR, logging.DEBUG]
    with pytest.raises(EstadoClavesInvalido):
        cargar_llavero(carpeta)


def test_retirar_valida_la_transicion(carpeta: Path) -> None:
    kid = cargar_llavero(carpeta).firmante(ENTIDAD).kid.hex()
    with pytest.raises(LlavesInconsistentes, match="no tiene una clave"):
        retirar_clave(carpeta, ENTIDAD, "00" * 8, comprometida=False)
    retirar_clave(carpeta, ENTIDAD, kid, comprometida=False)
    with pytest.raises(LlavesInconsistentes, match="ya está retirada"):
        retirar_clave(carpeta, ENTIDAD, kid, comprometida=False)
    # Found compromised later: allowed, and final.
    assert retirar_clave(carpeta, ENTIDAD, kid.upper(), comprometida=True).estado is EstadoClave.COMPROMETIDA
    with pytest.raises(LlavesInconsistentes, match="compromiso"):
        retirar_clave(carpeta, ENTIDAD, kid, comprometida=True)


def test_tipos_de_documento_por_clave(tmp_path: Path) -> None:
    generar_llaves_entidad(tmp_path, ENTIDAD, ENTIDAD_NOMBRE, ahora=CREADAS, tipos=["certificado_residencia"])
    llavero = cargar_llavero(tmp_path)
    emisor = _emisor(llavero, ANTES)
    residencia = emisor.emitir(certificado_residencia())

    with pytest.raises(ClaveFirmaNoDisponible, match="certificado_tradicion"):
        emisor.emitir(certificado_residencia(tipo="certificado_tradicion"))

    # A QR of another kind signed with that key anyway is refused by the verifier.
    firmante = llavero.firmante(ENTIDAD)
    sin_restriccion = Llavero([firmante.__class__(**{**firmante.__dict__, "tipos": None})])
    otro = _emisor(sin_restriccion, ANTES).emitir(certificado_residencia(tipo="certificado_tradicion"))
    verificador = VerificadorFirmas(llavero.publico())
    assert verificador.verificar(residencia.qr).valido
    resultado = verificador.verificar(otro.qr)
    assert not resultado.valido and resultado.motivo.startswith(verificacion.MOTIVO_TIPO)
    assert verificador.examinar(otro.qr, ahora=ANTES).resultado is Resultado.TIPO_NO_PERMITIDO


def test_la_rotacion_hereda_los_tipos_o_los_cambia(tmp_path: Path) -> None:
    generar_llaves_entidad(tmp_path, ENTIDAD, ENTIDAD_NOMBRE, ahora=CREADAS, tipos=["a"])
    assert rotar_firmante(tmp_path, ENTIDAD, ahora=ROTACION).nuevo.tipos == frozenset({"a"})
    assert rotar_firmante(tmp_path, ENTIDAD, ahora=ROTACION, tipos=["a", "b"]).nuevo.tipos == frozenset({"a", "b"})
    assert rotar_firmante(tmp_path, ENTIDAD, ahora=ROTACION, tipos=["*"]).nuevo.tipos is None
    estados = json.loads((tmp_path / ENTIDAD / ARCHIVO_ESTADO).read_text())["claves"]
    assert sorted(e["estado"] for e in estados.values()) == ["activa", "retirada", "retirada", "retirada"]
    assert len(list((tmp_path / ENTIDAD / CARPETA_FIRMANTES).glob("*.crt.pem"))) == 3


def test_firmante_eddsa_firma_qr_y_pades(tmp_path: Path) -> None:
    generar_llaves_entidad(tmp_path, ENTIDAD, ENTIDAD_NOMBRE, ahora=CREADAS, algoritmo=Algoritmo.EDDSA)
    llavero = cargar_llavero(tmp_path)
    assert llavero.firmante(ENTIDAD).algoritmo is Algoritmo.EDDSA
    emitido = _emisor(llavero, ANTES).emitir(certificado_residencia())

    assert VerificadorFirmas(llavero.publico()).verificar(emitido.qr).valido
    firma = PdfFileReader(io.BytesIO(emitido.pdf)).embedded_signatures[0]
    raices = [asn1_x509.Certificate.load(r.public_bytes(serialization.Encoding.DER)) for r in llavero.raices()]
    estado = validate_pdf_signature(firma, ValidationContext(trust_roots=raices))
    assert estado.intact and estado.valid and estado.trusted
    assert estado.md_algorithm == "sha512"  # RFC 8419: Ed25519 in CMS with SHA-512

    # Rotating keeps EdDSA unless told otherwise.
    assert rotar_firmante(tmp_path, ENTIDAD, ahora=ROTACION).nuevo.algoritmo is Algoritmo.EDDSA
    assert rotar_firmante(tmp_path, ENTIDAD, ahora=ROTACION, algoritmo=Algoritmo.ES256).nuevo.algoritmo.value == "ES256"


def test_llaves_con_frase_de_paso(tmp_path: Path) -> None:
    frase = b"frase de paso larga"
    generar_llaves_entidad(tmp_path, ENTIDAD, ENTIDAD_NOMBRE, ahora=CREADAS, passphrase=frase)
    with pytest.raises(FraseNecesaria):
        rotar_firmante(tmp_path, ENTIDAD)
    with pytest.raises(FraseIncorrecta):
        rotar_firmante(tmp_path, ENTIDAD, passphrase=b"otra")
    nuevo = rotar_firmante(tmp_path, ENTIDAD, passphrase=frase, ahora=ROTACION).nuevo
    rotada = tmp_path / ENTIDAD / CARPETA_FIRMANTES / f"{nuevo.kid.hex()}.key.pem"
    assert b"ENCRYPTED" in rotada.read_bytes()

    with pytest.raises(FraseNecesaria):
        cargar_llavero(tmp_path)
    with pytest.raises(FraseIncorrecta):
        cargar_llavero(tmp_path, passphrase=b"otra")
    assert cargar_llavero(tmp_path, passphrase=frase).firmante(ENTIDAD).kid == nuevo.kid
    assert len(cargar_llavero(tmp_path, solo_publico=True).claves()) == 2  # certificates need no passphrase


def test_la_rotacion_en_otro_proceso_se_carga_con_la_frase_del_servidor(tmp_path: Path) -> None:
    frase = b"frase"
    generar_llaves_entidad(tmp_path, ENTIDAD, ENTIDAD_NOMBRE, ahora=CREADAS, passphrase=frase)
    servidor = cargar_llavero(tmp_path, passphrase=frase, intervalo_refresco=3600)
    nuevo = rotar_firmante(tmp_path, ENTIDAD, passphrase=frase, ahora=ROTACION).nuevo
    assert servidor.refrescar()
    assert servidor.firmante(ENTIDAD).kid == nuevo.kid


def test_solo_las_llaves_activas_se_leen(carpeta: Path) -> None:
    viejo = cargar_llavero(carpeta).firmante(ENTIDAD).kid
    rotar_firmante(carpeta, ENTIDAD, ahora=ROTACION)
    (carpeta / ENTIDAD / "firmante.key.pem").unlink()  # the retired key's private half may be destroyed

    llavero = cargar_llavero(carpeta)
    assert llavero.firmante(ENTIDAD).kid != viejo
    assert llavero.clave_publica(viejo) is not None


def test_certificado_rotado_con_nombre_ajeno_se_rechaza(carpeta: Path) -> None:
    nuevo = rotar_firmante(carpeta, ENTIDAD, ahora=ROTACION).nuevo.kid.hex()
    firmantes = carpeta / ENTIDAD / CARPETA_FIRMANTES
    for extension in ("key.pem", "crt.pem"):
        shutil.move(firmantes / f"{nuevo}.{extension}", firmantes / f"{'0' * 16}.{extension}")
    with pytest.raises(LlavesInconsistentes, match="no corresponde al kid"):
        cargar_llavero(carpeta)


def test_la_carpeta_de_la_plataforma_no_es_una_entidad(carpeta: Path) -> None:
    (carpeta / "_plataforma").mkdir()
    (carpeta / "_plataforma" / "raiz.crt.pem").write_text("no es una entidad")
    assert cargar_llavero(carpeta).entidades() == (ENTIDAD,)


def test_emision_y_verificacion_despues_de_varias_rotaciones(carpeta: Path) -> None:
    instantes = [CREADAS + timedelta(days=30 * i) for i in range(1, 5)]
    llavero = cargar_llavero(carpeta, intervalo_refresco=3600)
    emitidos = []
    for instante in instantes:
        emitidos.append(_emisor(llavero, instante + timedelta(days=1)).emitir(certificado_residencia()))
        rotar_firmante(carpeta, ENTIDAD, ahora=instante + timedelta(days=2))
        llavero.refrescar()
    verificador = VerificadorFirmas(cargar_llavero(carpeta, solo_publico=True))
    assert len({e.clave_firma for e in emitidos}) == 4
    assert all(verificador.verificar(e.qr).motivo == verificacion.MOTIVO_CLAVE_RETIRADA for e in emitidos)


def test_si_la_carpeta_desaparece_se_conservan_las_claves(tmp_path: Path) -> None:
    generar_llaves_entidad(tmp_path / "claves", ENTIDAD, ENTIDAD_NOMBRE, ahora=CREADAS)
    llavero = cargar_llavero(tmp_path / "claves", intervalo_refresco=0)
    kid = llavero.firmante(ENTIDAD).kid
    shutil.rmtree(tmp_path / "claves")
    assert llavero.firmante(ENTIDAD).kid == kid
    assert llavero.publico().clave_publica(kid) is not None
