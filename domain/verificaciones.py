"""The official's verification of the checklist items the platform could not check (``Resultado.REVISAR``).

An item is named by its position in the solicitud's findings plus its requisito and regla: findings are recomputed
only when the citizen corrects, and that clears every verification (``Solicitud.subsanar``), so a position always
names the same finding; the requisito and regla guard against a stale form all the same.

Approval needs every REVISAR item marked *verificado*; an item marked *no verificado* carries the observation that
becomes a motivo of the rejection the official is offered.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from domain import textos
from domain.errores import DatoInvalido, TransicionInvalida
from domain.reglas import Hallazgo, Resultado

OBSERVACION = 350
"""Maximum length of an observation."""


class ResultadoVerificacion(enum.Enum):
    VERIFICADO = "verificado"
    NO_VERIFICADO = "no_verificado"


ETIQUETAS_VERIFICACION = {
    ResultadoVerificacion.VERIFICADO: "Verificado",
    ResultadoVerificacion.NO_VERIFICADO: "No verificado",
}


@dataclass(frozen=True)
class Verificacion:
    indice: int
    requisito: str
    regla: str
    resultado: ResultadoVerificacion
    funcionario_id: uuid.UUID
    funcionario_nombre: str
    """The name at the time of the verification: what the record shows even if the account is renamed later."""
    cuando: datetime
    observacion: str = ""


def revisables(hallazgos: Sequence[Hallazgo]) -> list[int]:
    """Positions of the items an official must verify."""
    return [i for i, h in enumerate(hallazgos) if h.resultado is Resultado.REVISAR]


def vigentes(hallazgos: Sequence[Hallazgo], verificaciones: Sequence[Verificacion]) -> dict[int, Verificacion]:
    """The last verification of each item that still names it (position, requisito and regla agree)."""
    actuales: dict[int, Verificacion] = {}
    for v in verificaciones:
        if 0 <= v.indice < len(hallazgos) and _nombra(hallazgos[v.indice], v):
            actuales[v.indice] = v
    return actuales


def _nombra(h: Hallazgo, v: Verificacion) -> bool:
    return h.requisito == v.requisito and h.regla == v.regla and h.resultado is Resultado.REVISAR


def nueva(hallazgos: Sequence[Hallazgo], indice: int, resultado: ResultadoVerificacion, funcionario_id: uuid.UUID,
          funcionario_nombre: str, cuando: datetime, observacion: str, *, requisito: str | None = None,
          regla: str | None = None) -> Verificacion:
    """A checked verification of item ``indice``; ``requisito``/``regla``, when given, must still name it."""
    if not 0 <= indice < len(hallazgos):
        raise DatoInvalido("El punto de la lista de verificación no existe; recargue la página.", campo="indice")
    h = hallazgos[indice]
    if (requisito is not None and requisito != h.requisito) or (regla is not None and regla != h.regla):
        raise TransicionInvalida("La lista de verificación cambió (el ciudadano subsanó la solicitud); recargue la "
                                 "página y verifique de nuevo.")
    if h.resultado is not Resultado.REVISAR:
        raise DatoInvalido("Ese punto lo comprobó la plataforma; solo se verifican los marcados «Revisar».",
                           campo="indice")
    # One line, short enough that «<requisito>: <observación>» still fits a motivo (textos.MOTIVO).
    limpia = textos.texto(observacion, "observacion", OBSERVACION, nombre="observación")
    if resultado is ResultadoVerificacion.NO_VERIFICADO and not limpia:
        raise DatoInvalido("Explique qué no se pudo verificar: la observación será el motivo de rechazo que recibe "
                           "el ciudadano.", campo="observacion")
    return Verificacion(indice, h.requisito, h.regla, resultado, funcionario_id, funcionario_nombre, cuando, limpia)


def pendientes(hallazgos: Sequence[Hallazgo], verificaciones: Sequence[Verificacion]) -> list[int]:
    actuales = vigentes(hallazgos, verificaciones)
    return [i for i in revisables(hallazgos) if i not in actuales]


def no_verificados(hallazgos: Sequence[Hallazgo], verificaciones: Sequence[Verificacion]) -> list[Verificacion]:
    return [v for i, v in sorted(vigentes(hallazgos, verificaciones).items())
            if v.resultado is ResultadoVerificacion.NO_VERIFICADO]


def exigir_aprobable(radicado: str, hallazgos: Sequence[Hallazgo], verificaciones: Sequence[Verificacion]) -> None:
    """Approval is refused while an item awaits the official or was marked not verified."""
    faltan = pendientes(hallazgos, verificaciones)
    if faltan:
        primero = hallazgos[faltan[0]].mensaje
        cuantos = (f"falta verificar un punto «Revisar» de la lista de verificación («{primero}»)" if len(faltan) == 1
                   else f"faltan por verificar {len(faltan)} puntos «Revisar» de la lista de verificación "
                        f"(el primero: «{primero}»)")
        raise TransicionInvalida(f"No se puede aprobar la solicitud {radicado}: {cuantos}. Márquelos como "
                                 "verificados o no verificados.")
    if no_verificados(hallazgos, verificaciones):
        raise TransicionInvalida(
            f"No se puede aprobar la solicitud {radicado}: hay puntos marcados «No verificado». Recházela con esos "
            "motivos o corrija la verificación."
        )


def motivos_sugeridos(hallazgos: Sequence[Hallazgo], verificaciones: Sequence[Verificacion],
                      nombre_requisito: Callable[[str], str]) -> list[str]:
    """One rejection motivo per item marked not verified: «<requisito>: <observación>»."""
    return [f"{nombre_requisito(v.requisito)}: {v.observacion}" for v in no_verificados(hallazgos, verificaciones)]
