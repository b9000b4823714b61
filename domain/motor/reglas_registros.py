"""Rules that read registries: RUNT, SIMIT fines, vehicle tax, SOAT (external ports) and the sujeto's own record."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from domain.fechas import fecha_larga
from domain.motor.contexto import Evaluacion, VistaVehiculo
from domain.motor.parametros import Expresion, Rol, Roles, Texto, Textos
from domain.motor.registro import Objetivo, Veredicto, regla
from domain.reglas import Resultado
from domain.vehiculos import ClaseVehiculo, Servicio


def _personas(ev: Evaluacion, roles: tuple[str, ...]) -> list[tuple[str, Any]]:
    return [(rol, ev.personas[rol]) for rol in roles if rol in ev.personas]


@regla("inscrito_runt", ambito="tramite", partes=Roles())
def inscrito_runt(ev: Evaluacion, p: Mapping[str, Any], obj: Objetivo) -> Veredicto:
    faltan = [persona.nombre_completo for _, persona in _personas(ev, p["partes"])
              if not ev.registros.inscrito_runt(persona.identificacion)]
    if faltan:
        return Resultado.NO_CUMPLE, f"No está inscrito en el RUNT: {', '.join(faltan)}."
    return Resultado.CUMPLE, "Inscrito en el RUNT."


@regla("sin_multas", ambito="tramite", partes=Roles())
def sin_multas(ev: Evaluacion, p: Mapping[str, Any], obj: Objetivo) -> Veredicto:
    deudas = []
    for _, persona in _personas(ev, p["partes"]):
        multas = ev.registros.multas_pendientes(persona.identificacion)
        if multas:
            total = sum(m.valor for m in multas)
            deudas.append(f"{persona.nombre_completo} tiene {len(multas)} multa(s) pendiente(s) por "
                          f"${total:,.0f}".replace(",", "."))
    if deudas:
        return Resultado.NO_CUMPLE, "; ".join(deudas) + "."
    return Resultado.CUMPLE, "A paz y salvo por multas de tránsito."


def _vehiculo(ev: Evaluacion) -> VistaVehiculo | None:
    return ev.sujeto if isinstance(ev.sujeto, VistaVehiculo) else None


def exencion_impuesto(clase: ClaseVehiculo, servicio: Servicio, cilindraje: int | None) -> str | None:
    """Ley 488 de 1998, art. 141: public passenger/cargo transport and motorcycles up to 125 c.c. are not taxed."""
    if servicio is Servicio.PUBLICO:
        return "Vehículo de servicio público: no sujeto al impuesto (Ley 488 de 1998, art. 141)."
    if clase is ClaseVehiculo.MOTOCICLETA and cilindraje is not None and cilindraje <= 125:
        return "Motocicleta de hasta 125 c.c.: no sujeta al impuesto (Ley 488 de 1998, art. 141)."
    return None


@regla("impuesto_al_dia", ambito="tramite")
def impuesto_al_dia(ev: Evaluacion, p: Mapping[str, Any], obj: Objetivo) -> Veredicto:
    vista = _vehiculo(ev)
    if vista is None:
        return Resultado.NO_CUMPLE, "Falta el vehículo cuyo impuesto se verifica."
    v = vista.vehiculo
    if (exenta := exencion_impuesto(v.clase, v.servicio, v.cilindraje)) is not None:
        return Resultado.CUMPLE, exenta
    if ev.registros.impuesto_pagado(v.placa, ev.hoy.year):
        return Resultado.CUMPLE, f"Impuesto vehicular {ev.hoy.year} pagado."
    return Resultado.NO_CUMPLE, f"El impuesto vehicular {ev.hoy.year} del vehículo {v.placa} no está pagado."


@regla("soat_vigente", ambito="tramite")
def soat_vigente(ev: Evaluacion, p: Mapping[str, Any], obj: Objetivo) -> Veredicto:
    vista = _vehiculo(ev)
    if vista is None:
        return Resultado.REVISAR, "No hay un vehículo asociado: verifique el SOAT que se presenta."
    poliza = ev.registros.soat(vista.vehiculo.placa, ev.hoy)
    if poliza is None or not poliza.vigente_en(ev.hoy):
        return Resultado.NO_CUMPLE, f"El vehículo {vista.vehiculo.placa} no tiene SOAT vigente."
    return (Resultado.CUMPLE,
            f"SOAT {poliza.numero} de {poliza.aseguradora}, vigente hasta el {fecha_larga(poliza.hasta)}.")


@regla("estado_matricula", ambito="tramite", estados=Textos(), causas=Textos(opcional=True), mensaje=Texto())
def estado_matricula(ev: Evaluacion, p: Mapping[str, Any], obj: Objetivo) -> Veredicto:
    vista = _vehiculo(ev)
    if vista is None:
        return Resultado.NO_CUMPLE, "Falta el vehículo."
    ok = vista.estado_matricula in p["estados"] and (not p["causas"] or vista.causa_cancelacion in p["causas"])
    estado = vista.vehiculo.describir_estado()
    if ok:
        return Resultado.CUMPLE, f"Matrícula {estado}."
    return Resultado.NO_CUMPLE, f"{p['mensaje']} La matrícula de {vista.vehiculo.placa} está {estado}."


@regla("sin_limitaciones", ambito="tramite", salvo=Expresion(opcional=True))
def sin_limitaciones(ev: Evaluacion, p: Mapping[str, Any], obj: Objetivo) -> Veredicto:
    vista = _vehiculo(ev)
    if vista is None:
        return Resultado.NO_CUMPLE, "Falta el vehículo."
    v = vista.vehiculo
    cargas = [f"{g.tipo} a favor de {g.beneficiario}" for g in v.gravamenes_vigentes()]
    cargas += [f"{m.tipo} ordenado por {m.autoridad}" for m in v.medidas_vigentes()]
    if not cargas:
        return Resultado.CUMPLE, "Sin limitaciones, gravámenes ni medidas cautelares vigentes."
    if p["salvo"] is not None and p["salvo"](ev):
        return (Resultado.REVISAR,
                f"Tiene {'; '.join(cargas)}: verifique el documento de levantamiento o la autorización presentada.")
    return Resultado.NO_CUMPLE, f"El vehículo {v.placa} tiene {'; '.join(cargas)}."


@regla("es_propietario", ambito="tramite", rol=Rol())
def es_propietario(ev: Evaluacion, p: Mapping[str, Any], obj: Objetivo) -> Veredicto:
    vista, persona = _vehiculo(ev), ev.personas.get(p["rol"])
    if vista is None or persona is None:
        return Resultado.NO_CUMPLE, "Falta el vehículo o la persona que debe ser su propietaria."
    if persona.id in vista.vehiculo.propietarios:
        return Resultado.CUMPLE, f"{persona.nombre_completo} es propietario(a) inscrito(a) de {vista.vehiculo.placa}."
    return (Resultado.NO_CUMPLE,
            f"{persona.nombre_completo} no es propietario(a) inscrito(a) del vehículo {vista.vehiculo.placa}.")


@regla("tramite_asociado", ambito="tramite", tramite=Texto(), mensaje=Texto())
def tramite_asociado(ev: Evaluacion, p: Mapping[str, Any], obj: Objetivo) -> Veredicto:
    """Couplings such as the taxi's cambio de servicio, which needs the cambio de color filed with it."""
    asociados = ev.extra.get("tramites_del_sujeto", ())
    if any(codigo == p["tramite"] for codigo, _ in asociados):
        return Resultado.CUMPLE, "El trámite asociado está radicado o aprobado para el mismo vehículo."
    return Resultado.NO_CUMPLE, p["mensaje"]
