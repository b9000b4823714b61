"""E-mail to citizens: templates (plantillas/), rendering (redaccion.py), backends (carteros.py) and the dispatcher
that delivers the outbox (despachador.py). Infrastructure wiring, hence under app/: the domain only records which
notice to send and with what data (domain/casos_uso/avisos.py)."""

from __future__ import annotations

from datetime import timedelta

from app.config import Settings
from app.correo.carteros import CarteroArchivo, CarteroConsola, CarteroSMTP, ConfigSMTP
from app.correo.redaccion import Redactor
from domain.notificaciones import Cartero, PoliticaReintentos


def crear_cartero(settings: Settings, secreto: str) -> Cartero:
    """The backend the settings choose. ``secreto`` signs the download links (the session key)."""
    redactor = Redactor(settings.smtp_remitente, settings.url_publica, secreto, settings.correo_dias_enlace)
    if settings.correo_backend == "smtp":
        return CarteroSMTP(ConfigSMTP(
            host=settings.smtp_host, puerto=settings.smtp_puerto, tls=settings.smtp_tls, usuario=settings.smtp_usuario,
            clave=settings.smtp_clave.get_secret_value(), ca=settings.smtp_ca,
            tiempo_espera_s=settings.smtp_tiempo_espera_s,
        ), redactor)
    if settings.correo_backend == "consola":
        return CarteroConsola(redactor)
    return CarteroArchivo(settings.carpeta_correo.resolve(), redactor)


def politica(settings: Settings) -> PoliticaReintentos:
    # The lease outlasts one send (connect + TLS + DATA, each bounded by the timeout) with a wide margin.
    return PoliticaReintentos(max_intentos=settings.correo_max_intentos,
                              arriendo=timedelta(seconds=max(300.0, 4 * settings.smtp_tiempo_espera_s)))


__all__ = ["crear_cartero", "politica"]
