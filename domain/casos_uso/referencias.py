"""What a history or the audit log names by an internal key, resolved to what people read: an official's login to
their name, a documento's id to its number, a solicitud's id to its radicado, a partner's id to its name.

One query per kind of reference, whatever the page's length (no query per row).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from domain.casos_uso import Contexto


@dataclass(frozen=True)
class Referencias:
    funcionarios: dict[str, str] = field(default_factory=dict)
    """usuario → full name."""
    documentos: dict[uuid.UUID, str] = field(default_factory=dict)
    """id → número."""
    solicitudes: dict[uuid.UUID, str] = field(default_factory=dict)
    """id → radicado."""
    aliados: dict[uuid.UUID, str] = field(default_factory=dict)
    personas: dict[uuid.UUID, str] = field(default_factory=dict)
    """id → identification as written on documents (CC 1020304050)."""


def uuid_de(texto: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(texto.strip())
    except ValueError:
        return None


def _ids(objetos: Iterable[str], tipo: str) -> list[uuid.UUID]:
    encontrados = []
    for objeto in objetos:
        clase, _, clave = objeto.partition(":")
        if clase == tipo and (u := uuid_de(clave)) is not None:
            encontrados.append(u)
    return sorted(set(encontrados))


def resolver_referencias(ctx: Contexto, *, actores: Iterable[str] = (), objetos: Iterable[str] = ()) -> Referencias:
    """``actores`` like ``funcionario:<usuario>``; ``objetos`` like ``<tipo>:<id>`` (documento, solicitud, aliado,
    persona). Missing ones are simply absent: the presenter falls back to a neutral label."""
    objetos = list(objetos)
    usuarios = sorted({a.partition(":")[2] for a in actores if a.startswith("funcionario:")})
    with ctx.uow() as uow:
        funcionarios = {f.usuario: f.nombre for f in uow.funcionarios.por_usuarios(usuarios)}
        documentos_ids = _ids(objetos, "documento")
        documentos = {d.id: d.numero for d in uow.documentos.varios(documentos_ids)} if documentos_ids else {}
        solicitudes = uow.solicitudes.radicados(_ids(objetos, "solicitud"))
        aliados_ids = set(_ids(objetos, "aliado"))
        aliados = {a.id: a.nombre for a in uow.aliados.listar() if a.id in aliados_ids} if aliados_ids else {}
        personas_ids = _ids(objetos, "persona")
        personas = {p.id: str(p.identificacion) for p in uow.personas.varias(personas_ids)} if personas_ids else {}
    return Referencias(funcionarios, documentos, solicitudes, aliados, personas)
