"""The real upload parser (persistence.inspeccion_archivos: pikepdf and Pillow) on real files, attacks and legitimate.

The six attack files of issue 7 §3 go through ``validar_archivo`` with the catálogo's rules, as an upload does; the
mechanisms behind each refusal are then tested one by one, so that no refusal hides behind another.
"""

from __future__ import annotations

import io
from datetime import date

import pikepdf
import pytest
from PIL import Image

from domain.archivos import validar_archivo
from domain.errores import ArchivoInvalido
from domain.motor.catalogo import CatalogoTramites
from persistence.inspeccion_archivos import InspectorContenido
from tests.archivos_prueba import (
    HTML,
    PDF_5_BYTES,
    imagen_valida,
    jpeg_que_es_html,
    pdf_con_javascript,
    pdf_poliglota,
    pdf_una_pagina,
    pdf_valido,
    png_bomba,
    png_con_html_al_final,
    zip_con,
)

REGLAS = CatalogoTramites.predeterminado().vigente("SDG-CERT-RESIDENCIA", date(2026, 1, 1)).entidad.archivos
INSPECTOR = InspectorContenido()
REHAGALO = "Imprímalo a PDF de nuevo o escanéelo."

ATAQUES_DEL_ISSUE = {
    "png_con_html_al_final": ("recibo.png", png_con_html_al_final(), "esconde otro tipo de archivo (una página web"),
    "pdf_html_zip_poliglota": ("recibo.pdf", pdf_poliglota(), "esconde otro tipo de archivo"),
    "pdf_openaction_javascript": ("recibo.pdf", pdf_con_javascript(), "contiene JavaScript o acciones automáticas"),
    "png_bomba_30000x30000": ("recibo.png", png_bomba(), "mide 30.000 × 30.000 píxeles; el máximo es 40 megapíxeles"),
    "jpeg_que_es_html": ("recibo.jpg", jpeg_que_es_html(), "esconde otro tipo de archivo"),
    "pdf_de_5_bytes": ("recibo.pdf", PDF_5_BYTES, "incompleto"),
}


@pytest.mark.parametrize("caso", list(ATAQUES_DEL_ISSUE))
def test_los_ataques_del_issue_se_rechazan_con_su_razon(caso: str) -> None:
    nombre, contenido, razon = ATAQUES_DEL_ISSUE[caso]
    with pytest.raises(ArchivoInvalido) as error:
        validar_archivo(nombre, contenido, REGLAS, INSPECTOR)
    assert razon in error.value.mensaje and f"«{nombre}»" in error.value.mensaje
    assert error.value.campo == "contenido"


def _razon(tipo: str, contenido: bytes, inspector: InspectorContenido = INSPECTOR) -> str | None:
    try:
        inspector.inspeccionar("x", tipo, contenido)
    except ArchivoInvalido as error:
        return error.mensaje
    return None


def _pdf_pikepdf(**guardar: object) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    salida = io.BytesIO()
    pdf.save(salida, **guardar)  # type: ignore[arg-type]
    return salida.getvalue()


FLUJOS_DE_OBJETOS = pikepdf.ObjectStreamMode.generate


def _al_abrir(accion: bytes) -> bytes:
    return pdf_una_pagina(b"<< " + accion + b" >>", catalogo=b"/OpenAction 4 0 R ")


def _enlace(accion: bytes) -> bytes:
    """A link annotation on the page: the action runs when the reader clicks it."""
    return pdf_una_pagina(b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << " + accion + b" >> >>",
                          pagina=b"/Annots [4 0 R] ")


LEGITIMOS = {
    "pdf_fpdf2": ("application/pdf", pdf_valido()),
    "pdf_qpdf_con_flujos_de_objetos": ("application/pdf", _pdf_pikepdf(object_stream_mode=FLUJOS_DE_OBJETOS)),
    "pdf_con_espacios_tras_eof": ("application/pdf", pdf_una_pagina(despues=b"\r\n \x00\n")),
    "pdf_abre_en_la_pagina_1": ("application/pdf", pdf_una_pagina(catalogo=b"/OpenAction [3 0 R /Fit] ")),
    "pdf_abre_con_goto": ("application/pdf", _al_abrir(b"/S /GoTo /D [3 0 R /Fit]")),
    "pdf_con_enlace_web": ("application/pdf", _enlace(b"/S /URI /URI (https://www.gov.co)")),
    "pdf_cifrado_sin_clave_de_apertura": ("application/pdf", _pdf_pikepdf(encryption=pikepdf.Encryption(owner="d"))),
    "png": ("image/png", imagen_valida("PNG")),
    "jpeg": ("image/jpeg", imagen_valida("JPEG", (64, 48))),
    "png_justo_en_el_limite": ("image/png", png_bomba(8000, 5000)),
}


@pytest.mark.parametrize("caso", list(LEGITIMOS))
def test_archivos_legitimos_pasan(caso: str) -> None:
    tipo, contenido = LEGITIMOS[caso]
    assert _razon(tipo, contenido) is None


def test_jpeg_de_telefono_con_imagenes_anexas_declaradas_pasa() -> None:
    """Ultra HDR gain maps and MPO photos append JPEGs after the first EOI, declared in an MPF segment."""
    salida = io.BytesIO()
    Image.new("RGB", (32, 32), "red").save(salida, format="MPO", save_all=True,
                                           append_images=[Image.new("RGB", (16, 16), "blue")])
    assert _razon("image/jpeg", salida.getvalue()) is None
    dos_jpeg_sin_indice = imagen_valida("JPEG") + imagen_valida("JPEG")
    assert "datos ocultos después del final de la imagen" in (_razon("image/jpeg", dos_jpeg_sin_indice) or "")


