"""What every SQL repository shares: executing on the unit of work's transaction, inserts, optimistic locking."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import Executable, Table, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from domain.errores import ConflictoConcurrencia
from persistence.mapeo import Fila

T = TypeVar("T")

# Bound parameters per IN list: far below SQLite's (32766) and PostgreSQL's (65535) limits.
TAMANO_LOTE = 1000


def es_violacion_de_unicidad(error: IntegrityError) -> bool:
    """True for a UNIQUE/PRIMARY KEY violation; False for foreign keys, NOT NULL and the rest (those are bugs)."""
    original = error.orig
    sqlstate = getattr(original, "sqlstate", None)  # psycopg
    if sqlstate is not None:
        return bool(sqlstate == "23505")
    nombre = getattr(original, "sqlite_errorname", "")  # sqlite3, Python >= 3.11
    return nombre in ("SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY")


def lotes(valores: Sequence[T], tamano: int = TAMANO_LOTE) -> Iterator[Sequence[T]]:
    for inicio in range(0, len(valores), tamano):
        yield valores[inicio : inicio + tamano]


class RepositorioSQL:
    """Base of the repositories: all of them run on the session of one UnidadDeTrabajoSQL.

    They speak SQLAlchemy Core (tables, not ORM entities) through ``session.connection()``, fetched on each call
    because the connection changes after a commit.
    """

    def __init__(self, sesion: Session) -> None:
        self._sesion = sesion

    def _ejecutar(self, sentencia: Executable, parametros: Any = None) -> CursorResult[Any]:
        return self._sesion.connection().execute(sentencia, parametros)

    @property
    def _dialecto(self) -> str:
        return self._sesion.connection().dialect.name

    def _insercion_con_conflicto(self, tabla: Table) -> Any:
        """``INSERT`` of this engine's dialect, which offers ``on_conflict_do_*`` (upserts, idempotent links)."""
        if self._dialecto == "postgresql":
            return postgresql.insert(tabla)
        if self._dialecto == "sqlite":
            return sqlite.insert(tabla)
        raise NotImplementedError(f"Motor no soportado: {self._dialecto}")  # pragma: no cover - only the two

    def _insertar(self, tabla: Table, filas: Sequence[Mapping[str, Any]]) -> None:
        """Insert rows; a uniqueness violation means someone else created the same thing first.

        Reported as ConflictoConcurrencia ("reload and try again"): the use cases check for duplicates before
        inserting, so a duplicate that reaches the database is a race between two requests. On PostgreSQL the
        transaction is unusable afterwards, which is fine: the domain error ends the use case and its unit of work.
        """
        if not filas:
            return
        try:
            self._ejecutar(insert(tabla), list(filas))
        except IntegrityError as error:
            if es_violacion_de_unicidad(error):
                raise ConflictoConcurrencia() from error
            raise

    def _actualizar_con_version(
        self, tabla: Table, id_: uuid.UUID, version: int, valores: Mapping[str, Any]
    ) -> None:
        """``UPDATE ... SET version = version + 1 WHERE id = :id AND version = :version``.

        Zero rows means the row moved since it was read (or never existed): ConflictoConcurrencia. On PostgreSQL the
        UPDATE also takes the row lock, so a concurrent writer waits for our commit and then matches zero rows.
        """
        cambios = {k: v for k, v in valores.items() if k not in ("id", "version")}
        sentencia = (
            update(tabla)
            .where(tabla.c.id == id_, tabla.c.version == version)
            .values(**cambios, version=tabla.c.version + 1)
        )
        if self._ejecutar(sentencia).rowcount != 1:
            raise ConflictoConcurrencia()

    def _hijas_por_padre(
        self, tabla: Table, columna_padre: str, ids: Sequence[uuid.UUID], orden: str
    ) -> dict[uuid.UUID, list[Fila]]:
        """Child rows of many aggregates in one query per batch, grouped by parent and ordered."""
        grupos: dict[uuid.UUID, list[Fila]] = defaultdict(list)
        padre = tabla.c[columna_padre]
        for lote in lotes(ids):
            sentencia = select(tabla).where(padre.in_(lote)).order_by(padre, tabla.c[orden])
            for fila in self._ejecutar(sentencia).mappings():
                grupos[fila[columna_padre]].append(fila)
        return grupos

    def _eventos_guardados(self, tabla: Table, columna_padre: str, padre_id: uuid.UUID, total: int) -> int:
        """How many events are stored for this aggregate; refuses a log that shrank (it is append-only).

        Called after the version-checked UPDATE, so the count cannot move under us.
        """
        guardados = int(
            self._ejecutar(
                select(func.count()).select_from(tabla).where(tabla.c[columna_padre] == padre_id)
            ).scalar_one()
        )
        if total < guardados:
            raise ValueError(
                f"{tabla.name}: el registro de eventos es de solo anexar ({guardados} guardados, {total} en memoria)."
            )
        return guardados

