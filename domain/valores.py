"""Value objects: identification documents as the Registraduría and DIAN define them."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from stdnum.co import nit as stdnum_nit

from domain.errores import DatoInvalido


class TipoIdentificacion(enum.Enum):
    CC = "CC"  # cédula de ciudadanía
    TI = "TI"  # tarjeta de identidad
    CE = "CE"  # cédula de extranjería
    RC = "RC"  # registro civil (NUIP)
    PA = "PA"  # pasaporte
    PPT = "PPT"  # permiso por protección temporal
    NIT = "NIT"  # número de identificación tributaria


NOMBRES_TIPO = {
    TipoIdentificacion.CC: "cédula de ciudadanía",
    TipoIdentificacion.TI: "tarjeta de identidad",
    TipoIdentificacion.CE: "cédula de extranjería",
    TipoIdentificacion.RC: "registro civil de nacimiento (NUIP)",
    TipoIdentificacion.PA: "pasaporte",
    TipoIdentificacion.PPT: "permiso por protección temporal",
    TipoIdentificacion.NIT: "NIT",
}

# Shapes of each number. CC: up to 10 digits (older cédulas are shorter); TI and NUIP: 10–11 digits since the NUIP
# (seed 002 §1); passports are alphanumeric.
_FORMATOS = {
    TipoIdentificacion.CC: re.compile(r"[1-9]\d{2,9}"),
    TipoIdentificacion.TI: re.compile(r"\d{10,11}"),
    TipoIdentificacion.CE: re.compile(r"\d{3,7}"),
    TipoIdentificacion.RC: re.compile(r"\d{10,11}"),
    TipoIdentificacion.PA: re.compile(r"[A-Z0-9]{5,15}"),
    TipoIdentificacion.PPT: re.compile(r"\d{5,10}"),
}


@dataclass(frozen=True)
class Identificacion:
    tipo: TipoIdentificacion
    numero: str

    @classmethod
    def crear(cls, tipo: str, numero: str) -> Identificacion:
        try:
            tipo_ok = TipoIdentificacion(tipo.strip().upper())
        except ValueError:
            validos = ", ".join(t.value for t in TipoIdentificacion)
            raise DatoInvalido(
                f"Tipo de identificación «{tipo}» no reconocido; use uno de: {validos}.", campo="tipo"
            ) from None
        limpio = re.sub(r"[\s.\-]", "", numero).upper()
        if tipo_ok is TipoIdentificacion.NIT:
            if not stdnum_nit.is_valid(limpio):
                raise DatoInvalido(
                    f"El NIT «{numero}» no es válido: revise los dígitos y el dígito de verificación.",
                    campo="numero",
                )
            return cls(tipo_ok, limpio)
        if not _FORMATOS[tipo_ok].fullmatch(limpio):
            raise DatoInvalido(
                f"El número «{numero}» no tiene el formato de una {NOMBRES_TIPO[tipo_ok]}.", campo="numero"
            )
        return cls(tipo_ok, limpio)

    def __str__(self) -> str:
        return f"{self.tipo.value} {self.numero}"
