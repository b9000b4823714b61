"""Mutation inputs (one ``input:`` per mutation) and their named union payloads (errors as data)."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Annotated

import strawberry
from strawberry.file_uploads import Upload
from strawberry.scalars import JSON
from strawberry.utils.str_converters import to_camel_case

from api.enumeraciones import TipoIdentificacion
from api.errores import (
    ErrorConflicto,
    ErrorNoAutorizado,
    ErrorNoEncontrado,
    ErrorPlazoVencido,
    ErrorTransicion,
    ErrorValidacion,
)
from api.tipos import PersonaNodo, SolicitudNodo
from domain import textos
from domain.errores import DatoInvalido
from domain.personas import SEXOS

LARGO_MAXIMO_TEXTO = textos.MOTIVO
"""No text the domain accepts is longer (each field's own limit is the domain's: ``domain.textos``)."""


def limitar_textos(entrada: object) -> None:
    """Refuse absurdly long strings before they reach the domain (the body limit alone allows megabytes): they
    would only be echoed in error messages. The limits that match the columns are checked by the domain."""
    for campo in dataclasses.fields(entrada):  # type: ignore[arg-type]
        valor = getattr(entrada, campo.name)
        if isinstance(valor, str) and len(valor) > LARGO_MAXIMO_TEXTO:
            nombre = to_camel_case(campo.name)
            raise DatoInvalido(f"El campo «{nombre}» admite máximo {LARGO_MAXIMO_TEXTO} caracteres.", campo=nombre)


# -- personas -----------------------------------------------------------------------------------------------
# Limits from domain.textos, the same numbers that size the columns; no field admits control characters.
_NOMBRES = f"Nombres (máximo {textos.NOMBRE} caracteres)."
_APELLIDOS = f"Apellidos (máximo {textos.NOMBRE} caracteres)."
_SEXO = "Sexo, como figura en el documento de identidad: " + ", ".join(f"`{c}` ({n})" for c, n in SEXOS.items()) + "."
_DIRECCION = f"Dirección de residencia (máximo {textos.DIRECCION} caracteres)."
_MUNICIPIO = f"Municipio de residencia (máximo {textos.NOMBRE} caracteres)."
_CORREO = (f"Correo electrónico para notificaciones (máximo {textos.CORREO} caracteres). Obligatorio en la práctica "
           "para quien vaya a solicitar un trámite: `radicarSolicitud` lo exige al solicitante.")
_TELEFONO = f"Teléfono de contacto (máximo {textos.TELEFONO} caracteres)."


@strawberry.input(
    description="Datos de una persona. Si la identificación ya existe, se actualizan solo los campos enviados: un "
    "campo omitido conserva su valor; `null` lo borra (si es opcional)."
)
class RegistrarPersonaInput:
    tipo_identificacion: TipoIdentificacion = strawberry.field(description="Tipo de identificación.")
    numero_identificacion: str = strawberry.field(description="Número, sin puntos ni espacios (se normaliza).")
    nombres: str = strawberry.field(description=_NOMBRES)
    apellidos: str = strawberry.field(description=_APELLIDOS)
    fecha_nacimiento: date | None = strawberry.field(default=strawberry.UNSET, description="Fecha de nacimiento.")
    sexo: str | None = strawberry.field(default=strawberry.UNSET, description=_SEXO)
    nacionalidad: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="Nacionalidad (ISO 3166-1 alfa-2, p. ej. `CO`); `CO` si se omite al registrar una persona nueva. "
        "No admite `null`.",
    )
    direccion: str | None = strawberry.field(default=strawberry.UNSET, description=_DIRECCION)
    municipio: str | None = strawberry.field(default=strawberry.UNSET, description=_MUNICIPIO)
    correo: str | None = strawberry.field(default=strawberry.UNSET, description=_CORREO)
    telefono: str | None = strawberry.field(default=strawberry.UNSET, description=_TELEFONO)


@strawberry.input(
    description="Cambios a una persona. El tipo y el número de identificación no se pueden editar: "
    "no existen en esta entrada. Un campo omitido no cambia; `null` lo borra (si es opcional)."
)
class ActualizarPersonaInput:
    id: strawberry.ID = strawberry.field(description="ID global de la persona.")
    nombres: str | None = strawberry.field(default=strawberry.UNSET, description=_NOMBRES)
    apellidos: str | None = strawberry.field(default=strawberry.UNSET, description=_APELLIDOS)
    fecha_nacimiento: date | None = strawberry.field(default=strawberry.UNSET, description="Fecha de nacimiento.")
    sexo: str | None = strawberry.field(default=strawberry.UNSET, description=_SEXO)
    nacionalidad: str | None = strawberry.field(default=strawberry.UNSET,
                                                description="Nacionalidad (ISO 3166-1 alfa-2, p. ej. `CO`).")
    direccion: str | None = strawberry.field(default=strawberry.UNSET, description=_DIRECCION)
    municipio: str | None = strawberry.field(default=strawberry.UNSET, description=_MUNICIPIO)
    correo: str | None = strawberry.field(default=strawberry.UNSET, description=_CORREO)
    telefono: str | None = strawberry.field(default=strawberry.UNSET, description=_TELEFONO)


_NO_APLICADOS = (
    "Campos enviados que no se aplicaron: la persona la registró otro aliado y ya tenían un valor (solo se completan "
    "los datos vacíos; nunca se borran ni se reemplazan los de otro aliado). Vacío si se aplicó todo."
)


@strawberry.type(description="La persona quedó registrada o actualizada.")
class RegistrarPersonaOk:
    persona: PersonaNodo = strawberry.field(description="La persona, con sus datos actuales.")
    creada: bool = strawberry.field(description="Verdadero si se creó; falso si ya existía y se actualizó.")
    campos_no_aplicados: list[str] = strawberry.field(default_factory=list, description=_NO_APLICADOS)


@strawberry.type(description="La persona quedó actualizada.")
class ActualizarPersonaOk:
    persona: PersonaNodo = strawberry.field(description="La persona, con sus datos actuales.")
    campos_no_aplicados: list[str] = strawberry.field(default_factory=list, description=_NO_APLICADOS)


RegistrarPersonaPayload = Annotated[
    RegistrarPersonaOk | ErrorValidacion | ErrorConflicto | ErrorNoAutorizado,
    strawberry.union("RegistrarPersonaPayload", description="Resultado de registrar una persona."),
]
ActualizarPersonaPayload = Annotated[
    ActualizarPersonaOk | ErrorValidacion | ErrorNoEncontrado | ErrorConflicto | ErrorNoAutorizado,
    strawberry.union("ActualizarPersonaPayload", description="Resultado de actualizar una persona."),
]


# -- solicitudes --------------------------------------------------------------------------------------------
@strawberry.input(description="Un soporte: el archivo (multipart) y lo que declara quien lo anexa.")
class SoporteInput:
    requisito: str = strawberry.field(description="Código del requisito que acredita (p. ej. `documento_identidad`).")
    archivo: Upload = strawberry.field(
        description="Archivo PDF, JPG o PNG, máximo 4 MB, nombre en minúsculas sin espacios ni tildes (p. ej. "
        "`recibo-luz.pdf`). Se envía según la especificación GraphQL multipart request."
    )
    fecha_documento: date | None = strawberry.field(
        default=None, description="Fecha del documento (p. ej. de facturación o de pago del recibo)."
    )
    subtipo: str | None = strawberry.field(
        default=None, description="Subtipo, si el requisito lo pide (recibo: `energia`, `gas` o `acueducto`)."
    )


@strawberry.input(description="Una parte de la solicitud: la persona que cumple un rol del trámite.")
class ParteInput:
    rol: str = strawberry.field(description="Rol según el catálogo (`titular`, `solicitante`, `vendedor`, "
                                "`comprador`, `apoderado`…); la consulta `tramite` lista los de cada trámite.")
    persona_id: strawberry.ID = strawberry.field(description="ID global de la persona (registrada antes).")


@strawberry.input(description="Radicación de una solicitud de cualquier trámite del catálogo, con sus soportes.")
class RadicarSolicitudInput:
    tramite: str = strawberry.field(description="Código del trámite en el catálogo (p. ej. `SDG-CERT-RESIDENCIA`, "
                                    "`CHIA-T21`).")
    soportes: list[SoporteInput] = strawberry.field(description="Soportes, uno o más por requisito (máximo 10).")
    partes: list[ParteInput] = strawberry.field(
        default_factory=list, description="Las personas por rol. Quien recibe las notificaciones (el `solicitante` "
        "si lo hay, si no el `titular`) debe tener `correo` registrado cuando el trámite notifica por correo "
        "(p. ej. el certificado de residencia): sin él la radicación responde `DATO_INVALIDO` en `correo`.",
    )
    datos: JSON = strawberry.field(
        default_factory=dict, description="Los datos propios del trámite, como objeto {nombre: valor} según los "
        "`datos` que declara la consulta `tramite` (fechas AAAA-MM-DD, dinero en pesos sin puntos).",
    )
    sujeto: str | None = strawberry.field(
        default=None, description="Sobre qué actúa el trámite: la placa del vehículo, o el ID de la licencia o de "
        "la persona. Nulo si el trámite no tiene sujeto o lo crea (matrícula inicial).",
    )
    titular_id: strawberry.ID | None = strawberry.field(
        default=None, description="Equivale a la parte `titular` (se conserva por compatibilidad).",
    )
    destino: str | None = strawberry.field(
        default=None, description="Certificado de residencia: equivale a `datos.destino` (`general`, `cancilleria`).",
    )
    persona_privada_libertad: bool | None = strawberry.field(
        default=None, description="Certificado de residencia: equivale a `datos.persona_privada_libertad`.",
    )
    solicitante_id: strawberry.ID | None = strawberry.field(
        default=None, description="Equivale a la parte `solicitante`: el responsable que solicita por una persona "
        "privada de la libertad (debe tener correo).",
    )


@strawberry.input(description="Corrección de una solicitud rechazada, dentro de los 30 días del plazo.")
class SubsanarSolicitudInput:
    solicitud_id: strawberry.ID = strawberry.field(description="ID global de la solicitud.")
    soportes: list[SoporteInput] = strawberry.field(
        default_factory=list, description="Soportes nuevos: reemplazan a los del mismo requisito."
    )


@strawberry.type(description="La solicitud quedó radicada.")
class RadicarSolicitudOk:
    solicitud: SolicitudNodo = strawberry.field(description="La solicitud radicada.")


@strawberry.type(description="La solicitud quedó subsanada y vuelve a estudio.")
class SubsanarSolicitudOk:
    solicitud: SolicitudNodo = strawberry.field(description="La solicitud subsanada.")


RadicarSolicitudPayload = Annotated[
    RadicarSolicitudOk | ErrorValidacion | ErrorNoEncontrado | ErrorConflicto | ErrorNoAutorizado,
    strawberry.union("RadicarSolicitudPayload", description="Resultado de radicar una solicitud."),
]
SubsanarSolicitudPayload = Annotated[
    SubsanarSolicitudOk | ErrorValidacion | ErrorNoEncontrado | ErrorTransicion | ErrorPlazoVencido | ErrorConflicto
    | ErrorNoAutorizado,
    strawberry.union("SubsanarSolicitudPayload", description="Resultado de subsanar una solicitud."),
]
