"""Read the QR text that ``ventanilla verificar`` checks: from a PDF (its embedded images), a photo or screenshot
(zxing-cpp), a text file, standard input, or the text itself."""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any


class ErrorEntrada(ValueError):
    pass


def leer_qr(entrada: str) -> str:
    """The QR text from a PDF (its embedded images), a photo or screenshot, a text file, stdin or the text."""
    if entrada == "-":
        return sys.stdin.read().strip()
    ruta = Path(entrada)
    if _es_archivo(ruta):
        datos = ruta.read_bytes()
        if datos.startswith(b"%PDF"):
            return qr_de_pdf(datos)
        try:
            return _qr_de_imagen(datos)
        except _NoEsImagen:
            pass
        try:
            return datos.decode("ascii").strip()
        except UnicodeDecodeError:
            raise ErrorEntrada(f"{entrada}: no es un PDF, una imagen ni un texto") from None
    return entrada.strip()


def _es_archivo(ruta: Path) -> bool:
    try:
        return ruta.is_file()
    except (OSError, ValueError):  # e.g. a bare QR payload longer than a file name may be
        return False


class _NoEsImagen(Exception):
    pass


def qr_de_pdf(datos: bytes) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:
        raise ErrorEntrada("para leer PDF hace falta el paquete pypdf") from None
    textos: list[str] = []
    try:
        for pagina in PdfReader(io.BytesIO(datos)).pages:
            for imagen in pagina.images:
                textos.extend(_decodificar(imagen.image))
    except PdfReadError as exc:
        raise ErrorEntrada(f"PDF ilegible: {exc}") from None
    return _elegir(textos, "en las imágenes del PDF")


def _qr_de_imagen(datos: bytes) -> str:
    from PIL import Image, UnidentifiedImageError

    try:
        imagen = Image.open(io.BytesIO(datos))
        imagen.load()
    except (UnidentifiedImageError, OSError):
        raise _NoEsImagen from None
    return _elegir(_decodificar(imagen), "en la imagen")


def _decodificar(imagen: Any) -> list[str]:
    try:
        import zxingcpp
    except ImportError:
        raise ErrorEntrada("para leer imágenes hace falta el paquete zxing-cpp") from None
    # Only QR: on some payloads zxing also "finds" a short 1D code inside the QR's modules.
    solo_qr = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    return [r.text for r in zxingcpp.read_barcodes(imagen, formats=solo_qr) if r.text]


def _elegir(textos: Sequence[str], donde: str) -> str:
    if not textos:
        raise ErrorEntrada(f"no se encontró ningún código QR {donde}")
    nuestros = [t for t in textos if "/V/" in t.upper()]
    return (nuestros or list(textos))[0]
