"""DejaVu Sans for the certificates, trimmed once per process so that each PDF embeds it cheaply.

fpdf2 parses the TrueType file on every ``add_font`` and subsets it on every ``output``; with the full 750 KB
DejaVu that is ~80 ms per page. A one-time subset to the Latin scripts (under 400 glyphs, no hinting) cuts both
steps to a few ms while keeping every letter of Spanish and of most names in Colombian registries.
If Debian's ``fonts-dejavu-core`` is missing, ``fuentes_dejavu()`` returns None and callers use core Helvetica.
"""

from __future__ import annotations

import atexit
import logging
import shutil
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

_log = logging.getLogger(__name__)

CARPETA_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
ARCHIVO = "DejaVuSans.ttf"

# Basic Latin, Latin-1, Latin Extended-A (every European name in Latin script, bar Romanian comma letters and
# Vietnamese, which are added below or rare), punctuation, euro, № and the replacement mark. Parsing time grows
# with the glyph count, so this list is deliberately short.
_RANGOS = (
    (0x20, 0x7E), (0xA0, 0x17F), (0x218, 0x21B), (0x2010, 0x2027), (0x2030, 0x203A),
    (0x20AC, 0x20AC), (0x2116, 0x2116), (0xFFFD, 0xFFFD),
)
_TABLAS_DESCARTADAS = ["FFTM", "MATH", "kern", "GPOS", "GSUB", "GDEF", "hdmx", "LTSH", "VDMX"]


@dataclass(frozen=True)
class FuentesDejaVu:
    familia: str
    regular: Path
    """The trimmed TTF. Bold is synthesised (see ``pdf.py``): a second embedded face costs ~7 ms per page."""
    anchos: Mapping[str, int] = field(default_factory=dict)
    """Advance width per character in thousandths of an em, rounded as fpdf2 rounds them."""
    ancho_por_defecto: int = 0

    def medir(self, texto: str, puntos: float) -> float:
        """Width of ``texto`` in points at ``puntos`` size; a dict lookup per character, no fpdf2 state."""
        anchos, defecto = self.anchos, self.ancho_por_defecto
        return sum(anchos.get(c, defecto) for c in texto) * puntos / 1000


_candado = threading.Lock()
_cache: list[FuentesDejaVu | None] = []


def fuentes_dejavu(carpeta: Path = CARPETA_DEJAVU) -> FuentesDejaVu | None:
    """The trimmed fonts (built on first call), or None if they cannot be had."""
    with _candado:
        if not _cache:
            _cache.append(_preparar(carpeta))
        return _cache[0]


def _preparar(carpeta: Path) -> FuentesDejaVu | None:
    origen = carpeta / ARCHIVO
    if not origen.is_file():
        _log.warning("DejaVu Sans no está instalada en %s: se usará Helvetica (solo Latin-1)", carpeta)
        return None
    destino = Path(tempfile.mkdtemp(prefix="ventanilla-fuentes-"))
    atexit.register(shutil.rmtree, destino, ignore_errors=True)
    try:
        recortada = _recortar(origen, destino / ARCHIVO)
        anchos, defecto = _anchos(recortada)
        return FuentesDejaVu("DejaVu", recortada, anchos, defecto)
    except Exception:  # a broken font must not stop certificates from being issued
        _log.exception("no se pudo recortar DejaVu Sans: se usará Helvetica")
        return None


def _recortar(origen: Path, destino: Path) -> Path:
    opciones = subset.Options()
    opciones.layout_features = []
    opciones.hinting = False
    opciones.notdef_outline = True
    opciones.drop_tables += _TABLAS_DESCARTADAS
    fuente = TTFont(str(origen))
    recortador = subset.Subsetter(opciones)
    recortador.populate(unicodes=[c for inicio, fin in _RANGOS for c in range(inicio, fin + 1)])
    recortador.subset(fuente)
    fuente.save(str(destino))
    return destino


def _anchos(ruta: Path) -> tuple[dict[str, int], int]:
    fuente = TTFont(str(ruta))
    escala = 1000 / fuente["head"].unitsPerEm
    metricas = fuente["hmtx"].metrics

    def milesimas(glifo: str) -> int:
        return round(escala * metricas[glifo][0] + 0.001)

    anchos = {chr(codigo): milesimas(glifo) for codigo, glifo in fuente.getBestCmap().items()}
    return anchos, milesimas(".notdef")
