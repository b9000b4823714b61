"""Running the dispatcher: rounds every few seconds, in a background thread of the web process (``servir``) or in
the foreground (``ventanilla notificaciones``). Several may run at once, in any processes: claims are atomic."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from domain.casos_uso.notificaciones import ResumenDespacho, despachar_notificaciones
from domain.notificaciones import Cartero, PoliticaReintentos
from domain.puertos import FabricaUnidadDeTrabajo
from domain.reloj import Reloj

log = logging.getLogger("ventanilla.correo")
POR_RONDA = 100


def ronda(uow: FabricaUnidadDeTrabajo, reloj: Reloj, cartero: Cartero, politica: PoliticaReintentos) -> ResumenDespacho:
    """Everything due now, in rounds of POR_RONDA (a round that stopped short means nothing else is due or the
    server is unreachable)."""
    total = ResumenDespacho()
    while True:
        r = despachar_notificaciones(uow, reloj, cartero, politica, maximo=POR_RONDA)
        total.enviadas += r.enviadas
        total.reprogramadas += r.reprogramadas
        total.fallidas += r.fallidas
        total.errores += r.errores
        if r.intentadas < POR_RONDA:
            return total


class DespachadorEnSegundoPlano:
    """A daemon thread that runs rounds until ``detener``; a failing round (database down…) is logged and retried
    at the next interval, never fatal to the web process."""

    def __init__(self, uow: FabricaUnidadDeTrabajo, reloj: Reloj, cartero: Cartero, politica: PoliticaReintentos,
                 intervalo_s: float = 10.0, al_terminar_ronda: Callable[[ResumenDespacho], None] | None = None) -> None:
        self._args = (uow, reloj, cartero, politica)
        self._intervalo = intervalo_s
        self._al_terminar = al_terminar_ronda
        self._parar = threading.Event()
        self._hilo = threading.Thread(target=self._bucle, name="despachador-correo", daemon=True)

    def iniciar(self) -> None:
        self._hilo.start()

    def detener(self, espera_s: float = 30.0) -> None:
        """Ask it to stop and wait for the current send to finish (a send is never cut in the middle)."""
        self._parar.set()
        if self._hilo.is_alive():
            self._hilo.join(espera_s)

    @property
    def activo(self) -> bool:
        return self._hilo.is_alive()

    def _bucle(self) -> None:
        while not self._parar.is_set():
            try:
                resumen = ronda(*self._args)
            except Exception:
                log.exception("ronda de envío de correos fallida; se reintenta en %.0f s", self._intervalo)
            else:
                if resumen.intentadas:
                    log.info("correos: %d enviados, %d reprogramados, %d fallidos", resumen.enviadas,
                             resumen.reprogramadas, resumen.fallidas)
                if self._al_terminar is not None:
                    self._al_terminar(resumen)
            self._parar.wait(self._intervalo)
