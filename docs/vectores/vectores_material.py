"""Test-only key material for the vectors (``generar.py``): keys from a public seed, certificates, constants.

Every key here is a **TEST-ONLY key derived from a public seed** (``SEMILLA_SOLO_PRUEBAS``): anyone can recompute
the private keys, which is the point — they exist so that the vectors can be regenerated and checked, and they
sign nothing else. No Ventanilla deployment trusts them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from signing.certificados import calcular_kid, construir_firmante, construir_raiz
from signing.estado_claves import EstadoClave
from signing.llaves import ClavePublica
from signing.plataforma import construir_certificado

SEMILLA_SOLO_PRUEBAS = "ventanilla/vectores/SOLO-PRUEBAS/no-usar-para-nada-mas"
URL_BASE = "HTTPS://VERIFICA.VENTANILLA.GOV.CO"
ENTIDAD = "PRUEBAS-VECTORES"
ENTIDAD_NOMBRE = "Entidad de pruebas (solo vectores, NO USAR)"
TIPO = "certificado_residencia"

DESDE = datetime(2025, 1, 1, tzinfo=UTC)
EMITIDA = datetime(2025, 7, 1, 0, 0, tzinfo=UTC)
PROXIMA = datetime(2025, 7, 2, 0, 0, tzinfo=UTC)
IAT = datetime(2025, 6, 1, 15, 30, tzinfo=UTC)
RETIRADA_EN = datetime(2025, 3, 1, 0, 0, tzinfo=UTC)
COMPROMETIDA_EN = datetime(2025, 5, 10, 14, 0, tzinfo=UTC)
VIGENCIA_CADUCADA = timedelta(days=90)
"""The ``caducada`` signer's certificate: 2025-01-01 → 2025-04-01T00:00:00Z, retired when it expired."""
CADUCADA_HASTA = DESDE + VIGENCIA_CADUCADA

LlaveVector = ec.EllipticCurvePrivateKey | Ed25519PrivateKey

_N_P256 = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def _semilla(nombre: str) -> bytes:
    return hashlib.sha256(f"{SEMILLA_SOLO_PRUEBAS}/{nombre}".encode()).digest()


def llave_p256(nombre: str) -> ec.EllipticCurvePrivateKey:
    """TEST-ONLY: a P-256 key anyone can recompute from the public seed."""
    return ec.derive_private_key(int.from_bytes(_semilla(nombre), "big") % (_N_P256 - 1) + 1, ec.SECP256R1())


def llave_ed25519(nombre: str) -> Ed25519PrivateKey:
    """TEST-ONLY: an Ed25519 key anyone can recompute from the public seed."""
    return Ed25519PrivateKey.from_private_bytes(_semilla(nombre))


def _serie(nombre: str) -> int:
    return int.from_bytes(_semilla(f"serie/{nombre}")[:16], "big") >> 1


@dataclass(frozen=True)
class Firmante:
    nombre: str
    llave: LlaveVector
    certificado: x509.Certificate

    @property
    def kid(self) -> bytes:
        return calcular_kid(self.certificado)


@dataclass(frozen=True)
class Plataforma:
    llave: LlaveVector
    certificado: x509.Certificate

    @property
    def kid(self) -> bytes:
        return calcular_kid(self.certificado)


@dataclass(frozen=True)
class Material:
    raiz: x509.Certificate
    raiz_anterior: x509.Certificate
    """Replaced by a root rotation on 2025-03-01; it issued the ``retirada`` signer."""
    firmantes: dict[str, Firmante]
    plataforma: Plataforma
    plataforma_anterior: Plataforma
    """Used before a platform key rotation on 2025-04-01."""
    plataforma_eddsa: Plataforma
    """An Ed25519 list key: the same lists, signed with EdDSA."""


def material() -> Material:
    raiz_llave = llave_p256("raiz")
    raiz = construir_raiz(raiz_llave, ENTIDAD, ENTIDAD_NOMBRE, DESDE, serie=_serie("raiz"), determinista=True)
    anterior_llave = llave_p256("raiz-anterior")
    anterior = construir_raiz(
        anterior_llave, ENTIDAD, ENTIDAD_NOMBRE, DESDE, serie=_serie("raiz-anterior"), determinista=True
    )
    firmantes = {}
    for nombre, llave in (
        ("activa", llave_p256("activa")),
        ("eddsa", llave_ed25519("eddsa")),
        ("retirada", llave_p256("retirada")),
        ("comprometida", llave_p256("comprometida")),
        ("desconocida", llave_p256("desconocida")),
        ("caducada", llave_p256("caducada")),
    ):
        emisora, emisora_llave = (anterior, anterior_llave) if nombre == "retirada" else (raiz, raiz_llave)
        vigencia = {"vigencia": VIGENCIA_CADUCADA} if nombre == "caducada" else {}
        cert = construir_firmante(
            llave.public_key(), ENTIDAD, ENTIDAD_NOMBRE, emisora_llave, emisora, DESDE, serie=_serie(nombre),
            determinista=True, **vigencia,
        )
        firmantes[nombre] = Firmante(nombre, llave, cert)
    return Material(raiz, anterior, firmantes, _plataforma("plataforma", llave_p256("plataforma")),
                    _plataforma("plataforma-anterior", llave_p256("plataforma-anterior")),
                    _plataforma("plataforma-eddsa", llave_ed25519("plataforma-eddsa")))


def _plataforma(nombre: str, llave: LlaveVector) -> Plataforma:
    return Plataforma(llave, construir_certificado(llave, DESDE, serie=_serie(nombre), determinista=True))


def clave(f: Firmante, estado: EstadoClave, retirada: datetime | None, tipos: frozenset[str] | None) -> ClavePublica:
    llave = f.certificado.public_key()
    assert isinstance(llave, ec.EllipticCurvePublicKey | Ed25519PublicKey)
    return ClavePublica(f.kid, ENTIDAD, f.certificado, llave, estado=estado, retirada_en=retirada, tipos=tipos)
