"""What an effect sees and changes: the approved solicitud's datos and partes, and the sujeto aggregate itself.

The use case loads the sujeto, runs every effect on it in the unit of work of the approval and saves it with its
version check: the approval and its effects are written together or not at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain.errores import DatoInvalido
from domain.motor.contexto import Evaluacion
from domain.motor.esquema import TramiteDef
from domain.motor.registro import EFECTOS
from domain.personas import Persona


@dataclass
class Aplicacion:
    tramite: TramiteDef
    radicado: str
    fecha: date
    datos: Mapping[str, Any]
    personas: Mapping[str, Persona]
    sujeto: Any  # Vehiculo | Licencia | Persona | None (None until a matrícula or expedition creates it)
    organismo: str
    evaluacion: Evaluacion
    nuevos: list[Any] = field(default_factory=list)  # aggregates the effects created (to be added, not saved)
    reemplazados: list[Any] = field(default_factory=list)  # aggregates the effects changed besides the sujeto

    def persona(self, rol: str) -> Persona:
        persona = self.personas.get(rol)
        if persona is None:
            raise DatoInvalido(f"Falta la parte «{rol}» que el trámite necesita para inscribir su efecto.")
        return persona

    def anotar(self, detalle: str) -> None:
        anotar = getattr(self.sujeto, "anotar", None)
        if anotar is not None:
            # «a favor de Banco de Bogotá S.A.» + «.»: a name that ends the sentence keeps its own full stop.
            detalle = detalle[:-1] if detalle.endswith("..") else detalle
            anotar(self.fecha, self.tramite.nombre, self.radicado, detalle)


def describir_efectos(ap: Aplicacion) -> list[str]:
    """Each effect in Spanish, as the official sees it before approving."""
    return [EFECTOS[e.efecto].describir(ap, e.parametros) for e in ap.tramite.efectos
            if e.aplica_si is None or e.aplica_si(ap.evaluacion)]


def aplicar_efectos(ap: Aplicacion) -> list[str]:
    """Apply every effect that applies, in catalogue order; returns what was done (for the history and audit)."""
    hechos = []
    for definicion in ap.tramite.efectos:
        if definicion.aplica_si is not None and not definicion.aplica_si(ap.evaluacion):
            continue
        efecto = EFECTOS[definicion.efecto]
        hechos.append(efecto.describir(ap, definicion.parametros))
        efecto.aplicar(ap, definicion.parametros)
    return hechos
