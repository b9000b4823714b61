"""Generate the test vectors in this folder: ``python docs/vectores/generar.py`` (from the repository root).

Every key here is a **TEST-ONLY key derived from a public seed** (``SEMILLA_SOLO_PRUEBAS``, in
``vectores_material.py``): anyone can recompute the private keys, which is the point — they exist so that the
vectors can be regenerated and checked, and they sign nothing else. No Ventanilla deployment trusts them. ECDSA
signatures use RFC 6979 deterministic nonces and every date, serial number and identifier is fixed, so running
this script again rewrites exactly the same bytes (``tests/firma/test_firma_vectores.py`` checks it, and that our
verifier agrees with every vector). The QR vectors are built in ``vectores_qr.py``.
"""

from __future__ import annotations

import base64
import copy
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

CARPETA = Path(__file__).resolve().parent
RAIZ_REPOSITORIO = CARPETA.parents[1]
for _ruta in (RAIZ_REPOSITORIO, CARPETA):
    if str(_ruta) not in sys.path:
        sys.path.insert(0, str(_ruta))

from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature  # noqa: E402
from vectores_material import (  # noqa: E402
    CADUCADA_HASTA,
    COMPROMETIDA_EN,
    EMITIDA,
    ENTIDAD,
    PROXIMA,
    RETIRADA_EN,
    SEMILLA_SOLO_PRUEBAS,
    TIPO,
    URL_BASE,
    Material,
    Plataforma,
    clave,
    material,
)
from vectores_qr import vectores_qr  # noqa: E402

from signing import jws  # noqa: E402
from signing.cadena_plataforma import TIPO_ROTACION, declaracion_rotacion, serializar_cadena  # noqa: E402
from signing.confianza import TIPO_JWS as TIPO_CONFIANZA  # noqa: E402
from signing.confianza import construir_lista_confianza  # noqa: E402
from signing.estado_claves import EstadoClave  # noqa: E402
from signing.llaves import Llavero  # noqa: E402
from signing.revocacion import TIPO_JWS as TIPO_REVOCADOS  # noqa: E402
from signing.revocacion import construir_lista_revocados  # noqa: E402

__all__ = ["SEMILLA_SOLO_PRUEBAS", "generar", "main"]

SECUENCIA_CONFIANZA = 12
SECUENCIA_REVOCADOS = 30
ANTERIOR_EMITIDA = datetime(2025, 6, 30, 0, 0, tzinfo=UTC)
REVOCADOS_ANTERIOR_EMITIDA = datetime(2025, 6, 15, 0, 0, tzinfo=UTC)
ROTACION_PLATAFORMA = datetime(2025, 4, 1, 0, 0, tzinfo=UTC)
REVOCACIONES = [
    ("00000000-0000-4000-8000-000000000005", "revocado", datetime(2025, 6, 20, 15, 0, tzinfo=UTC),
     "Expedido con información falsa"),
    ("00000000-0000-4000-8000-000000000006", "suspendido", datetime(2025, 6, 25, 9, 0, tzinfo=UTC),
     "En verificación"),
]


def _llavero(m: Material, comprometida: EstadoClave, retirada_en: datetime | None) -> Llavero:
    f = m.firmantes
    return Llavero(
        claves=[
            clave(f["activa"], EstadoClave.ACTIVA, None, frozenset({TIPO})),
            clave(f["eddsa"], EstadoClave.ACTIVA, None, None),
            clave(f["retirada"], EstadoClave.RETIRADA, RETIRADA_EN, None),
            clave(f["comprometida"], comprometida, retirada_en, None),
            clave(f["caducada"], EstadoClave.RETIRADA, CADUCADA_HASTA, None),
        ],
        raices={ENTIDAD: m.raiz},
        raices_anteriores={ENTIDAD: (m.raiz_anterior,)},
    )


def _firmar(contenido: dict[str, Any], p: Plataforma, tipo: str) -> dict[str, Any]:
    return jws.firmar(contenido, p.llave, p.kid, tipo, determinista=True)


