"""Orphan blobs of the file store (issue 7 §3): only files no row references *and* older than the grace period
are deleted, on the real database (SQLite and PostgreSQL) and the real store."""

from __future__ import annotations

import asyncio
import dataclasses
import importlib
import os
import pkgutil
import re
import time
from pathlib import Path

import pytest
from asgi_lifespan import LifespanManager
from sqlalchemy import Engine, String
from starlette.applications import Starlette
from typer.testing import CliRunner

import persistence
from app.cli import app as cli
from app.tareas import ciclo_de_vida
from domain.casos_uso import Contexto
from domain.casos_uso.firmas import certificar_firma
from domain.casos_uso.solicitudes import radicar_solicitud
from persistence.almacen import AlmacenLocal
from persistence.limpieza_almacen import limpiar_almacen
from persistence.referencias_archivos import COLUMNAS_ARCHIVO, NO_SON_ARCHIVOS, sha256_referenciados
from persistence.tablas import metadata
from persistence.unidad_de_trabajo import FabricaUnidadDeTrabajoSQL, UnidadDeTrabajoSQL
from tests.archivos_prueba import imagen_valida, pdf_valido
from tests.builders import nueva_persona, radicar_cmd
from tests.integracion.conftest import HOY
from tests.unit.test_firmas import _certificar, _registrar

pytestmark = [pytest.mark.db, pytest.mark.anyio]
DIA = 24 * 3600


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _nombre(columna: object) -> str:
    return f"{columna.table.name}.{columna.name}"  # type: ignore[attr-defined]


def test_toda_columna_que_parece_un_hash_esta_registrada() -> None:
    """A new table that keeps a file must register its column, or the cleanup would delete its blobs."""
    for modulo in pkgutil.iter_modules(persistence.__path__):
        if modulo.name.startswith("tablas"):
            importlib.import_module(f"persistence.{modulo.name}")
    parecen = {
        _nombre(c) for t in metadata.sorted_tables for c in t.columns
        if re.search(r"sha|hash|huella|digest|blob", c.name) or (isinstance(c.type, String) and c.type.length == 64)
    }
    registradas = {_nombre(c) for c in COLUMNAS_ARCHIVO}
    assert parecen - registradas - set(NO_SON_ARCHIVOS) == set()
    assert registradas | set(NO_SON_ARCHIVOS) <= parecen  # nothing stale either


def _viejo(almacen: AlmacenLocal, sha256: str, segundos: float = 2 * DIA) -> None:
    instante = time.time() - segundos
    os.utime(almacen.directorio / sha256[:2] / sha256[2:4] / sha256, (instante, instante))


def _blobs(almacen: AlmacenLocal) -> set[str]:
    return {sha for sha, _, _ in almacen.listar()}


def test_borra_solo_los_huerfanos_viejos(ctx: Contexto, almacen: AlmacenLocal, motor: Engine) -> None:
    radicar_solicitud(radicar_cmd(nueva_persona(ctx), HOY), ctx)  # 2 soportes
    firma = _registrar(ctx, especimen=imagen_valida("JPEG"), especimen_nombre="firma.jpg")
    certificar_firma(_certificar(ctx, firma, copia=pdf_valido("Registro civil")), ctx)  # + copy, issued PDF
    en_uso = _blobs(almacen)
    assert en_uso == sha256_referenciados(motor) and len(en_uso) == 5
    huerfano_viejo, huerfano_nuevo = almacen.guardar(b"huerfano viejo"), almacen.guardar(b"huerfano nuevo")
    for sha in (*en_uso, huerfano_viejo):
        _viejo(almacen, sha)
    temporal_viejo = almacen.directorio / huerfano_viejo[:2] / huerfano_viejo[2:4] / ".tmp-interrumpido"
    temporal_viejo.write_bytes(b"a medias")
    os.utime(temporal_viejo, (time.time() - 2 * DIA,) * 2)

    simulado = limpiar_almacen(motor, almacen, simular=True)
    assert simulado.borrados == [huerfano_viejo] and _blobs(almacen) == en_uso | {huerfano_viejo, huerfano_nuevo}
    assert temporal_viejo.exists()

    r = limpiar_almacen(motor, almacen)
    assert (r.revisados, r.en_uso, r.recientes, r.borrados, r.temporales) == (7, 5, 1, [huerfano_viejo], 1)
    assert r.bytes_liberados == len(b"huerfano viejo")
    assert _blobs(almacen) == en_uso | {huerfano_nuevo} and not temporal_viejo.exists()


class _Muerte(BaseException):
    """The process killed between storing the files and committing (not an Exception: nothing catches it)."""


class _MuereAlConfirmar:
    def __init__(self, fabrica: FabricaUnidadDeTrabajoSQL) -> None:
        self.fabrica = fabrica

    def __call__(self) -> UnidadDeTrabajoSQL:
        uow = self.fabrica()

        def morir() -> None:
            raise _Muerte

        uow.commit = morir  # type: ignore[method-assign]
        return uow


