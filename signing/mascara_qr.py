"""Fast, bit-for-bit identical replacement for segno's QR mask selection.

segno (pure Python) spends ~80 % of an encode choosing among the 8 data masks: it applies each mask and scores
it (ISO/IEC 18004:2015 §7.8.3, penalties N1-N4) module by module. Here the whole matrix is one Python integer
(one bit per module, row-major), so masking is one XOR and N1, N2 and N4 are a handful of shifts, ANDs and
popcounts; N3 keeps segno's own scan over byte strings so its exact counting rules are preserved. A 69x69 code
goes from ~15 ms to ~4 ms. The chosen mask and matrix are identical to segno's (checked on install and by tests),
so scanners see exactly the symbol segno would have produced.

``instalar()`` replaces ``segno.encoder.find_and_apply_best_mask``. It only does so for the segno versions it
was written against, and only if a self-check on sample symbols agrees with the original.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import segno
from segno import encoder as _codificador

_log = logging.getLogger(__name__)

_VERSIONES_PROBADAS = ("1.6.",)
_A_TEXTO = bytes.maketrans(b"\x00\x01", b"01")
_DE_TEXTO = bytes.maketrans(b"01", b"\x00\x01")
_PATRON_N3 = bytes((1, 0, 1, 1, 1, 0, 1))
_CLARO4 = b"\x00\x00\x00\x00"
_ANCHO_MINIMO_QR = 21  # below this it is a Micro QR, which segno scores differently

# Captured at import, before any replacement, so the fallback can never call itself.
_SEGNO_ORIGINAL: Callable[..., Any] = _codificador.find_and_apply_best_mask
_instalado = False
_candado = threading.Lock()


def instalar() -> bool:
    """Install the fast path once; return whether it is active."""
    global _instalado
    with _candado:
        if _instalado:
            return True
        if not segno.__version__.startswith(_VERSIONES_PROBADAS):
            _log.info("segno %s no probado: se conserva la selección de máscara original", segno.__version__)
            return False
        if not _coincide_con_segno():
            _log.warning("la selección rápida de máscara no coincide con segno; se conserva la original")
            return False
        _codificador.find_and_apply_best_mask = elegir_mascara
        _instalado = True
        return True


def elegir_mascara(
    matriz: Sequence[bytearray], ancho: int, alto: int, mascara_propuesta: int | None = None
) -> tuple[int, tuple[bytearray, ...]]:
    """Same contract as ``segno.encoder.find_and_apply_best_mask``."""
    modulos = b"".join(matriz)
    # Anything but a square QR with only light/dark modules (Micro QR, a proposed mask, a segno change that left
    # other marker values in the matrix) goes to segno's own code.
    if mascara_propuesta is not None or ancho != alto or ancho < _ANCHO_MINIMO_QR or modulos.translate(None, b"\0\1"):
        return _SEGNO_ORIGINAL(matriz, ancho, alto, mascara_propuesta)  # type: ignore[no-any-return]
    mascaras, fuera_col0, fuera_fila0 = _geometria(ancho)
    total = ancho * ancho
    base = _a_entero(modulos)
    mejor: tuple[int, int, list[bytes]] | None = None
    for numero, mascara in enumerate(mascaras):
        bits = base ^ mascara
        plano = format(bits, f"0{total}b").encode("ascii").translate(_DE_TEXTO)
        filas = [plano[i : i + ancho] for i in range(0, total, ancho)]
        puntaje = _penalizacion(bits, filas, ancho, fuera_col0, fuera_fila0)
        if mejor is None or puntaje < mejor[0]:
            mejor = (puntaje, numero, filas)
    assert mejor is not None
    return mejor[1], tuple(bytearray(f) for f in mejor[2])


def _penalizacion(bits: int, filas: list[bytes], ancho: int, fuera_col0: int, fuera_fila0: int) -> int:
    # iguales_h: module equals its left neighbour; iguales_v: module equals the one above.
    iguales_h = ~(bits ^ (bits >> 1)) & fuera_col0
    iguales_v = ~(bits ^ (bits >> ancho)) & fuera_fila0
    # N1: a run of L >= 5 equal modules scores L-2. It holds L-1 consecutive equalities, so the "4 in a row"
    # mask below has L-4 bits set for it, plus one block end: (L-4) + 2 * 1 = L-2.
    tramos_h = iguales_h & (iguales_h >> 1) & (iguales_h >> 2) & (iguales_h >> 3)
    tramos_v = iguales_v & (iguales_v >> ancho) & (iguales_v >> 2 * ancho) & (iguales_v >> 3 * ancho)
    n1 = (
        tramos_h.bit_count() + 2 * (tramos_h & ~(tramos_h >> 1)).bit_count()
        + tramos_v.bit_count() + 2 * (tramos_v & ~(tramos_v >> ancho)).bit_count()
    )
    # N2: 2x2 blocks of one colour, counted at their lower-right module.
    n2 = 3 * (iguales_h & (iguales_h >> ancho) & iguales_v).bit_count()
    columnas = [bytes(c) for c in zip(*filas, strict=True)]
    n3 = _n3(_CLARO4 + _CLARO4.join(filas) + _CLARO4 + _CLARO4.join(columnas) + _CLARO4)
    porcentaje = bits.bit_count() / (ancho * ancho) * 100
    n4 = 10 * int(abs(porcentaje - 50) / 5)
    return n1 + n2 + n3 + n4


def _n3(secuencias: bytes) -> int:
    # segno's finder-like pattern scan; rows and columns are joined with four light modules, which is exactly
    # how segno treats the symbol's edges (it counts a pattern touching an edge).
    puntaje = 0
    indice = secuencias.find(_PATRON_N3)
    while indice != -1:
        if secuencias[indice - 4 : indice] == _CLARO4 or secuencias[indice + 7 : indice + 11] == _CLARO4:
            puntaje += 40
            indice = secuencias.find(_PATRON_N3, indice + 7)
        else:
            indice = secuencias.find(_PATRON_N3, indice + 4)
    return puntaje


@lru_cache(maxsize=48)
def _geometria(ancho: int) -> tuple[tuple[int, ...], int, int]:
    """Per size: the 8 masks restricted to the encoding region, and the row/column-0 exclusion masks."""
    funcion = _codificador.make_matrix(ancho, ancho)
    _codificador.add_finder_patterns(funcion, ancho, ancho)
    _codificador.add_alignment_patterns(funcion, ancho, ancho)
    funcion[-8][8] = 0x1  # the dark module, as segno marks it
    celdas = [(i, j) for i in range(ancho) for j in range(ancho)]
    mascaras = tuple(
        _a_entero(bytes(1 if funcion[i][j] > 0x1 and patron(i, j) else 0 for i, j in celdas))
        for patron in _codificador.get_data_mask_functions(False)
    )
    fuera_col0 = _a_entero(bytes(1 if j else 0 for _, j in celdas))
    fuera_fila0 = _a_entero(bytes(1 if i else 0 for i, _ in celdas))
    return mascaras, fuera_col0, fuera_fila0


def _a_entero(modulos: bytes) -> int:
    return int(modulos.translate(_A_TEXTO), 2)


def _coincide_con_segno() -> bool:
    """Compare with segno's own choice on symbols of three sizes (tens of ms, once per process)."""
    for repeticiones in (1, 4, 9):
        texto = "HTTPS://EJEMPLO.GOV.CO/V/1/" + "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZPI" * repeticiones
        esperado = segno.make(texto, error="m", boost_error=False)
        # Another thread encoding meanwhile gets the same symbol either way (or, if this check fails, an
        # equally valid symbol with another mask), so a brief swap is harmless.
        _codificador.find_and_apply_best_mask = elegir_mascara
        try:
            obtenido = segno.make(texto, error="m", boost_error=False)
        finally:
            _codificador.find_and_apply_best_mask = _SEGNO_ORIGINAL
        if (obtenido.mask, obtenido.matrix) != (esperado.mask, esperado.matrix):
            return False
    return True
