"""Delivering the outbox, and what officials do with the messages that could not be delivered.

Delivery is at least once with a narrow window, never "at most once by luck": a message is claimed in its own
short transaction (with a lease), sent outside any transaction, then marked in another. If the process dies
between the server's acceptance and the mark, the lease expires and another round sends it again, with the same
Message-ID (derived from the notification id) so the receiving side can drop the duplicate. docs/notificaciones.md
explains the window.
"""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from domain.auditoria import EventoAuditoria
from domain.casos_uso import Contexto
from domain.errores import NoAutorizado, NoEncontrado, TransicionInvalida
from domain.notificaciones import Cartero, ErrorEnvio, EstadoEnvio, Notificacion, PoliticaReintentos
from domain.personas import Funcionario
from domain.puertos import FabricaUnidadDeTrabajo, UnidadDeTrabajo
from domain.reloj import Reloj

log = logging.getLogger("ventanilla.notificaciones")

ACCION_REINTENTAR = "notificacion.reintentar"
MAX_ERROR = 500
"""Characters of the server's answer kept in ``ultimo_error``: enough to read it, never a whole transcript."""


@dataclass
class ResumenDespacho:
    enviadas: int = 0
    reprogramadas: int = 0
    fallidas: int = 0
    errores: list[str] = field(default_factory=list)
    """One line per failed attempt (radicado-free: the id and the server's answer)."""

    @property
    def intentadas(self) -> int:
        return self.enviadas + self.reprogramadas + self.fallidas


POLITICA = PoliticaReintentos()


def despachar_notificaciones(
    uow: FabricaUnidadDeTrabajo, reloj: Reloj, cartero: Cartero, politica: PoliticaReintentos = POLITICA,
    *, maximo: int = 100, azar: Callable[[], float] = random.random,
) -> ResumenDespacho:
    """One round: claim, send and record up to ``maximo`` messages that are due. Safe to run in several threads
    or processes at once. Stops early when the server cannot be reached (the rest would fail the same way)."""
    resumen = ResumenDespacho()
    try:
        for _ in range(maximo):
            n = _reclamar(uow, reloj, politica)
            if n is None:
                break
            if not _entregar(uow, reloj, cartero, politica, n, azar, resumen):
                break
    finally:
        cartero.cerrar()
    return resumen


def _reclamar(uow: FabricaUnidadDeTrabajo, reloj: Reloj, politica: PoliticaReintentos) -> Notificacion | None:
    ahora = reloj.ahora()
    with uow() as u:
        n = u.bandeja_salida.reclamar(ahora, ahora + politica.arriendo)
        u.commit()
    return n


def _entregar(uow: FabricaUnidadDeTrabajo, reloj: Reloj, cartero: Cartero, politica: PoliticaReintentos,
              n: Notificacion, azar: Callable[[], float], resumen: ResumenDespacho) -> bool:
    """Send one claimed message and record the outcome; False when the round should stop."""
    if n.intentos > politica.max_intentos:
        # Claimed again after its lease expired, over and over: a send that kills the worker. Stop trying.
        _fallo(uow, reloj, politica, n, ErrorEnvio("El envío se interrumpió repetidamente."), azar, resumen)
        return True
    try:
        cartero.enviar(n)
    except ErrorEnvio as error:
        _fallo(uow, reloj, politica, n, error, azar, resumen)
        return not error.conexion
    except Exception as error:  # a bug (a template, the data): retried with backoff, then visible as fallida
        log.exception("notificación %s: error inesperado al enviar", n.id)
        _fallo(uow, reloj, politica, n, ErrorEnvio(f"Error inesperado: {error!r}"), azar, resumen)
        return True
    with uow() as u:
        u.bandeja_salida.marcar_enviada(n.id, reloj.ahora())
        u.commit()
    resumen.enviadas += 1
    return True


def _fallo(uow: FabricaUnidadDeTrabajo, reloj: Reloj, politica: PoliticaReintentos, n: Notificacion,
           error: ErrorEnvio, azar: Callable[[], float], resumen: ResumenDespacho) -> None:
    mensaje = error.mensaje[:MAX_ERROR]
    resumen.errores.append(f"{n.id}: {mensaje}")
    with uow() as u:
        if politica.se_rinde(n.intentos, error):
            registrado = u.bandeja_salida.marcar_fallida(n.id, n.intentos, mensaje)
            resumen.fallidas += registrado
        else:
            proximo = reloj.ahora() + politica.espera(n.intentos, azar())
            registrado = u.bandeja_salida.reprogramar(n.id, n.intentos, proximo, mensaje)
            resumen.reprogramadas += registrado
        u.commit()
    if not registrado:
        log.warning("notificación %s: otro despachador la tomó mientras se enviaba", n.id)


# -- what officials see and do ---------------------------------------------------------------------------------
def _funcionario(u: UnidadDeTrabajo, funcionario_id: uuid.UUID) -> Funcionario:
    funcionario = u.funcionarios.obtener(funcionario_id)
    if funcionario is None or not funcionario.activo:
        raise NoAutorizado("Su sesión no es válida; ingrese de nuevo.")
    return funcionario


@dataclass(frozen=True)
class PaginaNotificaciones:
    notificaciones: list[Notificacion]
    conteo: dict[EstadoEnvio, int]


def consultar_notificaciones(
    funcionario_id: uuid.UUID, ctx: Contexto, *, estados: Sequence[EstadoEnvio] = (EstadoEnvio.FALLIDA,),
    antes_de: tuple[datetime, uuid.UUID] | None = None, limite: int = 50,
) -> PaginaNotificaciones:
    """A keyset page of the official's entidad's notifications (dead letters by default), and counts by state."""
    with ctx.uow() as u:
        entidad = _funcionario(u, funcionario_id).entidad
        return PaginaNotificaciones(
            u.bandeja_salida.listar(entidad=entidad, estados=estados, antes_de=antes_de, limite=limite),
            u.bandeja_salida.contar_por_estado(entidad),
        )


def reintentar_notificacion(notificacion_id: uuid.UUID, funcionario_id: uuid.UUID, ctx: Contexto) -> Notificacion:
    """Put a dead letter back in the queue (attempts reset), audited. Any official of its entidad may."""
    ahora = ctx.reloj.ahora()
    with ctx.uow() as u:
        funcionario = _funcionario(u, funcionario_id)
        n = u.bandeja_salida.obtener(notificacion_id)
        if n is None or n.entidad is None or not funcionario.puede_actuar_en(n.entidad):
            raise NoEncontrado("La notificación no existe o no pertenece a su entidad.")
        if not u.bandeja_salida.reabrir(n.id, ahora):
            raise TransicionInvalida("Solo se reintenta una notificación fallida; esta ya no lo está.")
        u.auditoria.registrar(EventoAuditoria.nuevo(
            ahora, f"funcionario:{funcionario.usuario}", ACCION_REINTENTAR, f"notificacion:{n.id}", n.entidad,
            f"{n.asunto} → {n.destinatario} (último error: {n.ultimo_error or 'ninguno'})",
        ))
        u.commit()
        reabierta = u.bandeja_salida.obtener(n.id)
    assert reabierta is not None
    return reabierta
