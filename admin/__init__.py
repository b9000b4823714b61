"""HTML faces of Ventanilla: the officials' admin (HTMX + Jinja2) and the public certificate verification page."""

from admin.aplicacion import crear_admin
from admin.publico import no_encontrada_publica, rutas_publicas

__all__ = ["crear_admin", "no_encontrada_publica", "rutas_publicas"]
