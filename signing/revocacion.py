"""The signed revocation list: which documents are revoked or suspended, as of when, valid until when.

Normative description: ``docs/lista-revocados.md``. The caller supplies plain data (the domain decides which
documents are revoked); this module only builds, signs, parses and verifies. Signed like the trust list, with
the platform's list key (``jws.py``, ``plataforma.py``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from cryptography import x509

from domain.reloj import ZONA_COLOMBIA
from signing import jws
from signing.cadena_plataforma import llaves_fijadas
from signing.confianza import leer_secuencia, secuencia_por_omision
from signing.plataforma import LlavePlataforma
from signing.tiempo import InstanteInvalido, a_texto, de_texto

FORMATO = "ventanilla-lista-revocados"
TIPO_JWS = "lista-revocados+json"
VERSION = 1
VIGENCIA = timedelta(hours=24)
_MOTIVO_MAXIMO = 500


class ListaRevocadosInvalida(jws.DocumentoFirmadoInvalido):
    pass


class EstadoRevocacion(StrEnum):
    REVOCADO = "revocado"
    SUSPENDIDO = "suspendido"


@dataclass(frozen=True)
class EntradaRevocacion:
    documento_id: uuid.UUID
    estado: EstadoRevocacion
    fecha: datetime
    """When it was revoked or suspended."""
    motivo: str

    @classmethod
    def de(
        cls, documento_id: uuid.UUID | str, estado: EstadoRevocacion | str, fecha: datetime | date, motivo: str
    ) -> EntradaRevocacion:
        """From plain data; a bare date means 00:00 in Colombia."""
        if not isinstance(fecha, datetime):
            fecha = datetime.combine(fecha, time(0), ZONA_COLOMBIA)
        if fecha.tzinfo is None:
            raise ValueError("la fecha de revocación debe llevar zona horaria")
        if not isinstance(motivo, str) or len(motivo) > _MOTIVO_MAXIMO:
            raise ValueError("el motivo debe ser un texto de hasta 500 caracteres")
        return cls(uuid.UUID(str(documento_id)), EstadoRevocacion(estado), fecha.astimezone(UTC), motivo)


@dataclass(frozen=True)
class ListaRevocados:
    emitida_en: datetime
    proxima_actualizacion: datetime
    entradas: Mapping[uuid.UUID, EntradaRevocacion] = field(default_factory=dict)
    firmada_por: bytes = b""
    secuencia: int = 0
    """Strictly increases from one list to the next: a verifier refuses a lower one (rollback)."""

    def buscar(self, documento_id: uuid.UUID) -> EntradaRevocacion | None:
        return self.entradas.get(documento_id)

    def edad(self, ahora: datetime) -> timedelta:
        return ahora - self.emitida_en

    def desactualizada(self, ahora: datetime) -> bool:
        return ahora > self.proxima_actualizacion


EntradaPlana = EntradaRevocacion | tuple[uuid.UUID | str, EstadoRevocacion | str, datetime | date, str]


def construir_lista_revocados(
    entradas: Iterable[EntradaPlana], *, emitida_en: datetime, proxima_actualizacion: datetime,
    secuencia: int | None = None,
) -> dict[str, Any]:
    """The unsigned content. ``entradas`` are ``EntradaRevocacion`` or plain
    ``(documento_id, "revocado" | "suspendido", fecha, motivo)`` tuples; a document may appear once."""
    if proxima_actualizacion <= emitida_en:
        raise ValueError("proxima_actualizacion debe ser posterior a emitida_en")
    normalizadas: dict[uuid.UUID, EntradaRevocacion] = {}
    for entrada in entradas:
        e = entrada if isinstance(entrada, EntradaRevocacion) else EntradaRevocacion.de(*entrada)
        if e.documento_id in normalizadas:
            raise ValueError(f"el documento {e.documento_id} aparece dos veces")
        normalizadas[e.documento_id] = e
    return {
        "formato": FORMATO,
        "version": VERSION,
        "secuencia": secuencia_por_omision(emitida_en) if secuencia is None else secuencia,
        "emitida_en": a_texto(emitida_en),
        "proxima_actualizacion": a_texto(proxima_actualizacion),
        "documentos": [
            {"id": str(e.documento_id), "estado": e.estado.value, "fecha": a_texto(e.fecha), "motivo": e.motivo}
            for e in sorted(normalizadas.values(), key=lambda e: str(e.documento_id))
        ],
    }


def firmar_lista_revocados(
    entradas: Iterable[EntradaPlana],
    plataforma: LlavePlataforma,
    *,
    emitida_en: datetime | None = None,
    proxima_actualizacion: datetime | None = None,
    determinista: bool = False,
    secuencia: int | None = None,
) -> bytes:
    """The published file (UTF-8 JSON bytes); next update defaults to 24 hours after issue, ``secuencia`` to
    ``emitida_en`` in epoch seconds (issuers with a platform folder use ``plataforma.siguiente_secuencia``)."""
    emitida = (emitida_en or datetime.now(UTC)).replace(microsecond=0)
    contenido = construir_lista_revocados(
        entradas, emitida_en=emitida, proxima_actualizacion=proxima_actualizacion or emitida + VIGENCIA,
        secuencia=secuencia,
    )
    return jws.serializar(
        jws.firmar(contenido, plataforma.llave, plataforma.kid, TIPO_JWS, determinista=determinista)
    )


def cargar_lista_revocados(datos: bytes, plataforma: Iterable[x509.Certificate]) -> ListaRevocados:
    """Parse and verify against the pinned platform certificate(s); raises ``ListaRevocadosInvalida``."""
    try:
        contenido, firmada_por = jws.verificar(jws.leer(datos), llaves_fijadas(plataforma), TIPO_JWS)
    except jws.DocumentoFirmadoInvalido as exc:
        raise ListaRevocadosInvalida(f"lista de revocados rechazada: {exc}") from None
    try:
        return _interpretar(contenido, firmada_por)
    except (InstanteInvalido, KeyError, TypeError, ValueError) as exc:
        raise ListaRevocadosInvalida(f"lista de revocados mal formada: {exc}") from None


def _interpretar(contenido: Mapping[str, Any], firmada_por: bytes) -> ListaRevocados:
    if contenido.get("formato") != FORMATO or contenido.get("version") != VERSION:
        raise ValueError(f"se esperaba formato {FORMATO} versión {VERSION}")
    documentos = contenido["documentos"]
    if not isinstance(documentos, list):
        raise ValueError("documentos debe ser una lista")
    entradas: dict[uuid.UUID, EntradaRevocacion] = {}
    anterior = ""
    for d in documentos:
        if not isinstance(d, Mapping) or not isinstance(d["id"], str) or not isinstance(d["motivo"], str):
            raise ValueError("cada documento lleva id, estado, fecha y motivo")
        documento_id = uuid.UUID(d["id"])
        if str(documento_id) != d["id"]:
            raise ValueError(f"id {d['id']!r}: se espera la forma canónica en minúsculas")
        if documento_id in entradas:
            raise ValueError(f"el documento {documento_id} aparece dos veces")
        if d["id"] < anterior:
            # Sorted lists let a verifier binary-search them, and leave one spelling of each list.
            raise ValueError(f"documentos debe estar ordenada por id ({d['id']} va antes de {anterior})")
        anterior = d["id"]
        entradas[documento_id] = EntradaRevocacion(
            documento_id, EstadoRevocacion(d["estado"]), de_texto(d["fecha"], "fecha"), d["motivo"]
        )
    return ListaRevocados(
        emitida_en=de_texto(contenido["emitida_en"], "emitida_en"),
        proxima_actualizacion=de_texto(contenido["proxima_actualizacion"], "proxima_actualizacion"),
        entradas=entradas,
        firmada_por=firmada_por,
        secuencia=leer_secuencia(contenido),
    )
