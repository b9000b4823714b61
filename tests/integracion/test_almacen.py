"""AlmacenLocal: content addressing, idempotence, atomic writes and refusal of anything that is not a hash."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from domain.errores import DatoInvalido, NoEncontrado
from persistence.almacen import AlmacenLocal, ArchivoCorrupto

pytestmark = pytest.mark.db

CONTENIDO = b"%PDF-1.4 contenido de prueba"
SHA = hashlib.sha256(CONTENIDO).hexdigest()


def _archivos(raiz: Path) -> list[Path]:
    return sorted(p for p in raiz.rglob("*") if p.is_file())


def test_guarda_por_sha256_en_dos_niveles(tmp_path: Path) -> None:
    almacen = AlmacenLocal(tmp_path / "a")
    assert almacen.guardar(CONTENIDO) == SHA
    assert _archivos(tmp_path / "a") == [tmp_path / "a" / SHA[:2] / SHA[2:4] / SHA]
    assert almacen.leer(SHA) == CONTENIDO and almacen.leer(SHA.upper()) == CONTENIDO
    assert almacen.existe(SHA)


def test_guardar_dos_veces_no_reescribe_pero_renueva_la_fecha(tmp_path: Path) -> None:
    """The mtime says "in use": the orphan cleanup spares recent files (persistence/limpieza_almacen.py)."""
    almacen = AlmacenLocal(tmp_path)
    almacen.guardar(CONTENIDO)
    ruta = tmp_path / SHA[:2] / SHA[2:4] / SHA
    os.utime(ruta, (1_000_000_000, 1_000_000_000))
    inodo = ruta.stat().st_ino
    assert almacen.guardar(CONTENIDO) == SHA
    assert ruta.stat().st_ino == inodo and ruta.stat().st_mtime > 1_700_000_000 and _archivos(tmp_path) == [ruta]


def test_desconocido(tmp_path: Path) -> None:
    almacen = AlmacenLocal(tmp_path)
    with pytest.raises(NoEncontrado):
        almacen.leer("0" * 64)
    assert not almacen.existe("0" * 64)


@pytest.mark.parametrize("malo", ["../../etc/passwd", "ab/../../x", "g" * 64, "a" * 63, "a" * 65, "", "/" + "a" * 63])
def test_rechaza_lo_que_no_es_un_hash(tmp_path: Path, malo: str) -> None:
    almacen = AlmacenLocal(tmp_path)
    with pytest.raises(DatoInvalido):
        almacen.leer(malo)
    with pytest.raises(DatoInvalido):
        almacen.existe(malo)


@pytest.mark.parametrize("falla_en", ["fsync", "replace"])
def test_una_caida_a_mitad_no_deja_archivo_a_medias(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, falla_en: str
) -> None:
    almacen = AlmacenLocal(tmp_path)

    def caida(*_: object) -> None:
        raise OSError("disco lleno")

    monkeypatch.setattr(os, falla_en, caida)
    with pytest.raises(OSError, match="disco lleno"):
        almacen.guardar(CONTENIDO)
    monkeypatch.undo()
    assert not almacen.existe(SHA)
    assert _archivos(tmp_path) == []  # not even the temporary file
    assert almacen.guardar(CONTENIDO) == SHA and almacen.leer(SHA) == CONTENIDO


def test_detecta_contenido_alterado(tmp_path: Path) -> None:
    almacen = AlmacenLocal(tmp_path)
    almacen.guardar(CONTENIDO)
    (tmp_path / SHA[:2] / SHA[2:4] / SHA).write_bytes(b"otra cosa")
    with pytest.raises(ArchivoCorrupto):
        almacen.leer(SHA)
