"""PDF uploads parsed by qpdf (pikepdf): one whole, undamaged document, nothing after it, no active content.

What is refused and why is in docs/archivos.md. In short:
- qpdf opens the file *without* its recovery mode and every object is resolved: a broken cross-reference table,
  an object that is not where the table says, or any parser warning means two readers may see two different
  documents (the trick behind many polyglots), so the file is refused instead of repaired;
- after the last ``%%EOF`` only whitespace may follow (a ZIP or HTML appended to a PDF is the classic polyglot);
- every object (including those packed in object streams: qpdf unpacks them) and every dictionary nested in it is
  walked; names are compared after qpdf has decoded them, so ``/J#61vaScript`` is ``/JavaScript``;
- streams are *not* decoded: a few megabytes of compressed zeros would cost the server gigabytes or minutes, and
  what a page draws is the viewer's business. Only structure is judged here.
"""

from __future__ import annotations

import io

import pikepdf

from domain.errores import ArchivoInvalido

_REHAGALO = "Imprímalo a PDF de nuevo o escanéelo."
_ESPACIOS = b" \t\r\n\x0c\x00"

# Keys whose mere presence means code or an automatic action (the viewer runs it, nobody clicks).
_CLAVES_ACTIVAS = frozenset({"/JS", "/JavaScript", "/AA"})
_CLAVES_ADJUNTOS = frozenset({"/EmbeddedFiles", "/EF"})
_CLAVES_DINAMICAS = frozenset({"/XFA", "/RichMediaContent", "/RichMediaSettings"})
# Action types (/S) that run code, open or send files, or fetch something. /GoTo and /URI links stay allowed: a
# reader has to click them, and a browser would ask before opening a URL.
_ACCIONES_ACTIVAS = frozenset({
    "/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE", "/RichMediaExecute", "/Rendition",
})
_SUBTIPOS_DINAMICOS = frozenset({"/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"})
_SUBTIPOS_ADJUNTOS = frozenset({"/FileAttachment"})


class _Hallado(Exception):
    """Internal: what the walk found, turned into a Spanish message by ``inspeccionar_pdf``."""

    def __init__(self, clase: str) -> None:
        self.clase = clase


def inspeccionar_pdf(nombre: str, contenido: bytes) -> None:
    """Raise ``ArchivoInvalido`` unless ``contenido`` is one whole, undamaged PDF without active content."""
    if not contenido.rstrip(_ESPACIOS).endswith(b"%%EOF"):
        raise ArchivoInvalido(
            f"El PDF «{nombre}» tiene datos ocultos después del final del documento, o está incompleto; por "
            f"seguridad no se acepta. {_REHAGALO}",
            campo="contenido",
        )
    try:
        # attempt_recovery=False: a damaged file is refused, never silently rebuilt into some other document.
        with pikepdf.Pdf.open(io.BytesIO(contenido), attempt_recovery=False) as pdf:
            paginas = len(pdf.pages)
            _recorrer(pdf)
            avisos = pdf.get_warnings()
    except pikepdf.PasswordError:
        raise ArchivoInvalido(
            f"El PDF «{nombre}» está protegido con contraseña; envíelo sin contraseña.", campo="contenido"
        ) from None
    except _Hallado as hallado:
        raise ArchivoInvalido(_MENSAJES[hallado.clase].format(nombre=nombre), campo="contenido") from None
    except Exception:  # qpdf and pikepdf raise many kinds; any failure to parse the file is a refusal
        raise _danado(nombre) from None
    if avisos:
        raise _danado(nombre)
    if paginas == 0:
        raise ArchivoInvalido(f"El PDF «{nombre}» no tiene páginas.", campo="contenido")


def _danado(nombre: str) -> ArchivoInvalido:
    return ArchivoInvalido(
        f"El PDF «{nombre}» está dañado o incompleto y no se puede leer completo; por seguridad no se acepta. "
        f"{_REHAGALO}",
        campo="contenido",
    )


_MENSAJES = {
    "activo": f"El PDF «{{nombre}}» contiene JavaScript o acciones automáticas; por seguridad no se acepta. "
              f"{_REHAGALO}",
    "adjuntos": "El PDF «{nombre}» lleva otros archivos adjuntos dentro; por seguridad no se acepta. Envíe cada "
                f"documento por separado. {_REHAGALO}",
    "dinamico": "El PDF «{nombre}» contiene un formulario dinámico (XFA) o contenido multimedia; por seguridad no "
                f"se acepta. {_REHAGALO}",
}


def _recorrer(pdf: pikepdf.Pdf) -> None:
    """Visit every indirect object and, inside each, every direct dictionary and array (references are not
    followed: the object they point to is visited on its own)."""
    pila: list[object] = [pdf.trailer, *pdf.objects]
    while pila:
        objeto = pila.pop()
        if isinstance(objeto, pikepdf.Dictionary | pikepdf.Stream):
            _revisar_diccionario(objeto)
            hijos = [objeto[clave] for clave in objeto.keys()]  # noqa: SIM118 (a Stream has keys(), no __iter__)
        elif isinstance(objeto, pikepdf.Array):
            hijos = list(objeto)
        else:
            continue
        pila.extend(h for h in hijos if isinstance(h, pikepdf.Object) and not h.is_indirect)


def _revisar_diccionario(d: pikepdf.Dictionary | pikepdf.Stream) -> None:
    claves = set(d.keys())
    if claves & _CLAVES_ACTIVAS or _nombre(d, "/S") in _ACCIONES_ACTIVAS:
        raise _Hallado("activo")
    if "/OpenAction" in claves and not _apertura_inofensiva(d["/OpenAction"]):
        raise _Hallado("activo")
    if claves & _CLAVES_ADJUNTOS or _nombre(d, "/Type") == "/EmbeddedFile" \
            or _nombre(d, "/Subtype") in _SUBTIPOS_ADJUNTOS:
        raise _Hallado("adjuntos")
    if claves & _CLAVES_DINAMICAS or _nombre(d, "/Subtype") in _SUBTIPOS_DINAMICOS:
        raise _Hallado("dinamico")


def _apertura_inofensiva(accion: object) -> bool:
    """Word and most printers write ``/OpenAction [page /Fit]``: where to open, not something to run."""
    if isinstance(accion, pikepdf.Array):
        return True
    return isinstance(accion, pikepdf.Dictionary) and _nombre(accion, "/S") == "/GoTo" and "/Next" not in accion


def _nombre(d: pikepdf.Dictionary | pikepdf.Stream, clave: str) -> str | None:
    valor = d.get(clave)
    return str(valor) if isinstance(valor, pikepdf.Name) else None
