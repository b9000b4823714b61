"""What a certificado de libertad y tradición prints (Resolución 5721 de 2019 de Chía, trámites 18 and 33).

T-18 (remolque o semirremolque): "las características … y un histórico de todas las actuaciones, trámites y
anotaciones realizadas desde la matrícula inicial". T-33 (automotor): "la titularidad del dominio, las
características del vehículo, medidas cautelares, limitaciones, gravámenes y un registro histórico" (seed 003 §2.3,
§5.3, §6.2). ``certificado_tradicion`` turns the Vehiculo aggregate into that snapshot; the signing layer draws it.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from domain.documentos import CertificadoAEmitir
from domain.personas import Persona
from domain.valores import Identificacion, TipoIdentificacion
from domain.vehiculos import Anotacion, Vehiculo

TIPO_CERTIFICADO_TRADICION = "certificado_tradicion"
TITULO_CERTIFICADO_TRADICION = "Certificado de libertad y tradición"
"""The kind's common name (T-18 and T-33 title it for their class of vehicle), for pages listing any kind."""
PREFIJO_NUMERO = "CT"
PERSONA_INDETERMINADA = "Persona indeterminada"

_CLASES = {"automotor": "Automotor", "motocicleta": "Motocicleta", "remolque": "Remolque",
           "semirremolque": "Semirremolque"}
_SERVICIOS = {"particular": "Particular", "publico": "Público", "oficial": "Oficial"}
# The options of the matrícula's form (Resolución 5721 de 2019 de Chía, trámite 27).
_COMBUSTIBLES = {"gasolina": "Gasolina", "diesel": "Diésel", "gas_natural": "Gas natural vehicular",
                 "electrico": "Eléctrico", "hibrido": "Híbrido"}
_CON_PUNTOS = frozenset({TipoIdentificacion.CC, TipoIdentificacion.TI, TipoIdentificacion.CE,
                         TipoIdentificacion.PPT})


def identificacion_legible(identificacion: Identificacion) -> str:
    """«CC 1.020.345.678», «NIT 800.197.268-4»: as Colombian documents print them (NUIP and passports as they are)."""
    numero = identificacion.numero
    if identificacion.tipo is TipoIdentificacion.NIT:
        return f"NIT {_miles(numero[:-1])}-{numero[-1]}"
    if identificacion.tipo in _CON_PUNTOS and numero.isdigit():
        return f"{identificacion.tipo.value} {_miles(numero)}"
    return str(identificacion)


def nombre_legible(persona: Persona) -> str:
    """The full name; a persona jurídica's razón social alone (its «apellidos» hold a dash placeholder)."""
    if persona.apellidos.strip() in {"—", "-", "–"}:
        return persona.nombres.strip()
    return persona.nombre_completo


def _miles(digitos: str) -> str:
    return f"{int(digitos):,}".replace(",", ".")


@dataclass(frozen=True)
class PropietarioCertificado:
    """One link of the tradición as printed: ``hasta`` None is a current owner."""

    nombre: str
    identificacion: str
    desde: date | None
    """None: an owner recorded before the registry kept its tradición."""
    hasta: date | None
    radicado: str


@dataclass(frozen=True)
class GravamenCertificado:
    tipo: str
    beneficiario: str
    documento: str
    inscrito_en: date
    radicado: str
    levantado_en: date | None


@dataclass(frozen=True)
class MedidaCertificado:
    tipo: str
    autoridad: str
    documento: str
    inscrita_en: date
    levantada_en: date | None


@dataclass(frozen=True)
class CertificadoTradicionAEmitir(CertificadoAEmitir):
    """The generic certificate fields (``titular_*``: who asked for it, as in the QR; ``entidad_articulo``,
    inherited) plus the vehicle's record."""

    placa: str
    clase: str
    estado_matricula: str
    """With its cause, e.g. «Cancelada por hurto»."""
    caracteristicas: tuple[tuple[str, str], ...]
    propietarios: tuple[PropietarioCertificado, ...]
    gravamenes: tuple[GravamenCertificado, ...]
    medidas: tuple[MedidaCertificado, ...]
    historia: tuple[Anotacion, ...]
    radicado: str
    fuente: str
    """The norm as citizens cite it, e.g. «Resolución 5721 de 2019 de Chía, trámite 33»."""

    def placa_qr(self) -> str | None:
        return self.placa


def caracteristicas(v: Vehiculo, organismos: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """The vehicle's characteristics as the certificate lists them (empty ones are left out); ``organismos`` names
    the organismos de tránsito by code."""
    filas: list[tuple[str, str | None]] = [
        ("Placa", v.placa),
        ("Placas anteriores", ", ".join(v.placas_anteriores) or None),
        ("Clase", _CLASES.get(v.clase.value, v.clase.value)),
        ("Servicio", _SERVICIOS.get(v.servicio.value, v.servicio.value)),
        ("Marca", v.marca), ("Línea", v.linea), ("Modelo", str(v.modelo)), ("Color", v.color),
        ("Carrocería", v.carroceria or None),
        ("Cilindraje", f"{v.cilindraje:,} c.c.".replace(",", ".") if v.cilindraje else None),
        ("Combustible", None if v.es_remolque else _COMBUSTIBLES.get(v.combustible, v.combustible)),
        ("Número de motor", v.numero_motor or None), ("Número de chasis", v.numero_chasis or None),
        ("Número de serie", v.numero_serie or None),
        ("Blindaje", "Sí" if v.blindado else None),
        ("Tarjeta de operación", f"{v.tarjeta_operacion.numero} ({v.tarjeta_operacion.empresa})"
         if v.tarjeta_operacion else None),
        ("Organismo de tránsito", organismos.get(v.organismo, v.organismo) or None),
    ]
    return tuple((etiqueta, valor) for etiqueta, valor in filas if valor)


def estado_matricula(v: Vehiculo) -> str:
    texto = v.describir_estado()
    return texto[:1].upper() + texto[1:]


def propietarios(v: Vehiculo, personas: Mapping[uuid.UUID, Persona]) -> tuple[PropietarioCertificado, ...]:
    """The whole tradición, oldest first; owners recorded without a tradición line are listed as current."""
    def fila(persona_id: uuid.UUID | None, desde: date | None, hasta: date | None,
             radicado: str) -> PropietarioCertificado:
        p = personas.get(persona_id) if persona_id is not None else None
        if p is None:
            return PropietarioCertificado(PERSONA_INDETERMINADA, "—", desde, hasta, radicado)
        return PropietarioCertificado(nombre_legible(p), identificacion_legible(p.identificacion), desde, hasta,
                                      radicado)

    filas = [fila(t.persona_id, t.desde, t.hasta, t.radicado) for t in v.tradicion]
    en_tradicion = {t.persona_id for t in v.tradicion if t.hasta is None}
    sin_linea = [pid for pid in v.propietarios if pid not in en_tradicion]
    return tuple(filas) + tuple(fila(pid, None, None, "—") for pid in sin_linea)


def gravamenes(v: Vehiculo) -> tuple[GravamenCertificado, ...]:
    return tuple(GravamenCertificado(g.tipo, g.beneficiario, g.documento, g.inscrito_en, g.radicado, g.levantado_en)
                 for g in v.gravamenes)


def medidas(v: Vehiculo) -> tuple[MedidaCertificado, ...]:
    return tuple(MedidaCertificado(m.tipo, m.autoridad, m.documento, m.inscrita_en, m.levantada_en)
                 for m in v.medidas)
