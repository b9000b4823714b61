"""Builders of valid inputs, shared by every test layer: tests change only what they are about."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, timedelta

from domain.casos_uso import Contexto
from domain.casos_uso.personas import crear_funcionario, registrar_persona
from domain.comandos import RadicarSolicitud, RegistrarPersona, SoporteEntrada
from domain.personas import Funcionario, Persona, Rol
from tests.archivos_prueba import imagen_valida, pdf_valido

TRAMITE = "SDG-CERT-RESIDENCIA"
# Real files (uploads are parsed whole: docs/archivos.md), made once per test session.
PDF_MINIMO = pdf_valido("Cedula de ciudadania de prueba")
PNG_MINIMO = imagen_valida("PNG")


def persona_cmd(numero: str = "1020304050", **cambios: object) -> RegistrarPersona:
    base = RegistrarPersona("CC", numero, "Ana María", "Pérez Gómez", date(1990, 5, 4), "F", "CO",
                            "Calle 10 # 5-20", "Bogotá D.C.", "ana.perez@example.org", "3001234567")
    return replace(base, **cambios)  # type: ignore[arg-type]


def nueva_persona(ctx: Contexto, numero: str = "1020304050", **cambios: object) -> Persona:
    return registrar_persona(persona_cmd(numero, **cambios), ctx)[0]


def soportes(hoy: date, *, recibo_dias: int = 10, subtipo: str = "energia") -> list[SoporteEntrada]:
    return [
        SoporteEntrada("documento_identidad", "cedula.pdf", PDF_MINIMO),
        SoporteEntrada(
            "recibo_servicio_publico", "recibo_luz.png", PNG_MINIMO, hoy - timedelta(days=recibo_dias), subtipo
        ),
    ]


def radicar_cmd(titular: Persona, hoy: date, **cambios: object) -> RadicarSolicitud:
    """The residence certificate's filing; ``destino``, ``persona_privada_libertad`` and ``solicitante_id`` (its
    fields before the generic Solicitud) become its datos and partes, so older tests read as they did."""
    partes = {"titular": titular.id}
    datos: dict[str, object] = {}
    if (solicitante := cambios.pop("solicitante_id", None)) is not None:
        partes["solicitante"] = solicitante  # type: ignore[assignment]
    for clave in ("destino", "persona_privada_libertad"):
        if clave in cambios:
            datos[clave] = cambios.pop(clave)
    return replace(RadicarSolicitud(TRAMITE, partes, soportes(hoy), datos), **cambios)  # type: ignore[arg-type]


def funcionario(
    ctx: Contexto, usuario: str = "revisora", rol: Rol = Rol.REVISOR, entidad: str = "SDG-BOGOTA"
) -> Funcionario:
    return crear_funcionario(usuario, usuario.title(), entidad, rol, "hash-no-usado-" + uuid.uuid4().hex, ctx)


def verificar_todo(ctx: Contexto, solicitud_id: uuid.UUID, funcionario_id: uuid.UUID) -> None:
    """Marks every «Revisar» checklist item verified, as the assigned official must before approving."""
    from domain.casos_uso.consultas import detalle_solicitud
    from domain.casos_uso.decisiones_finales import verificar_hallazgo
    from domain.comandos import VerificarHallazgo
    from domain.verificaciones import pendientes

    detalle = detalle_solicitud(solicitud_id, ctx)
    assert detalle is not None
    s = detalle.solicitud
    for indice in pendientes(s.hallazgos, s.verificaciones):
        verificar_hallazgo(VerificarHallazgo(solicitud_id, funcionario_id, indice, "verificado"), ctx)
