"""Which final decisions a trámite's catálogo allows besides approval and rejection with a window to correct.

Both catálogo formats carry the same table (``[decisiones_permitidas]``): the residence certificate's file read by
``domain.catalogo`` and the engine's ``TramiteDef`` (``domain.motor.construccion``). ``decisiones_de`` is the only
place the use cases read it from, so moving the residence certificate onto the engine changes nothing else.

    [decisiones_permitidas.rechazo_definitivo]     # absent table: not allowed
    fuente = "Ley 1437 de 2011 (CPACA), art. 42 …"  # the norm, cited to the citizen
    causales = ["…", "…"]                           # what the norm admits, offered to the official

Why each trámite says so in data: docs/decisiones.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

CLAVES = ("rechazo_definitivo", "anulacion")
CLAVES_DECISION = ("fuente", "causales")


@dataclass(frozen=True)
class DecisionFinal:
    fuente: str
    causales: tuple[str, ...] = ()


@dataclass(frozen=True)
class DecisionesPermitidas:
    rechazo_definitivo: DecisionFinal | None = None
    anulacion: DecisionFinal | None = None

    @property
    def admite_rechazo_definitivo(self) -> bool:
        return self.rechazo_definitivo is not None

    @property
    def admite_anulacion(self) -> bool:
        return self.anulacion is not None


class ConDecisiones(Protocol):
    @property
    def decisiones_permitidas(self) -> DecisionesPermitidas: ...


def decisiones_de(tramite: ConDecisiones) -> DecisionesPermitidas:
    """The one reading of the permission, whatever catálogo format the trámite comes from."""
    return tramite.decisiones_permitidas


def problemas(datos: Any) -> list[tuple[str, str]]:
    """(key, problem) for a ``[decisiones_permitidas]`` table; empty when it is well formed."""
    if datos is None:
        return []
    if not isinstance(datos, Mapping):
        return [("", "debe ser una tabla con «rechazo_definitivo» y/o «anulacion»")]
    encontrados = [(str(k), f"no admite la clave «{k}» (válidas: {', '.join(CLAVES)})") for k in datos
                   if k not in CLAVES]
    for clave in CLAVES:
        d = datos.get(clave)
        if d is None:
            continue
        if not isinstance(d, Mapping):
            encontrados.append((clave, "debe ser una tabla con «fuente» y «causales»"))
            continue
        encontrados += [(f"{clave}.{k}", f"no admite la clave «{k}»") for k in d if k not in CLAVES_DECISION]
        if not isinstance(d.get("fuente"), str) or not d["fuente"].strip():
            encontrados.append((f"{clave}.fuente", "falta «fuente»: la norma que la permite, como la cita un "
                                                   "ciudadano"))
        causales = d.get("causales", [])
        if not isinstance(causales, list) or not all(isinstance(c, str) and c.strip() for c in causales):
            encontrados.append((f"{clave}.causales", "«causales» es una lista de textos no vacíos"))
    return encontrados


def leer(datos: Any) -> DecisionesPermitidas:
    """The table as data (call ``problemas`` first: this assumes it is well formed)."""
    if not datos:
        return DecisionesPermitidas()

    def una(clave: str) -> DecisionFinal | None:
        d = datos.get(clave)
        if d is None:
            return None
        return DecisionFinal(d["fuente"].strip(), tuple(c.strip() for c in d.get("causales", [])))

    return DecisionesPermitidas(una("rechazo_definitivo"), una("anulacion"))
