"""GraphQL face of the vehicle and licence registries for partners (scope ``registros``).

- ``vehiculo(placa)`` — one vehicle's record;
- ``vehiculosDe(titular)`` — the current vehicles of a persona, by placa, a keyset page;
- ``licenciasDe(titular)`` — a persona's licence documents, newest first, a keyset page.

Visibility is the domain's (domain/casos_uso/registros_aliados.py): a vehicle whose current owners include a persona
this partner may read, the licences of such a persona; everything else is ``ErrorNoEncontrado`` with the same
message as something that does not exist. Errors are data (named unions), lists follow api/paginacion.py.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

import strawberry
from starlette.concurrency import run_in_threadpool

from api.alcances import alcance
from api.contexto import Info
from api.enumeraciones import TipoIdentificacion
from api.errores import ErrorNoAutorizado, ErrorNoEncontrado, ErrorValidacion
from api.paginacion import CURSOR_INVALIDO, cifrar, descifrar, exigir_tamano, info_pagina
from api.tipos import InfoPagina
from api.tipos_registros import LicenciaTipo, VehiculoTipo
from domain.alcances import REGISTROS
from domain.casos_uso import registros_aliados as uc
from domain.errores import DatoInvalido, NoAutorizado
from domain.personas import SistemaAliado

_PREFIJO_VEHICULOS = "vehiculos:v1|"
_PREFIJO_LICENCIAS = "licencias:v1|"
_PRIMERO = Annotated[int, strawberry.argument(description="Tamaño de la página: de 1 a 100.")]
_DESPUES = Annotated[str | None, strawberry.argument(description="`endCursor` de la página anterior.")]
_VISIBILIDAD = ("Solo personas que este aliado registró o que figuran en sus solicitudes; cualquier otra responde "
                "`ErrorNoEncontrado`, igual que una identificación que no existe. Exige el alcance `registros`.")


@strawberry.input(description="Identificación de una persona: tipo y número (se normaliza: puntos y espacios "
                  "bien puestos se aceptan).")
class IdentificacionInput:
    tipo: TipoIdentificacion
    numero: str


@strawberry.type(name="VehiculoEdge", description="Un vehículo dentro de una página, con su cursor.")
class AristaVehiculo:
    cursor: str
    node: VehiculoTipo


@strawberry.type(name="VehiculoConnection", description="Página de vehículos, por placa (máximo 100).")
class ConexionVehiculos:
    page_info: InfoPagina
    edges: list[AristaVehiculo]


@strawberry.type(name="LicenciaEdge", description="Una licencia dentro de una página, con su cursor.")
class AristaLicencia:
    cursor: str
    node: LicenciaTipo


@strawberry.type(name="LicenciaConnection", description="Página de licencias, de la más reciente a la más antigua.")
class ConexionLicencias:
    page_info: InfoPagina
    edges: list[AristaLicencia]


VehiculoResultado = Annotated[
    VehiculoTipo | ErrorValidacion | ErrorNoEncontrado | ErrorNoAutorizado,
    strawberry.union("VehiculoResultado", description="Un vehículo, o el error."),
]
VehiculosResultado = Annotated[
    ConexionVehiculos | ErrorValidacion | ErrorNoEncontrado | ErrorNoAutorizado,
    strawberry.union("VehiculosResultado", description="Página de vehículos de una persona, o el error."),
]
LicenciasResultado = Annotated[
    ConexionLicencias | ErrorValidacion | ErrorNoEncontrado | ErrorNoAutorizado,
    strawberry.union("LicenciasResultado", description="Página de licencias de una persona, o el error."),
]


def _aliado(info: Info) -> SistemaAliado:
    aliado = info.context.aliado
    if aliado is None:
        raise NoAutorizado("Falta una credencial válida de sistema aliado.")
    return aliado


def _cursor_licencia(after: str) -> tuple[date, uuid.UUID]:
    fecha, id_ = descifrar(_PREFIJO_LICENCIAS, after, 2)
    try:
        return date.fromisoformat(fecha), uuid.UUID(id_)
    except ValueError:
        raise DatoInvalido(CURSOR_INVALIDO, campo="after") from None


@strawberry.type
class ConsultaRegistros:
    @strawberry.field(
        description="Un vehículo por su placa (p. ej. `ABC123`; se aceptan minúsculas, espacios y guiones), con sus "
        "características, propietarios, gravámenes, medidas cautelares, estado de la matrícula, tradición e "
        "historia. Solo si uno de sus propietarios actuales es una persona que este aliado registró o que figura "
        "en sus solicitudes; si no, `ErrorNoEncontrado`, igual que una placa que no existe. Exige el alcance "
        "`registros`.",
        extensions=alcance(REGISTROS),
    )
    async def vehiculo(
        self, info: Info, placa: Annotated[str, strawberry.argument(description="Placa del vehículo.")]
    ) -> VehiculoResultado:
        ficha = await run_in_threadpool(uc.vehiculo_para_aliado, placa, _aliado(info), info.context.ctx)
        return VehiculoTipo.desde(ficha.vehiculo, ficha.personas)

    @strawberry.field(
        description="Los vehículos de los que una persona es propietaria hoy, por placa, por páginas (máximo 100). "
        + _VISIBILIDAD,
        extensions=alcance(REGISTROS),
    )
    async def vehiculos_de(
        self, info: Info, titular: IdentificacionInput, first: _PRIMERO = 50, after: _DESPUES = None,
    ) -> VehiculosResultado:
        exigir_tamano(first)
        despues_de = descifrar(_PREFIJO_VEHICULOS, after, 1)[0] if after else ""
        aliado = _aliado(info)
        pagina = await run_in_threadpool(
            lambda: uc.vehiculos_de_para_aliado(titular.tipo.name, titular.numero[:40], aliado, info.context.ctx,
                                                despues_de=despues_de, limite=first))
        aristas = [AristaVehiculo(cursor=cifrar(_PREFIJO_VEHICULOS, v.placa),
                                  node=VehiculoTipo.desde(v, pagina.personas)) for v in pagina.vehiculos]
        return ConexionVehiculos(edges=aristas,
                                 page_info=info_pagina([a.cursor for a in aristas], pagina.hay_mas, after))

    @strawberry.field(
        description="Las licencias de conducción de una persona (cada documento expedido, también los reemplazados), "
        "de la más reciente a la más antigua, por páginas (máximo 100). " + _VISIBILIDAD,
        extensions=alcance(REGISTROS),
    )
    async def licencias_de(
        self, info: Info, titular: IdentificacionInput, first: _PRIMERO = 50, after: _DESPUES = None,
    ) -> LicenciasResultado:
        exigir_tamano(first)
        despues_de = _cursor_licencia(after) if after else None
        aliado = _aliado(info)
        pagina = await run_in_threadpool(
            lambda: uc.licencias_de_para_aliado(titular.tipo.name, titular.numero[:40], aliado, info.context.ctx,
                                                despues_de=despues_de, limite=first))
        aristas = [AristaLicencia(cursor=cifrar(_PREFIJO_LICENCIAS, x.expedida_en.isoformat(), x.id),
                                  node=LicenciaTipo.desde(x, pagina.titular)) for x in pagina.licencias]
        return ConexionLicencias(edges=aristas,
                                 page_info=info_pagina([a.cursor for a in aristas], pagina.hay_mas, after))


__all__ = ["ConsultaRegistros"]
