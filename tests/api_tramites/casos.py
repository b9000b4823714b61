"""The shape of a per-trámite case and the two runs every trámite gets: accepted (filed, approved, registry checked)
and refused (a blocking finding, cited in Spanish; nothing stored)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from domain.licencias import Licencia
from domain.solicitudes import EstadoSolicitud, Solicitud
from domain.vehiculos import CausaCancelacion, ClaseVehiculo, Vehiculo
from tests.api_tramites.conftest import NORMA, Mundo, Radicacion
from tests.motor.escenarios import tramite

Preparar = Callable[[Mundo], Radicacion]
Verificar = Callable[[Mundo, Radicacion, Solicitud], None]
Cambio = Callable[[Vehiculo], None]


@dataclass(frozen=True)
class Escenario:
    """One trámite: how an accepted filing is prepared and what the registry shows after its approval; how a refused
    one is prepared, the refusal's words and the norm it cites (by default «Resolución 5721 de 2019 de Chía,
    trámite N»)."""

    numero: int
    aceptado: Preparar
    verificar: Verificar
    rechazado: Preparar
    motivo: str
    cita: str = ""

    @property
    def id(self) -> str:
        return f"T{self.numero:02d}"

    def fuente(self) -> str:
        return self.cita or f"{NORMA}, trámite {self.numero}"


def ids(escenarios: list[Escenario]) -> list[str]:
    return [e.id for e in escenarios]


# -- the two runs --------------------------------------------------------------------------------------------------

def probar_aceptado(m: Mundo, e: Escenario) -> None:
    r = e.aceptado(m)
    antes = m.contar_solicitudes()
    payload = m.radicar(r)
    assert payload["__typename"] == "RadicarSolicitudOk", payload
    radicada = payload["solicitud"]
    assert (radicada["estado"], radicada["tramite"]) == ("RADICADA", r.codigo)
    assert not [h for h in radicada["hallazgos"] if h["bloqueante"] and h["resultado"] == "NO_CUMPLE"]
    assert m.contar_solicitudes() == antes + 1
    m.aprobar(payload)
    with m.ctx.uow() as uow:
        solicitud = uow.solicitudes.obtener(m.solicitud_id(payload))
    assert solicitud is not None and solicitud.estado is EstadoSolicitud.FINALIZADA, solicitud
    if isinstance(r.sujeto, Vehiculo) or tramite(e.numero).sujeto.tipo == "vehiculo":
        _anotado(m, r, solicitud)
    e.verificar(m, r, solicitud)


def _anotado(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    """Every vehicle trámite writes its line in the vehicle's history, with the trámite's name and the radicado."""
    assert s.sujeto is not None and s.sujeto.tipo == "vehiculo"
    ultima = m.leer_vehiculo(s.sujeto.id).historia[-1]
    assert (ultima.tramite, ultima.radicado, ultima.fecha) == (tramite(r.tramite).nombre, s.radicado, m.hoy)


def probar_rechazado(m: Mundo, e: Escenario) -> None:
    r = e.rechazado(m)
    antes, registro = m.contar_solicitudes(), _registro(m, r.sujeto)
    payload = m.radicar(r)
    assert (payload["__typename"], payload["codigo"]) == ("ErrorValidacion", "REQUISITO_INCUMPLIDO"), payload
    assert e.motivo.removesuffix(".") in payload["mensaje"], payload["mensaje"]
    assert f"({e.fuente()}" in payload["mensaje"], payload["mensaje"]
    assert m.contar_solicitudes() == antes
    assert _registro(m, r.sujeto) == registro


def _registro(m: Mundo, sujeto: Vehiculo | Licencia | None) -> Any:
    if isinstance(sujeto, Vehiculo):
        return m.leer_vehiculo(sujeto.id)
    if isinstance(sujeto, Licencia):
        return m.leer_licencia(sujeto.id)
    return None


# -- builders the tables share -------------------------------------------------------------------------------------

def de_su_vehiculo(m: Mundo, numero: int, datos: dict[str, Any] | None = None,
                   clase: ClaseVehiculo = ClaseVehiculo.AUTOMOTOR, **cambios: Any) -> Radicacion:
    """The owner files on their own vehicle (in the RUNT, no fines, tax paid, SOAT, every soporte)."""
    dueno = m.persona(nombres="Jorge", apellidos="Rincón")
    return Radicacion(numero, {"titular": dueno}, dict(datos or {}), m.vehiculo(dueno, clase, **cambios))


def su_vehiculo(numero: int, datos: dict[str, Any] | None = None, clase: ClaseVehiculo = ClaseVehiculo.AUTOMOTOR,
                **cambios: Any) -> Preparar:
    """``de_su_vehiculo`` to be called later (a table's entry): a fresh owner and vehicle each time."""
    def preparar(m: Mundo) -> Radicacion:
        return de_su_vehiculo(m, numero, datos, clase, **cambios)
    return preparar


def cancelado(causa: CausaCancelacion) -> Cambio:
    def cancelar(v: Vehiculo) -> None:
        v.cancelar(causa)
    return cancelar


def de_otro(m: Mundo, r: Radicacion) -> Radicacion:
    """The same filing by someone who is not the vehicle's owner."""
    return replace(r, partes={**r.partes, "titular": m.persona(nombres="Lucía", apellidos="Forero")})


def con_multa(m: Mundo, r: Radicacion, rol: str = "titular") -> Radicacion:
    m.multar(r.partes[rol])
    return r


def sin(r: Radicacion, *requisitos: str) -> Radicacion:
    return replace(r, omitir=(*r.omitir, *requisitos))


def vehiculo_de(m: Mundo, s: Solicitud) -> Vehiculo:
    """The vehicle the approved solicitud acted on (or created), as the registry holds it now."""
    assert s.sujeto is not None
    return m.leer_vehiculo(s.sujeto.id)
