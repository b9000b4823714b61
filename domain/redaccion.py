"""Small pieces of Spanish prose that several messages share: lists joined as people write them, citations."""

from __future__ import annotations

from collections.abc import Iterable


def enumerar(elementos: Iterable[str], conjuncion: str = "o") -> str:
    """«PDF», «PDF o PNG», «PDF, JPG o PNG»: a Spanish list, not a comma-separated dump."""
    lista = list(elementos)
    if len(lista) <= 1:
        return "".join(lista)
    return f"{', '.join(lista[:-1])} {conjuncion} {lista[-1]}"


def citar(mensaje: str, fuente: str) -> str:
    """«Falta el soporte: X (Guía …).»: the citation goes inside the sentence, before its closing period."""
    cuerpo = mensaje.rstrip().removesuffix(".")
    return f"{cuerpo} ({fuente})." if fuente else f"{cuerpo}."
