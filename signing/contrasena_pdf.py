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
from dataclasses import replace
from datetime import UTC, datetime

from domain.contrasenas import TIPO_CONTRASENA_EIS, TIPO_CONTRASENA_WEB, ContrasenaAEmitir
from domain.documentos import DocumentoEmitido, Suscriptor, con_articulo
from domain.reloj import Reloj
from domain.valores import identificacion_legible
from signing.codigo_qr import CodificadorQR, renderizar_qr
from signing.cose import firmar_sign1
from signing.diseno_pdf import (
    AZUL_INSTITUCIONAL,
    Lienzo,
    caja_verificacion,
    encabezado,
    partir,
    pasos_verificacion_breves,
    sello,
)
from signing.emisor import suscriptor_firma
from signing.fuentes import FuentesDejaVu, fuentes_dejavu
from signing.llaves import ClaveFirmaNoDisponible, Firmante, Llavero
from signing.pades import FirmadorPades
from signing.pdf import CertificadoDemasiadoLargo, fecha_larga
from signing.reclamos import ReclamosCertificado, codificar_reclamos, expiracion_de

EIS_ANCHO, EIS_ALTO = 80.0, 160.0  # §15.4.2: 8 cm × 16 cm
WEB_ANCHO, WEB_ALTO = 110.0, 70.0  # §15.4.3/§15.4.4: like the 11 cm × 7 cm green comprobante
LADO_QR_EIS = 30.0
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
        # The receipt names the holder of the certificate that signs it, as that certificate names it.
        contrasena = replace(contrasena, firma_digital=suscriptor_firma(firmante))
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
        ("Identificación", identificacion_legible(c.titular_identificacion)),
        ("Documento", c.tipo_documento),
        ("Trámite", c.clase_tramite),
        ("Oficina", c.oficina),
        ("Fecha del trámite", fecha_larga(c.fecha_tramite)),
        ("Vigente hasta", _vigencia(c)),
    ]


def _frase(c: ContrasenaAEmitir) -> str:
    # Not «certifica»: the Registraduría does not certify comprobantes (§15.4, Decreto 019 de 2012, art. 25).
    return (f"{con_articulo(c.entidad_articulo, c.entidad_nombre)} expide este comprobante del trámite de "
            "documento de identidad descrito abajo.")


def _firmas(h: _Hoja, c: ContrasenaAEmitir, x: float, ancho: float, puntos: float) -> None:
    """Who issued it (name, cargo) and the digital-signature holder, one short paragraph each."""
    alto = puntos * 0.45
    if c.expedido_por is not None:
        cargo = f", {c.expedido_por.cargo}" if c.expedido_por.cargo else ""
        h.pdf.set_x(x)
        h.texto(f"Expidió: {c.expedido_por.nombre}{cargo}.", puntos, alto, ancho)
    firma = c.firma_digital or Suscriptor(c.entidad_nombre)
    h.pdf.set_x(x)
    h.texto(f"Firma digital: {firma.nombre}{'. ' + firma.cargo if firma.cargo else ''}.", puntos, alto, ancho)


def _eis(h: _Hoja, c: ContrasenaAEmitir, qr_png: bytes, url: str) -> None:
    m = 5.0
    ancho = EIS_ANCHO - 2 * m
    sello(h, EIS_ANCHO / 2, m + 5.5, 5.5, c.entidad_nombre)
    y = encabezado(h, m, m + 12, ancho, c.entidad_nombre, 7.5)
    h.pdf.set_xy(m, y + 1)
    h.texto("CONTRASEÑA", 11, 5, ancho, centrado=True, negrita=True)
    h.texto("Comprobante de documento en trámite – EIS", 6.5, 3, ancho, centrado=True)
    h.pdf.set_xy(m, h.pdf.get_y() + 1.5)
    h.texto(_frase(c), 6, 2.8, ancho)
    h.pdf.set_xy(m, h.pdf.get_y() + 1)
    for etiqueta, valor in _datos(c):
        h.dato(etiqueta, valor, m, ancho, 6.5)
    # Photo and signature captured at preparation (§15.4.2): labelled boxes.
    arriba = h.pdf.get_y() + 1.5
    h.caja(m, arriba, 22, 27, "FOTOGRAFÍA")
    h.caja(m + 25, arriba + 13, ancho - 25, 14, "FIRMA DEL TITULAR")
    pasos = pasos_verificacion_breves(url, c.numero_preparacion)
    abajo = caja_verificacion(h, m, arriba + 29, ancho, 5.2, qr_png, LADO_QR_EIS, pasos)
    h.pdf.set_xy(m, abajo + 1)
    _firmas(h, c, m, ancho, 5.2)
    h.pdf.set_xy(m, h.pdf.get_y() + 0.8)
    h.texto(c.nota_no_identifica, 5.5, 2.5, ancho, negrita=True)
    h.texto(c.nota_no_certifica, 5.2, 2.4, ancho)
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
    h.texto(c.entidad_nombre.upper(), 6.5, 3, ancho, negrita=True, color=AZUL_INSTITUCIONAL)
    h.texto("DUPLICADO WEB", 11, 5, ancho, negrita=True, color=VERDE)
    h.texto(_frase(c), 5.2, 2.4, ancho)
    h.pdf.set_xy(m, h.pdf.get_y() + 0.8)
    for etiqueta, valor in _datos(c):
        h.dato(etiqueta, valor, m, ancho, 5.6)
    h.pdf.set_xy(qx - 1, qy + LADO_QR_WEB + 0.5)
    h.texto("Escanee para ver el estado del trámite", 4.8, 2.3, LADO_QR_WEB + 2, centrado=True)
    sello(h, qx + LADO_QR_WEB / 2, qy + LADO_QR_WEB + 8.5, 5.0, c.entidad_nombre, VERDE)
    y = max(h.pdf.get_y(), qy + LADO_QR_WEB + 14) + 0.5
    h.pdf.set_xy(m, y)
    ancho_total = WEB_ANCHO - 2 * m
    _firmas(h, c, m, ancho_total, 4.5)
    h.pdf.set_x(m)
    h.texto(f"Cómo verificar: escanee el código QR con la cámara de un celular, o pegue su texto en {url}; "
            f"compare el número {c.numero_preparacion} y los datos con los de este comprobante.", 4.5, 2.05,
            ancho_total)
    h.pdf.set_x(m)
    h.texto(f"{c.nota_no_identifica} {c.nota_no_certifica}", 4.5, 2.05, ancho_total)
    if h.pdf.get_y() > WEB_ALTO - 3:
        raise CertificadoDemasiadoLargo("Los datos de la contraseña web no caben en 11 × 7 cm.")


class _Hoja(Lienzo):
    """A small page with signing's fonts (trimmed DejaVu, or core Helvetica when it is not installed)."""

    def __init__(self, fuentes: FuentesDejaVu | None, ancho: float, alto: float, orientacion: str) -> None:
        super().__init__(fuentes, (min(ancho, alto), max(ancho, alto)), orientacion)
        self.pdf.set_font_size(7)

    def dato(self, etiqueta: str, valor: str, x: float, ancho: float, puntos: float) -> None:
        self.pdf.set_font_size(puntos)
        alto = puntos * 0.45
        rotulo = self.limpiar(f"{etiqueta}: ")
        with self.negrita(True):
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
