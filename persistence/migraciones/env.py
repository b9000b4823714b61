"""Alembic environment: the target is persistence.tablas.metadata; the URL comes from migrar() or the command line.

From a shell (no alembic.ini needed):
    python -c "from persistence.migrar import migrar; migrar('postgresql+psycopg://...')"
With the alembic CLI, pass ``-x url=...`` or set VENTANILLA_DATABASE_URL.
"""

from __future__ import annotations

import os
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

from persistence.db import crear_motor, normalizar_url
from persistence.tablas import metadata
from persistence.tipos import FechaHora

config = context.config


def _url() -> str:
    url = (
        config.attributes.get("url")
        or context.get_x_argument(as_dictionary=True).get("url")
        or config.get_main_option("sqlalchemy.url")
        or os.environ.get("VENTANILLA_DATABASE_URL")
    )
    if not url:
        raise RuntimeError("Indique la base de datos: migrar(url), alembic -x url=... o VENTANILLA_DATABASE_URL.")
    return str(url)


def _tipo_para_revision(tipo: str, objeto: Any, _autogen: AutogenContext) -> str | Literal[False]:
    """Autogenerate writes our TypeDecorator as what it is in the database, so revisions stay self-contained."""
    if tipo == "type" and isinstance(objeto, FechaHora):
        return "sa.DateTime(timezone=True)"
    return False


def _configurar(es_sqlite: bool, **opciones: Any) -> None:
    context.configure(
        target_metadata=metadata,
        compare_type=True,
        render_item=_tipo_para_revision,
        # SQLite cannot ALTER most things: later revisions use batch mode (copy-and-move) there.
        render_as_batch=es_sqlite,
        **opciones,
    )


def _correr_sin_conexion() -> None:
    """``alembic upgrade --sql``: print the DDL instead of running it."""
    url = normalizar_url(_url())
    _configurar(url=url, literal_binds=True, es_sqlite=url.get_backend_name() == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


def _correr_en(conexion: Connection) -> None:
    es_sqlite = conexion.dialect.name == "sqlite"
    if es_sqlite:
        # Batch mode rebuilds a table (copy, DROP, rename); with foreign keys on, dropping a table that others
        # reference fails. SQLite's documented procedure: keys off outside the transaction, then a
        # foreign_key_check before they come back on, so no migration can leave a dangling reference.
        conexion.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conexion.commit()
    try:
        _configurar(connection=conexion, es_sqlite=es_sqlite)
        with context.begin_transaction():
            context.run_migrations()
            if es_sqlite:
                huerfanas = conexion.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if huerfanas:
                    raise RuntimeError(f"La migración dejaría referencias rotas: {huerfanas[:5]}")
    finally:
        if es_sqlite:
            conexion.exec_driver_sql("PRAGMA foreign_keys=ON")
            conexion.commit()


def _correr_con_conexion() -> None:
    conexion = config.attributes.get("connection")
    if conexion is not None:  # a caller (e.g. a test) lends its own connection
        _correr_en(conexion)
        return
    # Same engine settings as the application (SQLite pragmas, psycopg driver), but no pool to leave behind.
    motor = crear_motor(_url(), poolclass=NullPool)
    try:
        with motor.connect() as conexion:
            _correr_en(conexion)
    finally:
        motor.dispose()


if context.is_offline_mode():
    _correr_sin_conexion()
else:
    _correr_con_conexion()
