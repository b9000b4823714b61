"""Use cases: one function per command, shared by the API and the admin. Each runs in one unit of work."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.motor.catalogo import CatalogoTramites
from domain.puertos import (
    AlmacenArchivos,
    EmisorDocumentos,
    FabricaUnidadDeTrabajo,
    InspectorArchivos,
    LecturaDocumentos,
    VerificadorQR,
)
from domain.puertos_estadisticas import AlmacenEstadisticas
from domain.puertos_identidad import EmisorContrasenas
from domain.puertos_registros import RegistrosExternos
from domain.reloj import Reloj


@dataclass(frozen=True)
class Contexto:
    """The ports a use case may need; built once by the composition root."""

    uow: FabricaUnidadDeTrabajo
    almacen: AlmacenArchivos
    reloj: Reloj
    tramites: CatalogoTramites
    """The catálogo of every entidad's trámites, checked whole when the process starts."""
    emisor: EmisorDocumentos
    verificador: VerificadorQR
    contrasenas: EmisorContrasenas | None = None
    """Signs the identity-document receipts (seed 002 §15.4); None where no one issues them."""
    lectura: LecturaDocumentos | None = None
    """The public page's one-statement read; without it the page reads through a unit of work."""
    registros: RegistrosExternos | None = None
    """RUNT, fines, vehicle tax, SOAT (read-only ports); None where no trámite consults them."""
    estadisticas: AlmacenEstadisticas | None = None
    """The statistics aggregates (docs/estadisticas.md); None where the page is not offered (fakes)."""
    inspector: InspectorArchivos = field(kw_only=True)
    """Parses every upload before it is stored (docs/archivos.md); required, so no upload path can skip it."""
