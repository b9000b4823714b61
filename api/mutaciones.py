"""Mutations: each reads its ``input``, calls one domain use case in a worker thread and returns its payload.

There is no ``try`` here: domain errors become payload error types in ``api.errores`` (``MANEJADORES``).
"""

from __future__ import annotations

import uuid
from typing import Any

import strawberry
from starlette.concurrency import run_in_threadpool

from api.alcances import alcance
from api.contexto import Info
from api.entradas import (
    ActualizarPersonaInput,
    ActualizarPersonaOk,
    ActualizarPersonaPayload,
    RadicarSolicitudInput,
    RadicarSolicitudOk,
    RadicarSolicitudPayload,
    RegistrarPersonaInput,
    RegistrarPersonaOk,
    RegistrarPersonaPayload,
    SoporteInput,
    SubsanarSolicitudInput,
    SubsanarSolicitudOk,
    SubsanarSolicitudPayload,
    limitar_textos,
)
from api.errores import campo_graphql
from api.ids import PERSONA, SOLICITUD, exigir_id
from api.limites import leer_subida
from api.tipos import PersonaNodo, SolicitudNodo
from domain.alcances import PERSONAS, SOLICITUDES
from domain.casos_uso import personas as uc_personas
from domain.casos_uso import solicitudes as uc_solicitudes
from domain.comandos import RadicarSolicitud, RegistrarPersona, SoporteEntrada, SubsanarSolicitud
from domain.errores import DatoInvalido

SOPORTES_MAXIMOS = 10
DATOS_MAXIMOS = 60
_EDITABLES = ("nombres", "apellidos", "fecha_nacimiento", "sexo", "nacionalidad", "direccion", "municipio",
              "correo", "telefono")
_NO_NULOS = frozenset({"nombres", "apellidos", "nacionalidad"})
_OPCIONALES_REGISTRO = ("fecha_nacimiento", "sexo", "nacionalidad", "direccion", "municipio", "correo", "telefono")


def _como_en_la_entrada(campos: tuple[str, ...]) -> list[str]:
    """``fecha_nacimiento`` -> ``fechaNacimiento``: the names the partner sent them under."""
    return [campo_graphql(c) or c for c in campos]


def _enviados(entrada: object, campos: tuple[str, ...]) -> dict[str, Any]:
    """The fields the client sent (``null`` included), leaving out the omitted ones; refuses null where not allowed."""
    enviados = {c: v for c in campos if (v := getattr(entrada, c)) is not strawberry.UNSET}
    for campo in _NO_NULOS & enviados.keys():
        if enviados[campo] is None:
            raise DatoInvalido(f"El campo «{campo}» no puede quedar vacío.", campo=campo)
    return enviados


async def _leer_soportes(soportes: list[SoporteInput], limite_bytes: int) -> list[SoporteEntrada]:
    if len(soportes) > SOPORTES_MAXIMOS:
        raise DatoInvalido(f"Se admiten máximo {SOPORTES_MAXIMOS} soportes por petición.", campo="soportes")
    leidos = []
    for i, s in enumerate(soportes):
        limitar_textos(s)
        nombre, contenido = await leer_subida(s.archivo, limite_bytes, f"soportes.{i}.archivo")
        leidos.append(SoporteEntrada(s.requisito.strip(), nombre, contenido, s.fecha_documento, s.subtipo))
    return leidos


def _partes(entrada: RadicarSolicitudInput) -> dict[str, uuid.UUID]:
    partes: dict[str, uuid.UUID] = {}
    for n, p in enumerate(entrada.partes):
        rol = p.rol.strip()
        if rol in partes:
            raise DatoInvalido(f"La parte «{rol}» está repetida.", campo=f"partes.{n}.rol")
        partes[rol] = exigir_id(p.persona_id, PERSONA, f"partes.{n}.personaId")
    for rol, valor, campo in (("titular", entrada.titular_id, "titularId"),
                              ("solicitante", entrada.solicitante_id, "solicitanteId")):
        if valor:
            if rol in partes:
                raise DatoInvalido(f"Indique la parte «{rol}» una sola vez (en `partes` o en `{campo}`).", campo=campo)
            partes[rol] = exigir_id(valor, PERSONA, campo)
    return partes


def _datos(entrada: RadicarSolicitudInput) -> dict[str, Any]:
    if not isinstance(entrada.datos, dict):
        raise DatoInvalido("`datos` debe ser un objeto {nombre: valor}.", campo="datos")
    datos = dict(entrada.datos)
    if len(datos) > DATOS_MAXIMOS:
        raise DatoInvalido(f"Se admiten máximo {DATOS_MAXIMOS} datos por solicitud.", campo="datos")
    for clave, valor in datos.items():
        if not isinstance(valor, str | int | float | bool) and valor is not None:
            raise DatoInvalido(f"El dato «{str(clave)[:40]}» debe ser un texto, número o sí/no.",
                               campo=f"datos.{clave}")
        if isinstance(valor, str) and len(valor) > 2000:
            raise DatoInvalido(f"El dato «{str(clave)[:40]}» es demasiado largo.", campo=f"datos.{clave}")
    if entrada.destino is not None:
        datos.setdefault("destino", entrada.destino.strip())
    if entrada.persona_privada_libertad is not None:
        datos.setdefault("persona_privada_libertad", entrada.persona_privada_libertad)
    return datos


