"""Keyset pages over GraphQL: one convention for every list a partner pages through.

Every paginated field takes ``first`` (1 to 100) and ``after`` (the previous page's ``endCursor``) and returns a
named union ``<X>Connection | ErrorValidacion | ErrorNoAutorizado`` (``solicitudes``, ``firmasRegistradas``,
``vehiculosDe``, ``licenciasDe``, ``Vehiculo.historia``…): a bad ``first`` or a forged cursor is an
``ErrorValidacion`` *as data* with ``campo`` = ``first`` / ``after``, never a top-level error that would wipe the
rest of ``data``. Cursors are opaque to partners: URL-safe base64 of a versioned prefix and the keyset values.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence

from api.tipos import InfoPagina
from domain.errores import DatoInvalido
from domain.textos import tiene_controles

TAMANO_MAXIMO = 100
CURSOR_INVALIDO = "El cursor «after» no es válido: use el `endCursor` de la página anterior."


def exigir_tamano(first: int, maximo: int = TAMANO_MAXIMO) -> None:
    if not 1 <= first <= maximo:
        raise DatoInvalido(f"«first» debe estar entre 1 y {maximo}.", campo="first")


def cifrar(prefijo: str, *valores: object) -> str:
    """``prefijo`` ends with ``|`` (e.g. ``vehiculos:v1|``); the values are joined by ``|``, the last may hold one."""
    texto = prefijo + "|".join(str(v) for v in valores)
    return base64.urlsafe_b64encode(texto.encode()).decode().rstrip("=")


def descifrar(prefijo: str, cursor: str, partes: int) -> list[str]:
    """The ``partes`` values of a cursor made by ``cifrar(prefijo, ...)``; anything else is ``DatoInvalido`` on
    ``after`` (a forged cursor's values go into a keyset query: no control characters either)."""
    try:
        texto = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not texto.startswith(prefijo):
            raise ValueError(texto)
        valores = texto.removeprefix(prefijo).split("|", partes - 1)
        if len(valores) != partes or any(tiene_controles(v) for v in valores):
            raise ValueError(texto)
        return valores
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise DatoInvalido(CURSOR_INVALIDO, campo="after") from None


def info_pagina(cursores: Sequence[str], hay_mas: bool, after: str | None) -> InfoPagina:
    return InfoPagina(has_next_page=hay_mas, has_previous_page=after is not None,
                      start_cursor=cursores[0] if cursores else None, end_cursor=cursores[-1] if cursores else None)
