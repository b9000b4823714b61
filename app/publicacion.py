"""Public, signed lists for offline verifiers (docs/lista-confianza.md, docs/lista-revocados.md)::

    GET /confianza/lista-confianza.json   trust list built from the live keyring
    GET /confianza/lista-revocados.json   revocation list built from the registry (documentos_revocados)
    GET /confianza/plataforma.crt.pem     the platform certificate verifiers pin
    GET /confianza/rotaciones-plataforma.json   the chain of platform key rotations (``claves rotar-plataforma``)

Both lists are signed with the platform list key (``<claves>/_plataforma``, created if absent, as
``ventanilla claves lista-confianza`` does; passphrase from VENTANILLA_FRASE_PLATAFORMA) and cached for a short time
(60 s by default): a revocation or a key withdrawal is published within that time, while a burst of downloads costs
one signature. Each list carries a ``secuencia`` shared with the CLI (``plataforma.siguiente_secuencia``), so
verifiers can refuse an older one. The platform key is reloaded when ``rotar-plataforma`` replaces it (one
``stat`` per request). Lives in app/ because it needs signing/ (admin/ must not import it).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from domain.casos_uso import Contexto
from domain.casos_uso.revocacion import documentos_revocados
from signing import confianza, revocacion
from signing.cadena_plataforma import cadena_publicada
from signing.llaves import Llavero
from signing.plataforma import (
    ARCHIVO_CERT,
    CARPETA_PLATAFORMA,
    LlavePlataforma,
    cargar_llave_plataforma,
    generar_llave_plataforma,
    siguiente_secuencia,
)

ENV_FRASE_PLATAFORMA = "VENTANILLA_FRASE_PLATAFORMA"
CACHE_SEGUNDOS = 60
TIPO_JSON = "application/json"


@dataclass
class _Guardado:
    datos: bytes
    hasta: float
    version: str


class Publicador:
    """Builds, signs and caches the two lists. Thread-safe; the platform key is loaded (or created) once."""

    def __init__(self, llavero: Llavero, directorio_claves: Path, ctx: Contexto, *, url_base: str | None = None,
                 cache_segundos: float = CACHE_SEGUNDOS, passphrase: bytes | None = None,
                 reloj: Callable[[], float] = time.monotonic) -> None:
        self._llavero = llavero
        self._carpeta = Path(directorio_claves) / CARPETA_PLATAFORMA
        self._ctx = ctx
        self._url_base = url_base
        self._cache_segundos = cache_segundos
        frase = os.environ.get(ENV_FRASE_PLATAFORMA)
        self._passphrase = passphrase if passphrase is not None else (frase.encode("utf-8") if frase else None)
        self._reloj = reloj
        self._candado = threading.Lock()
        self._llave: LlavePlataforma | None = None
        self._huella_llave: tuple[int, int, int] | None = None
        self._cache: dict[str, _Guardado] = {}

    @property
    def cache_segundos(self) -> float:
        return self._cache_segundos

    def llave(self) -> LlavePlataforma:
        """The current platform key: loaded (or created) once, reloaded after a ``rotar-plataforma``."""
        with self._candado:
            if self._llave is None or self._huella() != self._huella_llave:
                generar_llave_plataforma(self._carpeta, passphrase=self._passphrase)
                self._llave = cargar_llave_plataforma(self._carpeta, passphrase=self._passphrase)
                self._huella_llave = self._huella()
            return self._llave

    def _huella(self) -> tuple[int, int, int] | None:
        try:
            info = (self._carpeta / ARCHIVO_CERT).stat()
        except OSError:
            return None
        return (info.st_ino, info.st_mtime_ns, info.st_size)

    def rotaciones(self) -> bytes:
        return cadena_publicada(self._carpeta)

    def certificado_pem(self) -> bytes:
        return self.llave().certificado.public_bytes(serialization.Encoding.PEM)

    def lista_confianza(self) -> bytes:
        # Keyed by the keys' states too: a rotation or a withdrawal is published as soon as the keyring reloads
        # (every few seconds), not when the cache expires.
        llave = self.llave()
        estado = repr([llave.kid, *((c.kid, c.estado, c.retirada_en) for c in self._llavero.claves())])

        def construir() -> bytes:
            emitida = self._ahora().replace(microsecond=0)
            return confianza.firmar_lista_confianza(
                self._llavero, llave, url_base=self._url_base, emitida_en=emitida,
                secuencia=siguiente_secuencia(self._carpeta, confianza.TIPO_JWS, emitida),
            )

        return self._en_cache("confianza", construir, estado)

    def lista_revocados(self) -> bytes:
        llave = self.llave()

        def construir() -> bytes:
            entradas = [revocacion.EntradaRevocacion.de(r.documento_id, r.estado, r.fecha, r.motivo)
                        for r in documentos_revocados(self._ctx)]
            emitida = self._ahora().replace(microsecond=0)
            return revocacion.firmar_lista_revocados(
                entradas, llave, emitida_en=emitida,
                secuencia=siguiente_secuencia(self._carpeta, revocacion.TIPO_JWS, emitida),
            )

        return self._en_cache("revocados", construir, llave.kid.hex())

    def _ahora(self) -> datetime:
        return self._ctx.reloj.ahora().astimezone(UTC)

    def _en_cache(self, nombre: str, construir: Callable[[], bytes], version: str = "") -> bytes:
        guardado = self._cache.get(nombre)
        if guardado is not None and guardado.version == version and self._reloj() < guardado.hasta:
            return guardado.datos
        datos = construir()
        self._cache[nombre] = _Guardado(datos, self._reloj() + self._cache_segundos, version)
        return datos


def rutas_publicacion(publicador: Publicador) -> list[BaseRoute]:
    edad = int(publicador.cache_segundos)
    encabezados = {"Cache-Control": f"public, max-age={edad}", "X-Content-Type-Options": "nosniff",
                   "Access-Control-Allow-Origin": "*"}

    async def confianza(request: Request) -> Response:
        datos = await run_in_threadpool(publicador.lista_confianza)
        return Response(datos, media_type=TIPO_JSON, headers=encabezados)

    async def revocados(request: Request) -> Response:
        datos = await run_in_threadpool(publicador.lista_revocados)
        return Response(datos, media_type=TIPO_JSON, headers=encabezados)

    async def certificado(request: Request) -> Response:
        datos = await run_in_threadpool(publicador.certificado_pem)
        # The pinned certificate changes only on a (rare, announced) platform key change.
        return Response(datos, media_type="application/x-pem-file",
                        headers={**encabezados, "Cache-Control": "public, max-age=3600"})

    async def rotaciones(request: Request) -> Response:
        datos = await run_in_threadpool(publicador.rotaciones)
        return Response(datos, media_type=TIPO_JSON, headers=encabezados)

    return [
        Route("/confianza/lista-confianza.json", confianza, methods=["GET"], name="lista_confianza"),
        Route("/confianza/rotaciones-plataforma.json", rotaciones, methods=["GET"], name="rotaciones_plataforma"),
        Route("/confianza/lista-revocados.json", revocados, methods=["GET"], name="lista_revocados"),
        Route("/confianza/plataforma.crt.pem", certificado, methods=["GET"], name="plataforma_crt"),
    ]
