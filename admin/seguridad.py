"""Passwords (argon2id), the client key and an in-memory limiter for failed logins and public look-ups, and security
headers."""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from domain.limites import clave_direccion

# Cheap parameters only for tests and demo loaders that hash many passwords: never in production.
_VARIABLE_BARATO = "VENTANILLA_ARGON2_BARATO"


@lru_cache(maxsize=2)
def _hasher(barato: bool) -> PasswordHasher:
    if barato:
        return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    return PasswordHasher()  # argon2id, RFC 9106 "low memory" profile: OWASP's first choice


def hash_clave(clave: str, *, barato: bool | None = None) -> str:
    """Argon2id hash of a password; ``barato=True`` (or env VENTANILLA_ARGON2_BARATO=1) for fast tests."""
    if barato is None:
        barato = os.environ.get(_VARIABLE_BARATO, "").lower() in ("1", "true", "si", "sí")
    return _hasher(barato).hash(clave)


def verificar_clave(hash_guardado: str, clave: str) -> bool:
    """True if the password matches; any malformed or foreign hash is simply a mismatch."""
    try:
        return _hasher(False).verify(hash_guardado, clave)
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=1)
def _hash_señuelo() -> str:
    return hash_clave("clave-señuelo-que-nadie-usa", barato=False)


def gastar_tiempo_como_verificacion(clave: str) -> None:
    """Verify against a decoy hash, so an unknown user costs as much time as a wrong password."""
    verificar_clave(_hash_señuelo(), clave)


class LimitadorIntentos:
    """Sliding-window counter per key (IP, user…): at most ``maximo`` events within ``ventana`` seconds.

    In memory and per process: for tests and tools. The application is given limiters on the shared store
    (``domain.limites.LimitadorVentanas``), which hold across workers and restarts. Thread-safe: the login checks run
    in worker threads.
    """

    def __init__(self, maximo: int, ventana: float, reloj: Callable[[], float] = time.monotonic) -> None:
        self.maximo = maximo
        self.ventana = ventana
        self._reloj = reloj
        self._eventos: dict[str, deque[float]] = {}
        self._candado = threading.Lock()

    def _vigentes(self, clave: str) -> deque[float]:
        ahora = self._reloj()
        eventos = self._eventos.get(clave)
        if eventos is None:
            return deque()
        while eventos and ahora - eventos[0] > self.ventana:
            eventos.popleft()
        if not eventos:
            del self._eventos[clave]
        return eventos

    def bloqueado(self, *claves: str) -> bool:
        with self._candado:
            return any(len(self._vigentes(c)) >= self.maximo for c in claves)

    def registrar(self, *claves: str) -> None:
        with self._candado:
            if len(self._eventos) > 10_000:  # bound memory under a flood of distinct keys
                self._eventos.clear()
            for clave in claves:
                self._eventos.setdefault(clave, deque()).append(self._reloj())

    def limpiar(self, *claves: str) -> None:
        with self._candado:
            for clave in claves:
                self._eventos.pop(clave, None)


def clave_cliente(request: Request) -> str:
    """The limiters' key for the request's client: ``scope["client"]`` as app/direccion_cliente.py set it (the TCP
    peer unless a trusted proxy forwarded the request), IPv6 grouped by /64 (``domain.limites.clave_direccion``)."""
    return clave_direccion(request.client.host) if request.client else "ip:desconocido"


CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
    "frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'"
)
# Stored files (soportes): nothing may run inside them; PDFs still render in the browser's viewer.
CSP_ARCHIVOS = (
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'"
)


def encabezados_seguridad(*, produccion: bool, referrer: str = "same-origin", csp: str = CSP,
                          marcos: str = "SAMEORIGIN") -> dict[str, str]:
    """The admin's defaults; a face that serves no HTML (the API) passes a stricter ``csp``, ``marcos`` (frames)
    and ``referrer``."""
    encabezados = {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": marcos,
        "Referrer-Policy": referrer,
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
    }
    if produccion:
        encabezados["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return encabezados


class EncabezadosSeguridad:
    """ASGI middleware: security headers on every response; personal data is never cached except static assets.

    ``encabezados`` replaces the admin's set (see ``encabezados_seguridad``); a route may still set its own value.
    ``prefijo_estaticos=None``: no path is a cacheable asset.
    """

    def __init__(self, app: ASGIApp, *, produccion: bool, prefijo_estaticos: str | None = "/static/",
                 encabezados: dict[str, str] | None = None) -> None:
        self.app = app
        self.encabezados = encabezados or encabezados_seguridad(produccion=produccion)
        self.prefijo_estaticos = prefijo_estaticos

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        ruta, raiz = scope["path"], scope.get("root_path", "")
        estatico = self.prefijo_estaticos is not None and ruta.removeprefix(raiz).startswith(self.prefijo_estaticos)

        async def enviar(mensaje: Message) -> None:
            if mensaje["type"] == "http.response.start":
                headers = MutableHeaders(scope=mensaje)
                for nombre, valor in self.encabezados.items():
                    if nombre not in headers:  # a route may set a stricter value (files)
                        headers[nombre] = valor
                if not estatico and "cache-control" not in headers:
                    headers["Cache-Control"] = "no-store"
            await send(mensaje)

        await self.app(scope, receive, enviar)
