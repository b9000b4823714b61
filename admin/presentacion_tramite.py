"""The detail page driven by the catálogo: each dato with its label, each parte with its role, the sujeto, the
delivery — for any trámite, with nothing written per trámite."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from domain.licencias import Licencia
from domain.motor.esquema import TramiteDef
from domain.motor.tipos_dato import CampoDato
from domain.personas import Persona
from domain.solicitudes import Solicitud
from domain.vehiculos import Vehiculo


@dataclass(frozen=True)
class Dato:
    etiqueta: str
    valor: str


@dataclass(frozen=True)
class ParteVista:
    rol: str
    etiqueta: str
    persona: Persona | None


def _pesos(texto: Any) -> str:
    try:
        valor = Decimal(str(texto))
    except InvalidOperation:
        return str(texto)
    entero = f"{int(valor):,}".replace(",", ".")
    centavos = int((valor - int(valor)) * 100)
    return f"$ {entero}" + (f",{centavos:02d}" if centavos else "")


def valor_legible(campo: CampoDato, valor: Any) -> str:
    """A stored dato as people read it: the option's label, Sí/No, dd/mm/aaaa, $ 1.234.567."""
    if valor is None or valor == "":
        return "—"
    if campo.tipo == "opcion":
        return next((o.etiqueta for o in campo.opciones if o.valor == valor), str(valor))
    if campo.tipo == "booleano":
        return "Sí" if valor in (True, "true") else "No"
    if campo.tipo == "fecha":
        try:
            return date.fromisoformat(str(valor)).strftime("%d/%m/%Y")
        except ValueError:
            return str(valor)
    if campo.tipo == "dinero":
        return _pesos(valor)
    return str(valor)


def datos_legibles(tramite: TramiteDef, solicitud: Solicitud) -> list[Dato]:
    return [Dato(c.etiqueta, valor_legible(c, solicitud.datos.get(c.nombre))) for c in tramite.datos
            if c.nombre in solicitud.datos]


def partes_legibles(tramite: TramiteDef, partes: dict[str, Persona]) -> list[ParteVista]:
    return [ParteVista(p.rol, p.etiqueta, partes[p.rol]) for p in tramite.partes if p.rol in partes]


def entrega_legible(solicitud: Solicitud, tramite: TramiteDef) -> str:
    if solicitud.entrega == "descarga":
        return "Descarga del documento firmado digitalmente"
    if solicitud.entrega == "recoger":
        return f"Se recoge personalmente en {solicitud.lugar_entrega}. {tramite.entrega.nota}".strip()
    return "Se inscribe en el registro; no hay documento por entregar"


def sujeto_legible(sujeto: Any) -> list[Dato]:
    """The vehicle or licence the trámite acts on, as it stands now (a persona is shown as a parte)."""
    if isinstance(sujeto, Vehiculo):
        v = sujeto
        return [Dato("Placa", v.placa), Dato("Clase", v.clase.value.replace("_", " ")),
                Dato("Servicio", v.servicio.value), Dato("Marca y línea", f"{v.marca} {v.linea}".strip()),
                Dato("Modelo", str(v.modelo)), Dato("Color", v.color),
                Dato("Matrícula", v.estado_matricula.value.replace("_", " ")
                     + (f" ({v.causa_cancelacion.value.replace('_', ' ')})" if v.causa_cancelacion else ""))]
    if isinstance(sujeto, Licencia):
        x = sujeto
        return [Dato("Número", x.numero), Dato("Categoría", x.categoria), Dato("Servicio", x.servicio),
                Dato("Vigente hasta", x.vigente_hasta.strftime("%d/%m/%Y")), Dato("Estado", x.estado.value)]
    return []
