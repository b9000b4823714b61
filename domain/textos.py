"""Text that people and partner systems send: its maximum lengths and its hygiene, in one place.

These lengths are the database's: ``persistence/tablas*.py`` builds its ``String(n)`` columns from them, so an input
the domain accepts always fits its column, on SQLite (which would store anything) exactly as on PostgreSQL (which
would fail). Control characters are refused everywhere: PostgreSQL cannot store a NUL in a text column, and the
others (escape sequences, bidirectional overrides aside) have no place in a name, a code or an address.
"""

from __future__ import annotations

import re

from domain.errores import DatoInvalido

CODIGO = 60
"""Codes: trámite, requisito, subtipo, entidad, radicado, certificate numbers, nacionalidad's column."""
NOMBRE = 200
"""Names: nombres, apellidos, municipio, file names, officials and entidades."""
SHA256 = 64
TIPO_IDENTIFICACION = 8
NUMERO_IDENTIFICACION = 20
SEXO = 20
CORREO = 320
"""RFC 5321: 64 for the local part, 255 for the domain, and the @."""
TELEFONO = 40
DIRECCION = 300
"""Stored as Text: the limit is the domain's alone (a Colombian address with its complements fits easily)."""
MOTIVO = 500
"""Motivos of revocation and rejection: the signed revocation list carries them (docs/lista-revocados.md)."""

# C0 and C1 controls, DEL, and UTF-16 surrogates (JSON can carry a lone "\ud800", which no database can encode).
_PROHIBIDOS = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# Free text (motivos) may keep its line breaks and tabs.
_PROHIBIDOS_MULTILINEA = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def tiene_controles(valor: str, *, multilinea: bool = False) -> bool:
    """True if ``valor`` carries a character no text field accepts (see the module's docstring)."""
    return (_PROHIBIDOS_MULTILINEA if multilinea else _PROHIBIDOS).search(valor) is not None


def muestra(valor: str, largo: int = 20) -> str:
    """``valor`` fit to quote in a message: control characters shown as �, cut at ``largo`` characters."""
    visible = _PROHIBIDOS.sub("\ufffd", valor)
    return visible if len(visible) <= largo else visible[: largo - 1] + "…"


def texto(valor: str, campo: str, maximo: int, *, nombre: str | None = None, multilinea: bool = False) -> str:
    """``valor`` without surrounding spaces, or ``DatoInvalido`` naming the field (``nombre`` is how a person calls
    it) when it is longer than ``maximo`` or carries control characters."""
    etiqueta = nombre or campo
    if tiene_controles(valor, multilinea=multilinea):
        raise DatoInvalido(f"El campo «{etiqueta}» contiene caracteres de control o no imprimibles; escríbalo "
                           "sin ellos.", campo=campo)
    limpio = valor.strip()
    if len(limpio) > maximo:
        raise DatoInvalido(f"El campo «{etiqueta}» admite máximo {maximo} caracteres (tiene {len(limpio)}).",
                           campo=campo)
    return limpio


def texto_opcional(valor: str | None, campo: str, maximo: int, *, nombre: str | None = None) -> str | None:
    """Like ``texto``; ``None`` (an optional field left empty) stays ``None``."""
    return None if valor is None else texto(valor, campo, maximo, nombre=nombre)
