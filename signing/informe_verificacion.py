"""The outcome of verifying a QR offline: ``Resultado`` (with the CLI's exit codes) and ``InformeVerificacion``.

``verificacion.VerificadorFirmas.examinar`` produces the report; ``ventanilla verificar`` prints it (``--json``:
``InformeVerificacion.como_dict``). Every name here is re-exported by ``signing/verificacion.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from signing.carpeta_llaves import ClavePublica
from signing.reclamos import ReclamosCertificado
from signing.revocacion import EntradaRevocacion


class Resultado(StrEnum):
    """Outcome of ``examinar``; the value is the stable code used in test vectors and ``--json`` output."""

    VALIDO = "valido"
    FORMATO_INVALIDO = "formato_invalido"
    URL_NO_CORRESPONDE = "url_no_corresponde"
    FIRMA_INVALIDA = "firma_invalida"
    EMISOR_NO_CORRESPONDE = "emisor_no_corresponde"
    CERTIFICADO_NO_VIGENTE = "certificado_no_vigente"
    EMITIDO_TRAS_RETIRO = "emitido_tras_retiro"
    TIPO_NO_PERMITIDO = "tipo_no_permitido"
    CLAVE_DESCONOCIDA = "clave_desconocida"
    CLAVE_COMPROMETIDA = "clave_comprometida"
    REVOCADO = "revocado"
    SUSPENDIDO = "suspendido"
    VENCIDO = "vencido"

    @property
    def codigo_salida(self) -> int:
        """Exit code of ``ventanilla verificar`` (documented in docs/verificar.md)."""
        return _CODIGOS_SALIDA.get(self, SALIDA_INVALIDO)


SALIDA_VALIDO = 0
SALIDA_INVALIDO = 1
SALIDA_VENCIDO = 2
SALIDA_REVOCADO = 3
SALIDA_CLAVE_DESCONOCIDA = 4
SALIDA_CLAVE_COMPROMETIDA = 5
SALIDA_ERROR = 6
"""Could not verify at all: unreadable input, no QR in the image, a list that fails its own signature."""
SALIDA_REVERSION = 7
"""A list older (lower ``secuencia``) than one already recorded in ``--estado``: possible rollback."""
RESULTADO_NO_VERIFICABLE = "no_verificable"
"""``resultado`` in the ``--json`` output for exit code 6 (no QR was examined, so no ``Resultado``)."""
RESULTADO_LISTA_ANTERIOR = "lista_anterior"
"""``resultado`` in the ``--json`` output for exit code 7."""

_CODIGOS_SALIDA = {
    Resultado.VALIDO: SALIDA_VALIDO,
    Resultado.VENCIDO: SALIDA_VENCIDO,
    Resultado.REVOCADO: SALIDA_REVOCADO,
    Resultado.SUSPENDIDO: SALIDA_REVOCADO,
    Resultado.CLAVE_DESCONOCIDA: SALIDA_CLAVE_DESCONOCIDA,
    Resultado.CLAVE_COMPROMETIDA: SALIDA_CLAVE_COMPROMETIDA,
}
# A genuine signature by a key that may vouch for it; the document may still be out of force.
_FIRMA_AUTENTICA = frozenset({Resultado.VALIDO, Resultado.VENCIDO, Resultado.REVOCADO, Resultado.SUSPENDIDO})


@dataclass(frozen=True)
class EstadoLista:
    """How fresh a list used for the verdict was."""

    nombre: str
    emitida_en: datetime
    proxima_actualizacion: datetime
    edad: timedelta
    desactualizada: bool


@dataclass(frozen=True)
class InformeVerificacion:
    resultado: Resultado
    motivo: str
    """Spanish, for people."""
    verificado_en: datetime
    kid: str | None = None
    clave: ClavePublica | None = None
    reclamos: ReclamosCertificado | None = None
    """Decoded claims once the signature checked out (present but *not trustworthy* unless ``firma_autentica``)."""
    revocacion: EntradaRevocacion | None = None
    notas: tuple[str, ...] = ()
    listas: tuple[EstadoLista, ...] = ()

    @property
    def valido(self) -> bool:
        return self.resultado is Resultado.VALIDO

    @property
    def firma_autentica(self) -> bool:
        return self.resultado in _FIRMA_AUTENTICA

    @property
    def codigo_salida(self) -> int:
        return self.resultado.codigo_salida

    def como_dict(self) -> dict[str, Any]:
        """JSON-ready summary (ISO 8601 instants, stable keys) for ``ventanilla verificar --json``."""
        clave = self.clave
        return {
            "resultado": self.resultado.value,
            "codigo_salida": self.codigo_salida,
            "motivo": self.motivo,
            "verificado_en": self.verificado_en.isoformat(),
            "kid": self.kid,
            "entidad": clave.entidad_codigo if clave else None,
            "entidad_nombre": clave.entidad_nombre if clave else None,
            "alg": clave.algoritmo.value if clave else None,
            "estado_clave": clave.estado.value if clave else None,
            "clave_retirada_en": clave.retirada_en.isoformat() if clave and clave.retirada_en else None,
            "documento_id": str(self.reclamos.documento_id) if self.reclamos else None,
            "reclamos": _reclamos_json(self.reclamos) if self.reclamos else None,
            "revocacion": None if self.revocacion is None else {
                "estado": self.revocacion.estado.value,
                "fecha": self.revocacion.fecha.isoformat(),
                "motivo": self.revocacion.motivo,
            },
            "notas": list(self.notas),
            "listas": [
                {
                    "nombre": lista.nombre,
                    "emitida_en": lista.emitida_en.isoformat(),
                    "proxima_actualizacion": lista.proxima_actualizacion.isoformat(),
                    "edad_segundos": int(lista.edad.total_seconds()),
                    "desactualizada": lista.desactualizada,
                }
                for lista in self.listas
            ],
        }


def _reclamos_json(reclamos: ReclamosCertificado) -> dict[str, Any]:
    return {
        clave: valor.isoformat() if hasattr(valor, "isoformat") else valor
        for clave, valor in reclamos.como_dict().items()
    }
