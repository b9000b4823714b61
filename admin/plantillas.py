"""Jinja2 environment, es_CO filters and the "whole page or HTMX fragment" renderer."""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Mapping
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from domain.reloj import ZONA_COLOMBIA

DIRECTORIO = Path(__file__).parent / "plantillas"
ESTATICOS = Path(__file__).parent / "static"
LOCALE = Locale.parse("es_CO")  # parsed once: babel re-parses a locale string on every call (≈ 40 µs)


def fecha(valor: date | datetime | None) -> str:
    """dd/mm/aaaa, as Colombian forms write it."""
    if valor is None:
        return "—"
    if isinstance(valor, datetime):
        valor = valor.astimezone(ZONA_COLOMBIA).date()
    return f"{valor.day:02d}/{valor.month:02d}/{valor.year:04d}"  # digits only: no locale data needed


def fecha_larga(valor: date | None) -> str:
    return "—" if valor is None else format_date(valor, "long", locale=LOCALE)


def fecha_hora(valor: datetime | None) -> str:
    if valor is None:
        return "—"
    return format_datetime(valor.astimezone(ZONA_COLOMBIA), "dd/MM/yyyy h:mm a", locale=LOCALE)


def tamano(octetos: int) -> str:
    if octetos < 1024:
        return f"{octetos} B"
    if octetos < 1024 * 1024:
        return f"{format_decimal(octetos / 1024, '#,##0.0', locale=LOCALE)} KB"
    return f"{format_decimal(octetos / (1024 * 1024), '#,##0.0', locale=LOCALE)} MB"


def numero(valor: int) -> str:
    return format_decimal(valor, locale=LOCALE)


def sin_punto(texto: str) -> str:
    """A sentence without its closing period, for a citation to go before it: «… anexo (Guía …).»"""
    return texto.rstrip().removesuffix(".")


def plural(n: int, singular: str, plural_: str) -> str:
    return singular if abs(n) == 1 else plural_


@lru_cache(maxsize=1)
def entorno() -> Environment:
    env = Environment(
        loader=FileSystemLoader(DIRECTORIO),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(fecha=fecha, fecha_larga=fecha_larga, fecha_hora=fecha_hora, tamano=tamano, numero=numero,
                       sin_punto=sin_punto)
    env.globals.update(plural=plural, version_estaticos=_version_estaticos())
    return env


def _version_estaticos() -> str:
    """A short hash of the static files: a new deploy busts browser caches without renaming files."""
    resumen = hashlib.sha256()
    for archivo in sorted(ESTATICOS.glob("*")):
        resumen.update(archivo.read_bytes())
    return resumen.hexdigest()[:10]


def es_htmx(request: Request) -> bool:
    """An htmx swap (not a history restore, which needs the whole page)."""
    h = request.headers
    return h.get("hx-request") == "true" and h.get("hx-history-restore-request") != "true"


_RUTAS_FIJAS: dict[int, tuple[weakref.ref[Any], dict[tuple[str, str], str]]] = {}


def _rutas_fijas(router: Any) -> dict[tuple[str, str], str]:
    """Per-router cache (Router is unhashable, so keyed by id and checked through a weak reference)."""
    entrada = _RUTAS_FIJAS.get(id(router))
    if entrada is None or entrada[0]() is not router:
        entrada = _RUTAS_FIJAS[id(router)] = (weakref.ref(router), {})
    return entrada[1]


def url(request: Request, nombre: str, _consulta: Mapping[str, object] | None = None, **parametros: Any) -> str:
    """Path of a named route (mount-aware), with an optional query string; empty values are dropped."""
    if parametros:
        ruta = request.url_for(nombre, **parametros).path
    else:
        # url_for walks every route of the app on each call (≈ 0.2 ms here, twice per public page); a route
        # without parameters always has the same path under the same router and mount point.
        fijas = _rutas_fijas(request.scope["router"])
        clave = (request.scope.get("root_path", ""), nombre)
        ruta = fijas.get(clave) or fijas.setdefault(clave, request.url_for(nombre).path)
    if _consulta:
        limpio = {k: str(v) for k, v in _consulta.items() if v not in (None, "", False)}
        if limpio:
            ruta += "?" + urlencode(limpio)
    return ruta


def renderizar(
    request: Request,
    nombre: str,
    contexto: Mapping[str, Any],
    *,
    bloque: str | None = None,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """The whole page, or only ``bloque`` of the same template when htmx asks (one template, two shapes)."""
    plantilla = entorno().get_template(nombre)
    datos = {
        "request": request,
        "url": lambda n, _consulta=None, **p: url(request, n, _consulta, **p),
        **contexto,
    }
    if bloque is not None and es_htmx(request):
        html = "".join(plantilla.blocks[bloque](plantilla.new_context(datos)))
    else:
        html = plantilla.render(datos)
    respuesta = HTMLResponse(html, status_code=status_code, headers=dict(headers or {}))
    respuesta.headers["Vary"] = "HX-Request"
    return respuesta
