"""Demo data for the Registraduría's identity-document trámites and contraseñas (seed 002 §15.4-15.6).

Idempotent: a second run finds the official and changes nothing. Called by ``app.demo.cargar_demo``.
"""

from __future__ import annotations

from datetime import date, timedelta

from admin.seguridad import hash_clave
from domain.casos_uso import Contexto
from domain.casos_uso.contrasenas import (
    CambiarEstadoTramiteIdentidad,
    SolicitarDocumentoIdentidad,
    cambiar_estado_tramite_identidad,
    duplicado_web_contrasena,
    solicitar_documento_identidad,
    tramite_en_papel,
)
from domain.casos_uso.contrasenas_reposicion import ReponerContrasena, reponer_contrasena
from domain.casos_uso.personas import crear_funcionario, funcionario_por_usuario, registrar_persona
from domain.comandos import RegistrarPersona
from domain.contrasenas import parametros_contrasenas
from domain.errores import ErrorDominio
from domain.personas import Rol
from domain.reloj import hoy_en_colombia

LOGIN_RNEC = ("registrador", "Registrador-Demo-2026", "Rafael Registrador", Rol.COORDINADOR)


def cargar_demo_identidad(ctx: Contexto) -> str | None:
    """An RNEC official and five trámites (EIS, consular, web duplicate, paper with the white receipt, and an EIS one
    whose receipt was lost and replaced by a green one without QR, §15.6); returns a warning if keys are missing."""
    usuario, clave, nombre, rol = LOGIN_RNEC
    if funcionario_por_usuario(usuario, ctx) is not None:
        return None
    p = parametros_contrasenas()
    oficial = crear_funcionario(usuario, nombre, p.entidad, rol, hash_clave(clave), ctx)
    hoy = hoy_en_colombia(ctx.reloj)
    personas = [
        registrar_persona(RegistrarPersona("CC", "1032456789", "Camila Andrea", "Suárez Pinto", date(2007, 2, 14),
                                           "F", "CO", "Calle 53 # 20-11", "Bogotá D.C."), ctx)[0],
        registrar_persona(RegistrarPersona("CC", "80765432", "Andrés Felipe", "Mejía Ortiz", date(1985, 11, 2),
                                           "M", "CO", "Calle Mayor 10", "Madrid"), ctx)[0],
        registrar_persona(RegistrarPersona("CC", "1075234567", "Luisa Fernanda", "Rojas Cárdenas", date(1999, 6, 30),
                                           "F", "CO", "Carrera 9 # 12-40", "Chía"), ctx)[0],
    ]
    try:
        eis, _ = solicitar_documento_identidad(SolicitarDocumentoIdentidad(
            personas[0].id, "CC", "primera_vez", "RNEC-BOG-CENTRO", oficial.id,
            fecha_solicitud=hoy - timedelta(days=20)), ctx)
        cambiar_estado_tramite_identidad(CambiarEstadoTramiteIdentidad(
            eis.id, "disponible_para_entrega", oficial.id, oficina_entrega="RNEC-BOG-CENTRO"), ctx)
        solicitar_documento_identidad(SolicitarDocumentoIdentidad(
            personas[1].id, "CC", "duplicado", "CONS-MADRID", oficial.id), ctx)
        duplicado_web_contrasena(SolicitarDocumentoIdentidad(
            personas[0].id, "CC", "duplicado", "RNEC-CHIA", oficial.id), ctx)
        tramite_en_papel(SolicitarDocumentoIdentidad(
            personas[2].id, "CC", "rectificacion", "RNEC-CHIA", oficial.id, comprobante="contrasena_blanca",
            fecha_solicitud=hoy - timedelta(days=10)), ctx)
        perdida, _ = solicitar_documento_identidad(SolicitarDocumentoIdentidad(
            personas[2].id, "CC", "duplicado", "RNEC-CHIA", oficial.id, fecha_solicitud=hoy - timedelta(days=40)), ctx)
        reponer_contrasena(ReponerContrasena(perdida.id, "perdida", "RNEC-CHIA", oficial.id), ctx)
    except ErrorDominio as error:  # e.g. no RNEC signing key: run `ventanilla claves generar`
        return error.mensaje
    return None
