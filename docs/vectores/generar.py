"""Generate the test vectors in this folder: ``python docs/vectores/generar.py`` (from the repository root).

Every key here is a **TEST-ONLY key derived from a public seed** (``SEMILLA_SOLO_PRUEBAS`` below): anyone can
recompute the private keys, which is the point — they exist so that the vectors can be regenerated and checked,
and they sign nothing else. No Ventanilla deployment trusts them. ECDSA signatures use RFC 6979 deterministic
nonces and every date, serial number and identifier is fixed, so running this script again rewrites exactly the
same bytes (``tests/firma/test_firma_vectores.py`` checks it, and that our verifier agrees with every vector).
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

RAIZ_REPOSITORIO = Path(__file__).resolve().parents[2]
if str(RAIZ_REPOSITORIO) not in sys.path:
    sys.path.insert(0, str(RAIZ_REPOSITORIO))

from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey  # noqa: E402

from signing import jws  # noqa: E402
from signing.cadena_plataforma import TIPO_ROTACION, declaracion_rotacion, serializar_cadena  # noqa: E402
from signing.certificados import calcular_kid, construir_firmante, construir_raiz  # noqa: E402
from signing.codigo_qr import CodificadorQR  # noqa: E402
from signing.confianza import TIPO_JWS as TIPO_CONFIANZA  # noqa: E402
from signing.confianza import construir_lista_confianza  # noqa: E402
from signing.cose import firmar_sign1  # noqa: E402
from signing.estado_claves import EstadoClave  # noqa: E402
from signing.llaves import ClavePublica, Llavero  # noqa: E402
from signing.plataforma import construir_certificado  # noqa: E402
from signing.reclamos import ReclamosCertificado, codificar_reclamos, expiracion_de  # noqa: E402
from signing.revocacion import TIPO_JWS as TIPO_REVOCADOS  # noqa: E402
from signing.revocacion import construir_lista_revocados  # noqa: E402

SEMILLA_SOLO_PRUEBAS = "ventanilla/vectores/SOLO-PRUEBAS/no-usar-para-nada-mas"
CARPETA = Path(__file__).resolve().parent
URL_BASE = "HTTPS://VERIFICA.VENTANILLA.GOV.CO"
ENTIDAD = "PRUEBAS-VECTORES"
ENTIDAD_NOMBRE = "Entidad de pruebas (solo vectores, NO USAR)"
TIPO = "certificado_residencia"

DESDE = datetime(2025, 1, 1, tzinfo=UTC)
EMITIDA = datetime(2025, 7, 1, 0, 0, tzinfo=UTC)
PROXIMA = datetime(2025, 7, 2, 0, 0, tzinfo=UTC)
VERIFICAR_EN = datetime(2025, 7, 1, 12, 0, tzinfo=UTC)
IAT = datetime(2025, 6, 1, 15, 30, tzinfo=UTC)
RETIRADA_EN = datetime(2025, 3, 1, 0, 0, tzinfo=UTC)
COMPROMETIDA_EN = datetime(2025, 5, 10, 14, 0, tzinfo=UTC)
SECUENCIA_CONFIANZA = 12
SECUENCIA_REVOCADOS = 30
ANTERIOR_EMITIDA = datetime(2025, 6, 30, 0, 0, tzinfo=UTC)
ROTACION_PLATAFORMA = datetime(2025, 4, 1, 0, 0, tzinfo=UTC)

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
    llave: ec.EllipticCurvePrivateKey | Ed25519PrivateKey
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
    plataforma_llave: ec.EllipticCurvePrivateKey
    plataforma: x509.Certificate
    plataforma_anterior_llave: ec.EllipticCurvePrivateKey
    plataforma_anterior: x509.Certificate


def _material() -> Material:
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
    ):
        emisora, emisora_llave = (anterior, anterior_llave) if nombre == "retirada" else (raiz, raiz_llave)
        cert = construir_firmante(
            llave.public_key(), ENTIDAD, ENTIDAD_NOMBRE, emisora_llave, emisora, DESDE, serie=_serie(nombre),
            determinista=True,
        )
        firmantes[nombre] = Firmante(nombre, llave, cert)
    plataforma_llave = llave_p256("plataforma")
    plataforma = construir_certificado(plataforma_llave, DESDE, serie=_serie("plataforma"), determinista=True)
    previa_llave = llave_p256("plataforma-anterior")
    previa = construir_certificado(previa_llave, DESDE, serie=_serie("plataforma-anterior"), determinista=True)
    return Material(raiz, anterior, firmantes, plataforma_llave, plataforma, previa_llave, previa)


def _clave(f: Firmante, estado: EstadoClave, retirada: datetime | None, tipos: frozenset[str] | None) -> ClavePublica:
    llave = f.certificado.public_key()
    assert isinstance(llave, ec.EllipticCurvePublicKey | Ed25519PublicKey)
    return ClavePublica(f.kid, ENTIDAD, f.certificado, llave, estado=estado, retirada_en=retirada, tipos=tipos)


def _qr(f: Firmante, *, documento: str, tipo: str = TIPO, iat: datetime = IAT, vigente_hasta: date | None = None,
        emisor: str = ENTIDAD) -> str:
    hasta = vigente_hasta or date(2025, 8, 30)
    reclamos = ReclamosCertificado(
        emisor=emisor, documento_id=uuid.UUID(documento), emitido_en=iat, expira_en=expiracion_de(hasta),
        tipo=tipo, numero="PRU-2025-000001", titular="Persona de Prueba Ñandú", identificacion="CC 1000000001",
        fecha_expedicion=iat.date(), vigente_hasta=hasta,
    )
    cose = firmar_sign1(codificar_reclamos(reclamos), f.llave, f.kid, determinista=True)
    return CodificadorQR(URL_BASE).codificar(cose)


def _alterar(texto: str) -> str:
    """Change one byte inside the signed claims (the holder's name), keeping Base32 and CBOR well formed."""
    carga = texto.split("/V/1/")[1]
    datos = bytearray(base64.b32decode(carga + "=" * (-len(carga) % 8)))
    posicion = bytes(datos).index(b"Persona de Prueba")
    datos[posicion] = ord("X")
    return CodificadorQR(URL_BASE).codificar(bytes(datos))


def _archivo_json(valor: object) -> bytes:
    return (json.dumps(valor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def generar() -> dict[str, bytes]:
    """Every vector file, name → bytes (nothing written)."""
    m = _material()
    f, plataforma_llave, plataforma = m.firmantes, m.plataforma_llave, m.plataforma
    kid_plataforma = calcular_kid(plataforma)

    def llavero(comprometida: EstadoClave, retirada_en: datetime | None) -> Llavero:
        return Llavero(
            claves=[
                _clave(f["activa"], EstadoClave.ACTIVA, None, frozenset({TIPO})),
                _clave(f["eddsa"], EstadoClave.ACTIVA, None, None),
                _clave(f["retirada"], EstadoClave.RETIRADA, RETIRADA_EN, None),
                _clave(f["comprometida"], comprometida, retirada_en, None),
            ],
            raices={ENTIDAD: m.raiz},
            raices_anteriores={ENTIDAD: (m.raiz_anterior,)},
        )

    confianza = construir_lista_confianza(
        llavero(EstadoClave.COMPROMETIDA, COMPROMETIDA_EN), emitida_en=EMITIDA, proxima_actualizacion=PROXIMA,
        url_base=URL_BASE, secuencia=SECUENCIA_CONFIANZA,
    )
    confianza_firmada = jws.firmar(confianza, plataforma_llave, kid_plataforma, TIPO_CONFIANZA, determinista=True)
    # An older list, validly signed, from before the compromise: a verifier that saw the current one refuses it.
    anterior = construir_lista_confianza(
        llavero(EstadoClave.ACTIVA, None), emitida_en=ANTERIOR_EMITIDA, proxima_actualizacion=EMITIDA,
        url_base=URL_BASE, secuencia=SECUENCIA_CONFIANZA - 1,
    )
    anterior_firmada = jws.firmar(anterior, plataforma_llave, kid_plataforma, TIPO_CONFIANZA, determinista=True)
    rotacion = declaracion_rotacion(1, m.plataforma_anterior, plataforma, ROTACION_PLATAFORMA)
    llaves_rotacion = [(m.plataforma_anterior_llave, calcular_kid(m.plataforma_anterior)),
                       (plataforma_llave, kid_plataforma)]
    rotacion_firmada = jws.firmar_varias(rotacion, llaves_rotacion, TIPO_ROTACION, determinista=True)
    rotacion_alterada = jws.firmar_varias(rotacion, llaves_rotacion[:1], TIPO_ROTACION, determinista=True)
    revocados = construir_lista_revocados(
        [
            ("00000000-0000-4000-8000-000000000005", "revocado", datetime(2025, 6, 20, 15, 0, tzinfo=UTC),
             "Expedido con información falsa"),
            ("00000000-0000-4000-8000-000000000006", "suspendido", datetime(2025, 6, 25, 9, 0, tzinfo=UTC),
             "En verificación"),
        ],
        emitida_en=EMITIDA, proxima_actualizacion=PROXIMA, secuencia=SECUENCIA_REVOCADOS,
    )
    revocados_firmada = jws.firmar(revocados, plataforma_llave, kid_plataforma, TIPO_REVOCADOS, determinista=True)

    valido = _qr(f["activa"], documento="00000000-0000-4000-8000-000000000001")
    vectores: list[dict[str, Any]] = []

    def vector(nombre: str, descripcion: str, qr: str, resultado: str, codigo: int, **esperado: Any) -> None:
        vectores.append({
            "nombre": nombre, "descripcion": descripcion, "qr": qr, "verificar_en": "2025-07-01T12:00:00Z",
            "esperado": {"resultado": resultado, "codigo_salida": codigo, **esperado},
        })

    reclamos_valido = {
        "iss": ENTIDAD, "exp": 1756616400, "iat": int(IAT.timestamp()), "cti": "00000000-0000-4000-8000-000000000001",
        "certificado": {"t": TIPO, "n": "PRU-2025-000001", "h": "Persona de Prueba Ñandú", "i": "CC 1000000001",
                        "e": "2025-06-01", "v": "2025-08-30"},
    }
    cose = base64.b32decode(valido.split("/V/1/")[1] + "=" * (-len(valido.split("/V/1/")[1]) % 8))
    vector("valido-es256", "Firma ES256 de la clave activa, documento vigente.", valido, "valido", 0,
           kid=f["activa"].kid.hex(), cose_hex=cose.hex(), reclamos=reclamos_valido)
    vector("valido-eddsa", "Firma EdDSA (Ed25519) de una clave activa.",
           _qr(f["eddsa"], documento="00000000-0000-4000-8000-000000000002"), "valido", 0, kid=f["eddsa"].kid.hex())
    vector("alterado", "El vector valido-es256 con un byte del nombre del titular cambiado: la firma no verifica.",
           _alterar(valido), "firma_invalida", 1, kid=f["activa"].kid.hex())
    vector("vencido", "Vigente hasta el 2025-06-30 (exp = 2025-07-01T05:00:00Z); se verifica el 2025-07-01 12:00Z.",
           _qr(f["activa"], documento="00000000-0000-4000-8000-000000000003", vigente_hasta=date(2025, 6, 30)),
           "vencido", 2, kid=f["activa"].kid.hex())
    vector("revocado", "Firma válida, pero el documento figura como revocado en lista-revocados.json.",
           _qr(f["activa"], documento="00000000-0000-4000-8000-000000000005"), "revocado", 3,
           kid=f["activa"].kid.hex())
    vector("suspendido", "Firma válida, pero el documento figura como suspendido en lista-revocados.json.",
           _qr(f["activa"], documento="00000000-0000-4000-8000-000000000006"), "suspendido", 3,
           kid=f["activa"].kid.hex())
    vector("clave-desconocida", "Firmado por un certificado de la misma raíz que no está en la lista de confianza.",
           _qr(f["desconocida"], documento="00000000-0000-4000-8000-000000000007"), "clave_desconocida", 4,
           kid=f["desconocida"].kid.hex())
    vector("clave-comprometida", "Firmado por una clave retirada por compromiso el 2025-05-10T14:00:00Z.",
           _qr(f["comprometida"], documento="00000000-0000-4000-8000-000000000008",
               iat=datetime(2025, 4, 1, tzinfo=UTC)),
           "clave_comprometida", 5, kid=f["comprometida"].kid.hex())
    vector("clave-retirada", "Firmado el 2025-02-01 por una clave retirada el 2025-03-01, cuando se rotó la raíz: "
           "emitida por la raíz anterior (raices_anteriores), sigue válido.",
           _qr(f["retirada"], documento="00000000-0000-4000-8000-000000000009",
               iat=datetime(2025, 2, 1, tzinfo=UTC)),
           "valido", 0, kid=f["retirada"].kid.hex(), notas=["firmado con clave retirada"])
    vector("emitido-tras-retiro", "iat (2025-06-01) posterior al retiro de la clave (2025-03-01).",
           _qr(f["retirada"], documento="00000000-0000-4000-8000-00000000000a"), "emitido_tras_retiro", 1,
           kid=f["retirada"].kid.hex())
    vector("tipo-no-permitido", "La clave activa solo puede firmar certificado_residencia; esto es otro tipo.",
           _qr(f["activa"], documento="00000000-0000-4000-8000-00000000000b", tipo="certificado_tradicion"),
           "tipo_no_permitido", 1, kid=f["activa"].kid.hex())
    vector("emisor-no-corresponde", "iss distinto del código de la entidad dueña de la clave.",
           _qr(f["activa"], documento="00000000-0000-4000-8000-00000000000c", emisor="OTRA-ENTIDAD"),
           "emisor_no_corresponde", 1, kid=f["activa"].kid.hex())
    vector("version-desconocida", "Versión de formato 2 en la ruta: no soportada.",
           valido.replace("/V/1/", "/V/2/"), "formato_invalido", 1, kid=None)

    alterada = json.loads(json.dumps(confianza_firmada))
    for clave in alterada["entidades"][0]["claves"]:
        if clave["estado"] == "comprometida":
            clave["estado"], clave["retirada_en"] = "activa", None
    revocados_alterada = {**revocados_firmada, "documentos": revocados_firmada["documentos"][1:]}

    return {
        "plataforma.crt.pem": plataforma.public_bytes(serialization.Encoding.PEM),
        "plataforma-anterior.crt.pem": m.plataforma_anterior.public_bytes(serialization.Encoding.PEM),
        "rotaciones-plataforma.json": serializar_cadena([rotacion_firmada]),
        "rotaciones-plataforma-alterada.json": serializar_cadena([rotacion_alterada]),
        "lista-confianza-anterior.json": jws.serializar(anterior_firmada),
        "lista-confianza.json": jws.serializar(confianza_firmada),
        "lista-confianza.canonica.json": jws.canonico(confianza) + b"\n",
        "lista-revocados.json": jws.serializar(revocados_firmada),
        "lista-revocados.canonica.json": jws.canonico(revocados) + b"\n",
        "lista-confianza-alterada.json": jws.serializar(alterada),
        "lista-revocados-alterada.json": jws.serializar(revocados_alterada),
        "qr.json": _archivo_json({
            "lista_confianza": "lista-confianza.json",
            "lista_revocados": "lista-revocados.json",
            "certificado_plataforma": "plataforma.crt.pem",
            "lista_confianza_anterior": "lista-confianza-anterior.json",
            "certificado_plataforma_anterior": "plataforma-anterior.crt.pem",
            "rotaciones_plataforma": "rotaciones-plataforma.json",
            "vectores": vectores,
        }),
    }


def main() -> None:
    for nombre, contenido in generar().items():
        (CARPETA / nombre).write_bytes(contenido)
        print(f"escrito {nombre} ({len(contenido)} bytes)")


if __name__ == "__main__":
    main()
