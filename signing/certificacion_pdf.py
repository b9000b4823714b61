"""The certificación de firma con fines de apostilla (seed 002 §7.3) on its own A4 layout.

Not the residence-certificate page: what is certified is an official's registered signature, so the page names
that official (nombre, identificación, cargo, entidad) as the *firma certificada*, the civil-registry record it
appears on and its signing date, the persona who asked (*solicitante*), the §7.3 checks that passed, the dates in
Spanish long form, and, beside the QR, how to look the certificación up in the public e-Register (number + date).
Drawing helpers, fonts and the one-page rule are ``signing/pdf.py``'s; the PAdES signature and the QR are the
issuer's (``signing/emisor.py`` picks this renderer by document kind).
"""

from __future__ import annotations

from domain.documentos import CertificadoAEmitir
from domain.fechas import fecha_larga
from domain.firmas import CertificacionAEmitir
from signing.fuentes import FuentesDejaVu, fuentes_dejavu
from signing.pdf import ALTO_PAGINA, ANCHO_PAGINA, LADO_QR, MARGEN, CertificadoDemasiadoLargo, PaginaA4

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
        pagina.metadatos(c)
        pagina.encabezado(c)
        pagina.tamano(10.5)
        for texto in c.cuerpo:
            pagina.parrafo(texto, 5.5)
            pagina.pdf.ln(2)
        _seccion(pagina, "Firma certificada")
        pagina.dato("Nombre", c.titular_nombre)
        pagina.dato("Identificación", c.titular_identificacion)
        pagina.dato("Cargo", c.funcionario_cargo)
        pagina.dato("Entidad", c.funcionario_entidad)
        _seccion(pagina, "Registro civil")
        pagina.dato("Clase de registro", c.tipo_registro)
        pagina.dato("Fecha de firma", fecha_larga(c.fecha_firma))
        _seccion(pagina, "Solicitante")
        pagina.dato("Nombre", c.solicitante_nombre)
        pagina.dato("Identificación", c.solicitante_identificacion)
        _seccion(pagina, f"Verificaciones ({c.fuente})")
        pagina.tamano(9.5)
        for verificacion in c.verificaciones:
            pagina.parrafo(f"• {verificacion}", 5)
        pagina.pdf.ln(1.5)
        pagina.tamano(8.5)
        pagina.parrafo(c.nota, 4.5)
        pagina.pdf.ln(2)
        pagina.tamano(10.5)
        pagina.dato("Fecha de expedición", fecha_larga(c.fecha_expedicion))
        pagina.dato("Vigencia", f"hasta el {fecha_larga(c.vigente_hasta)}" if c.vigente_hasta else SIN_VENCIMIENTO)
        if pagina.pdf.get_y() > ALTO_PAGINA - MARGEN - LADO_QR - 4:
            raise CertificadoDemasiadoLargo("El texto de la certificación no cabe en una página.")
        pagina.pie(c, qr_png, url_verificacion, notas=(
            f"Consulta tipo e-Register: {self._url_base}{c.ruta_consulta}, con el número {c.numero} y la fecha de "
            f"expedición ({fecha_larga(c.fecha_expedicion)}).",
        ))
        return pagina.salida()


def _seccion(pagina: PaginaA4, titulo: str) -> None:
    pagina.pdf.ln(2.5)
    pagina.tamano(10.5)
    pagina.parrafo(titulo.upper(), 6, negrita=True)
    y = pagina.pdf.get_y()
    with pagina.pdf.local_context(draw_color=(160, 160, 160), line_width=0.2):
        pagina.pdf.line(MARGEN, y, ANCHO_PAGINA - MARGEN, y)
    pagina.pdf.ln(1)
