"""Partner-system scopes (``SistemaAliado.alcances``): the one list of names, what each allows, and the check.

Deny by default: a partner may call an operation only if it holds the operation's scope. The API declares the scope
of every query and mutation in one place (``api/alcances.py``) and refuses to build a schema with an operation that
declares none; the use cases that partners reach check again here (``exigir_alcance``). See docs/aliados.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from domain.errores import DatoInvalido, NoAutorizado
from domain.personas import SistemaAliado

PERSONAS: Final = "personas"
SOLICITUDES: Final = "solicitudes"
REVOCACION: Final = "revocacion"
APOSTILLA: Final = "apostilla"
IDENTIDAD: Final = "identidad"
REGISTROS: Final = "registros"

ALCANCES: Final[dict[str, str]] = {
    PERSONAS: "Registrar, actualizar y consultar personas (registrarPersona, actualizarPersona, persona).",
    SOLICITUDES: "Radicar, subsanar y consultar solicitudes y descargar sus certificados (radicarSolicitud, "
                 "subsanarSolicitud, solicitud, solicitudes).",
    REVOCACION: "Revocar, suspender y reactivar documentos de solicitudes propias (revocarDocumento, "
                "suspenderDocumento, reactivarDocumento).",
    APOSTILLA: "Consultar el registro de firmas y el e-Register de certificaciones de firma (certificacionFirma, "
               "firmasRegistradas, firmaRegistrada).",
    IDENTIDAD: "Consultar trámites de documentos de identidad de personas propias (tramiteIdentidad).",
    REGISTROS: "Consultar vehículos y licencias de conducción de personas propias (vehiculo, vehiculosDe, "
               "licenciasDe).",
}
"""Every scope a partner may hold, with what it allows (shown by the CLI and the admin)."""


def validar_alcances(nombres: Iterable[str]) -> frozenset[str]:
    """The scopes, trimmed and lower-cased; refuses an unknown one or an empty set."""
    limpios = frozenset(n.strip().lower() for n in nombres if n.strip())
    desconocidos = sorted(limpios - ALCANCES.keys())
    if desconocidos:
        validos = ", ".join(ALCANCES)
        raise DatoInvalido(f"Alcance desconocido: {', '.join(desconocidos)}. Los válidos son: {validos}.",
                           campo="alcances")
    if not limpios:
        raise DatoInvalido("Indique al menos un alcance.", campo="alcances")
    return limpios


def tiene_alcance(aliado: SistemaAliado | None, alcance: str) -> bool:
    return aliado is not None and aliado.activo and alcance in aliado.alcances


def exigir_alcance(aliado: SistemaAliado, alcance: str) -> None:
    if not tiene_alcance(aliado, alcance):
        raise NoAutorizado(mensaje_sin_alcance(alcance))


def mensaje_sin_alcance(alcance: str) -> str:
    return f"Este sistema aliado no tiene el alcance «{alcance}»."
