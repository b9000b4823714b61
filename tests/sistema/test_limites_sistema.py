"""Client address and throttles against real servers started as `ventanilla servir` starts them (issue 7 §2).

One `ventanilla preparar`; then three servers on that same database (the counters in it): two "workers" for which
the tests' loopback address is not a trusted proxy — one with no proxy configured (the default), one trusting a
proxy elsewhere (10.0.0.5) —, and one that trusts 127.0.0.1 as its reverse proxy. A client that varies
X-Forwarded-For (and Forwarded, X-Real-IP) on every request is still one client. The Redis store is tested with two
"workers" in tests/integracion/test_limitador_compartido.py (each server start costs seconds of CPU).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from app.demo import LOGINS
from app.demo_identidad import LOGIN_RNEC
from tests.sistema.conftest import preparar_datos, servidor_en_marcha

SERVIR = [sys.executable, "-m", "app.cli", "servir"]
CLAVES = {usuario: clave for usuario, clave, *_ in (*LOGINS, LOGIN_RNEC)}
POR_MINUTO = 10


@pytest.fixture(scope="module")
def entorno(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    base = preparar_datos(tmp_path_factory.mktemp("limites"), "limites")
    # A small public-page limit and a short flush, so the cross-worker bound is visible in a few requests.
    return {**base, "VENTANILLA_VERIFICACIONES_POR_MINUTO": str(POR_MINUTO), "VENTANILLA_LIMITADOR_INTERVALO_MS": "20"}


@pytest.fixture(scope="module")
def trabajadores(entorno: dict[str, str]) -> Iterator[tuple[str, str]]:
    otro_proxy = {**entorno, "VENTANILLA_PROXIES_CONFIABLES": "10.0.0.5"}
    with servidor_en_marcha(entorno, SERVIR) as uno, servidor_en_marcha(otro_proxy, SERVIR) as otro:
        yield uno, otro


def _falsos(i: int) -> dict[str, str]:
    """A different made-up address in every header that some server somewhere believes."""
    return {"X-Forwarded-For": f"10.{i // 250}.{i % 250}.7", "Forwarded": f"for=172.16.0.{i % 250}",
            "X-Real-IP": f"192.168.{i % 250}.1"}


def _ingresar(base: str, usuario: str, clave: str, encabezados: dict[str, str]) -> httpx.Response:
    with httpx.Client(base_url=base, headers=encabezados, timeout=10) as c:
        pagina = c.get("/admin/ingresar")
        token = pagina.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        return c.post("/admin/ingresar", data={"usuario": usuario, "clave": clave, "csrf_token": token})


def _consultar_certificacion(base: str, numero: str, encabezados: dict[str, str]) -> int:
    datos = {"numero": numero, "fecha": "2026-01-02"}
    return httpx.post(f"{base}/verificar-certificacion", data=datos, headers=encabezados, timeout=10).status_code


def test_el_bloqueo_de_ingreso_no_se_evade_cambiando_x_forwarded_for(trabajadores: tuple[str, str]) -> None:
    base = trabajadores[0]
    for i in range(5):
        assert _ingresar(base, "coordinador", "equivocada", _falsos(i)).status_code == 400
    r = _ingresar(base, "coordinador", CLAVES["coordinador"], _falsos(99))
    assert r.status_code == 429 and "Demasiados intentos fallidos" in r.text
    assert "ventanilla_admin" not in r.headers.get("set-cookie", "")  # not logged in while blocked


def test_cuarenta_consultas_desde_cuarenta_direcciones_falsas_quedan_bloqueadas(
        trabajadores: tuple[str, str]) -> None:
    """The e-Register block (5 failures in 15 minutes) holds: the 40 spoofed addresses are one client."""
    estados = [_consultar_certificacion(trabajadores[i % 2], f"CF-FALSA-{i}", _falsos(i)) for i in range(40)]
    assert estados[:4] == [404] * 4 and set(estados[4:]) == {429}


def test_detras_de_un_proxy_confiable_vale_la_primera_direccion_no_confiable_desde_la_derecha(
        entorno: dict[str, str]) -> None:
    with servidor_en_marcha({**entorno, "VENTANILLA_PROXIES_CONFIABLES": "127.0.0.1"}, SERVIR) as base:
        # The client prepends made-up addresses; our proxy (the peer, 127.0.0.1) appended the real one.
        estados = [_consultar_certificacion(base, f"CF-PROXY-{i}", {"X-Forwarded-For": f"10.9.9.{i}, 198.51.100.77"})
                   for i in range(6)]
        assert estados == [404] * 4 + [429] * 2
        # Another client behind the same proxy is not blocked.
        assert _consultar_certificacion(base, "CF-PROXY-X", {"X-Forwarded-For": "198.51.100.78"}) == 404


def test_el_bloqueo_de_ingreso_vale_en_todos_los_trabajadores(trabajadores: tuple[str, str]) -> None:
    for i in range(5):
        assert _ingresar(trabajadores[i % 2], "registrador", "equivocada", _falsos(i)).status_code == 400
    for base in trabajadores:
        assert _ingresar(base, "registrador", CLAVES["registrador"], {}).status_code == 429


def test_el_limite_de_la_pagina_publica_vale_en_todos_los_trabajadores(trabajadores: tuple[str, str]) -> None:
    """10 look-ups a minute for the client, alternating between two workers that flush every 20 ms: about 10 get
    through in all (each worker alone would let 10 through), the rest are refused on both."""
    estados = []
    for i in range(30):
        estados.append(httpx.get(f"{trabajadores[i % 2]}/V/1/ABC", headers=_falsos(i), timeout=10).status_code)
        time.sleep(0.06)  # longer than two flushes: the slack of domain/limites.py is out of the picture
    aceptadas = estados.count(200)
    assert POR_MINUTO <= aceptadas <= POR_MINUTO + 2, estados  # +2: a window boundary may fall inside the run
    assert set(estados) == {200, 429} and estados[-4:] == [429] * 4
