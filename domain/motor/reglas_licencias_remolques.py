"""Rules of the licence and remolque trámites (Resolución 5721 de 2019 de Chía, trámites 1 to 19) that a condition
cannot express: conditions see neither the licence's holder nor the organismo that evaluates the filing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from domain.motor.contexto import Evaluacion, VistaLicencia
from domain.motor.parametros import Rol
from domain.motor.registro import Objetivo, Veredicto, regla
from domain.reglas import Resultado


@regla("titular_de_licencia", ambito="tramite", rol=Rol())
def titular_de_licencia(ev: Evaluacion, p: Mapping[str, Any], obj: Objetivo) -> Veredicto:
    """The licence belongs to the person in ``rol``: same person, or the same identification number.

    The number matters for trámite 5: the holder who reaches majority is registered again with a cédula, and since
    the NUIP the cédula keeps the tarjeta de identidad's number (the licence number is that number, as in the RUNT).
    """
    vista, persona = ev.sujeto, ev.personas.get(p["rol"])
    if not isinstance(vista, VistaLicencia) or persona is None:
        return Resultado.NO_CUMPLE, "Falta la licencia de conducción registrada o la persona que debe ser su titular."
    licencia = vista.licencia
    if licencia.titular_id == persona.id:
        return (Resultado.CUMPLE,
                f"La licencia {licencia.numero} (categoría {licencia.categoria}) es de {persona.nombre_completo}.")
    if licencia.numero == persona.identificacion.numero:
        return (Resultado.CUMPLE,
                f"La licencia {licencia.numero} (categoría {licencia.categoria}) se expidió con el mismo número de "
                f"identificación de {persona.nombre_completo}.")
    return (Resultado.NO_CUMPLE,
            f"La licencia {licencia.numero} no está registrada a nombre de {persona.nombre_completo} "
            f"({persona.identificacion}).")
