"""RFC 8949 §4.2.1 "core deterministic encoding", checked on the bytes as received.

A decoder forgets how a value was spelled: ``0x18 0x05`` and ``0x05`` are both 5, an indefinite-length array
decodes like a definite one. Re-encoding with cbor2 (``canonical=True``) would not do as a check either: it sorts
map keys length-first (RFC 8949 §4.2.3, the old RFC 7049 rule), not bytewise as §4.2.1 says. So this walks the
encoded item once and requires, for every data item:

- the argument in its shortest form (no ``0x18 0x05`` for 5, no 2-byte length for a 10-byte string);
- definite lengths only (no ``0x5f``/``0x7f``/``0x9f``/``0xbf`` … ``0xff``);
- map keys in strictly increasing bytewise order of their encodings (which also forbids repeated keys);
- floating-point values in the shortest of half, single and double precision that keeps the value;
- simple values 0-31 in one byte (``0xf8 0x14`` is not well-formed, RFC 8949 §3.3);
- exactly one item: nothing after it.

It does not decode values (cbor2 does, and checks UTF-8); it only says whether the bytes are the one deterministic
spelling. ``docs/firma.md`` §3 requires it of the whole COSE_Sign1, its protected header and its claims.
"""

from __future__ import annotations

import math
import struct

PROFUNDIDAD_MAXIMA = 16
"""Nesting the QR's structures never approach (COSE_Sign1 → claims → certificate map is 3)."""

_MINIMO = (24, 0x100, 0x10000, 0x1_0000_0000)
"""Smallest argument each of the additional-information values 24-27 may carry."""


class CBORNoDeterminista(ValueError):
    """The bytes are not one data item in deterministic encoding; Spanish message."""


def exigir_determinista(datos: bytes) -> None:
    """Raise ``CBORNoDeterminista`` unless ``datos`` is exactly one deterministically encoded data item."""
    if not datos:
        raise CBORNoDeterminista("no hay ningún elemento CBOR")
    if _elemento(datos, 0, 0) != len(datos):
        raise CBORNoDeterminista("hay bytes sobrantes después del elemento CBOR")


def _elemento(datos: bytes, i: int, profundidad: int) -> int:
    """Check the item starting at ``i``; return where it ends. Branches ordered by frequency (strings, ints)."""
    if profundidad > PROFUNDIDAD_MAXIMA:
        raise CBORNoDeterminista("anidamiento demasiado profundo")
    try:
        inicial = datos[i]
    except IndexError:
        raise CBORNoDeterminista("el elemento CBOR está truncado") from None
    tipo, argumento = inicial >> 5, inicial & 0x1F
    i += 1
    if argumento >= 24:
        info = argumento
        if info > 27:
            raise CBORNoDeterminista("longitud indefinida" if info == 31 else "byte inicial CBOR reservado")
        fin = i + (1 << (info - 24))
        if fin > len(datos):
            raise CBORNoDeterminista("el elemento CBOR está truncado")
        argumento = int.from_bytes(datos[i:fin], "big")
        i = fin
        if tipo == 7:
            _simple_o_flotante(info, argumento)
        elif argumento < _MINIMO[info - 24]:
            raise CBORNoDeterminista("un entero o una longitud no usa su forma más corta")
    if tipo == 2 or tipo == 3:
        i += argumento
        if i > len(datos):
            raise CBORNoDeterminista("el elemento CBOR está truncado")
        return i
    if tipo <= 1 or tipo == 7:
        return i
    if tipo == 4:
        for _ in range(argumento):
            i = _elemento(datos, i, profundidad + 1)
        return i
    if tipo == 5:
        return _mapa(datos, i, argumento, profundidad)
    return _elemento(datos, i, profundidad + 1)  # tipo 6: a tag and its content


def _mapa(datos: bytes, i: int, pares: int, profundidad: int) -> int:
    anterior = b""
    for _ in range(pares):
        inicio = i
        i = _elemento(datos, i, profundidad + 1)
        clave = datos[inicio:i]
        if clave <= anterior:  # b"" sorts before every key, so the first one always passes
            raise CBORNoDeterminista("las claves de un mapa no están en orden bytewise creciente (o se repiten)")
        anterior = clave
        i = _elemento(datos, i, profundidad + 1)
    return i


def _simple_o_flotante(info: int, argumento: int) -> None:
    if info == 24:
        if argumento < 32:
            raise CBORNoDeterminista("valor simple en dos bytes")
        return
    if info == 25:
        return  # half precision is always the shortest
    valor = struct.unpack(">f", argumento.to_bytes(4, "big"))[0] if info == 26 else (
        struct.unpack(">d", argumento.to_bytes(8, "big"))[0]
    )
    if _cabe(valor, ">e") or (info == 27 and _cabe(valor, ">f")):
        raise CBORNoDeterminista("un número de coma flotante no usa su forma más corta")


def _cabe(valor: float, formato: str) -> bool:
    if math.isnan(valor):
        return True  # deterministic NaN is the half-precision 0xf97e00
    try:
        return bool(struct.unpack(formato, struct.pack(formato, valor))[0] == valor)
    except (OverflowError, struct.error):
        return False
