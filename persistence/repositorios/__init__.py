"""SQL implementations of the repository ports of domain/puertos.py (one module per group of aggregates)."""

from persistence.repositorios.bandeja import BandejaSalidaSQL
from persistence.repositorios.documentos import RepositorioDocumentosSQL
from persistence.repositorios.personas import (
    RepositorioAliadosSQL,
    RepositorioFuncionariosSQL,
    RepositorioPersonasSQL,
)
from persistence.repositorios.solicitudes import RepositorioSolicitudesSQL
from persistence.repositorios.vehiculos import RepositorioLicenciasSQL, RepositorioVehiculosSQL

__all__ = [
    "BandejaSalidaSQL",
    "RepositorioAliadosSQL",
    "RepositorioDocumentosSQL",
    "RepositorioFuncionariosSQL",
    "RepositorioLicenciasSQL",
    "RepositorioPersonasSQL",
    "RepositorioSolicitudesSQL",
    "RepositorioVehiculosSQL",
]
