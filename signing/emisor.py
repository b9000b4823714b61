"""``EmisorDocumentos`` port: claims → COSE_Sign1 → QR text and PNG → PDF → PAdES signature.

The PDF layout is chosen by document kind from a small registry (``renderizadores_por_tipo``); kinds not in it use
the generic certificate page (``signing/pdf.py``).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Protocol

from domain.documentos import CertificadoAEmitir, DocumentoEmitido, Suscriptor
from domain.fechas import fecha_larga
from domain.firmas import TIPO_CERTIFICACION_FIRMA
from domain.reloj import Reloj
from domain.tradicion import TIPO_CERTIFICADO_TRADICION
from signing.certificacion_pdf import RenderizadorCertificacionFirma
from signing.codigo_qr import CodificadorQR, renderizar_qr
from signing.cose import firmar_sign1
from signing.fuentes import FuentesDejaVu
from signing.llaves import ClaveFirmaNoDisponible, Firmante, Llavero
from signing.pades import FirmadorPades
from signing.pdf import RenderizadorPdf
from signing.pdf_tradicion import RenderizadorCertificadoTradicion
from signing.reclamos import ReclamosCertificado, codificar_reclamos, expiracion_de

RUTA_VERIFICACION = "/verificar"


class Renderizador(Protocol):
    def renderizar(self, certificado: CertificadoAEmitir, qr_png: bytes, url_verificacion: str) -> bytes: ...


def renderizadores_por_tipo(fuentes: FuentesDejaVu | None, url_base: str) -> dict[str, Renderizador]:
    """The document kinds with a layout of their own: seed 002 §7.3's certificación de firma and seed 003's
    certificado de libertad y tradición (T-18, T-33; several pages)."""
    return {TIPO_CERTIFICACION_FIRMA: RenderizadorCertificacionFirma(fuentes, url_base=url_base),
            TIPO_CERTIFICADO_TRADICION: RenderizadorCertificadoTradicion(fuentes)}


class _RelojDelSistema:
    def ahora(self) -> datetime:
        return datetime.now(UTC)


class EmisorFirmado:
    """Issues signed certificates with each entidad's newest active key. Thread-safe; build one per process."""

    def __init__(
        self,
        llavero: Llavero,
        url_base: str,
        *,
        reloj: Reloj | None = None,
        url_verificacion: str | None = None,
        renderizador: RenderizadorPdf | None = None,
        renderizadores: Mapping[str, Renderizador] | None = None,
    ) -> None:
        self._llavero = llavero
        self._qr = CodificadorQR(url_base)
        self._reloj: Reloj = reloj or _RelojDelSistema()
        # The human-typable address printed under the QR (the QR itself carries the long URL).
        self._url_verificacion = url_verificacion or url_base.rstrip("/") + RUTA_VERIFICACION
        self._renderizador = renderizador or RenderizadorPdf()
        # Per-kind layouts draw with the generic renderer's face, so a core-font emisor stays core-font throughout.
        self._renderizadores: Mapping[str, Renderizador] = (
            renderizadores if renderizadores is not None
            else renderizadores_por_tipo(self._renderizador.fuentes, url_base)
        )
        self._firmadores: dict[bytes, FirmadorPades] = {}  # per kid: a rotation brings a new one
        self._candado = threading.Lock()

    def emitir(self, certificado: CertificadoAEmitir) -> DocumentoEmitido:
        # The newest active key allowed to sign this kind; after a rotation (even by another process: the
        # keyring follows its folder) new documents carry the new kid at once.
        firmante = self._llavero.firmante(certificado.entidad_codigo, certificado.tipo)
        ahora = self._reloj.ahora()
        if not firmante.vigente_en(ahora):
            # Verifiers reject a QR issued outside the signer certificate's validity: fail now, not later.
            raise ClaveFirmaNoDisponible(
                f"El certificado de firma de {certificado.entidad_codigo} no está vigente; hay que renovarlo."
            )
        cose = firmar_sign1(codificar_reclamos(_reclamos(certificado, ahora)), firmante.llave_privada, firmante.kid)
        texto = self._qr.codificar(cose)
        imagen = renderizar_qr(texto)
        renderizador = self._renderizadores.get(certificado.tipo, self._renderizador)
        # The page names the holder of the certificate that signs it, as that certificate names it.
        con_firma = replace(certificado, firma_digital=suscriptor_firma(firmante))
        pdf = renderizador.renderizar(con_firma, imagen.png, self._url_verificacion)
        firmado = self._firmador(firmante).firmar(pdf)
        return DocumentoEmitido(pdf=firmado, qr=texto, clave_firma=firmante.kid.hex())

    def _firmador(self, firmante: Firmante) -> FirmadorPades:
        with self._candado:
            firmador = self._firmadores.get(firmante.kid)
            if firmador is None:
                firmador = FirmadorPades(firmante)
                self._firmadores[firmante.kid] = firmador
            return firmador


def suscriptor_firma(firmante: Firmante) -> Suscriptor:
    """The digital-signature holder as a page prints it: the certificate's organisation, and which certificate
    (the key id the verification page shows, and until when it is valid)."""
    hasta = firmante.certificado.not_valid_after_utc.date()
    cargo = f"Certificado de firma digital {firmante.kid.hex().upper()}, vigente hasta el {fecha_larga(hasta)}"
    return Suscriptor(firmante.entidad_nombre, cargo)


def _reclamos(certificado: CertificadoAEmitir, ahora: datetime) -> ReclamosCertificado:
    return ReclamosCertificado(
        emisor=certificado.entidad_codigo,
        documento_id=certificado.documento_id,
        emitido_en=ahora,
        expira_en=expiracion_de(certificado.vigente_hasta),
        tipo=certificado.tipo,
        numero=certificado.numero,
        titular=certificado.titular_nombre,
        identificacion=certificado.titular_identificacion,
        fecha_expedicion=certificado.fecha_expedicion,
        vigente_hasta=certificado.vigente_hasta,
        placa=certificado.placa_qr(),
    )
