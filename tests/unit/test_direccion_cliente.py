"""The client address (app/direccion_cliente.py): forwarded headers believed only from the proxies named in
VENTANILLA_PROXIES_CONFIABLES, walked from the right; the middleware writes it to scope["client"]."""

from __future__ import annotations

import httpx
import pytest
from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from app.config import Settings
from app.direccion_cliente import DireccionCliente, direccion_cliente, leer_ip, leer_proxies

PROXIES = leer_proxies("10.0.0.5, 192.168.0.0/16, 2001:db8:ffff::/48")


@pytest.mark.parametrize("par, reenviado, esperado", [
    # An untrusted peer is the client, whatever it claims.
    ("203.0.113.7", ["198.51.100.1"], "203.0.113.7"),
    ("127.0.0.1", ["198.51.100.1"], "127.0.0.1"),  # loopback is not trusted unless named
    # A trusted proxy: the right-most entry that is not one of ours.
    ("10.0.0.5", ["198.51.100.1"], "198.51.100.1"),
    ("10.0.0.5", ["1.1.1.1, 198.51.100.1"], "198.51.100.1"),  # the left part was written by the client
    ("10.0.0.5", ["1.1.1.1, 198.51.100.1, 192.168.4.4"], "198.51.100.1"),  # skips our inner proxy
    ("10.0.0.5", ["1.1.1.1", "198.51.100.1", "192.168.4.4"], "198.51.100.1"),  # several header lines, in order
    ("10.0.0.5", ["198.51.100.1:5123, [2001:db8:ffff::9]:443"], "198.51.100.1"),  # ports dropped
    ("10.0.0.5", ["2001:db8:1::7"], "2001:db8:1::7"),
    ("10.0.0.5", ["::ffff:198.51.100.1"], "198.51.100.1"),  # IPv4-mapped written as IPv4
    # A malformed entry behind our proxies: the last trusted hop, never the text.
    ("10.0.0.5", ["198.51.100.1, unknown, 192.168.4.4"], "192.168.4.4"),
    ("10.0.0.5", ["198.51.100.1, _oculto"], "10.0.0.5"),
    # Every entry is ours (an internal health check): the farthest; no header: the peer.
    ("10.0.0.5", ["192.168.1.1, 192.168.4.4"], "192.168.1.1"),
    ("10.0.0.5", [], "10.0.0.5"),
    ("10.0.0.5", [" , "], "10.0.0.5"),
])
def test_direccion_cliente(par: str, reenviado: list[str], esperado: str) -> None:
    assert direccion_cliente(par, reenviado, PROXIES) == esperado


def test_sin_proxies_configurados_nada_se_cree() -> None:
    assert direccion_cliente("127.0.0.1", ["198.51.100.1"], ()) == "127.0.0.1"


@pytest.mark.parametrize("texto, esperado", [
    ("198.51.100.1", "198.51.100.1"), (" 198.51.100.1:80 ", "198.51.100.1"), ("[2001:db8::1]:443", "2001:db8::1"),
    ("2001:DB8:0::1", "2001:db8::1"), ("unknown", None), ("[2001:db8::1", None), ("", None), ("1.2.3", None),
])
def test_leer_ip(texto: str, esperado: str | None) -> None:
    ip = leer_ip(texto)
    assert (str(ip) if ip else None) == esperado


def test_el_ajuste_de_proxies_se_valida_al_arrancar() -> None:
    assert Settings(proxies_confiables="").redes_proxies == ()
    assert [str(r) for r in Settings(proxies_confiables=" 10.0.0.5 ,fd00::/8").redes_proxies] == ["10.0.0.5/32",
                                                                                                  "fd00::/8"]
    with pytest.raises(ValidationError, match="'nginx' no es una dirección IP"):
        Settings(proxies_confiables="10.0.0.5, nginx")


async def _quien_soy(request: Request) -> Response:
    return JSONResponse({"cliente": request.client.host if request.client else None,
                         "esquema": request.url.scheme})


def _app(proxies: str) -> DireccionCliente:
    return DireccionCliente(Starlette(routes=[Route("/", _quien_soy)]), proxies=leer_proxies(proxies))


async def _pedir(app: DireccionCliente, par: str, encabezados: dict[str, str]) -> dict[str, str]:
    transporte = httpx.ASGITransport(app=app, client=(par, 40000))
    async with httpx.AsyncClient(transport=transporte, base_url="http://testserver") as c:
        return dict((await c.get("/", headers=encabezados)).json())


ENGANOSOS = {"X-Forwarded-For": "198.51.100.1", "Forwarded": "for=198.51.100.2", "X-Real-IP": "198.51.100.3",
             "X-Forwarded-Proto": "https"}


@pytest.mark.anyio
async def test_middleware_ignora_encabezados_de_un_par_no_confiable() -> None:
    for proxies in ("", "10.0.0.5"):
        assert await _pedir(_app(proxies), "203.0.113.7", ENGANOSOS) == {"cliente": "203.0.113.7", "esquema": "http"}


@pytest.mark.anyio
async def test_middleware_detras_de_un_proxy_confiable() -> None:
    visto = await _pedir(_app("10.0.0.5"), "10.0.0.5", {"X-Forwarded-For": "6.6.6.6, 198.51.100.1",
                                                        "X-Forwarded-Proto": "https", "X-Real-IP": "6.6.6.7"})
    assert visto == {"cliente": "198.51.100.1", "esquema": "https"}
    # Forwarded / X-Real-IP are not read even from our proxy: one header, one rule.
    assert (await _pedir(_app("10.0.0.5"), "10.0.0.5", {"X-Real-IP": "198.51.100.3"}))["cliente"] == "10.0.0.5"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