def test_transaccion_muerta_deja_huerfanos_que_se_recogen_pasada_la_gracia(
    ctx: Contexto, almacen: AlmacenLocal, motor: Engine
) -> None:
    cmd = radicar_cmd(nueva_persona(ctx), HOY)
    with pytest.raises(_Muerte):
        radicar_solicitud(cmd, dataclasses.replace(ctx, uow=_MuereAlConfirmar(ctx.uow)))  # type: ignore[arg-type]
    huerfanos = _blobs(almacen)
    assert len(huerfanos) == 2 and sha256_referenciados(motor) == set()  # rolled back, files left behind
    assert limpiar_almacen(motor, almacen).borrados == []  # within the grace period: maybe still in flight
    r = limpiar_almacen(motor, almacen, ahora=time.time() + DIA + 60)
    assert sorted(r.borrados) == sorted(huerfanos) and _blobs(almacen) == set()


def test_un_huerfano_viejo_que_se_vuelve_a_subir_no_se_borra(
    ctx: Contexto, almacen: AlmacenLocal, motor: Engine
) -> None:
    """Same bytes, same name: a new upload of an orphan's content re-uses its file, so storing refreshes it."""
    cmd = radicar_cmd(nueva_persona(ctx), HOY)
    with pytest.raises(_Muerte):
        radicar_solicitud(cmd, dataclasses.replace(ctx, uow=_MuereAlConfirmar(ctx.uow)))  # type: ignore[arg-type]
    for sha in _blobs(almacen):
        _viejo(almacen, sha)
    radicar_solicitud(cmd, ctx)  # the retry, committed
    assert limpiar_almacen(motor, almacen).borrados == [] and len(_blobs(almacen)) == 2


class _SubidaConcurrente(AlmacenLocal):
    """Another request stores the same bytes between the listing and the deletion."""

    def borrar_si_anterior(self, sha256: str, limite: float) -> bool:
        self.guardar(self.leer(sha256))
        return super().borrar_si_anterior(sha256, limite)


def test_una_subida_durante_la_limpieza_conserva_el_archivo(tmp_path: Path, motor: Engine) -> None:
    almacen = _SubidaConcurrente(tmp_path / "archivos")
    sha = almacen.guardar(b"en uso de nuevo")
    _viejo(almacen, sha)
    r = limpiar_almacen(motor, almacen)
    assert r.borrados == [] and r.recientes == 1 and almacen.leer(sha) == b"en uso de nuevo"


def test_un_archivo_apartado_por_una_limpieza_interrumpida_vuelve(tmp_path: Path, motor: Engine) -> None:
    almacen = AlmacenLocal(tmp_path / "archivos")
    sha = almacen.guardar(b"apartado")
    ruta = almacen.directorio / sha[:2] / sha[2:4] / sha
    ruta.rename(ruta.with_name(".borrar-" + sha))
    assert _blobs(almacen) == set()
    r = limpiar_almacen(motor, almacen)  # fresh: judged again and kept
    assert r.recientes == 1 and almacen.leer(sha) == b"apartado"


def test_comando_almacen_limpiar(
    ctx: Contexto, almacen: AlmacenLocal, url_bd: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VENTANILLA_DIRECTORIO_DATOS", str(tmp_path))  # the store is <datos>/archivos
    monkeypatch.setenv("VENTANILLA_DATABASE_URL", url_bd)
    radicar_solicitud(radicar_cmd(nueva_persona(ctx), HOY), ctx)
    huerfano = almacen.guardar(b"huerfano")
    for sha in _blobs(almacen):
        _viejo(almacen, sha, 3 * 3600)
    simulado = CliRunner().invoke(cli, ["almacen", "limpiar", "--gracia", "2", "--simular"])
    assert simulado.exit_code == 0, simulado.output
    assert "3 archivos revisados: 2 en uso" in simulado.output and "Se borrarían 1 huérfanos" in simulado.output
    assert huerfano in _blobs(almacen)
    assert "Borrados 0" in CliRunner().invoke(cli, ["almacen", "limpiar"]).output  # default grace: 24 h
    r = CliRunner().invoke(cli, ["almacen", "limpiar", "--gracia", "2"])
    assert r.exit_code == 0 and "Borrados 1 huérfanos" in r.output and huerfano not in _blobs(almacen)


async def test_el_servidor_limpia_periodicamente(almacen: AlmacenLocal, motor: Engine) -> None:
    huerfano = almacen.guardar(b"huerfano")
    _viejo(almacen, huerfano)
    app = Starlette(lifespan=ciclo_de_vida(motor, almacen, cada_horas=0.05 / 3600))  # every 50 ms
    async with LifespanManager(app):
        for _ in range(100):
            if huerfano not in _blobs(almacen):
                break
            await asyncio.sleep(0.05)
    assert huerfano not in _blobs(almacen)

