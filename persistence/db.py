"""Engines and sessions. The database URL is the only setting: an SQLite file by default, PostgreSQL in production."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

URL_POR_DEFECTO = "sqlite:///var/ventanilla.sqlite3"
"""Relative to the working directory, like ``make run`` expects (``/var/`` is git-ignored)."""

ESPERA_BLOQUEO_S = 15.0
"""SQLite busy timeout: how long a writer waits for another one's commit before failing with "database is locked".
Use cases run in worker threads and hold the write lock for milliseconds, so waiting is better than failing."""

_json = functools.partial(json.dumps, ensure_ascii=False)  # readable Spanish text in JSON columns


TAMANO_POOL = 16


def normalizar_url(url: str | URL) -> URL:
    """``postgres://`` and ``postgresql://`` (what hosting providers hand out) use psycopg 3, the installed driver."""
    u = make_url(url)
    if u.drivername in ("postgres", "postgresql"):
        u = u.set(drivername="postgresql+psycopg")
    return u


def crear_motor(url: str | URL = URL_POR_DEFECTO, **opciones: Any) -> Engine:
    """An Engine for ``url``, tuned for the engine it names; ``opciones`` go to ``create_engine`` and win."""
    u = normalizar_url(url)
    motor = u.get_backend_name()
    if motor == "sqlite":
        return _motor_sqlite(u, opciones)
    if motor == "postgresql":
        # pre_ping: a connection dropped by a restart or a firewall is replaced instead of failing a request.
        base: dict[str, Any] = {"pool_pre_ping": True, "json_serializer": _json}
        if "poolclass" not in opciones:
            # As many pooled connections as worker threads run queries at once: with SQLAlchemy's default of 5,
            # every request beyond the fifth opened a connection and closed it again (a PostgreSQL backend
            # fork each time), which was most of the public page's p99 under 8 concurrent clients.
            base["pool_size"] = TAMANO_POOL
        return create_engine(u, **{**base, **opciones})
    raise ValueError(f"Motor de base de datos no soportado: {motor!r}; use sqlite o postgresql.")


def _motor_sqlite(u: URL, opciones: dict[str, Any]) -> Engine:
    en_memoria = u.database in (None, "", ":memory:")
    connect_args = {
        # Use cases run in worker threads; the pool hands each connection to one thread at a time.
        "check_same_thread": False,
        # pysqlite turns this into sqlite3_busy_timeout.
        "timeout": ESPERA_BLOQUEO_S,
        **opciones.pop("connect_args", {}),
    }
    if en_memoria:
        # Every connection to ":memory:" is a different empty database: share a single one.
        opciones = {"poolclass": StaticPool, **opciones}
    else:
        Path(str(u.database)).parent.mkdir(parents=True, exist_ok=True)
    motor = create_engine(u, **{"connect_args": connect_args, "json_serializer": _json, **opciones})

    @event.listens_for(motor, "connect")
    def _configurar(conexion_dbapi: Any, _registro: Any) -> None:
        cursor = conexion_dbapi.cursor()
        try:
            # SQLite ignores foreign keys unless asked, per connection.
            cursor.execute("PRAGMA foreign_keys=ON")
            if not en_memoria:
                # WAL: readers never block the writer nor the writer the readers; synchronous stays FULL (the
                # default) because a filed solicitud must survive a power cut, not only a process crash.
                cursor.execute("PRAGMA journal_mode=WAL")
        finally:
            cursor.close()

    # Transactions on SQLite: pysqlite's default is kept on purpose. It opens the transaction at the first write, so
    # reads before it see the latest committed data (like READ COMMITTED on PostgreSQL) and the write lock is taken
    # by waiting on the busy timeout, never failing with a stale snapshot. Optimistic locking (version columns) is
    # what protects the aggregates on both engines.
    return motor


def crear_sesiones(motor: Engine) -> sessionmaker[Session]:
    """The session factory the unit of work uses. Repositories speak Core, so there is nothing to expire or flush."""
    return sessionmaker(bind=motor, autoflush=False, expire_on_commit=False)


def esta_disponible(motor: Engine) -> bool:
    """For the health endpoint: can we run a trivial query right now?"""
    try:
        with motor.connect() as conexion:
            conexion.execute(text("SELECT 1"))
    except Exception:
        return False
    return True
