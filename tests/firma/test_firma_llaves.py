"""Key generation and loading: layout, permissions, idempotence, encryption, public-only loading."""

from __future__ import annotations

import hashlib
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from signing.llaves import (
    ARCHIVO_FIRMANTE_CERT,
    ARCHIVO_FIRMANTE_LLAVE,
    ARCHIVO_RAIZ_CERT,
    ARCHIVO_RAIZ_LLAVE,
    ClaveFirmaNoDisponible,
    Llavero,
    LlavesInconsistentes,
    calcular_kid,
    cargar_llavero,
    generar_llaves_entidad,
)

from .conftest import ENTIDAD, ENTIDAD_NOMBRE, OTRA_ENTIDAD

ARCHIVOS = (ARCHIVO_RAIZ_LLAVE, ARCHIVO_RAIZ_CERT, ARCHIVO_FIRMANTE_LLAVE, ARCHIVO_FIRMANTE_CERT)


def _generar(directorio: Path, **opciones: object) -> Path:
    assert generar_llaves_entidad(directorio, ENTIDAD, ENTIDAD_NOMBRE, **opciones)  # type: ignore[arg-type]
    return directorio / ENTIDAD


def test_genera_los_cuatro_archivos_con_permisos(tmp_path: Path) -> None:
    carpeta = _generar(tmp_path)

    # Besides the four files, only the writers' lock; no journal or temporary file is left behind.
    assert sorted(p.name for p in carpeta.iterdir()) == sorted((*ARCHIVOS, ".bloqueo"))
    for nombre in (ARCHIVO_RAIZ_LLAVE, ARCHIVO_FIRMANTE_LLAVE):
        assert stat.S_IMODE((carpeta / nombre).stat().st_mode) == 0o600
    for nombre in (ARCHIVO_RAIZ_CERT, ARCHIVO_FIRMANTE_CERT):
        assert stat.S_IMODE((carpeta / nombre).stat().st_mode) == 0o644


def test_es_idempotente(tmp_path: Path) -> None:
    carpeta = _generar(tmp_path, passphrase=b"frase")
    antes = {n: (carpeta / n).read_bytes() for n in ARCHIVOS}

    # Nothing to do, so not even the (encrypted) keys are read: no passphrase needed.
    assert generar_llaves_entidad(tmp_path, ENTIDAD, ENTIDAD_NOMBRE) is False

    assert {n: (carpeta / n).read_bytes() for n in ARCHIVOS} == antes


def test_completa_un_firmante_faltante_con_la_raiz_existente(tmp_path: Path) -> None:
    carpeta = _generar(tmp_path)
    raiz = (carpeta / ARCHIVO_RAIZ_CERT).read_bytes()
    (carpeta / ARCHIVO_FIRMANTE_LLAVE).unlink()
    (carpeta / ARCHIVO_FIRMANTE_CERT).unlink()

    assert generar_llaves_entidad(tmp_path, ENTIDAD, ENTIDAD_NOMBRE) is True

    assert (carpeta / ARCHIVO_RAIZ_CERT).read_bytes() == raiz
    assert cargar_llavero(tmp_path).firmante(ENTIDAD).raiz.public_bytes(serialization.Encoding.PEM) == raiz


@pytest.mark.parametrize("borrados", [(ARCHIVO_FIRMANTE_CERT,), (ARCHIVO_RAIZ_LLAVE, ARCHIVO_RAIZ_CERT)])
def test_material_a_medias_es_inconsistente(tmp_path: Path, borrados: tuple[str, ...]) -> None:
    carpeta = _generar(tmp_path)
    for nombre in borrados:
        (carpeta / nombre).unlink()
    with pytest.raises(LlavesInconsistentes):
        generar_llaves_entidad(tmp_path, ENTIDAD, ENTIDAD_NOMBRE)


def test_llaves_cifradas_requieren_la_frase(tmp_path: Path) -> None:
    carpeta = _generar(tmp_path, passphrase=b"frase secreta")

    assert b"ENCRYPTED" in (carpeta / ARCHIVO_FIRMANTE_LLAVE).read_bytes()
    with pytest.raises(TypeError):
        cargar_llavero(tmp_path)
    assert cargar_llavero(tmp_path, passphrase=b"frase secreta").firmante(ENTIDAD).kid