def _firmar_con_cabecera_extra(contenido: dict[str, Any], p: Plataforma, tipo: str) -> dict[str, Any]:
    """A valid ES256 signature whose protected header has a member besides alg, kid and typ."""
    assert isinstance(p.llave, ec.EllipticCurvePrivateKey)
    cabecera = _b64(jws.canonico({"alg": "ES256", "kid": p.kid.hex(), "typ": tipo,
                                  "x5u": "https://evil.example/plataforma.crt.pem"}))
    entrada = f"{cabecera}.{_b64(jws.canonico(contenido))}".encode("ascii")
    r, s = decode_dss_signature(p.llave.sign(entrada, ec.ECDSA(hashes.SHA256(), deterministic_signing=True)))
    return {**contenido, "firma": f"{cabecera}..{_b64(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}"}


def _b64(datos: bytes) -> str:
    return base64.urlsafe_b64encode(datos).decode("ascii").rstrip("=")


def _pem(p: Plataforma) -> bytes:
    return p.certificado.public_bytes(serialization.Encoding.PEM)


def _listas(m: Material) -> tuple[dict[str, bytes], list[dict[str, Any]]]:
    """Every list file, and its entry in qr.json's ``listas``."""
    confianza = construir_lista_confianza(
        _llavero(m, EstadoClave.COMPROMETIDA, COMPROMETIDA_EN), emitida_en=EMITIDA, proxima_actualizacion=PROXIMA,
        url_base=URL_BASE, secuencia=SECUENCIA_CONFIANZA,
    )
    # An older list, validly signed, from before the compromise: a verifier that saw the current one refuses it.
    anterior = construir_lista_confianza(
        _llavero(m, EstadoClave.ACTIVA, None), emitida_en=ANTERIOR_EMITIDA, proxima_actualizacion=EMITIDA,
        url_base=URL_BASE, secuencia=SECUENCIA_CONFIANZA - 1,
    )
    revocados = construir_lista_revocados(REVOCACIONES, emitida_en=EMITIDA, proxima_actualizacion=PROXIMA,
                                          secuencia=SECUENCIA_REVOCADOS)
    # Before both revocations: served after the current one, it would hide them (rollback).
    revocados_anterior = construir_lista_revocados(
        [], emitida_en=REVOCADOS_ANTERIOR_EMITIDA, proxima_actualizacion=REVOCADOS_ANTERIOR_EMITIDA.replace(day=16),
        secuencia=SECUENCIA_REVOCADOS - 1,
    )
    alterada = copy.deepcopy(_firmar(confianza, m.plataforma, TIPO_CONFIANZA))
    for c in alterada["entidades"][0]["claves"]:
        if c["estado"] == "comprometida":
            c["estado"], c["retirada_en"] = "activa", None
    firmada_revocados = _firmar(revocados, m.plataforma, TIPO_REVOCADOS)
    comodin = copy.deepcopy(confianza)
    next(c for c in comodin["entidades"][0]["claves"] if c["tipos_documento"] == ["*"])["tipos_documento"] = [
        "*", TIPO]
    desordenada = {**revocados, "documentos": revocados["documentos"][::-1]}

    p, e = "plataforma.crt.pem", "plataforma-eddsa.crt.pem"
    archivos: list[tuple[str, dict[str, Any], str, str, bool, str]] = [
        ("lista-confianza.json", _firmar(confianza, m.plataforma, TIPO_CONFIANZA), "lista-confianza", p, True,
         "La lista de confianza (secuencia 12)."),
        ("lista-confianza-anterior.json", _firmar(anterior, m.plataforma, TIPO_CONFIANZA), "lista-confianza", p,
         True, "Lista anterior (secuencia 11), auténtica: se rechaza después de lista-confianza.json."),
        ("lista-confianza-alterada.json", alterada, "lista-confianza", p, False,
         "La clave comprometida cambiada a activa, firma conservada."),
        ("lista-confianza-cabecera-extra.json", _firmar_con_cabecera_extra(confianza, m.plataforma, TIPO_CONFIANZA),
         "lista-confianza", p, False, "Firma válida, pero la cabecera JWS lleva un miembro x5u además de alg, kid "
         "y typ."),
        ("lista-confianza-comodin-mixto.json", _firmar(comodin, m.plataforma, TIPO_CONFIANZA), "lista-confianza",
         p, False, "Firma válida, pero una clave tiene tipos_documento [\"*\", \"certificado_residencia\"]."),
        ("lista-confianza-eddsa.json", _firmar(confianza, m.plataforma_eddsa, TIPO_CONFIANZA), "lista-confianza",
         e, True, "La misma lista de confianza, firmada con EdDSA (Ed25519)."),
        ("lista-revocados.json", firmada_revocados, "lista-revocados", p, True,
         "La lista de revocados (secuencia 30)."),
        ("lista-revocados-anterior.json", _firmar(revocados_anterior, m.plataforma, TIPO_REVOCADOS),
         "lista-revocados", p, True, "Lista anterior (secuencia 29, sin revocaciones), auténtica: se rechaza "
         "después de lista-revocados.json."),
        ("lista-revocados-alterada.json", {**firmada_revocados, "documentos": firmada_revocados["documentos"][1:]},
         "lista-revocados", p, False, "La primera entrada quitada, firma conservada."),
        ("lista-revocados-desordenada.json", _firmar(desordenada, m.plataforma, TIPO_REVOCADOS), "lista-revocados",
         p, False, "Firma válida, pero los documentos no están ordenados por id."),
        ("lista-revocados-eddsa.json", _firmar(revocados, m.plataforma_eddsa, TIPO_REVOCADOS), "lista-revocados", e,
         True, "La misma lista de revocados, firmada con EdDSA (Ed25519)."),
    ]
    anteriores = {"lista-confianza-anterior.json": "lista-confianza.json",
                  "lista-revocados-anterior.json": "lista-revocados.json"}
    indice = []
    for nombre, _, tipo, certificado, aceptada, descripcion in archivos:
        entrada = {"archivo": nombre, "tipo": tipo, "certificado_plataforma": certificado, "aceptada": aceptada,
                   "descripcion": descripcion}
        if nombre in anteriores:
            entrada["rechazada_despues_de"] = anteriores[nombre]
        indice.append(entrada)
    salida = {nombre: jws.serializar(documento) for nombre, documento, *_ in archivos}
    salida["lista-confianza.canonica.json"] = jws.canonico(confianza) + b"\n"
    salida["lista-revocados.canonica.json"] = jws.canonico(revocados) + b"\n"
    return salida, indice


