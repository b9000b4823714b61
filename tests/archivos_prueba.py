"""Real files for the tests, made in memory: legitimate PDFs and images, and the attack files of issue 7 §3.

Everything is generated (nothing binary is committed), each attack in the smallest form that still is the attack.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pikepdf
from fpdf import FPDF
from PIL import Image

HTML = b"<!DOCTYPE html><html><body><script>fetch('/admin/')</script></body></html>"


def pdf_valido(texto: str = "Documento de prueba") -> bytes:
    """A one-page PDF as fpdf2 writes it: what a scanner or "print to PDF" hands a citizen."""
    pdf = FPDF(format=(148, 210))  # A5 in mm
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=texto)
    return bytes(pdf.output())


def imagen_valida(formato: str = "PNG", tamano: tuple[int, int] = (8, 6)) -> bytes:
    salida = io.BytesIO()
    Image.new("RGB", tamano, (20, 90, 160)).save(salida, format=formato)
    return salida.getvalue()


def pdf_crudo(*objetos: bytes, antes: bytes = b"", despues: bytes = b"") -> bytes:
    """A PDF written by hand with an exact xref table: object ``n`` is ``objetos[n-1]``, object 1 the catalogue.

    ``antes`` goes right after the header (a comment, say), ``despues`` after ``%%EOF``.
    """
    partes = [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + antes]
    desplazamientos = []
    for numero, cuerpo in enumerate(objetos, start=1):
        desplazamientos.append(sum(len(p) for p in partes))
        partes.append(b"%d 0 obj\n%s\nendobj\n" % (numero, cuerpo))
    inicio_xref = sum(len(p) for p in partes)
    tabla = b"".join(b"%010d 00000 n \n" % d for d in desplazamientos)
    partes.append(b"xref\n0 %d\n0000000000 65535 f \n%s" % (len(objetos) + 1, tabla))
    partes.append(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objetos) + 1, inicio_xref))
    return b"".join(partes) + despues


def pdf_una_pagina(*extra: bytes, catalogo: bytes = b"", pagina: bytes = b"", **kw: bytes) -> bytes:
    """Catalogue (1), pages (2), page (3), then ``extra`` objects from 4 on; ``catalogo``/``pagina`` add entries."""
    return pdf_crudo(
        b"<< /Type /Catalog /Pages 2 0 R " + catalogo + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << >> " + pagina + b">>",
        *extra, **kw,
    )


def pdf_con_javascript(en_flujo_de_objetos: bool = False) -> bytes:
    """/OpenAction running JavaScript, plus a document-level script in /Names /JavaScript (pikepdf-built)."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    accion = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")))
    pdf.Root.OpenAction = accion
    pdf.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(Names=pikepdf.Array(["x", accion])))
    salida = io.BytesIO()
    modo = pikepdf.ObjectStreamMode.generate if en_flujo_de_objetos else pikepdf.ObjectStreamMode.disable
    pdf.save(salida, object_stream_mode=modo, compress_streams=True)
    return salida.getvalue()


def pdf_poliglota() -> bytes:
    """PDF, HTML and ZIP at once: a valid PDF whose comment is a web page and after whose %%EOF sits a ZIP."""
    return pdf_una_pagina(antes=b"%" + HTML + b"\n", despues=zip_con(b"carga.html", HTML))


def zip_con(nombre: bytes, datos: bytes) -> bytes:
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w") as z:
        z.writestr(nombre.decode(), datos)
    return salida.getvalue()


def png_bomba(ancho: int = 30_000, alto: int = 30_000) -> bytes:
    """A PNG that decodes to ``ancho`` × ``alto`` 1-bit pixels (900 MP, ~112 MB as raw rows), about 110 KB on
    disk: zero rows compressed one at a time, so the test never holds the decoded image."""
    fila = b"\x00" * (1 + (ancho + 7) // 8)  # filter byte + packed bits
    compresor = zlib.compressobj(9)
    datos = b"".join(compresor.compress(fila) for _ in range(alto)) + compresor.flush()
    ihdr = struct.pack(">IIBBBBB", ancho, alto, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + _trozo(b"IHDR", ihdr) + _trozo(b"IDAT", datos) + _trozo(b"IEND", b"")


def _trozo(tipo: bytes, datos: bytes) -> bytes:
    return struct.pack(">I", len(datos)) + tipo + datos + struct.pack(">I", zlib.crc32(tipo + datos))


def png_con_html_al_final() -> bytes:
    return imagen_valida("PNG") + HTML


def jpeg_que_es_html() -> bytes:
    """JPEG magic bytes, then a web page: what a check of the first bytes alone lets through."""
    return b"\xff\xd8\xff\xe0" + HTML


PDF_5_BYTES = b"%PDF-"
