"""The QR vectors of ``qr.json`` (``generar.py`` writes them): well-formed texts and every way of being wrong.

Malformed messages are built byte by byte here, because ``signing.cose`` refuses to produce them. Each one that
matters is *validly signed*, so only the rule it breaks can reject it.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from vectores_material import (
    CADUCADA_HASTA,
    DESDE,
    ENTIDAD,
    IAT,
    RETIRADA_EN,
    TIPO,
    URL_BASE,
    Firmante,
    LlaveVector,
    Material,
)

from signing import reclamos as cwt
from signing.codigo_qr import CodificadorQR
from signing.cose import CABECERA_ALG, CABECERA_KID, EDDSA, ES256, firmar_sign1
from signing.reclamos import ReclamosCertificado, codificar_reclamos, expiracion_de

VERIFICAR_EN = "2025-07-01T12:00:00Z"
URL_AJENA = "HTTPS://EVIL.EXAMPLE"
ES384 = -35  # a real COSE algorithm, not one a Ventanilla QR may use
_CODIFICADOR = CodificadorQR(URL_BASE)


def _reclamos(*, documento: str, tipo: str = TIPO, iat: datetime = IAT, vigente_hasta: date | None = None,
              emisor: str = ENTIDAD) -> bytes:
    hasta = vigente_hasta or date(2025, 8, 30)
    return codificar_reclamos(ReclamosCertificado(
        emisor=emisor, documento_id=uuid.UUID(documento), emitido_en=iat, expira_en=expiracion_de(hasta),
        tipo=tipo, numero="PRU-2025-000001", titular="Persona de Prueba Ñandú", identificacion="CC 1000000001",
        fecha_expedicion=iat.date(), vigente_hasta=hasta,
    ))


def _qr(f: Firmante, **reclamos: Any) -> str:
    return _CODIFICADOR.codificar(firmar_sign1(_reclamos(**reclamos), f.llave, f.kid, determinista=True))


def cose_de(texto: str) -> bytes:
    carga = texto.split("/V/1/")[1]
    return base64.b32decode(carga + "=" * (-len(carga) % 8))


def _alterar(texto: str) -> str:
    """Change one byte inside the signed claims (the holder's name), keeping Base32 and CBOR well formed."""
    datos = bytearray(cose_de(texto))
    datos[bytes(datos).index(b"Persona de Prueba")] = ord("X")
    return _CODIFICADOR.codificar(bytes(datos))


# -- raw COSE_Sign1 pieces --------------------------------------------------------------------------------------


def _bstr(datos: bytes) -> bytes:
    return cbor2.dumps(datos)  # cbor2 always writes the shortest length


def _firma(llave: LlaveVector, protegido: bytes, carga: bytes) -> bytes:
    """Over the RFC 9052 Sig_structure of the bstr *contents*, exactly as a verifier rebuilds it."""
    por_firmar = cbor2.dumps(["Signature1", protegido, b"", carga])
    if isinstance(llave, ec.EllipticCurvePrivateKey):
        r, s = decode_dss_signature(llave.sign(por_firmar, ec.ECDSA(hashes.SHA256(), deterministic_signing=True)))
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return llave.sign(por_firmar)


def _protegido(alg: int, kid: bytes) -> bytes:
    return cbor2.dumps({CABECERA_ALG: alg, CABECERA_KID: kid}, canonical=True)


def _crudo(llave: LlaveVector, protegido: bytes, carga: bytes, *, no_protegido: bytes = b"\xa0",
           etiqueta: bytes = b"\xd2", cabeza: bytes = b"\x84", fin: bytes = b"",
           bstr_carga: Callable[[bytes], bytes] = _bstr) -> bytes:
    """A COSE_Sign1 spelled as asked, with a good signature over its (protected, payload) contents."""
    firma = _firma(llave, protegido, carga)
    return etiqueta + cabeza + _bstr(protegido) + no_protegido + bstr_carga(carga) + _bstr(firma) + fin


def _texto(cose: bytes) -> str:
    return _CODIFICADOR.codificar(cose)


def _reclamos_desordenados(carga: bytes) -> bytes:
    """The same claims with the map keys in issue order (6, 1, 4, 7, -70000) instead of sorted."""
    mapa = cbor2.loads(carga)
    return cbor2.dumps({k: mapa[k] for k in (cwt.IAT, cwt.ISS, cwt.EXP, cwt.CTI, cwt.RECLAMO_CERTIFICADO)})


def _base32_bits_no_nulos(texto: str) -> str:
    """Set an unused low-order bit of the last character: same bytes, a second spelling."""
    alfabeto = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    return texto[:-1] + alfabeto[alfabeto.index(texto[-1]) | 1]


# -- the vectors ------------------------------------------------------------------------------------------------


def vectores_qr(m: Material) -> list[dict[str, Any]]:
    f = m.firmantes
    activa, kid_activa = f["activa"], f["activa"].kid.hex()
    vectores: list[dict[str, Any]] = []

    def vector(nombre: str, descripcion: str, qr: str, resultado: str, codigo: int, *,
               verificar_en: str = VERIFICAR_EN, **esperado: Any) -> None:
        vectores.append({
            "nombre": nombre, "descripcion": descripcion, "qr": qr, "verificar_en": verificar_en,
            "esperado": {"resultado": resultado, "codigo_salida": codigo, **esperado},
        })

    def doc(n: int) -> str:
        return f"00000000-0000-4000-8000-{n:012x}"

    valido = _qr(activa, documento=doc(1))
    reclamos_valido = {
        "iss": ENTIDAD, "exp": 1756616400, "iat": int(IAT.timestamp()), "cti": doc(1),
        "certificado": {"t": TIPO, "n": "PRU-2025-000001", "h": "Persona de Prueba Ñandú", "i": "CC 1000000001",
                        "e": "2025-06-01", "v": "2025-08-30"},
    }
    vector("valido-es256", "Firma ES256 de la clave activa, documento vigente.", valido, "valido", 0,
           kid=kid_activa, cose_hex=cose_de(valido).hex(), reclamos=reclamos_valido)
    vector("valido-eddsa", "Firma EdDSA (Ed25519) de una clave activa.",
           _qr(f["eddsa"], documento=doc(2)), "valido", 0, kid=f["eddsa"].kid.hex())
    vector("alterado", "El vector valido-es256 con un byte del nombre del titular cambiado: la firma no verifica.",
           _alterar(valido), "firma_invalida", 1, kid=kid_activa)
    vector("vencido", "Vigente hasta el 2025-06-30 (exp = 2025-07-01T05:00:00Z); se verifica el 2025-07-01 12:00Z.",
           _qr(activa, documento=doc(3), vigente_hasta=date(2025, 6, 30)), "vencido", 2, kid=kid_activa)
    vector("revocado", "Firma válida, pero el documento figura como revocado en lista-revocados.json.",
           _qr(activa, documento=doc(5)), "revocado", 3, kid=kid_activa)
    vector("suspendido", "Firma válida, pero el documento figura como suspendido en lista-revocados.json.",
           _qr(activa, documento=doc(6)), "suspendido", 3, kid=kid_activa)
    vector("clave-desconocida", "Firmado por un certificado de la misma raíz que no está en la lista de confianza.",
           _qr(f["desconocida"], documento=doc(7)), "clave_desconocida", 4, kid=f["desconocida"].kid.hex())
    vector("clave-comprometida", "Firmado por una clave retirada por compromiso el 2025-05-10T14:00:00Z.",
           _qr(f["comprometida"], documento=doc(8), iat=datetime(2025, 4, 1, tzinfo=UTC)),
           "clave_comprometida", 5, kid=f["comprometida"].kid.hex())
    vector("clave-retirada", "Firmado el 2025-02-01 por una clave retirada el 2025-03-01, cuando se rotó la raíz: "
           "emitida por la raíz anterior (raices_anteriores), sigue válido.",
           _qr(f["retirada"], documento=doc(9), iat=datetime(2025, 2, 1, tzinfo=UTC)),
           "valido", 0, kid=f["retirada"].kid.hex(), notas=["firmado con clave retirada"])
    vector("emitido-tras-retiro", "iat (2025-06-01) posterior al retiro de la clave (2025-03-01).",
           _qr(f["retirada"], documento=doc(10)), "emitido_tras_retiro", 1, kid=f["retirada"].kid.hex())
    vector("tipo-no-permitido", "La clave activa solo puede firmar certificado_residencia; esto es otro tipo.",
           _qr(activa, documento=doc(11), tipo="certificado_tradicion"), "tipo_no_permitido", 1, kid=kid_activa)
    vector("emisor-no-corresponde", "iss distinto del código de la entidad dueña de la clave.",
           _qr(activa, documento=doc(12), emisor="OTRA-ENTIDAD"), "emisor_no_corresponde", 1, kid=kid_activa)
    vector("version-desconocida", "Versión de formato 2 en la ruta: no soportada.",
           valido.replace("/V/1/", "/V/2/"), "formato_invalido", 1, kid=None)

    _vectores_del_texto(vector, valido)
    _vectores_cose(vector, m, _reclamos(documento=doc(1)))
    _vectores_de_limites(vector, m, doc)
    return vectores


def _vectores_del_texto(vector: Callable[..., None], valido: str) -> None:
    vector("url-ajena", "La carga de valido-es256, intacta, tras otra dirección: no es la url_base de la lista.",
           valido.replace(URL_BASE, URL_AJENA), "url_no_corresponde", 1, kid=None)
    vector("base32-longitud-no-canonica", "Un carácter de más: longitud módulo 8 igual a 3 (sería todo relleno).",
           valido + "A", "formato_invalido", 1, kid=None)
    vector("base32-bits-no-nulos", "Último carácter con un bit sobrante en 1: decodifica a los mismos bytes.",
           _base32_bits_no_nulos(valido), "formato_invalido", 1, kid=None)


def _vectores_cose(vector: Callable[..., None], m: Material, carga: bytes) -> None:
    f = m.firmantes
    activa = f["activa"]
    protegido = _protegido(ES256, activa.kid)

    def crudo(**forma: Any) -> str:
        return _texto(_crudo(activa.llave, forma.pop("protegido", protegido), forma.pop("carga", carga), **forma))

    vector("cbor-longitud-no-minima", "El arreglo COSE_Sign1 con su longitud en dos bytes (0x98 0x04, no 0x84).",
           crudo(cabeza=b"\x98\x04"), "formato_invalido", 1, kid=None)
    vector("cbor-bstr-no-minimo", "La carga con su longitud en tres bytes (0x59 0x00 n) en lugar de dos.",
           crudo(bstr_carga=lambda b: b"\x59" + len(b).to_bytes(2, "big") + b), "formato_invalido", 1, kid=None)
    vector("cbor-arreglo-indefinido", "El arreglo COSE_Sign1 de longitud indefinida (0x9f … 0xff).",
           crudo(cabeza=b"\x9f", fin=b"\xff"), "formato_invalido", 1, kid=None)
    vector("protegida-no-determinista", "Cabecera protegida con el kid de longitud no mínima (0x58 0x08), firmada.",
           crudo(protegido=b"\xa2\x01\x26\x04\x58\x08" + activa.kid), "formato_invalido", 1, kid=None)
    vector("reclamos-no-deterministas", "Reclamos con las claves del mapa en otro orden (6, 1, 4, 7, -70000), "
           "firmados.", crudo(carga=_reclamos_desordenados(carga)), "formato_invalido", 1, kid=None)
    vector("sin-etiqueta", "El mensaje sin la etiqueta 18 (la firma no la cubre).",
           crudo(etiqueta=b""), "formato_invalido", 1, kid=None)
    vector("bytes-sobrantes", "Un byte 0x00 después del mensaje.", crudo(fin=b"\x00"), "formato_invalido", 1,
           kid=None)
    vector("alg-kid-no-protegidos", "alg y kid solo en la cabecera no protegida; cabecera protegida vacía, firmada.",
           crudo(protegido=b"", no_protegido=cbor2.dumps({CABECERA_ALG: ES256, CABECERA_KID: activa.kid})),
           "formato_invalido", 1, kid=None)
    vector("no-protegida-no-vacia", "Un parámetro añadido a la cabecera no protegida (que la firma no cubre).",
           crudo(no_protegido=cbor2.dumps({"nota": "añadida"})), "formato_invalido", 1, kid=None)
    vector("alg-no-corresponde", "alg EdDSA con el kid de la clave ES256 activa (firmado con una llave Ed25519).",
           _texto(_crudo(f["eddsa"].llave, _protegido(EDDSA, activa.kid), carga)), "formato_invalido", 1,
           kid=activa.kid.hex())
    vector("alg-no-soportado-clave-desconocida", "alg ES384 (-35) y un kid que la lista no conoce: el algoritmo se "
           "comprueba antes de buscar la clave.",
           _texto(_crudo(f["desconocida"].llave, _protegido(ES384, f["desconocida"].kid), carga)),
           "formato_invalido", 1, kid=None)


def _vectores_de_limites(vector: Callable[..., None], m: Material, doc: Callable[[int], str]) -> None:
    f = m.firmantes
    activa, caducada, retirada = f["activa"], f["caducada"], f["retirada"]
    kid, kid_caducada, kid_retirada = activa.kid.hex(), caducada.kid.hex(), retirada.kid.hex()
    segundo = timedelta(seconds=1)
    nota = ["firmado con clave retirada"]
    vector("certificado-aun-no-vigente", "iat un segundo antes del notBefore del firmante (2025-01-01T00:00:00Z).",
           _qr(activa, documento=doc(13), iat=DESDE - segundo), "certificado_no_vigente", 1, kid=kid)
    vector("certificado-primer-instante", "iat igual al notBefore del firmante: los límites son inclusivos.",
           _qr(activa, documento=doc(14), iat=DESDE), "valido", 0, kid=kid)
    vector("certificado-ya-no-vigente", "iat un segundo después del notAfter del firmante caducada "
           "(2025-04-01T00:00:00Z).", _qr(caducada, documento=doc(15), iat=CADUCADA_HASTA + segundo),
           "certificado_no_vigente", 1, kid=kid_caducada)
    vector("certificado-ultimo-instante", "iat igual al notAfter del firmante caducada: todavía vigente.",
           _qr(caducada, documento=doc(16), iat=CADUCADA_HASTA), "valido", 0, kid=kid_caducada, notas=nota)
    limite = RETIRADA_EN + timedelta(minutes=10)
    vector("retiro-en-la-tolerancia", "iat igual a retirada_en + 10 minutos: todavía aceptado.",
           _qr(retirada, documento=doc(17), iat=limite), "valido", 0, kid=kid_retirada, notas=nota)
    vector("retiro-fuera-de-la-tolerancia", "iat un segundo después de retirada_en + 10 minutos.",
           _qr(retirada, documento=doc(18), iat=limite + segundo), "emitido_tras_retiro", 1, kid=kid_retirada)
    vence = _qr(activa, documento=doc(19), vigente_hasta=date(2025, 6, 30))
    vector("vigente-hasta-el-ultimo-segundo", "exp = 2025-07-01T05:00:00Z; se verifica un segundo antes.",
           vence, "valido", 0, kid=kid, verificar_en="2025-07-01T04:59:59Z")
    vector("vencido-en-el-instante", "exp = 2025-07-01T05:00:00Z; se verifica en ese instante: ya vencido.",
           vence, "vencido", 2, kid=kid, verificar_en="2025-07-01T05:00:00Z")
    revocado = _qr(activa, documento=doc(5))
    vector("revocado-en-el-instante", "El documento …0005 se verifica en la fecha de su revocación "
           "(2025-06-20T15:00:00Z): ya revocado.", revocado, "revocado", 3, kid=kid,
           verificar_en="2025-06-20T15:00:00Z")
    vector("revocado-un-segundo-antes", "El mismo, un segundo antes de la revocación: todavía válido.",
           revocado, "valido", 0, kid=kid, verificar_en="2025-06-20T14:59:59Z")
