"""Rules: pure functions registered by name, each returning a Hallazgo that cites the norm it applies.

The catálogo says which rules apply to which requisito and with which parameters; this module holds only the logic.
A *bloqueante* rule that fails stops the filing with a clear error; the others feed the official's checklist.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.catalogo import ReglaDef, Requisito, Tramite
from domain.redaccion import enumerar


class Resultado(enum.Enum):
    CUMPLE = "cumple"
    NO_CUMPLE = "no_cumple"
    REVISAR = "revisar"  # the system cannot tell; an official must look at the soporte


@dataclass(frozen=True)
class Hallazgo:
    requisito: str
    regla: str
    resultado: Resultado
    mensaje: str
    fuente: str
    bloqueante: bool = False


@dataclass(frozen=True)
class SoporteEvaluado:
    """What the rules can see of a soporte: its declared data, not its pixels."""

    requisito: str
    tipo_medio: str
    fecha_documento: date | None
    subtipo: str | None


Regla = Callable[[SoporteEvaluado, date, dict[str, Any]], tuple[Resultado, str]]
_REGISTRO: dict[str, Regla] = {}


def regla(nombre: str) -> Callable[[Regla], Regla]:
    def registrar(funcion: Regla) -> Regla:
        _REGISTRO[nombre] = funcion
        return funcion

    return registrar


@regla("antiguedad_maxima_dias")
def _antiguedad(soporte: SoporteEvaluado, hoy: date, p: dict[str, Any]) -> tuple[Resultado, str]:
    if soporte.fecha_documento is None:
        return Resultado.NO_CUMPLE, "Falta la fecha del documento (fecha de facturación o de pago)."
    if soporte.fecha_documento > hoy:
        return Resultado.NO_CUMPLE, f"La fecha del documento ({soporte.fecha_documento:%d/%m/%Y}) está en el futuro."
    edad = (hoy - soporte.fecha_documento).days
    if edad > p["dias"]:
        return Resultado.NO_CUMPLE, f"El documento tiene {edad} días; no puede ser mayor a {p['dias']} días."
    return Resultado.CUMPLE, f"El documento tiene {edad} días (máximo {p['dias']})."


@regla("subtipo_admitido")
def _subtipo(soporte: SoporteEvaluado, hoy: date, p: dict[str, Any]) -> tuple[Resultado, str]:
    admitidos, nombre = p["_subtipos"], p["_nombre_subtipo"]
    if soporte.subtipo in admitidos:
        return Resultado.CUMPLE, f"Servicio público: {nombre(soporte.subtipo)}."
    opciones = enumerar(f"«{c}»" for c in admitidos)  # the codes to send, as a partner system must write them
    return Resultado.NO_CUMPLE, f"El servicio «{soporte.subtipo or ''}» no se admite; use {opciones}."


@regla("visible_en_soporte")
def _visible(soporte: SoporteEvaluado, hoy: date, p: dict[str, Any]) -> tuple[Resultado, str]:
    return Resultado.REVISAR, f"Confirme que en el soporte se ve {p['que']}."


@regla("datos_coinciden_con_soporte")
def _coinciden(soporte: SoporteEvaluado, hoy: date, p: dict[str, Any]) -> tuple[Resultado, str]:
    return Resultado.REVISAR, "Confirme que los datos registrados coinciden con el documento anexo."


def _aplica(definicion: ReglaDef, soporte: SoporteEvaluado) -> bool:
    solo = definicion.parametros.get("solo_subtipos")
    return solo is None or soporte.subtipo in solo


def evaluar_soporte(requisito: Requisito, soporte: SoporteEvaluado, hoy: date) -> list[Hallazgo]:
    hallazgos = []
    for definicion in requisito.reglas:
        if not _aplica(definicion, soporte):
            continue
        parametros = {**definicion.parametros, "_subtipos": requisito.subtipos,
                      "_nombre_subtipo": requisito.nombre_subtipo}
        resultado, mensaje = _REGISTRO[definicion.regla](soporte, hoy, parametros)
        hallazgos.append(
            Hallazgo(requisito.codigo, definicion.regla, resultado, mensaje, definicion.fuente, definicion.bloqueante)
        )
    return hallazgos


def requisitos_aplicables(tramite: Tramite, condiciones: set[str]) -> list[Requisito]:
    return [r for r in tramite.requisitos if r.aplica_si is None or r.aplica_si in condiciones]


def evaluar(
    tramite: Tramite, soportes: list[SoporteEvaluado], condiciones: set[str], hoy: date
) -> list[Hallazgo]:
    """All findings for a filing: presence of each applicable requisito, then each soporte's rules."""
    hallazgos: list[Hallazgo] = []
    presentes = {s.requisito for s in soportes}
    for requisito in requisitos_aplicables(tramite, condiciones):
        obligatorio = requisito.obligatorio or requisito.aplica_si is not None
        if requisito.codigo not in presentes:
            if obligatorio:
                hallazgos.append(
                    Hallazgo(requisito.codigo, "presente", Resultado.NO_CUMPLE,
                             f"Falta el soporte: {requisito.nombre}.", requisito.fuente, bloqueante=True)
                )
            continue
        hallazgos.append(
            Hallazgo(requisito.codigo, "presente", Resultado.CUMPLE, f"Se anexó: {requisito.nombre}.", requisito.fuente)
        )
        for soporte in (s for s in soportes if s.requisito == requisito.codigo):
            hallazgos.extend(evaluar_soporte(requisito, soporte, hoy))
    return hallazgos


def reglas_registradas() -> frozenset[str]:
    return frozenset(_REGISTRO)
