"""Layout pieces every signed document shares, so that each one looks issued by its authority.

- ``Lienzo``: one fpdf2 page with signing's face (trimmed DejaVu, or core Helvetica), word-wrapped text and the
  synthesised bold (see ``pdf.py``); the A4 certificate page and the small contraseñas both draw on it.
- ``encabezado``: «REPÚBLICA DE COLOMBIA», the entidad's name and a double rule.
- ``sello``: a round seal drawn from vector shapes only (circles, a ring of dots, a star, the entidad's initials):
  no external asset, nothing to fetch, and a copier cannot lift it as an image.
- ``bloque_firmas``: who approved the document (name, cargo) and who holds the digital signature.
- ``caja_verificacion``: the «Cómo verificar» box, with the QR inside and the steps a citizen can follow.

Sizes are in points and millimetres given by the caller, so an A4 page and an 8 × 16 cm receipt use the same
pieces. Nothing here prints an internal identifier: documents are named by their number.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from fpdf import FPDF
from fpdf.enums import TextMode

from domain.documentos import Suscriptor
from signing.fuentes import FuentesDejaVu

# Stroke width per point of font size. fpdf2 (2.8) writes a text stroke width as is, in points, not scaled from
# mm like other widths; tests pin the emitted operator so a change in fpdf2 shows up.
TRAZO_NEGRITA = 0.045
AZUL_INSTITUCIONAL = (0, 56, 118)
GRIS = (90, 90, 90)
GRIS_CLARO = (244, 245, 247)
Color = tuple[int, int, int]


class Lienzo:
    """One page and its drawing helpers. ``formato``: "A4" or (width, height) in mm."""

    def __init__(self, fuentes: FuentesDejaVu | None, formato: str | tuple[float, float], orientacion: str = "P",
                 margen: float = 0.0) -> None:
        self.pdf = FPDF(orientation=orientacion, unit="mm", format=formato)
        self.pdf.set_margins(margen, margen, margen)
        self.pdf.set_auto_page_break(False)
        self.fuentes = fuentes
        self.familia = "Helvetica"
        self.limpiar: Callable[[str], str] = a_cp1252
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
            # The outline is stroked in the text's own colour (a green title stays green).
            trazo, color = self.pdf.font_size_pt * TRAZO_NEGRITA, getattr(self.pdf.text_color, "colors255", (0, 0, 0))
            with self.pdf.local_context(text_mode=TextMode.FILL_STROKE, line_width=trazo, draw_color=color):
                yield
        else:
            with self.pdf.local_context(font_style="B"):
                yield

    def texto(self, texto: str, puntos: float, alto: float, ancho: float, *, centrado: bool = False,
              negrita: bool = False, color: Color = (0, 0, 0)) -> None:
        """Wrapped lines from the current position; each line starts at the same x."""
        self.pdf.set_font_size(puntos)
        x = self.pdf.get_x()
        with self.pdf.local_context(text_color=color), self.negrita(negrita):
            for renglon in partir(self.limpiar(texto), ancho, self.medidor()):
                self.pdf.set_x(x)
                self.pdf.cell(ancho, alto, renglon, align="C" if centrado else "L", new_x="LEFT", new_y="NEXT")

    def linea(self, x1: float, y: float, x2: float, color: Color = (120, 120, 120), grosor: float = 0.3) -> None:
        with self.pdf.local_context(draw_color=color, line_width=grosor):
            self.pdf.line(x1, y, x2, y)

    def salida(self) -> bytes:
        return bytes(self.pdf.output())


def encabezado(lienzo: Lienzo, x: float, y: float, ancho: float, entidad_nombre: str, puntos: float) -> float:
    """Country line, entidad in capitals, double rule; returns the y below it."""
    lienzo.pdf.set_xy(x, y)
    lienzo.texto("REPÚBLICA DE COLOMBIA", puntos * 0.7, puntos * 0.38, ancho, centrado=True, color=GRIS)
    lienzo.texto(entidad_nombre.upper(), puntos, puntos * 0.48, ancho, centrado=True, negrita=True,
                 color=AZUL_INSTITUCIONAL)
    abajo = lienzo.pdf.get_y() + puntos * 0.12
    lienzo.linea(x, abajo, x + ancho, AZUL_INSTITUCIONAL, puntos * 0.05)
    lienzo.linea(x, abajo + puntos * 0.09, x + ancho, AZUL_INSTITUCIONAL, puntos * 0.015)
    return abajo + puntos * 0.2


def sigla(entidad_nombre: str) -> str:
    """«Secretaría Distrital de Gobierno de Bogotá» → «SDGB»: the capitalised words' initials, for the seal."""
    iniciales = [p[0] for p in entidad_nombre.split() if p[:1].isupper()]
    return "".join(iniciales)[:5] or entidad_nombre[:3].upper()