def test_certificados_cadena_y_usos(tmp_path: Path) -> None:
    ahora = datetime(2025, 3, 1, tzinfo=UTC)
    generar_llaves_entidad(tmp_path, ENTIDAD, ENTIDAD_NOMBRE, ahora=ahora)
    firmante = cargar_llavero(tmp_path).firmante(ENTIDAD)
    raiz, cert = firmante.raiz, firmante.certificado

    cert.verify_directly_issued_by(raiz)
    assert isinstance(firmante.llave_privada.curve, ec.SECP256R1)
    uso = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert uso.digital_signature and uso.content_commitment and not uso.key_cert_sign
    assert cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    assert raiz.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is True
    assert cert.not_valid_before_utc < ahora < cert.not_valid_after_utc < raiz.not_valid_after_utc
    assert firmante.entidad_nombre == ENTIDAD_NOMBRE
    assert firmante.kid == hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).digest()[:8]
    assert firmante.kid == calcular_kid(cert)


def test_llavero_indexa_por_entidad_y_por_kid(carpeta_llaves: Path) -> None:
    llavero = cargar_llavero(carpeta_llaves)
    firmante = llavero.firmante(ENTIDAD)

    assert llavero.entidades() == tuple(sorted((ENTIDAD, OTRA_ENTIDAD)))
    clave = llavero.clave_publica(firmante.kid)
    assert clave is not None and clave.entidad_codigo == ENTIDAD
    assert llavero.clave_publica(b"\x00" * 8) is None
    assert len(llavero.raices()) == 2
    with pytest.raises(ClaveFirmaNoDisponible):
        llavero.firmante("NO-EXISTE")


def test_carga_solo_publica_sin_llaves_privadas(tmp_path: Path) -> None:
    carpeta = _generar(tmp_path)
    kid = cargar_llavero(tmp_path).firmante(ENTIDAD).kid
    (carpeta / ARCHIVO_RAIZ_LLAVE).unlink()
    (carpeta / ARCHIVO_FIRMANTE_LLAVE).unlink()

    publico = cargar_llavero(tmp_path, solo_publico=True)

    assert publico.clave_publica(kid) is not None
    with pytest.raises(ClaveFirmaNoDisponible):
        publico.firmante(ENTIDAD)


def test_publico_descarta_las_llaves_privadas(llavero: Llavero) -> None:
    publico = llavero.publico()
    kid = llavero.firmante(ENTIDAD).kid
    assert publico.clave_publica(kid) == llavero.clave_publica(kid)
    with pytest.raises(ClaveFirmaNoDisponible):
        publico.firmante(ENTIDAD)


def test_firmante_de_otra_raiz_se_rechaza_al_cargar(tmp_path: Path) -> None:
    uno = _generar(tmp_path / "a")
    otro = _generar(tmp_path / "b")
    (uno / ARCHIVO_RAIZ_CERT).write_bytes((otro / ARCHIVO_RAIZ_CERT).read_bytes())
    with pytest.raises(LlavesInconsistentes):
        cargar_llavero(tmp_path / "a")


def test_carpeta_inexistente_da_un_llavero_vacio(tmp_path: Path) -> None:
    assert cargar_llavero(tmp_path / "no-existe").entidades() == ()


@pytest.mark.parametrize("codigo", ["", "sdg", "../ETC", "A B", "X" * 41])
def test_codigo_de_entidad_invalido(tmp_path: Path, codigo: str) -> None:
    with pytest.raises(ValueError):
        generar_llaves_entidad(tmp_path, codigo, "Nombre")


def test_nombre_largo_con_tildes_se_recorta_en_bytes(tmp_path: Path) -> None:
    nombre = "Secretaría de Movilidad del Municipio de Chía, Cundinamarca, Colombia, Sudamérica"
    generar_llaves_entidad(tmp_path, "SM-CHIA", nombre)
    firmante = cargar_llavero(tmp_path).firmante("SM-CHIA")
    assert nombre.startswith(firmante.entidad_nombre)
    assert len(firmante.entidad_nombre.encode("utf-8")) <= 64
