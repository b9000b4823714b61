"""The signed trust list: every entidad, its root, its signer certificates, their state and allowed kinds.

Normative description: ``docs/lista-confianza.md``. Built from a keyring (``Llavero``), signed with the
platform's list key (``plataforma.py``) as a JSON document with a detached JWS (``jws.py``), and read back into a
``ListaConfianza`` that offline verifiers use exactly like a keyring: ``clave_publica(kid)``.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization

from signing import jws
from signing.cadena_plataforma import llaves_fijadas
from signing.certificados import calcular_kid
from signing.codigo_qr import base_valida, normalizar_base
from signing.estado_claves import EstadoClave, normalizar_tipos
from signing.llaves import _TIPOS_PUBLICOS, ClavePublica, Llavero, algoritmo_de
from signing.plataforma import LlavePlataforma
from signing.tiempo import InstanteInvalido, a_texto, de_texto

FORMATO = "ventanilla-lista-confianza"
TIPO_JWS = "lista-confianza+json"
VERSION = 1
VIGENCIA = timedelta(hours=24)
"""Default time between ``emitida_en`` and ``proxima_actualizacion``."""
CUALQUIER_TIPO = "*"


class ListaConfianzaInvalida(jws.DocumentoFirmadoInvalido):
    pass


@dataclass(frozen=True)
class EntidadConfianza:
    codigo: str
    nombre: str
    raiz: x509.Certificate
    claves: tuple[ClavePublica, ...]
    raices_anteriores: tuple[x509.Certificate, ...] = ()
    """Roots replaced by ``rotar-raiz`` that still anchor listed signers (the overlap)."""


@dataclass(frozen=True)
class ListaConfianza:
    """A verified trust list. Offers ``clave_publica(kid)`` like a ``Llavero``, so a verifier takes either."""

    emitida_en: datetime
    proxima_actualizacion: datetime
    entidades: tuple[EntidadConfianza, ...]
    firmada_por: bytes
    """kid of the platform key that signed it."""
    url_base: str | None = None
    secuencia: int = 0
    """Strictly increases from one list to the next: a verifier refuses a lower one (rollback)."""
    _indice: dict[bytes, ClavePublica] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_indice", {c.kid: c for e in self.entidades for c in e.claves})

    def clave_publica(self, kid: bytes) -> ClavePublica | None:
        return self._indice.get(kid)

    def claves(self) -> tuple[ClavePublica, ...]:
        return tuple(c for e in self.entidades for c in e.claves)

    def raices(self) -> tuple[x509.Certificate, ...]:
        return tuple(r for e in self.entidades for r in (e.raiz, *e.raices_anteriores))

    def edad(self, ahora: datetime) -> timedelta:
        return ahora - self.emitida_en

    def desactualizada(self, ahora: datetime) -> bool:
        return ahora > self.proxima_actualizacion


def construir_lista_confianza(
    llavero: Llavero, *, emitida_en: datetime, proxima_actualizacion: datetime, url_base: str | None = None,
    secuencia: int | None = None,
) -> dict[str, Any]:
    """The unsigned content (a JSON object) for every entidad of the keyring, all keys in every state."""
    if proxima_actualizacion <= emitida_en:
        raise ValueError("proxima_actualizacion debe ser posterior a emitida_en")
    entidades = []
    for codigo in llavero.entidades():
        raiz = llavero.raiz(codigo)
        claves = [c for c in llavero.claves() if c.entidad_codigo == codigo]
        if raiz is None or not claves:
            continue
        entidad: dict[str, Any] = {
            "codigo": codigo,
            "nombre": claves[0].entidad_nombre,
            "raiz": _der_b64(raiz),
            "claves": [_clave_json(c) for c in claves],
        }
        anteriores = llavero.raices_anteriores(codigo)
        if anteriores:
            entidad["raices_anteriores"] = [_der_b64(r) for r in anteriores]
        entidades.append(entidad)
    contenido: dict[str, Any] = {
        "formato": FORMATO,
        "version": VERSION,
        "secuencia": secuencia_por_omision(emitida_en) if secuencia is None else secuencia,
        "emitida_en": a_texto(emitida_en),
        "proxima_actualizacion": a_texto(proxima_actualizacion),
        "entidades": entidades,
    }
    if url_base:
        contenido["url_base"] = normalizar_base(url_base)
    return contenido


def firmar_lista_confianza(
    llavero: Llavero,
    plataforma: LlavePlataforma,
    *,
    emitida_en: datetime | None = None,
    vigencia: timedelta = VIGENCIA,
    url_base: str | None = None,
    determinista: bool = False,
    secuencia: int | None = None,
) -> bytes:
    """The published file (UTF-8 JSON bytes). ``secuencia`` defaults to ``emitida_en`` in epoch seconds; an issuer
    with a platform folder passes ``plataforma.siguiente_secuencia`` (strictly increasing)."""
    emitida = (emitida_en or datetime.now(UTC)).replace(microsecond=0)
    contenido = construir_lista_confianza(
        llavero, emitida_en=emitida, proxima_actualizacion=emitida + vigencia, url_base=url_base,
        secuencia=secuencia,
    )
    return jws.serializar(
        jws.firmar(contenido, plataforma.llave, plataforma.kid, TIPO_JWS, determinista=determinista)
    )


def cargar_lista_confianza(datos: bytes, plataforma: Iterable[x509.Certificate]) -> ListaConfianza:
    """Parse and verify a trust list against the pinned platform certificate(s).

    Raises ``ListaConfianzaInvalida`` (a ``DocumentoFirmadoInvalido``) with a Spanish reason.
    """
    try:
        contenido, firmada_por = jws.verificar(jws.leer(datos), llaves_fijadas(plataforma), TIPO_JWS)
    except jws.DocumentoFirmadoInvalido as exc:
        raise ListaConfianzaInvalida(f"lista de confianza rechazada: {exc}") from None
    try:
        return _interpretar(contenido, firmada_por)
    except (InstanteInvalido, KeyError, TypeError, ValueError) as exc:
        raise ListaConfianzaInvalida(f"lista de confianza mal formada: {exc}") from None


def _interpretar(contenido: Mapping[str, Any], firmada_por: bytes) -> ListaConfianza:
    if contenido.get("formato") != FORMATO or contenido.get("version") != VERSION:
        raise ValueError(f"se esperaba formato {FORMATO} versión {VERSION}")
    url_base = contenido.get("url_base")
    if url_base is not None and (
        not isinstance(url_base, str) or url_base != normalizar_base(url_base) or not base_valida(url_base)
    ):
        raise ValueError("url_base debe ser una URL http(s) en mayúsculas, sin barra final")
    entidades_json = contenido["entidades"]
    if not isinstance(entidades_json, list):
        raise ValueError("entidades debe ser una lista")
    vistos: set[bytes] = set()
    entidades = []
    for e in entidades_json:
        entidad = _entidad(e)
        for clave in entidad.claves:
            if clave.kid in vistos:
                raise ValueError(f"kid repetido {clave.kid.hex()}")
            vistos.add(clave.kid)
        entidades.append(entidad)
    return ListaConfianza(
        emitida_en=de_texto(contenido["emitida_en"], "emitida_en"),
        proxima_actualizacion=de_texto(contenido["proxima_actualizacion"], "proxima_actualizacion"),
        entidades=tuple(entidades),
        firmada_por=firmada_por,
        url_base=url_base,
        secuencia=leer_secuencia(contenido),
    )


def _entidad(e: object) -> EntidadConfianza:
    if not isinstance(e, Mapping):
        raise ValueError("cada entidad debe ser un objeto")
    codigo, nombre = e["codigo"], e["nombre"]
    if not isinstance(codigo, str) or not isinstance(nombre, str) or not isinstance(e["claves"], list):
        raise ValueError("entidad con codigo, nombre o claves mal formados")
    raiz = _certificado(e["raiz"], "raiz")
    anteriores_json = e.get("raices_anteriores", [])
    if not isinstance(anteriores_json, list):
        raise ValueError("raices_anteriores debe ser una lista")
    anteriores = tuple(_certificado(r, "raices_anteriores") for r in anteriores_json)
    raices = (raiz, *anteriores)
    claves = tuple(_clave(codigo, raices, c) for c in e["claves"])
    for anterior in anteriores:
        if not any(_emitido_por(c.certificado, anterior) for c in claves):
            raise ValueError(f"{codigo}: una raíz anterior no emitió ninguna de las claves listadas")
    return EntidadConfianza(codigo, nombre, raiz, claves, anteriores)


def leer_secuencia(contenido: Mapping[str, Any]) -> int:
    """The list's ``secuencia``: a positive integer (docs/lista-confianza.md §2)."""
    secuencia = contenido["secuencia"]
    if not isinstance(secuencia, int) or isinstance(secuencia, bool) or secuencia < 1:
        raise ValueError("secuencia debe ser un entero positivo")
    return secuencia


