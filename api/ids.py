"""Relay global IDs: ``base64("Solicitud:<uuid>")``. Raw database keys are never exposed as ``ID``."""

from __future__ import annotations

import uuid

from strawberry import relay

from api.errores import IdInvalido

PERSONA, SOLICITUD, DOCUMENTO = "Persona", "Solicitud", "Documento"
_NOMBRES = {PERSONA: "una persona", SOLICITUD: "una solicitud", DOCUMENTO: "un documento"}


def id_global(tipo: str, valor: uuid.UUID) -> str:
    return str(relay.GlobalID(type_name=tipo, node_id=str(valor)))


def decodificar(valor: str) -> tuple[str, uuid.UUID] | None:
    """(type name, uuid) of a well-formed global ID; None for anything else (never raises)."""
    try:
        gid = relay.GlobalID.from_id(valor)
        return gid.type_name, uuid.UUID(gid.node_id)
    except (ValueError, TypeError):
        return None


def exigir_id(valor: str, tipo: str, campo: str) -> uuid.UUID:
    """The uuid inside a global ID of the given type, or IdInvalido (mapped to ErrorValidacion) naming the field."""
    decodificado = decodificar(valor)
    if decodificado is None or decodificado[0] != tipo:
        muestra = valor if len(valor) <= 60 else valor[:57] + "..."
        raise IdInvalido(f"«{muestra}» no es un identificador válido de {_NOMBRES[tipo]}.", campo=campo)
    return decodificado[1]
