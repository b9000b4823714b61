"""§15.6 of seed 002: replacing a lost or expired comprobante de documento en trámite (digest R157, W15).

An RNEC official asks for it; the checks of ``domain/reposicion_contrasenas.py`` run first (each a Hallazgo citing
§15.6; any failure refuses and nothing is written). Then a green comprobante without QR (§15.4.3) is issued with the
validity the catalogue parameter ``reposicion.vigencia`` gives, and every comprobante of the trámite it supersedes is
revoked with the motive "Reemplazada por reposición el ⟨fecha⟩; no es válida." — so its QR, if it has one, no longer
verifies as valid (public page, API, signed revocation list) — and the replacement is recorded on the trámite and in
the audit log.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from domain.auditoria import EventoAuditoria
from domain.casos_uso import Contexto
from domain.casos_uso.contrasenas import _emitir, _funcionario_rnec
from domain.contrasenas import parametros_contrasenas
from domain.documentos import Documento, EstadoDocumento
from domain.errores import NoEncontrado, TransicionInvalida
from domain.identidad import TramiteIdentidad
from domain.reglas import Hallazgo, Resultado
from domain.reloj import hoy_en_colombia
from domain.reposicion_contrasenas import (
    ACCION_REPONER,
    Reposicion,
    ReposicionRechazada,
    evaluar_reposicion,
    evaluar_vigencia,
    fecha_texto,
)


@dataclass(frozen=True)
class ReponerContrasena:
    tramite_id: uuid.UUID | None
    """The trámite whose comprobante was lost or expired; None when no record was found (§15.6 c refuses)."""
    causa: str
    """perdida | vencimiento"""
    oficina: str
    """Code of the office that issues the replacement (``contrasenas.toml``)."""
    funcionario_id: uuid.UUID


@dataclass(frozen=True)
class ReposicionEmitida:
    tramite: TramiteIdentidad
    documento: Documento
    """The new green comprobante without QR."""
    reemplazadas: list[Documento]
    hallazgos: list[Hallazgo]


def verificaciones_reposicion(tramite: TramiteIdentidad | None) -> list[Hallazgo]:
    """The §15.6 (a)-(c) checklist for ``tramite`` (None: no record of it). Pure."""
    p = parametros_contrasenas()
    entrega = tramite.oficina_entrega.nombre if tramite and tramite.oficina_entrega else None
    return evaluar_reposicion(tramite.estado.value if tramite else None, entrega, p.reposicion)


def revisar_reposicion(tramite_id: uuid.UUID, funcionario_id: uuid.UUID, ctx: Contexto) -> list[Hallazgo]:
    """The §15.6 checklist as it stands now, for the official's screen (nothing is written)."""
    p = parametros_contrasenas()
    with ctx.uow() as uow:
        _funcionario_rnec(uow, funcionario_id, p)
        return verificaciones_reposicion(uow.tramites_identidad.obtener(tramite_id))


def reponer_contrasena(cmd: ReponerContrasena, ctx: Contexto) -> ReposicionEmitida:
    """Check §15.6 and issue the replacement, or raise ``ReposicionRechazada`` with the Hallazgos."""
    p = parametros_contrasenas()
    r = p.reposicion
    causa = r.causa(cmd.causa)
    hoy = hoy_en_colombia(ctx.reloj)
    ahora = ctx.reloj.ahora()
    with ctx.uow() as uow:
        funcionario = _funcionario_rnec(uow, cmd.funcionario_id, p)
        oficina = p.oficina(cmd.oficina)
        tramite = uow.tramites_identidad.obtener(cmd.tramite_id) if cmd.tramite_id else None
        hallazgos = verificaciones_reposicion(tramite)
        if tramite is None or any(h.resultado is not Resultado.CUMPLE for h in hallazgos):
            raise ReposicionRechazada(hallazgos)
        anteriores = uow.documentos.varios(tramite.sin_reponer())
        if not anteriores:
            raise TransicionInvalida(f"El trámite {tramite.numero_preparacion} no tiene una contraseña que reponer.")
        primera = uow.documentos.obtener(tramite.contrasenas[0])
        if primera is None:
            raise NoEncontrado("No se encontró la primera contraseña del trámite.")
        # §15.6 "por un periodo de vigencia igual al primero" (catalogue parameter; consulates: still none).
        vigente_hasta = r.vigente_hasta(primera.vigente_hasta, hoy, p.meses_vigencia)
        hallazgos.append(evaluar_vigencia(vigente_hasta, hoy, r))
        if hallazgos[-1].resultado is not Resultado.CUMPLE:
            raise ReposicionRechazada(hallazgos)
        titular = uow.personas.obtener(tramite.titular_id)
        if titular is None:
            raise NoEncontrado("El titular del trámite no existe.", campo="titular")
        numeros = ", ".join(d.numero for d in anteriores)
        nueva = _emitir(uow, tramite, titular, p.tipos[r.tipo], ctx, p, vigente_hasta,
                        nota_reposicion=r.nota.replace("{anterior}", numeros).replace("{causa}", r.causas[causa]),
                        funcionario=funcionario)
        actor = f"funcionario:{funcionario.usuario}"
        motivo = r.texto_reemplazada.replace("{fecha}", fecha_texto(hoy))
        for anterior in anteriores:
            if anterior.estado(hoy) is not EstadoDocumento.REVOCADO:
                # The replaced receipt stops verifying as valid: public page, API and the signed revocation list.
                anterior.revocar(motivo, actor, ahora)
                uow.documentos.guardar(anterior)
            tramite.registrar_reposicion(Reposicion(anterior.id, nueva.id, causa, ahora, actor, oficina.codigo,
                                                    oficina.nombre))
            uow.auditoria.registrar(EventoAuditoria.nuevo(
                ahora, actor, ACCION_REPONER, f"documento:{anterior.id}", p.entidad,
                f"{anterior.numero} reemplazada por {nueva.numero} ({r.causas[causa]}, {oficina.nombre}); "
                f"vigente hasta {fecha_texto(vigente_hasta) or 'sin vencimiento'}",
            ))
        uow.tramites_identidad.guardar(tramite)
        uow.commit()
    return ReposicionEmitida(tramite, nueva, anteriores, hallazgos)
