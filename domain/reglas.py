"""Findings: what a rule says of a filing (cumple / no cumple / revisar), citing the norm it applies.

The rules themselves live in ``domain.motor`` (registered by name, over the engine's evaluation context); other
families (firmas, contraseñas) produce the same ``Hallazgo`` so officials read one kind of checklist everywhere.
A *bloqueante* finding that fails stops the filing with a clear error; the others feed the official's checklist.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


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