@strawberry.type(
    name="Mutation", description="Operaciones de los sistemas aliados. Todas exigen la credencial del aliado y el "
    "alcance que indica cada una."
)
class Mutacion:
    @strawberry.mutation(
        description="Registra una persona o, si su identificación ya existe, la actualiza con los datos enviados (los "
        "omitidos no cambian). Si la registró otro aliado, este debe confirmar su identidad con los nombres, los "
        "apellidos y la fecha de nacimiento del documento (si no coinciden: `IDENTIDAD_NO_CONFIRMADA`, sin cambios), "
        "y solo se completan los datos vacíos (ver `camposNoAplicados`). Desde entonces este aliado puede "
        "consultarla. Exige el alcance `personas`.",
        extensions=alcance(PERSONAS),
    )
    async def registrar_persona(self, info: Info, input: RegistrarPersonaInput) -> RegistrarPersonaPayload:
        limitar_textos(input)
        # Only what was sent: an omitted field must not erase what the persona already has (strawberry.UNSET).
        cmd = RegistrarPersona(
            tipo_identificacion=input.tipo_identificacion.name, numero_identificacion=input.numero_identificacion,
            nombres=input.nombres, apellidos=input.apellidos, aliado_id=info.context.aliado_id,
            **_enviados(input, _OPCIONALES_REGISTRO),
        )
        r = await run_in_threadpool(uc_personas.registrar_persona_con_detalle, cmd, info.context.ctx)
        return RegistrarPersonaOk(persona=PersonaNodo.desde(r.persona), creada=r.creada,
                                  campos_no_aplicados=_como_en_la_entrada(r.no_aplicados))

    @strawberry.mutation(
        description="Actualiza los datos editables de una persona (todos, salvo tipo y número de identificación). "
        "Solo las que este aliado puede consultar; cualquier otra responde como inexistente. Si la registró otro "
        "aliado, solo se completan los datos vacíos (ver `camposNoAplicados`). Exige el alcance `personas`.",
        extensions=alcance(PERSONAS),
    )
    async def actualizar_persona(self, info: Info, input: ActualizarPersonaInput) -> ActualizarPersonaPayload:
        limitar_textos(input)
        persona_id = exigir_id(input.id, PERSONA, "id")
        cambios = _enviados(input, _EDITABLES)
        if not cambios:
            raise DatoInvalido("Indique al menos un campo para actualizar.")
        r = await run_in_threadpool(
            uc_personas.actualizar_persona_con_detalle, persona_id, cambios, info.context.ctx, info.context.aliado_id
        )
        return ActualizarPersonaOk(persona=PersonaNodo.desde(r.persona),
                                   campos_no_aplicados=_como_en_la_entrada(r.no_aplicados))

    @strawberry.mutation(
        description="Radica una solicitud de cualquier trámite del catálogo con sus partes, datos, sujeto y "
        "soportes (multipart). Valida tipo real, tamaño y nombre de cada archivo, los datos que declara el trámite "
        "y sus reglas bloqueantes; si algo falla no se guarda nada. Las partes deben ser personas que este aliado "
        "puede consultar. Si el trámite notifica por correo (`notificaPorCorreo` en la consulta `tramite`, p. ej. "
        "el certificado de residencia), quien recibe las notificaciones (el `solicitante` si lo hay, si no el "
        "`titular`) debe tener `correo` registrado: regístrelo antes con `registrarPersona`/`actualizarPersona`; si "
        "falta, responde `ErrorValidacion` con `campo: \"correo\"` y no se radica nada. Exige el alcance "
        "`solicitudes`.",
        extensions=alcance(SOLICITUDES),
    )
    async def radicar_solicitud(self, info: Info, input: RadicarSolicitudInput) -> RadicarSolicitudPayload:
        limitar_textos(input)
        soportes = await _leer_soportes(input.soportes, info.context.max_subida_bytes)
        cmd = RadicarSolicitud(
            tramite=input.tramite.strip(), partes=_partes(input), soportes=soportes, datos=_datos(input),
            sujeto=input.sujeto.strip() if input.sujeto else None, aliado_id=info.context.aliado_id,
        )
        solicitud = await run_in_threadpool(uc_solicitudes.radicar_solicitud, cmd, info.context.ctx)
        info.context.cargadores.conocer([solicitud])
        return RadicarSolicitudOk(solicitud=SolicitudNodo.desde(solicitud))

    @strawberry.mutation(
        description="Subsana una solicitud rechazada dentro de su plazo; pasado el plazo responde PLAZO_VENCIDO y "
        "la solicitud queda desistida. Solo las que radicó este aliado; cualquier otra responde como inexistente. "
        "Exige el alcance `solicitudes`.",
        extensions=alcance(SOLICITUDES),
    )
    async def subsanar_solicitud(self, info: Info, input: SubsanarSolicitudInput) -> SubsanarSolicitudPayload:
        solicitud_id = exigir_id(input.solicitud_id, SOLICITUD, "solicitudId")
        soportes = await _leer_soportes(input.soportes, info.context.max_subida_bytes)
        cmd = SubsanarSolicitud(solicitud_id=solicitud_id, soportes=soportes, aliado_id=info.context.aliado_id)
        solicitud = await run_in_threadpool(uc_solicitudes.subsanar_solicitud, cmd, info.context.ctx)
        info.context.cargadores.conocer([solicitud])
        return SubsanarSolicitudOk(solicitud=SolicitudNodo.desde(solicitud))
