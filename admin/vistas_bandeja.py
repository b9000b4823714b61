"""The inbox (bandeja): the entidad's solicitudes with filters, deadline colours, keyset "ver más" and a chart."""

from __future__ import annotations

import base64
import binascii
import uuid
from dataclasses import dataclass
from datetime import datetime

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from admin.comun import con_funcionario, contexto_base
from admin.grafico import Grafico, grafico_por_estado
from admin.plantillas import renderizar
from admin.presentacion import ETIQUETAS_CORTAS, ORDEN_ESTADOS, Plazo, plazo_de
from domain.casos_uso import Contexto
from domain.casos_uso.consultas import contar_vencidas, listar_solicitudes, resumen_por_estado
from domain.casos_uso.personas import obtener_funcionario
from domain.errores import TramiteDesconocido
from domain.personas import Funcionario
from domain.reloj import hoy_en_colombia
from domain.solicitudes import ABIERTAS, EstadoSolicitud, Solicitud

TAMANO_PAGINA = 25
PENDIENTES = "pendientes"
VENCIDAS = "vencidas"
FILTROS_ESTADO = ((PENDIENTES, "Pendientes (radicadas y en estudio)"),
                  (VENCIDAS, "Pendientes con el plazo vencido"),
                  *((e.value, ETIQUETAS_CORTAS[e]) for e in ORDEN_ESTADOS))


def cursor_a_texto(cursor: tuple[datetime, uuid.UUID]) -> str:
    crudo = f"{cursor[0].isoformat()}|{cursor[1]}".encode()
    return base64.urlsafe_b64encode(crudo).decode().rstrip("=")


def texto_a_cursor(texto: str) -> tuple[datetime, uuid.UUID] | None:
    """An opaque cursor back to (radicada_en, id); anything malformed means "from the start"."""
    try:
        crudo = base64.urlsafe_b64decode(texto + "=" * (-len(texto) % 4)).decode()
        instante, _, ident = crudo.partition("|")
        return datetime.fromisoformat(instante), uuid.UUID(ident)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None


@dataclass(frozen=True)
class Filtro:
    estado: str = ""
    tramite: str = ""
    mias: bool = False
    despues: str = ""

    def enlace(self, **cambios: str) -> dict[str, str]:
        return {"estado": self.estado, "tramite": self.tramite, "mias": "1" if self.mias else "", **cambios}


@dataclass(frozen=True)
class Fila:
    solicitud: Solicitud
    estado: str
    tramite: str
    titular: str
    plazo: Plazo | None
    asignado: str


@dataclass(frozen=True)
class Bandeja:
    filas: list[Fila]
    siguiente: str | None
    grafico: Grafico
    total_filtro: int | None
    """How many solicitudes the estado filter matches in all pages; None with «solo las asignadas a mí», which the
    per-state count cannot tell."""


def _estados(filtro: str) -> tuple[EstadoSolicitud, ...]:
    if filtro in (PENDIENTES, VENCIDAS):
        return tuple(e for e in ORDEN_ESTADOS if e in ABIERTAS)
    return tuple(e for e in ORDEN_ESTADOS if e.value == filtro)


def _armar(ctx: Contexto, yo: Funcionario, f: Filtro) -> Bandeja:
    """All the inbox reads, in one worker thread. Every filter is served by an index (tablas.py, solicitudes)."""
    hoy = hoy_en_colombia(ctx.reloj)
    tramite = f.tramite or None
    pagina = listar_solicitudes(
        ctx, entidad=yo.entidad, estados=_estados(f.estado), tramite=tramite,
        vencidas_al=hoy if f.estado == VENCIDAS else None, asignado_a=yo.id if f.mias else None,
        despues_de=texto_a_cursor(f.despues) if f.despues else None, limite=TAMANO_PAGINA,
    )
    # The ports have no batch lookup of officials; a page names only a handful, so look each up once.
    nombres: dict[uuid.UUID, str] = {yo.id: "Usted"}
    filas = []
    for s in pagina.solicitudes:
        if s.asignado_a and s.asignado_a not in nombres:
            otro = obtener_funcionario(s.asignado_a, ctx)
            nombres[s.asignado_a] = otro.nombre if otro else "Otro funcionario"
        titular = pagina.personas.get(s.titular_id) if s.titular_id else None
        filas.append(Fila(
            s, ETIQUETAS_CORTAS[s.estado], _nombre_tramite(ctx, s), titular.nombre_completo if titular else "—",
            plazo_de(s, hoy), nombres[s.asignado_a] if s.asignado_a else "Sin asignar",
        ))
    siguiente = cursor_a_texto(pagina.siguiente) if pagina.siguiente else None
    # The filter's total comes from the per-state counters kept with every change (a few rows per entidad), and
    # «vencidas» from a range count on its index that touches only the overdue rows: never a scan of the table.
    conteo = resumen_por_estado(ctx, yo.entidad, tramite)
    if f.mias:
        total = None
    elif f.estado == VENCIDAS:
        total = contar_vencidas(ctx, yo.entidad, tramite)
    else:
        total = sum(conteo.get(e, 0) for e in (_estados(f.estado) or ORDEN_ESTADOS))
    return Bandeja(filas, siguiente, grafico_por_estado(conteo), total)


def _nombre_tramite(ctx: Contexto, s: Solicitud) -> str:
    try:
        return ctx.tramites.version(s.tramite, s.tramite_version).nombre
    except TramiteDesconocido:
        return s.tramite


def _filtro(request: Request, ctx: Contexto, yo: Funcionario) -> Filtro:
    q = request.query_params
    estado = q.get("estado", "")
    tramite = q.get("tramite", "")
    if tramite not in {t.codigo for t in ctx.tramites.de_entidad(yo.entidad)}:
        tramite = ""
    return Filtro(estado if estado in {v for v, _ in FILTROS_ESTADO} else "", tramite, q.get("mias") == "1",
                  q.get("despues", "")[:200])


def rutas_bandeja(ctx: Contexto) -> list[Route]:
    @con_funcionario(ctx)
    async def bandeja(request: Request, yo: Funcionario) -> Response:
        f = _filtro(request, ctx, yo)
        datos = await run_in_threadpool(_armar, ctx, yo, f)
        # "Ver más" asks only for the next rows; a filter change asks for the whole table.
        bloque = "filas" if f.despues else "tabla"
        tramites = sorted(ctx.tramites.de_entidad(yo.entidad), key=lambda t: (t.numero or 0, t.nombre))
        return renderizar(request, "bandeja.html", {
            **contexto_base(request, ctx, yo), "bandeja": datos, "filtros": f, "filtro": f.estado, "mias": f.mias,
            "filtros_estado": FILTROS_ESTADO, "continua": bool(f.despues), "tramites": tramites,
            "etiqueta_filtro": dict(FILTROS_ESTADO).get(f.estado, ""),
            "nombre_tramite": next((t.nombre for t in tramites if t.codigo == f.tramite), ""),
        }, bloque=bloque)

    return [Route("/", bandeja, methods=["GET"], name="bandeja")]
