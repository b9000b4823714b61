"""The trámite as the catálogo declares it: the engine's data model, loaded and checked by ``cargador``.

Every procedure — Chía's 42 mobility trámites, the residence certificate, the toll tariff, the Registraduría's —
is one ``TramiteDef``: who it acts on (*sujeto*), who takes part (*partes* by role), what it asks (*datos*,
*requisitos* with their conditions, originals and maximum ages), what it checks (*reglas*, decision *tablas*),
what it costs (*tarifas*), what it changes on approval (*efectos*), what it issues, and the norms behind each.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain.decisiones_permitidas import DecisionesPermitidas
from domain.motor.condiciones import Condicion
from domain.motor.tiempo import Duracion
from domain.motor.tipos_dato import CampoDato

TIPOS_SUJETO = ("ninguno", "persona", "vehiculo", "licencia")


@dataclass(frozen=True)
class ReglasArchivo:
    """What an uploaded soporte may be: media types, size and file name (checked before the content parser)."""

    tipos_medio: tuple[str, ...]
    tamano_maximo_bytes: int
    patron_nombre: str
    fuente: str


# When an entidad's norm says nothing about files (Chía's manual does not): PDF, JPG or PNG up to 10 MiB, with a
# plain file name. Decision recorded in docs/motor-tramites.md.
ARCHIVOS_POR_DEFECTO = ReglasArchivo(
    tipos_medio=("application/pdf", "image/jpeg", "image/png"), tamano_maximo_bytes=10 * 1024 * 1024,
    patron_nombre=r"^[a-z0-9][a-z0-9_\-]*\.(pdf|jpg|jpeg|png)$",
    fuente="condiciones de uso de la ventanilla en línea",
)


@dataclass(frozen=True)
class Entidad:
    codigo: str
    nombre: str
    articulo: str  # «La» Secretaría de Movilidad de Chía certifica…
    prefijo_radicado: str
    norma: str  # the act that adopts the catálogo, as citizens cite it
    archivos: ReglasArchivo = ARCHIVOS_POR_DEFECTO
    cargos: Mapping[str, str] = field(default_factory=dict)
    """How the entidad's documents title each platform role (``Rol`` value → cargo of the approving official)."""


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
    nombres_subtipos: Mapping[str, str] = field(default_factory=dict)
    """How people read a subtipo (``energia`` → «energía»); the code stays what is stored and sent."""

    def nombre_subtipo(self, codigo: str) -> str:
        return self.nombres_subtipos.get(codigo, codigo.replace("_", " "))


@dataclass(frozen=True)
class ParteDef:
    rol: str
    etiqueta: str
    fuente: str
    obligatoria: bool = True
    aplica_si: Condicion | None = None
    distinta_de: tuple[str, ...] = ()  # roles this one may not be filled by the same persona


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


ENTREGAS = ("descarga", "recoger", "ninguna")


@dataclass(frozen=True)
class Entrega:
    """How the result reaches the citizen: downloaded (signed), collected in person, or nothing to hand over.

    ``recoger_si`` switches a downloadable result to in-person collection (the residence certificate for the
    Cancillería is signed by hand and collected at the alcaldía local).
    """

    modo: str = "ninguna"
    lugar: str = ""  # where it is collected: «la alcaldía local», «la sede del organismo de tránsito»
    recoger_si: Condicion | None = None
    nota: str = ""


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
    entrega: Entrega = Entrega()
    prefijo_radicado: str = ""  # empty: the entidad's
    norma_plazo: str = ""  # how a citizen-facing text cites the decision deadline (empty: ``fuente``)
    norma_subsanacion: str = ""  # the same for the window to correct and the desistimiento after it
    exige_correo: bool = False  # the notified parte must have an e-mail: decisions are notified by it

    @property
    def prefijo(self) -> str:
        return self.prefijo_radicado or self.entidad.prefijo_radicado

    @property
    def cita_plazo(self) -> str:
        return self.norma_plazo or self.fuente

    @property
    def cita_subsanacion(self) -> str:
        return self.norma_subsanacion or self.fuente

    def rol_notificado(self, roles: Iterable[str]) -> str | None:
        """Who hears of the decisions: the solicitante when there is one, else the titular, else the first parte."""
        presentes = list(roles)
        for rol in ("solicitante", "titular"):
            if rol in presentes:
                return rol
        return presentes[0] if presentes else None

    def requisito(self, codigo: str) -> RequisitoDef | None:
        return next((r for r in self.requisitos if r.codigo == codigo), None)

    def parte(self, rol: str) -> ParteDef | None:
        return next((p for p in self.partes if p.rol == rol), None)

    def campo(self, nombre: str) -> CampoDato | None:
        return next((c for c in self.datos if c.nombre == nombre), None)
