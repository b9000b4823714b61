"""Personas, officials and partner credentials."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from typing import Any

from domain.casos_uso import Contexto
from domain.comandos import OMITIDO, RegistrarPersona
from domain.errores import DatoInvalido, NoEncontrado
from domain.personas import Funcionario, Persona, Rol, SistemaAliado, validar_datos
from domain.puertos import UnidadDeTrabajo
from domain.valores import Identificacion

_DATOS_PERSONA = ("nombres", "apellidos", "fecha_nacimiento", "sexo", "nacionalidad", "direccion", "municipio",
                  "correo", "telefono")


def registrar_persona(cmd: RegistrarPersona, ctx: Contexto) -> tuple[Persona, bool]:
    """Create the persona, or update it if the identification exists. Returns (persona, created).

    On update only the fields the caller sent change (``OMITIDO`` ones keep their value; ``None`` clears). A partner
    that registers a persona, new or existing, may read it from then on (see ``RepositorioPersonas``): the citizen
    portal re-registers people other channels registered first.
    """
    identificacion = Identificacion.crear(cmd.tipo_identificacion, cmd.numero_identificacion)
    datos: dict[str, Any] = validar_datos({c: v for c in _DATOS_PERSONA if (v := getattr(cmd, c)) is not OMITIDO})
    with ctx.uow() as uow:
        existente = uow.personas.por_identificacion(identificacion)
        if existente is None:
            persona = Persona(id=uuid.uuid4(), identificacion=identificacion, **datos)
            uow.personas.agregar(persona)
        else:
            existente.actualizar(**datos)
            uow.personas.guardar(existente)
            persona = existente
        if cmd.aliado_id is not None:
            uow.personas.vincular(persona.id, cmd.aliado_id)
        uow.commit()
    return persona, existente is None


def persona_visible(uow: UnidadDeTrabajo, persona_id: uuid.UUID, aliado_id: uuid.UUID | None) -> Persona | None:
    """The persona if it exists and ``aliado_id`` may read it (None: an internal caller, who reads everything)."""
    if aliado_id is None:
        return uow.personas.obtener(persona_id)
    encontradas = uow.personas.varias([persona_id], visibles_para=aliado_id)
    return encontradas[0] if encontradas else None


def actualizar_persona(
    persona_id: uuid.UUID, cambios: dict[str, object], ctx: Contexto, aliado_id: uuid.UUID | None = None
) -> Persona:
    """Seed 000: every field may be edited except tipo and número de identificación.

    A partner may update only personas it may read; any other is «no existe», exactly like a missing one.
    """
    with ctx.uow() as uow:
        persona = persona_visible(uow, persona_id, aliado_id)
        if persona is None:
            raise NoEncontrado("La persona no existe.")
        persona.actualizar(**cambios)
        uow.personas.guardar(persona)
        uow.commit()
    return persona


def obtener_persona(persona_id: uuid.UUID, ctx: Contexto, aliado_id: uuid.UUID | None = None) -> Persona | None:
    """None if it does not exist or, with ``aliado_id``, if that partner may not read it."""
    with ctx.uow() as uow:
        return persona_visible(uow, persona_id, aliado_id)


def crear_funcionario(usuario: str, nombre: str, entidad: str, rol: Rol, hash_clave: str, ctx: Contexto) -> Funcionario:
    usuario = usuario.strip().lower()
    if not usuario:
        raise DatoInvalido("El usuario es obligatorio.", campo="usuario")
    with ctx.uow() as uow:
        if uow.funcionarios.por_usuario(usuario) is not None:
            raise DatoInvalido(f"Ya existe el usuario «{usuario}».", campo="usuario")
        funcionario = Funcionario(uuid.uuid4(), usuario, nombre, entidad, rol, hash_clave)
        uow.funcionarios.agregar(funcionario)
        uow.commit()
    return funcionario


def funcionario_por_usuario(usuario: str, ctx: Contexto) -> Funcionario | None:
    with ctx.uow() as uow:
        return uow.funcionarios.por_usuario(usuario.strip().lower())


def obtener_funcionario(funcionario_id: uuid.UUID, ctx: Contexto) -> Funcionario | None:
    with ctx.uow() as uow:
        return uow.funcionarios.obtener(funcionario_id)


def hash_credencial(credencial: str) -> str:
    # Credentials are 256-bit random tokens, so a plain SHA-256 is enough: there is nothing to brute-force.
    return hashlib.sha256(credencial.encode()).hexdigest()


def crear_aliado(
    nombre: str, alcances: frozenset[str], ctx: Contexto, credencial: str | None = None
) -> tuple[SistemaAliado, str]:
    """Register a partner system; the clear credential is returned once and only its hash is stored."""
    credencial = credencial or "vnt_" + secrets.token_urlsafe(32)
    aliado = SistemaAliado(uuid.uuid4(), nombre, hash_credencial(credencial), alcances)
    with ctx.uow() as uow:
        uow.aliados.agregar(aliado)
        uow.commit()
    return aliado, credencial


def autenticar_aliado(credencial: str, ctx: Contexto) -> SistemaAliado | None:
    with ctx.uow() as uow:
        aliado = uow.aliados.por_hash(hash_credencial(credencial))
    return aliado if aliado is not None and aliado.activo else None