def sello(lienzo: Lienzo, cx: float, cy: float, radio: float, entidad_nombre: str,
          color: Color = AZUL_INSTITUCIONAL) -> None:
    """A round seal centred on (cx, cy): two rings, a ring of dots, a five-point star and the initials."""
    pdf = lienzo.pdf
    with pdf.local_context(draw_color=color, fill_color=color, line_width=radio * 0.045):
        pdf.circle(cx, cy, radio)
        pdf.circle(cx, cy, radio * 0.8)
        puntos = 36
        for i in range(puntos):
            angulo = 2 * math.pi * i / puntos
            pdf.circle(cx + math.cos(angulo) * radio * 0.9, cy + math.sin(angulo) * radio * 0.9, radio * 0.025,
                       style="F")
        pdf.star(cx, cy - radio * 0.3, radio * 0.1, radio * 0.24, 5, rotate_degrees=-90, style="F")
        pdf.line(cx - radio * 0.55, cy + radio * 0.42, cx + radio * 0.55, cy + radio * 0.42)
    tamano = radio * 0.42 / 0.3528 * (0.9 if len(sigla(entidad_nombre)) > 3 else 1.1)  # mm → pt
    pdf.set_xy(cx - radio * 0.7, cy - radio * 0.02)
    lienzo.texto(sigla(entidad_nombre), tamano, radio * 0.4, radio * 1.4, centrado=True, negrita=True, color=color)
    pdf.set_xy(cx - radio * 0.7, cy + radio * 0.44)
    lienzo.texto("COLOMBIA", tamano * 0.42, radio * 0.2, radio * 1.4, centrado=True, color=color)


def bloque_firmas(lienzo: Lienzo, x: float, y: float, ancho: float, puntos: float,
                  firmas: Sequence[tuple[str, Suscriptor]], entidad_nombre: str) -> float:
    """Side-by-side columns, each a signature line over «rótulo», name (bold) and cargo. Returns the y below."""
    columnas = [f for f in firmas if f[1].nombre.strip()]
    if not columnas:
        return y
    hueco = puntos * 1.2
    ancho_col = (ancho - hueco * (len(columnas) - 1)) / len(columnas)
    alto = puntos * 0.42
    fondo = y
    for i, (rotulo, quien) in enumerate(columnas):
        izquierda = x + i * (ancho_col + hueco)
        lienzo.linea(izquierda, y, izquierda + ancho_col, GRIS, puntos * 0.02)
        lienzo.pdf.set_xy(izquierda, y + puntos * 0.08)
        lienzo.texto(rotulo.upper(), puntos * 0.75, alto * 0.9, ancho_col, color=GRIS)
        lienzo.texto(quien.nombre, puntos, alto, ancho_col, negrita=True)
        if quien.cargo:
            lienzo.texto(quien.cargo, puntos * 0.9, alto * 0.95, ancho_col)
        if i == 0:
            lienzo.texto(entidad_nombre, puntos * 0.9, alto * 0.95, ancho_col)
        fondo = max(fondo, lienzo.pdf.get_y())
    return fondo


