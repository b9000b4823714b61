"""Errors as data: GraphQL error types, the central mapping from ``domain.errores`` and the masking of the rest.

Mutations return a named union (``…Ok | ErrorValidacion | …``). A domain exception raised anywhere inside a
resolver is converted here, once, by strawberry's ``exception_handlers``: no resolver has its own ``try``.
Only bugs, authentication and limits reach the top-level ``errors`` array; bugs are logged and masked.
"""

from __future__ import annotations

import logging
from typing import Any

import strawberry
from graphql import GraphQLError
from starlette.responses import JSONResponse
from strawberry.extensions import MaskErrors

from domain.errores import (
    ArchivoInvalido,
    ConflictoConcurrencia,
    DatoInvalido,
    ErrorDominio,
    NoAutorizado,
    NoEncontrado,
    PlazoVencido,
    RequisitoIncumplido,
    TransicionInvalida,
)

registro = logging.getLogger("ventanilla.api")

MENSAJE_INESPERADO = "Ocurrió un error inesperado. Intente de nuevo más tarde; si persiste, informe la hora del error."
CODIGO_INESPERADO = "ERROR_INTERNO"


class IdInvalido(DatoInvalido):
    """A global ID that cannot be decoded or names another type. Raised by the API, mapped like any domain error."""

    codigo = "ID_INVALIDO"


# -- GraphQL types --------------------------------------------------------------------------------------------
@strawberry.interface(description="Error esperado de una operación: se devuelve como dato, no como excepción.")
class Error:
    mensaje: str = strawberry.field(description="Explicación en español, lista para mostrar a la persona.")
    codigo: str = strawberry.field(description="Código estable para programas, p. ej. `DATO_INVALIDO`.")


@strawberry.type(description="Un dato o un archivo de la entrada no es válido; no se guardó nada.")
class ErrorValidacion(Error):
    campo: str | None = strawberry.field(
        default=None, description="Campo de la entrada al que se refiere el error (p. ej. `numeroIdentificacion`)."
    )
    requisito: str | None = strawberry.field(
        default=None, description="Código del requisito del trámite incumplido, cuando el error es de un soporte."
    )


@strawberry.type(description="El registro indicado no existe (persona, solicitud o trámite).")
class ErrorNoEncontrado(Error):
    campo: str | None = strawberry.field(default=None, description="Campo de la entrada que lo referencia.")


@strawberry.type(description="La solicitud no admite esa acción en su estado actual.")
class ErrorTransicion(Error):
    pass


@strawberry.type(description="Venció el plazo para la acción (p. ej. los 30 días para subsanar).")
class ErrorPlazoVencido(Error):
    pass


@strawberry.type(
    description="Otra operación modificó el registro al mismo tiempo; vuelva a consultarlo e intente de nuevo."
)
class ErrorConflicto(Error):
    pass


@strawberry.type(description="La credencial no tiene permiso para esta operación (p. ej. le falta un alcance).")
class ErrorNoAutorizado(Error):
    pass


# -- domain field names -> GraphQL input paths ----------------------------------------------------------------
_CAMPOS = {
    "tipo": "tipoIdentificacion",
    "numero": "numeroIdentificacion",
    "identificacion": "numeroIdentificacion",
    "titular": "titularId",
    "solicitante": "solicitanteId",
    "partes.titular": "titularId",
    "partes.solicitante": "solicitanteId",
    "requisito": "soportes.requisito",
}


def campo_graphql(campo: str | None) -> str | None:
    """``numero`` -> ``numeroIdentificacion``, ``fecha_nacimiento`` -> ``fechaNacimiento``; paths pass through."""
    if not campo:
        return None
    if campo in _CAMPOS:
        return _CAMPOS[campo]
    if "." in campo:
        return campo
    cabeza, *cola = campo.split("_")
    return cabeza + "".join(p.capitalize() for p in cola)


def _validacion(e: DatoInvalido) -> ErrorValidacion:
    if isinstance(e, RequisitoIncumplido):
        if (e.campo or "").startswith("partes."):
            return ErrorValidacion(mensaje=e.mensaje, codigo=e.codigo, campo=campo_graphql(e.campo))
        return ErrorValidacion(mensaje=e.mensaje, codigo=e.codigo, campo="soportes", requisito=e.campo or None)
    campo = campo_graphql(e.campo)
    if isinstance(e, ArchivoInvalido) and not (campo or "").startswith("soportes"):
        campo = "soportes.archivo"  # an upload outside the soportes list names no position
    return ErrorValidacion(mensaje=e.mensaje, codigo=e.codigo, campo=campo, requisito=e.requisito)


