"""The certificado de libertad y tradición (Resolución 5721 de 2019 de Chía, trámites 18 and 33) on A4 pages.

Unlike the one-page certificates, its history grows with the vehicle: tables continue on as many pages as they need,
repeating their title and column headings, and a row too tall for what is left of a page is split line by line, so
no anotación is ever lost. The first page carries the QR inside a «cómo verificar» box; every page carries the
certificate's number, the plate and «Página n de N». Fonts and drawing helpers are ``signing/pdf.py``'s; the QR and
the PAdES signature are the issuer's (``signing/emisor.py`` picks this renderer by document kind).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from domain.documentos import CertificadoAEmitir
from domain.tradicion import CertificadoTradicionAEmitir
from signing.fuentes import FuentesDejaVu, fuentes_dejavu
from signing.pdf import ALTO_PAGINA, ANCHO_PAGINA, ANCHO_TEXTO, LADO_QR, MARGEN, PaginaA4, RenderizadorPdf, partir

ALTO_CAJA_QR = LADO_QR + 6
ARRIBA_CAJA_QR = ALTO_PAGINA - MARGEN - ALTO_CAJA_QR
LIMITE = ALTO_PAGINA - MARGEN - 2  # below it: the page footer
RENGLON = 4.0  # table line height, mm
CAPACIDAD_PAGINA = int((LIMITE - MARGEN - 30) // RENGLON)  # table lines below a continued page's headings
RELLENO = 0.8
GRIS_ENCABEZADO = (225, 229, 234)
GRIS_CEBRA = (246, 247, 249)
GRIS_LINEA = (170, 170, 170)


@dataclass(frozen=True)
class Columna:
    titulo: str
    ancho: float
    negrita: bool = False


def fecha(dia: date | None, vacio: str = "—") -> str:
    """dd/mm/aaaa, as Colombian forms write dates."""
    return vacio if dia is None else f"{dia.day:02d}/{dia.month:02d}/{dia.year:04d}"


def _mayuscula(texto: str) -> str:
    return texto[:1].upper() + texto[1:]


class RenderizadorCertificadoTradicion:
    """Draws certificados de tradición; thread-safe (the font is prepared once, like ``RenderizadorPdf``)."""

    def __init__(self, fuentes: FuentesDejaVu | bool | None = True) -> None:
        self._fuentes = fuentes_dejavu() if fuentes is True else (fuentes or None)

    def renderizar(self, certificado: CertificadoAEmitir, qr_png: bytes, url_verificacion: str) -> bytes:
        if not isinstance(certificado, CertificadoTradicionAEmitir):
            # A plain certificate that only shares the kind's name (no vehicle record to list) keeps the generic
            # one-page layout, as before this kind had its own.
            return RenderizadorPdf(self._fuentes).renderizar(certificado, qr_png, url_verificacion)
        pagina = PaginaA4(self._fuentes)
        if self._fuentes is None:
            pagina.limpiar = _a_latin1
        hoja = _Hojas(pagina, certificado)
        hoja.pagina.metadatos(certificado)
        hoja.primera(qr_png, url_verificacion)
        hoja.contenido()
        hoja.cerrar()
        return hoja.pagina.salida()


_TIPOGRAFICOS = str.maketrans({"—": "-", "–": "-", "…": "...", "“": '"', "”": '"', "‘": "'", "’": "'"})


def _a_latin1(texto: str) -> str:
    # fpdf2's core Helvetica encodes latin-1 (not cp1252): dashes and ellipses become their ASCII spelling.
    return texto.translate(_TIPOGRAFICOS).encode("latin-1", "replace").decode("latin-1")


class _Hojas:
    """The pages of one certificate: where the text may go on the current one, and how to start the next."""

    def __init__(self, pagina: PaginaA4, c: CertificadoTradicionAEmitir) -> None:
        self.pagina, self.pdf, self.c = pagina, pagina.pdf, c
        self.limite = ARRIBA_CAJA_QR - 3  # the first page keeps its bottom for the QR box

    # -- page structure ------------------------------------------------------------------------------------------
    def primera(self, qr_png: bytes, url: str) -> None:
        self.pagina.encabezado(self.c)
        self._caja_verificacion(qr_png, url)
        self.pdf.set_xy(MARGEN, self.pdf.get_y())

    def nueva_pagina(self) -> None:
        self._pie_de_pagina()
        self.pdf.add_page()
        self.limite = LIMITE
        self.pagina.tamano(8)
        with self.pdf.local_context(text_color=(90, 90, 90)):
            self.pagina.parrafo(f"{self.c.titulo} No. {self.c.numero} · placa {self.c.placa} (continuación)", 4)
        self.pdf.ln(2)

    def cerrar(self) -> None:
        self._pie_de_pagina()

    def _pie_de_pagina(self) -> None:
        y = self.pdf.get_y()
        self.pagina.tamano(7.5)
        self.pdf.set_xy(MARGEN, ALTO_PAGINA - MARGEN + 4)
        texto = f"Certificado No. {self.c.numero} · Placa {self.c.placa} · Página {self.pdf.page} de {{nb}}"
        with self.pdf.local_context(text_color=(90, 90, 90)):
            self.pdf.cell(ANCHO_TEXTO, 4, self.pagina.limpiar(texto), align="C")
        self.pdf.set_xy(MARGEN, y)

    def _caja_verificacion(self, qr_png: bytes, url: str) -> None:
        c, arriba = self.c, ARRIBA_CAJA_QR
        with self.pdf.local_context(draw_color=GRIS_LINEA, line_width=0.3):
            self.pdf.rect(MARGEN, arriba, ANCHO_TEXTO, ALTO_CAJA_QR)
        self.pdf.image(io.BytesIO(qr_png), x=MARGEN + 3, y=arriba + 3, w=LADO_QR, h=LADO_QR)
        izquierda = MARGEN + LADO_QR + 7
        ancho = ANCHO_PAGINA - MARGEN - izquierda - 3
        y_antes = self.pdf.get_y()
        self.pdf.set_left_margin(izquierda)
        self.pdf.set_xy(izquierda, arriba + 3)
        self.pagina.tamano(9)
        self.pagina.parrafo("Cómo verificar este certificado", 4.5, ancho=ancho, negrita=True)
        self.pagina.tamano(8)
        for texto in (
            "1. Escanee el código QR con la cámara de su teléfono: abre la página de verificación, que muestra si el "
            "certificado está vigente o fue revocado.",
            f"2. O ingrese a {url} y pegue el texto del código.",
            f"El código está firmado digitalmente por {c.entidad_articulo.lower()} {c.entidad_nombre}: compare el "
            f"número {c.numero} y la placa {c.placa} con los de este documento.",
            f"Identificador del documento: {c.documento_id}",
        ):
            self.pagina.parrafo(texto, 3.7, ancho=ancho)
        self.pdf.set_left_margin(MARGEN)
        self.pdf.set_xy(MARGEN, y_antes)

    # -- content ---------------------------------------------------------------------------------------------------
    def contenido(self) -> None:
        c = self.c
        self.pagina.tamano(10)
        for texto in c.cuerpo:
            self._parrafo(texto, 5)
            self.pdf.ln(1.5)
        self._datos((("Fecha de expedición", fecha(c.fecha_expedicion)),
                     ("Vigencia", f"hasta el {fecha(c.vigente_hasta)}" if c.vigente_hasta else
                      "refleja el registro a la fecha de expedición"),
                     ("Estado de la matrícula", c.estado_matricula)))
        self._caracteristicas()
        self._propietarios()
        self._gravamenes()
        self._medidas()
        self._historia()
        self.pdf.ln(3)
        self.pagina.tamano(8.5)
        total = len(c.historia)
        self._parrafo(f"Fin del certificado: {total} {'anotación' if total == 1 else 'anotaciones'} en el "
                      f"histórico. Expedido conforme a la {c.fuente}.", 4.5)

    def _parrafo(self, texto: str, alto: float, negrita: bool = False) -> None:
        for renglon in partir(self.pagina.limpiar(texto), ANCHO_TEXTO, self.pagina.medidor()):
            if self.pdf.get_y() + alto > self.limite:
                self.nueva_pagina()
                self.pagina.tamano(8.5)
            with self.pagina.negrita(negrita):
                self.pdf.cell(ANCHO_TEXTO, alto, renglon, new_x="LMARGIN", new_y="NEXT")

    def _datos(self, pares: Sequence[tuple[str, str]]) -> None:
        self.pdf.ln(1)
        for etiqueta, valor in pares:
            if self.pdf.get_y() + 6 > self.limite:
                self.nueva_pagina()
            self.pagina.tamano(10)
            self.pagina.dato(etiqueta, valor)

    def _caracteristicas(self) -> None:
        pares = list(self.c.caracteristicas)
        mitad = (len(pares) + 1) // 2
        filas = [(*pares[i], *(pares[i + mitad] if i + mitad < len(pares) else ("", "")))
                 for i in range(mitad)]
        self.tabla("Características del vehículo",
                   [Columna("", 32, True), Columna("", 53), Columna("", 32, True), Columna("", 53)], filas,
                   encabezado=False)

    def _propietarios(self) -> None:
        filas = [(p.nombre, p.identificacion, fecha(p.desde), fecha(p.hasta, "Actual"), p.radicado)
                 for p in self.c.propietarios]
        self.tabla("Tradición: propietarios actuales y anteriores",
                   [Columna("Propietario", 56), Columna("Identificación", 34), Columna("Desde", 20),
                    Columna("Hasta", 20), Columna("Radicado", 40)], filas,
                   vacio="El registro no tiene propietarios inscritos.")

    def _gravamenes(self) -> None:
        vigentes = sum(1 for g in self.c.gravamenes if g.levantado_en is None)
        nota = (f"Limitaciones o gravámenes vigentes: {vigentes}." if vigentes else
                "El vehículo no tiene limitaciones ni gravámenes vigentes.")
        filas = [(_mayuscula(g.tipo), g.beneficiario, g.documento, fecha(g.inscrito_en), g.radicado,
                  "Vigente" if g.levantado_en is None else f"Levantado el {fecha(g.levantado_en)}")
                 for g in self.c.gravamenes]
        self.tabla("Limitaciones a la propiedad y gravámenes",
                   [Columna("Tipo", 22), Columna("Acreedor o beneficiario", 42), Columna("Documento", 30),
                    Columna("Inscrito", 20), Columna("Radicado", 30), Columna("Estado", 26)], filas, nota=nota)

    def _medidas(self) -> None:
        vigentes = sum(1 for m in self.c.medidas if m.levantada_en is None)
        nota = (f"Medidas cautelares vigentes: {vigentes}." if vigentes else
                "El vehículo no tiene medidas cautelares vigentes.")
        filas = [(_mayuscula(m.tipo), m.autoridad, m.documento, fecha(m.inscrita_en),
                  "Vigente" if m.levantada_en is None else f"Levantada el {fecha(m.levantada_en)}")
                 for m in self.c.medidas]
        self.tabla("Medidas cautelares",
                   [Columna("Tipo", 26), Columna("Autoridad", 52), Columna("Documento", 40), Columna("Inscrita", 20),
                    Columna("Estado", 32)], filas, nota=nota)

    def _historia(self) -> None:
        filas = [(str(i), fecha(a.fecha), a.tramite, a.radicado, a.detalle)
                 for i, a in enumerate(self.c.historia, start=1)]
        self.tabla("Histórico de actuaciones, trámites y anotaciones",
                   [Columna("No.", 10), Columna("Fecha", 20), Columna("Trámite", 44), Columna("Radicado", 32),
                    Columna("Detalle", 64)], filas, vacio="El registro no tiene anotaciones.")

    # -- tables ----------------------------------------------------------------------------------------------------
    def tabla(self, titulo: str, columnas: Sequence[Columna], filas: Sequence[Sequence[str]], *,
              encabezado: bool = True, nota: str = "", vacio: str = "") -> None:
        # Title, note, headings and the first line of a row stay together on one page.
        if self.pdf.get_y() + 8 + (4.5 if nota else 0) + 2 * RENGLON + 2 * RELLENO + 3 > self.limite:
            self.nueva_pagina()
        self._titulo(titulo)
        if nota:
            self.pagina.tamano(8.5)
            self._parrafo(nota, 4.5, negrita=True)
        if not filas:
            self.pagina.tamano(8.5)
            if vacio:
                self._parrafo(vacio, 4.5)
            return
        if encabezado:
            self._fila(columnas, [col.titulo for col in columnas], encabezado=True)
        for i, fila in enumerate(filas):
            self._fila_partida(titulo, columnas, fila, cebra=i % 2 == 1, encabezado=encabezado)

    def _titulo(self, titulo: str) -> None:
        self.pdf.ln(3)
        self.pagina.tamano(10)
        self.pagina.parrafo(titulo.upper(), 5.5, negrita=True)
        y = self.pdf.get_y()
        with self.pdf.local_context(draw_color=(120, 120, 120), line_width=0.2):
            self.pdf.line(MARGEN, y, ANCHO_PAGINA - MARGEN, y)
        self.pdf.ln(1.5)

    def _renglones(self, columnas: Sequence[Columna], valores: Sequence[str]) -> list[list[str]]:
        self.pagina.tamano(8)
        medir = self.pagina.medidor()
        return [partir(self.pagina.limpiar(v), col.ancho - 2 * RELLENO - 0.5, medir) or [""]
                for col, v in zip(columnas, valores, strict=True)]

    def _fila_partida(self, titulo: str, columnas: Sequence[Columna], fila: Sequence[str], *, cebra: bool,
                      encabezado: bool) -> None:
        """One row; when it does not fit, the next page repeats the headings and the row goes on there."""
        pendientes = self._renglones(columnas, fila)
        while any(pendientes):
            caben = int((self.limite - self.pdf.get_y() - 2 * RELLENO) // RENGLON)
            alto = max(len(r) for r in pendientes)
            # A row is split only when it is taller than a whole page; otherwise it moves to the next page whole.
            if caben >= alto or (caben >= 1 and alto > CAPACIDAD_PAGINA):
                parte = [r[:caben] for r in pendientes]
                pendientes = [r[caben:] for r in pendientes]
                self._dibujar(columnas, parte, cebra=cebra, encabezado=False)
                continue
            self.nueva_pagina()
            self._titulo(f"{titulo} (continuación)")
            if encabezado:
                self._fila(columnas, [col.titulo for col in columnas], encabezado=True)

    def _fila(self, columnas: Sequence[Columna], valores: Sequence[str], *, encabezado: bool) -> None:
        self._dibujar(columnas, self._renglones(columnas, valores), cebra=False, encabezado=encabezado)

    def _dibujar(self, columnas: Sequence[Columna], renglones: list[list[str]], *, cebra: bool,
                 encabezado: bool) -> None:
        y = self.pdf.get_y()
        alto = max(len(r) for r in renglones) * RENGLON + 2 * RELLENO
        relleno = GRIS_ENCABEZADO if encabezado else GRIS_CEBRA if cebra else None
        x = MARGEN
        self.pagina.tamano(8)
        for col, lineas in zip(columnas, renglones, strict=True):
            with self.pdf.local_context(draw_color=GRIS_LINEA, line_width=0.15,
                                        fill_color=relleno or (255, 255, 255)):
                self.pdf.rect(x, y, col.ancho, alto, style="DF" if relleno else "D")
            with self.pagina.negrita(encabezado or col.negrita):
                for i, linea in enumerate(lineas):
                    self.pdf.set_xy(x + RELLENO, y + RELLENO + i * RENGLON)
                    self.pdf.cell(col.ancho - 2 * RELLENO, RENGLON, linea)
            x += col.ancho
        self.pdf.set_xy(MARGEN, y + alto)
