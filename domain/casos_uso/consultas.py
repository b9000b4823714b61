"""Read-side use cases for the inbox, the detail page and partner queries."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from domain.casos_uso import Contexto
from domain.casos_uso.aprobacion import aplicacion_de
from domain.casos_uso.evaluacion_solicitud import cargar_partes, cargar_sujeto
from domain.documentos import Documento
from domain.errores import ErrorDominio
from domain.motor.aplicacion import describir_efectos
from domain.motor.esquema import TramiteDef as Tramite
from domain.personas import Funcionario, Persona
from domain.puertos import UnidadDeTrabajo
from domain.reloj import hoy_en_colombia
from domain.solicitudes import ABIERTAS, EstadoSolicitud, Solicitud

TAMANO_MAXIMO_PAGINA = 100


@dataclass(frozen=True)
class Pagina:
    solicitudes: list[Solicitud]
    personas: dict[uuid.UUID, Persona]
    siguiente: tuple[datetime, uuid.UUID] | None
    """Keyset cursor of the next page, None at the end."""


def listar_solicitudes(
    ctx: Contexto,
    *,
    entidad: str | None = None,
    estados: Sequence[EstadoSolicitud] = (),
    tramite: str | None = None,
    vencidas_al: date | None = None,
    asignado_a: uuid.UUID | None = None,
    radicada_por: uuid.UUID | None = None,
    despues_de: tuple[datetime, uuid.UUID] | None = None,
    limite: int = 50,
) -> Pagina:
    """A keyset page; a partner system passes its id as ``radicada_por`` and sees only what it filed."""
    limite = max(1, min(limite, TAMANO_MAXIMO_PAGINA))
    with ctx.uow() as uow:
        filas = uow.solicitudes.listar(
            entidad=entidad, estados=estados, tramite=tramite, vencidas_al=vencidas_al, asignado_a=asignado_a,
            radicada_por=radicada_por, despues_de=despues_de, limite=limite + 1,
        )
        pagina = filas[:limite]
        ids = {p for s in pagina for p in s.partes.values()}
        personas = {p.id: p for p in uow.personas.varias(sorted(ids))}
    ultima = pagina[-1] if len(filas) > limite else None
    return Pagina(pagina, personas, (ultima.radicada_en, ultima.id) if ultima else None)


@dataclass(frozen=True)
class Detalle:
    solicitud: Solicitud
    tramite: Tramite
    titular: Persona | None
    solicitante: Persona | None
    asignado: Funcionario | None
    documento: Documento | None
    partes: dict[str, Persona] = field(default_factory=dict)
    sujeto: Any = None
    """The vehicle, licence or persona it acts on, as it is now."""
    efectos: list[str] = field(default_factory=list)
    """While it can still be decided: what approving would inscribe, in Spanish (nothing is written)."""


def detalle_solicitud(solicitud_id: uuid.UUID, ctx: Contexto, aliado_id: uuid.UUID | None = None) -> Detalle | None:
    """None if it does not exist or, with ``aliado_id``, if that partner did not file it (indistinguishable)."""
    with ctx.uow() as uow:
        s = uow.solicitudes.obtener(solicitud_id)
        if s is None or not s.visible_para(aliado_id):
            return None
        partes = cargar_partes(uow, s)
        return Detalle(
            solicitud=s,
            tramite=ctx.tramites.version(s.tramite, s.tramite_version),
            titular=partes.get("titular"),
            solicitante=partes.get(s.rol_notificado) or partes.get("titular"),
            asignado=uow.funcionarios.obtener(s.asignado_a) if s.asignado_a else None,
            documento=uow.documentos.obtener(s.documento_id) if s.documento_id else None,
            partes=partes,
            sujeto=cargar_sujeto(uow, s),
            efectos=_efectos(ctx, uow, s),
        )


def _efectos(ctx: Contexto, uow: UnidadDeTrabajo, s: Solicitud) -> list[str]:
    if s.estado not in ABIERTAS:
        return []
    try:
        return describir_efectos(aplicacion_de(ctx, uow, s))
    except ErrorDominio as error:
        return [f"No se pueden prever los efectos: {error.mensaje}"]


def resumen_por_estado(
    ctx: Contexto, entidad: str | None = None, tramite: str | None = None
) -> dict[EstadoSolicitud, int]:
    with ctx.uow() as uow:
        return uow.solicitudes.contar_por_estado(entidad, tramite)


def contar_vencidas(ctx: Contexto, entidad: str, tramite: str | None = None) -> int:
    with ctx.uow() as uow:
        return uow.solicitudes.contar_vencidas(entidad, hoy_en_colombia(ctx.reloj), tramite)


def leer_archivo(sha256: str, ctx: Contexto) -> bytes:
    return ctx.almacen.leer(sha256)


def obtener_personas(
    ids: Sequence[uuid.UUID], ctx: Contexto, aliado_id: uuid.UUID | None = None
) -> dict[uuid.UUID, Persona]:
    """Several personas by id in one query (for the API's per-request loaders); with ``aliado_id``, only those
    that partner may read."""
    with ctx.uow() as uow:
        return {p.id: p for p in uow.personas.varias(sorted(set(ids)), visibles_para=aliado_id)}


def obtener_documentos(
    ids: Sequence[uuid.UUID], ctx: Contexto, aliado_id: uuid.UUID | None = None
) -> dict[uuid.UUID, Documento]:
    """Several documentos by id in one query; with ``aliado_id``, only those of solicitudes that partner filed."""
    with ctx.uow() as uow:
        return {d.id: d for d in uow.documentos.varios(sorted(set(ids)), visibles_para=aliado_id)}
