"""Contraseñas, the Registraduría's comprobantes de documento en trámite (seed 002 §15.4), signed like certificates.

Two kinds are drawn here, both with the platform's QR (same COSE_Sign1 claims and URL format as certificates, see
``docs/firma.md``; the ``t`` claim says ``contrasena_eis`` or ``contrasena_web``, so the verification page knows it
is a contraseña) and a PAdES B-B signature:

- **Contraseña EIS** (§15.4.2): "formato PDF imprimible tamaño 8 cm x 16 cm", holder data, and the photo and
  signature captured at preparation — here labelled empty boxes (biometrics are not stored by this platform).
- **Verde con código QR** (§15.4.4): web duplicates; "trama de color verde", holder data pre-printed, "código de
  seguridad QR en la parte superior derecha". 11 × 7 cm like the green paper comprobante it imitates (§15.4.3).

Both print the §15.4 notes: a comprobante is not an identity document, and the Registraduría does not certify it
(Decreto 019 de 2012, art. 25). The QR codec, COSE, claims, PAdES signer and fonts are signing's own modules.

The two paper kinds without QR (§15.4.1 white, §15.4.3 green, also the §15.6 replacement) are drawn by
``signing/contrasena_papel.py`` and signed here too (PAdES, no QR): ``ContrasenaAEmitir.con_qr`` is False for them.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from datetime import UTC, datetime

from fpdf import FPDF
from fpdf.enums import TextMode

from domain.contrasenas import TIPO_CONTRASENA_EIS, TIPO_CONTRASENA_WEB, ContrasenaAEmitir
from domain.documentos import DocumentoEmitido
from domain.reloj import Reloj
from signing.codigo_qr import CodificadorQR, renderizar_qr
from signing.cose import firmar_sign1
from signing.fuentes import FuentesDejaVu, fuentes_dejavu
from signing.llaves import ClaveFirmaNoDisponible, Firmante, Llavero
from signing.pades import FirmadorPades
from signing.pdf import TRAZO_NEGRITA, CertificadoDemasiadoLargo, fecha_larga, partir
from signing.reclamos import ReclamosCertificado, codificar_reclamos, expiracion_de

EIS_ANCHO, EIS_ALTO = 80.0, 160.0  # §15.4.2: 8 cm × 16 cm
WEB_ANCHO, WEB_ALTO = 110.0, 70.0  # §15.4.3/§15.4.4: like the 11 cm × 7 cm green comprobante
LADO_QR_EIS = 34.0
LADO_QR_WEB = 33.0
VERDE = (0, 122, 61)
VERDE_CLARO = (222, 242, 226)
VERDE_TRAMA = (196, 228, 204)


class _RelojDelSistema:
    def ahora(self) -> datetime:
        return datetime.now(UTC)


class EmisorContrasenasFirmadas:
    """``EmisorContrasenas`` port: claims → COSE_Sign1 → QR → receipt PDF → PAdES, with the RNEC's keys.

    Thread-safe; build one per process (like ``signing.emisor.EmisorFirmado``, whose key rules it follows).
    """

    def __init__(self, llavero: Llavero, url_base: str, *, reloj: Reloj | None = None,
                 fuentes: FuentesDejaVu | bool | None = True) -> None:
        self._llavero = llavero
        self._qr = CodificadorQR(url_base)
        self._url_verificacion = url_base.rstrip("/") + "/verificar"
        self._reloj: Reloj = reloj or _RelojDelSistema()
        self._fuentes = fuentes_dejavu() if fuentes is True else (fuentes or None)
        self._firmadores: dict[bytes, FirmadorPades] = {}
        self._candado = threading.Lock()

    def emitir_contrasena(self, contrasena: ContrasenaAEmitir) -> DocumentoEmitido:
        firmante = self._llavero.firmante(contrasena.entidad_codigo, contrasena.tipo)
        ahora = self._reloj.ahora()
        if not firmante.vigente_en(ahora):
            raise ClaveFirmaNoDisponible(
                f"El certificado de firma de {contrasena.entidad_codigo} no está vigente; hay que renovarlo."
            )
        if not contrasena.con_qr:
            # Paper kinds (§15.4.1, §15.4.3): printed pre-filled, signed, no QR (``qr`` stays empty).
            from signing.contrasena_papel import renderizar_contrasena_papel  # it builds on this module's page

            pdf = renderizar_contrasena_papel(contrasena, self._fuentes)
            return DocumentoEmitido(pdf=self._firmador(firmante).firmar(pdf), qr="", clave_firma=firmante.kid.hex())
        reclamos = ReclamosCertificado(
            emisor=contrasena.entidad_codigo, documento_id=contrasena.documento_id, emitido_en=ahora,
            expira_en=expiracion_de(contrasena.vigente_hasta), tipo=contrasena.tipo,
            numero=contrasena.numero_preparacion, titular=contrasena.titular_nombre,
            identificacion=contrasena.titular_identificacion, fecha_expedicion=contrasena.fecha_expedicion,
            vigente_hasta=contrasena.vigente_hasta,
        )
        texto = self._qr.codificar(firmar_sign1(codificar_reclamos(reclamos), firmante.llave_privada, firmante.kid))
        png = renderizar_qr(texto).png
        pdf = renderizar_contrasena(contrasena, png, self._url_verificacion, self._fuentes)
        return DocumentoEmitido(pdf=self._firmador(firmante).firmar(pdf), qr=texto, clave_firma=firmante.kid.hex())

    def _firmador(self, firmante: Firmante) -> FirmadorPades:
        with self._candado:
            firmador = self._firmadores.get(firmante.kid)
            if firmador is None:
                firmador = FirmadorPades(
                    firmante, razon=f"Comprobante de documento en trámite expedido por {firmante.entidad_nombre}"
                )
                self._firmadores[firmante.kid] = firmador
            return firmador


def renderizar_contrasena(c: ContrasenaAEmitir, qr_png: bytes, url_verificacion: str,
                          fuentes: FuentesDejaVu | None = None) -> bytes:
    """The unsigned PDF of a contraseña of either kind."""
    if c.tipo == TIPO_CONTRASENA_EIS:
        hoja = _Hoja(fuentes, EIS_ANCHO, EIS_ALTO, "P")
        _eis(hoja, c, qr_png, url_verificacion)
    elif c.tipo == TIPO_CONTRASENA_WEB:
        hoja = _Hoja(fuentes, WEB_ANCHO, WEB_ALTO, "L")
        _web(hoja, c, qr_png, url_verificacion)
    else:
        raise ValueError(f"Tipo de contraseña desconocido: {c.tipo}")
    hoja.pdf.set_title(hoja.limpiar(f"{c.titulo} {c.numero_preparacion}"))
    hoja.pdf.set_author(hoja.limpiar(c.entidad_nombre))
    hoja.pdf.set_subject(hoja.limpiar(c.titulo))
    hoja.pdf.set_creator("Ventanilla")
    hoja.pdf.set_lang("es-CO")
    return bytes(hoja.pdf.output())


def _vigencia(c: ContrasenaAEmitir) -> str:
    # §15.5 Nota: consulates' contraseñas have no expiry.
    return fecha_larga(c.vigente_hasta) if c.vigente_hasta else "Sin vencimiento (trámite consular)"


def _datos(c: ContrasenaAEmitir) -> list[tuple[str, str]]:
    return [
        ("No. de preparación", c.numero_preparacion),
        ("Titular", c.titular_nombre),
        ("Identificación", c.titular_identificacion),
        ("Documento", c.tipo_documento),
        ("Trámite", c.clase_tramite),
        ("Oficina", c.oficina),
        ("Fecha del trámite", fecha_larga(c.fecha_tramite)),
        ("Vigente hasta", _vigencia(c)),
    ]


def _eis(h: _Hoja, c: ContrasenaAEmitir, qr_png: bytes, url: str) -> None:
    m = 5.0
    ancho = EIS_ANCHO - 2 * m
    h.pdf.set_xy(m, m)
    h.texto("REPÚBLICA DE COLOMBIA", 6.5, 3, ancho, centrado=True)
    h.texto(c.entidad_nombre.upper(), 7.5, 3.6, ancho, centrado=True, negrita=True)
    h.linea(m, h.pdf.get_y() + 1, EIS_ANCHO - m)
    h.pdf.set_xy(m, h.pdf.get_y() + 2.5)
    h.texto("CONTRASEÑA", 11, 5, ancho, centrado=True, negrita=True)
    h.texto("Comprobante de documento en trámite – EIS", 6.5, 3, ancho, centrado=True)
    h.pdf.set_xy(m, h.pdf.get_y() + 2)
    for etiqueta, valor in _datos(c):
        h.dato(etiqueta, valor, m, ancho, 6.5)
    # Photo and signature captured at preparation (§15.4.2): labelled boxes.
    arriba = h.pdf.get_y() + 2
    h.caja(m, arriba, 24, 30, "FOTOGRAFÍA")
    h.caja(m + 27, arriba + 15, ancho - 27, 15, "FIRMA DEL TITULAR")
    qr_y = arriba + 33
    h.pdf.image(io.BytesIO(qr_png), x=(EIS_ANCHO - LADO_QR_EIS) / 2, y=qr_y, w=LADO_QR_EIS, h=LADO_QR_EIS)
    h.pdf.set_xy(m, qr_y + LADO_QR_EIS + 0.5)
    h.texto(f"Verifique esta contraseña escaneando el código QR o en {url}", 5.5, 2.6, ancho, centrado=True)
    h.pdf.set_xy(m, h.pdf.get_y() + 1)
    h.texto(c.nota_no_identifica, 5.5, 2.6, ancho, negrita=True)
    h.texto(c.nota_no_certifica, 5.5, 2.6, ancho)
    h.texto(f"Firmado digitalmente por {c.entidad_nombre}. Id: {c.documento_id}", 4.5, 2.3, ancho)
    if h.pdf.get_y() > EIS_ALTO - 2:
        raise CertificadoDemasiadoLargo("Los datos de la contraseña EIS no caben en 8 × 16 cm.")


def _web(h: _Hoja, c: ContrasenaAEmitir, qr_png: bytes, url: str) -> None:
    m = 4.0
    # The green pattern ("trama de color verde", §15.4.4): a light fill crossed by thin diagonals.
    with h.pdf.local_context(fill_color=VERDE_CLARO):
        h.pdf.rect(0, 0, WEB_ANCHO, WEB_ALTO, style="F")
    with h.pdf.local_context(draw_color=VERDE_TRAMA, line_width=0.2):
        for x in range(-int(WEB_ALTO), int(WEB_ANCHO), 4):
            h.pdf.line(x, WEB_ALTO, x + WEB_ALTO, 0)
    with h.pdf.local_context(fill_color=VERDE):
        h.pdf.rect(0, 0, WEB_ANCHO, 3, style="F")
        h.pdf.rect(0, WEB_ALTO - 3, WEB_ANCHO, 3, style="F")
    # QR at the top right (§15.4.4), on white so the quiet zone stays clean.
    qx, qy = WEB_ANCHO - m - LADO_QR_WEB, 5.0
    with h.pdf.local_context(fill_color=(255, 255, 255)):
        h.pdf.rect(qx, qy, LADO_QR_WEB, LADO_QR_WEB, style="F")
    h.pdf.image(io.BytesIO(qr_png), x=qx, y=qy, w=LADO_QR_WEB, h=LADO_QR_WEB)
    ancho = qx - m - 2
    h.pdf.set_xy(m, 4.5)
    h.texto(c.entidad_nombre.upper(), 6.5, 3, ancho, negrita=True)
    with h.pdf.local_context(text_color=VERDE):
        h.texto("DUPLICADO WEB", 11, 5, ancho, negrita=True)
    h.texto("Comprobante de documento en trámite – verde con código QR", 5.5, 2.6, ancho)
    h.pdf.set_xy(m, h.pdf.get_y() + 1)
    for etiqueta, valor in _datos(c):
        h.dato(etiqueta, valor, m, ancho, 5.8)
    h.pdf.set_xy(qx - 1, qy + LADO_QR_WEB + 0.5)
    h.texto("Escanee para ver el estado del trámite", 4.8, 2.3, LADO_QR_WEB + 2, centrado=True)
    y = max(h.pdf.get_y(), qy + LADO_QR_WEB + 3) + 1
    h.pdf.set_xy(m, y)
    ancho_total = WEB_ANCHO - 2 * m
    h.texto(f"{c.nota_no_identifica} {c.nota_no_certifica}", 4.8, 2.3, ancho_total)
    h.texto(f"Verifique en {url} · Firmado digitalmente por {c.entidad_nombre}. Id: {c.documento_id}", 4.3, 2.1,
            ancho_total)
    if h.pdf.get_y() > WEB_ALTO - 3:
        raise CertificadoDemasiadoLargo("Los datos de la contraseña web no caben en 11 × 7 cm.")


class _Hoja:
    """A small page with signing's fonts (trimmed DejaVu, or core Helvetica when it is not installed)."""

    def __init__(self, fuentes: FuentesDejaVu | None, ancho: float, alto: float, orientacion: str) -> None:
        self.pdf = FPDF(orientation=orientacion, unit="mm", format=(min(ancho, alto), max(ancho, alto)))
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margins(0, 0, 0)
        self.fuentes = fuentes
        self.familia = "Helvetica"
        self.limpiar: Callable[[str], str] = _a_cp1252
        if fuentes is not None:
            self.pdf.add_font(fuentes.familia, fname=fuentes.regular)
            self.familia = fuentes.familia
            self.limpiar = str
        self.pdf.set_font(self.familia, size=7)
        self.pdf.add_page()

    def medidor(self) -> Callable[[str], float]:
        fuentes = self.fuentes
        if fuentes is None:
            return self.pdf.get_string_width
        puntos, escala = self.pdf.font_size_pt, self.pdf.k
        return lambda t: fuentes.medir(t, puntos) / escala

    def _negrita(self, activa: bool):  # type: ignore[no-untyped-def]
        if not activa:
            return self.pdf.local_context()
        if self.fuentes is not None:
            return self.pdf.local_context(text_mode=TextMode.FILL_STROKE,
                                          line_width=self.pdf.font_size_pt * TRAZO_NEGRITA)
        return self.pdf.local_context(font_style="B")

    def texto(self, texto: str, puntos: float, alto: float, ancho: float, *, centrado: bool = False,
              negrita: bool = False) -> None:
        self.pdf.set_font_size(puntos)
        x = self.pdf.get_x()
        with self._negrita(negrita):
            for renglon in partir(self.limpiar(texto), ancho, self.medidor()):
                self.pdf.set_x(x)
                self.pdf.cell(ancho, alto, renglon, align="C" if centrado else "L", new_x="LEFT", new_y="NEXT")

    def dato(self, etiqueta: str, valor: str, x: float, ancho: float, puntos: float) -> None:
        self.pdf.set_font_size(puntos)
        alto = puntos * 0.45
        rotulo = self.limpiar(f"{etiqueta}: ")
        with self._negrita(True):
            ancho_rotulo = self.medidor()(rotulo) + 0.4
            self.pdf.set_x(x)
            self.pdf.cell(ancho_rotulo, alto, rotulo)
        for renglon in partir(self.limpiar(valor), ancho - ancho_rotulo, self.medidor()):
            self.pdf.set_x(x + ancho_rotulo)
            self.pdf.cell(ancho - ancho_rotulo, alto, renglon, new_x="LEFT", new_y="NEXT")

    def caja(self, x: float, y: float, ancho: float, alto: float, rotulo: str) -> None:
        with self.pdf.local_context(draw_color=(110, 110, 110), line_width=0.3):
            self.pdf.rect(x, y, ancho, alto)
        self.pdf.set_font_size(5)
        with self.pdf.local_context(text_color=(110, 110, 110)):
            self.pdf.set_xy(x, y + alto - 3)
            self.pdf.cell(ancho, 2.5, self.limpiar(rotulo), align="C")

    def linea(self, x1: float, y: float, x2: float) -> None:
        with self.pdf.local_context(draw_color=(120, 120, 120), line_width=0.3):
            self.pdf.line(x1, y, x2, y)


def _a_cp1252(texto: str) -> str:
    return texto.encode("cp1252", "replace").decode("cp1252")
