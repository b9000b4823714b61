"""The claims signed inside the QR: a CWT claims set (RFC 8392) plus one private claim with the certificate.

    1 iss  text     entidad code (e.g. "SDG-BOGOTA")
    4 exp  int      epoch seconds when the document stops being valid; absent if it never expires
    6 iat  int      epoch seconds of issuance
    7 cti  bytes    document UUID, 16 bytes
    -70000 map      {"t": kind, "n": número, "h": holder name, "i": holder identification,
                     "e": fecha_expedicion ISO date, "v": vigente_hasta ISO date (absent if none),
                     "p": vehicle plate (only on documents about a vehicle, e.g. a certificado de tradición)}

Short keys keep the QR small; ``docs/firma.md`` is the normative description.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import cbor2

from domain.errores import DatoInvalido
from domain.reloj import ZONA_COLOMBIA
from signing.cbor_determinista import exigir_determinista

ISS, EXP, IAT, CTI = 1, 4, 6, 7
RECLAMO_CERTIFICADO = -70000
_TEXTO_MAXIMO = 200
_EPOCA_MAXIMA = 253402300799  # 9999-12-31T23:59:59Z


class ReclamosInvalidos(DatoInvalido):
    """Claims we would not sign or cannot read; Spanish message."""

    codigo = "RECLAMOS_INVALIDOS"


@dataclass(frozen=True)
class ReclamosCertificado:
    emisor: str
    documento_id: uuid.UUID
    emitido_en: datetime
    expira_en: datetime | None
    tipo: str
    numero: str
    titular: str
    identificacion: str
    fecha_expedicion: date
    vigente_hasta: date | None
    placa: str | None = None

    def como_dict(self) -> dict[str, object]:
        """Readable keys for people and templates (the wire keys are deliberately cryptic); ``placa`` only when
        the document carries one."""
        datos: dict[str, object] = {
            "tipo": self.tipo,
            "numero": self.numero,
            "titular": self.titular,
            "identificacion": self.identificacion,
            "fecha_expedicion": self.fecha_expedicion,
            "vigente_hasta": self.vigente_hasta,
            "emisor": self.emisor,
            "emitido_en": self.emitido_en,
            "expira_en": self.expira_en,
        }
        if self.placa is not None:
            datos["placa"] = self.placa
        return datos


def expiracion_de(vigente_hasta: date | None) -> datetime | None:
    """``vigente_hasta`` is inclusive, in Colombian time: the document expires at the next local midnight."""
    if vigente_hasta is None:
        return None
    return datetime.combine(vigente_hasta + timedelta(days=1), time(0), ZONA_COLOMBIA)


def codificar_reclamos(reclamos: ReclamosCertificado) -> bytes:
    """Deterministic CBOR. Refuses what ``decodificar_reclamos`` would refuse: never sign an unverifiable QR."""
    certificado: dict[str, str] = {
        "t": _texto(reclamos.tipo, "t"),
        "n": _texto(reclamos.numero, "n"),
        "h": _texto(reclamos.titular, "h"),
        "i": _texto(reclamos.identificacion, "i"),
        "e": reclamos.fecha_expedicion.isoformat(),
    }
    if reclamos.vigente_hasta is not None:
        certificado["v"] = reclamos.vigente_hasta.isoformat()
    if reclamos.placa is not None:
        certificado["p"] = _texto(reclamos.placa, "p")
    mapa: dict[int, Any] = {
        ISS: _texto(reclamos.emisor, "iss"),
        IAT: _epoca(reclamos.emitido_en),
        CTI: reclamos.documento_id.bytes,
        RECLAMO_CERTIFICADO: certificado,
    }
    if reclamos.expira_en is not None:
        mapa[EXP] = _epoca(reclamos.expira_en)
    # Deterministic CBOR: the same certificate always yields the same bytes to sign. cbor2 sorts keys length-first,
    # which for these keys is also RFC 8949's bytewise order; checked, since verifiers reject anything else.
    carga = cbor2.dumps(mapa, canonical=True)
    exigir_determinista(carga)
    return carga


def decodificar_reclamos(carga: bytes) -> ReclamosCertificado:
    try:
        mapa = cbor2.loads(carga)
    except (cbor2.CBORDecodeError, ValueError, TypeError, OverflowError, RecursionError):
        raise ReclamosInvalidos("los reclamos no son CBOR válido") from None
    if not isinstance(mapa, Mapping):
        raise ReclamosInvalidos("los reclamos deben ser un mapa CBOR")
    certificado = mapa.get(RECLAMO_CERTIFICADO)
    if not isinstance(certificado, Mapping):
        raise ReclamosInvalidos("falta el reclamo del certificado (-70000)")
    exp = mapa.get(EXP)
    vigente = certificado.get("v")
    placa = certificado.get("p")
    return ReclamosCertificado(
        emisor=_texto(mapa.get(ISS), "iss"),
        documento_id=_uuid(mapa.get(CTI)),
        emitido_en=_instante(mapa.get(IAT), "iat"),
        expira_en=None if exp is None else _instante(exp, "exp"),
        tipo=_texto(certificado.get("t"), "t"),
        numero=_texto(certificado.get("n"), "n"),
        titular=_texto(certificado.get("h"), "h"),
        identificacion=_texto(certificado.get("i"), "i"),
        fecha_expedicion=_fecha(certificado.get("e"), "e"),
        vigente_hasta=None if vigente is None else _fecha(vigente, "v"),
        placa=None if placa is None else _texto(placa, "p"),
    )


def _epoca(instante: datetime) -> int:
    if instante.tzinfo is None:
        raise ReclamosInvalidos("se requiere una fecha y hora con zona horaria")
    return int(instante.timestamp())


def _texto(valor: object, clave: str) -> str:
    if not isinstance(valor, str) or not valor or len(valor) > _TEXTO_MAXIMO:
        raise ReclamosInvalidos(f"el reclamo {clave!r} debe ser un texto no vacío")
    return valor


def _uuid(valor: object) -> uuid.UUID:
    if not isinstance(valor, bytes) or len(valor) != 16:
        raise ReclamosInvalidos("el reclamo cti debe ser un UUID de 16 bytes")
    return uuid.UUID(bytes=valor)


def _instante(valor: object, clave: str) -> datetime:
    # bool is an int subclass in Python, but CBOR true/false is not a time.
    if isinstance(valor, bool) or not isinstance(valor, int) or not 0 <= valor <= _EPOCA_MAXIMA:
        raise ReclamosInvalidos(f"el reclamo {clave} debe ser un entero de segundos desde 1970")
    return datetime.fromtimestamp(valor, UTC)


def _fecha(valor: object, clave: str) -> date:
    if not isinstance(valor, str) or len(valor) != 10:
        raise ReclamosInvalidos(f"el reclamo {clave!r} debe ser una fecha AAAA-MM-DD")
    try:
        return date.fromisoformat(valor)
    except ValueError:
        raise ReclamosInvalidos(f"el reclamo {clave!r} debe ser una fecha AAAA-MM-DD") from None
