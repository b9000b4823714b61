"""The presenter: every audit action and history event reads in Spanish; people by name, documents by number."""

from __future__ import annotations

import importlib
import pkgutil
import uuid
from datetime import UTC, datetime

import domain
from admin.presentacion import (
    ACCIONES,
    EVENTOS,
    actor_legible,
    detalle_evento,
    nombre_accion,
    objeto_legible,
)
from domain.casos_uso.referencias import Referencias
from domain.solicitudes import EventoSolicitud

CUANDO = datetime(2026, 3, 17, 15, tzinfo=UTC)


def _codigos_de_auditoria() -> set[str]:
    """Every ``ACCION_*`` constant in domain/: the codes the audit log can hold."""
    codigos = set()
    for modulo in pkgutil.walk_packages(domain.__path__, "domain."):
        m = importlib.import_module(modulo.name)
        codigos |= {v for k, v in vars(m).items() if k.startswith("ACCION_") and isinstance(v, str)}
    return codigos


def test_toda_accion_auditada_tiene_etiqueta_en_espanol() -> None:
    codigos = _codigos_de_auditoria()
    assert "certificacion_firma.emitir" in codigos and "solicitud.verificar_hallazgo" in codigos
    assert codigos <= set(ACCIONES), sorted(codigos - set(ACCIONES))
    assert all("." not in etiqueta and "_" not in etiqueta for etiqueta in ACCIONES.values())
    assert nombre_accion("algo.nuevo_codigo") == "Algo nuevo codigo"  # a newer writer still reads as words


def test_todo_evento_de_solicitud_tiene_nombre() -> None:
    tipos = {"radicada", "asignada", "aprobada", "certificado_emitido", "entregada", "rechazada", "subsanada",
             "desistida", "anulada", "rechazada_definitivamente", "hallazgo_verificado", "hallazgo_no_verificado"}
    assert tipos <= set(EVENTOS)


def test_actores_y_objetos_legibles() -> None:
    documento, solicitud = uuid.uuid4(), uuid.uuid4()
    refs = Referencias(funcionarios={"revisora": "Ana Revisora"}, documentos={documento: "RES-2026-000001-C"},
                       solicitudes={solicitud: "RES-2026-000001"})
    assert actor_legible("funcionario:revisora", refs) == "Ana Revisora"
    assert actor_legible("funcionario:retirada", refs) == "retirada (funcionario)"
    assert actor_legible("publico:203.0.113.9") == "Consulta pública desde 203.0.113.9"
    assert actor_legible("sistema") == "Sistema"
    assert objeto_legible(f"documento:{documento}", refs) == "Documento RES-2026-000001-C"
    assert objeto_legible(f"solicitud:{solicitud}", refs) == "Solicitud RES-2026-000001"
    assert objeto_legible(f"notificacion:{uuid.uuid4()}", refs) == "Correo al ciudadano"  # never the id
    assert objeto_legible(f"documento:{uuid.uuid4()}", refs) == "Documento"
    assert objeto_legible("certificacion:CF-2026-000001", refs) == "Certificación CF-2026-000001"


def test_detalle_de_eventos_con_numero_y_nombres_de_requisito() -> None:
    documento = uuid.uuid4()
    refs = Referencias(documentos={documento: "RES-2026-000001-C"})
    nombres = {"recibo_servicio_publico": "Recibo de servicio público"}.get
    emitido = EventoSolicitud(CUANDO, "certificado_emitido", "funcionario:x", str(documento))
    assert detalle_evento(emitido, refs, lambda c: nombres(c) or c) == ["Certificado RES-2026-000001-C"]
    assert detalle_evento(emitido, Referencias(), str) == []  # unknown: nothing rather than the id
    subsanada = EventoSolicitud(CUANDO, "subsanada", "persona:CC 1", "recibo_servicio_publico")
    assert detalle_evento(subsanada, refs, lambda c: nombres(c) or c) == ["Recibo de servicio público"]
    rechazada = EventoSolicitud(CUANDO, "rechazada", "funcionario:x", "Uno.\nDos.")
    assert detalle_evento(rechazada, refs, str) == ["Uno.", "Dos."]
