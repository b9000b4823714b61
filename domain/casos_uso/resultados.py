"""The documents trámites issue on approval, by the kind the catálogo names (``documento_resultado.tipo``).

A new kind of result is one function here; a test checks that every kind the catálogo names has one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.casos_uso import Contexto
from domain.casos_uso.certificados import emitir_certificado
from domain.casos_uso.tradicion import emitir_certificado_tradicion
from domain.documentos import Documento
from domain.errores import DatoInvalido, ErrorDominio
from domain.motor.esquema import TramiteDef
from domain.personas import Funcionario
from domain.puertos import UnidadDeTrabajo
from domain.solicitudes import Solicitud
from domain.vehiculos import Vehiculo

Emisor = Callable[[UnidadDeTrabajo, Contexto, Solicitud, TramiteDef, Any, Funcionario], Documento]


def _residencia(uow: UnidadDeTrabajo, ctx: Contexto, solicitud: Solicitud, tramite: TramiteDef,
                sujeto: Any, aprobado_por: Funcionario) -> Documento:
    return emitir_certificado(uow, solicitud, ctx, aprobado_por=aprobado_por)


def _tradicion(uow: UnidadDeTrabajo, ctx: Contexto, solicitud: Solicitud, tramite: TramiteDef,
               sujeto: Any, aprobado_por: Funcionario) -> Documento:
    """Chía's trámites 18 and 33: the vehicle's file as it stands after this approval, requested by the titular."""
    titular = uow.personas.obtener(solicitud.titular_id) if solicitud.titular_id else None
    if not isinstance(sujeto, Vehiculo) or titular is None:
        raise DatoInvalido("El certificado de tradición necesita el vehículo y la persona que lo solicita.")
    return emitir_certificado_tradicion(uow, ctx, solicitud=solicitud, vehiculo=sujeto, titular=titular)


EMISORES: dict[str, Emisor] = {
    "certificado_residencia": _residencia,
    "certificado_tradicion": _tradicion,
}


def emitir_resultado(uow: UnidadDeTrabajo, ctx: Contexto, solicitud: Solicitud, tramite: TramiteDef,
                     sujeto: Any, aprobado_por: Funcionario) -> Documento:
    assert tramite.documento_resultado is not None
    emisor = EMISORES.get(tramite.documento_resultado.tipo)
    if emisor is None:
        raise ErrorDominio(f"La plataforma aún no expide «{tramite.documento_resultado.titulo}».")
    return emisor(uow, ctx, solicitud, tramite, sujeto, aprobado_por)
