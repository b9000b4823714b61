"""Conditions of applicability written in the catálogo: a tiny, safe expression language.

    aplica_si = "partes.titular.es_extranjero"
    aplica_si = "sujeto.servicio == 'publico' and datos.motivo in ['hurto', 'perdida_definitiva']"
    aplica_si = "'apoderado' in partes"

Python's own grammar (``ast``), restricted to: ``and`` / ``or`` / ``not``, comparisons, literals (text, numbers,
booleans, lists of them) and dotted paths from four roots — ``datos.<campo>``, ``partes.<rol>.<atributo>``,
``sujeto.<atributo>`` and ``tablas.<tabla>.<salida>``. Nothing is ever ``eval``'d: the tree is checked against the
trámite's vocabulary when the catalogue loads (an unknown field, role or attribute, or a value outside a field's
options, is a catalogue error) and compiled into closures. A path that leads nowhere (an absent parte, an empty
field) is ``None``, which compares false with everything but ``None``.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from domain.errores import DatoInvalido


class CondicionInvalida(DatoInvalido):
    codigo = "CONDICION_INVALIDA"


@dataclass(frozen=True)
class Vocabulario:
    """What a trámite's conditions may name. ``opciones`` lists the allowed values of a path, where fixed."""

    datos: frozenset[str]
    roles: frozenset[str]
    atributos_persona: frozenset[str]
    atributos_sujeto: frozenset[str]
    tablas: Mapping[str, frozenset[str]] = field(default_factory=dict)
    opciones: Mapping[str, frozenset[str]] = field(default_factory=dict)


Evaluable = Callable[[Any], Any]  # takes the evaluation context (anything with datos/partes/sujeto/tablas)

_COMPARADORES: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge,
    ast.In: lambda a, b: b is not None and a in b, ast.NotIn: lambda a, b: b is None or a not in b,
}
_ORDEN = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)


@dataclass(frozen=True)
class Condicion:
    texto: str
    _evaluar: Evaluable

    def __call__(self, contexto: Any) -> bool:
        return bool(self._evaluar(contexto))


def compilar(texto: str, vocabulario: Vocabulario) -> Condicion:
    try:
        arbol = ast.parse(texto.strip(), mode="eval")
    except SyntaxError as e:
        raise CondicionInvalida(f"La condición «{texto}» no se puede leer: {e.msg}.") from None
    return Condicion(texto, _Compilador(texto, vocabulario).nodo(arbol.body))


