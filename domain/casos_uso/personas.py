"""Personas and officials. Partner credentials live in ``casos_uso.aliados`` (re-exported here for old imports).

Who may change a persona's data (docs/aliados.md): an internal caller (admin, demo) and the partner that created it,
anything editable; any other partner, only the fields that are empty, and only once it may read the persona — which,
for a persona registered by someone else, takes proving the identity (names and birth date as on the document).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from domain.auditoria import EventoAuditoria
from domain.casos_uso import Contexto
from domain.casos_uso.aliados import autenticar_aliado, crear_aliado, hash_credencial
from domain.comandos import OMITIDO, RegistrarPersona
from domain.errores import DatoInvalido, IdentidadNoConfirmada, NoAutorizado, NoEncontrado
from domain.personas import (
    DATOS_PERSONA,
    Funcionario,
    Persona,
    Rol,
    cambios_de_no_propietario,
    identidad_coincide,
    validar_datos,
)
from domain.puertos import UnidadDeTrabajo
from domain.valores import Identificacion

__all__ = ["autenticar_aliado", "crear_aliado", "hash_credencial"]

ACCION_REGISTRAR = "persona.registrar"
"""A partner created the persona (and so is linked to it)."""
ACCION_VINCULAR = "persona.vincular"
"""A partner was linked to a persona it did not create."""
ACCION_VINCULO_RECHAZADO = "persona.vinculo_rechazado"
"""A partner tried to register an existing persona it may not read, and its data did not confirm the identity."""
INTENTOS_FALLIDOS_MAXIMOS = 10
VENTANA_INTENTOS = timedelta(hours=24)
"""A partner with this many refused links within the window may not try again until the oldest leaves it: a birth
date can be guessed in a few thousand tries when the names are known."""
NO_CONFIRMADA = (
    "Ya hay una persona registrada con esa identificación y los datos enviados no permiten confirmar que se trata de "
    "ella. Envíe los nombres, los apellidos y la fecha de nacimiento tal como figuran en su documento de identidad."
)
BLOQUEADO = (
    f"Este sistema aliado superó los {INTENTOS_FALLIDOS_MAXIMOS} intentos fallidos de confirmar la identidad de "
    "personas registradas por otros canales en 24 horas. Podrá intentarlo de nuevo más tarde; los intentos quedan "
    "en la auditoría de la plataforma."
)


@dataclass(frozen=True)
class ResultadoPersona:
    persona: Persona
    creada: bool = False
    no_aplicados: tuple[str, ...] = ()
    """Fields sent but left as they were: the persona is another partner's, and they already had a value."""


def registrar_persona(cmd: RegistrarPersona, ctx: Contexto) -> tuple[Persona, bool]:
    """``registrar_persona_con_detalle`` for callers that only need (persona, created)."""
    resultado = registrar_persona_con_detalle(cmd, ctx)
    return resultado.persona, resultado.creada


def registrar_persona_con_detalle(cmd: RegistrarPersona, ctx: Contexto) -> ResultadoPersona:
    """Create the persona, or update the one with this identification.

    On update only the fields the caller sent are considered (``OMITIDO`` ones keep their value; ``None`` clears),
    and only as far as the caller may change them (see the module). A partner that may not read the existing persona
    must confirm its identity first, else ``IdentidadNoConfirmada`` — nothing changes, nothing is revealed, and the
    attempt is audited.
    """
    identificacion = Identificacion.crear(cmd.tipo_identificacion, cmd.numero_identificacion)
    datos: dict[str, Any] = validar_datos({c: v for c in DATOS_PERSONA if (v := getattr(cmd, c)) is not OMITIDO})
    aliado_id = cmd.aliado_id
    with ctx.uow() as uow:
        existente = uow.personas.por_identificacion(identificacion)
        if existente is None:
            persona = Persona(id=uuid.uuid4(), identificacion=identificacion, creada_por=aliado_id, **datos)
            uow.personas.agregar(persona)
            if aliado_id is not None:
                _vincular(uow, ctx, persona, aliado_id, ACCION_REGISTRAR, "Registró la persona.")
            uow.commit()
            return ResultadoPersona(persona, creada=True)
        detalle = "Ya podía consultarla."
        if aliado_id is not None and persona_visible(uow, existente.id, aliado_id) is None:
            actor = _actor(uow, aliado_id)
            # Before comparing anything: a blocked partner learns nothing, whatever it sent.
            if uow.auditoria.contar(actor=actor, accion=ACCION_VINCULO_RECHAZADO,
                                    desde=ctx.reloj.ahora() - VENTANA_INTENTOS) >= INTENTOS_FALLIDOS_MAXIMOS:
                raise NoAutorizado(BLOQUEADO)
            fecha = cmd.fecha_nacimiento if isinstance(cmd.fecha_nacimiento, date) else None
            if not identidad_coincide(existente, cmd.nombres, cmd.apellidos, fecha):
                _auditar(uow, ctx, existente, aliado_id, ACCION_VINCULO_RECHAZADO,
                         "Los datos enviados no confirmaron la identidad; no se vinculó ni se cambió nada.")
                uow.commit()  # the audit entry only: the persona is untouched
                raise IdentidadNoConfirmada(NO_CONFIRMADA)
            detalle = "Identidad confirmada con nombres, apellidos y fecha de nacimiento."
        no_aplicados = _aplicar(uow, existente, datos, aliado_id)
        if aliado_id is not None:
            _vincular(uow, ctx, existente, aliado_id, ACCION_VINCULAR, detalle)
        uow.commit()
    return ResultadoPersona(existente, creada=False, no_aplicados=tuple(no_aplicados))


