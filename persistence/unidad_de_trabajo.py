"""One unit of work = one database transaction = one use case."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from domain.puertos import (
    BandejaSalida,
    FabricaUnidadDeTrabajo,
    RegistroAuditoria,
    RepositorioAliados,
    RepositorioDocumentos,
    RepositorioFuncionarios,
    RepositorioLicencias,
    RepositorioPersonas,
    RepositorioSolicitudes,
    RepositorioVehiculos,
    UnidadDeTrabajo,
)
from domain.puertos_firmas import RepositorioCertificacionesFirma, RepositorioFirmas
from domain.puertos_identidad import RepositorioTramitesIdentidad
from persistence.db import crear_sesiones
from persistence.repositorios import (
    BandejaSalidaSQL,
    RepositorioAliadosSQL,
    RepositorioDocumentosSQL,
    RepositorioFuncionariosSQL,
    RepositorioLicenciasSQL,
    RepositorioPersonasSQL,
    RepositorioSolicitudesSQL,
    RepositorioVehiculosSQL,
)
from persistence.repositorios.auditoria import RegistroAuditoriaSQL
from persistence.repositorios.firmas import RepositorioCertificacionesFirmaSQL, RepositorioFirmasSQL
from persistence.repositorios.identidad import RepositorioTramitesIdentidadSQL


class UnidadDeTrabajoSQL:
    """Context manager around one Session: repositories share its transaction; leaving without commit rolls back.

    Single use: ``with fabrica() as uow: ...; uow.commit()``. Not thread-safe (neither is a Session); each worker
    thread gets its own from the factory.
    """

    # Typed as the ports (protocol attributes are invariant); the SQL classes are behind them.
    personas: RepositorioPersonas
    solicitudes: RepositorioSolicitudes
    documentos: RepositorioDocumentos
    vehiculos: RepositorioVehiculos
    licencias: RepositorioLicencias
    funcionarios: RepositorioFuncionarios
    aliados: RepositorioAliados
    bandeja_salida: BandejaSalida
    tramites_identidad: RepositorioTramitesIdentidad
    auditoria: RegistroAuditoria
    firmas: RepositorioFirmas
    certificaciones_firma: RepositorioCertificacionesFirma

    def __init__(self, fabrica_sesiones: Callable[[], Session]) -> None:
        self._fabrica_sesiones = fabrica_sesiones
        self._sesion: Session | None = None

    def __enter__(self) -> UnidadDeTrabajoSQL:
        if self._sesion is not None:
            raise RuntimeError("Esta unidad de trabajo ya está abierta; pida otra a la fábrica.")
        sesion = self._sesion = self._fabrica_sesiones()
        self.personas = RepositorioPersonasSQL(sesion)
        self.solicitudes = RepositorioSolicitudesSQL(sesion)
        self.documentos = RepositorioDocumentosSQL(sesion)
        self.vehiculos = RepositorioVehiculosSQL(sesion)
        self.licencias = RepositorioLicenciasSQL(sesion)
        self.funcionarios = RepositorioFuncionariosSQL(sesion)
        self.aliados = RepositorioAliadosSQL(sesion)
        self.bandeja_salida = BandejaSalidaSQL(sesion)
        self.tramites_identidad = RepositorioTramitesIdentidadSQL(sesion)
        self.auditoria = RegistroAuditoriaSQL(sesion)
        self.firmas = RepositorioFirmasSQL(sesion)
        self.certificaciones_firma = RepositorioCertificacionesFirmaSQL(sesion)
        return self

    def __exit__(
        self, tipo: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        sesion, self._sesion = self._sesion, None
        if sesion is not None:
            # close() rolls back whatever was not committed and returns the connection to the pool.
            sesion.close()

    def commit(self) -> None:
        self._abierta().commit()

    def rollback(self) -> None:
        self._abierta().rollback()

    def _abierta(self) -> Session:
        if self._sesion is None:
            raise RuntimeError("La unidad de trabajo no está abierta: úsela dentro de un bloque «with».")
        return self._sesion


class FabricaUnidadDeTrabajoSQL:
    """What ``Contexto.uow`` expects: each call returns a fresh unit of work."""

    def __init__(self, fabrica_sesiones: Callable[[], Session]) -> None:
        self._fabrica_sesiones = fabrica_sesiones

    @classmethod
    def desde_motor(cls, motor: Engine) -> FabricaUnidadDeTrabajoSQL:
        return cls(crear_sesiones(motor))

    def __call__(self) -> UnidadDeTrabajoSQL:
        return UnidadDeTrabajoSQL(self._fabrica_sesiones)


def _conformidad(fabrica: FabricaUnidadDeTrabajoSQL) -> tuple[FabricaUnidadDeTrabajo, UnidadDeTrabajo]:
    """Never called: makes mypy prove that these classes satisfy the domain's ports."""
    return fabrica, fabrica()
