"""Generic rules: soporte dates and kinds, originals, conditions over the context, ages, decision tables.

Each returns a ``Resultado`` and a Spanish message; the engine adds the norm the catálogo cites. ``REVISAR`` means
the platform cannot tell and an official must look (the checklist item they close).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from domain.fechas import fecha_larga
from domain.motor.contexto import Evaluacion
from domain.motor.parametros import Booleano, Entero, Expresion, Plazo, Rol, Tabla, Texto, Textos
from domain.motor.registro import Objetivo, Veredicto, regla
from domain.redaccion import enumerar
from domain.reglas import Resultado


@regla("antiguedad_maxima", ambito="soporte", plazo=Plazo(), estricta=Booleano(opcional=True))
def antiguedad_maxima(ev: Evaluacion, p: Mapping[str, Any], obj: Objetivo) -> Veredicto:
    """«no mayor a 2 meses»: the last day counts; ``estricta`` («con menos de 30 días hábiles»): it does not."""
    assert obj.soporte is not None
    fecha, plazo = obj.soporte.fecha_documento, p["plazo"]
    if fecha is None:
        return Resultado.NO_CUMPLE, "Falta la fecha de expedición del documento."
    if fecha > ev.hoy:
        return Resultado.NO_CUMPLE, f"La fecha del documento ({fecha_larga(fecha)}) está en el futuro."
    limite = plazo.desde(fecha)
    if ev.hoy > limite or (p["estricta"] and ev.hoy == limite):
        exigencia = f"debe tener menos de {plazo}" if p["estricta"] else f"no puede tener más de {plazo}"
        return (Resultado.NO_CUMPLE,
                f"El documento es del {fecha_larga(fecha)}: {exigencia} (cumplió ese plazo el "
                f"{fecha_larga(limite)}).")
    return (Resultado.CUMPLE,
            f"El documento es del {fecha_larga(fecha)} (máximo {plazo}; vale hasta el {fecha_larga(limite)}).")


@regla("subtipo_admitido", ambito="soporte")
def subtipo_admitido(ev: Evaluacion, p: Mapping[str, Any], obj: Objetivo) -> Veredicto:
    assert obj.soporte is not None and obj.requisito is not None
    requisito, subtipo = obj.requisito, obj.soporte.subtipo
    if subtipo in requisito.subtipos:
        return Resultado.CUMPLE, f"{requisito.nombre}: {requisito.nombre_subtipo(subtipo)}."
    opciones = enumerar(f"«{c}»" for c in requisito.subtipos)  # the codes to send, as a partner must write them
    return Resultado.NO_CUMPLE, f"La clase «{subtipo or ''}» no se admite para {requisito.nombre}; use {opciones}."


@regla("visible_en_soporte", ambito="soporte", que=Texto(), solo_subtipos=Textos(opcional=True))
def visible_en_soporte(ev: Evaluacion, p: Mapping[str, Any], obj: Objetivo) -> Veredicto:
    return Resultado.REVISAR, f"Confirme que en el soporte se ve {p['que']}."


@regla("original", ambito="soporte")
def original(ev: Evaluacion, p: Mapping[str, Any], obj: Objetivo) -> Veredicto:
    assert obj.requisito is not None
    return Resultado.REVISAR, f"Confirme que se presentó el original de: {obj.requisito.nombre}."


@regla("datos_coinciden_con_soporte", ambito="soporte")
def datos_coinciden(ev: Evaluacion, p: Mapping[str, Any], obj: Objetivo) -> Veredicto:
    return Resultado.REVISAR, "Confirme que los datos registrados coinciden con el documento anexo."


@regla("revisar", ambito="tramite", que=Texto())
def revisar(ev: Evaluacion, p: Mapping[str, Any], obj: Objetivo) -> Veredicto:
    return Resultado.REVISAR, f"Verifique {p['que']}."


@regla("condicion", ambito="tramite", si=Expresion(), mensaje=Texto(), cumple=Texto(opcional=True))
def condicion(ev: Evaluacion, p: Mapping[str, Any], obj: Objetivo) -> Veredicto:
    if p["si"](ev):
        return Resultado.CUMPLE, p["cumple"] or "Se cumple la condición."
    return Resultado.NO_CUMPLE, p["mensaje"]


@regla("edad_minima", ambito="tramite", rol=Rol(), anios=Entero(minimo=1))
def edad_minima(ev: Evaluacion, p: Mapping[str, Any], obj: Objetivo) -> Veredicto:
    parte = ev.partes.get(p["rol"])
    if parte is None:
        return Resultado.NO_CUMPLE, f"Falta la persona ({p['rol']}) cuya edad se verifica."
    if parte.edad is None:
        return Resultado.NO_CUMPLE, f"Falta la fecha de nacimiento de {parte.persona.nombre_completo}."
    if parte.edad < p["anios"]:
        return (Resultado.NO_CUMPLE,
                f"{parte.persona.nombre_completo} tiene {parte.edad} años; se exigen {p['anios']} años cumplidos.")
    return Resultado.CUMPLE, f"{parte.persona.nombre_completo} tiene {parte.edad} años (mínimo {p['anios']})."


@regla("tabla_decision", ambito="tramite", tabla=Tabla())
def tabla_decision(ev: Evaluacion, p: Mapping[str, Any], obj: Objetivo) -> Veredicto:
    fila = ev.fila_tabla(p["tabla"])
    if fila is None:
        return Resultado.NO_CUMPLE, "El caso no corresponde a ninguna fila de la tabla de la norma."
    return Resultado(fila.resultado), fila.mensaje
