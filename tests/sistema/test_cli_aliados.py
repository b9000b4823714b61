"""``ventanilla aliados crear|listar|rotar|revocar`` through typer's CliRunner, on a real migrated database."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from app.cli import app
from app.composicion import contexto_de_datos
from app.config import Settings
from domain.casos_uso import Contexto
from domain.casos_uso.aliados import autenticar_aliado
from persistence import migrar
from tests.bd import url_aislada

CREDENCIAL = re.compile(r"vnt_[A-Za-z0-9_-]{43}")
runner = CliRunner()


@pytest.fixture(scope="module")
def entorno(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    datos: Path = tmp_path_factory.mktemp("cli_aliados")
    url = url_aislada(datos, "cli_aliados")
    migrar(url)
    return {"VENTANILLA_DIRECTORIO_DATOS": str(datos), "VENTANILLA_DATABASE_URL": url, "VENTANILLA_ENTORNO": "pruebas"}


@pytest.fixture(scope="module")
def ctx(entorno: dict[str, str]) -> Contexto:
    return contexto_de_datos(Settings(directorio_datos=Path(entorno["VENTANILLA_DIRECTORIO_DATOS"]),
                                      database_url=entorno["VENTANILLA_DATABASE_URL"]))


def _ejecutar(entorno: dict[str, str], *argumentos: str, entrada: str | None = None) -> Result:
    return runner.invoke(app, ["aliados", *argumentos], env=entorno, input=entrada, catch_exceptions=False)


def _credencial(salida: str) -> str:
    [credencial] = CREDENCIAL.findall(salida)  # shown exactly once
    return credencial


def test_ciclo_de_vida_de_una_credencial(entorno: dict[str, str], ctx: Contexto) -> None:
    r = _ejecutar(entorno, "crear", "Portal de Chía", "--alcance", "personas", "--alcance", "solicitudes")
    assert r.exit_code == 0, r.output
    primera = _credencial(r.output)
    assert "no se vuelve a mostrar" in r.output
    aliado = autenticar_aliado(primera, ctx)
    assert aliado is not None and aliado.alcances == frozenset({"personas", "solicitudes"})

    listado = _ejecutar(entorno, "listar").output
    fila = next(linea for linea in listado.splitlines() if "Portal de Chía" in linea)
    assert str(aliado.id) in fila and "personas, solicitudes" in fila and "activo" in fila
    assert f"{primera[:8]}…" in fila
    assert primera not in listado and aliado.hash_credencial not in listado  # neither the credential nor its hash

    r = _ejecutar(entorno, "rotar", "PORTAL DE CHIA")
    assert r.exit_code == 0, r.output
    segunda = _credencial(r.output)
    assert segunda != primera and autenticar_aliado(primera, ctx) is None  # the old one stops at once
    rotado = autenticar_aliado(segunda, ctx)
    assert rotado is not None and rotado.rotado_en is not None and rotado.id == aliado.id

    cancelado = _ejecutar(entorno, "revocar", str(aliado.id), entrada="n\n")
    assert cancelado.exit_code == 1 and autenticar_aliado(segunda, ctx) is not None
    r = _ejecutar(entorno, "revocar", str(aliado.id), "--si")
    assert r.exit_code == 0 and "revocado" in r.output and autenticar_aliado(segunda, ctx) is None
    fila = next(linea for linea in _ejecutar(entorno, "listar").output.splitlines() if "Portal de Chía" in linea)
    assert "revocado" in fila

    r = _ejecutar(entorno, "rotar", str(aliado.id))
    assert r.exit_code == 1 and "está revocado" in r.output
    with ctx.uow() as uow:
        acciones = [(e.actor, e.accion, e.entidad) for e in uow.auditoria.listar(solo_plataforma=True)]
    assert acciones == [("sistema:consola", a, None) for a in ("aliado.revocar", "aliado.rotar", "aliado.crear")]


@pytest.mark.parametrize(("argumentos", "mensaje"), [
    (("crear", "Sin alcances"), "Indique al menos un alcance"),
    (("crear", "Raro", "--alcance", "todo"), "Alcance desconocido: todo"),
    (("rotar", "Nadie"), "No existe un sistema aliado «Nadie»"),
    (("revocar", "Nadie", "--si"), "No existe un sistema aliado «Nadie»"),
])
def test_errores_en_espanol_y_codigo_1(entorno: dict[str, str], argumentos: tuple[str, ...], mensaje: str) -> None:
    r = _ejecutar(entorno, *argumentos)
    assert r.exit_code == 1 and mensaje in " ".join(r.output.split())
