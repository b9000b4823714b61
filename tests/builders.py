"""Builders of valid inputs, shared by every test layer: tests change only what they are about."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, timedelta

from domain.casos_uso import Contexto
from domain.casos_uso.personas import crear_funcionario, registrar_persona
from domain.comandos import RadicarSolicitud, RegistrarPersona, SoporteEntrada
from domain.personas import Funcionario, Persona, Rol

TRAMITE = "SDG-CERT-RESIDENCIA"
PDF_MINIMO = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_MINIMO = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cf"
    "c0f01f0005000201a5f3c7b90000000049454e44ae426082"
)


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
    return replace(RadicarSolicitud(TRAMITE, titular.id, soportes(hoy)), **cambios)  # type: ignore[arg-type]


def funcionario(
    ctx: Contexto, usuario: str = "revisora", rol: Rol = Rol.REVISOR, entidad: str = "SDG-BOGOTA"
) -> Funcionario:
    return crear_funcionario(usuario, usuario.title(), entidad, rol, "hash-no-usado-" + uuid.uuid4().hex, ctx)
