"""PAdES B-B signatures (ECDSA P-256 + SHA-256, or Ed25519 + SHA-512) with pyHanko, tuned for issuing many certificates.

pyHanko's defaults cost 35-50 ms a page; three changes bring it to 2-3 ms:

- ``SimpleSigner`` re-parses the private key for every signature: ours holds the loaded ``cryptography`` key.
- Without ``bytes_reserved`` every PDF is signed twice (once to measure the CMS): the size is fixed per signer.
- pyHanko rebuilds the CMS SignedData through asn1crypto each time (~8 ms, and asn1crypto re-encodes the whole
  container from scratch whenever its length happens to end in 0x80): here pyHanko builds it once, for a marker
  digest, and every signature re-uses it as a template (``signing/cms.py``). The CMS goes back into the PDF
  through pyHanko's documented "interrupted signing" API (``async_digest_doc_for_signing`` then
  ``PdfTBSDocument.async_finish_signing``), so pyHanko still lays out the signature dictionary and ByteRange.

pyHanko's synchronous ``sign_pdf`` calls ``asyncio.run``, which fails in a thread whose event loop is running.
``FirmadorPades.firmar`` runs the async signing coroutine on a private loop instead, and when it is itself
called inside a running loop it hands the work to a helper thread, so it is safe from any context.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import threading
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from asn1crypto import x509 as asn1_x509
from asn1crypto.algos import SignedDigestAlgorithm
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes, Signer
from pyhanko.sign.signers.pdf_signer import PdfTBSDocument
from pyhanko_certvalidator.registry import SimpleCertificateStore

from signing.cms import PlantillaCms
from signing.llaves import Firmante

CAMPO_FIRMA = "FirmaEntidad"
ALGORITMO_RESUMEN = "sha256"
# DER ECDSA P-256 signatures are at most 72 bytes; pyHanko only needs the length for a dry run.
_FIRMA_FICTICIA = bytes(72)
_MARCADOR = hashlib.sha256(b"ventanilla: resumen marcador de la plantilla CMS").digest()
_MARCADOR_EDDSA = hashlib.sha512(b"ventanilla: resumen marcador de la plantilla CMS").digest()
ALGORITMO_RESUMEN_EDDSA = "sha512"
# Signed attributes, algorithm identifiers and DER framing around the certificates, with room to spare.
_HOLGURA_CMS = 2048
_BLOQUE = 512

T = TypeVar("T")


class _FirmanteEnMemoria(Signer):
    """A pyHanko signer over an already parsed key (``SimpleSigner`` would re-parse it every time)."""

    def __init__(self, firmante: Firmante) -> None:
        certificado = _a_asn1(firmante.certificado)
        self._llave = firmante.llave_privada
        # RFC 8419 §3: Ed25519 in CMS goes with SHA-512 message digests.
        self.eddsa = isinstance(self._llave, Ed25519PrivateKey)
        self.resumen = ALGORITMO_RESUMEN_EDDSA if self.eddsa else ALGORITMO_RESUMEN
        super().__init__(
            signing_cert=certificado,
            # pyHanko adds the signing certificate itself; listing it here too would embed it twice.
            cert_registry=SimpleCertificateStore.from_certs([_a_asn1(firmante.raiz)]),
            signature_mechanism=SignedDigestAlgorithm({"algorithm": "ed25519" if self.eddsa else "sha256_ecdsa"}),
            embed_roots=True,
        )

    async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
        if digest_algorithm != self.resumen:
            raise SigningError(f"Resumen {digest_algorithm} no soportado; se usa {self.resumen}.")
        return _FIRMA_FICTICIA if dry_run else self.firmar_crudo(data)

    async def plantilla(self) -> PlantillaCms:
        """Let pyHanko build one PAdES B-B CMS for a marker digest, to serve as the template."""
        marcador = _MARCADOR_EDDSA if self.eddsa else _MARCADOR
        contenido = await self.async_sign(
            marcador, self.resumen, use_pades=True, signed_attr_settings=PdfCMSSignedAttributes()
        )
        return PlantillaCms.desde(contenido.dump(), marcador)

    def firmar_crudo(self, datos: bytes) -> bytes:
        if isinstance(self._llave, Ed25519PrivateKey):
            return self._llave.sign(datos)
        return self._llave.sign(datos, ec.ECDSA(hashes.SHA256()))


class FirmadorPades:
    """Signs PDFs for one entidad. Thread-safe; build it once per entidad and reuse it."""

    def __init__(self, firmante: Firmante, *, razon: str | None = None, ubicacion: str = "Colombia") -> None:
        self._firmante = _FirmanteEnMemoria(firmante)
        self._plantilla = _ejecutar(self._firmante.plantilla())
        self._metadatos = signers.PdfSignatureMetadata(
            field_name=CAMPO_FIRMA,
            md_algorithm=self._firmante.resumen,
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=razon or f"Certificado expedido por {firmante.entidad_nombre}",
            location=ubicacion,
        )
        cadena = sum(len(c.public_bytes(serialization.Encoding.DER)) for c in firmante.cadena)
        # pyHanko counts the reserved room in hex digits: two per CMS byte.
        self.bytes_reservados = 2 * (-(-(cadena + _HOLGURA_CMS) // _BLOQUE) * _BLOQUE)

    def firmar(self, pdf: bytes) -> bytes:
        """Sign synchronously: from a worker thread, a plain thread, or (blocking it) a running loop."""
        return _ejecutar(self.firmar_async(pdf))

    async def firmar_async(self, pdf: bytes) -> bytes:
        """Native coroutine; it is CPU-bound (a few ms) and blocks its loop while it runs."""
        escritor = IncrementalPdfFileWriter(io.BytesIO(pdf))
        # PdfSigner is cheap and per call, so concurrent signatures share no mutable state.
        firmador = signers.PdfSigner(self._metadatos, signer=self._firmante)
        resumen, documento, salida = await firmador.async_digest_doc_for_signing(
            escritor, bytes_reserved=self.bytes_reservados
        )
        # md_algorithm is fixed in the metadata; the template refuses a digest of another length.
        contenido = self._plantilla.firmar(resumen.document_digest, self._firmante.firmar_crudo)
        await PdfTBSDocument.async_finish_signing(
            salida, resumen, contenido, post_sign_instr=documento.post_sign_instructions
        )
        salida.seek(0)
        return salida.read()


def _a_asn1(certificado: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificado.public_bytes(serialization.Encoding.DER))


def _ejecutar(corrutina: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion from synchronous code, whatever the calling thread is doing."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _en_bucle_propio(corrutina)
    # Called from inside a running loop: never nest loops; block on a helper thread instead.
    return _ayudante().submit(_en_bucle_propio, corrutina).result()


def _en_bucle_propio(corrutina: Coroutine[Any, Any, T]) -> T:
    bucle = asyncio.new_event_loop()
    try:
        return bucle.run_until_complete(corrutina)
    finally:
        bucle.close()


_candado = threading.Lock()
_ejecutor: list[ThreadPoolExecutor] = []


def _ayudante() -> ThreadPoolExecutor:
    with _candado:
        if not _ejecutor:
            _ejecutor.append(ThreadPoolExecutor(max_workers=2, thread_name_prefix="firma-pades"))
        return _ejecutor[0]