# -- the central mapping (order matters: the first handler whose exception matches wins) ---------------------
class _Validacion(strawberry.ExceptionHandler[DatoInvalido, ErrorValidacion]):
    def handle(self, exception: DatoInvalido, *, field: Any, info: Any) -> ErrorValidacion:
        return _validacion(exception)


class _NoEncontrado(strawberry.ExceptionHandler[NoEncontrado, ErrorNoEncontrado]):
    def handle(self, exception: NoEncontrado, *, field: Any, info: Any) -> ErrorNoEncontrado:
        e = exception
        return ErrorNoEncontrado(mensaje=e.mensaje, codigo=e.codigo, campo=campo_graphql(e.campo))


class _Transicion(strawberry.ExceptionHandler[TransicionInvalida, ErrorTransicion]):
    def handle(self, exception: TransicionInvalida, *, field: Any, info: Any) -> ErrorTransicion:
        return ErrorTransicion(mensaje=exception.mensaje, codigo=exception.codigo)


class _PlazoVencido(strawberry.ExceptionHandler[PlazoVencido, ErrorPlazoVencido]):
    def handle(self, exception: PlazoVencido, *, field: Any, info: Any) -> ErrorPlazoVencido:
        return ErrorPlazoVencido(mensaje=exception.mensaje, codigo=exception.codigo)


class _Conflicto(strawberry.ExceptionHandler[ConflictoConcurrencia, ErrorConflicto]):
    def handle(self, exception: ConflictoConcurrencia, *, field: Any, info: Any) -> ErrorConflicto:
        return ErrorConflicto(mensaje=exception.mensaje, codigo=exception.codigo)


class _NoAutorizado(strawberry.ExceptionHandler[NoAutorizado, ErrorNoAutorizado]):
    def handle(self, exception: NoAutorizado, *, field: Any, info: Any) -> ErrorNoAutorizado:
        return ErrorNoAutorizado(mensaje=exception.mensaje, codigo=exception.codigo)


MANEJADORES: tuple[strawberry.ExceptionHandler[Any, Any], ...] = (
    _Validacion(), _NoEncontrado(), _Transicion(), _PlazoVencido(), _Conflicto(), _NoAutorizado(),
)

# For the plain (non-GraphQL) routes: the same errors as HTTP statuses.
ESTADOS_HTTP: tuple[tuple[type[ErrorDominio], int], ...] = (
    (DatoInvalido, 400), (NoAutorizado, 403), (NoEncontrado, 404), (TransicionInvalida, 409),
    (ConflictoConcurrencia, 409), (PlazoVencido, 410),
)


def estado_http(error: ErrorDominio) -> int:
    return next((estado for tipo, estado in ESTADOS_HTTP if isinstance(error, tipo)), 422)


# -- top-level errors -------------------------------------------------------------------------------------------
def _debe_enmascarar(error: GraphQLError) -> bool:
    """Validation, parse and limit errors have no original error; permission errors are GraphQLErrors: keep them."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


def registrar_errores(errores: list[GraphQLError]) -> None:
    """Log what the schema saw, before masking: bugs as errors with their traceback, the expected rest as info."""
    for error in errores:
        if _debe_enmascarar(error) and not isinstance(error.original_error, ErrorDominio):
            registro.error("Error inesperado en %s: %s", error.path, error.message, exc_info=error.original_error)
        else:
            registro.info("Petición GraphQL rechazada: %s", error.message)


class ErroresSeguros(MaskErrors):
    """MaskErrors that answers in Spanish with ``extensions.code`` (the schema logs the original first).

    A domain error that escapes to the top level (a query argument such as a bad cursor, or an error type missing
    from a payload union) keeps its Spanish message and code: it is expected, only not typed.
    """

    def __init__(self) -> None:
        super().__init__(should_mask_error=_debe_enmascarar, error_message=MENSAJE_INESPERADO)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        if isinstance(original, ErrorDominio):
            extensiones: dict[str, Any] = {"code": original.codigo}
            if original.campo:
                extensiones["campo"] = campo_graphql(original.campo)
            mensaje = original.mensaje
        else:  # already logged, with its traceback, by registrar_errores
            extensiones, mensaje = {"code": CODIGO_INESPERADO}, self.error_message
        return GraphQLError(
            message=mensaje, nodes=error.nodes, source=error.source, positions=error.positions, path=error.path,
            original_error=None, extensions=extensiones,
        )


def respuesta_error(estado: int, codigo: str, mensaje: str, encabezados: dict[str, str] | None = None) -> JSONResponse:
    """The JSON body of errors outside GraphQL (413, downloads), shaped like a GraphQL error so clients read it."""
    cuerpo = {"errors": [{"message": mensaje, "extensions": {"code": codigo}}]}
    return JSONResponse(cuerpo, status_code=estado, headers=encabezados)
