"""Rollback protection for offline verifiers: remember the highest ``secuencia`` seen per list and issuer.

A verifier that keeps this small state file refuses a trust list or a revocation list older than one it has
already accepted (an attacker replaying yesterday's list, in which a now-compromised key was still active or a
revoked document was not yet listed). Normative description: ``docs/lista-confianza.md`` §6 and
``docs/lista-revocados.md`` §2; ``ventanilla verificar --estado F`` uses it.

    {"formato": "ventanilla-estado-verificador", "version": 1,
     "listas": {"lista-confianza+json 046ea56d20f2944e": {"secuencia": 1751328000,
                                                          "emitida_en": "2025-07-01T00:00:00Z"}}}

The key is the list's JWS ``typ`` and the kid of the platform key that signed it (the *issuer*).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from signing.certificados import escribir_atomico
from signing.jws import DocumentoFirmadoInvalido
from signing.tiempo import a_texto

FORMATO = "ventanilla-estado-verificador"

_NOMBRES = {"lista-confianza+json": "lista de confianza", "lista-revocados+json": "lista de revocados"}


class ListaAnterior(DocumentoFirmadoInvalido):
    """A list older (lower ``secuencia``) than one already seen from the same issuer: a possible rollback."""


class EstadoIlegible(ValueError):
    pass


@dataclass(frozen=True)
class ListaVista:
    tipo: str
    """The JWS ``typ`` of the list."""
    emisor: bytes
    """kid of the platform key that signed it."""
    secuencia: int
    emitida_en: datetime

    @property
    def clave(self) -> str:
        return f"{self.tipo} {self.emisor.hex()}"


class EstadoVerificador:
    """The state file; ``comprobar`` refuses rollbacks, ``registrar`` + ``guardar`` remember accepted lists."""

    def __init__(self, ruta: Path) -> None:
        self.ruta = Path(ruta)
        self._listas: dict[str, dict[str, Any]] = _leer(self.ruta)

    def maxima(self, tipo: str, emisor: bytes) -> int | None:
        entrada = self._listas.get(f"{tipo} {emisor.hex()}")
        return None if entrada is None else int(entrada["secuencia"])

    def comprobar(self, lista: ListaVista) -> None:
        """Raise ``ListaAnterior`` if a list of the same kind and issuer with a higher ``secuencia`` was seen.

        An equal ``secuencia`` is accepted (the same list, fetched again).
        """
        vista = self._listas.get(lista.clave)
        if vista is not None and lista.secuencia < int(vista["secuencia"]):
            nombre = _NOMBRES.get(lista.tipo, lista.tipo)
            raise ListaAnterior(
                f"la {nombre} (secuencia {lista.secuencia}, emitida {a_texto(lista.emitida_en)}) es anterior a "
                f"una ya vista (secuencia {vista['secuencia']}, emitida {vista.get('emitida_en', '?')}): posible "
                "reversión; obtenga la lista más reciente"
            )

    def registrar(self, lista: ListaVista) -> None:
        previa = self.maxima(lista.tipo, lista.emisor)
        if previa is None or lista.secuencia > previa:
            self._listas[lista.clave] = {"secuencia": lista.secuencia, "emitida_en": a_texto(lista.emitida_en)}

    def guardar(self) -> None:
        documento = {"formato": FORMATO, "version": 1, "listas": dict(sorted(self._listas.items()))}
        self.ruta.parent.mkdir(parents=True, exist_ok=True)
        texto = json.dumps(documento, ensure_ascii=False, indent=2) + "\n"
        escribir_atomico(self.ruta, texto.encode("utf-8"), 0o644)


def _leer(ruta: Path) -> dict[str, dict[str, Any]]:
    if not ruta.exists():
        return {}
    try:
        datos = json.loads(ruta.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise EstadoIlegible(f"{ruta}: el archivo de estado no es JSON válido ({exc})") from None
    if not isinstance(datos, Mapping) or datos.get("formato") != FORMATO or datos.get("version") != 1:
        raise EstadoIlegible(f"{ruta}: no es un archivo de estado del verificador ({FORMATO})")
    listas = datos.get("listas")
    if not isinstance(listas, Mapping):
        raise EstadoIlegible(f"{ruta}: no es un archivo de estado del verificador ({FORMATO})")
    resultado: dict[str, dict[str, Any]] = {}
    for clave, valor in listas.items():
        if not isinstance(valor, Mapping) or not isinstance(valor.get("secuencia"), int):
            raise EstadoIlegible(f"{ruta}: entrada {clave!r} sin secuencia entera")
        resultado[str(clave)] = dict(valor)
    return resultado
