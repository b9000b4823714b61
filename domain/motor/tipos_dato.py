"""The types of the *datos* a trámite declares, each with its validation and its Spanish error.

A partner sends datos as JSON-ish values (text, numbers, booleans); ``TipoDato.convertir`` turns one into the
domain's value or raises ``DatoInvalido`` naming the field by its label. The catálogo names types by these keys.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from domain.errores import DatoInvalido

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Opcion:
    valor: str
    etiqueta: str


@dataclass(frozen=True)
class CampoDato:
    nombre: str
    etiqueta: str
    tipo: str
    obligatorio: bool = True
    opciones: tuple[Opcion, ...] = ()
    largo_maximo: int = 200
    minimo: int | None = None
    maximo: int | None = None
    ayuda: str = ""
    aplica_si: Any = None  # a compiled Condicion; Any keeps this module free of the expression language
    defecto: Any = None  # what an omitted field means (checked like a sent value when the catálogo loads)

    def convertir(self, valor: object) -> object:
        return TIPOS[self.tipo](self, valor)

    def valores_opciones(self) -> frozenset[str]:
        return frozenset(o.valor for o in self.opciones)


def _error(campo: CampoDato, motivo: str) -> DatoInvalido:
    return DatoInvalido(f"«{campo.etiqueta}» {motivo}.", campo=f"datos.{campo.nombre}")


def _texto(campo: CampoDato, valor: object) -> str:
    if not isinstance(valor, str):
        raise _error(campo, "debe ser un texto")
    limpio = unicodedata.normalize("NFC", valor.strip())
    if _CONTROL.search(limpio):
        raise _error(campo, "contiene caracteres de control no permitidos")
    if not limpio:
        raise _error(campo, "está vacío")
    if len(limpio) > campo.largo_maximo:
        raise _error(campo, f"tiene {len(limpio)} caracteres; el máximo es {campo.largo_maximo}")
    return limpio


def _entero(campo: CampoDato, valor: object) -> int:
    if isinstance(valor, bool) or not isinstance(valor, int | str):
        raise _error(campo, "debe ser un número entero")
    try:
        numero = int(str(valor).strip())
    except ValueError:
        raise _error(campo, "debe ser un número entero") from None
    if campo.minimo is not None and numero < campo.minimo:
        raise _error(campo, f"debe ser al menos {campo.minimo}")
    if campo.maximo is not None and numero > campo.maximo:
        raise _error(campo, f"no puede ser mayor que {campo.maximo}")
    return numero


def _dinero(campo: CampoDato, valor: object) -> Decimal:
    """Pesos with at most two decimals, never negative: «valor de la venta»."""
    if isinstance(valor, bool) or not isinstance(valor, int | str | Decimal):
        raise _error(campo, "debe ser un valor en pesos")
    try:
        pesos = Decimal(str(valor).strip())
    except InvalidOperation:
        raise _error(campo, "debe ser un valor en pesos (solo dígitos, sin puntos de miles)") from None
    if not pesos.is_finite() or pesos < 0 or pesos.as_tuple().exponent < -2:  # type: ignore[operator]
        raise _error(campo, "debe ser un valor en pesos no negativo, con máximo dos decimales")
    return pesos


def _fecha(campo: CampoDato, valor: object) -> date:
    if isinstance(valor, date):
        return valor
    if not isinstance(valor, str):
        raise _error(campo, "debe ser una fecha AAAA-MM-DD")
    try:
        return date.fromisoformat(valor.strip())
    except ValueError:
        raise _error(campo, f"«{valor}» no es una fecha válida (AAAA-MM-DD)") from None


def _booleano(campo: CampoDato, valor: object) -> bool:
    if isinstance(valor, str) and valor.strip().lower() in ("true", "false"):  # a form field or a text input
        return valor.strip().lower() == "true"
    if not isinstance(valor, bool):
        raise _error(campo, "debe ser sí o no (true/false)")
    return valor


def _opcion(campo: CampoDato, valor: object) -> str:
    if not isinstance(valor, str) or valor not in campo.valores_opciones():
        validas = ", ".join(f"{o.valor} ({o.etiqueta})" for o in campo.opciones)
        raise _error(campo, f"debe ser una de: {validas}")
    return valor


def _placa(campo: CampoDato, valor: object) -> str:
    texto = _texto(campo, valor).replace(" ", "").replace("-", "").upper()
    if not re.fullmatch(r"[A-Z]{3}\d{2}[A-Z0-9]|[RS]\d{5}", texto):
        raise _error(campo, f"«{valor}» no es una placa colombiana (ABC123, ABC12D, R12345, S12345)")
    return texto


TIPOS: dict[str, Callable[[CampoDato, object], Any]] = {
    "texto": _texto,
    "entero": _entero,
    "dinero": _dinero,
    "fecha": _fecha,
    "booleano": _booleano,
    "opcion": _opcion,
    "placa": _placa,
}
