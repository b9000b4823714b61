"""``ventanilla notificaciones``: deliver the outbox in the foreground, with a line per round and a final summary."""

from __future__ import annotations

import signal
import threading
from types import FrameType

from rich.console import Console

from app.composicion import clave_sesion, construir
from app.config import Settings
from app.correo import crear_cartero, politica
from app.correo.despachador import DespachadorEnSegundoPlano, ronda
from domain.casos_uso.notificaciones import ResumenDespacho

consola = Console(soft_wrap=True)


def _linea(r: ResumenDespacho) -> str:
    partes = [f"[green]{r.enviadas} enviados[/]"]
    if r.reprogramadas:
        partes.append(f"[yellow]{r.reprogramadas} reprogramados[/]")
    if r.fallidas:
        partes.append(f"[red]{r.fallidas} fallidos[/] (véalos en el admin: Notificaciones)")
    return ", ".join(partes)


def _mostrar(r: ResumenDespacho) -> None:
    if r.intentadas:
        consola.print(_linea(r))
    for error in r.errores:
        consola.print(f"  [dim]{error}[/]")


def _interrumpir(_senal: int, _marco: FrameType | None) -> None:
    raise KeyboardInterrupt


def despachar(settings: Settings, *, una_vez: bool, intervalo: float | None) -> None:
    sistema = construir(settings)
    ctx = sistema.contexto
    cartero = crear_cartero(settings, clave_sesion(settings))
    consola.print(f"Enviando correos a: {cartero.descripcion}")
    if una_vez:
        resumen = ronda(ctx.uow, ctx.reloj, cartero, politica(settings))
        _mostrar(resumen)
        consola.print(f"Listo: {_linea(resumen)}.")
        return
    total = ResumenDespacho()

    def acumular(r: ResumenDespacho) -> None:
        total.enviadas += r.enviadas
        total.reprogramadas += r.reprogramadas
        total.fallidas += r.fallidas
        _mostrar(r)

    despachador = DespachadorEnSegundoPlano(ctx.uow, ctx.reloj, cartero, politica(settings),
                                            intervalo if intervalo is not None else settings.correo_intervalo_s,
                                            al_terminar_ronda=acumular)
    consola.print("Esperando correos por enviar (Ctrl+C para terminar)…")
    signal.signal(signal.SIGTERM, _interrumpir)  # a service manager's stop: finish the send in flight, then exit
    despachador.iniciar()
    try:
        threading.Event().wait()  # until Ctrl+C / SIGINT
    except KeyboardInterrupt:
        pass
    finally:
        despachador.detener()
        consola.print(f"Terminado: {_linea(total)}.")
