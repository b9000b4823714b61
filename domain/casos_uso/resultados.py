"""The documents trámites issue on approval, by the kind the catálogo names (``documento_resultado.tipo``).

A new kind of result is one function here; a test checks that every kind the catálogo names has one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.casos_uso import Contexto
from domain.casos_uso.certificados import emitir_certificado
from domain.documentos import Documento
from domain.errores import ErrorDominio
from domain.motor.esquema import TramiteDef
from domain.puertos import UnidadDeTrabajo
from domain.solicitudes import Solicitud

Emisor = Callable[[UnidadDeTrabajo, Contexto, Solicitud, TramiteDef, Any], Documento]


def _residencia(uow: UnidadDeTrabajo, ctx: Contexto, solicitud: Solicitud, tramite: TramiteDef,
                sujeto: Any) -> Documento:
    return emitir_certificado(uow, solicitud, ctx)


EMISORES: dict[str, Emisor] = {
    "certificado_residencia": _residencia,
}


def emitir_resultado(uow: UnidadDeTrabajo, ctx: Contexto, solicitud: Solicitud, tramite: TramiteDef,
                     sujeto: Any) -> Documento:
    assert tramite.documento_resultado is not None
    emisor = EMISORES.get(tramite.documento_resultado.tipo)
    if emisor is None:
        raise ErrorDominio(f"La plataforma aún no expide «{tramite.documento_resultado.titulo}».")
    return emisor(uow, ctx, solicitud, tramite, sujeto)
