"""Effects on the vehicle registry (Resolución 5721 de 2019 de Chía, effects of each trámite on the record).

Each one changes the ``Vehiculo`` through its own methods (which refuse what the law does not allow) and writes
the history line the certificado de tradición prints.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from domain.motor.aplicacion import Aplicacion
from domain.motor.parametros import Booleano, Campo, Opciones, Roles, Texto
from domain.motor.registro import efecto
from domain.vehiculos import CausaCancelacion, ClaseVehiculo, Gravamen, Servicio, Vehiculo

P = Mapping[str, Any]


def _nombres(ap: Aplicacion, roles: tuple[str, ...]) -> str:
    return ", ".join(f"{ap.persona(r).nombre_completo} ({ap.persona(r).identificacion})" for r in roles
                     if r in ap.personas)


def _d_matricular(ap: Aplicacion, p: P) -> str:
    return f"Matricular el vehículo {ap.datos.get('placa', '')} a nombre de {_nombres(ap, p['propietarios'])}."


# Remolques and semirremolques have no motor: numero_motor is optional (trámite 14 does not ask for it).
@efecto("matricular", sujetos=("vehiculo",), describir=_d_matricular, propietarios=Roles(),
        datos=("placa", "clase", "servicio", "marca", "linea", "modelo", "color", "numero_chasis"))
def matricular(ap: Aplicacion, p: P) -> None:
    d = ap.datos
    propietarios = [ap.persona(r).id for r in p["propietarios"] if r in ap.personas]
    vehiculo = Vehiculo(
        id=uuid.uuid4(), placa=d["placa"], clase=ClaseVehiculo(d["clase"]), servicio=Servicio(d["servicio"]),
        marca=d["marca"], linea=d["linea"], modelo=d["modelo"], color=d["color"],
        numero_motor=d.get("numero_motor") or "", numero_chasis=d["numero_chasis"],
        numero_serie=d.get("numero_serie") or "",
        carroceria=d.get("carroceria") or "", cilindraje=d.get("cilindraje"),
        combustible=d.get("combustible") or "gasolina", organismo=ap.organismo,
    )
    vehiculo.traspasar(list(propietarios), ap.fecha, ap.radicado)
    ap.sujeto = vehiculo
    ap.nuevos.append(vehiculo)
    ap.anotar(f"Matrícula inicial a nombre de {_nombres(ap, p['propietarios'])}.")


def _d_traspasar(ap: Aplicacion, p: P) -> str:
    return f"Inscribir como propietario(s) a {_nombres(ap, p['a'])} en lugar de los actuales."


@efecto("traspasar", sujetos=("vehiculo",), describir=_d_traspasar, a=Roles())
def traspasar(ap: Aplicacion, p: P) -> None:
    ap.sujeto.traspasar([ap.persona(r).id for r in p["a"] if r in ap.personas], ap.fecha, ap.radicado)
    ap.anotar(f"Traspaso a {_nombres(ap, p['a'])}.")


def _d_indeterminada(ap: Aplicacion, p: P) -> str:
    return "Inscribir el traspaso a persona indeterminada (el propietario inscrito queda liberado)."


@efecto("traspasar_indeterminada", sujetos=("vehiculo",), describir=_d_indeterminada)
def traspasar_indeterminada(ap: Aplicacion, p: P) -> None:
    ap.sujeto.traspasar([None], ap.fecha, ap.radicado)
    ap.anotar("Traspaso a persona indeterminada.")


def _d_gravamen(ap: Aplicacion, p: P) -> str:
    return f"Inscribir {ap.datos.get('tipo_gravamen', '')} a favor de {ap.datos.get('beneficiario', '')}."


@efecto("inscribir_gravamen", sujetos=("vehiculo",), describir=_d_gravamen,
        datos=("tipo_gravamen", "beneficiario", "documento_gravamen"))
def inscribir_gravamen(ap: Aplicacion, p: P) -> None:
    d = ap.datos
    ap.sujeto.inscribir_gravamen(Gravamen(uuid.uuid4(), d["tipo_gravamen"], d["beneficiario"],
                                          d["documento_gravamen"], ap.fecha, ap.radicado))
    ap.anotar(f"Inscripción de {d['tipo_gravamen']} a favor de {d['beneficiario']}.")


def _d_levantar(ap: Aplicacion, p: P) -> str:
    return "Levantar la limitación o gravamen vigente."


@efecto("levantar_gravamen", sujetos=("vehiculo",), describir=_d_levantar, tipo=Texto(opcional=True))
def levantar_gravamen(ap: Aplicacion, p: P) -> None:
    """The oldest vigente gravamen (of ``tipo``, if given: e.g. only a prenda) is lifted."""
    gravamen = ap.sujeto.levantar_gravamen(ap.fecha, p["tipo"])
    ap.anotar(f"Levantamiento de {gravamen.tipo} a favor de {gravamen.beneficiario}.")


def _d_levantar_medida(ap: Aplicacion, p: P) -> str:
    return "Levantar la medida cautelar vigente, como lo ordena la autoridad."


@efecto("levantar_medida_cautelar", sujetos=("vehiculo",), describir=_d_levantar_medida)
def levantar_medida_cautelar(ap: Aplicacion, p: P) -> None:
    medida = ap.sujeto.levantar_medida(ap.fecha)
    ap.anotar(f"Levantamiento de la medida cautelar ({medida.tipo}) ordenada por {medida.autoridad}.")


def _d_acreedor(ap: Aplicacion, p: P) -> str:
    return f"Cambiar el acreedor prendario a {ap.datos.get('nuevo_acreedor', '')}."


@efecto("cambiar_acreedor", sujetos=("vehiculo",), describir=_d_acreedor, datos=("nuevo_acreedor",))
def cambiar_acreedor(ap: Aplicacion, p: P) -> None:
    anterior = ap.sujeto.cambiar_acreedor(ap.datos["nuevo_acreedor"])
    ap.anotar(f"Modificación del acreedor prendario: de {anterior.beneficiario} a {ap.datos['nuevo_acreedor']}.")


_CAUSAS = tuple(c.value for c in CausaCancelacion)


def _d_cancelar(ap: Aplicacion, p: P) -> str:
    return f"Cancelar la matrícula por {(p['causa'] or ap.datos.get('causa', '')).replace('_', ' ')}."


@efecto("cancelar_matricula", sujetos=("vehiculo",), describir=_d_cancelar, causa=Opciones(_CAUSAS, opcional=True))
def cancelar_matricula(ap: Aplicacion, p: P) -> None:
    causa = CausaCancelacion(p["causa"] or ap.datos["causa"])
    ap.sujeto.cancelar(causa)
    ap.anotar(f"Cancelación de la matrícula por {causa.value.replace('_', ' ')}.")


def _d_rematricular(ap: Aplicacion, p: P) -> str:
    return "Rematricular el vehículo recuperado (la matrícula vuelve a quedar activa)."


@efecto("rematricular", sujetos=("vehiculo",), describir=_d_rematricular)
def rematricular(ap: Aplicacion, p: P) -> None:
    ap.sujeto.rematricular()
    ap.anotar("Rematrícula del vehículo recuperado.")


def _d_traslado(ap: Aplicacion, p: P) -> str:
    return f"Trasladar la matrícula al organismo de tránsito {ap.datos.get('organismo_destino', '')}."


@efecto("iniciar_traslado", sujetos=("vehiculo",), describir=_d_traslado, datos=("organismo_destino",))
def iniciar_traslado(ap: Aplicacion, p: P) -> None:
    ap.sujeto.iniciar_traslado(ap.datos["organismo_destino"], ap.fecha)
    ap.anotar(f"Traslado de la matrícula hacia {ap.datos['organismo_destino']}.")


def _d_radicar(ap: Aplicacion, p: P) -> str:
    return f"Radicar la matrícula en este organismo ({ap.organismo})."


@efecto("radicar_matricula", sujetos=("vehiculo",), describir=_d_radicar)
def radicar_matricula(ap: Aplicacion, p: P) -> None:
    ap.sujeto.radicar(ap.organismo)
    ap.anotar(f"Radicación de la matrícula en {ap.organismo}.")


def _d_regrabar(ap: Aplicacion, p: P) -> str:
    return f"Inscribir la regrabación del número de {p['numero']}: {ap.datos.get('numero_nuevo', '')}."


@efecto("regrabar", sujetos=("vehiculo",), describir=_d_regrabar, datos=("numero_nuevo", "motivo"),
        numero=Opciones(("motor", "chasis", "serie")))
def regrabar(ap: Aplicacion, p: P) -> None:
    ap.sujeto.regrabar(p["numero"], ap.datos["numero_nuevo"], ap.fecha, ap.datos["motivo"], ap.radicado)
    ap.anotar(f"Regrabación del número de {p['numero']}: {ap.datos['numero_nuevo']}.")


def _d_placa(ap: Aplicacion, p: P) -> str:
    return f"Cambiar las placas a {ap.datos.get('placa_nueva', '')}."


@efecto("cambiar_placa", sujetos=("vehiculo",), describir=_d_placa, datos=("placa_nueva",))
def cambiar_placa(ap: Aplicacion, p: P) -> None:
    anterior = ap.sujeto.placa
    ap.sujeto.cambiar_placa(ap.datos["placa_nueva"])
    ap.anotar(f"Cambio de placas: {anterior} por {ap.sujeto.placa}.")


def _d_servicio(ap: Aplicacion, p: P) -> str:
    return f"Cambiar el servicio a {p['servicio']}."


@efecto("cambiar_servicio", sujetos=("vehiculo",), describir=_d_servicio,
        servicio=Opciones(tuple(s.value for s in Servicio)))
def cambiar_servicio(ap: Aplicacion, p: P) -> None:
    ap.sujeto.cambiar_servicio(Servicio(p["servicio"]))
    ap.anotar(f"Cambio de servicio a {p['servicio']}.")


_ATRIBUTOS = ("color", "carroceria", "numero_motor", "combustible", "blindado")
_ETIQUETAS = {"color": "color", "carroceria": "carrocería", "numero_motor": "motor", "combustible": "combustible",
              "blindado": "blindaje"}


def _valor(ap: Aplicacion, p: P) -> Any:
    if p["blindado"] is not None:
        return p["blindado"]
    return p["valor"] if p["valor"] is not None else ap.datos.get(p["campo"] or p["atributo"])


# How stored codes read in the history and on the certificado de tradición («gas natural», not «gas_natural»).
_LEGIBLES = {"gas_natural": "gas natural", "diesel": "diésel", "electrico": "eléctrico", "hibrido": "híbrido"}


def _d_caracteristica(ap: Aplicacion, p: P) -> str:
    valor = _valor(ap, p)
    texto = ("sí" if valor else "no") if isinstance(valor, bool) else _LEGIBLES.get(str(valor), str(valor))
    return f"Cambiar {_ETIQUETAS[p['atributo']]} a «{texto}»."


@efecto("cambiar_caracteristica", sujetos=("vehiculo",), describir=_d_caracteristica,
        atributo=Opciones(_ATRIBUTOS), valor=Texto(opcional=True), campo=Campo(opcional=True),
        blindado=Booleano(opcional=True))
def cambiar_caracteristica(ap: Aplicacion, p: P) -> None:
    ap.sujeto.cambiar_caracteristica(p["atributo"], _valor(ap, p))
    ap.anotar(_d_caracteristica(ap, p).replace("Cambiar", "Cambio de", 1))


def _d_anotar(ap: Aplicacion, p: P) -> str:
    return str(p["detalle"])


@efecto("anotar", sujetos=("vehiculo",), describir=_d_anotar, detalle=Texto())
def anotar(ap: Aplicacion, p: P) -> None:
    ap.anotar(p["detalle"])
