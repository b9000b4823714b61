"""Where e-mails go: an SMTP server, a folder of .eml files (the demo default) or the console.

Each implements domain.notificaciones.Cartero. Only the SMTP one can fail in interesting ways, and it tells the
dispatcher how: 5xx refusals are permanent, 4xx and connection problems transient, and a failure to reach or log
in to the server ends the round (``conexion``) since every other message would fail the same way.
"""

from __future__ import annotations

import os
import smtplib
import ssl
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from app.correo.redaccion import Redactor
from domain.notificaciones import ErrorEnvio, Notificacion


@dataclass(frozen=True)
class ConfigSMTP:
    host: str
    puerto: int
    tls: str  # "starttls" | "ssl" | "ninguno"
    usuario: str = ""
    clave: str = ""
    ca: Path | None = None
    tiempo_espera_s: float = 30.0


def _respuesta(codigo: int, texto: bytes | str) -> str:
    legible = texto.decode("utf-8", "replace") if isinstance(texto, bytes) else texto
    return f"{codigo} {' '.join(legible.split())}"


class CarteroSMTP:
    """Keeps one connection for a round of sends (``cerrar`` at its end); reconnects after any failure."""

    def __init__(self, config: ConfigSMTP, redactor: Redactor) -> None:
        self.config, self.redactor = config, redactor
        self.descripcion = f"servidor SMTP {config.host}:{config.puerto} (TLS: {config.tls})"
        self._conexion: smtplib.SMTP | None = None

    def _contexto_tls(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.config.ca) if self.config.ca else None)

    def _conectar(self) -> smtplib.SMTP:
        if self._conexion is not None:
            return self._conexion
        c = self.config
        if c.tls == "ssl":
            conexion: smtplib.SMTP = smtplib.SMTP_SSL(c.host, c.puerto, timeout=c.tiempo_espera_s,
                                                      context=self._contexto_tls())
        else:
            conexion = smtplib.SMTP(c.host, c.puerto, timeout=c.tiempo_espera_s)
        try:
            conexion.ehlo()
            if c.tls == "starttls":
                conexion.starttls(context=self._contexto_tls())
                conexion.ehlo()
            if c.usuario:
                conexion.login(c.usuario, c.clave)
        except BaseException:
            _cerrar_sin_ruido(conexion)
            raise
        self._conexion = conexion
        return conexion

    def enviar(self, notificacion: Notificacion) -> None:
        mensaje = self.redactor.redactar(notificacion)
        try:
            self._conectar().send_message(mensaje)
        except smtplib.SMTPRecipientsRefused as e:
            self.cerrar()
            codigo, texto = next(iter(e.recipients.values()))
            raise ErrorEnvio(f"Destinatario rechazado: {_respuesta(codigo, texto)}", permanente=codigo >= 500) from e
        except (smtplib.SMTPConnectError, smtplib.SMTPAuthenticationError, smtplib.SMTPSenderRefused) as e:
            # The server, the credentials or the sender address: every message would fail; an operator fixes it.
            self.cerrar()
            raise ErrorEnvio(f"El servidor SMTP no acepta envíos: {_respuesta(e.smtp_code, e.smtp_error)}",
                             conexion=True) from e
        except smtplib.SMTPResponseException as e:
            self.cerrar()
            raise ErrorEnvio(f"El servidor SMTP respondió {_respuesta(e.smtp_code, e.smtp_error)}",
                             permanente=500 <= e.smtp_code < 600) from e
        except (OSError, smtplib.SMTPException) as e:  # refused, timeout, TLS failure, dropped connection
            self.cerrar()
            raise ErrorEnvio(f"No se pudo conectar con el servidor SMTP: {e!r}", conexion=True) from e

    def cerrar(self) -> None:
        conexion, self._conexion = self._conexion, None
        if conexion is not None:
            _cerrar_sin_ruido(conexion)


def _cerrar_sin_ruido(conexion: smtplib.SMTP) -> None:
    try:
        conexion.quit()
    except (OSError, smtplib.SMTPException):
        conexion.close()


class CarteroArchivo:
    """One ``<creation>-<id>.eml`` per message, written atomically; sending again overwrites the same file."""

    def __init__(self, carpeta: Path, redactor: Redactor) -> None:
        self.carpeta, self.redactor = carpeta, redactor
        self.descripcion = f"archivos .eml en {carpeta}"

    def enviar(self, notificacion: Notificacion) -> None:
        mensaje = self.redactor.redactar(notificacion)
        try:
            self.carpeta.mkdir(parents=True, exist_ok=True)
            destino = self.carpeta / f"{notificacion.creada_en:%Y%m%d-%H%M%S}-{notificacion.id}.eml"
            fd, temporal = tempfile.mkstemp(dir=self.carpeta, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                f.write(mensaje.as_bytes())
            os.replace(temporal, destino)
        except OSError as e:
            raise ErrorEnvio(f"No se pudo escribir el correo en {self.carpeta}: {e}", conexion=True) from e

    def cerrar(self) -> None:
        pass


class CarteroConsola:
    """Prints the headers and the text part: for a quick look while developing."""

    def __init__(self, redactor: Redactor, salida: TextIO | None = None) -> None:
        self.redactor, self._salida = redactor, salida
        self.descripcion = "la consola (salida estándar)"

    def enviar(self, notificacion: Notificacion) -> None:
        mensaje = self.redactor.redactar(notificacion)
        texto = mensaje.get_body(("plain",))
        salida = self._salida or sys.stdout
        print("─" * 72, file=salida)
        for campo in ("Message-ID", "From", "To", "Subject"):
            print(f"{campo}: {mensaje[campo]}", file=salida)
        print("", file=salida)
        print(texto.get_content() if texto is not None else "", file=salida, flush=True)

    def cerrar(self) -> None:
        pass
