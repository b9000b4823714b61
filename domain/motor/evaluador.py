"""Evaluating a radicación: the datos checked against their declarations, then every finding of the checklist.

Order: the sujeto (is it the kind and class the trámite acts on?), the partes (is every required role present?),
each applicable requisito (present? then the rules of each of its soportes), then the trámite's own rules. Each
finding carries the norm the catálogo cites, and whether it blocks the filing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from domain.errores import DatoInvalido
from domain.motor.contexto import Evaluacion
from domain.motor.esquema import ReglaDef, RequisitoDef, TramiteDef
from domain.motor.registro import REGLAS, Objetivo
from domain.reglas import Hallazgo, Resultado


def validar_datos(
    tramite: TramiteDef, crudos: Mapping[str, Any], evaluacion: Evaluacion | None = None
) -> dict[str, Any]:
    """The datos converted to their types; unknown fields and missing required ones are refused by label."""
    desconocidos = sorted(set(crudos) - {c.nombre for c in tramite.datos})
    if desconocidos:
        raise DatoInvalido(f"El trámite «{tramite.nombre}» no tiene los datos: {', '.join(desconocidos)}.",
                           campo=f"datos.{desconocidos[0]}")
    datos: dict[str, Any] = {}
    for campo in tramite.datos:
        valor = crudos.get(campo.nombre)
        if valor is None or valor == "":
            datos[campo.nombre] = campo.defecto
            continue
        datos[campo.nombre] = campo.convertir(valor)
    for campo in tramite.datos:
        if datos[campo.nombre] is not None or not campo.obligatorio:
            continue
        if campo.aplica_si is not None and (evaluacion is None or not campo.aplica_si(_con_datos(evaluacion, datos))):
            continue
        raise DatoInvalido(f"Falta el dato «{campo.etiqueta}» ({tramite.fuente}).", campo=f"datos.{campo.nombre}")
    return datos


def _con_datos(evaluacion: Evaluacion, datos: Mapping[str, Any]) -> Evaluacion:
    evaluacion.datos = datos
    return evaluacion


def requisitos_aplicables(ev: Evaluacion) -> list[RequisitoDef]:
    return [r for r in ev.tramite.requisitos if r.aplica_si is None or r.aplica_si(ev)]


def evaluar(ev: Evaluacion, *, al_entregar: bool = False) -> list[Hallazgo]:
    """Every finding of the filing (``al_entregar``: also the requisitos asked only when the result is delivered)."""
    t = ev.tramite
    hallazgos = _sujeto(ev) + _partes(ev)
    presentes = {s.requisito for s in ev.soportes}
    for requisito in requisitos_aplicables(ev):
        if requisito.al_entregar and not al_entregar:
            continue
        if requisito.codigo not in presentes:
            if requisito.obligatorio:
                hallazgos.append(Hallazgo(requisito.codigo, "presente", Resultado.NO_CUMPLE,
                                          f"Falta el soporte: {requisito.nombre}.", requisito.fuente, True))
            continue
        hallazgos.append(Hallazgo(requisito.codigo, "presente", Resultado.CUMPLE, f"Se anexó: {requisito.nombre}.",
                                  requisito.fuente))
        for soporte in (s for s in ev.soportes if s.requisito == requisito.codigo):
            for definicion in requisito.reglas:
                if _aplica(definicion, ev, soporte.subtipo):
                    hallazgos.append(_hallazgo(ev, definicion, requisito.codigo, Objetivo(requisito, soporte)))
    hallazgos.extend(_hallazgo(ev, d, "", Objetivo()) for d in t.reglas if _aplica(d, ev, None))
    return hallazgos


def _aplica(definicion: ReglaDef, ev: Evaluacion, subtipo: str | None) -> bool:
    solo = definicion.parametros.get("solo_subtipos")
    if solo and subtipo not in solo:
        return False
    return definicion.aplica_si is None or definicion.aplica_si(ev)


def _hallazgo(ev: Evaluacion, definicion: ReglaDef, requisito: str, objetivo: Objetivo) -> Hallazgo:
    resultado, mensaje = REGLAS[definicion.regla].funcion(ev, definicion.parametros, objetivo)
    return Hallazgo(requisito, definicion.regla, resultado, mensaje, definicion.fuente, definicion.bloqueante)


# Spanish agreement in the message (it read «Falta el licencia»).
_SUJETOS = {"vehiculo": "el vehículo sobre el que", "licencia": "la licencia de conducción sobre la que",
            "persona": "la persona sobre la que"}


def _sujeto(ev: Evaluacion) -> list[Hallazgo]:
    s = ev.tramite.sujeto
    if s.tipo == "ninguno" or s.nuevo:
        return []
    if ev.sujeto is None:
        return [Hallazgo("", "sujeto", Resultado.NO_CUMPLE, f"Falta {_SUJETOS[s.tipo]} actúa el trámite.",
                         s.fuente or ev.tramite.fuente, True)]
    clase = getattr(ev.sujeto, "clase", None)
    if s.clases and clase not in s.clases:
        return [Hallazgo("", "sujeto", Resultado.NO_CUMPLE,
                         f"Este trámite es para vehículos de clase {', '.join(s.clases)}; el vehículo es {clase}.",
                         s.fuente or ev.tramite.fuente, True)]
    return []


def _partes(ev: Evaluacion) -> list[Hallazgo]:
    faltan = []
    for parte in ev.tramite.partes:
        persona = ev.personas.get(parte.rol)
        for otro in parte.distinta_de:
            if persona is not None and otro in ev.personas and ev.personas[otro].id == persona.id:
                otra = ev.tramite.parte(otro)
                faltan.append(Hallazgo("", f"parte.{parte.rol}", Resultado.NO_CUMPLE,
                                       f"{parte.etiqueta} debe ser una persona distinta de: "
                                       f"{otra.etiqueta if otra else otro}.", parte.fuente, True))
        if persona is not None or not parte.obligatoria:
            continue
        if parte.aplica_si is None or parte.aplica_si(ev):
            faltan.append(Hallazgo("", f"parte.{parte.rol}", Resultado.NO_CUMPLE, f"Falta la parte: {parte.etiqueta}.",
                                   parte.fuente, True))
    return faltan
