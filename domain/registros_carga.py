"""Rows of the external registries as officials load them (CSV): each checked, or refused with its line and reason.

One column layout per registry; values are normalised the way the domain stores them (identification without dots,
placa in capitals, dates ISO, pesos as decimals). Loading is all or nothing: the caller writes only if every row is
valid.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from domain.errores import DatoInvalido
from domain.valores import Identificacion

COLUMNAS: Mapping[str, tuple[str, ...]] = {
    "runt": ("tipo_identificacion", "numero_identificacion", "inscrita_en"),
    "multas": ("numero", "tipo_identificacion", "numero_identificacion", "fecha", "valor", "pagada_en"),
    "impuestos": ("placa", "vigencia", "pagado_en"),
    "soat": ("numero", "placa", "desde", "hasta", "aseguradora"),
}
OPCIONALES = frozenset({"pagada_en"})


@dataclass(frozen=True)
class ErrorFila:
    linea: int
    mensaje: str


def _fecha(valor: str, columna: str) -> date:
    try:
        return date.fromisoformat(valor)
    except ValueError:
        raise DatoInvalido(f"«{columna}» = «{valor}» no es una fecha AAAA-MM-DD") from None


def _placa(valor: str, columna: str) -> str:
    placa = re.sub(r"[\s\-]", "", valor).upper()
    if not re.fullmatch(r"[A-Z]{3}\d{2}[A-Z0-9]|[RS]\d{5}", placa):
        raise DatoInvalido(f"«{valor}» no es una placa colombiana")
    return placa


def _valor(valor: str, columna: str) -> Decimal:
    try:
        pesos = Decimal(valor)
    except InvalidOperation:
        raise DatoInvalido(f"«{columna}» = «{valor}» no es un valor en pesos") from None
    if not pesos.is_finite() or pesos < 0:
        raise DatoInvalido(f"«{columna}» = «{valor}» debe ser un valor no negativo")
    return pesos


def _vigencia(valor: str, columna: str) -> int:
    if not re.fullmatch(r"(19|20)\d\d", valor):
        raise DatoInvalido(f"«{columna}» = «{valor}» no es un año")
    return int(valor)


def _texto(valor: str, columna: str) -> str:
    if len(valor) > 200 or re.search(r"[\x00-\x1f\x7f]", valor):
        raise DatoInvalido(f"«{columna}» es demasiado largo o tiene caracteres de control")
    return valor


_CONVERSORES: Mapping[str, Callable[[str, str], Any]] = {
    "inscrita_en": _fecha, "fecha": _fecha, "pagada_en": _fecha, "pagado_en": _fecha, "desde": _fecha,
    "hasta": _fecha, "placa": _placa, "valor": _valor, "vigencia": _vigencia, "numero": _texto,
    "aseguradora": _texto,
}


def convertir_fila(registro: str, fila: Mapping[str, str]) -> dict[str, Any]:
    convertida: dict[str, Any] = {}
    for columna in COLUMNAS[registro]:
        valor = (fila.get(columna) or "").strip()
        if not valor:
            if columna in OPCIONALES:
                convertida[columna] = None
                continue
            raise DatoInvalido(f"falta «{columna}»")
        if columna in ("tipo_identificacion", "numero_identificacion"):
            continue
        convertida[columna] = _CONVERSORES[columna](valor, columna)
    if "tipo_identificacion" in COLUMNAS[registro]:
        identificacion = Identificacion.crear(fila["tipo_identificacion"], fila["numero_identificacion"])
        convertida["tipo_identificacion"] = identificacion.tipo.value
        convertida["numero_identificacion"] = identificacion.numero
    if registro == "soat" and convertida["hasta"] < convertida["desde"]:
        raise DatoInvalido("la póliza termina antes de empezar")
    return convertida


def convertir_filas(registro: str, filas: Iterable[tuple[int, Mapping[str, str]]]
                    ) -> tuple[list[dict[str, Any]], list[ErrorFila]]:
    """Every row converted, and the errors (line, reason) of those that could not be."""
    if registro not in COLUMNAS:
        raise DatoInvalido(f"El registro «{registro}» no existe; use: {', '.join(COLUMNAS)}.")
    validas, errores = [], []
    for linea, fila in filas:
        try:
            validas.append(convertir_fila(registro, fila))
        except DatoInvalido as e:
            errores.append(ErrorFila(linea, e.mensaje))
    return validas, errores
