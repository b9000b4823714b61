"""The ``InspectorArchivos`` port: uploads parsed whole, by maintained libraries (docs/archivos.md).

PDF goes to qpdf (inspeccion_pdf.py); PNG and JPEG to Pillow, after two checks of our own that Pillow does not
make: the pixel count is read from the header and refused *before* anything is decoded, and the bytes must end
where the image ends (Pillow stops reading at IEND / EOI and ignores whatever follows, e.g. an HTML page).
"""

from __future__ import annotations

import io
import re
import warnings
from typing import NamedTuple

from PIL import Image

from domain.errores import ArchivoInvalido
from domain.puertos import InspectorArchivos
from persistence.inspeccion_pdf import inspeccionar_pdf

MAX_PIXELES_POR_DEFECTO = 40_000_000
"""40 megapixels: an A4 page scanned at 600 dpi (35 MP) or a 40 MP phone photo fits; decoding one costs at most
~160 MB of memory (RGBA). See docs/archivos.md."""

# Markup a browser would run if it were ever sniffed as a page. Long, specific markers only: a short one such as
# "<svg" would turn up by chance in a few percent of 10 MB compressed files.
_MARCADO = re.compile(rb"<(?:script|iframe|!doctype\s+html|html[\s>])", re.IGNORECASE)
# End of a ZIP's central directory: lenient unzip tools look for it in the last 64 KiB of any file.
_FIN_ZIP = b"PK\x05\x06"
_COLA_ZIP = 65_535 + 22
_FORMATOS = {"image/png": frozenset({"PNG"}), "image/jpeg": frozenset({"JPEG", "MPO"})}
_NOMBRE_FORMATO = {"image/png": "PNG", "image/jpeg": "JPG"}
_REHAGALA = "Guárdela de nuevo o tome la foto otra vez."


class InspectorContenido:
    """Implements ``domain.puertos.InspectorArchivos`` with pikepdf and Pillow."""

    def __init__(self, max_pixeles: int = MAX_PIXELES_POR_DEFECTO) -> None:
        self.max_pixeles = max_pixeles

    def inspeccionar(self, nombre: str, tipo_medio: str, contenido: bytes) -> None:
        _sin_otro_formato(nombre, contenido)
        if tipo_medio == "application/pdf":
            inspeccionar_pdf(nombre, contenido)
        elif tipo_medio in _FORMATOS:
            self._imagen(nombre, tipo_medio, contenido)
        else:  # the domain only asks for the types it accepts: anything else is a programming error
            raise ValueError(f"tipo de archivo sin inspección: {tipo_medio}")

    def _imagen(self, nombre: str, tipo_medio: str, contenido: bytes) -> None:
        forma = _estructura_png(contenido) if tipo_medio == "image/png" else _estructura_jpeg(contenido)
        if forma.fin is not None and forma.fin < len(contenido):
            raise ArchivoInvalido(
                f"La imagen «{nombre}» tiene datos ocultos después del final de la imagen; por seguridad no se "
                f"acepta. {_REHAGALA}",
                campo="contenido",
            )
        # Pixels are counted from the header, before anything is decoded: a bomb is refused at no cost.
        if forma.ancho * forma.alto > self.max_pixeles:
            raise self._demasiados_pixeles(nombre, forma.ancho, forma.alto)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                tamano = _decodificar(contenido, _FORMATOS[tipo_medio])
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise self._demasiados_pixeles(nombre, forma.ancho, forma.alto) from None  # Pillow's limit is lower
        except Exception:  # Pillow raises many kinds (OSError, SyntaxError, ValueError…): all mean "unreadable"
            tamano = (0, 0)
        # Pillow must see the very image the header walk saw, whole.
        if forma.fin is None or tamano != (forma.ancho, forma.alto) or 0 in tamano:
            raise ArchivoInvalido(
                f"La imagen «{nombre}» está dañada o no es un {_NOMBRE_FORMATO[tipo_medio]} completo. {_REHAGALA}",
                campo="contenido",
            )

    def _demasiados_pixeles(self, nombre: str, ancho: int, alto: int) -> ArchivoInvalido:
        return ArchivoInvalido(
            f"La imagen «{nombre}» mide {_miles(ancho)} × {_miles(alto)} píxeles; el máximo es "
            f"{_decimal(self.max_pixeles / 1_000_000)} megapíxeles. Redúzcala o escanee con menor resolución.",
            campo="contenido",
        )