def pasos_verificacion(url: str, numero: str, firma: Suscriptor | None) -> list[str]:
    """What a citizen or a clerk can do to check the document, in the order they would try it."""
    titular = firma.nombre if firma else "la entidad"
    return [
        "Escanee el código QR con la cámara de un celular: se abre la página de verificación, que dice si el "
        "documento es auténtico y si está vigente, vencido, suspendido o revocado.",
        f"Sin celular: ingrese a {url} y pegue el texto que lee cualquier lector de códigos QR.",
        f"Compare el número {numero}, el titular y las fechas que muestra la página con los de este documento.",
        f"Abra este PDF en un lector que valide firmas: la firma digital de {titular} debe figurar válida; "
        "cualquier cambio al archivo la invalida.",
    ]


TITULO_VERIFICACION = "Cómo verificar este documento"


def alto_caja_verificacion(lienzo: Lienzo, ancho: float, puntos: float, lado_qr: float,
                           pasos: Sequence[str]) -> float:
    """The height ``caja_verificacion`` will take, so a layout can anchor the box to the bottom of the page."""
    relleno, alto = puntos * 0.25, puntos * 0.4
    ancho_texto = ancho - 3 * relleno - lado_qr
    lienzo.pdf.set_font_size(puntos)
    medir = lienzo.medidor()
    renglones = sum(len(partir(lienzo.limpiar(f"{n}. {p}"), ancho_texto, medir)) for n, p in enumerate(pasos, 1))
    lienzo.pdf.set_font_size(puntos * 1.05)
    titulo = len(partir(lienzo.limpiar(TITULO_VERIFICACION.upper()), ancho_texto, lienzo.medidor()))
    return max(titulo * alto * 1.2 + renglones * alto, lado_qr) + 2 * relleno


def pasos_verificacion_breves(url: str, numero: str) -> list[str]:
    """The same check in two steps, for receipts a few centimetres wide."""
    return [
        "Escanee el código QR con la cámara de un celular: la página dice si es auténtico y si está vigente.",
        f"O pegue el texto del código en {url} y compare el número {numero} y los datos.",
    ]


def caja_verificacion(lienzo: Lienzo, x: float, y: float, ancho: float, puntos: float, qr_png: bytes, lado_qr: float,
                      pasos: Sequence[str]) -> float:
    """A framed box: the QR on the left, the title and numbered ``pasos`` beside it. Returns the y below."""
    relleno, alto = puntos * 0.25, puntos * 0.4
    pdf = lienzo.pdf
    izquierda = x + relleno + lado_qr + relleno
    ancho_texto = x + ancho - relleno - izquierda
    pdf.set_xy(izquierda, y + relleno)
    # Text first (its height decides the box), then the frame behind it is drawn as a stroke only.
    lienzo.texto(TITULO_VERIFICACION.upper(), puntos * 1.05, alto * 1.2, ancho_texto, negrita=True,
                 color=AZUL_INSTITUCIONAL)
    for n, paso in enumerate(pasos, start=1):
        lienzo.texto(f"{n}. {paso}", puntos, alto, ancho_texto)
    abajo = max(pdf.get_y(), y + relleno + lado_qr) + relleno
    pdf.image(io.BytesIO(qr_png), x=x + relleno, y=y + relleno, w=lado_qr, h=lado_qr)
    with pdf.local_context(draw_color=AZUL_INSTITUCIONAL, line_width=puntos * 0.03):
        pdf.rect(x, y, ancho, abajo - y, style="D", round_corners=True, corner_radius=puntos * 0.3)
    return abajo


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


def a_cp1252(texto: str) -> str:
    # Core PDF fonts only know WinAnsi (cp1252), which covers Spanish; anything else becomes '?'.
    return texto.encode("cp1252", "replace").decode("cp1252")
