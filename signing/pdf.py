"""One-page A4 certificate drawn with fpdf2, laid out like a document its authority issues.

Top to bottom: a vector seal, «REPÚBLICA DE COLOMBIA» and the entidad, the title and the document number, the body
(which opens with «La Secretaría … certifica que …»), the holder's data in a framed panel, the signature block (the
official who approved it, with her cargo, and the holder of the digital signature), and the «Cómo verificar» box
with the QR. The shared pieces are ``signing/diseno_pdf.py``'s.

The QR goes in as a raster image (not vector paths) so that it can be extracted and decoded as it is: fpdf2 stores
the 1-bit PNG as a CCITT Group 4 image (docs/firma.md §7 says so, a test checks it); it is the page's only image.
Body text is wrapped by ``diseno_pdf.partir``, word by word, rather than by ``multi_cell``: fpdf2 re-measures
growing fragments character by character, which made line breaking the slowest part of a page.

Only one face is embedded (DejaVu Sans, see ``fuentes.py``); bold is synthesised by stroking the glyph outline,
the way word processors do for faces without a bold file. Embedding DejaVu Sans Bold as well would cost ~7 ms
per page, a fifth of the issuance budget.
"""

from __future__ import annotations

from collections.abc import Sequence

from domain.documentos import CertificadoAEmitir, Suscriptor
from domain.errores import DatoInvalido
from domain.fechas import fecha_larga
from domain.valores import identificacion_legible
from signing.diseno_pdf import (
    AZUL_INSTITUCIONAL,
    TRAZO_NEGRITA,
    Lienzo,
    alto_caja_verificacion,
    bloque_firmas,
    caja_verificacion,
    encabezado,
    partir,
    pasos_verificacion,
    sello,
)
from signing.fuentes import FuentesDejaVu, fuentes_dejavu

__all__ = ["TRAZO_NEGRITA", "CertificadoDemasiadoLargo", "PaginaA4", "RenderizadorPdf", "fecha_larga", "partir"]

ANCHO_PAGINA = 210.0
ALTO_PAGINA = 297.0
MARGEN = 20.0
ANCHO_TEXTO = ANCHO_PAGINA - 2 * MARGEN
LADO_QR = 34.0
RADIO_SELLO = 10.0
ALTO_FIRMAS = 26.0
"""Room the signature block takes above the verification box (line, label, name, cargo, entidad, law)."""
ESPACIO_FIRMA = 14.0
"""Blank space above the signature lines, where a printed copy is stamped or countersigned."""
LEY_FIRMA = ("Documento firmado digitalmente (Ley 527 de 1999, arts. 7 y 28): la firma digital tiene la validez de "
             "la firma manuscrita.")


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


