"""The statistics port on SQL (domain/puertos_estadisticas.py): the fold's transaction and the aggregate reads."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Sequence
from datetime import date, timedelta
from types import TracebackType
from typing import Any

from sqlalchemy import Select, and_, func, literal, or_, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from domain.estadisticas import (
    CONTADORES,
    TIPOS_PLEGADOS,
    EventoLog,
    FichaSolicitud,
    Marca,
    Pliegue,
    Seguimiento,
)
from domain.puertos_estadisticas import FilaSemana
from domain.reloj import fecha_en_colombia
from domain.solicitudes import ABIERTAS
from persistence.repositorios.base import lotes
from persistence.tablas import eventos_solicitud as ev
from persistence.tablas import solicitudes as sol
from persistence.tablas_estadisticas import estadisticas_marca as tm
from persistence.tablas_estadisticas import estadisticas_motivos as tmo
from persistence.tablas_estadisticas import estadisticas_semanas as ts
from persistence.tablas_estadisticas import estadisticas_solicitudes as tsol
from persistence.tablas_estadisticas import estadisticas_tiempos as tt

ID_MARCA = 1
_TIPOS = sorted(TIPOS_PLEGADOS)


def _dialecto(conexion: Connection) -> Any:
    return postgresql if conexion.dialect.name == "postgresql" else sqlite


def _posterior(marca: Marca) -> Any:
    """Events after the watermark in (cuando, solicitud_id, secuencia) order (row-value comparison, both engines)."""
    if marca.cuando is None:
        return literal(True)
    return tuple_(ev.c.cuando, ev.c.solicitud_id, ev.c.secuencia) > tuple_(
        literal(marca.cuando, ev.c.cuando.type), literal(marca.solicitud_id, ev.c.solicitud_id.type),
        literal(marca.secuencia, ev.c.secuencia.type))


def _eventos(filas: Iterable[Any]) -> list[EventoLog]:
    return [EventoLog(f.solicitud_id, f.secuencia, f.cuando, f.tipo, f.detalle) for f in filas]


class UnidadEstadisticasSQL:
    """One transaction of the fold on its own connection."""

    def __init__(self, motor: Engine) -> None:
        self._motor = motor
        self._conexion: Connection | None = None

    def __enter__(self) -> UnidadEstadisticasSQL:
        self._conexion = self._motor.connect()
        self._conexion.begin()
        return self

    def __exit__(self, tipo: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        conexion, self._conexion = self._conexion, None
        if conexion is not None:
            conexion.close()  # rolls back whatever was not committed

    @property
    def _c(self) -> Connection:
        if self._conexion is None:
            raise RuntimeError("La unidad de estadísticas no está abierta: úsela dentro de un bloque «with».")
        return self._conexion

    def bloquear_marca(self) -> Marca:
        # A write first, on both engines: on PostgreSQL the UPDATE takes the row lock (a second worker waits here
        # until the first commits, then reads its watermark); on SQLite it takes the database write lock, which
        # pysqlite would otherwise take only at the first write, after the reads it must not trust.
        insercion = _dialecto(self._c).insert(tm).values(id=ID_MARCA, secuencia=0)
        self._c.execute(insercion.on_conflict_do_nothing(index_elements=[tm.c.id]))
        self._c.execute(update(tm).where(tm.c.id == ID_MARCA).values(secuencia=tm.c.secuencia))
        return _marca(self._c.execute(select(tm).where(tm.c.id == ID_MARCA)).one())

    def eventos_despues(self, marca: Marca, limite: int) -> list[EventoLog]:
        consulta = (select(ev).where(_posterior(marca), ev.c.tipo.in_(_TIPOS))
                    .order_by(ev.c.cuando, ev.c.solicitud_id, ev.c.secuencia).limit(limite))
        return _eventos(self._c.execute(consulta))

    def eventos_tardios(self, marca: Marca, margen: timedelta) -> list[EventoLog]:
        if marca.cuando is None:
            return []
        consulta = (
            select(ev).outerjoin(tsol, tsol.c.solicitud_id == ev.c.solicitud_id)
            .where(ev.c.cuando >= marca.cuando - margen, ~_posterior(marca), ev.c.tipo.in_(_TIPOS),
                   or_(tsol.c.secuencia.is_(None), ev.c.secuencia > tsol.c.secuencia))
            .order_by(ev.c.cuando, ev.c.solicitud_id, ev.c.secuencia)
        )
        return _eventos(self._c.execute(consulta))

    def fichas(self, ids: Collection[uuid.UUID]) -> dict[uuid.UUID, FichaSolicitud]:
        fichas: dict[uuid.UUID, FichaSolicitud] = {}
        subsanaciones: dict[uuid.UUID, tuple[int, date]] = {}
        for grupo in lotes(sorted(ids)):
            # The latest correction of each: the primary key's (solicitud_id, secuencia) prefix serves it.
            ultima = (select(ev.c.solicitud_id, ev.c.secuencia, ev.c.cuando)
                      .where(ev.c.solicitud_id.in_(grupo), ev.c.tipo == "subsanada"))
            for f in self._c.execute(ultima):
                if f.solicitud_id not in subsanaciones or subsanaciones[f.solicitud_id][0] < f.secuencia:
                    subsanaciones[f.solicitud_id] = (f.secuencia, fecha_en_colombia(f.cuando))
            consulta = select(sol.c.id, sol.c.entidad, sol.c.tramite, sol.c.fecha_limite_decision).where(
                sol.c.id.in_(grupo))
            for g in self._c.execute(consulta):
                fichas[g.id] = FichaSolicitud(g.entidad, g.tramite, g.fecha_limite_decision)
        return {k: FichaSolicitud(v.entidad, v.tramite, v.limite, subsanaciones.get(k)) for k, v in fichas.items()}

    def seguimientos(self, ids: Collection[uuid.UUID]) -> dict[uuid.UUID, Seguimiento]:
        resultado: dict[uuid.UUID, Seguimiento] = {}
        for grupo in lotes(sorted(ids)):
            for f in self._c.execute(select(tsol).where(tsol.c.solicitud_id.in_(grupo))):
                resultado[f.solicitud_id] = Seguimiento(f.secuencia, f.inicio_ciclo)
        return resultado

    def aplicar(self, pliegue: Pliegue, marca: Marca) -> None:
        d = _dialecto(self._c)
        if pliegue.semanas:
            filas = [{"entidad": e, "tramite": t, "semana": s, **{c: n.get(c, 0) for c in CONTADORES}}
                     for (e, t, s), n in sorted(pliegue.semanas.items())]
            self._sumar(d, ts, [ts.c.entidad, ts.c.tramite, ts.c.semana], CONTADORES, filas)
        if pliegue.tiempos:
            filas = [{"entidad": e, "tramite": t, "semana": s, "dias": x, "cuenta": n}
                     for (e, t, s, x), n in sorted(pliegue.tiempos.items())]
            self._sumar(d, tt, [tt.c.entidad, tt.c.tramite, tt.c.semana, tt.c.dias], ("cuenta",), filas)
        if pliegue.motivos:
            filas = [{"entidad": e, "tramite": t, "semana": s, "motivo": m, "cuenta": n}
                     for (e, t, s, m), n in sorted(pliegue.motivos.items())]
            self._sumar(d, tmo, [tmo.c.entidad, tmo.c.tramite, tmo.c.semana, tmo.c.motivo], ("cuenta",), filas)
        if pliegue.seguimientos:
            insercion = d.insert(tsol)
            self._c.execute(insercion.on_conflict_do_update(
                index_elements=[tsol.c.solicitud_id],
                set_={"secuencia": insercion.excluded.secuencia, "inicio_ciclo": insercion.excluded.inicio_ciclo},
            ), [{"solicitud_id": k, "secuencia": v.secuencia, "inicio_ciclo": v.inicio_ciclo}
                for k, v in sorted(pliegue.seguimientos.items())])
        self._c.execute(update(tm).where(tm.c.id == ID_MARCA).values(
            cuando=marca.cuando, solicitud_id=marca.solicitud_id, secuencia=marca.secuencia,
            actualizada_en=marca.actualizada_en))

    def _sumar(self, d: Any, tabla: Any, clave: list[Any], columnas: Sequence[str],
               filas: list[dict[str, Any]]) -> None:
        insercion = d.insert(tabla)
        self._c.execute(insercion.on_conflict_do_update(
            index_elements=clave, set_={c: tabla.c[c] + insercion.excluded[c] for c in columnas}), filas)

    def commit(self) -> None:
        self._c.commit()


def _marca(f: Any) -> Marca:
    return Marca(f.cuando, f.solicitud_id, f.secuencia, f.actualizada_en)


class EstadisticasSQL:
    """The AlmacenEstadisticas port: a fold unit per call to ``unidad()``; reads on short connections."""

    def __init__(self, motor: Engine) -> None:
        self._motor = motor

    def unidad(self) -> UnidadEstadisticasSQL:
        return UnidadEstadisticasSQL(self._motor)

    def marca(self) -> Marca:
        with self._motor.connect() as c:
            fila = c.execute(select(tm).where(tm.c.id == ID_MARCA)).first()
        return _marca(fila) if fila is not None else Marca()

    def pendientes(self, marca: Marca, hasta: int) -> int:
        consulta = select(ev.c.solicitud_id).where(_posterior(marca), ev.c.tipo.in_(_TIPOS)).limit(hasta)
        with self._motor.connect() as c:
            return int(c.execute(select(func.count()).select_from(consulta.subquery())).scalar_one())

    def semanas(self, entidad: str, tramite: str | None, desde: date, hasta: date) -> list[FilaSemana]:
        consulta = _filtro(select(ts), ts, entidad, tramite, desde, hasta).order_by(ts.c.semana, ts.c.tramite)
        with self._motor.connect() as c:
            return [FilaSemana(f.semana, f.tramite, **{k: getattr(f, k) for k in CONTADORES})
                    for f in c.execute(consulta)]

    def tiempos(self, entidad: str, tramite: str | None, desde: date, hasta: date) -> dict[int, int]:
        consulta = _filtro(select(tt.c.dias, func.sum(tt.c.cuenta)), tt, entidad, tramite, desde, hasta)
        with self._motor.connect() as c:
            return {int(d): int(n) for d, n in c.execute(consulta.group_by(tt.c.dias))}

    def motivos(self, entidad: str, tramite: str | None, desde: date, hasta: date,
                limite: int) -> list[tuple[str, int]]:
        total = func.sum(tmo.c.cuenta).label("total")
        consulta = (_filtro(select(tmo.c.motivo, total), tmo, entidad, tramite, desde, hasta)
                    .group_by(tmo.c.motivo).order_by(total.desc(), tmo.c.motivo).limit(limite))
        with self._motor.connect() as c:
            return [(m, int(n)) for m, n in c.execute(consulta)]

    def tramites(self, entidad: str) -> list[str]:
        with self._motor.connect() as c:
            return list(c.execute(select(ts.c.tramite).where(ts.c.entidad == entidad).distinct()
                                  .order_by(ts.c.tramite)).scalars())

    def vencidas(self, entidad: str, tramite: str | None, hoy: date) -> int:
        condiciones = [sol.c.entidad == entidad, sol.c.estado.in_(sorted(e.value for e in ABIERTAS)),
                       sol.c.fecha_limite_decision < hoy]
        if tramite:
            condiciones.append(sol.c.tramite == tramite)
        with self._motor.connect() as c:
            return int(c.execute(select(func.count()).select_from(sol).where(and_(*condiciones))).scalar_one())


def _filtro(consulta: Select[Any], tabla: Any, entidad: str, tramite: str | None, desde: date,
            hasta: date) -> Select[Any]:
    consulta = consulta.where(tabla.c.entidad == entidad, tabla.c.semana >= desde, tabla.c.semana <= hasta)
    return consulta.where(tabla.c.tramite == tramite) if tramite else consulta


def _conformidad(almacen: EstadisticasSQL) -> Any:
    """Never called: makes mypy prove that these classes satisfy the domain's ports."""
    from domain.puertos_estadisticas import AlmacenEstadisticas, UnidadEstadisticas

    a: AlmacenEstadisticas = almacen
    u: UnidadEstadisticas = almacen.unidad()
    return a, u
