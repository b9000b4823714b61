"""``LimitadorConsultas`` on the audit log: the e-Register block (anchors-mission §5) derived from stored lookups.

Every public lookup is already audited by the use case (``casos_uso.firmas.consultar_certificacion``) with actor
``publico:<address>`` and one code per outcome; the failures of an address are the rows with
``ACCION_CONSULTA_FALLIDA``. Reading them back, instead of counting in memory, means a block survives a restart and
is the same for every worker and process on the database, with no table of its own.

The query is bounded: the entidad's index range ``(entidad, cuando)`` over the last ``bloqueo + ventana`` (the only
failures that can matter now), filtered by actor and code, newest first, at most
``ReglaBloqueo.maximo_fallos_relevantes`` rows. The rule itself is the domain's ``bloqueo_desde_fallos``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, select

from domain.eregistro import ACCION_CONSULTA_FALLIDA, ReglaBloqueo, actor_consulta, bloqueo_desde_fallos
from domain.firmas import parametros_certificacion
from domain.reloj import Reloj
from persistence.tablas_auditoria import eventos_auditoria as t


class LimitadorConsultasSQL:
    """Thread- and process-safe (it keeps no state): each call is one indexed read on its own connection."""

    def __init__(self, motor: Engine, reloj: Reloj, regla: ReglaBloqueo, *, entidad: str) -> None:
        self._motor = motor
        self._reloj = reloj
        self._regla = regla
        self._entidad = entidad

    def fallos(self, direccion: str, ahora: datetime) -> list[datetime]:
        """Failure times of ``direccion`` that can bear on a block at ``ahora``, newest first."""
        sentencia = (
            select(t.c.cuando)
            .where(t.c.entidad == self._entidad, t.c.cuando > ahora - self._regla.alcance, t.c.cuando <= ahora,
                   t.c.accion == ACCION_CONSULTA_FALLIDA, t.c.actor == actor_consulta(direccion))
            .order_by(t.c.cuando.desc())
            .limit(self._regla.maximo_fallos_relevantes)
        )
        with self._motor.connect() as conexion:
            return list(conexion.execute(sentencia).scalars())

    def bloqueada_hasta(self, direccion: str) -> datetime | None:
        ahora = self._reloj.ahora()
        return bloqueo_desde_fallos(self.fallos(direccion, ahora), ahora, self._regla)

    def registrar_fallo(self, direccion: str) -> datetime | None:
        # The use case calls this after committing the failure's audit row: counting it is reading the log.
        return self.bloqueada_hasta(direccion)


def limitador_eregistro_sql(motor: Engine, reloj: Reloj) -> LimitadorConsultasSQL:
    """The e-Register limiter with the catálogo's parameters (``catalogo/firmas/certificacion.toml``)."""
    p = parametros_certificacion()
    return LimitadorConsultasSQL(motor, reloj, p.regla_bloqueo(), entidad=p.entidad)
