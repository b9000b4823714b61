"""Rate-limit counters shared by every worker (``persistence.contadores_sql``), on the same ``metadata`` as tablas.py.

One row per (key, window): a fixed-window counter added to with an UPSERT. ``vence`` (Unix seconds) is when the row
can no longer count; expired rows are deleted in bounded batches. Keep ``migraciones/versions/0007_limitador.py`` in
step.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, String, Table

from persistence.tablas import metadata

limitador_ventanas = Table(
    "limitador_ventanas",
    metadata,
    Column("clave", String(300), primary_key=True),
    Column("ventana", BigInteger, primary_key=True),
    Column("cuenta", Integer, nullable=False),
    Column("vence", BigInteger, nullable=False),
    Index("ix_limitador_ventanas_vence", "vence"),
)
