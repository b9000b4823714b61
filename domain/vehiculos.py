"""Vehiculo: a first cut of the aggregate (placa, clase, servicio, identification numbers, owners)."""

from __future__ import annotations

import enum
import re
import uuid
from dataclasses import dataclass, field

from domain.errores import DatoInvalido


class ClaseVehiculo(enum.Enum):
    AUTOMOTOR = "automotor"
    MOTOCICLETA = "motocicleta"
    REMOLQUE = "remolque"
    SEMIRREMOLQUE = "semirremolque"


class Servicio(enum.Enum):
    PARTICULAR = "particular"
    PUBLICO = "publico"
    OFICIAL = "oficial"


class EstadoMatricula(enum.Enum):
    ACTIVA = "activa"
    CANCELADA = "cancelada"
    TRASLADADA = "trasladada"
    EN_RADICACION = "en_radicacion"


# Colombian plates: cars ABC123, motorcycles ABC12D, trailers R12345 / S12345.
_PLACAS = {
    ClaseVehiculo.AUTOMOTOR: re.compile(r"[A-Z]{3}\d{3}"),
    ClaseVehiculo.MOTOCICLETA: re.compile(r"[A-Z]{3}\d{2}[A-Z]?"),
    ClaseVehiculo.REMOLQUE: re.compile(r"R\d{5}"),
    ClaseVehiculo.SEMIRREMOLQUE: re.compile(r"S\d{5}"),
}


def normalizar_placa(placa: str, clase: ClaseVehiculo) -> str:
    limpia = re.sub(r"[\s\-]", "", placa).upper()
    if not _PLACAS[clase].fullmatch(limpia):
        raise DatoInvalido(f"La placa «{placa}» no corresponde a un vehículo de clase {clase.value}.", campo="placa")
    return limpia


@dataclass
class Vehiculo:
    id: uuid.UUID
    placa: str
    clase: ClaseVehiculo
    servicio: Servicio
    marca: str
    linea: str
    modelo: int
    color: str
    numero_motor: str
    numero_chasis: str
    propietarios: list[uuid.UUID] = field(default_factory=list)
    estado_matricula: EstadoMatricula = EstadoMatricula.ACTIVA
    version: int = 0

    def __post_init__(self) -> None:
        self.placa = normalizar_placa(self.placa, self.clase)
        if not 1900 <= self.modelo <= 2100:
            raise DatoInvalido(f"El modelo {self.modelo} no es un año válido.", campo="modelo")
