"""Reading the registries for partner systems (scope ``registros``): a vehicle by placa, a persona's vehicles and
a persona's driving licences.

Visibility (docs/api.md, «Registries»): a partner sees a vehicle only while one of its *current* owners is a
persona that partner may read (it registered the persona, or filed a solicitud naming it: the rule of
``persona_visible``), and the licences of a holder it may read. Anything else — another partner's vehicle, a
vehicle sold to someone the partner does not know, an unknown placa or identification — answers exactly the same
«no existe», so the API cannot be used to learn who owns what.

What a partner reads of the people around a vehicle is what a certificado de tradición prints: names and
identification of the owners now and in the tradición, never their contact data.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from domain.alcances import REGISTROS, exigir_alcance
from domain.casos_uso import Contexto
from domain.casos_uso.registros import FichaVehiculo
from domain.errores import NoEncontrado
from domain.licencias import Licencia
from domain.personas import Persona, SistemaAliado
from domain.puertos import UnidadDeTrabajo
from domain.valores import Identificacion
from domain.vehiculos import Vehiculo, placa_consultable

PERSONA_NO_EXISTE = "No existe una persona con esa identificación."


@dataclass(frozen=True)
class PaginaVehiculos:
    vehiculos: list[Vehiculo]
    personas: dict[uuid.UUID, Persona]  # every owner and tradición link of the page, in one query
    hay_mas: bool


@dataclass(frozen=True)
class PaginaLicencias:
    titular: Persona
    licencias: list[Licencia]
    hay_mas: bool


def _personas_de(uow: UnidadDeTrabajo, vehiculos: list[Vehiculo]) -> dict[uuid.UUID, Persona]:
    ids = {i for v in vehiculos for i in (*v.propietarios, *(p.persona_id for p in v.tradicion)) if i is not None}
    return {p.id: p for p in uow.personas.varias(sorted(ids))}


def _titular_visible(uow: UnidadDeTrabajo, identificacion: Identificacion, aliado_id: uuid.UUID) -> Persona:
    persona = uow.personas.por_identificacion(identificacion)
    if persona is None or not uow.personas.varias([persona.id], visibles_para=aliado_id):
        raise NoEncontrado(PERSONA_NO_EXISTE, campo="titular")
    return persona


def vehiculo_para_aliado(placa: str, aliado: SistemaAliado, ctx: Contexto) -> FichaVehiculo:
    exigir_alcance(aliado, REGISTROS)
    limpia = placa_consultable(placa)
    with ctx.uow() as uow:
        vehiculo = uow.vehiculos.por_placa(limpia)
        if vehiculo is None or not uow.personas.varias(vehiculo.propietarios, visibles_para=aliado.id):
            raise NoEncontrado(f"No existe un vehículo con placa {limpia}.", campo="placa")
        return FichaVehiculo(vehiculo, _personas_de(uow, [vehiculo]))


def vehiculos_de_para_aliado(tipo: str, numero: str, aliado: SistemaAliado, ctx: Contexto, *, despues_de: str = "",
                             limite: int = 50) -> PaginaVehiculos:
    """The holder's current vehicles by placa, one keyset page (the holder must be visible to the partner)."""
    exigir_alcance(aliado, REGISTROS)
    identificacion = Identificacion.crear(tipo, numero)
    with ctx.uow() as uow:
        titular = _titular_visible(uow, identificacion, aliado.id)
        vehiculos = uow.vehiculos.de_propietario(titular.id, despues_de, limite + 1)
        pagina = vehiculos[:limite]
        return PaginaVehiculos(pagina, _personas_de(uow, pagina), len(vehiculos) > limite)


def licencias_de_para_aliado(tipo: str, numero: str, aliado: SistemaAliado, ctx: Contexto, *,
                             despues_de: tuple[date, uuid.UUID] | None = None, limite: int = 50) -> PaginaLicencias:
    """The holder's licence documents, newest first (expedida_en desc, id), one keyset page. A holder has a
    handful (each renewal or duplicate replaces the previous one): the chain is read whole and cut here."""
    exigir_alcance(aliado, REGISTROS)
    identificacion = Identificacion.crear(tipo, numero)
    with ctx.uow() as uow:
        titular = _titular_visible(uow, identificacion, aliado.id)
        todas = sorted(uow.licencias.de_titular(titular.id), key=lambda x: (-x.expedida_en.toordinal(), str(x.id)))
    if despues_de is not None:
        fecha, id_ = despues_de
        todas = [x for x in todas if (-x.expedida_en.toordinal(), str(x.id)) > (-fecha.toordinal(), str(id_))]
    return PaginaLicencias(titular, todas[:limite], len(todas) > limite)
