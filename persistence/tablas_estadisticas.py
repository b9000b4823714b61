"""Statistics aggregates (domain/estadisticas.py), on the same ``metadata`` as tablas.py. Keep
``migraciones/versions/0013_estadisticas.py`` in step.

The page reads only these small tables (a row per entidad × trámite × ISO week, plus histogram and reason rows), never
the solicitudes or their events. They are written only by the fold (persistence/estadisticas.py), which adds to
them with UPSERTs under the watermark's row lock.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, Index, Integer, String, Table, Uuid

from domain.estadisticas import LARGO_MOTIVO
from domain.textos import CODIGO
from persistence.tablas import eventos_solicitud, metadata
from persistence.tipos import FechaHora


def _contador(nombre: str) -> Column[int]:
    return Column(nombre, Integer, nullable=False, server_default="0")


# A single row (id = 1): the last event folded, in (cuando, solicitud_id, secuencia) order, and when the fold ran.
estadisticas_marca = Table(
    "estadisticas_marca",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("cuando", FechaHora()),
    Column("solicitud_id", Uuid),
    Column("secuencia", Integer, nullable=False, server_default="0"),
    Column("actualizada_en", FechaHora()),
)

# The fold's memory per solicitud: its last folded event (what makes folding idempotent and lets late-committed
# events be told apart) and the day its current decision cycle began (filing or correction).
estadisticas_solicitudes = Table(
    "estadisticas_solicitudes",
    metadata,
    Column("solicitud_id", Uuid, primary_key=True),
    Column("secuencia", Integer, nullable=False),
    Column("inicio_ciclo", Date),
)

estadisticas_semanas = Table(
    "estadisticas_semanas",
    metadata,
    Column("entidad", String(CODIGO), primary_key=True),
    Column("tramite", String(CODIGO), primary_key=True),
    Column("semana", Date, primary_key=True),  # the Monday of the ISO week, in Colombia
    _contador("radicadas"),
    _contador("decididas"),
    _contador("aprobadas"),
    _contador("rechazadas"),
    _contador("a_tiempo"),
    _contador("desistidas"),
    _contador("anuladas"),
    # The page filters by entidad and week without a trámite: this serves that range (the key serves the other).
    Index("ix_estadisticas_semanas_entidad_semana", "entidad", "semana"),
)

# Decisions per días hábiles taken (0..MAX_DIAS): the median over any set of weeks is read off the summed histogram.
estadisticas_tiempos = Table(
    "estadisticas_tiempos",
    metadata,
    Column("entidad", String(CODIGO), primary_key=True),
    Column("tramite", String(CODIGO), primary_key=True),
    Column("semana", Date, primary_key=True),
    Column("dias", Integer, primary_key=True),
    _contador("cuenta"),
)

estadisticas_motivos = Table(
    "estadisticas_motivos",
    metadata,
    Column("entidad", String(CODIGO), primary_key=True),
    Column("tramite", String(CODIGO), primary_key=True),
    Column("semana", Date, primary_key=True),
    Column("motivo", String(LARGO_MOTIVO), primary_key=True),  # normalised: domain.estadisticas.normalizar_motivo
    _contador("cuenta"),
)

# Indexes on tables of tablas.py that only the statistics need, declared here so that file stays the lead's:
# - the fold reads the event log forward from the watermark (a keyset range on cuando, solicitud_id, secuencia);
# («vencidas ahora» is served by ix_solicitudes_vencimiento, declared with the solicitudes table.)
ix_eventos_solicitud_cuando = Index(
    "ix_eventos_solicitud_cuando_solicitud_id_secuencia",
    eventos_solicitud.c.cuando, eventos_solicitud.c.solicitud_id, eventos_solicitud.c.secuencia,
)
