"""What rules and conditions see when a solicitud is evaluated: read-only views over the aggregates.

Conditions can name only what a view declares (``ATRIBUTOS_*``), so the catálogo is checked against these sets
when it loads. Rules receive the whole ``Evaluacion``: datos, partes as personas, the sujeto, every soporte, today,
the business-day calendar (through ``domain.motor.tiempo``) and the external registries (read-only ports).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from domain.calendario import dias_habiles_entre
from domain.licencias import Licencia
from domain.motor.esquema import FilaTabla, TramiteDef
from domain.motor.tiempo import anios_cumplidos
from domain.personas import Persona
from domain.puertos_registros import RegistrosExternos
from domain.valores import TipoIdentificacion
from domain.vehiculos import ClaseVehiculo, EstadoMatricula, Servicio, Vehiculo

_EXTRANJEROS = frozenset({TipoIdentificacion.CE, TipoIdentificacion.PA, TipoIdentificacion.PPT})


@dataclass(frozen=True)
class VistaPersona:
    persona: Persona
    hoy: date

    @property
    def edad(self) -> int | None:
        nacimiento = self.persona.fecha_nacimiento
        return None if nacimiento is None else anios_cumplidos(nacimiento, self.hoy)

    @property
    def es_menor(self) -> bool:
        return self.edad is not None and self.edad < 18

    @property
    def es_juridica(self) -> bool:
        return self.persona.identificacion.tipo is TipoIdentificacion.NIT

    @property
    def naturaleza(self) -> str:
        return "juridica" if self.es_juridica else "natural"

    @property
    def es_extranjero(self) -> bool:
        return self.persona.identificacion.tipo in _EXTRANJEROS or (
            not self.es_juridica and (self.persona.nacionalidad or "CO").upper() != "CO"
        )

    @property
    def tipo_identificacion(self) -> str:
        return self.persona.identificacion.tipo.value


ATRIBUTOS_PERSONA = frozenset({"edad", "es_menor", "es_juridica", "naturaleza", "es_extranjero",
                               "tipo_identificacion"})


@dataclass(frozen=True)
class VistaVehiculo:
    vehiculo: Vehiculo
    hoy: date

    @property
    def clase(self) -> str:
        return self.vehiculo.clase.value

    @property
    def servicio(self) -> str:
        return self.vehiculo.servicio.value

    @property
    def estado_matricula(self) -> str:
        return self.vehiculo.estado_matricula.value

    @property
    def causa_cancelacion(self) -> str | None:
        causa = self.vehiculo.causa_cancelacion
        return None if causa is None else causa.value

    @property
    def tiene_gravamenes(self) -> bool:
        return bool(self.vehiculo.gravamenes_vigentes())

    @property
    def tiene_prenda(self) -> bool:
        return any(g.tipo == "prenda" for g in self.vehiculo.gravamenes_vigentes())

    @property
    def tiene_medidas_cautelares(self) -> bool:
        return bool(self.vehiculo.medidas_vigentes())

    @property
    def es_taxi(self) -> bool:
        return self.vehiculo.tarjeta_operacion is not None

    @property
    def anios_tarjeta_operacion(self) -> int | None:
        tarjeta = self.vehiculo.tarjeta_operacion
        return None if tarjeta is None else anios_cumplidos(tarjeta.expedida_en, self.hoy)

    @property
    def blindado(self) -> bool:
        return self.vehiculo.blindado

    @property
    def combustible(self) -> str:
        return self.vehiculo.combustible

    @property
    def cilindraje(self) -> int | None:
        return self.vehiculo.cilindraje

    @property
    def es_remolque(self) -> bool:
        return self.vehiculo.es_remolque

    @property
    def organismo_destino(self) -> str | None:
        return self.vehiculo.organismo_destino

    @property
    def dias_habiles_en_traslado(self) -> int | None:
        """Días hábiles since the origin filed the traslado (trámite 13: 60 and the folder goes back)."""
        inicio = self.vehiculo.traslado_iniciado_en
        return None if inicio is None else dias_habiles_entre(inicio, self.hoy)


@dataclass(frozen=True)
class VistaLicencia:
    licencia: Licencia
    hoy: date

    @property
    def categoria(self) -> str:
        return self.licencia.categoria

    @property
    def servicio(self) -> str:
        return self.licencia.servicio

    @property
    def estado(self) -> str:
        return self.licencia.estado.value

    @property
    def vencida(self) -> bool:
        return self.licencia.vencida(self.hoy)

    @property
    def documento_titular(self) -> str:
        return self.licencia.documento_titular


def _propiedades(clase: type) -> frozenset[str]:
    return frozenset(n for n, v in vars(clase).items() if isinstance(v, property))


ATRIBUTOS_SUJETO: Mapping[str, frozenset[str]] = {
    "ninguno": frozenset(),
    "persona": ATRIBUTOS_PERSONA,
    "vehiculo": _propiedades(VistaVehiculo),
    "licencia": _propiedades(VistaLicencia),
}

OPCIONES_SUJETO: Mapping[str, Mapping[str, frozenset[str]]] = {
    "vehiculo": {
        "sujeto.clase": frozenset(c.value for c in ClaseVehiculo),
        "sujeto.servicio": frozenset(s.value for s in Servicio),
        "sujeto.estado_matricula": frozenset(e.value for e in EstadoMatricula),
    },
}


def vista_sujeto(sujeto: Any, hoy: date) -> Any:
    if isinstance(sujeto, Vehiculo):
        return VistaVehiculo(sujeto, hoy)
    if isinstance(sujeto, Licencia):
        return VistaLicencia(sujeto, hoy)
    if isinstance(sujeto, Persona):
        return VistaPersona(sujeto, hoy)
    return None


@dataclass(frozen=True)
class SoporteEvaluado:
    """What rules see of a soporte: its declared data, not its pixels."""

    requisito: str
    tipo_medio: str
    fecha_documento: date | None = None
    subtipo: str | None = None


@dataclass
class Evaluacion:
    tramite: TramiteDef
    datos: Mapping[str, Any]
    personas: Mapping[str, Persona]
    sujeto_agregado: Any
    soportes: tuple[SoporteEvaluado, ...]
    hoy: date
    registros: RegistrosExternos
    organismo: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def partes(self) -> Mapping[str, VistaPersona]:
        return {rol: VistaPersona(p, self.hoy) for rol, p in self.personas.items()}

    @cached_property
    def sujeto(self) -> Any:
        return vista_sujeto(self.sujeto_agregado, self.hoy)

    @cached_property
    def tablas(self) -> Mapping[str, Mapping[str, Any] | None]:
        filas = {t.nombre: t.decidir(self) for t in self.tramite.tablas}
        return {nombre: (None if fila is None else fila.salidas) for nombre, fila in filas.items()}

    def fila_tabla(self, nombre: str) -> FilaTabla | None:
        return next(t for t in self.tramite.tablas if t.nombre == nombre).decidir(self)
