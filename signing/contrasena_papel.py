"""The paper comprobantes de documento en trámite (seed 002 §15.4.1, §15.4.3), printed pre-filled — no QR.

- **Contraseña, formato pre-impreso en blanco** (§15.4.1): "papel blanco bond de tamaño 8.7 cm x 7.8 cm ... en el
  anverso los datos del titular ... debidamente impresos y en el reverso ... la huella dactilar del índice derecho o
  la ... huella principal y la fotografía".
- **Verde sin código de verificación QR** (§15.4.3): "papel verde de tamaño 11 cm x 7 cm ... en el anverso los datos
  del titular ... en el reverso contiene espacio para fotografía y huella del índice derecho o la huella dactilar
  indicada en el sistema como huella principal, tomado por el funcionario". Also the §15.6 replacement, which then
  prints the line "Reposición de la contraseña ⟨número⟩ por ⟨causa⟩".

Two pages each, at the paper's size: the front with the holder's data and the §15.4 notes, the back with empty,
labelled photo and fingerprint boxes for the official. The PDF is PAdES-signed by ``EmisorContrasenasFirmadas`` like
the QR kinds, but carries no QR: these kinds are checked visually (digest, verification table).
"""

from __future__ import annotations

from domain.contrasenas import TIPO_CONTRASENA_BLANCA, TIPO_CONTRASENA_VERDE, ContrasenaAEmitir
from signing.contrasena_pdf import VERDE, VERDE_CLARO, _datos, _firmas, _Hoja
from signing.fuentes import FuentesDejaVu
from signing.pdf import CertificadoDemasiadoLargo

BLANCA_ANCHO, BLANCA_ALTO = 87.0, 78.0  # §15.4.1: 8.7 cm × 7.8 cm
VERDE_ANCHO, VERDE_ALTO = 110.0, 70.0  # §15.4.3: 11 cm × 7 cm
MEDIDAS = {TIPO_CONTRASENA_BLANCA: (BLANCA_ANCHO, BLANCA_ALTO), TIPO_CONTRASENA_VERDE: (VERDE_ANCHO, VERDE_ALTO)}


def renderizar_contrasena_papel(c: ContrasenaAEmitir, fuentes: FuentesDejaVu | None = None) -> bytes:
    """The unsigned two-page PDF of a white (§15.4.1) or green without QR (§15.4.3) comprobante."""
    if c.tipo not in MEDIDAS:
        raise ValueError(f"Tipo de contraseña en papel desconocido: {c.tipo}")
    ancho, alto = MEDIDAS[c.tipo]
    verde = c.tipo == TIPO_CONTRASENA_VERDE
    hoja = _Hoja(fuentes, ancho, alto, "L")
    _anverso(hoja, c, ancho, alto, verde)
    hoja.pdf.add_page()
    _reverso(hoja, c, ancho, alto, verde)
    hoja.pdf.set_title(hoja.limpiar(f"{c.titulo} {c.numero_preparacion}"))
    hoja.pdf.set_author(hoja.limpiar(c.entidad_nombre))
    hoja.pdf.set_subject(hoja.limpiar(c.titulo))
    hoja.pdf.set_creator("Ventanilla")
    hoja.pdf.set_lang("es-CO")
    return bytes(hoja.pdf.output())


def _fondo(h: _Hoja, ancho: float, alto: float, verde: bool) -> None:
    if verde:  # green paper (§15.4.3)
        with h.pdf.local_context(fill_color=VERDE_CLARO):
            h.pdf.rect(0, 0, ancho, alto, style="F")
        with h.pdf.local_context(fill_color=VERDE):
            h.pdf.rect(0, 0, ancho, 2.5, style="F")
    else:  # white bond paper (§15.4.1): a thin frame marks the cut
        with h.pdf.local_context(draw_color=(150, 150, 150), line_width=0.2):
            h.pdf.rect(1, 1, ancho - 2, alto - 2)


def _anverso(h: _Hoja, c: ContrasenaAEmitir, ancho: float, alto: float, verde: bool) -> None:
    m = 4.0
    util = ancho - 2 * m
    _fondo(h, ancho, alto, verde)
    h.pdf.set_xy(m, 3.5)
    h.texto("REPÚBLICA DE COLOMBIA · " + c.entidad_nombre.upper(), 5.5, 2.6, util, centrado=True, negrita=True)
    if verde:
        with h.pdf.local_context(text_color=VERDE):
            h.texto("COMPROBANTE DE DOCUMENTO EN TRÁMITE", 8.5, 4, util, centrado=True, negrita=True)
    else:
        h.texto("CONTRASEÑA", 10, 4.6, util, centrado=True, negrita=True)
        h.texto("Comprobante de documento en trámite", 5.5, 2.6, util, centrado=True)
    if c.nota_reposicion:
        h.pdf.set_x(m)
        h.texto("REPOSICIÓN (§15.6) — " + c.nota_reposicion, 5.5, 2.6, util, negrita=True, color=(150, 20, 20))
    h.pdf.set_xy(m, h.pdf.get_y() + 1)
    for etiqueta, valor in _datos(c):
        h.dato(etiqueta, valor, m, util, 5.8)
    h.pdf.set_xy(m, h.pdf.get_y() + 1)
    h.texto(f"{c.nota_no_identifica} {c.nota_no_certifica}", 4.6, 2.2, util)
    _firmas(h, c, m, util, 4.2)
    if h.pdf.get_y() > alto - 1.5:
        raise CertificadoDemasiadoLargo(
            f"Los datos de la contraseña no caben en {ancho / 10:g} × {alto / 10:g} cm."
        )


def _reverso(h: _Hoja, c: ContrasenaAEmitir, ancho: float, alto: float, verde: bool) -> None:
    """Photo and right index (or principal) fingerprint, taken by the official (§15.4.1, §15.4.3)."""
    m = 4.0
    _fondo(h, ancho, alto, verde)
    h.pdf.set_xy(m, 3.5)
    h.texto(f"Contraseña No. {c.numero_preparacion}", 6, 2.8, ancho - 2 * m, centrado=True, negrita=True)
    alto_caja = alto - 22.0
    lado = min(alto_caja * 0.8, (ancho - 3 * m) / 2)
    arriba = 9.0
    izquierda = (ancho - 2 * lado - m) / 2
    h.caja(izquierda, arriba, lado, alto_caja, "FOTOGRAFÍA")
    h.caja(izquierda + lado + m, arriba, lado, alto_caja, "HUELLA ÍNDICE DERECHO")
    h.pdf.set_xy(izquierda + lado + m, arriba + alto_caja + 0.3)
    h.texto("(o la huella indicada como principal)", 4.4, 2.1, lado, centrado=True)
    y = alto - 7.5
    h.linea(m + 8, y, ancho - m - 8)
    h.pdf.set_xy(m, y + 0.5)
    h.texto("Firma y sello del funcionario que toma la fotografía y la huella", 4.6, 2.2, ancho - 2 * m,
            centrado=True)
