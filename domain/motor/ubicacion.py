"""Line numbers for catalogue errors: where in a TOML file a key path was written.

``tomllib`` returns plain dicts without positions, so a short scanner follows the file's table headers
(``[a.b]``, ``[[a.b]]``, with the index of each array-of-tables element) and its ``clave =`` lines, and records the
line of every path it sees. Catalogue files are hand-written in that plain style (no dotted keys spanning tables);
a path the scanner did not see falls back to the line of its nearest recorded parent, and finally to line 1.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Ruta = tuple[str | int, ...]

_ENCABEZADO = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_CLAVE = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)\s*=""")


def _partes(nombre: str) -> list[str]:
    return [p.strip().strip("\"'") for p in nombre.split(".")]


class Ubicaciones:
    """Maps key paths (``("requisitos", 2, "reglas", 0, "regla")``) to 1-based line numbers."""

    def __init__(self, texto: str) -> None:
        self._lineas: dict[Ruta, int] = {}
        contadores: dict[tuple[str, ...], int] = {}
        actual: Ruta = ()
        for numero, linea in enumerate(texto.splitlines(), start=1):
            if encabezado := _ENCABEZADO.match(linea):
                actual = self._encabezado(encabezado.group(1), _partes(encabezado.group(2)), contadores)
                self._lineas.setdefault(actual, numero)
            elif clave := _CLAVE.match(linea):
                self._lineas.setdefault((*actual, clave.group(1).strip("\"'")), numero)

    def _encabezado(self, corchetes: str, nombres: list[str], contadores: dict[tuple[str, ...], int]) -> Ruta:
        if corchetes == "[":
            return self._con_indices(nombres, contadores)
        clave = tuple(nombres)
        indice = contadores.get(clave, -1) + 1
        contadores[clave] = indice
        # Nested arrays of tables restart their count under each new parent element.
        for otra in [k for k in contadores if len(k) > len(clave) and k[: len(clave)] == clave]:
            del contadores[otra]
        return (*self._con_indices(nombres, contadores), indice)

    @staticmethod
    def _con_indices(nombres: Sequence[str], contadores: dict[tuple[str, ...], int]) -> Ruta:
        """Insert the current index after every prefix that is an array of tables (``[[requisitos.reglas]]``)."""
        ruta: list[str | int] = []
        for i, nombre in enumerate(nombres):
            ruta.append(nombre)
            prefijo = tuple(nombres[: i + 1])
            if i < len(nombres) - 1 and prefijo in contadores:
                ruta.append(contadores[prefijo])
        return tuple(ruta)

    def linea(self, ruta: Ruta) -> int:
        while ruta:
            if ruta in self._lineas:
                return self._lineas[ruta]
            ruta = ruta[:-1]
        return 1
