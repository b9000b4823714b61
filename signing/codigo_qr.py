"""The QR text: an upper-case URL that a phone opens and that also carries the signed COSE_Sign1.

    <URL_BASE EN MAYÚSCULAS>/V/1/<Base32 (RFC 4648, sin relleno) del COSE_Sign1>

Every character (A-Z, 0-9, ``:/.-``) is in the QR alphanumeric set, so the whole URL is encoded at 5.5 bits per
character instead of 8. Hosts are case-insensitive and the web route ``/V/1/{carga}`` is matched without regard to
case, so the same text works for a camera app and for an offline verifier. ``1`` is the format version.
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass

import segno

from domain.errores import DatoInvalido
from signing import mascara_qr

VERSION_FORMATO = "1"
NIVEL_ERROR = "m"
VERSION_MAXIMA = 15
TAMANO_IMPRESO_MM = 35.0
ESCALA_PNG = 4  # pixels per module: sharp when embedded, small PNG
MARGEN_MODULOS = 4  # the quiet zone the standard requires
LONGITUD_MAXIMA_TEXTO = 4296  # alphanumeric capacity of a version 40-L symbol

_BASE_VALIDA = re.compile(r"HTTPS?://[A-Z0-9.-]+(:[0-9]{1,5})?(/[A-Z0-9$%*+./:-]*)?")
# What may stand before "/V/" when reading: any http(s) URL without spaces (strictness is ``url_base``'s job).
_BASE_LEIDA = re.compile(r"HTTPS?://[^/\s]+(?:/\S*)?")
_CARGA = re.compile(r"[A-Z2-7]+")


# RFC 4648 Base32 alphabet → the digits int(x, 32) understands (0-9, A-V).
_A_DIGITOS_INT = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "0123456789ABCDEFGHIJKLMNOPQRSTUV")


class FormatoQRInvalido(ValueError):
    """The text is not a Ventanilla QR; the message is a Spanish reason."""


class URLNoCorresponde(FormatoQRInvalido):
    """The text carries a base URL other than the issuer's (docs/firma.md §1.1)."""

    def __init__(self, leida: str, esperada: str) -> None:
        super().__init__(f"la dirección del código ({leida}) no corresponde a la del emisor ({esperada})")
        self.leida = leida
        self.esperada = esperada


class QRDemasiadoGrande(DatoInvalido):
    codigo = "QR_DEMASIADO_GRANDE"


@dataclass(frozen=True)
class ImagenQR:
    png: bytes
    version: int
    modo: str
    modulos: int
    """Symbol width in modules, quiet zone included."""


class CodificadorQR:
    """Builds QR texts for one public base URL (a deployment setting)."""

    def __init__(self, url_base: str) -> None:
        base = normalizar_base(url_base)
        if not base_valida(base):
            raise ValueError(
                f"URL base no apta para un QR alfanumérico: {url_base!r} "
                "(solo http(s), letras, dígitos y . - : / en la ruta)"
            )
        self.url_base = base
        self.prefijo = f"{base}/V/{VERSION_FORMATO}/"

    def codificar(self, cose: bytes) -> str:
        return self.prefijo + base64.b32encode(cose).decode("ascii").rstrip("=")


def normalizar_base(url_base: str) -> str:
    """The form a base URL takes in QR texts and in the trust list: trimmed, no trailing slash, upper case."""
    return url_base.strip().rstrip("/").upper()


def base_valida(url_base: str) -> bool:
    """Whether an (already normalised) base URL can be written in a QR's alphanumeric mode."""
    return _BASE_VALIDA.fullmatch(url_base) is not None


def leer_texto_qr(texto: str) -> tuple[str, bytes]:
    """(base URL upper-cased, or "" for a ``/V/1/...`` path or a bare payload; COSE bytes), any letter case.

    The base is everything before the **last** ``/V/`` (the payload and the version never contain a ``/``, so a
    base whose path has a ``/V/`` of its own is read correctly). Raises ``FormatoQRInvalido``.
    """
    if len(texto) > LONGITUD_MAXIMA_TEXTO:
        raise FormatoQRInvalido("texto demasiado largo para un código QR")
    base, version, carga = _partes(texto.strip().upper())
    if version != VERSION_FORMATO:
        raise FormatoQRInvalido(f"versión de formato {version} no soportada")
    return base, _base32_estricto(carga)


def extraer_cose(texto: str, *, url_base: str | None = None) -> bytes:
    """Return the COSE bytes of a full URL, a ``/V/1/...`` path or a bare Base32 payload (any letter case).

    With ``url_base`` a full URL must point to that base; raises ``URLNoCorresponde`` otherwise.
    """
    base, cose = leer_texto_qr(texto)
    if url_base is not None and base and base != normalizar_base(url_base):
        raise URLNoCorresponde(base, normalizar_base(url_base))
    return cose


def _partes(texto: str) -> tuple[str, str, str]:
    """(base URL or "", format version, payload); a bare payload is taken as the current version."""
    marca = texto.rfind("/V/")
    if marca < 0:
        base, version, carga = "", VERSION_FORMATO, texto
    else:
        base = texto[:marca]
        version, _, carga = texto[marca + 3 :].partition("/")
    # Plain string checks before the regular expressions: this runs on every verification.
    if (
        (base and not _BASE_LEIDA.fullmatch(base))
        or not version.isdigit()
        or not _CARGA.fullmatch(carga)
    ):
        raise FormatoQRInvalido("no tiene la forma <URL>/V/1/<carga Base32>")
    return base, version, carga


def renderizar_qr(texto: str, *, version_maxima: int = VERSION_MAXIMA) -> ImagenQR:
    """PNG at error level M that prints about 35 mm wide (its pHYs chunk says so)."""
    mascara_qr.instalar()
    simbolo = segno.make(texto, error=NIVEL_ERROR, boost_error=False, micro=False)
    version = int(simbolo.version)
    if version > version_maxima:
        raise QRDemasiadoGrande(
            f"El código QR necesitaría la versión {version}; el máximo admitido es {version_maxima}."
        )
    modulos = int(simbolo.symbol_size(scale=1, border=MARGEN_MODULOS)[0])
    pixeles = modulos * ESCALA_PNG
    salida = io.BytesIO()
    simbolo.save(
        salida, kind="png", scale=ESCALA_PNG, border=MARGEN_MODULOS,
        dpi=round(pixeles * 25.4 / TAMANO_IMPRESO_MM),
    )
    return ImagenQR(salida.getvalue(), version, str(simbolo.mode), modulos)


def _base32_estricto(carga: str) -> bytes:
    """RFC 4648 Base32 without padding, rejecting every non-canonical spelling.

    The stdlib decoder is a Python loop (~35 µs for a QR payload, a third of an ECDSA verify); mapping the
    alphabet onto int()'s base-32 digits does the same in C. Canonical means: no character is wholly padding
    (length 1, 3 or 6 modulo 8) and the unused low bits of the last character are zero; otherwise two different
    texts would decode to the same bytes.
    """
    bits = 5 * len(carga)
    longitud, sobrantes = divmod(bits, 8)
    if sobrantes >= 5:
        raise FormatoQRInvalido("la carga no es Base32 válido (longitud)")
    valor = int(carga.translate(_A_DIGITOS_INT), 32)
    if valor & ((1 << sobrantes) - 1):
        raise FormatoQRInvalido("la carga no es Base32 canónico")
    return (valor >> sobrantes).to_bytes(longitud, "big")
