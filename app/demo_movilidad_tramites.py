"""Chía's trámites filed and decided in the demo, through the same use cases as the API and the admin: a
certificado de tradición approved and issued (T-33), a traspaso waiting for the official with its effect shown
(T-21). Called by ``cargar_demo_movilidad`` once the registries are loaded."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from fpdf import FPDF

from app.demo_revocacion import verificar_revisables
from domain.casos_uso import Contexto
from domain.casos_uso.decisiones import aprobar, asignar
from domain.casos_uso.solicitudes import radicar_solicitud
from domain.comandos import Asignar, Decidir, RadicarSolicitud, SoporteEntrada
from domain.personas import Persona
from domain.reloj import hoy_en_colombia
from domain.solicitudes import Solicitud
from domain.vehiculos import Vehiculo


def _pdf(titulo: str) -> bytes:
    pdf = FPDF(format=(148, 210))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    pdf.multi_cell(0, 8, titulo, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 6, "Documento de demostracion de Ventanilla.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _soportes(ctx: Contexto, codigo: str) -> list[SoporteEntrada]:
    """One file per requisito asked at filing (the engine keeps only those that apply), dated yesterday."""
    hoy = hoy_en_colombia(ctx.reloj)
    tramite = ctx.tramites.vigente(codigo, hoy)
    return [SoporteEntrada(r.codigo, f"{r.codigo.replace('_', '-')}.pdf",
                           _pdf(r.nombre.encode("latin-1", "replace").decode("latin-1")), hoy - timedelta(days=1),
                           r.subtipos[0] if r.subtipos else None)
            for r in tramite.requisitos if not r.al_entregar]


def _radicar(ctx: Contexto, codigo: str, partes: dict[str, Persona], sujeto: str, datos: dict[str, Any]
             ) -> Solicitud:
    cmd = RadicarSolicitud(codigo, {rol: p.id for rol, p in partes.items()}, _soportes(ctx, codigo), datos, sujeto)
    return radicar_solicitud(cmd, ctx)


def radicar_tramites_demo(ctx: Contexto, funcionario_id: uuid.UUID, personas: list[Persona],
                          vehiculos: list[Vehiculo]) -> list[Solicitud]:
    hernan, _, oscar = personas
    carro, taxi, _ = vehiculos
    certificado = _radicar(ctx, "CHIA-T33", {"titular": hernan}, carro.placa, {})
    asignar(Asignar(certificado.id, funcionario_id), ctx)
    verificar_revisables(ctx, certificado.id, funcionario_id)
    certificado = aprobar(Decidir(certificado.id, funcionario_id), ctx)
    traspaso = _radicar(ctx, "CHIA-T21", {"titular": hernan, "vendedor": oscar, "comprador": hernan}, taxi.placa,
                        {"valor_venta": "28500000"})
    return [certificado, traspaso]
