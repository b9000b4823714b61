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


# Thousands separators as people write them on forms: «1.020.345.678» or «79 111 222», groups of three from the right
# and always the same separator. «12.34.56» is a typo, not 123456, so it is refused rather than silently joined.
_MILES = re.compile(r"\d{1,3}([.\s])\d{3}(?:\1\d{3})*")
# A NIT may carry its check digit after a dash: «900.373.115-3».
_NIT_CON_DV = re.compile(r"(.*?)\s*-\s*(\d)")


def _sin_separadores(tipo: TipoIdentificacion, numero: str) -> str:
    texto = numero.strip().upper()
    if tipo is TipoIdentificacion.PA:  # alphanumeric: no thousands, only spaces or dashes people add for reading
        return re.sub(r"[\s\-]", "", texto)
    cuerpo, dv = texto, ""
    if tipo is TipoIdentificacion.NIT and (con_dv := _NIT_CON_DV.fullmatch(texto)):
        cuerpo, dv = con_dv.group(1), con_dv.group(2)
    if re.search(r"[.\s]", cuerpo) and not _MILES.fullmatch(cuerpo):
        raise DatoInvalido(
            f"El número «{numero}» tiene los puntos o espacios mal ubicados: escríbalo solo con dígitos o con un "
            "punto cada tres cifras contando desde la derecha, por ejemplo 1.020.345.678.",
            campo="numero",
        )
    return re.sub(r"[.\s]", "", cuerpo) + dv


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
        limpio = _sin_separadores(tipo_ok, numero)
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

    @property
    def legible(self) -> str:
        """As Colombians write it on paper: «CC 1.020.345.678», «NIT 900.373.115-3»; passports and PPT as stored."""
        if self.tipo in _CON_PUNTOS:
            return f"{self.tipo.value} {con_puntos_de_miles(self.numero)}"
        if self.tipo is TipoIdentificacion.NIT:
            return f"NIT {con_puntos_de_miles(self.numero[:-1])}-{self.numero[-1]}"
        return str(self)


# Kinds whose number people write with a point every three digits (the cédula itself prints «1.020.345.678»).
_CON_PUNTOS = frozenset({TipoIdentificacion.CC, TipoIdentificacion.CE, TipoIdentificacion.TI, TipoIdentificacion.RC})


def con_puntos_de_miles(digitos: str) -> str:
    """«1020345678» → «1.020.345.678»: the inverse of what ``_MILES`` accepts. Anything not all digits is returned
    as it is (a stored value is never altered, only shown)."""
    if not digitos.isdigit():
        return digitos
    grupos = []
    while len(digitos) > 3:
        digitos, grupo = digitos[:-3], digitos[-3:]
        grupos.append(grupo)
    return ".".join([digitos, *reversed(grupos)])


def identificacion_legible(texto: str) -> str:
    """The printed form of an identification kept as text («CC 1020345678», ``str(Identificacion)``); a text that
    is not one (a free-form value, a foreign document) is returned unchanged."""
    tipo, _, numero = texto.strip().partition(" ")
    try:
        return Identificacion.crear(tipo, numero).legible
    except DatoInvalido:
        return texto
