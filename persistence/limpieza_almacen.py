"""Orphan blobs: files of the store that no row references, left by transactions that failed or were killed
after storing their files (the store is written before the commit: solicitudes._guardar_archivos says why).

A blob is deleted only if no row references it *and* its mtime is older than the grace period. Every ``guardar``
refreshes the mtime, so a transaction in flight (seconds, not hours) always holds fresh blobs, even when its bytes
are those of an old orphan; ``AlmacenLocal.borrar_si_anterior`` closes the last race. Memory: the referenced set
and the listing hold ~200 bytes per blob (200 MB per million files).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Engine

from persistence.almacen import AlmacenLocal
from persistence.referencias_archivos import sha256_referenciados

GRACIA_POR_DEFECTO = timedelta(hours=24)


@dataclass
class ResultadoLimpieza:
    revisados: int = 0
    en_uso: int = 0
    recientes: int = 0
    """Unreferenced but younger than the grace period: maybe a transaction still running."""
    borrados: list[str] = field(default_factory=list)
    """The orphans deleted (or, when simulating, that would be)."""
    bytes_liberados: int = 0
    temporales: int = 0
    """Leftovers of interrupted writes (``.tmp-*``) deleted."""


def limpiar_almacen(
    motor: Engine,
    almacen: AlmacenLocal,
    *,
    gracia: timedelta = GRACIA_POR_DEFECTO,
    simular: bool = False,
    ahora: float | None = None,
    al_listar: Callable[[int], None] | None = None,
    al_revisar: Callable[[], None] | None = None,
) -> ResultadoLimpieza:
    """Delete the old orphans (only report them with ``simular``). ``al_listar(total)`` and ``al_revisar()`` feed
    a progress bar."""
    limite = (time.time() if ahora is None else ahora) - gracia.total_seconds()
    resultado = ResultadoLimpieza()
    if not simular:
        almacen.recuperar_apartados()
    blobs = list(almacen.listar())
    en_uso = sha256_referenciados(motor)  # after listing: a blob stored meanwhile is not even a candidate
    if al_listar is not None:
        al_listar(len(blobs))
    for sha256, mtime, tamano in blobs:
        resultado.revisados += 1
        if sha256 in en_uso:
            resultado.en_uso += 1
        elif mtime >= limite:
            resultado.recientes += 1
        elif simular or almacen.borrar_si_anterior(sha256, limite):
            resultado.borrados.append(sha256)
            resultado.bytes_liberados += tamano
        else:
            resultado.recientes += 1  # stored again since it was listed
        if al_revisar is not None:
            al_revisar()
    if not simular:
        resultado.temporales = almacen.borrar_temporales(limite)
    return resultado