def _aplicar(uow: UnidadDeTrabajo, persona: Persona, cambios: dict[str, Any], aliado_id: uuid.UUID | None) -> list[str]:
    """Apply what the caller may change; returns the fields it sent and may not change.

    Everything sent is checked first, applied or not: invalid input is refused the same for every caller."""
    cambios = validar_datos(cambios)
    aplicables: dict[str, Any]
    no_aplicados: list[str] = []
    if aliado_id is None or persona.creada_por == aliado_id:
        aplicables = cambios
    else:
        aplicables, no_aplicados = cambios_de_no_propietario(persona, cambios)
    if aplicables:
        persona.actualizar(**aplicables)
        uow.personas.guardar(persona)
    return no_aplicados


def _vincular(uow: UnidadDeTrabajo, ctx: Contexto, persona: Persona, aliado_id: uuid.UUID, accion: str,
              detalle: str) -> None:
    if uow.personas.vincular(persona.id, aliado_id):
        _auditar(uow, ctx, persona, aliado_id, accion, detalle)


def _auditar(uow: UnidadDeTrabajo, ctx: Contexto, persona: Persona, aliado_id: uuid.UUID, accion: str,
             detalle: str) -> None:
    objeto, detalle = f"persona:{persona.id}", f"{persona.identificacion}: {detalle}"
    uow.auditoria.registrar(EventoAuditoria.nuevo(ctx.reloj.ahora(), _actor(uow, aliado_id), accion, objeto, None,
                                                  detalle))


def _actor(uow: UnidadDeTrabajo, aliado_id: uuid.UUID) -> str:
    aliado = uow.aliados.obtener(aliado_id)
    return f"aliado:{aliado.nombre if aliado else aliado_id}"


def persona_visible(uow: UnidadDeTrabajo, persona_id: uuid.UUID, aliado_id: uuid.UUID | None) -> Persona | None:
    """The persona if it exists and ``aliado_id`` may read it (None: an internal caller, who reads everything)."""
    if aliado_id is None:
        return uow.personas.obtener(persona_id)
    encontradas = uow.personas.varias([persona_id], visibles_para=aliado_id)
    return encontradas[0] if encontradas else None


def actualizar_persona(
    persona_id: uuid.UUID, cambios: dict[str, object], ctx: Contexto, aliado_id: uuid.UUID | None = None
) -> Persona:
    return actualizar_persona_con_detalle(persona_id, cambios, ctx, aliado_id).persona


def actualizar_persona_con_detalle(
    persona_id: uuid.UUID, cambios: dict[str, object], ctx: Contexto, aliado_id: uuid.UUID | None = None
) -> ResultadoPersona:
    """Seed 000: every field may be edited except tipo and número de identificación — by whoever may (module doc).

    A partner may update only personas it may read; any other is «no existe», exactly like a missing one.
    """
    with ctx.uow() as uow:
        persona = persona_visible(uow, persona_id, aliado_id)
        if persona is None:
            raise NoEncontrado("La persona no existe.")
        no_aplicados = _aplicar(uow, persona, dict(cambios), aliado_id)
        uow.commit()
    return ResultadoPersona(persona, no_aplicados=tuple(no_aplicados))


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