def generar() -> dict[str, bytes]:
    """Every vector file, name → bytes (nothing written)."""
    m = material()
    anterior, actual = m.plataforma_anterior, m.plataforma
    rotacion = declaracion_rotacion(1, anterior.certificado, actual.certificado, ROTACION_PLATAFORMA)
    llaves_rotacion = [(anterior.llave, anterior.kid), (actual.llave, actual.kid)]
    rotacion_firmada = jws.firmar_varias(rotacion, llaves_rotacion, TIPO_ROTACION, determinista=True)
    rotacion_alterada = jws.firmar_varias(rotacion, llaves_rotacion[:1], TIPO_ROTACION, determinista=True)
    listas, indice = _listas(m)
    return {
        "plataforma.crt.pem": _pem(actual),
        "plataforma-anterior.crt.pem": _pem(anterior),
        "plataforma-eddsa.crt.pem": _pem(m.plataforma_eddsa),
        "rotaciones-plataforma.json": serializar_cadena([rotacion_firmada]),
        "rotaciones-plataforma-alterada.json": serializar_cadena([rotacion_alterada]),
        **listas,
        "qr.json": (json.dumps({
            "lista_confianza": "lista-confianza.json",
            "lista_revocados": "lista-revocados.json",
            "certificado_plataforma": "plataforma.crt.pem",
            "lista_confianza_anterior": "lista-confianza-anterior.json",
            "certificado_plataforma_anterior": "plataforma-anterior.crt.pem",
            "rotaciones_plataforma": "rotaciones-plataforma.json",
            "listas": indice,
            "vectores": vectores_qr(m),
        }, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
    }


def main() -> None:
    for nombre, contenido in generar().items():
        (CARPETA / nombre).write_bytes(contenido)
        print(f"escrito {nombre} ({len(contenido)} bytes)")


if __name__ == "__main__":
    main()
