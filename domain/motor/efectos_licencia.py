"""Effects on the driving-licence registry (Resolución 5721 de 2019 de Chía, trámites 1 to 5).

Every trámite issues a new licence document; the previous one (the sujeto) is marked replaced by it. The licence
number is the holder's identification number, as in the RUNT. The vigencia comes from the trámite's decision table
(renewal terms by servicio and age: the catálogo decides the boundary ages the manual leaves open).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from domain.errores import DatoInvalido
from domain.licencias import Licencia
from domain.motor.aplicacion import Aplicacion
from domain.motor.parametros import Opciones, Rol, Tabla
from domain.motor.registro import efecto
from domain.motor.tiempo import Duracion, Unidad

P = Mapping[str, Any]
_MOTIVOS = ("renovacion", "recategorizacion", "duplicado", "mayoria_de_edad")


def _vigencia(ap: Aplicacion, tabla: str) -> Duracion:
    salidas = ap.evaluacion.tablas.get(tabla)
    if salidas is None or not isinstance(salidas.get("anios"), int):
        raise DatoInvalido("La edad y el servicio del titular no corresponden a ninguna vigencia de la norma.")
    return Duracion(salidas["anios"], Unidad.ANIOS)


def _d_expedir(ap: Aplicacion, p: P) -> str:
    titular = ap.personas.get(p["titular"])
    nombre = titular.nombre_completo if titular else ""
    anios = (ap.evaluacion.tablas.get(p["tabla"]) or {}).get("anios", "?")
    return (f"Expedir licencia de conducción categoría {ap.datos.get('categoria', '')} "
            f"({ap.datos.get('servicio', '')}) a {nombre}, vigente {anios} años.")


def _nueva(ap: Aplicacion, p: P, motivo: str, categoria: str, servicio: str, vigencia: Duracion | None) -> Licencia:
    titular = ap.persona(p["titular"])
    anterior = ap.sujeto if isinstance(ap.sujeto, Licencia) else None
    if vigencia is not None:
        vigente_hasta = vigencia.desde(ap.fecha)
    else:  # a duplicate keeps the replaced licence's vigencia
        vigente_hasta = anterior.vigente_hasta if anterior else ap.fecha
    return Licencia(
        id=uuid.uuid4(), numero=titular.identificacion.numero, titular_id=titular.id, categoria=categoria,
        servicio=servicio, expedida_en=ap.fecha, vigente_hasta=vigente_hasta,
        documento_titular=titular.identificacion.tipo.value, organismo=ap.organismo, motivo=motivo,
    )


@efecto("expedir_licencia", sujetos=("licencia",), describir=_d_expedir, datos=("categoria", "servicio"),
        titular=Rol(), tabla=Tabla())
def expedir_licencia(ap: Aplicacion, p: P) -> None:
    licencia = _nueva(ap, p, "expedición", ap.datos["categoria"], ap.datos["servicio"], _vigencia(ap, p["tabla"]))
    ap.sujeto = licencia
    ap.nuevos.append(licencia)


def _d_reexpedir(ap: Aplicacion, p: P) -> str:
    anterior = ap.sujeto
    numero = anterior.numero if isinstance(anterior, Licencia) else ""
    return f"Expedir una nueva licencia por {p['motivo'].replace('_', ' ')} que reemplaza la licencia {numero}."


@efecto("reexpedir_licencia", sujetos=("licencia",), describir=_d_reexpedir, titular=Rol(),
        motivo=Opciones(_MOTIVOS), tabla=Tabla(opcional=True))
def reexpedir_licencia(ap: Aplicacion, p: P) -> None:
    anterior = ap.sujeto
    if not isinstance(anterior, Licencia):
        raise DatoInvalido("El trámite necesita la licencia de conducción registrada del titular.")
    categoria, servicio = anterior.categoria, anterior.servicio
    if p["motivo"] == "recategorizacion":  # B1 → C1 also changes the servicio (Resolución 1500 de 2005)
        categoria = ap.datos.get("categoria") or categoria
        servicio = ap.datos.get("servicio") or servicio
    vigencia = _vigencia(ap, p["tabla"]) if p["tabla"] else None
    nueva = _nueva(ap, p, p["motivo"].replace("_", " "), categoria, servicio, vigencia)
    anterior.reemplazar_por(nueva)
    ap.reemplazados.append(anterior)
    ap.nuevos.append(nueva)
    ap.sujeto = nueva
