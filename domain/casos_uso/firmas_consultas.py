"""Partner-system reads of the registro de firmas and of the e-Register (seed 002 §6-7), for the GraphQL API.

A partner (e.g. Cancillería's apostille system) needs the scope ``apostilla`` (``SistemaAliado.alcances``). The
e-Register lookup goes through ``consultar_certificacion`` — the same use case as the public page — so it is
audited and rate-limited; the limiter is keyed on the partner (``aliado:<id>``) instead of a client address.
Registro reads never return the specimen (only its metadata stays in the domain object; the API does not map it).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from domain import alcances
from domain.casos_uso import Contexto
from domain.casos_uso.firmas import ResultadoConsulta, consultar_certificacion
from domain.eregistro import LimitadorConsultas, LimitadorEnMemoria
from domain.firmas import FirmaRegistrada, parametros_certificacion
from domain.personas import SistemaAliado
from domain.reloj import Reloj

ALCANCE_APOSTILLA = alcances.APOSTILLA
"""The SistemaAliado scope that lets a partner read the registro de firmas and look up certificaciones de firma."""
TAMANO_MAXIMO_PAGINA = 100


def exigir_alcance_apostilla(aliado: SistemaAliado) -> None:
    alcances.exigir_alcance(aliado, ALCANCE_APOSTILLA)


def clave_limitador(aliado: SistemaAliado) -> str:
    """What the e-Register limiter counts failures on, and what the audit records, for a partner."""
    return f"aliado:{aliado.id}"


def limitador_por_defecto(reloj: Reloj) -> LimitadorEnMemoria:
    """The same thresholds as the public page (``catalogo/firmas/certificacion.toml``, [eregister])."""
    p = parametros_certificacion()
    return LimitadorEnMemoria(reloj, fallos_maximos=p.fallos_maximos, ventana=timedelta(minutes=p.ventana_minutos),
                              bloqueo=timedelta(hours=p.bloqueo_horas))


def consultar_certificacion_aliado(numero: str, fecha: date | None, aliado: SistemaAliado,
                                   limitador: LimitadorConsultas, ctx: Contexto) -> ResultadoConsulta | None:
    """Scope check, then the public e-Register use case keyed on the partner (audited, counted, blockable)."""
    exigir_alcance_apostilla(aliado)
    return consultar_certificacion(numero, fecha, clave_limitador(aliado), limitador, ctx)


@dataclass(frozen=True)
class PaginaFirmas:
    firmas: list[FirmaRegistrada]
    hay_mas: bool


def listar_firmas_aliado(aliado: SistemaAliado, ctx: Contexto, *, despues_de: tuple[str, uuid.UUID] | None = None,
                         limite: int = 50, vigente_en: date | None = None) -> PaginaFirmas:
    """One page of the registro, ordered by (nombre, id), after the keyset ``despues_de``; optionally only the
    firmas active on ``vigente_en`` (posesión ≤ fecha ≤ retiro)."""
    exigir_alcance_apostilla(aliado)
    limite = max(1, min(limite, TAMANO_MAXIMO_PAGINA))
    elegidas: list[FirmaRegistrada] = []
    cursor = despues_de
    with ctx.uow() as uow:
        # Keyset pages straight from the database; the vigencia filter is the domain's rule (activa_en), so a
        # filtered page may need further batches to fill.
        while len(elegidas) <= limite:
            lote = uow.firmas.pagina(despues_de=cursor, limite=limite + 1)
            elegidas += [f for f in lote if vigente_en is None or f.activa_en(vigente_en)]
            if len(lote) <= limite:
                break
            cursor = (lote[-1].nombre, lote[-1].id)
    return PaginaFirmas(elegidas[:limite], len(elegidas) > limite)


def obtener_firma_aliado(firma_id: uuid.UUID, aliado: SistemaAliado, ctx: Contexto) -> FirmaRegistrada | None:
    exigir_alcance_apostilla(aliado)
    with ctx.uow() as uow:
        return uow.firmas.obtener(firma_id)