PDF_RECHAZADOS = {
    "datos_tras_eof": (pdf_una_pagina(despues=b"MZ\x90\x00ejecutable"), "datos ocultos después del final"),
    "zip_antes_del_eof": (
        pdf_una_pagina(antes=b"%" + zip_con(b"a.txt", b"hola").replace(b"\n", b" ") + b"\n"),
        "esconde otro tipo de archivo"),
    "html_en_un_comentario": (pdf_una_pagina(antes=b"%" + HTML + b"\n"), "esconde otro tipo de archivo"),
    "javascript_en_flujo_de_objetos": (pdf_con_javascript(en_flujo_de_objetos=True), "JavaScript o acciones"),
    "nombres_ofuscados": (_al_abrir(b"/S /J#61vaScript /J#53 (app.alert(1))"), "JavaScript o acciones"),
    "aa_en_la_pagina": (pdf_una_pagina(pagina=b"/AA << /O << /S /Named /N /Print >> >> "), "acciones automáticas"),
    "launch": (_enlace(b"/S /Launch /F (cmd.exe)"), "acciones automáticas"),
    "submitform": (_al_abrir(b"/S /SubmitForm /F (https://x.example)"), "acciones automáticas"),
    "importdata": (_enlace(b"/S /ImportData /F (datos.fdf)"), "acciones automáticas"),
    "abre_una_url_al_abrir": (_al_abrir(b"/S /URI /URI (https://x.example/rastreo)"), "acciones automáticas"),
    "archivo_adjunto": (
        pdf_una_pagina(b"<< /EmbeddedFiles << /Names [(a.exe) 5 0 R] >> >>", b"<< /Type /Filespec /F (a.exe) >>",
                       catalogo=b"/Names 4 0 R "),
        "archivos adjuntos"),
    "xfa": (
        pdf_una_pagina(b"<< /Fields [] /XFA 5 0 R >>", b"<< /Length 0 >>\nstream\n\nendstream",
                       catalogo=b"/AcroForm 4 0 R "),
        "formulario dinámico (XFA)"),
    "richmedia": (
        pdf_una_pagina(b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 9 9] >>", pagina=b"/Annots [4 0 R] "),
        "contenido multimedia"),
    "xref_que_no_apunta_al_objeto": (
        pdf_una_pagina().replace(b"0000000015 00000 n", b"0000000016 00000 n"), "dañado o incompleto"),
    "sin_paginas": (pdf_una_pagina().replace(b"/Kids [3 0 R] /Count 1", b"/Kids [] /Count 0     "), "no tiene páginas"),
    "con_clave_de_apertura": (_pdf_pikepdf(encryption=pikepdf.Encryption(owner="d", user="secreta")), "contraseña"),
    "truncado": (pdf_valido()[:-200] + b"\n%%EOF\n", "dañado o incompleto"),
}


@pytest.mark.parametrize("caso", list(PDF_RECHAZADOS))
def test_pdf_rechazado(caso: str) -> None:
    contenido, razon = PDF_RECHAZADOS[caso]
    mensaje = _razon("application/pdf", contenido)
    assert mensaje is not None and razon in mensaje, mensaje
    if "páginas" not in razon and "contraseña" not in razon and "esconde" not in razon:
        assert mensaje.endswith(REHAGALO)


def _png_con_idat_alterado() -> bytes:
    png = imagen_valida("PNG")
    inicio = png.index(b"IDAT") + 4
    return png[:inicio] + bytes([png[inicio] ^ 0xFF]) + png[inicio + 1:]


IMAGENES_RECHAZADAS = {
    "png_con_bytes_tras_iend": ("image/png", imagen_valida("PNG") + b"\x00\x01", "datos ocultos después del final"),
    "jpeg_con_bytes_tras_eoi": ("image/jpeg", imagen_valida("JPEG") + b"MZ", "datos ocultos después del final"),
    "png_truncado": ("image/png", imagen_valida("PNG")[:-12], "dañada o no es un PNG completo"),
    "jpeg_truncado": ("image/jpeg", imagen_valida("JPEG", (64, 48))[:-40], "dañada o no es un JPG completo"),
    "png_con_crc_malo": ("image/png", _png_con_idat_alterado(), "dañada o no es un PNG completo"),
    "png_una_fila_sobre_el_limite": ("image/png", png_bomba(8000, 5001), "8.000 × 5.001 píxeles"),
    "png_que_dice_ser_jpeg": ("image/jpeg", imagen_valida("PNG"), "dañada o no es un JPG completo"),
}


@pytest.mark.parametrize("caso", list(IMAGENES_RECHAZADAS))
def test_imagen_rechazada(caso: str) -> None:
    tipo, contenido, razon = IMAGENES_RECHAZADAS[caso]
    mensaje = _razon(tipo, contenido)
    assert mensaje is not None and razon in mensaje, mensaje


def test_el_limite_de_pixeles_es_configurable() -> None:
    foto = imagen_valida("JPEG", (400, 300))
    assert _razon("image/jpeg", foto, InspectorContenido(max_pixeles=120_000)) is None
    mensaje = _razon("image/jpeg", foto, InspectorContenido(max_pixeles=119_999))
    assert mensaje is not None and "400 × 300 píxeles; el máximo es 0,119999 megapíxeles" in mensaje
