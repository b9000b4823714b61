"""Persistence: SQLAlchemy Core tables, explicit data mappers, repositories, unit of work, Alembic migrations and
the local file store. Implements the ports of domain/puertos.py; imports domain/, never api/ or admin/.

Wiring (composition root)::

    motor = crear_motor(url)                      # sqlite:///... or postgresql+psycopg://...
    migrar(url)                                   # or as a separate deploy step
    uow = FabricaUnidadDeTrabajoSQL.desde_motor(motor)
    almacen = AlmacenLocal(directorio_archivos)
    contadores = ContadoresSQL(motor)             # shared rate-limit counters (or persistence.contadores_redis)
"""

from persistence.almacen import AlmacenLocal
from persistence.contadores_sql import ContadoresSQL
from persistence.db import URL_POR_DEFECTO, crear_motor, crear_sesiones, esta_disponible
from persistence.estadisticas import EstadisticasSQL
from persistence.migrar import migrar
from persistence.registros_externos import RegistrosExternosSQL
from persistence.unidad_de_trabajo import FabricaUnidadDeTrabajoSQL, UnidadDeTrabajoSQL

__all__ = [
    "URL_POR_DEFECTO",
    "AlmacenLocal",
    "ContadoresSQL",
    "EstadisticasSQL",
    "FabricaUnidadDeTrabajoSQL",
    "RegistrosExternosSQL",
    "UnidadDeTrabajoSQL",
    "crear_motor",
    "crear_sesiones",
    "esta_disponible",
    "migrar",
]
