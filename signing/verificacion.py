"""``VerificadorQR`` port: offline check of a QR text against the published keys.

Checks format, key, signature, that the issuer claim is the entidad the key belongs to, and that the signer
certificate was valid when the document says it was issued. Whether the document is still *vigente* is not
decided here: the caller compares ``reclamos["expira_en"]`` (and its registry status) with its own clock.
"""

from __future__ import annotations

from domain.documentos import VerificacionQR
from signing.codigo_qr import FormatoQRInvalido, extraer_cose
from signing.cose import CABECERA_ALG, CABECERA_KID, ErrorCose, FirmaInvalida, decodificar_sign1, verificar_sign1
from signing.llaves import LONGITUD_KID, ClavePublica, Llavero
from signing.reclamos import ReclamosInvalidos, decodificar_reclamos

MOTIVO_VALIDO = "firma válida"
MOTIVO_FORMATO = "formato no reconocido"
MOTIVO_CLAVE = "clave desconocida"
MOTIVO_FIRMA = "firma no válida"
MOTIVO_EMISOR = "emisor no corresponde a la clave"
MOTIVO_CERTIFICADO = "certificado del firmante no vigente en la fecha de emisión"


class VerificadorFirmas:
    """Stateless after construction; safe to share between threads and requests."""

    def __init__(self, llavero_publico: Llavero, *, url_base: str | None = None) -> None:
        # A keyring with private keys works too, but verification never needs them.
        self._llavero = llavero_publico
        self._url_base = url_base

    def verificar(self, texto: str) -> VerificacionQR:
        try:
            mensaje = decodificar_sign1(extraer_cose(texto, url_base=self._url_base))
        except (FormatoQRInvalido, ErrorCose) as exc:
            return _rechazo(MOTIVO_FORMATO, str(exc))
        kid = mensaje.protegido.get(CABECERA_KID)
        if not isinstance(kid, bytes) or len(kid) != LONGITUD_KID or CABECERA_ALG not in mensaje.protegido:
            return _rechazo(MOTIVO_FORMATO, "la cabecera protegida debe llevar alg y un kid de 8 bytes")
        clave = self._llavero.clave_publica(kid)
        if clave is None:
            return VerificacionQR(valido=False, motivo=MOTIVO_CLAVE, clave_firma=kid.hex())
        try:
            verificar_sign1(mensaje, clave.llave)
        except FirmaInvalida:
            return VerificacionQR(valido=False, motivo=MOTIVO_FIRMA, clave_firma=kid.hex())
        except ErrorCose as exc:
            return _rechazo(MOTIVO_FORMATO, str(exc), kid)
        return _con_reclamos(mensaje.carga, clave)


def _con_reclamos(carga: bytes, clave: ClavePublica) -> VerificacionQR:
    kid = clave.kid.hex()
    try:
        reclamos = decodificar_reclamos(carga)
    except ReclamosInvalidos as exc:
        return _rechazo(MOTIVO_FORMATO, str(exc), clave.kid)
    if reclamos.emisor != clave.entidad_codigo:
        return VerificacionQR(False, MOTIVO_EMISOR, kid, reclamos.documento_id)
    if not clave.vigente_en(reclamos.emitido_en):
        return VerificacionQR(False, MOTIVO_CERTIFICADO, kid, reclamos.documento_id)
    return VerificacionQR(True, MOTIVO_VALIDO, kid, reclamos.documento_id, reclamos.como_dict())


def _rechazo(motivo: str, detalle: str, kid: bytes | None = None) -> VerificacionQR:
    return VerificacionQR(
        valido=False, motivo=f"{motivo}: {detalle}", clave_firma=kid.hex() if kid is not None else None
    )
