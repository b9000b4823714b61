"""Domain errors: each has a stable ``codigo`` (for APIs) and a Spanish ``mensaje`` (for people)."""

from __future__ import annotations


class ErrorDominio(Exception):
    codigo = "ERROR_DOMINIO"

    def __init__(self, mensaje: str, *, campo: str | None = None, requisito: str | None = None) -> None:
        super().__init__(mensaje)
        self.mensaje = mensaje
        self.campo = campo
        self.requisito = requisito  # the requisito of the soporte at fault, when the error is about one


class DatoInvalido(ErrorDominio):
    codigo = "DATO_INVALIDO"


class ArchivoInvalido(DatoInvalido):
    codigo = "ARCHIVO_INVALIDO"


class RequisitoIncumplido(DatoInvalido):
    """A blocking rule said no: the request cannot be filed as it is."""

    codigo = "REQUISITO_INCUMPLIDO"


class NoEncontrado(ErrorDominio):
    codigo = "NO_ENCONTRADO"


class TramiteDesconocido(NoEncontrado):
    codigo = "TRAMITE_DESCONOCIDO"


class TransicionInvalida(ErrorDominio):
    codigo = "TRANSICION_INVALIDA"


class PlazoVencido(ErrorDominio):
    codigo = "PLAZO_VENCIDO"


class NoAutorizado(ErrorDominio):
    codigo = "NO_AUTORIZADO"


class ConflictoConcurrencia(ErrorDominio):
    """Someone else changed the aggregate first (optimistic locking)."""

    codigo = "CONFLICTO_CONCURRENCIA"

    def __init__(self, mensaje: str = "") -> None:
        super().__init__(mensaje or "Otra persona modificó este registro al mismo tiempo; recargue e intente de nuevo.")


class IdentidadNoConfirmada(DatoInvalido):
    """A partner tried to register a persona that exists and that it may not read, and the data it sent does not
    confirm the identity. The message never says which datum failed nor what is stored (docs/aliados.md)."""

    codigo = "IDENTIDAD_NO_CONFIRMADA"
