"""Protection of the public e-Register lookup against fishing (anchors-mission §5: the UK FCDO
verify-apostille-service blocks an address after repeated failed lookups).

The rule (``ReglaBloqueo``, parameters in ``catalogo/firmas/certificacion.toml``): an address is blocked until
``T + bloqueo``, where ``T`` is the time of a failed lookup that made ``fallos_maximos`` failures within ``ventana``
(failures at ``t`` with ``T - ventana < t <= T``). Lookups refused because the address was blocked are not
failures, so a block is never extended by knocking on it.

``bloqueo_desde_fallos`` applies the rule to a list of failure times; both limiters use it:
``LimitadorEnMemoria`` (one process, for unit tests) and ``persistence.limitador_consultas.LimitadorConsultasSQL``,
which reads the failures back from the audit log, so a block survives a restart and is shared by every worker.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from domain.reloj import Reloj

# One audit code per outcome of a public lookup (written by ``casos_uso.firmas.consultar_certificacion``), so the
# failures can be read back from the audit log without parsing free text. Actor: ``publico:<address>``.
ACCION_CONSULTA_ENCONTRADA = "certificacion_firma.consultar.encontrada"
ACCION_CONSULTA_FALLIDA = "certificacion_firma.consultar.fallida"
ACCION_CONSULTA_BLOQUEADA = "certificacion_firma.consultar.bloqueada"
ACCIONES_CONSULTA = frozenset({ACCION_CONSULTA_ENCONTRADA, ACCION_CONSULTA_FALLIDA, ACCION_CONSULTA_BLOQUEADA})
_LARGO_DIRECCION = 180  # the audit actor column holds 200 characters


def actor_consulta(direccion: str) -> str:
    """The audit actor of a lookup from ``direccion``; the limiters key on it. A partner's lookups (through the API,
    keyed ``aliado:<id>``) are audited as that partner, a page visitor's as ``publico:<address>``."""
    if direccion.startswith("aliado:"):
        return direccion[:_LARGO_DIRECCION]
    return f"publico:{direccion[:_LARGO_DIRECCION]}"


@dataclass(frozen=True)
class ReglaBloqueo:
    fallos_maximos: int = 5
    ventana: timedelta = timedelta(minutes=15)
    bloqueo: timedelta = timedelta(hours=24)

    @property
    def alcance(self) -> timedelta:
        """How far back failures can matter at any instant: a trigger within ``bloqueo`` and its window."""
        return self.bloqueo + self.ventana

    @property
    def maximo_fallos_relevantes(self) -> int:
        """Upper bound on the failures of one unblocked address within ``alcance`` (fewer than ``fallos_maximos``
        per window, or it would be blocked), with room for races between workers: a bound for a SQL LIMIT."""
        ventanas = -(-self.alcance // self.ventana)  # ceiling division of timedeltas
        return self.fallos_maximos * (ventanas + 1)


def bloqueo_desde_fallos(fallos: Iterable[datetime], ahora: datetime, regla: ReglaBloqueo) -> datetime | None:
    """End of the block in force at ``ahora`` given an address's failure times (any order), or None."""
    tiempos = sorted(t for t in fallos if ahora - regla.alcance < t <= ahora)
    fin: datetime | None = None
    inicio = 0
    for i, t in enumerate(tiempos):
        while tiempos[inicio] <= t - regla.ventana:
            inicio += 1
        if i - inicio + 1 >= regla.fallos_maximos and t + regla.bloqueo > ahora:
            fin = t + regla.bloqueo  # times are sorted: the last trigger ends last
    return fin


class LimitadorConsultas(Protocol):
    def bloqueada_hasta(self, direccion: str) -> datetime | None:
        """End of the address's current block, or None."""
        ...

    def registrar_fallo(self, direccion: str) -> datetime | None:
        """Called once a failed lookup has been recorded (committed to the audit log); returns the end of the block
        the address is now under, if any."""
        ...


class LimitadorEnMemoria:
    """The rule over failures kept in this process only: lost on restart, not shared. For tests and tools."""

    def __init__(self, reloj: Reloj, *, fallos_maximos: int = 5, ventana: timedelta = timedelta(minutes=15),
                 bloqueo: timedelta = timedelta(hours=24)) -> None:
        self._reloj = reloj
        self._regla = ReglaBloqueo(fallos_maximos, ventana, bloqueo)
        self._fallos: dict[str, list[datetime]] = {}
        self._candado = threading.Lock()

    def bloqueada_hasta(self, direccion: str) -> datetime | None:
        ahora = self._reloj.ahora()
        with self._candado:
            fallos = [t for t in self._fallos.get(direccion, []) if ahora - self._regla.alcance < t]
            if fallos:
                self._fallos[direccion] = fallos
            else:
                self._fallos.pop(direccion, None)
            return bloqueo_desde_fallos(fallos, ahora, self._regla)

    def registrar_fallo(self, direccion: str) -> datetime | None:
        with self._candado:
            self._fallos.setdefault(direccion, []).append(self._reloj.ahora())
        return self.bloqueada_hasta(direccion)
