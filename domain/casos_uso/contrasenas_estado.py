"""What scanning a contraseña's QR shows (seed 002 §15.4.4 "carga el estado del trámite"): the receipt's validity
(§15.5; not valid once replaced, §15.6) and the state of the identity-document trámite behind it. Minimal data.

Re-exported by ``domain.casos_uso.contrasenas`` (the admin's public page and the API import it from there).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from domain.casos_uso import Contexto
from domain.contrasenas import es_contrasena, parametros_contrasenas
from domain.documentos import EstadoDocumento
from domain.reloj import fecha_en_colombia, hoy_en_colombia
from domain.reposicion_contrasenas import fecha_texto


@dataclass(frozen=True)
class EstadoContrasena:
    """What the public QR page shows for a contraseña: minimal data, nothing more."""

    documento_id: uuid.UUID
    tipo: str
    titulo: str
    numero: str
    vigente: bool
    """False once the six months are over (§15.5), once replaced (§15.6) or if it was revoked; consulates' never
    expire."""
    estado_documento: str
    vigente_hasta: date | None
    sin_vencimiento: bool
    estado_tramite: str | None
    """en_produccion | disponible_para_entrega | entregado | rechazado; None if the trámite is unknown."""
    descripcion_tramite: str | None
    """e.g. "Disponible para entrega en Registraduría Especial de Medellín"."""
    tipo_documento: str | None
    oficina: str | None
    nota_no_certifica: str
    reemplazada: bool = False
    """§15.6: a replacement superseded this receipt; it is no longer valid whatever its dates say."""
    reemplazada_el: date | None = None
    aviso_reemplazo: str | None = None
    """e.g. "Reemplazada por reposición el 2 de abril de 2026; no es válida."."""


def estado_contrasena(documento_id: uuid.UUID, ctx: Contexto) -> EstadoContrasena | None:
    """Given the id a verified QR carries: the receipt's validity and the linked trámite's state. None if the
    document is not a contraseña."""
    p = parametros_contrasenas()
    with ctx.uow() as uow:
        documento = uow.documentos.obtener(documento_id)
        if documento is None or not es_contrasena(documento.tipo):
            return None
        tramite = uow.tramites_identidad.por_contrasena(documento_id)
    estado = documento.estado(hoy_en_colombia(ctx.reloj))
    reposicion = tramite.reemplazo_de(documento.id) if tramite else None
    reemplazada_el = fecha_en_colombia(reposicion.fecha) if reposicion else None
    return EstadoContrasena(
        documento_id=documento.id, tipo=documento.tipo, titulo=p.tipos[documento.tipo].titulo,
        numero=documento.numero, vigente=estado is EstadoDocumento.VIGENTE and reposicion is None,
        estado_documento=estado.value,
        vigente_hasta=documento.vigente_hasta, sin_vencimiento=documento.vigente_hasta is None,
        estado_tramite=tramite.estado.value if tramite else None,
        descripcion_tramite=tramite.descripcion_estado if tramite else None,
        tipo_documento=tramite.tipo_documento.nombre if tramite else None,
        oficina=tramite.oficina.nombre if tramite else None,
        nota_no_certifica=p.nota_no_certifica,
        reemplazada=reposicion is not None, reemplazada_el=reemplazada_el,
        aviso_reemplazo=p.reposicion.texto_reemplazada.replace("{fecha}", fecha_texto(reemplazada_el))
        if reemplazada_el else None,
    )


def verificar_contrasena(texto_qr: str, ctx: Contexto) -> EstadoContrasena | None:
    """The QR text → signature check → ``estado_contrasena``. None if the code is not authentic or not a
    contraseña (the general verification page explains why)."""
    verificacion = ctx.verificador.verificar(texto_qr)
    if not verificacion.valido or verificacion.documento_id is None:
        return None
    return estado_contrasena(verificacion.documento_id, ctx)
