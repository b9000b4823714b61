"""Builders for engine scenarios: personas, vehicles, licences, soportes and an in-memory external registry.

Domain tests only (fakes are allowed here): they evaluate a trámite of the real catálogo against a context and apply
its effects, asserting the registry state afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from domain.licencias import Licencia
from domain.motor.aplicacion import Aplicacion, aplicar_efectos
from domain.motor.catalogo import CatalogoTramites
from domain.motor.contexto import Evaluacion, SoporteEvaluado
from domain.motor.esquema import TramiteDef
from domain.motor.evaluador import evaluar, validar_datos
from domain.personas import Persona
from domain.puertos_registros import Multa, PolizaSoat
from domain.reglas import Hallazgo, Resultado
from domain.valores import Identificacion
from domain.vehiculos import ClaseVehiculo, Servicio, Vehiculo

HOY = date(2026, 3, 17)  # a Tuesday; Monday 16 was the San José holiday
ORGANISMO = "MOVILIDAD-CHIA"
CATALOGO = CatalogoTramites.cargar()


def tramite(numero: int) -> TramiteDef:
    return CATALOGO.vigente(f"CHIA-T{numero:02d}" if numero < 10 else f"CHIA-T{numero}", HOY)


def persona(numero: str = "1020304050", tipo: str = "CC", nacimiento: date = date(1985, 5, 4),
            nombres: str = "Ana María", apellidos: str = "Pérez Gómez", nacionalidad: str = "CO") -> Persona:
    return Persona(uuid.uuid4(), Identificacion.crear(tipo, numero), nombres, apellidos, nacimiento,
                   nacionalidad=nacionalidad)


def empresa(nit: str = "8001972684", nombre: str = "Transportes La Sabana S.A.S.") -> Persona:
    return Persona(uuid.uuid4(), Identificacion.crear("NIT", nit), nombre, "—")


def vehiculo(propietario: Persona | None = None, **cambios: Any) -> Vehiculo:
    datos: dict[str, Any] = dict(
        id=uuid.uuid4(), placa="ABC123", clase=ClaseVehiculo.AUTOMOTOR, servicio=Servicio.PARTICULAR,
        marca="Renault", linea="Logan", modelo=2018, color="Blanco", numero_motor="M123456", numero_chasis="C987654",
        organismo=ORGANISMO, cilindraje=1600,
    )
    datos.update(cambios)
    v = Vehiculo(**datos)
    if propietario is not None:
        v.traspasar([propietario.id], date(2018, 6, 1), "MOV-2018-000001")
    return v


def remolque(propietario: Persona | None = None, **cambios: Any) -> Vehiculo:
    return vehiculo(propietario, **{"placa": "R12345", "clase": ClaseVehiculo.REMOLQUE, "cilindraje": None,
                                    **cambios})


def licencia(titular: Persona, **cambios: Any) -> Licencia:
    datos: dict[str, Any] = dict(
        id=uuid.uuid4(), numero=titular.identificacion.numero, titular_id=titular.id, categoria="B1",
        servicio="particular", expedida_en=date(2016, 3, 1), vigente_hasta=date(2026, 3, 1),
        documento_titular=titular.identificacion.tipo.value, organismo=ORGANISMO,
    )
    datos.update(cambios)
    return Licencia(**datos)


def soporte(requisito: str, fecha: date | None = None, subtipo: str | None = None) -> SoporteEvaluado:
    return SoporteEvaluado(requisito, "application/pdf", fecha, subtipo)


@dataclass
class RegistrosEnMemoria:
    """The external-registries port over dicts (unit tests only; production uses the SQL adapter)."""

    runt: set[str] = field(default_factory=set)
    multas: dict[str, list[Multa]] = field(default_factory=dict)
    impuestos: set[tuple[str, int]] = field(default_factory=set)
    polizas: dict[str, PolizaSoat] = field(default_factory=dict)

    def inscrito_runt(self, identificacion: Identificacion) -> bool:
        return str(identificacion) in self.runt

    def multas_pendientes(self, identificacion: Identificacion) -> list[Multa]:
        return self.multas.get(str(identificacion), [])

    def impuesto_pagado(self, placa: str, vigencia: int) -> bool:
        return (placa, vigencia) in self.impuestos

    def soat(self, placa: str, en: date) -> PolizaSoat | None:
        return self.polizas.get(placa)

    def inscribir(self, *personas: Persona) -> RegistrosEnMemoria:
        self.runt.update(str(p.identificacion) for p in personas)
        return self

    def multar(self, p: Persona, valor: int = 468_500) -> RegistrosEnMemoria:
        self.multas.setdefault(str(p.identificacion), []).append(
            Multa("99999000000012345", HOY - timedelta(days=40), Decimal(valor), p.identificacion))
        return self

    def pagar_impuesto(self, placa: str, vigencia: int = HOY.year) -> RegistrosEnMemoria:
        self.impuestos.add((placa, vigencia))
        return self

    def asegurar(self, placa: str, hasta: date = HOY + timedelta(days=200)) -> RegistrosEnMemoria:
        self.polizas[placa] = PolizaSoat("SOAT-1", placa, hasta - timedelta(days=365), hasta, "Seguros del Estado")
        return self


@dataclass
class Caso:
    """One filing of a trámite: build it, evaluate it, approve it."""

    tramite: TramiteDef
    partes: Mapping[str, Persona]
    sujeto: Any = None
    soportes: Iterable[SoporteEvaluado] = ()
    datos: Mapping[str, Any] = field(default_factory=dict)
    registros: RegistrosEnMemoria = field(default_factory=RegistrosEnMemoria)
    hoy: date = HOY
    tramites_del_sujeto: tuple[tuple[str, str], ...] = ()

    def evaluacion(self) -> Evaluacion:
        ev = Evaluacion(self.tramite, {}, dict(self.partes), self.sujeto, tuple(self.soportes), self.hoy,
                        self.registros, ORGANISMO, {"tramites_del_sujeto": self.tramites_del_sujeto})
        ev.datos = validar_datos(self.tramite, self.datos, ev)
        return ev

    def hallazgos(self) -> list[Hallazgo]:
        return evaluar(self.evaluacion())

    def fallidos(self) -> list[Hallazgo]:
        return [h for h in self.hallazgos() if h.resultado is Resultado.NO_CUMPLE]

    def aprobar(self) -> Aplicacion:
        ev = self.evaluacion()
        bloqueos = [h for h in evaluar(ev) if h.resultado is Resultado.NO_CUMPLE and h.bloqueante]
        assert not bloqueos, [h.mensaje for h in bloqueos]
        ap = Aplicacion(self.tramite, "MOV-2026-000123", self.hoy, ev.datos, dict(self.partes), self.sujeto,
                        ORGANISMO, ev)
        aplicar_efectos(ap)
        return ap


def soportes_de(t: TramiteDef, ev_partes: Mapping[str, Persona], omitir: Iterable[str] = (), **subtipos: str
                ) -> list[SoporteEvaluado]:
    """A soporte for every requisito of the trámite (dated today), minus ``omitir``; subtypes by requisito."""
    defecto = {"cedula": "cedula_ciudadania", "tarjeta_identidad": "tarjeta_identidad"}
    return [soporte(r.codigo, HOY, subtipos.get(r.codigo, defecto.get(r.codigo, r.subtipos[0] if r.subtipos else None)))
            for r in t.requisitos if r.codigo not in set(omitir)]


# -- Helpers for the licence and remolque trámites (1 to 19) ---------------------------------------------------------


def cumpleanios(anios: int, hoy: date = HOY) -> date:
    """The birth date of someone who turns ``anios`` exactly on ``hoy`` (add a day: the day before the birthday)."""
    return date(hoy.year - anios, hoy.month, hoy.day)


def dias_habiles_antes(n: int, hoy: date = HOY) -> date:
    """A date ``d`` with exactly ``n`` días hábiles in (d, hoy]: a term of n días hábiles that ends today."""
    from domain.calendario import dias_habiles_entre, es_dia_habil

    dia, contados = hoy, 0
    while contados < n:
        contados += es_dia_habil(dia)
        dia -= timedelta(days=1)
    assert dias_habiles_entre(dia, hoy) == n
    return dia


def bloqueos(caso: Caso, *, al_entregar: bool = False) -> list[Hallazgo]:
    """The blocking findings of a filing (``al_entregar``: at the delivery of the result)."""
    return [h for h in evaluar(caso.evaluacion(), al_entregar=al_entregar)
            if h.resultado is Resultado.NO_CUMPLE and h.bloqueante]


def hallazgo(caso: Caso, regla: str, requisito: str = "") -> Hallazgo:
    """The one finding of ``regla`` (and ``requisito``, for soporte rules and missing soportes)."""
    encontrados = [h for h in caso.hallazgos() if h.regla == regla and (not requisito or h.requisito == requisito)]
    assert len(encontrados) == 1, encontrados
    return encontrados[0]


# -- vehicle trámites 20 to 42 ----------------------------------------------------------------------------------------
def caso_vehiculo(numero: int, datos: Mapping[str, Any] | None = None, sujeto: Vehiculo | None = None,
                  titular: Persona | None = None, **cambios: Any) -> Caso:
    """A complete filing by the owner (in the RUNT, no fines, tax paid, every soporte), of their vehicle by default."""
    t = tramite(numero)
    dueno = titular or persona("79111222", nombres="Jorge", apellidos="Rincón")
    v = sujeto if sujeto is not None or t.sujeto.nuevo else vehiculo(dueno)
    placa = v.placa if v is not None else str((datos or {}).get("placa", ""))
    partes = {"titular": dueno}
    registros = RegistrosEnMemoria().inscribir(dueno).pagar_impuesto(placa)
    base: dict[str, Any] = dict(tramite=t, partes=partes, sujeto=v, soportes=soportes_de(t, partes),
                                datos=dict(datos or {}), registros=registros)
    base.update(cambios)
    return Caso(**base)


def bloqueo(caso: Caso, regla: str) -> Hallazgo:
    """The blocking finding of ``regla`` (fails the test if there is none)."""
    return next(h for h in caso.fallidos() if h.regla == regla and h.bloqueante)
