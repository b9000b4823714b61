"""Replacement (reposición) of a lost or expired comprobante de documento en trámite: seed 002 §15.6 (digest R157,
W15).

Before a replacement the official checks, in order: (a) the document is not already waiting for delivery (if it is,
the holder goes to the delivery instead); (b) the trámite is not rejected (if it is, §16 applies); (c) there is a
record of a trámite in course. Each check is data (``[[reposicion.verificaciones]]`` in
``catalogo/identidad/contrasenas.toml``) and yields a ``Hallazgo`` citing §15.6; a failing one blocks.

The replacement is a green comprobante without QR (§15.4.3) "por un periodo de vigencia igual al primero". The
sentence is ambiguous (digest open question 14): ``vigencia = "nuevo_periodo"`` (the default: the same length counted
again from the replacement, the only reading under which an expired comprobante can be usefully replaced) or
``"misma_fecha_fin"`` (the replacement ends when the first one ended). See docs/contrasenas.md.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from domain.calendario import sumar_meses
from domain.errores import DatoInvalido, RequisitoIncumplido
from domain.reglas import Hallazgo, Resultado

VIGENCIA_MISMA_FECHA_FIN = "misma_fecha_fin"
VIGENCIA_NUEVO_PERIODO = "nuevo_periodo"
_VIGENCIAS = frozenset({VIGENCIA_MISMA_FECHA_FIN, VIGENCIA_NUEVO_PERIODO})
REQUISITO = "reposicion"
ACCION_REPONER = "contrasena.reponer"
"""Audit action of a replacement (domain/auditoria.py)."""


@dataclass(frozen=True)
class VerificacionReposicion:
    regla: str
    fuente: str
    estados_que_impiden: frozenset[str]
    cumple: str
    no_cumple: str
    sin_registro: str | None = None
    """Only for the check that also fails when there is no trámite record at all (§15.6 c)."""


@dataclass(frozen=True)
class ParametrosReposicion:
    fuente: str
    tipo: str
    vigencia: str
    nota: str
    texto_reemplazada: str
    vencida: str
    causas: dict[str, str]
    verificaciones: tuple[VerificacionReposicion, ...]

    def __post_init__(self) -> None:
        if self.vigencia not in _VIGENCIAS:
            raise ValueError(f"reposicion.vigencia debe ser una de {sorted(_VIGENCIAS)}, no «{self.vigencia}».")
        if not any(v.sin_registro for v in self.verificaciones):
            raise ValueError("Una verificación de reposición debe cubrir la falta de registro del trámite (§15.6 c).")

    @classmethod
    def desde_dict(cls, d: dict[str, Any]) -> ParametrosReposicion:
        return cls(
            fuente=d["fuente"], tipo=d["tipo"], vigencia=d["vigencia"], nota=d["nota"],
            texto_reemplazada=d["texto_reemplazada"], vencida=d["vencida"], causas=dict(d["causas"]),
            verificaciones=tuple(
                VerificacionReposicion(v["regla"], v["fuente"], frozenset(v["estados_que_impiden"]), v["cumple"],
                                       v["no_cumple"], v.get("sin_registro"))
                for v in d["verificaciones"]
            ),
        )

    def causa(self, codigo: str) -> str:
        """The Spanish name of a cause (pérdida, vencimiento); DatoInvalido for anything else."""
        limpio = (codigo or "").strip().lower()
        if limpio not in self.causas:
            raise DatoInvalido(
                "Indique la causa de la reposición: " + " o ".join(self.causas.values()) + ".", campo="causa"
            )
        return limpio

    def vigente_hasta(self, primera: date | None, hoy: date, meses: int) -> date | None:
        """§15.6 "por un periodo de vigencia igual al primero". None (consulate, §15.5 Nota) stays None."""
        if primera is None:
            return None
        if self.vigencia == VIGENCIA_MISMA_FECHA_FIN:
            return primera
        return sumar_meses(hoy, meses)


def evaluar_reposicion(estado_tramite: str | None, oficina_entrega: str | None,
                       p: ParametrosReposicion) -> list[Hallazgo]:
    """The §15.6 checks for a trámite in ``estado_tramite`` (None: no record of it). All bloqueante."""
    hallazgos = []
    for v in p.verificaciones:
        if estado_tramite is None:
            falla = v.sin_registro is not None
            mensaje = v.sin_registro if falla else v.cumple
        else:
            falla = estado_tramite in v.estados_que_impiden
            mensaje = v.no_cumple if falla else v.cumple
        donde = f" en {oficina_entrega}" if oficina_entrega else ""
        hallazgos.append(Hallazgo(REQUISITO, v.regla, Resultado.NO_CUMPLE if falla else Resultado.CUMPLE,
                                  (mensaje or "").replace("{oficina}", donde), v.fuente, True))
    return hallazgos


def evaluar_vigencia(vigente_hasta: date | None, hoy: date, p: ParametrosReposicion) -> Hallazgo:
    """The replacement must still be valid on the day it is issued (§15.5 with §15.6)."""
    if vigente_hasta is not None and vigente_hasta < hoy:
        return Hallazgo(REQUISITO, "vigencia_de_la_reposicion", Resultado.NO_CUMPLE,
                        p.vencida.replace("{fecha}", fecha_texto(vigente_hasta)), p.fuente, True)
    hasta = fecha_texto(vigente_hasta) if vigente_hasta else "sin vencimiento (trámite consular)"
    return Hallazgo(REQUISITO, "vigencia_de_la_reposicion", Resultado.CUMPLE,
                    f"La reposición será válida hasta: {hasta}.", p.fuente, True)


class ReposicionRechazada(RequisitoIncumplido):
    """§15.6 said no: carries the Hallazgos (failed and passed); nothing was written."""

    codigo = "REPOSICION_RECHAZADA"

    def __init__(self, hallazgos: list[Hallazgo]) -> None:
        self.hallazgos = hallazgos
        fallidos = [h.mensaje for h in hallazgos if h.resultado is not Resultado.CUMPLE]
        super().__init__("No se puede reponer la contraseña: " + " ".join(fallidos), campo="reposicion")


@dataclass(frozen=True)
class Reposicion:
    """One replaced comprobante: which one, by which, why, when, by whom and at which office."""

    anterior_id: uuid.UUID
    nueva_id: uuid.UUID
    causa: str
    """perdida | vencimiento"""
    fecha: datetime
    actor: str
    oficina_codigo: str
    oficina_nombre: str


_MESES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
          "noviembre", "diciembre")


def fecha_texto(dia: date | None) -> str:
    """'2 de abril de 2026', the way the receipts and the public page write dates."""
    return "" if dia is None else f"{dia.day} de {_MESES[dia.month - 1]} de {dia.year}"
