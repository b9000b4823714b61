"""The whole application, wired by the composition root, on a real database with real signing keys."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, sync_playwright

from app.composicion import Sistema, asegurar_claves, construir
from app.config import Settings
from domain.motor.catalogo import CatalogoTramites
from persistence import migrar
from tests.bd import url_aislada
from tests.sistema.demo_navegador import BANDERAS, CHROMIUM, DemoEnMarcha

RAIZ = Path(__file__).resolve().parents[2]


def sistema_nuevo(tmp_path_factory: pytest.TempPathFactory, nombre: str) -> Sistema:
    """A migrated database with keys, wired by the composition root, in a fresh data folder."""
    datos = tmp_path_factory.mktemp(nombre)
    settings = Settings(directorio_datos=datos, database_url=url_aislada(datos, nombre),
                        url_publica="http://testserver", entorno="pruebas")
    migrar(settings.url_base_datos)
    asegurar_claves(settings, CatalogoTramites.predeterminado())
    return construir(settings)


def _entorno(datos: Path, url: str, puerto: int) -> dict[str, str]:
    return {
        **os.environ,
        "VENTANILLA_DIRECTORIO_DATOS": str(datos),
        "VENTANILLA_DATABASE_URL": url,
        "VENTANILLA_URL_PUBLICA": f"http://127.0.0.1:{puerto}",
        "VENTANILLA_ENTORNO": "pruebas",
    }


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def preparar_datos(datos: Path, nombre: str, puerto: int = 0) -> dict[str, str]:
    """`ventanilla preparar` (migrate + keys + demo) in ``datos``; returns the environment for its servers. The demo's
    QR codes carry ``http://127.0.0.1:<puerto>``."""
    entorno = _entorno(datos, url_aislada(datos, nombre), puerto)
    cli = [sys.executable, "-m", "app.cli"]
    subprocess.run([*cli, "preparar"], env=entorno, cwd=RAIZ, check=True, capture_output=True, timeout=300)
    return entorno


@contextlib.contextmanager
def servidor_en_marcha(entorno: dict[str, str], orden: list[str] | None = None,
                       puerto: int | None = None) -> Iterator[str]:
    """Start a server (``orden`` + host and port; uvicorn by default) on ``puerto`` or a free one; yields its base
    URL once /readyz answers 200, and stops it on the way out."""
    puerto = puerto or _puerto_libre()
    entorno = {**entorno, "VENTANILLA_URL_PUBLICA": f"http://127.0.0.1:{puerto}"}
    orden = orden or [sys.executable, "-m", "uvicorn", "app.asgi:app", "--no-proxy-headers"]
    if "app.cli" in orden:
        orden = [*orden, "--host", "127.0.0.1", "--puerto", str(puerto)]
    else:
        orden = [*orden, "--host", "127.0.0.1", "--port", str(puerto)]
    proceso = subprocess.Popen(orden, env=entorno, cwd=RAIZ, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{puerto}"
    try:
        for _ in range(150):
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proceso.poll() is not None:
                raise RuntimeError(proceso.stderr.read().decode() if proceso.stderr else "uvicorn terminó")
            time.sleep(0.2)
        else:
            raise RuntimeError("el servidor no quedó listo en 30 s")
        yield base
    finally:
        proceso.terminate()
        proceso.wait(timeout=10)


@pytest.fixture(scope="module")
def servidor(demo: DemoEnMarcha) -> str:
    """`ventanilla preparar` (migrate + keys + demo) then uvicorn, exactly as `make run` does; the base URL. The
    session's server (``demo``): each browser test works on solicitudes the others leave alone."""
    return demo.base


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoEnMarcha]:
    """`ventanilla preparar` then uvicorn, with the environment kept so a test can read the demo's documents back.
    One for the session: the browser modules share it (preparing the demo is their slowest step)."""
    puerto = _puerto_libre()
    entorno = preparar_datos(tmp_path_factory.mktemp("demo_navegador"), "navegador", puerto)
    with servidor_en_marcha(entorno, puerto=puerto) as base:
        yield DemoEnMarcha(base, entorno)


@pytest.fixture(scope="module")
def navegador() -> Iterator[Browser]:
    """One headless Debian Chromium per module (a launch costs about a second; CI has two cores)."""
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=BANDERAS)
        yield chromium
        chromium.close()
