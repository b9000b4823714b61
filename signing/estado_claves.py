"""The state of each signer key of an entidad, kept next to the keys in ``<ENTIDAD>/claves.json``.

    {"formato": "ventanilla-estado-claves", "version": 1,
     "claves": {"<kid hex>": {"estado": "retirada", "retirada_en": "2025-06-01T15:30:00Z",
                              "tipos": ["certificado_residencia"], "motivo": "rotación"}}}

A kid that is not listed is an **active** key that may sign **any** kind of document, which is exactly what
every key folder made before this file existed means: those folders keep loading without a migration.
``tipos`` absent or ``null`` also means any kind. The file holds no secret (the trust list publishes the same
facts), so it is written world-readable, atomically.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from signing.certificados import escribir_atomico
from signing.tiempo import InstanteInvalido, a_texto, de_texto

ARCHIVO_ESTADO = "claves.json"
FORMATO_ESTADO = "ventanilla-estado-claves"
_TEXTO_MAXIMO = 200


class EstadoClave(StrEnum):
    ACTIVA = "activa"
    """Signs new documents and verifies."""
    RETIRADA = "retirada"
    """No longer signs; what it signed before its retirement still verifies ("firmado con clave retirada")."""
    COMPROMETIDA = "comprometida"
    """Withdrawn because it may be in other hands: nothing it signed is trustworthy."""


class EstadoClavesInvalido(ValueError):
    pass


@dataclass(frozen=True)
class MetadatosClave:
    estado: EstadoClave = EstadoClave.ACTIVA
    retirada_en: datetime | None = None
    tipos: frozenset[str] | None = None
    """Document kinds the key may sign; ``None`` means any kind."""
    motivo: str | None = None

    def retirar(self, instante: datetime, *, comprometida: bool, motivo: str | None) -> MetadatosClave:
        estado = EstadoClave.COMPROMETIDA if comprometida else EstadoClave.RETIRADA
        return replace(self, estado=estado, retirada_en=instante, motivo=motivo)


def normalizar_tipos(tipos: Iterable[str] | None) -> frozenset[str] | None:
    """``None`` or a list containing ``"*"`` → any kind; otherwise the non-empty set of kinds."""
    if tipos is None:
        return None
    conjunto = frozenset(t.strip() for t in tipos)
    if "*" in conjunto:
        return None
    if not conjunto or any(not t or len(t) > _TEXTO_MAXIMO for t in conjunto):
        raise EstadoClavesInvalido("los tipos de documento deben ser textos no vacíos")
    return conjunto


def leer_estado(carpeta: Path) -> dict[str, MetadatosClave]:
    ruta = Path(carpeta) / ARCHIVO_ESTADO
    if not ruta.exists():
        return {}
    try:
        datos = json.loads(ruta.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise EstadoClavesInvalido(f"{ruta}: no es JSON válido ({exc})") from None
    if not isinstance(datos, Mapping) or datos.get("formato") != FORMATO_ESTADO or datos.get("version") != 1:
        raise EstadoClavesInvalido(f"{ruta}: formato desconocido")
    claves = datos.get("claves")
    if not isinstance(claves, Mapping):
        raise EstadoClavesInvalido(f"{ruta}: falta el mapa 'claves'")
    try:
        return {str(kid): _metadatos(valor) for kid, valor in claves.items()}
    except (EstadoClavesInvalido, InstanteInvalido, ValueError) as exc:
        raise EstadoClavesInvalido(f"{ruta}: {exc}") from None


def serializar_estado(estados: Mapping[str, MetadatosClave]) -> bytes:
    """``claves.json`` as bytes: sorted keys, optional fields only when set (stable, diff-friendly)."""
    claves: dict[str, dict[str, object]] = {}
    for kid in sorted(estados):
        m = estados[kid]
        entrada: dict[str, object] = {"estado": m.estado.value}
        if m.retirada_en is not None:
            entrada["retirada_en"] = a_texto(m.retirada_en)
        if m.tipos is not None:
            entrada["tipos"] = sorted(m.tipos)
        if m.motivo:
            entrada["motivo"] = m.motivo
        claves[kid] = entrada
    texto = json.dumps({"formato": FORMATO_ESTADO, "version": 1, "claves": claves}, ensure_ascii=False, indent=2)
    return (texto + "\n").encode("utf-8")


def escribir_estado(carpeta: Path, estados: Mapping[str, MetadatosClave]) -> None:
    escribir_atomico(Path(carpeta) / ARCHIVO_ESTADO, serializar_estado(estados), 0o644)


def _metadatos(valor: object) -> MetadatosClave:
    if not isinstance(valor, Mapping):
        raise EstadoClavesInvalido("cada clave debe ser un objeto")
    estado = EstadoClave(valor.get("estado", EstadoClave.ACTIVA.value))
    retirada = valor.get("retirada_en")
    tipos = valor.get("tipos")
    if tipos is not None and (not isinstance(tipos, list) or not all(isinstance(t, str) for t in tipos)):
        raise EstadoClavesInvalido("'tipos' debe ser una lista de textos")
    motivo = valor.get("motivo")
    if motivo is not None and (not isinstance(motivo, str) or len(motivo) > _TEXTO_MAXIMO):
        raise EstadoClavesInvalido("'motivo' debe ser un texto corto")
    metadatos = MetadatosClave(
        estado=estado,
        retirada_en=None if retirada is None else de_texto(retirada, "retirada_en"),
        tipos=normalizar_tipos(tipos),
        motivo=motivo,
    )
    if (metadatos.estado is EstadoClave.ACTIVA) != (metadatos.retirada_en is None):
        raise EstadoClavesInvalido("una clave retirada lleva 'retirada_en' y una activa no")
    return metadatos
