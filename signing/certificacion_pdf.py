"""The certificación de firma con fines de apostilla (seed 002 §7.3) on its own A4 layout.

Not the residence-certificate page: what is certified is an official's registered signature, so the page names
that official (nombre, identificación, cargo, entidad) as the *firma certificada*, the civil-registry record it
appears on and its signing date, the persona who asked (*solicitante*), the §7.3 checks that passed, the dates in
Spanish long form, and, beside the QR, how to look the certificación up in the public e-Register (number + date).
The seal, header, signature block (the Registraduría official who issued it and the digital-signature holder) and
the «Cómo verificar» box — with the e-Register lookup as an extra step — are the shared ones (``signing/pdf.py``,
``signing/diseno_pdf.py``); the PAdES signature and the QR are the issuer's (``signing/emisor.py`` picks this
renderer by document kind).
"""

from __future__ import annotations

from domain.documentos import CertificadoAEmitir
from domain.fechas import fecha_larga
from domain.firmas import CertificacionAEmitir
from domain.valores import identificacion_legible
from signing.fuentes import FuentesDejaVu, fuentes_dejavu
from signing.pdf import ANCHO_PAGINA, MARGEN, PaginaA4

SIN_VENCIMIENTO = "sin fecha de vencimiento; consulte su estado con el código QR"


class RenderizadorCertificacionFirma:
    """Draws certificaciones de firma; thread-safe (the font is prepared once, like ``RenderizadorPdf``)."""

    def __init__(self, fuentes: FuentesDejaVu | bool | None = True, *, url_base: str = "") -> None:
        self._fuentes = fuentes_dejavu() if fuentes is True else (fuentes or None)
        self._url_base = url_base.rstrip("/")

    def renderizar(self, certificado: CertificadoAEmitir, qr_png: bytes, url_verificacion: str) -> bytes:
        if not isinstance(certificado, CertificacionAEmitir):
            raise TypeError(f"Se esperaba una certificación de firma, no {type(certificado).__name__}.")
        c = certificado
        pagina = PaginaA4(self._fuentes)
        pagina.espacio_firma = 5.0
        pagina.metadatos(c)
        pagina.encabezado(c)
        pagina.tamano(10)
        for texto in c.cuerpo:
            pagina.parrafo(texto, 5.2)
            pagina.pdf.ln(1)
        _seccion(pagina, "Firma certificada")
        pagina.dato("Nombre", c.titular_nombre)
        pagina.dato("Identificación", identificacion_legible(c.titular_identificacion))
        pagina.dato("Cargo", c.funcionario_cargo)
        pagina.dato("Entidad", c.funcionario_entidad)
        registro = [("Clase de registro", c.tipo_registro), ("Fecha de firma", fecha_larga(c.fecha_firma))]
        _dos_columnas(pagina, ("Registro civil", registro),
                      ("Solicitante", [("Nombre", c.solicitante_nombre),
                                       ("Identificación", identificacion_legible(c.solicitante_identificacion))]))
        _seccion(pagina, f"Verificaciones ({c.fuente})")
        pagina.tamano(9)
        for verificacion in c.verificaciones:
            pagina.parrafo(f"• {verificacion}", 4.6)
        pagina.pdf.ln(1)
        pagina.tamano(8.5)
        pagina.parrafo(c.nota, 4.3)
        pagina.pdf.ln(1.5)
        pagina.tamano(10)
        pagina.dato("Fecha de expedición", fecha_larga(c.fecha_expedicion))
        pagina.dato("Vigencia", f"hasta el {fecha_larga(c.vigente_hasta)}" if c.vigente_hasta else SIN_VENCIMIENTO)
        notas = (f"Consulta tipo e-Register: en {self._url_base}{c.ruta_consulta} escriba el número {c.numero} y la "
                 f"fecha de expedición ({fecha_larga(c.fecha_expedicion)}).",)
        pagina.verificar_que_cabe(c, "de la certificación", notas)
        pagina.pie(c, qr_png, url_verificacion, notas=notas)
        return pagina.salida()


def _seccion(pagina: PaginaA4, titulo: str) -> None:
    pagina.pdf.ln(1.5)
    pagina.tamano(10)
    pagina.parrafo(titulo.upper(), 5.5, negrita=True)
    y = pagina.pdf.get_y()
    with pagina.pdf.local_context(draw_color=(160, 160, 160), line_width=0.2):
        pagina.pdf.line(MARGEN, y, ANCHO_PAGINA - MARGEN, y)
    pagina.pdf.ln(1)


def _dos_columnas(pagina: PaginaA4, *secciones: tuple[str, list[tuple[str, str]]]) -> None:
    """Short sections side by side, so the page keeps room for the signatures and the verification box."""
    pagina.pdf.ln(1.5)
    arriba, fondo = pagina.pdf.get_y(), pagina.pdf.get_y()
    ancho = (ANCHO_PAGINA - 2 * MARGEN - 6) / len(secciones)
    for i, (titulo, datos) in enumerate(secciones):
        sangria = i * (ancho + 6)
        pagina.pdf.set_xy(MARGEN + sangria, arriba)
        pagina.texto(titulo.upper(), 10, 5.5, ancho, negrita=True)
        y = pagina.pdf.get_y()
        pagina.linea(MARGEN + sangria, y, MARGEN + sangria + ancho, (160, 160, 160), 0.2)
        pagina.pdf.set_y(y + 1)
        for etiqueta, valor in datos:
            pagina.dato(etiqueta, valor, sangria, ancho)
        fondo = max(fondo, pagina.pdf.get_y())
    pagina.pdf.set_xy(MARGEN, fondo)
