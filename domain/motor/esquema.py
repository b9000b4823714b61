"""The trámite as the catálogo declares it: the engine's data model, loaded and checked by ``cargador``.

Every procedure — Chía's 42 mobility trámites, the residence certificate, the toll tariff, the Registraduría's —
is one ``TramiteDef``: who it acts on (*sujeto*), who takes part (*partes* by role), what it asks (*datos*,
*requisitos* with their conditions, originals and maximum ages), what it checks (*reglas*, decision *tablas*),
what it costs (*tarifas*), what it changes on approval (*efectos*), what it issues, and the norms behind each.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain.decisiones_permitidas import DecisionesPermitidas
from domain.motor.condiciones import Condicion
from domain.motor.tiempo import Duracion
from domain.motor.tipos_dato import CampoDato

TIPOS_SUJETO = ("ninguno", "persona", "vehiculo", "licencia")


@dataclass(frozen=True)
class Entidad:
    codigo: str
    nombre: str
    articulo: str  # «La» Secretaría de Movilidad de Chía certifica…
    prefijo_radicado: str
    norma: str  # the act that adopts the catálogo, as citizens cite it


@dataclass(frozen=True)
class ReglaDef:
    regla: str
    fuente: str
    bloqueante: bool = False
    parametros: Mapping[str, Any] = field(default_factory=dict)
    aplica_si: Condicion | None = None


@dataclass(frozen=True)
class RequisitoDef:
    codigo: str
    nombre: str
    fuente: str
    obligatorio: bool = True
    original: bool = False
    aplica_si: Condicion | None = None
    edad_maxima: Duracion | None = None
    edad_estricta: bool = False  # «con menos de 30 días hábiles»: a document exactly that old no longer qualifies
    subtipos: tuple[str, ...] = ()
    reglas: tuple[ReglaDef, ...] = ()
    al_entregar: bool = False  # asked when the result is delivered, not at filing (e.g. the old licence)
    nota: str = ""


@dataclass(frozen=True)
class ParteDef:
    rol: str
    etiqueta: str
    fuente: str
    obligatoria: bool = True
    aplica_si: Condicion | None = None


@dataclass(frozen=True)
class SujetoDef:
    tipo: str  # one of TIPOS_SUJETO
    clases: tuple[str, ...] = ()  # vehicle classes the trámite accepts (automotor, remolque…)
    nuevo: bool = False  # matrícula: the trámite creates the sujeto
    fuente: str = ""


@dataclass(frozen=True)
class Tarifa:
    concepto: str
    beneficiario: str
    fuente: str
    valor: int | None = None  # pesos; None where the norm names the beneficiary but not the amount


@dataclass(frozen=True)
class EfectoDef:
    efecto: str
    fuente: str
    parametros: Mapping[str, Any] = field(default_factory=dict)
    aplica_si: Condicion | None = None


@dataclass(frozen=True)
class FilaTabla:
    valores: tuple[Any, ...]  # one per input; "*" matches anything
    salidas: Mapping[str, Any]
    mensaje: str
    resultado: str = "revisar"  # cumple | revisar | no_cumple: what the tabla_decision rule reports


@dataclass(frozen=True)
class TablaDecision:
    """A table of the law (e.g. retención en la fuente by seller × buyer): the first matching row wins."""

    nombre: str
    entradas: tuple[Condicion, ...]  # paths evaluated in the context, e.g. partes.vendedor.naturaleza
    salidas: tuple[str, ...]
    filas: tuple[FilaTabla, ...]
    fuente: str

    def decidir(self, contexto: Any) -> FilaTabla | None:
        valores = tuple(entrada._evaluar(contexto) for entrada in self.entradas)
        for fila in self.filas:
            if all(_coincide(esperado, valor) for esperado, valor in zip(fila.valores, valores, strict=True)):
                return fila
        return None


def _coincide(esperado: Any, valor: Any) -> bool:
    """A cell: "*" (anything), a value, or an inclusive range ``{ desde = 60, hasta = 80 }`` (either end open)."""
    if esperado == "*":
        return True
    if isinstance(esperado, Mapping):
        if not isinstance(valor, int | float) or isinstance(valor, bool):
            return False
        return esperado.get("desde", valor) <= valor <= esperado.get("hasta", valor)
    return bool(esperado == valor)


@dataclass(frozen=True)
class DocumentoResultado:
    tipo: str
    titulo: str
    vigencia: Duracion | None = None


@dataclass(frozen=True)
class TramiteDef:
    codigo: str
    vigente_desde: date
    entidad: Entidad
    nombre: str
    descripcion: str
    fuente: str
    plazo_dias_habiles: int
    sujeto: SujetoDef
    archivo: str  # where it was written, for messages to the people who maintain the catálogo
    numero: int | None = None
    formulario: str | None = None
    partes: tuple[ParteDef, ...] = ()
    datos: tuple[CampoDato, ...] = ()
    requisitos: tuple[RequisitoDef, ...] = ()
    reglas: tuple[ReglaDef, ...] = ()
    tablas: tuple[TablaDecision, ...] = ()
    tarifas: tuple[Tarifa, ...] = ()
    efectos: tuple[EfectoDef, ...] = ()
    fundamento: tuple[str, ...] = ()
    documento_resultado: DocumentoResultado | None = None
    plazo_subsanacion: Duracion | None = None
    decisiones: tuple[str, ...] = ()  # how an ambiguity of the norm was read (also in docs/)
    decisiones_permitidas: DecisionesPermitidas = field(default_factory=DecisionesPermitidas)
    """Definitive rejection and annulment, where the norm allows them (domain/decisiones_permitidas.py)."""

    def requisito(self, codigo: str) -> RequisitoDef | None:
        return next((r for r in self.requisitos if r.codigo == codigo), None)

    def parte(self, rol: str) -> ParteDef | None:
        return next((p for p in self.partes if p.rol == rol), None)

    def campo(self, nombre: str) -> CampoDato | None:
        return next((c for c in self.datos if c.nombre == nombre), None)