def secuencia_por_omision(emitida_en: datetime) -> int:
    return int(emitida_en.timestamp())


def _emitido_por(certificado: x509.Certificate, raiz: x509.Certificate) -> bool:
    try:
        certificado.verify_directly_issued_by(raiz)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _clave(codigo: str, raices: tuple[x509.Certificate, ...], c: object) -> ClavePublica:
    if not isinstance(c, Mapping):
        raise ValueError("cada clave debe ser un objeto")
    certificado = _certificado(c["certificado"], "certificado")
    kid = calcular_kid(certificado)
    if c["kid"] != kid.hex():
        raise ValueError(f"el kid {c['kid']!r} no corresponde al certificado ({kid.hex()})")
    if not any(_emitido_por(certificado, r) for r in raices):
        raise ValueError(f"el certificado {kid.hex()} no fue emitido por una raíz de {codigo}")
    llave = certificado.public_key()
    if not isinstance(llave, _TIPOS_PUBLICOS) or c["alg"] != algoritmo_de(llave).value:
        raise ValueError(f"alg {c['alg']!r} no corresponde a la llave de {kid.hex()}")
    if (
        de_texto(c["valida_desde"], "valida_desde") != certificado.not_valid_before_utc.replace(microsecond=0)
        or de_texto(c["valida_hasta"], "valida_hasta") != certificado.not_valid_after_utc.replace(microsecond=0)
    ):
        raise ValueError(f"la vigencia declarada de {kid.hex()} no es la del certificado")
    estado = EstadoClave(c["estado"])
    retirada = c.get("retirada_en")
    if (estado is EstadoClave.ACTIVA) != (retirada is None):
        raise ValueError(f"{kid.hex()}: retirada_en va con las claves retiradas o comprometidas, y solo con ellas")
    tipos = c["tipos_documento"]
    if not isinstance(tipos, list) or not tipos or not all(isinstance(t, str) and t and t == t.strip() for t in tipos):
        raise ValueError(f"{kid.hex()}: tipos_documento debe ser una lista no vacía de textos")
    if len(set(tipos)) != len(tipos) or (CUALQUIER_TIPO in tipos and tipos != [CUALQUIER_TIPO]):
        # "*" alone means any kind; mixed with kinds it would be ambiguous (any, or only those?).
        raise ValueError(f"{kid.hex()}: tipos_documento repite un tipo o mezcla \"*\" con otros tipos")
    return ClavePublica(
        kid, codigo, certificado, llave, estado=estado,
        retirada_en=None if retirada is None else de_texto(retirada, "retirada_en"),
        tipos=normalizar_tipos(tipos),
    )


def _clave_json(clave: ClavePublica) -> dict[str, Any]:
    return {
        "kid": clave.kid.hex(),
        "alg": clave.algoritmo.value,
        "estado": clave.estado.value,
        "valida_desde": a_texto(clave.certificado.not_valid_before_utc),
        "valida_hasta": a_texto(clave.certificado.not_valid_after_utc),
        "retirada_en": None if clave.retirada_en is None else a_texto(clave.retirada_en),
        "tipos_documento": [CUALQUIER_TIPO] if clave.tipos is None else sorted(clave.tipos),
        "certificado": _der_b64(clave.certificado),
    }


def _der_b64(certificado: x509.Certificate) -> str:
    return base64.b64encode(certificado.public_bytes(serialization.Encoding.DER)).decode("ascii")


def _certificado(valor: object, campo: str) -> x509.Certificate:
    if not isinstance(valor, str):
        raise ValueError(f"{campo} debe ser base64 de un certificado DER")
    try:
        return x509.load_der_x509_certificate(base64.b64decode(valor, validate=True))
    except (binascii.Error, ValueError):
        raise ValueError(f"{campo} no es un certificado X.509 DER en base64") from None
