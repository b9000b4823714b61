"""Reading catálogo values with error collection: the base of ``construccion.Constructor``.

Each reader records a problem with its file and line instead of raising, so a maintainer sees every mistake of a
file at once; texts are checked for internal words that must not reach citizens and get ``{numero}``/``{norma}``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import date
from typing import Any

from domain.motor import condiciones
from domain.motor.esquema import Entidad
from domain.motor.fuentes import Archivo, Item, Origen, Textos
from domain.motor.parametros import Entorno, ErrorParametro, duracion

_PROHIBIDO = "seed"  # internal word that must never reach a citizen through a fuente or a message


def parecido(nombre: str, conocidos: Iterable[str]) -> str:
    cercanos = difflib.get_close_matches(nombre, list(conocidos), n=1)
    return f" (¿quiso decir «{cercanos[0]}»?)" if cercanos else ""


class Lector:
    entorno: Entorno

    def __init__(self, archivo: Archivo, listas: dict[str, list[Item]], entidad: Entidad, errores: list[str]):
        self.archivo, self.listas, self.entidad, self.errores = archivo, listas, entidad, errores
        d = archivo.datos
        self.textos = Textos(numero=d.get("numero"), norma=entidad.norma)

    def error(self, origen: Origen, mensaje: str) -> None:
        self.errores.append(f"{origen}: {mensaje}")

    def claves(self, datos: dict[str, Any], permitidas: set[str], origen: Origen, que: str) -> None:
        for clave in datos:
            if clave not in permitidas and not clave.startswith("_"):
                self.error(origen.en(clave), f"{que} no admite la clave «{clave}»{parecido(clave, permitidas)}")

    def texto(self, datos: dict[str, Any], clave: str, origen: Origen, *, obligatorio: bool = True) -> str:
        valor = datos.get(clave)
        if valor is None and not obligatorio:
            return ""
        if not isinstance(valor, str) or not valor.strip():
            self.error(origen.en(clave), f"falta «{clave}» (un texto)")
            return ""
        if _PROHIBIDO in valor.lower():
            self.error(origen.en(clave), f"«{clave}» debe citar la norma como la conoce un ciudadano, "
                                         f"no «{_PROHIBIDO}»")
        return self.textos(valor)

    def condicion(self, texto: Any, origen: Origen) -> condiciones.Condicion | None:
        if texto is None:
            return None
        if not isinstance(texto, str):
            self.error(origen, "la condición debe ser un texto")
            return None
        try:
            return self.entorno.condicion(texto)
        except condiciones.CondicionInvalida as e:
            self.error(origen, e.mensaje)
            return None

    def fecha(self, d: dict[str, Any], o: Origen) -> date:
        valor = d.get("vigente_desde")
        if not isinstance(valor, date):
            self.error(o.en("vigente_desde"), "falta «vigente_desde» (una fecha AAAA-MM-DD sin comillas)")
            return date.min
        return valor

    def entero(self, d: dict[str, Any], clave: str, o: Origen) -> int:
        valor = d.get(clave)
        if not isinstance(valor, int) or isinstance(valor, bool) or valor < 0:
            self.error(o.en(clave), f"falta «{clave}» (un entero no negativo)")
            return 0
        return valor

    def duracion(self, valor: Any, o: Origen) -> Any:
        if valor is None:
            return None
        try:
            return duracion(valor)
        except ErrorParametro as e:
            self.error(o, f"la duración {e}")
            return None
