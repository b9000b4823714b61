"""From an outbox notification to an e-mail: Spanish text and HTML parts from this package's Jinja2 templates.

The domain records the kind and data of a notice; wording and layout live here (Jinja2 is not allowed in domain/).
A row without a kind, or of a kind with no template, is sent as its plain ``cuerpo``: rows written before kinds
existed still go out. Every header is derived from the notification alone (Message-ID from its id, Date from its
creation), so a message sent again after a crash is the same message and the receiving side can drop it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.dates import format_datetime as formato_babel
from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound, UndefinedError, select_autoescape

from app.descargas import enlace_descarga
from domain.notificaciones import Notificacion, TipoNotificacion
from domain.reloj import ZONA_COLOMBIA, fecha_en_colombia

PLANTILLAS = Path(__file__).parent / "plantillas"
log = logging.getLogger("ventanilla.correo")
LOCALE = Locale.parse("es_CO")


def fecha_larga(valor: str | date | None) -> str:
    """«jueves, 16 de abril de 2026»: unambiguous for a deadline (no dd/mm vs mm/dd doubt)."""
    if not valor:
        return ""
    dia = date.fromisoformat(valor) if isinstance(valor, str) else valor
    return format_date(dia, "EEEE, d 'de' MMMM 'de' y", locale=LOCALE)


def fecha_hora(valor: str | datetime | None) -> str:
    if not valor:
        return ""
    instante = datetime.fromisoformat(valor) if isinstance(valor, str) else valor
    return formato_babel(instante.astimezone(ZONA_COLOMBIA), "d 'de' MMMM 'de' y 'a las' h:mm a", locale=LOCALE)


@lru_cache(maxsize=1)
def entorno() -> Environment:
    env = Environment(
        loader=FileSystemLoader(PLANTILLAS), autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters.update(fecha_larga=fecha_larga, fecha_hora=fecha_hora)
    return env


def id_mensaje(notificacion: Notificacion, remitente: str) -> str:
    """``<notificacion-id@sender's domain>``: stable across re-sends, unique per notification."""
    dominio = parseaddr(remitente)[1].rpartition("@")[2] or "ventanilla.localhost"
    return f"<{notificacion.id}@{dominio}>"


@dataclass(frozen=True)
class Redactor:
    remitente: str
    url_publica: str
    secreto: str
    """Signs the download links (app/descargas.py)."""
    dias_enlace: int = 30

    def redactar(self, n: Notificacion) -> EmailMessage:
        texto, html = self._cuerpos(n)
        mensaje = EmailMessage()
        mensaje["Subject"] = n.asunto
        mensaje["From"] = self.remitente
        mensaje["To"] = n.destinatario
        mensaje["Date"] = format_datetime(n.creada_en)
        mensaje["Message-ID"] = id_mensaje(n, self.remitente)
        mensaje["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to a no-reply sender
        mensaje.set_content(texto)
        mensaje.add_alternative(html, subtype="html")
        mensaje["Content-Language"] = "es-CO"  # after the parts: set_content moves Content-* headers into them
        return mensaje

    def _cuerpos(self, n: Notificacion) -> tuple[str, str]:
        env = entorno()
        nombre = n.tipo.value if n.tipo else "libre"
        contexto = {**self._extras(n), **n.datos, "asunto": n.asunto, "cuerpo": n.cuerpo}
        try:
            texto, html = env.get_template(f"{nombre}.txt"), env.get_template(f"{nombre}.html")
            return texto.render(contexto), html.render(contexto)
        except (TemplateNotFound, UndefinedError):
            # Data the template does not expect (a row written by another version): the plain text still goes out.
            log.warning("notificación %s: sin plantilla utilizable para «%s»; se envía el texto simple", n.id, nombre)
        return env.get_template("libre.txt").render(contexto), env.get_template("libre.html").render(contexto)

    def _extras(self, n: Notificacion) -> dict[str, Any]:
        base = self.url_publica.rstrip("/")
        extras: dict[str, Any] = {"url_verificacion": f"{base}/verificar", "enlace": None, "enlace_vence": None}
        if n.tipo is TipoNotificacion.APROBADA and n.solicitud_id is not None:
            vence = fecha_en_colombia(n.creada_en) + timedelta(days=self.dias_enlace)
            extras["enlace"] = enlace_descarga(base, self.secreto, n.solicitud_id, vence)
            extras["enlace_vence"] = vence.isoformat()
        return extras
