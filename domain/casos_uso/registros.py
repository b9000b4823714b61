"""Reading the registries for officials: a vehicle's file (with its owners and history) and a person's licences.

A vehicle's file is shown to the officials of the organismo where it is registered (or where it is being
transferred to); a licence file to the officials of the organismo that issued any of the holder's licences.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from domain.casos_uso import Contexto
from domain.errores import NoAutorizado, NoEncontrado
from domain.licencias import Licencia
from domain.personas import Funcionario, Persona
from domain.valores import Identificacion
from domain.vehiculos import Vehiculo


@dataclass(frozen=True)
class FichaVehiculo:
    vehiculo: Vehiculo
    personas: dict[uuid.UUID, Persona]  # owners now and in the tradición, by id

    def nombre(self, persona_id: uuid.UUID | None) -> str:
        if persona_id is None:
            return "Persona indeterminada"
        persona = self.personas.get(persona_id)
        return f"{persona.nombre_completo} ({persona.identificacion})" if persona else "—"


@dataclass(frozen=True)
class FichaLicencias:
    titular: Persona
    licencias: list[Licencia]


def _funcionario(ctx: Contexto, funcionario_id: uuid.UUID) -> Funcionario:
    with ctx.uow() as uow:
        yo = uow.funcionarios.obtener(funcionario_id)
    if yo is None or not yo.activo:
        raise NoAutorizado("Su sesión ya no es válida.")
    return yo


def ficha_vehiculo(placa: str, funcionario_id: uuid.UUID, ctx: Contexto) -> FichaVehiculo:
    yo = _funcionario(ctx, funcionario_id)
    limpia = placa.replace(" ", "").replace("-", "").upper()[:10]
    with ctx.uow() as uow:
        vehiculo = uow.vehiculos.por_placa(limpia)
        if vehiculo is None or yo.entidad not in (vehiculo.organismo, vehiculo.organismo_destino):
            # Another organismo's vehicle reads exactly like a missing one.
            raise NoEncontrado(f"No hay un vehículo con placa {limpia} registrado en {yo.entidad}.")
        ids = {*vehiculo.propietarios, *(p.persona_id for p in vehiculo.tradicion if p.persona_id)}
        personas = {p.id: p for p in uow.personas.varias(list(ids))}
    return FichaVehiculo(vehiculo, personas)


def ficha_licencias(tipo: str, numero: str, funcionario_id: uuid.UUID, ctx: Contexto) -> FichaLicencias:
    yo = _funcionario(ctx, funcionario_id)
    identificacion = Identificacion.crear(tipo, numero)
    with ctx.uow() as uow:
        titular = uow.personas.por_identificacion(identificacion)
        licencias = uow.licencias.de_titular(titular.id) if titular else []
    if titular is None or not any(x.organismo == yo.entidad for x in licencias):
        raise NoEncontrado(f"No hay licencias de conducción de {identificacion} expedidas en {yo.entidad}.")
    return FichaLicencias(titular, licencias)


