"""The platform key's rotation chain: rotation statements, the published chain and walking it from a pin.

A verifier pins platform certificates (``llaves_fijadas``); the chain (``rotaciones.json`` in the platform folder,
published as ``rotaciones-plataforma.json``) is the only thing that can move that pin (``seguir_rotaciones``).
Rotating the key itself is ``plataforma.rotar_llave_plataforma``; its public names are re-exported there.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from signing import jws
from signing.carpeta_llaves import LlavesInconsistentes
from signing.certificados import calcular_kid
from signing.jws import LlavePublicaJws
from signing.tiempo import a_texto
from signing.transaccion_llaves import lectura_consistente

ARCHIVO_ROTACIONES = "rotaciones.json"
FORMATO_ROTACION = "ventanilla-rotacion-plataforma"
FORMATO_CADENA = "ventanilla-rotaciones-plataforma"
TIPO_ROTACION = "rotacion-plataforma+json"


class RotacionInvalida(jws.DocumentoFirmadoInvalido):
    pass


def llaves_fijadas(certificados: Iterable[x509.Certificate]) -> Mapping[bytes, LlavePublicaJws]:
    """kid → public key of the pinned platform certificates."""
    fijadas: dict[bytes, LlavePublicaJws] = {}
    for certificado in certificados:
        llave = certificado.public_key()
        if not isinstance(llave, ec.EllipticCurvePublicKey | Ed25519PublicKey):
            raise LlavesInconsistentes("certificado de plataforma con un tipo de llave no soportado")
        fijadas[calcular_kid(certificado)] = llave
    return fijadas


def declaracion_rotacion(
    numero: int, anterior: x509.Certificate, nuevo: x509.Certificate, emitida_en: datetime
) -> dict[str, Any]:
    """The unsigned rotation statement (docs/lista-confianza.md §5.1)."""
    llave = nuevo.public_key()
    return {
        "formato": FORMATO_ROTACION,
        "version": 1,
        "numero": numero,
        "emitida_en": a_texto(emitida_en),
        "anterior": calcular_kid(anterior).hex(),
        "nuevo": {
            "kid": calcular_kid(nuevo).hex(),
            "alg": "EdDSA" if isinstance(llave, Ed25519PublicKey) else "ES256",
            "certificado": base64.b64encode(nuevo.public_bytes(serialization.Encoding.DER)).decode("ascii"),
        },
    }


def serializar_cadena(declaraciones: Iterable[Mapping[str, Any]]) -> bytes:
    return jws.serializar({"formato": FORMATO_CADENA, "version": 1, "rotaciones": list(declaraciones)})


def cadena_publicada(carpeta: Path) -> bytes:
    """The chain to publish at ``/confianza/rotaciones-plataforma.json`` (empty before the first rotation)."""
    carpeta = Path(carpeta)
    if not carpeta.is_dir():
        return serializar_cadena([])
    with lectura_consistente(carpeta):
        return serializar_cadena(_leer_cadena(carpeta))


def seguir_rotaciones(fijados: Iterable[x509.Certificate], cadena: bytes) -> list[x509.Certificate]:
    """The platform certificates to trust after walking the chain from the pinned ones.

    Statements are taken in ``numero`` order; one is applied only if its ``anterior`` is a trusted kid, and then
    both its signatures (old key, new key) MUST verify: the trusted set becomes the new certificate alone.
    Statements about other keys (older than the pinned one) are skipped. Raises ``RotacionInvalida``.
    """
    confiables = {calcular_kid(c): c for c in fijados}
    documento = jws.leer(cadena)
    rotaciones = documento.get("rotaciones")
    if documento.get("formato") != FORMATO_CADENA or documento.get("version") != 1 or not isinstance(rotaciones, list):
        raise RotacionInvalida(f"cadena de rotaciones rechazada: se esperaba formato {FORMATO_CADENA} versión 1")
    previo = 0
    for declaracion in rotaciones:
        try:
            numero, anterior, nuevo = _interpretar_declaracion(declaracion)
        except (KeyError, TypeError, ValueError, binascii.Error) as exc:
            raise RotacionInvalida(f"declaración de rotación mal formada: {exc}") from None
        if numero <= previo:
            raise RotacionInvalida("las declaraciones de rotación deben ir en orden creciente de 'numero'")
        previo = numero
        if anterior not in confiables:
            continue
        llaves = {**llaves_fijadas([confiables[anterior]]), **llaves_fijadas([nuevo])}
        try:
            _, firmantes = jws.verificar_varias(declaracion, llaves, TIPO_ROTACION)
        except jws.DocumentoFirmadoInvalido as exc:
            raise RotacionInvalida(f"declaración de rotación {numero} rechazada: {exc}") from None
        if firmantes != frozenset(llaves):
            raise RotacionInvalida(f"la rotación {numero} debe llevar la firma de la llave anterior y la nueva")
        confiables = {calcular_kid(nuevo): nuevo}
    return list(confiables.values())


def _interpretar_declaracion(d: object) -> tuple[int, bytes, x509.Certificate]:
    if not isinstance(d, Mapping) or d.get("formato") != FORMATO_ROTACION or d.get("version") != 1:
        raise ValueError(f"se esperaba formato {FORMATO_ROTACION} versión 1")
    numero, nuevo = d["numero"], d["nuevo"]
    if not isinstance(numero, int) or numero < 1 or not isinstance(nuevo, Mapping):
        raise ValueError("numero debe ser un entero positivo y nuevo un objeto")
    certificado = x509.load_der_x509_certificate(base64.b64decode(nuevo["certificado"], validate=True))
    if nuevo["kid"] != calcular_kid(certificado).hex():
        raise ValueError("el kid del nuevo certificado no corresponde")
    return numero, bytes.fromhex(d["anterior"]), certificado


def _leer_cadena(carpeta: Path) -> list[dict[str, Any]]:
    ruta = carpeta / ARCHIVO_ROTACIONES
    if not ruta.exists():
        return []
    rotaciones = jws.leer(ruta.read_bytes()).get("rotaciones")
    if not isinstance(rotaciones, list):
        raise LlavesInconsistentes(f"{ruta}: falta la lista 'rotaciones'")
    return rotaciones


def _nuevo_kid(declaracion: Mapping[str, Any]) -> str:
    nuevo = declaracion.get("nuevo")
    return str(nuevo.get("kid", "")) if isinstance(nuevo, Mapping) else ""
