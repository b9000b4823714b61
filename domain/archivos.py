"""Checks on uploaded files: type by its first bytes, size and name as the catálogo says, then the whole content
parsed by the ``InspectorArchivos`` port (well-formed, nothing trailing, no active content: docs/archivos.md)."""

from __future__ import annotations

import re

from domain.errores import ArchivoInvalido
from domain.motor.esquema import ReglasArchivo
from domain.puertos import InspectorArchivos
from domain.redaccion import enumerar
from domain.textos import NOMBRE, tiene_controles

# Signatures of the accepted formats. The extension alone proves nothing: a renamed .exe must be refused.
_FIRMAS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
_EXTENSIONES = {"pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}
_NOMBRES_TIPO = {"application/pdf": "PDF", "image/jpeg": "JPG", "image/png": "PNG"}


def tipo_por_contenido(contenido: bytes) -> str | None:
    for firma, tipo in _FIRMAS:
        if contenido.startswith(firma):
            return tipo
    return None


def validar_archivo(nombre: str, contenido: bytes, reglas: ReglasArchivo, inspector: InspectorArchivos) -> str:
    """Return the media type of a valid file, or raise ArchivoInvalido with a Spanish reason.

    The cheap checks go first, so the parser only ever sees files of an accepted type and size.
    """
    permitidos = enumerar(_NOMBRES_TIPO.get(t, t) for t in reglas.tipos_medio)
    if len(nombre) > NOMBRE:
        raise ArchivoInvalido(f"El nombre del archivo admite máximo {NOMBRE} caracteres ({reglas.fuente}).",
                              campo="nombre")
    if tiene_controles(nombre) or not re.fullmatch(reglas.patron_nombre, nombre):
        raise ArchivoInvalido(
            f"El nombre «{nombre}» no es válido: use solo minúsculas, números, guiones y la extensión "
            f"del archivo, sin tildes, espacios ni caracteres especiales ({reglas.fuente}).",
            campo="nombre",
        )
    if len(contenido) == 0:
        raise ArchivoInvalido(f"El archivo «{nombre}» está vacío.", campo="contenido")
    if len(contenido) > reglas.tamano_maximo_bytes:
        megas = reglas.tamano_maximo_bytes / (1024 * 1024)
        raise ArchivoInvalido(
            f"El archivo «{nombre}» pesa {len(contenido) / (1024 * 1024):.1f} MB; el máximo es {megas:g} MB "
            f"({reglas.fuente}).",
            campo="contenido",
        )
    tipo = tipo_por_contenido(contenido)
    if tipo is None or tipo not in reglas.tipos_medio:
        raise ArchivoInvalido(
            f"El contenido de «{nombre}» no es un {permitidos} válido ({reglas.fuente}).", campo="contenido"
        )
    extension = nombre.rsplit(".", 1)[-1]
    if _EXTENSIONES.get(extension) != tipo:
        raise ArchivoInvalido(
            f"La extensión de «{nombre}» no corresponde a su contenido ({_NOMBRES_TIPO[tipo]}).", campo="nombre"
        )
    inspector.inspeccionar(nombre, tipo, contenido)
    return tipo


def inspeccionar(inspector: InspectorArchivos, nombre: str, tipo: str, contenido: bytes, campo: str) -> None:
    """The port's deep check for uploads outside the catálogo's rules; its refusal is reported on ``campo``."""
    try:
        inspector.inspeccionar(nombre, tipo, contenido)
    except ArchivoInvalido as error:
        raise ArchivoInvalido(error.mensaje, campo=campo) from None
