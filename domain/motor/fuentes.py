"""Reading catálogo files: TOML with line numbers, shared blocks (``incluye``) merged in order, errors with places.

A trámite file may ``incluye = ["base", "casos_especiales"]`` blocks of its entidad's ``_bloques.toml``; blocks may
include blocks. Lists (partes, datos, requisitos, reglas, tablas, tarifas, efectos, fundamento) are concatenated in
include order, then the trámite's own; an item with the same key as an included one (a requisito's ``codigo``, a
parte's ``rol``, a dato's ``nombre``, a tabla's ``nombre``, a regla's ``id``) replaces it in place, and
``quitar = ["clave"]`` drops included items — how a trámite records where the manual departs from its siblings.
Texts may say ``{numero}`` and ``{norma}``: a block written once cites «trámite 21» in trámite 21.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from domain.errores import ErrorDominio
from domain.motor.ubicacion import Ruta, Ubicaciones

LISTAS = ("partes", "datos", "requisitos", "reglas", "tablas", "tarifas", "efectos", "fundamento", "decisiones")
_CLAVES_ITEM = {"partes": "rol", "datos": "nombre", "requisitos": "codigo", "tablas": "nombre", "reglas": "id",
                "efectos": "id", "tarifas": "concepto"}


class CatalogoInvalido(ErrorDominio):
    """The catálogo cannot be loaded; ``errores`` lists every problem as «archivo, línea N: mensaje»."""

    codigo = "CATALOGO_INVALIDO"

    def __init__(self, errores: list[str]) -> None:
        super().__init__("El catálogo de trámites no es válido:\n" + "\n".join(f"  - {e}" for e in errores))
        self.errores = errores


@dataclass(frozen=True)
class Origen:
    archivo: str
    ruta: Ruta
    ubicaciones: Ubicaciones = field(compare=False, repr=False)

    def en(self, *mas: str | int) -> Origen:
        return Origen(self.archivo, (*self.ruta, *mas), self.ubicaciones)

    def __str__(self) -> str:
        return f"{self.archivo}, línea {self.ubicaciones.linea(self.ruta)}"


@dataclass
class Item:
    """One raw table of the catálogo (a requisito, a regla…) and where it was written."""

    datos: dict[str, Any]
    origen: Origen


@dataclass
class Archivo:
    nombre: str
    datos: dict[str, Any]
    ubicaciones: Ubicaciones

    def origen(self, *ruta: str | int) -> Origen:
        return Origen(self.nombre, tuple(ruta), self.ubicaciones)


def leer(ruta: Path, errores: list[str]) -> Archivo | None:
    absoluta = ruta.resolve()
    nombre = (absoluta.relative_to(Path.cwd()) if absoluta.is_relative_to(Path.cwd()) else absoluta).as_posix()
    texto = ruta.read_text(encoding="utf-8")
    try:
        datos = tomllib.loads(texto)
    except tomllib.TOMLDecodeError as e:
        errores.append(f"{nombre}: el archivo no es TOML válido ({e})")
        return None
    return Archivo(nombre, datos, Ubicaciones(texto))


def expandir(archivo: Archivo, bloques: dict[str, Item], errores: list[str]) -> dict[str, list[Item]]:
    """The trámite's lists with its blocks merged in, each item with its origin."""
    listas: dict[str, list[Item]] = {nombre: [] for nombre in LISTAS}
    for nombre_bloque in _incluidos(archivo.datos, archivo.origen(), bloques, errores, ()):
        bloque = bloques[nombre_bloque]
        for seccion in LISTAS:
            _agregar(listas[seccion], seccion, bloque.datos.get(seccion, []), bloque.origen.en(seccion))
    for seccion in LISTAS:
        _agregar(listas[seccion], seccion, archivo.datos.get(seccion, []), archivo.origen(seccion))
    quitar = archivo.datos.get("quitar", [])
    for clave in quitar:
        antes = sum(len(v) for v in listas.values())
        for seccion in LISTAS:
            listas[seccion] = [i for i in listas[seccion] if _clave(seccion, i) != clave]
        if antes == sum(len(v) for v in listas.values()):
            errores.append(f"{archivo.origen('quitar')}: «quitar» nombra «{clave}», que ningún bloque incluido trae")
    return listas


def _incluidos(
    datos: dict[str, Any], origen: Origen, bloques: dict[str, Item], errores: list[str], cadena: tuple[str, ...]
) -> list[str]:
    resultado: list[str] = []
    for nombre in datos.get("incluye", []):
        if nombre in cadena:
            errores.append(f"{origen.en('incluye')}: el bloque «{nombre}» se incluye a sí mismo ({' → '.join(cadena)})")
            continue
        if nombre not in bloques:
            conocidos = ", ".join(sorted(bloques)) or "ninguno"
            errores.append(f"{origen.en('incluye')}: el bloque «{nombre}» no existe (bloques: {conocidos})")
            continue
        interno = _incluidos(bloques[nombre].datos, bloques[nombre].origen, bloques, errores, (*cadena, nombre))
        resultado.extend(n for n in [*interno, nombre] if n not in resultado)
    return resultado


def _clave(seccion: str, item: Item) -> Any:
    if seccion in ("fundamento", "decisiones"):
        return item.datos.get("_valor")
    campo = _CLAVES_ITEM.get(seccion)
    return item.datos.get(campo) if campo else None


def _agregar(destino: list[Item], seccion: str, valores: Any, origen: Origen) -> None:
    for indice, valor in enumerate(valores if isinstance(valores, list) else [valores]):
        datos = valor if isinstance(valor, dict) else {"_valor": valor}
        item = Item(dict(datos), origen.en(indice))
        clave = _clave(seccion, item)
        previo = next((i for i, x in enumerate(destino) if clave is not None and _clave(seccion, x) == clave), None)
        if previo is None:
            destino.append(item)
        else:
            destino[previo] = item


def cargar_bloques(archivo: Archivo | None, errores: list[str]) -> dict[str, Item]:
    if archivo is None:
        return {}
    bloques = archivo.datos.get("bloques", {})
    if not isinstance(bloques, dict):
        errores.append(f"{archivo.origen('bloques')}: «bloques» debe ser una tabla de bloques con nombre")
        return {}
    return {nombre: Item(datos, archivo.origen("bloques", nombre)) for nombre, datos in bloques.items()}


class Textos:
    """``{numero}`` and ``{norma}`` in catálogo texts; any other brace is left as written."""

    def __init__(self, **valores: Any) -> None:
        self._valores = {k: str(v) for k, v in valores.items() if v is not None}

    def __call__(self, texto: str) -> str:
        for clave, valor in self._valores.items():
            texto = texto.replace("{" + clave + "}", valor)
        return texto
