"""How domain values look in the admin: deadline colours, state badges, checklist marks, and histories and the
audit log as people read them — names instead of logins, numbers instead of ids, Spanish instead of codes."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from admin.plantillas import plural
from domain.auditoria import EventoAuditoria
from domain.casos_uso.referencias import Referencias, uuid_de
from domain.reglas import Resultado
from domain.solicitudes import ETIQUETAS_ESTADO, EstadoSolicitud, EventoSolicitud, Solicitud

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
    "rechazada_definitivamente": "Rechazada definitivamente",
    "hallazgo_verificado": "Punto de la lista verificado",
    "hallazgo_no_verificado": "Punto de la lista no verificado",
}

# Every audit action code written by domain/ (a test checks that none is missing).
ACCIONES = {
    "documento.revocar": "Revocó un documento",
    "documento.suspender": "Suspendió un documento",
    "documento.reactivar": "Reactivó un documento",
    "aliado.crear": "Creó un sistema aliado",
    "aliado.rotar": "Rotó la credencial de un sistema aliado",
    "aliado.revocar": "Revocó un sistema aliado",
    "persona.registrar": "Registró una persona",
    "persona.vincular": "Se vinculó a una persona ya registrada",
    "persona.vinculo_rechazado": "Intentó registrar una persona sin confirmar su identidad",
    "firma.registrar": "Registró una firma",
    "firma.retirar": "Retiró una firma registrada",
    "certificacion_firma.emitir": "Emitió una certificación de firma con fines de apostilla",
    "certificacion_firma.consultar.encontrada": "Consultó una certificación de firma (encontrada)",
    "certificacion_firma.consultar.fallida": "Consultó una certificación de firma (no encontrada)",
    "certificacion_firma.consultar.bloqueada": "Consulta de certificación de firma bloqueada por intentos fallidos",
    "notificacion.reintentar": "Reintentó el envío de un correo",
    "contrasena.reponer": "Repuso un comprobante de documento en trámite",
    "solicitud.verificar_hallazgo": "Verificó un punto de la lista de verificación",
    "solicitud.rechazar_definitivamente": "Rechazó definitivamente una solicitud",
    "solicitud.anular": "Anuló una solicitud",
}

OBJETOS = {"documento": "Documento", "solicitud": "Solicitud", "aliado": "Sistema aliado", "persona": "Persona",
           "notificacion": "Correo al ciudadano", "firma": "Firma registrada", "certificacion": "Certificación"}


def nombre_evento(tipo: str) -> str:
    return EVENTOS.get(tipo, tipo.replace("_", " ").capitalize())


def nombre_accion(codigo: str) -> str:
    # An unknown code (a newer writer than this reader) still reads as words, never as «a.b_c».
    return ACCIONES.get(codigo, codigo.replace(".", " ").replace("_", " ").capitalize())


def actor_legible(actor: str, refs: Referencias | None = None) -> str:
    """'funcionario:revisora' → the official's name ('revisora (funcionario)' when unknown); 'persona:CC 123' →
    'CC 123 (ciudadano)'; 'publico:1.2.3.4' → 'Consulta pública desde 1.2.3.4'."""
    tipo, _, quien = actor.partition(":")
    if tipo == "funcionario" and refs is not None and quien in refs.funcionarios:
        return refs.funcionarios[quien]
    if tipo == "publico" and quien:
        return f"Consulta pública desde {quien}"
    nombres = {"funcionario": "funcionario", "persona": "ciudadano", "aliado": "sistema aliado"}
    if not quien:
        return "Sistema" if tipo == "sistema" else tipo.capitalize()
    return f"{quien} ({nombres.get(tipo, tipo)})"


def objeto_legible(objeto: str, refs: Referencias) -> str:
    """'documento:<id>' → 'Documento RES-2026-000001-C'; an id never shows: an unknown one leaves the kind only."""
    tipo, _, clave = objeto.partition(":")
    nombre = OBJETOS.get(tipo, tipo.replace("_", " ").capitalize())
    u = uuid_de(clave)
    if u is None:
        return f"{nombre} {clave}".strip()
    tablas: dict[str, Mapping[uuid.UUID, str]] = {"documento": refs.documentos, "solicitud": refs.solicitudes,
                                                  "aliado": refs.aliados, "persona": refs.personas}
    legible = tablas.get(tipo, {}).get(u)
    return f"{nombre} {legible}" if legible else nombre


def objetos_de_eventos(eventos: list[EventoSolicitud]) -> list[str]:
    """The references a solicitud's history makes by id (the issued certificate), for ``resolver_referencias``."""
    return [f"documento:{e.detalle}" for e in eventos if e.tipo == "certificado_emitido"]


def detalle_evento(e: EventoSolicitud, refs: Referencias, nombre_requisito: Callable[[str], str]) -> list[str]:
    """The event's detail as lines people read: the certificate's number, requisito names."""
    if e.tipo == "certificado_emitido":
        u = uuid_de(e.detalle)
        numero = refs.documentos.get(u) if u else None
        return [f"Certificado {numero}"] if numero else []
    if e.tipo == "subsanada":
        return [", ".join(nombre_requisito(c.strip()) for c in e.detalle.split(",") if c.strip())]
    return [x for x in e.detalle.splitlines() if x.strip()]


def fila_auditoria(e: EventoAuditoria, refs: Referencias) -> dict[str, object]:
    return {"e": e, "accion": nombre_accion(e.accion), "actor": actor_legible(e.actor, refs),
            "objeto": objeto_legible(e.objeto, refs)}