class _Compilador:
    def __init__(self, texto: str, vocabulario: Vocabulario) -> None:
        self.texto = texto
        self.voc = vocabulario

    def error(self, motivo: str) -> CondicionInvalida:
        return CondicionInvalida(f"La condición «{self.texto}» {motivo}.")

    def nodo(self, n: ast.expr) -> Evaluable:
        if isinstance(n, ast.BoolOp):
            partes = [self.nodo(v) for v in n.values]
            if isinstance(n.op, ast.And):
                return lambda c: all(p(c) for p in partes)
            return lambda c: any(p(c) for p in partes)
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.Not):
            interno = self.nodo(n.operand)
            return lambda c: not interno(c)
        if isinstance(n, ast.Compare):
            return self.comparacion(n)
        if isinstance(n, ast.Constant | ast.List | ast.Tuple):
            valor = self.literal(n)
            return lambda c: valor
        if isinstance(n, ast.Attribute | ast.Name):
            return self.ruta(n)
        raise self.error(f"usa «{ast.unparse(n)}», que no está permitido (solo rutas, literales, comparaciones, "
                         "and, or, not)")

    def comparacion(self, n: ast.Compare) -> Evaluable:
        izquierda = self.nodo(n.left)
        pasos: list[tuple[Callable[[Any, Any], bool], Evaluable, bool]] = []
        anterior = n.left
        for op, derecha in zip(n.ops, n.comparators, strict=True):
            funcion = _COMPARADORES.get(type(op))
            if funcion is None:
                raise self.error(f"usa el operador «{type(op).__name__}», que no está permitido")
            self.revisar_opciones(anterior, derecha, op)
            pasos.append((funcion, self.nodo(derecha), isinstance(op, _ORDEN)))
            anterior = derecha

        def evaluar(c: Any) -> bool:
            a = izquierda(c)
            for funcion, siguiente, de_orden in pasos:
                b = siguiente(c)
                if de_orden and (a is None or b is None):
                    return False
                if not funcion(a, b):
                    return False
                a = b
            return True

        return evaluar

    def literal(self, n: ast.expr) -> Any:
        try:
            valor = ast.literal_eval(n)
        except ValueError:
            raise self.error(f"tiene un valor que no es un literal: «{ast.unparse(n)}»") from None
        if isinstance(valor, list | tuple):
            if not all(isinstance(v, str | int | float | bool) for v in valor):
                raise self.error("tiene una lista con valores que no son texto, número ni booleano")
            return frozenset(valor)
        if not isinstance(valor, str | int | float | bool | type(None)):
            raise self.error(f"tiene un literal no admitido: «{ast.unparse(n)}»")
        return valor

    def nombres(self, n: ast.expr) -> list[str]:
        if isinstance(n, ast.Name):
            return [n.id]
        if isinstance(n, ast.Attribute):
            return [*self.nombres(n.value), n.attr]
        raise self.error(f"tiene una ruta no válida: «{ast.unparse(n)}»")

    def ruta(self, n: ast.expr) -> Evaluable:
        nombres = self.nombres(n)
        self.validar_ruta(nombres)
        raiz, resto = nombres[0], tuple(nombres[1:])

        def evaluar(c: Any) -> Any:
            valor: Any = getattr(c, raiz)
            for nombre in resto:
                if valor is None:
                    return None
                valor = valor.get(nombre) if isinstance(valor, Mapping) else getattr(valor, nombre, None)
            return valor

        return evaluar

    def validar_ruta(self, nombres: list[str]) -> None:
        raiz, resto = nombres[0], nombres[1:]
        voc = self.voc
        esperado: dict[str, tuple[int, list[frozenset[str]]]] = {
            "datos": (1, [voc.datos]),
            "sujeto": (1, [voc.atributos_sujeto]),
            "partes": (2, [voc.roles, voc.atributos_persona]),
        }
        if raiz == "tablas":
            if len(resto) != 2 or resto[0] not in voc.tablas or resto[1] not in voc.tablas[resto[0]]:
                raise self.error(f"nombra «{'.'.join(nombres)}», que no es una salida de una tabla de decisión")
            return
        if raiz not in esperado:
            raise self.error(f"empieza por «{raiz}»; las rutas empiezan por datos, partes, sujeto o tablas")
        maximo, niveles = esperado[raiz]
        if raiz == "partes" and not resto:
            return  # «'apoderado' in partes»
        if len(resto) != maximo and not (raiz == "partes" and len(resto) == 1):
            raise self.error(f"nombra «{'.'.join(nombres)}», una ruta de longitud no válida")
        for nombre, conocidos in zip(resto, niveles, strict=False):
            if nombre not in conocidos:
                raise self.error(f"nombra «{nombre}» en «{'.'.join(nombres)}», que no está declarado "
                                 f"(válidos: {', '.join(sorted(conocidos)) or 'ninguno'})")

    def revisar_opciones(self, izquierda: ast.expr, derecha: ast.expr, op: ast.cmpop) -> None:
        """``datos.motivo == 'sucesion'``: the literal must be one of the field's options."""
        if not isinstance(op, ast.Eq | ast.NotEq | ast.In | ast.NotIn):
            return
        if isinstance(derecha, ast.Name) and derecha.id == "partes" and isinstance(izquierda, ast.Constant):
            rol = str(izquierda.value)
            if rol not in self.voc.roles:
                raise self.error(f"pregunta por la parte «{rol}», que no está declarada")
            return
        if isinstance(izquierda, ast.Attribute | ast.Name) and isinstance(derecha, ast.Constant | ast.List | ast.Tuple):
            ruta, literal = ".".join(self.nombres(izquierda)), self.literal(derecha)
        else:
            return
        opciones = self.voc.opciones.get(ruta)
        if opciones is None:
            return
        valores = literal if isinstance(literal, frozenset) else {literal}
        fuera = sorted(str(v) for v in valores if v not in opciones)
        if fuera:
            raise self.error(f"compara {ruta} con {', '.join(fuera)}, que no es una de sus opciones "
                             f"({', '.join(sorted(opciones))})")