def _decodificar(contenido: bytes, formatos: frozenset[str]) -> tuple[int, int]:
    """(width, height) after checking the structure and decoding every pixel; raises if anything is wrong."""
    with Image.open(io.BytesIO(contenido), formats=sorted(formatos)) as imagen:
        if imagen.format not in formatos:
            raise ValueError(imagen.format)
        imagen.verify()  # chunk checksums (PNG), structure
    with Image.open(io.BytesIO(contenido), formats=sorted(formatos)) as imagen:
        imagen.load()  # every pixel: a truncated or corrupt stream fails here
        return imagen.size


def _sin_otro_formato(nombre: str, contenido: bytes) -> None:
    if _MARCADO.search(contenido) or _FIN_ZIP in contenido[-_COLA_ZIP:]:
        raise ArchivoInvalido(
            f"El archivo «{nombre}» esconde otro tipo de archivo (una página web o un ZIP); por seguridad no se "
            "acepta. Genérelo de nuevo: imprímalo a PDF, escanéelo o tome la foto otra vez.",
            campo="contenido",
        )


class _Forma(NamedTuple):
    fin: int | None
    """Offset just after the image's last byte; None if the image never ends."""
    ancho: int
    alto: int


def _estructura_png(datos: bytes) -> _Forma:
    """Size from IHDR (always the first chunk), end after IEND, walking the chunks by their lengths."""
    ancho, alto = (int.from_bytes(datos[16:20], "big"), int.from_bytes(datos[20:24], "big"))
    if datos[12:16] != b"IHDR":
        ancho = alto = 0
    i = 8
    while i + 12 <= len(datos):
        largo = int.from_bytes(datos[i:i + 4], "big")
        tipo = datos[i + 4:i + 8]
        i += 12 + largo
        if tipo == b"IEND":
            return _Forma(i if i <= len(datos) else None, ancho, alto)
    return _Forma(None, ancho, alto)


def _estructura_jpeg(datos: bytes) -> _Forma:
    """Size and end of the image. Phone photos with a Multi-Picture index (MPF: Ultra HDR gain maps, MPO) carry
    further complete JPEGs after the first EOI: those belong to the photo, and nothing else may follow them."""
    forma, con_mpf = _jpeg(datos, 0)
    fin = forma.fin
    while fin is not None and con_mpf and datos.startswith(b"\xff\xd8\xff", fin):
        fin = _jpeg(datos, fin)[0].fin
    return forma._replace(fin=fin)


_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}  # start-of-frame markers (DHT, JPG, DAC are not)


def _jpeg(datos: bytes, inicio: int) -> tuple[_Forma, bool]:
    """The JPEG starting at ``inicio``, walked marker by marker; and whether an APP2 "MPF" segment was seen."""
    i, n, con_mpf, ancho, alto = inicio + 2, len(datos), False, 0, 0
    while i < n and datos[i] == 0xFF:
        while i < n and datos[i] == 0xFF:  # fill bytes
            i += 1
        marcador = datos[i] if i < n else 0
        i += 1
        if marcador == 0xD9:
            return _Forma(i, ancho, alto), con_mpf
        if 0xD0 <= marcador <= 0xD7 or marcador == 0x01:  # markers without a length
            continue
        largo = int.from_bytes(datos[i:i + 2], "big")
        if largo < 2:
            break
        if marcador in _SOF and ancho == 0:
            alto, ancho = int.from_bytes(datos[i + 3:i + 5], "big"), int.from_bytes(datos[i + 5:i + 7], "big")
        con_mpf = con_mpf or (marcador == 0xE2 and datos[i + 2:i + 6] == b"MPF\x00")
        i += largo
        if marcador == 0xDA:
            i = _fin_entropia(datos, i)
    return _Forma(None, ancho, alto), con_mpf


def _fin_entropia(datos: bytes, i: int) -> int:
    """Skip entropy-coded data: it ends at the first 0xFF that is not a stuffed 0xFF00 nor a restart marker."""
    while True:
        j = datos.find(b"\xff", i)
        if j < 0 or j + 1 >= len(datos):
            return len(datos)
        siguiente = datos[j + 1]
        if siguiente == 0x00 or 0xD0 <= siguiente <= 0xD7:
            i = j + 2
        elif siguiente == 0xFF:
            i = j + 1
        else:
            return j


def _miles(n: int) -> str:
    return f"{n:,}".replace(",", ".")  # es_CO: 30.000


def _decimal(x: float) -> str:
    return f"{x:g}".replace(".", ",")  # es_CO: 0,5


def _conformidad() -> InspectorArchivos:
    """Never called: makes mypy prove that the class satisfies the domain's port."""
    return InspectorContenido()
