"""The relational schema, as SQLAlchemy Core tables. The domain classes know nothing about it (see mapeo.py).

Conventions:
- every aggregate table has ``version`` for optimistic locking (repositorios/base.py);
- enums are stored by ``.value`` as plain strings: readable in SQL, and adding a state needs no schema change
  (an unknown value fails loudly when mapped back to the enum);
- child rows that belong to one aggregate carry a ``posicion``/``secuencia`` so lists come back in order;
- constraint names follow ``convencion`` so migrations can name what they alter or drop, on every engine.

Keep ``migraciones/versions`` in step: a test compares the migrated database with this metadata.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    false,
)

from domain import textos
from domain.textos import CODIGO, NOMBRE, SHA256
from persistence.tipos import FechaHora, Json

convencion = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=convencion)

# Lengths come from domain/textos.py, which validates every input against them: codes are short and bounded; free
# text written by people is Text.


def _version() -> Column[int]:
    return Column("version", Integer, nullable=False, default=0)


personas = Table(
    "personas",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tipo_identificacion", String(textos.TIPO_IDENTIFICACION), nullable=False),
    Column("numero_identificacion", String(textos.NUMERO_IDENTIFICACION), nullable=False),
    Column("nombres", String(NOMBRE), nullable=False),
    Column("apellidos", String(NOMBRE), nullable=False),
    Column("fecha_nacimiento", Date),
    Column("sexo", String(textos.SEXO)),
    Column("nacionalidad", String(CODIGO), nullable=False),
    Column("direccion", Text),  # bounded by the domain (textos.DIRECCION)
    Column("municipio", String(NOMBRE)),
    Column("correo", String(textos.CORREO)),
    Column("telefono", String(textos.TELEFONO)),
    _version(),
    # The partner system that registered it first: that partner owns its data (docs/aliados.md). No index: it is
    # read with the row, never searched by.
    Column("creada_por", Uuid, ForeignKey("aliados.id")),
    UniqueConstraint("tipo_identificacion", "numero_identificacion"),
)

funcionarios = Table(
    "funcionarios",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("usuario", String(NOMBRE), nullable=False, unique=True),
    Column("nombre", String(NOMBRE), nullable=False),
    Column("entidad", String(CODIGO), nullable=False, index=True),
    Column("rol", String(30), nullable=False),
    Column("hash_clave", Text, nullable=False),
    Column("activo", Boolean, nullable=False),
    _version(),
)

aliados = Table(
    "aliados",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("nombre", String(NOMBRE), nullable=False),
    Column("hash_credencial", String(128), nullable=False, unique=True),
    Column("alcances", Json(), nullable=False),  # sorted list of scope names
    Column("activo", Boolean, nullable=False),
    _version(),
    # Shown in listings instead of the hash: the first characters of the clear credential (24 of its 256 bits).
    Column("prefijo_credencial", String(20), nullable=False, server_default=""),
    Column("creado_en", FechaHora()),  # null only for partners created before migration 0006
    Column("rotado_en", FechaHora()),
    Column("revocado_en", FechaHora()),
)

solicitudes = Table(
    "solicitudes",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("radicado", String(CODIGO), nullable=False, unique=True),
    Column("tramite", String(CODIGO), nullable=False),
    Column("tramite_version", Date, nullable=False),
    Column("entidad", String(CODIGO), nullable=False, index=True),
    # The titular parte, repeated from partes_solicitud: the inbox shows and joins it on every row.
    Column("titular_id", Uuid, ForeignKey("personas.id"), index=True),
    Column("rol_notificado", String(CODIGO), nullable=False),
    # The trámite's own fields (catálogo ``datos``): read and written with the row, never searched by.
    Column("datos", Json(), nullable=False),
    # What the trámite acts on: a vehicle, a licence, a persona (no foreign key: it points at several tables).
    Column("sujeto_tipo", String(CODIGO)),
    Column("sujeto_id", Uuid, index=True),
    Column("sujeto_etiqueta", String(NOMBRE)),
    Column("entrega", String(CODIGO), nullable=False),
    Column("lugar_entrega", String(NOMBRE), nullable=False),
    Column("radicada_en", FechaHora(), nullable=False),
    Column("fecha_limite_decision", Date, nullable=False),
    Column("estado", String(30), nullable=False, index=True),
    # Findings are recomputed as a whole on every filing/correction and never queried one by one: a JSON list.
    Column("hallazgos", Json(), nullable=False),
    Column("asignado_a", Uuid, ForeignKey("funcionarios.id"), index=True),
    Column("motivos_rechazo", Json(), nullable=False),
    Column("fecha_limite_subsanacion", Date),
    # No foreign key: documentos.solicitud_id already points here, and a cycle of foreign keys cannot be created
    # on SQLite. The use case writes both rows in one transaction.
    Column("documento_id", Uuid),
    # The partner system that filed it (null when filed otherwise): partners see only their own solicitudes.
    Column("radicada_por", Uuid, ForeignKey("aliados.id")),
    _version(),
    # The official's verifications of the «Revisar» findings (migration 0014): read and replaced with the findings,
    # never queried one by one, like them.
    Column("verificaciones", Json(), nullable=False),
    # The inbox pages by (radicada_en, id): this index makes every page an index range scan (keyset pagination).
    Index("ix_solicitudes_radicada_en_id", "radicada_en", "id"),
    # The same for a partner's own pages (WHERE radicada_por = :a AND (radicada_en, id) > cursor ORDER BY ...);
    # its leading column also serves any lookup by radicada_por alone.
    Index("ix_solicitudes_radicada_por_radicada_en_id", "radicada_por", "radicada_en", "id"),
    # An official's inbox: one entidad, optionally one estado set and one trámite, keyset by (radicada_en, id).
    Index("ix_solicitudes_bandeja_estado", "entidad", "estado", "radicada_en", "id"),
    Index("ix_solicitudes_bandeja_tramite", "entidad", "tramite", "estado", "radicada_en", "id"),
    # «Vencidas»: open solicitudes past their decision deadline, by entidad (and the count of them).
    Index("ix_solicitudes_vencimiento", "entidad", "estado", "fecha_limite_decision"),
)

# Every parte of a solicitud by role (titular, solicitante, vendedor, comprador, apoderado…). Written with the
# solicitud and never changed; indexed by persona for «the solicitudes of this persona».
partes_solicitud = Table(
    "partes_solicitud",
    metadata,
    Column("solicitud_id", Uuid, ForeignKey("solicitudes.id", ondelete="CASCADE"), primary_key=True),
    Column("rol", String(CODIGO), primary_key=True),
    Column("persona_id", Uuid, ForeignKey("personas.id"), nullable=False, index=True),
)

# How many solicitudes each (entidad, trámite, estado) holds, kept in the transaction of every change: the inbox
# and its chart read a handful of rows instead of counting millions.
conteo_solicitudes = Table(
    "conteo_solicitudes",
    metadata,
    Column("entidad", String(CODIGO), primary_key=True),
    Column("tramite", String(CODIGO), primary_key=True),
    Column("estado", String(30), primary_key=True),
    Column("cantidad", BigInteger, nullable=False),
)

# Which partner systems registered each persona (see domain.puertos.RepositorioPersonas): personas are shared, one
# row per identification, so several partners may have registered the same one. Only ever inserted.
aliados_persona = Table(
    "aliados_persona",
    metadata,
    Column("persona_id", Uuid, ForeignKey("personas.id"), primary_key=True),
    Column("aliado_id", Uuid, ForeignKey("aliados.id"), primary_key=True),
)

soportes = Table(
    "soportes",
    metadata,
    Column("solicitud_id", Uuid, ForeignKey("solicitudes.id", ondelete="CASCADE"), primary_key=True),
    Column("posicion", Integer, primary_key=True),
    Column("requisito", String(CODIGO), nullable=False),
    Column("sha256", String(SHA256), nullable=False),
    Column("nombre", String(NOMBRE), nullable=False),
    Column("tipo_medio", String(100), nullable=False),
    Column("tamano", BigInteger, nullable=False),
    Column("fecha_documento", Date),
    Column("subtipo", String(CODIGO)),
)

# The audit log of a solicitud: rows are only ever inserted (repositorios never update or delete them).
eventos_solicitud = Table(
    "eventos_solicitud",
    metadata,
    Column("solicitud_id", Uuid, ForeignKey("solicitudes.id"), primary_key=True),
    Column("secuencia", Integer, primary_key=True),
    Column("cuando", FechaHora(), nullable=False),
    Column("tipo", String(CODIGO), nullable=False),
    Column("actor", String(NOMBRE), nullable=False),
    Column("detalle", Text, nullable=False),
)

documentos = Table(
    "documentos",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tipo", String(CODIGO), nullable=False),
    Column("entidad", String(CODIGO), nullable=False),
    Column("titular_id", Uuid, ForeignKey("personas.id"), nullable=False, index=True),
    Column("numero", String(100), nullable=False, index=True),
    Column("fecha_expedicion", Date, nullable=False),
    Column("vigente_hasta", Date),
    # The Archivo value object, flattened: all four are null together when there is no file.
    Column("archivo_sha256", String(SHA256)),
    Column("archivo_nombre", String(NOMBRE)),
    Column("archivo_tipo_medio", String(100)),
    Column("archivo_tamano", BigInteger),
    Column("solicitud_id", Uuid, ForeignKey("solicitudes.id"), index=True),
    Column("clave_firma", String(CODIGO)),
    _version(),
)

# Suspensions and revocations: append-only, so a revocation once recorded is seen by every reader.
eventos_documento = Table(
    "eventos_documento",
    metadata,
    Column("documento_id", Uuid, ForeignKey("documentos.id"), primary_key=True),
    Column("secuencia", Integer, primary_key=True),
    Column("tipo", String(30), nullable=False),
    Column("fecha", FechaHora(), nullable=False),
    Column("motivo", Text, nullable=False),
    Column("actor", String(NOMBRE), nullable=False),
)

vehiculos = Table(
    "vehiculos",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("placa", String(10), nullable=False, unique=True),
    Column("clase", String(30), nullable=False),
    Column("servicio", String(30), nullable=False),
    Column("marca", String(100), nullable=False),
    Column("linea", String(100), nullable=False),
    Column("modelo", Integer, nullable=False),
    Column("color", String(100), nullable=False),
    Column("numero_motor", String(100), nullable=False),
    Column("numero_chasis", String(100), nullable=False),
    Column("estado_matricula", String(30), nullable=False),
    _version(),
    # The registry (issue 8): characteristics, matrícula cause and traslado; the few-row parts of the record
    # (gravámenes, medidas, regrabaciones, tradición, tarjeta de operación, old plates) as JSON on the row, so
    # the whole record changes under one version check. The history, which only grows, is its own table.
    Column("numero_serie", String(100), nullable=False, server_default=""),
    Column("carroceria", String(100), nullable=False, server_default=""),
    Column("cilindraje", Integer),
    Column("combustible", String(30), nullable=False, server_default="gasolina"),
    Column("blindado", Boolean, nullable=False, server_default=false()),
    Column("causa_cancelacion", String(30)),
    Column("organismo", String(CODIGO), nullable=False, server_default=""),
    Column("organismo_destino", String(CODIGO)),
    Column("traslado_iniciado_en", Date),
    Column("registro", Json(), nullable=False, server_default="{}"),
)

# Owners as a link table rather than a JSON list: the database checks that each owner exists, and "vehicles of
# this persona" is an indexed lookup.
propietarios_vehiculo = Table(
    "propietarios_vehiculo",
    metadata,
    Column("vehiculo_id", Uuid, ForeignKey("vehiculos.id", ondelete="CASCADE"), primary_key=True),
    Column("persona_id", Uuid, ForeignKey("personas.id"), primary_key=True, index=True),
    Column("posicion", Integer, nullable=False),
)

# Outbox: written in the same transaction as the change that causes each notification; dispatchers claim one row at
# a time (estado enviando + a lease), send it and record the outcome (domain/casos_uso/notificaciones.py).
bandeja_salida = Table(
    "bandeja_salida",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("destinatario", String(320), nullable=False),
    Column("asunto", Text, nullable=False),
    Column("cuerpo", Text, nullable=False),
    Column("creada_en", FechaHora(), nullable=False),
    Column("solicitud_id", Uuid, ForeignKey("solicitudes.id"), index=True),
    Column("enviada_en", FechaHora()),
    Column("tipo", String(40)),  # null: a row from before kinds existed, sent as its plain cuerpo
    Column("datos", Json()),
    Column("entidad", String(CODIGO)),
    Column("estado", String(20), nullable=False, server_default="pendiente"),
    Column("intentos", Integer, nullable=False, server_default="0"),
    Column("proximo_intento", FechaHora(), nullable=False),
    Column("arriendo_hasta", FechaHora()),
    Column("ultimo_error", Text),
    # The claim: WHERE estado = 'pendiente' AND proximo_intento <= now (or estado = 'enviando' with a lapsed lease).
    Index("ix_bandeja_salida_estado_proximo_intento", "estado", "proximo_intento"),
    # The officials' page: one entidad's rows in some states, newest first (keyset on creada_en, id).
    Index("ix_bandeja_salida_entidad_estado_creada_en", "entidad", "estado", "creada_en", "id"),
)

# Gap-free counters for radicado numbers, one row per prefix (e.g. "RES-2026"). A row lock (PostgreSQL) or the
# single writer (SQLite) serialises filings of the same prefix until commit; a rollback gives the number back.
consecutivos = Table(
    "consecutivos",
    metadata,
    Column("prefijo", String(CODIGO), primary_key=True),
    Column("valor", BigInteger, nullable=False),
)
