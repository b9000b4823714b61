"""Our own reading of a GraphQL HTTP request (JSON or multipart), in place of Strawberry's.

Strawberry's request parsing trusts the envelope: a body that is ``null`` or a number, a body that is not UTF-8,
variables nested 50,000 deep, a multipart ``operations`` that is not an object or a ``map`` that points into a
string all end in a plain 500 before any of our code runs, and a multipart request without ``map`` runs anyway.
Here every part is checked once, while it is decoded, and a refusal is ``PeticionInvalida``: an HTTP 400 with a
Spanish message in the API's error shape (``api.errores.respuesta_error``). The view (``api._VistaGraphQL``)
calls ``leer_peticion`` from Strawberry's ``parse_http_body`` hook, so nothing is parsed twice.

The rules follow the GraphQL-over-HTTP draft and the GraphQL multipart request specification, without batching.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from graphql import GraphQLError, OperationDefinitionNode, parse
from starlette.datastructures import FormData, UploadFile
from strawberry.http import GraphQLRequestData

from api.limites import TAMANO_CACHE, TOKENS_MAXIMOS
from domain.textos import tiene_controles

CODIGO_PETICION_INVALIDA = "PETICION_INVALIDA"
PROFUNDIDAD_MAXIMA_JSON = 64
"""Nesting of the JSON envelope (operations and variables): far above any input of the schema."""
_SUSTITUTOS = re.compile(r"[\ud800-\udfff]")  # "\ud800" is valid JSON, but not Unicode text


class PeticionInvalida(Exception):
    """A request refused before GraphQL sees it: ``estado`` (400, 405, 415), a stable code and a Spanish message."""

    def __init__(self, mensaje: str, *, estado: int = 400, codigo: str = CODIGO_PETICION_INVALIDA) -> None:
        super().__init__(mensaje)
        self.mensaje, self.estado, self.codigo = mensaje, estado, codigo


# -- JSON -----------------------------------------------------------------------------------------------------------
def _rechazar_constante(nombre: str) -> object:
    raise ValueError(nombre)  # NaN, Infinity: not JSON (RFC 8259), and no GraphQL scalar takes them


def leer_json(datos: bytes | str, parte: str) -> object:
    """Decode UTF-8 JSON, refusing what a decoder alone lets through: other encodings, NaN, excessive nesting
    (``json`` recurses: 50,000 levels raise RecursionError) and lone UTF-16 surrogates, which no database stores."""
    if isinstance(datos, bytes):
        try:
            datos = datos.decode("utf-8")
        except UnicodeDecodeError:
            raise PeticionInvalida(f"{parte} no está codificado en UTF-8.") from None
    try:
        valor = json.loads(datos, parse_constant=_rechazar_constante)
    except RecursionError:
        raise PeticionInvalida(_anidado(parte)) from None
    except ValueError:  # JSONDecodeError, NaN, an integer of more than 4,300 digits
        raise PeticionInvalida(f"{parte} no es JSON válido.") from None
    _revisar(valor, parte)
    return valor


def _anidado(parte: str) -> str:
    return f"{parte} tiene demasiados niveles anidados (máximo {PROFUNDIDAD_MAXIMA_JSON})."


def _revisar(valor: object, parte: str) -> None:
    """Depth and strings of a decoded value, iteratively (no recursion to exhaust)."""
    pendientes: list[tuple[object, int]] = [(valor, 1)]
    while pendientes:
        actual, nivel = pendientes.pop()
        if isinstance(actual, str):
            if _SUSTITUTOS.search(actual):
                raise PeticionInvalida(f"{parte} contiene texto que no es Unicode válido.")
        elif isinstance(actual, dict | list):
            if nivel > PROFUNDIDAD_MAXIMA_JSON:
                raise PeticionInvalida(_anidado(parte))
            hijos = [*actual.keys(), *actual.values()] if isinstance(actual, dict) else actual
            pendientes.extend((hijo, nivel + 1) for hijo in hijos)


# -- the operation --------------------------------------------------------------------------------------------------
_CACHEABLE = 20_000
"""Documents up to this size are cached by text (a partner's usual ones); longer ones are parsed each time, so the
cache can never hold more than TAMANO_CACHE × 20 KB."""


def _operaciones(consulta: str) -> tuple[str | None, ...] | None:
    """Names of the operations in a document (None for an anonymous one); None if it does not parse, which
    GraphQL itself then reports (with its token limit: a huge document stops early)."""
    return _operaciones_cache(consulta) if len(consulta) <= _CACHEABLE else _analizar(consulta)


def _analizar(consulta: str) -> tuple[str | None, ...] | None:
    try:
        documento = parse(consulta, no_location=True, max_tokens=TOKENS_MAXIMOS)
    except GraphQLError:
        return None
    return tuple(d.name.value if d.name else None for d in documento.definitions
                 if isinstance(d, OperationDefinitionNode))


_operaciones_cache = lru_cache(maxsize=TAMANO_CACHE)(_analizar)


def operacion(datos: object, parte: str) -> GraphQLRequestData:
    """The request object of the GraphQL-over-HTTP spec: ``query``, ``variables``, ``operationName``,
    ``extensions``. A document with several operations must name the one to run."""
    if isinstance(datos, list):
        raise PeticionInvalida(f"{parte} es una lista: no se admiten lotes de operaciones; envíe una por petición.")
    if not isinstance(datos, dict):
        raise PeticionInvalida(f"{parte} debe ser un objeto JSON con «query» (y, si hacen falta, «variables» y "
                               "«operationName»).")
    consulta, variables = datos.get("query"), datos.get("variables")
    nombre, extensiones = datos.get("operationName"), datos.get("extensions")
    if not isinstance(consulta, str) or not consulta.strip():
        raise PeticionInvalida(f"{parte} no trae «query»: el documento GraphQL, como texto.")
    if variables is not None and not isinstance(variables, dict):
        raise PeticionInvalida("«variables» debe ser un objeto JSON (o null).")
    if nombre is not None and not isinstance(nombre, str):
        raise PeticionInvalida("«operationName» debe ser texto (o null).")
    if extensiones is not None and not isinstance(extensiones, dict):
        raise PeticionInvalida("«extensions» debe ser un objeto JSON (o null).")
    operaciones = _operaciones(consulta)
    if operaciones is not None:
        if nombre is None and len(operaciones) > 1:
            raise PeticionInvalida("El documento tiene varias operaciones: indique cuál ejecutar en «operationName».")
        if nombre is not None and nombre not in operaciones:
            muestra = nombre[:60] if not tiene_controles(nombre) else "?"
            raise PeticionInvalida(f"El documento no tiene una operación llamada «{muestra}».")
    return GraphQLRequestData(query=consulta, variables=variables, operation_name=nombre, extensions=extensiones)


def leer_cuerpo_json(cuerpo: bytes) -> GraphQLRequestData:
    return operacion(leer_json(cuerpo, "El cuerpo de la petición"), "El cuerpo de la petición")


# -- multipart (GraphQL multipart request: https://github.com/jaydenseric/graphql-multipart-request-spec) ---------
def _texto_de(formulario: FormData, parte: str) -> str:
    valor = formulario.get(parte)
    if valor is None:
        raise PeticionInvalida(f"Falta la parte «{parte}» de la petición multipart (especificación GraphQL multipart "
                               "request: «operations», «map» y un archivo por parte).")
    if not isinstance(valor, str):
        raise PeticionInvalida(f"La parte «{parte}» debe ser texto JSON, no un archivo.")
    return valor


def leer_multipart(formulario: FormData) -> GraphQLRequestData:
    """``operations`` (one operation, its file variables null), ``map`` (file part → paths of those nulls) and
    the files. Every file part must be mapped, every path must name a null variable; then the files take their
    places."""
    datos = leer_json(_texto_de(formulario, "operations"), "La parte «operations»")
    peticion = operacion(datos, "La parte «operations»")
    mapa = leer_json(_texto_de(formulario, "map"), "La parte «map»")
    if not isinstance(mapa, dict) or not all(isinstance(rutas, list) and rutas and
                                             all(isinstance(r, str) for r in rutas) for rutas in mapa.values()):
        raise PeticionInvalida("La parte «map» debe ser un objeto JSON que asocie cada archivo con una lista de rutas "
                               "de variables, p. ej. {\"0\": [\"variables.input.soportes.0.archivo\"]}.")
    archivos = {clave for clave, valor in formulario.multi_items() if isinstance(valor, UploadFile)}
    if sobrantes := archivos - mapa.keys():
        raise PeticionInvalida(f"El archivo de la parte «{sorted(sobrantes)[0][:60]}» no figura en «map».")
    raiz = {"variables": peticion.variables}
    for clave, rutas in mapa.items():
        archivo = formulario.get(clave)
        if not isinstance(archivo, UploadFile):
            raise PeticionInvalida(f"«map» menciona la parte «{clave[:60]}», pero la petición no trae ese archivo.")
        for ruta in rutas:
            _colocar(raiz, ruta, archivo)
    return peticion


def _colocar(raiz: dict[str, Any], ruta: str, archivo: UploadFile) -> None:
    """Put ``archivo`` where ``ruta`` (``variables.a.0.b``) points, which must be an existing null."""
    *camino, ultima = ruta.split(".")
    destino: Any = raiz
    for clave in camino:
        destino = _hijo(destino, clave, ruta)
    if isinstance(destino, list):
        indice = _indice(ultima, destino)
        if indice is not None and destino[indice] is None:
            destino[indice] = archivo
            return
    elif camino and isinstance(destino, dict) and ultima in destino and destino[ultima] is None:  # not «variables»
        destino[ultima] = archivo
        return
    raise PeticionInvalida(f"La ruta «{ruta[:120]}» de «map» no señala una variable nula, el lugar de un archivo.")


def _hijo(destino: Any, clave: str, ruta: str) -> Any:
    if isinstance(destino, dict) and clave in destino:
        return destino[clave]
    if isinstance(destino, list) and (indice := _indice(clave, destino)) is not None:
        return destino[indice]
    raise PeticionInvalida(f"La ruta «{ruta[:120]}» de «map» no existe en «variables».")


def _indice(clave: str, lista: list[Any]) -> int | None:
    if clave.isascii() and clave.isdigit() and int(clave) < len(lista):
        return int(clave)
    return None
