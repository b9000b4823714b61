"""What the vehicle trámites (Resolución 5721 de 2019 de Chía, trámites 20 to 42) need beyond the generic rules.

- ``gravamen_vigente``: the vehicle has a vigente limitación or gravamen (of a kind, and of the acreedor the filing
  names). Trámites 20 and 28 act on *one* gravamen; the generic ``sin_limitaciones`` only tells whether any exists.
- ``cambiar_acreedor_de`` / ``levantar_gravamen_de``: the same changes as ``cambiar_acreedor`` / ``levantar_gravamen``
  but on the gravamen of the acreedor the filing names, not on the first one inscribed (a vehicle may carry two).
- ``registrado_en_este_organismo`` / ``traslado_hacia_este_organismo``: a trámite acts on a matrícula this organismo
  keeps; trámite 42 radicates only one sent *to* it. Conditions cannot compare with the evaluating organismo.
- ``placa_de_la_clase`` and ``impuesto_vehiculo_nuevo``: the matrícula (trámite 27) has no sujeto yet, so the plate
  format and the vehicle tax (Ley 769 de 2002, art. 35) are checked on the datos it declares.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from domain.errores import DatoInvalido, TransicionInvalida
from domain.fechas import fecha_larga
from domain.motor.aplicacion import Aplicacion
from domain.motor.contexto import Evaluacion, VistaVehiculo
from domain.motor.parametros import Campo, Texto, Textos
from domain.motor.registro import Objetivo, Veredicto, efecto, regla
from domain.motor.reglas_registros import exencion_impuesto
from domain.reglas import Resultado
from domain.vehiculos import ClaseVehiculo, EstadoMatricula, Gravamen, Servicio, Vehiculo, normalizar_placa

P = Mapping[str, Any]


def _clave(nombre: str) -> str:
    """«Banco de Bogotá S.A.» and «BANCO DE BOGOTA SA» name the same acreedor."""
    sin_tildes = "".join(c for c in unicodedata.normalize("NFKD", nombre) if not unicodedata.combining(c))
    return "".join(c for c in sin_tildes.casefold() if c.isalnum())


def _vigentes(v: Vehiculo, tipos: tuple[str, ...], beneficiario: str | None) -> list[Gravamen]:
    return [g for g in v.gravamenes_vigentes() if (not tipos or g.tipo in tipos)
            and (beneficiario is None or _clave(g.beneficiario) == _clave(beneficiario))]


def _describir(g: Gravamen) -> str:
    return f"{g.tipo.replace('_', ' ')} a favor de {g.beneficiario} (inscrita el {fecha_larga(g.inscrito_en)})"


@regla("gravamen_vigente", ambito="tramite", tipos=Textos(opcional=True), beneficiario=Campo(opcional=True),
       mensaje=Texto())
def gravamen_vigente(ev: Evaluacion, p: P, obj: Objetivo) -> Veredicto:
    if not isinstance(ev.sujeto, VistaVehiculo):
        return Resultado.NO_CUMPLE, "Falta el vehículo."
    v = ev.sujeto.vehiculo
    nombre = ev.datos.get(p["beneficiario"]) if p["beneficiario"] else None
    encontrados = _vigentes(v, p["tipos"], nombre)
    if encontrados:
        return Resultado.CUMPLE, f"El vehículo {v.placa} tiene {_describir(encontrados[0])}."
    vigentes = "; ".join(_describir(g) for g in v.gravamenes_vigentes()) or "ninguna limitación ni gravamen vigente"
    return Resultado.NO_CUMPLE, f"{p['mensaje']} El vehículo {v.placa} tiene: {vigentes}."


def _gravamen_de(ap: Aplicacion, tipos: tuple[str, ...], campo: str) -> Gravamen:
    encontrados = _vigentes(ap.sujeto, tipos, ap.datos[campo])
    if not encontrados:
        raise TransicionInvalida(f"El vehículo {ap.sujeto.placa} no tiene una limitación o gravamen vigente a favor "
                                 f"de {ap.datos[campo]}.")
    return encontrados[0]


def _d_cambiar_acreedor(ap: Aplicacion, p: P) -> str:
    return (f"Cambiar el acreedor prendario {ap.datos.get(p['actual'], '')} por "
            f"{ap.datos.get(p['nuevo'], '')}.")


@efecto("cambiar_acreedor_de", sujetos=("vehiculo",), describir=_d_cambiar_acreedor, actual=Campo(), nuevo=Campo())
def cambiar_acreedor_de(ap: Aplicacion, p: P) -> None:
    ap.sujeto.exigir_estado(EstadoMatricula.ACTIVA, accion="modificar el acreedor prendario")
    prenda = _gravamen_de(ap, ("prenda",), p["actual"])
    anterior, prenda.beneficiario = prenda.beneficiario, ap.datos[p["nuevo"]]
    ap.anotar(f"Modificación del acreedor prendario: de {anterior} a {prenda.beneficiario}.")


def _d_levantar(ap: Aplicacion, p: P) -> str:
    return f"Levantar la limitación o gravamen a favor de {ap.datos.get(p['beneficiario'], '')}."


@efecto("levantar_gravamen_de", sujetos=("vehiculo",), describir=_d_levantar, beneficiario=Campo())
def levantar_gravamen_de(ap: Aplicacion, p: P) -> None:
    ap.sujeto.exigir_estado(EstadoMatricula.ACTIVA, accion="levantar la limitación o gravamen")
    gravamen = _gravamen_de(ap, (), p["beneficiario"])
    gravamen.levantado_en = ap.fecha
    ap.anotar(f"Levantamiento de {gravamen.tipo.replace('_', ' ')} a favor de {gravamen.beneficiario}.")


@regla("traslado_hacia_este_organismo", ambito="tramite", mensaje=Texto(opcional=True))
def traslado_hacia_este_organismo(ev: Evaluacion, p: P, obj: Objetivo) -> Veredicto:
    """Radicación (trámites 13 and 42): the origin sent the matrícula to the organismo that now evaluates it."""
    if not isinstance(ev.sujeto, VistaVehiculo):
        return Resultado.NO_CUMPLE, "Falta el vehículo."
    v = ev.sujeto.vehiculo
    if ev.sujeto.estado_matricula == "en_traslado" and v.organismo_destino == ev.organismo:
        inicio = v.traslado_iniciado_en
        desde = f" desde el {fecha_larga(inicio)}" if inicio else ""
        return Resultado.CUMPLE, f"La matrícula de {v.placa} fue trasladada hacia este organismo{desde}."
    mensaje = p["mensaje"] or "La radicación requiere un traslado de matrícula hacia este organismo."
    return Resultado.NO_CUMPLE, f"{mensaje} La matrícula de {v.placa} está {v.describir_estado()}."


@regla("registrado_en_este_organismo", ambito="tramite")
def registrado_en_este_organismo(ev: Evaluacion, p: P, obj: Objetivo) -> Veredicto:
    """A trámite changes only a vehicle whose matrícula this organismo keeps (``estado_matricula`` sees the state)."""
    if not isinstance(ev.sujeto, VistaVehiculo):
        return Resultado.NO_CUMPLE, "Falta el vehículo."
    v = ev.sujeto.vehiculo
    if v.organismo == ev.organismo:
        return Resultado.CUMPLE, f"La matrícula de {v.placa} está registrada en este organismo."
    return (Resultado.NO_CUMPLE, f"La matrícula del vehículo {v.placa} está registrada en otro organismo de tránsito "
                                 f"({v.organismo}); el trámite se adelanta allí.")


@regla("placa_de_la_clase", ambito="tramite", placa=Campo(), clase=Campo(opcional=True))
def placa_de_la_clase(ev: Evaluacion, p: P, obj: Objetivo) -> Veredicto:
    """The plate's format fits the vehicle's class (from a datos field, or the sujeto's) and is not its current one."""
    actual = ev.sujeto.vehiculo if isinstance(ev.sujeto, VistaVehiculo) else None
    clase = ev.datos.get(p["clase"]) if p["clase"] else (actual.clase.value if actual else None)
    try:
        placa = normalizar_placa(str(ev.datos.get(p["placa"]) or ""), ClaseVehiculo(clase))
    except DatoInvalido as e:
        return Resultado.NO_CUMPLE, e.mensaje
    except ValueError:
        return Resultado.NO_CUMPLE, "Falta la clase del vehículo para verificar la placa."
    if actual is not None and placa == actual.placa:
        return Resultado.NO_CUMPLE, f"La placa {placa} es la que el vehículo ya tiene."
    return Resultado.CUMPLE, f"La placa {placa} corresponde a un vehículo de clase {clase}."


@regla("impuesto_vehiculo_nuevo", ambito="tramite", placa=Campo(), clase=Campo(), servicio=Campo(),
       cilindraje=Campo())
def impuesto_vehiculo_nuevo(ev: Evaluacion, p: P, obj: Objetivo) -> Veredicto:
    d = ev.datos
    placa, cilindraje = str(d.get(p["placa"]) or ""), d.get(p["cilindraje"])
    try:
        exenta = exencion_impuesto(ClaseVehiculo(d.get(p["clase"])), Servicio(d.get(p["servicio"])), cilindraje)
    except ValueError:  # clase or servicio missing: then no exemption can be shown
        exenta = None
    if exenta is not None:
        return Resultado.CUMPLE, exenta
    if ev.registros.impuesto_pagado(placa, ev.hoy.year):
        return Resultado.CUMPLE, f"Impuesto vehicular {ev.hoy.year} del vehículo {placa} pagado."
    return Resultado.NO_CUMPLE, f"El impuesto vehicular {ev.hoy.year} del vehículo {placa} no está pagado."
