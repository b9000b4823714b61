"""How domain values look in the admin: deadline colours, state badges, checklist marks, event names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from admin.plantillas import plural
from domain.reglas import Resultado
from domain.solicitudes import ETIQUETAS_ESTADO, EstadoSolicitud, Solicitud

ORDEN_ESTADOS = tuple(EstadoSolicitud)
ETIQUETAS_CORTAS = {**ETIQUETAS_ESTADO, EstadoSolicitud.REQUIERE_SUBSANACION: "Requiere subsanación"}


@dataclass(frozen=True)
class Plazo:
    clase: str
    etiqueta: str
    detalle: str


def plazo_de(solicitud: Solicitud, hoy: date) -> Plazo | None:
    """Deadline colour by días hábiles left: ≥1 green, 0 amber, <0 red; None once the solicitud is decided."""
    dias = solicitud.dias_habiles_restantes(hoy)
    if dias is None:
        return None
    if dias >= 1:
        restantes = plural(dias, "día hábil restante", "días hábiles restantes")
        return Plazo("plazo-a-tiempo", "A tiempo", f"{dias} {restantes}")
    if dias == 0:
        return Plazo("plazo-vence-hoy", "Vence hoy", "Debe decidirse hoy")
    atraso = -dias
    return Plazo("plazo-vencido", "Vencida", f"{atraso} {plural(atraso, 'día hábil', 'días hábiles')} de atraso")


@dataclass(frozen=True)
class Marca:
    simbolo: str
    etiqueta: str
    clase: str


MARCAS = {
    Resultado.CUMPLE: Marca("✔", "Cumple", "cumple"),
    Resultado.NO_CUMPLE: Marca("✘", "No cumple", "no-cumple"),
    Resultado.REVISAR: Marca("⚠", "Revisar", "revisar"),
}

EVENTOS = {
    "radicada": "Radicada",
    "asignada": "Asignada",
    "aprobada": "Aprobada",
    "certificado_emitido": "Certificado emitido",
    "entregada": "Entregada en la alcaldía local",
    "rechazada": "Rechazada",
    "subsanada": "Subsanada",
    "desistida": "Desistida",
    "anulada": "Anulada",
}


def nombre_evento(tipo: str) -> str:
    return EVENTOS.get(tipo, tipo.replace("_", " ").capitalize())


def actor_legible(actor: str) -> str:
    """'funcionario:revisora' → 'revisora (funcionario)'; 'persona:CC 123' → 'CC 123 (ciudadano)'."""
    tipo, _, quien = actor.partition(":")
    nombres = {"funcionario": "funcionario", "persona": "ciudadano", "aliado": "sistema aliado"}
    if not quien:
        return "Sistema" if tipo == "sistema" else tipo.capitalize()
    return f"{quien} ({nombres.get(tipo, tipo)})"
