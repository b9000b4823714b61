"""What the engine needs around a solicitud: its partes as personas, its sujeto, its datos typed, the context.

Shared by filing, correcting and approving, so the three evaluate exactly the same way.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from domain.casos_uso import Contexto
from domain.casos_uso.personas import persona_visible
from domain.errores import DatoInvalido, ErrorDominio, NoEncontrado
from domain.motor.contexto import Evaluacion, SoporteEvaluado
from domain.motor.esquema import TramiteDef
from domain.motor.evaluador import validar_datos
from domain.personas import Persona
from domain.puertos import UnidadDeTrabajo
from domain.puertos_registros import Multa, PolizaSoat
from domain.solicitudes import ABIERTAS, EstadoSolicitud, Solicitud, Sujeto
from domain.valores import Identificacion
from domain.vehiculos import Vehiculo

# A linked trámite counts while it is alive: filed, under study, approved or delivered — not a rejected, desisted
# or annulled one (a coupling such as T-35 with T-38 must not lean on a dead filing).
VIVAS = (*ABIERTAS, EstadoSolicitud.REQUIERE_SUBSANACION, EstadoSolicitud.APROBADA, EstadoSolicitud.FINALIZADA)


class RegistrosNoConfigurados:
    """Where no external registry is wired: a trámite that consults one fails loudly instead of guessing."""

    def _falla(self) -> ErrorDominio:
        return ErrorDominio("Los registros externos (RUNT, SIMIT, impuesto, SOAT) no están configurados.")

    def inscrito_runt(self, identificacion: Identificacion) -> bool:
        raise self._falla()

    def multas_pendientes(self, identificacion: Identificacion) -> list[Multa]:
        raise self._falla()

    def impuesto_pagado(self, placa: str, vigencia: int) -> bool:
        raise self._falla()

    def soat(self, placa: str, en: date) -> PolizaSoat | None:
        raise self._falla()


def datos_a_json(datos: Mapping[str, Any]) -> dict[str, Any]:
    """Typed datos as JSON values: dates as ISO text, pesos as decimal text; None fields are left out."""
    def valor(v: Any) -> Any:
        if isinstance(v, date):
            return v.isoformat()
        if isinstance(v, Decimal):
            return str(v)
        return v
    return {k: valor(v) for k, v in datos.items() if v is not None}


def personas_de_partes(uow: UnidadDeTrabajo, tramite: TramiteDef, partes: Mapping[str, uuid.UUID],
                       aliado_id: uuid.UUID | None) -> dict[str, Persona]:
    """Each parte by role, refusing roles the trámite does not declare and personas the caller may not read."""
    desconocidos = sorted(set(partes) - {p.rol for p in tramite.partes})
    if desconocidos:
        roles = ", ".join(p.rol for p in tramite.partes)
        raise DatoInvalido(f"El trámite «{tramite.nombre}» no tiene la parte «{desconocidos[0]}»; sus partes son: "
                           f"{roles}.", campo=f"partes.{desconocidos[0]}")
    personas = {}
    for rol, persona_id in partes.items():
        # A persona the partner may not read is «no existe», as if it were missing: filing for it would reveal it.
        persona = persona_visible(uow, persona_id, aliado_id)
        if persona is None:
            etiqueta = tramite.parte(rol).etiqueta.lower()  # type: ignore[union-attr]
            raise NoEncontrado(f"No existe la persona indicada como {etiqueta}; regístrela primero.",
                               campo=f"partes.{rol}")
        personas[rol] = persona
    return personas


def resolver_sujeto(uow: UnidadDeTrabajo, tramite: TramiteDef, referencia: str | None) -> Any:
    """The aggregate the trámite acts on, from how people name it: a placa, or a licence's or persona's id."""
    tipo = tramite.sujeto.tipo
    if tipo == "ninguno" or tramite.sujeto.nuevo:
        # A trámite that creates its sujeto (matrícula, first licence) must not be pointed at an existing one: the
        # rules would read that record and the approval would create another beside it.
        if referencia:
            que = "lo crea" if tramite.sujeto.nuevo else "no actúa sobre un sujeto"
            raise DatoInvalido(f"El trámite «{tramite.nombre}» {que}; no envíe «sujeto».", campo="sujeto")
        return None
    if not referencia:
        que = {"vehiculo": "la placa del vehículo", "licencia": "la licencia de conducción",
               "persona": "la persona"}[tipo]
        raise DatoInvalido(f"Indique {que} sobre la que actúa el trámite «{tramite.nombre}».", campo="sujeto")
    if tipo == "vehiculo":
        return _vehiculo(uow, tramite, referencia)
    ident = _uuid(referencia)
    encontrado = uow.licencias.obtener(ident) if tipo == "licencia" else uow.personas.obtener(ident)
    if encontrado is None:
        raise NoEncontrado(f"No existe la {'licencia de conducción' if tipo == 'licencia' else 'persona'} "
                           "indicada como sujeto del trámite.", campo="sujeto")
    return encontrado


def exigir_placas_libres(uow: UnidadDeTrabajo, tramite: TramiteDef, datos: Mapping[str, Any], sujeto: Any) -> None:
    """A dato of type placa is the plate the trámite assigns (matrícula, cambio de placas): refused if it already
    identifies another vehicle of the registry, instead of failing when the approval writes it."""
    for campo in tramite.datos:
        placa = datos.get(campo.nombre) if campo.tipo == "placa" else None
        otro = uow.vehiculos.por_placa(placa) if placa else None
        if otro is not None and otro.id != getattr(sujeto, "id", None):
            raise DatoInvalido(f"La placa {placa} ya está asignada a otro vehículo del registro: la placa identifica "
                               "privativamente a un vehículo (Ley 769 de 2002, art. 2).", campo=f"datos.{campo.nombre}")


def _vehiculo(uow: UnidadDeTrabajo, tramite: TramiteDef, placa: str) -> Vehiculo:
    limpia = placa.replace(" ", "").replace("-", "").upper()[:10]
    vehiculo = uow.vehiculos.por_placa(limpia)
    if vehiculo is None:
        raise NoEncontrado(f"No hay un vehículo con placa {limpia} en el registro del organismo de tránsito.",
                           campo="sujeto")
    if tramite.sujeto.clases and vehiculo.clase.value not in tramite.sujeto.clases:
        clases = ", ".join(tramite.sujeto.clases)
        raise DatoInvalido(f"El trámite «{tramite.nombre}» es para vehículos de clase {clases}; el de placa "
                           f"{vehiculo.placa} es {vehiculo.clase.value} ({tramite.fuente}).", campo="sujeto")
    return vehiculo


def _uuid(texto: str) -> uuid.UUID:
    try:
        return uuid.UUID(texto)
    except ValueError:
        raise DatoInvalido(f"«{texto[:60]}» no es un identificador válido.", campo="sujeto") from None


def referencia_sujeto(tipo: str, sujeto: Any) -> Sujeto | None:
    if sujeto is None:
        return None
    etiqueta = getattr(sujeto, "placa", None) or getattr(sujeto, "numero", None) or str(sujeto.id)
    if isinstance(sujeto, Persona):
        etiqueta = f"{sujeto.nombre_completo} ({sujeto.identificacion})"
    return Sujeto(tipo, sujeto.id, etiqueta)


def evaluacion(ctx: Contexto, uow: UnidadDeTrabajo, tramite: TramiteDef, personas: Mapping[str, Persona],
               sujeto: Any, soportes: tuple[SoporteEvaluado, ...], hoy: date,
               excluir: uuid.UUID | None = None) -> Evaluacion:
    """The evaluation context; ``excluir`` leaves the solicitud itself out of «the sujeto's other trámites»."""
    asociados: tuple[tuple[str, str], ...] = ()
    if sujeto is not None and hasattr(sujeto, "id"):
        asociados = tuple((s.tramite, s.estado.value) for s in uow.solicitudes.de_sujeto(sujeto.id, VIVAS)
                          if s.id != excluir)
    return Evaluacion(tramite, {}, dict(personas), sujeto, soportes, hoy,
                      ctx.registros or RegistrosNoConfigurados(), tramite.entidad.codigo,
                      {"tramites_del_sujeto": asociados})


def con_datos(ev: Evaluacion, crudos: Mapping[str, Any]) -> Evaluacion:
    ev.datos = validar_datos(ev.tramite, crudos, ev)
    return ev


def cargar_partes(uow: UnidadDeTrabajo, solicitud: Solicitud) -> dict[str, Persona]:
    personas = {}
    for rol, persona_id in solicitud.partes.items():
        persona = uow.personas.obtener(persona_id)
        if persona is not None:
            personas[rol] = persona
    return personas


def cargar_sujeto(uow: UnidadDeTrabajo, solicitud: Solicitud) -> Any:
    ref = solicitud.sujeto
    if ref is None:
        return None
    if ref.tipo == "vehiculo":
        return uow.vehiculos.obtener(ref.id)
    if ref.tipo == "licencia":
        return uow.licencias.obtener(ref.id)
    return uow.personas.obtener(ref.id)


def soportes_evaluados(solicitud: Solicitud) -> tuple[SoporteEvaluado, ...]:
    return tuple(SoporteEvaluado(s.requisito, s.archivo.tipo_medio, s.fecha_documento, s.subtipo)
                 for s in solicitud.soportes)
