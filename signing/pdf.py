"""One-page A4 certificate drawn with fpdf2: entidad header, title, number, body, holder, dates and the QR.

The QR goes in as a raster image (not vector paths) so that it can be extracted and decoded as it is: fpdf2 stores
the 1-bit PNG as a CCITT Group 4 image (docs/firma.md §7 says so, a test checks it). Body text is
wrapped here, word by word, rather than by ``multi_cell``: fpdf2 re-measures growing fragments character by
character, which made line breaking the slowest part of a page.

Only one face is embedded (DejaVu Sans, see ``fuentes.py``); bold is synthesised by stroking the glyph outline,
the way word processors do for faces without a bold file. Embedding DejaVu Sans Bold as well would cost ~7 ms
per page, a fifth of the issuance budget.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from fpdf import FPDF
from fpdf.enums import TextMode

from domain.documentos import CertificadoAEmitir
from domain.errores import DatoInvalido
from domain.fechas import fecha_larga
from signing.fuentes import FuentesDejaVu, fuentes_dejavu

ANCHO_PAGINA = 210.0
ALTO_PAGINA = 297.0
MARGEN = 20.0
ANCHO_TEXTO = ANCHO_PAGINA - 2 * MARGEN
LADO_QR = 35.0
# Stroke width per point of font size. fpdf2 (2.8) writes a text stroke width as is, in points, not scaled from
# mm like other widths; tests pin the emitted operator so a change in fpdf2 shows up.
TRAZO_NEGRITA = 0.045


class CertificadoDemasiadoLargo(DatoInvalido):
    codigo = "CERTIFICADO_DEMASIADO_LARGO"


class RenderizadorPdf:
    """Draws certificates; the font is prepared once, when the renderer is built. Thread-safe."""

    def __init__(self, fuentes: FuentesDejaVu | bool | None = True) -> None:
        # True: DejaVu if installed; None/False: core Helvetica; or an explicit FuentesDejaVu.
        self._fuentes = fuentes_dejavu() if fuentes is True else (fuentes or None)

    @property
    def incrusta_fuentes(self) -> bool:
        return self._fuentes is not None

    @property
    def fuentes(self) -> FuentesDejaVu | None:
        """The prepared face (None: core Helvetica), so other layouts issued alongside draw with the same one."""
        return self._fuentes

    def renderizar(self, certificado: CertificadoAEmitir, qr_png: bytes, url_verificacion: str) -> bytes:
        pagina = PaginaA4(self._fuentes)
        pagina.metadatos(certificado)
        pagina.encabezado(certificado)
        pagina.cuerpo(certificado)
        pagina.pie(certificado, qr_png, url_verificacion)
        return pagina.salida()


class PaginaA4:
    """One A4 page and the drawing helpers every certificate layout shares (also ``certificacion_pdf.py``)."""

    def __init__(self, fuentes: FuentesDejaVu | None) -> None:
        self.pdf = FPDF(orientation="P", unit="mm", format="A4")
        self.pdf.set_margins(MARGEN, MARGEN, MARGEN)
        self.pdf.set_auto_page_break(False)
        self.familia = "Helvetica"
        self.limpiar: Callable[[str], str] = _a_cp1252
        self.fuentes = fuentes
        if fuentes is not None:
            self.pdf.add_font(fuentes.familia, fname=fuentes.regular)
            # Subsetting leaves glyph outlines untouched, so their bounding boxes need not be recomputed; this
            # halves fpdf2's per-page font cost (fontTools otherwise re-expands every glyph on save).
            for fuente in self.pdf.fonts.values():
                tt = getattr(fuente, "ttfont", None)
                if tt is not None:
                    tt.recalcBBoxes = False
            self.familia = fuentes.familia
            self.limpiar = str
        self.pdf.set_font(self.familia, size=11)
        self.pdf.add_page()

    def metadatos(self, c: CertificadoAEmitir) -> None:
        self.pdf.set_title(self.limpiar(f"{c.titulo} {c.numero}"))
        self.pdf.set_author(self.limpiar(c.entidad_nombre))
        self.pdf.set_subject(self.limpiar(c.titulo))
        self.pdf.set_creator("Ventanilla")
        self.pdf.set_lang("es-CO")

    def encabezado(self, c: CertificadoAEmitir) -> None:
        self.tamano(9)
        self.parrafo("REPÚBLICA DE COLOMBIA", 5, centrado=True)
        self.tamano(13)
        self.parrafo(c.entidad_nombre.upper(), 6.5, centrado=True, negrita=True)
        y = self.pdf.get_y() + 2
        with self.pdf.local_context(draw_color=(120, 120, 120), line_width=0.3):
            self.pdf.line(MARGEN, y, ANCHO_PAGINA - MARGEN, y)
        self.pdf.ln(10)
        self.tamano(16)
        self.parrafo(c.titulo.upper(), 8, centrado=True, negrita=True)
        self.tamano(10)
        self.parrafo(f"No. {c.numero}", 6, centrado=True)
        self.pdf.ln(8)

    def cuerpo(self, c: CertificadoAEmitir) -> None:
        self.tamano(11)
        for texto in c.cuerpo:
            self.parrafo(texto, 6)
            self.pdf.ln(3)
        self.pdf.ln(4)
        vigencia = fecha_larga(c.vigente_hasta) if c.vigente_hasta else "sin fecha de vencimiento"
        self.dato("Titular", c.titular_nombre)
        self.dato("Identificación", c.titular_identificacion)
        self.dato("Fecha de expedición", fecha_larga(c.fecha_expedicion))
        self.dato("Vigente hasta", vigencia)
        if self.pdf.get_y() > ALTO_PAGINA - MARGEN - LADO_QR - 4:
            # A certificate is one page and the footer (QR, verification note) must stay clear.
            raise CertificadoDemasiadoLargo("El texto del certificado no cabe en una página.")

    def pie(self, c: CertificadoAEmitir, qr_png: bytes, url: str, notas: tuple[str, ...] = ()) -> None:
        """QR at the bottom left; beside it who signed, where to verify, any ``notas``, and the document id."""
        arriba = ALTO_PAGINA - MARGEN - LADO_QR
        self.pdf.image(io.BytesIO(qr_png), x=MARGEN, y=arriba, w=LADO_QR, h=LADO_QR)
        izquierda = MARGEN + LADO_QR + 6
        ancho = ANCHO_PAGINA - MARGEN - izquierda
        self.pdf.set_left_margin(izquierda)
        self.pdf.set_xy(izquierda, arriba + 3)
        self.tamano(9)
        self.parrafo(f"Documento firmado digitalmente por {c.entidad_nombre}.", 4.5, ancho=ancho, negrita=True)
        self.parrafo(f"Verifique este documento escaneando el código QR o en {url}", 4.5, ancho=ancho)
        for nota in notas:
            self.parrafo(nota, 4.5, ancho=ancho)
        self.pdf.ln(2)
        self.tamano(7.5)
        self.parrafo(f"Identificador del documento: {c.documento_id}", 4, ancho=ancho)

    def salida(self) -> bytes:
        return bytes(self.pdf.output())

    # -- helpers -----------------------------------------------------------------------------------------

    def tamano(self, puntos: float) -> None:
        self.pdf.set_font_size(puntos)

    def medidor(self) -> Callable[[str], float]:
        """Text width in mm at the current size; fpdf2's own measure copies its graphics state on every call."""
        fuentes = self.fuentes
        if fuentes is None:
            return self.pdf.get_string_width
        puntos, escala = self.pdf.font_size_pt, self.pdf.k
        return lambda texto: fuentes.medir(texto, puntos) / escala

    @contextmanager
    def negrita(self, activa: bool = True) -> Iterator[None]:
        if not activa:
            yield
        elif self.fuentes is not None:
            trazo = self.pdf.font_size_pt * TRAZO_NEGRITA
            with self.pdf.local_context(text_mode=TextMode.FILL_STROKE, line_width=trazo, draw_color=(0, 0, 0)):
                yield
        else:
            with self.pdf.local_context(font_style="B"):
                yield

    def dato(self, etiqueta: str, valor: str) -> None:
        with self.negrita():
            rotulo = self.limpiar(f"{etiqueta}: ")
            ancho_rotulo = self.medidor()(rotulo) + 0.5
            self.pdf.cell(ancho_rotulo, 6.5, rotulo)
        ancho = ANCHO_TEXTO - ancho_rotulo
        for renglon in partir(self.limpiar(valor), ancho, self.medidor()):
            self.pdf.set_x(MARGEN + ancho_rotulo)  # continuation lines align with the value, not the label
            self.pdf.cell(ancho, 6.5, renglon, new_x="LMARGIN", new_y="NEXT")

    def parrafo(
        self, texto: str, alto: float, *, centrado: bool = False, ancho: float = ANCHO_TEXTO, negrita: bool = False
    ) -> None:
        with self.negrita(negrita):
            for renglon in partir(self.limpiar(texto), ancho, self.medidor()):
                self.pdf.cell(ancho, alto, renglon, align="C" if centrado else "L", new_x="LMARGIN", new_y="NEXT")


def partir(texto: str, ancho: float, medir: Callable[[str], float]) -> list[str]:
    """Greedy word wrap; a word longer than the line is cut where it stops fitting."""
    espacio = medir(" ")
    renglones: list[str] = []
    actual: list[str] = []
    usado = 0.0
    for palabra in texto.split():
        largo = medir(palabra)
        if actual and usado + espacio + largo > ancho:
            renglones.append(" ".join(actual))
            actual, usado = [], 0.0
        while largo > ancho:
            corte = _corte(palabra, ancho, medir)
            renglones.append(palabra[:corte])
            palabra = palabra[corte:]
            largo = medir(palabra)
        usado = usado + espacio + largo if actual else largo
        actual.append(palabra)
    if actual:
        renglones.append(" ".join(actual))
    return renglones


def _corte(palabra: str, ancho: float, medir: Callable[[str], float]) -> int:
    corte = len(palabra) - 1
    while corte > 1 and medir(palabra[:corte]) > ancho:
        corte -= 1
    return corte


def _a_cp1252(texto: str) -> str:
    # Core PDF fonts only know WinAnsi (cp1252), which covers Spanish; anything else becomes '?'.
    return texto.encode("cp1252", "replace").decode("cp1252")