class PaginaA4(Lienzo):
    """One A4 page and the layout every certificate shares (also ``certificacion_pdf.py``)."""

    def __init__(self, fuentes: FuentesDejaVu | None) -> None:
        super().__init__(fuentes, "A4", margen=MARGEN)
        self.espacio_firma = ESPACIO_FIRMA  # a denser layout (the certificación) may give up some of it

    def metadatos(self, c: CertificadoAEmitir) -> None:
        self.pdf.set_title(self.limpiar(f"{c.titulo} {c.numero}"))
        self.pdf.set_author(self.limpiar(c.entidad_nombre))
        self.pdf.set_subject(self.limpiar(c.titulo))
        self.pdf.set_creator("Ventanilla")
        self.pdf.set_lang("es-CO")

    def encabezado(self, c: CertificadoAEmitir) -> None:
        """Seal, country and entidad, then the title and the document number (never an internal id)."""
        sello(self, ANCHO_PAGINA / 2, MARGEN + RADIO_SELLO - 6, RADIO_SELLO, c.entidad_nombre)
        y = encabezado(self, MARGEN, MARGEN + 2 * RADIO_SELLO - 4, ANCHO_TEXTO, c.entidad_nombre, 13)
        self.pdf.set_xy(MARGEN, y + 5)
        self.tamano(16)
        self.parrafo(c.titulo.upper(), 8, centrado=True, negrita=True)
        self.tamano(10.5)
        self.parrafo(f"No. {c.numero}", 6, centrado=True, negrita=True)
        self.pdf.ln(5)

    def cuerpo(self, c: CertificadoAEmitir) -> None:
        self.tamano(11)
        for texto in c.cuerpo:
            self.parrafo(texto, 6)
            self.pdf.ln(2.5)
        self.pdf.ln(2)
        vigencia = fecha_larga(c.vigente_hasta) if c.vigente_hasta else "sin fecha de vencimiento"
        self.panel_datos([
            ("Titular", c.titular_nombre),
            ("Identificación", identificacion_legible(c.titular_identificacion)),
            ("Número del documento", c.numero),
            ("Fecha de expedición", fecha_larga(c.fecha_expedicion)),
            ("Vigente hasta", vigencia),
        ])
        self.verificar_que_cabe(c)

    def panel_datos(self, datos: Sequence[tuple[str, str]]) -> None:
        """The data rows framed, with an accent bar on the left (drawn after the rows: strokes only)."""
        arriba = self.pdf.get_y()
        self.pdf.ln(2)
        for etiqueta, valor in datos:
            self.dato(etiqueta, valor, sangria=5)
        abajo = self.pdf.get_y() + 2
        with self.pdf.local_context(draw_color=(170, 178, 190), line_width=0.25):
            self.pdf.rect(MARGEN, arriba, ANCHO_TEXTO, abajo - arriba, round_corners=True, corner_radius=1.5)
        with self.pdf.local_context(draw_color=AZUL_INSTITUCIONAL, line_width=1.2):
            self.pdf.line(MARGEN + 1.2, arriba + 1.5, MARGEN + 1.2, abajo - 1.5)
        self.pdf.set_y(abajo + 3)

    def arriba_del_pie(self, c: CertificadoAEmitir, notas: tuple[str, ...] = ()) -> float:
        """Where the last firm line of text may end: above the signature block's room and the verification box,
        which is anchored to the bottom margin (its height measured with a long address)."""
        pasos = [*pasos_verificacion("x" * 40, c.numero, c.firma_digital), *notas]
        return ALTO_PAGINA - MARGEN - alto_caja_verificacion(self, ANCHO_TEXTO, 8.5, LADO_QR, pasos) - ALTO_FIRMAS

    def verificar_que_cabe(self, c: CertificadoAEmitir, que: str = "del certificado",
                           notas: tuple[str, ...] = ()) -> None:
        if self.pdf.get_y() + self.espacio_firma > self.arriba_del_pie(c, notas):
            # A certificate is one page and the footer (signatures, verification box) must stay clear.
            raise CertificadoDemasiadoLargo(f"El texto {que} no cabe en una página.")

    def pie(self, c: CertificadoAEmitir, qr_png: bytes, url: str, notas: tuple[str, ...] = ()) -> None:
        """Signature block after the text, the digital-signature law, then the «Cómo verificar» box with the QR
        (and ``notas`` as extra steps) at the bottom of the page."""
        y = self.pdf.get_y() + self.espacio_firma
        firmas: list[tuple[str, Suscriptor]] = []
        if c.aprobado_por is not None:
            firmas.append(("Aprobó", c.aprobado_por))
        firmas.append(("Firma digital", c.firma_digital or Suscriptor(c.entidad_nombre)))
        abajo = bloque_firmas(self, MARGEN, y, ANCHO_TEXTO, 9.5, firmas, c.entidad_nombre)
        self.pdf.set_xy(MARGEN, abajo + 1.5)
        self.texto(LEY_FIRMA, 7.5, 3.4, ANCHO_TEXTO, color=(90, 90, 90))
        pasos = [*pasos_verificacion(url, c.numero, c.firma_digital), *notas]
        alto = alto_caja_verificacion(self, ANCHO_TEXTO, 8.5, LADO_QR, pasos)
        caja_verificacion(self, MARGEN, ALTO_PAGINA - MARGEN - alto, ANCHO_TEXTO, 8.5, qr_png, LADO_QR, pasos)

    # -- helpers -----------------------------------------------------------------------------------------

    def tamano(self, puntos: float) -> None:
        self.pdf.set_font_size(puntos)

    def dato(self, etiqueta: str, valor: str, sangria: float = 0.0, ancho_total: float | None = None) -> None:
        """«Etiqueta: valor» from ``sangria`` mm into the text area, wrapping within ``ancho_total`` mm."""
        izquierda, alto = MARGEN + sangria, self.pdf.font_size_pt * 0.59
        self.pdf.set_x(izquierda)
        with self.negrita():
            rotulo = self.limpiar(f"{etiqueta}: ")
            ancho_rotulo = self.medidor()(rotulo) + 0.5
            self.pdf.cell(ancho_rotulo, alto, rotulo)
        ancho = (ancho_total if ancho_total is not None else ANCHO_TEXTO - 2 * sangria) - ancho_rotulo
        for renglon in partir(self.limpiar(valor), ancho, self.medidor()):
            self.pdf.set_x(izquierda + ancho_rotulo)  # continuation lines align with the value, not the label
            self.pdf.cell(ancho, alto, renglon, new_x="LMARGIN", new_y="NEXT")

    def parrafo(
        self, texto: str, alto: float, *, centrado: bool = False, ancho: float = ANCHO_TEXTO, negrita: bool = False
    ) -> None:
        with self.negrita(negrita):
            for renglon in partir(self.limpiar(texto), ancho, self.medidor()):
                self.pdf.cell(ancho, alto, renglon, align="C" if centrado else "L", new_x="LMARGIN", new_y="NEXT")
