"""The trámite catalogue: one TOML file per trámite, versioned by ``vigente_desde``. Data, not code."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from domain import decisiones_permitidas
from domain.decisiones_permitidas import DecisionesPermitidas
from domain.errores import TramiteDesconocido

DIRECTORIO = Path(__file__).parent


@dataclass(frozen=True)
class ReglaDef:
    regla: str
    fuente: str
    bloqueante: bool = False
    parametros: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Requisito:
    codigo: str
    nombre: str
    obligatorio: bool
    fuente: str
    reglas: tuple[ReglaDef, ...] = ()
    subtipos: tuple[str, ...] = ()
    aplica_si: str | None = None
    nombres_subtipos: dict[str, str] = field(default_factory=dict)
    """How people read a subtipo (``energia`` → «energía»); the code stays what is stored and sent."""

    def nombre_subtipo(self, codigo: str) -> str:
        return self.nombres_subtipos.get(codigo, codigo.replace("_", " "))


@dataclass(frozen=True)
class ReglasArchivo:
    tipos_medio: tuple[str, ...]
    tamano_maximo_bytes: int
    patron_nombre: str
    fuente: str


@dataclass(frozen=True)
class Destino:
    codigo: str
    nombre: str
    entrega: str  # "descarga" | "recoger_en_alcaldia"
    nota: str = ""


@dataclass(frozen=True)
class Tramite:
    codigo: str
    vigente_desde: date
    entidad: str
    prefijo_radicado: str
    entidad_nombre: str
    nombre: str
    descripcion: str
    fuente: str
    plazo_decision_dias_habiles: int
    plazo_subsanacion_dias: int
    vigencia_certificado_dias: int | None
    admite_persona_privada_libertad: bool
    tipo_documento_resultado: str
    titulo_documento_resultado: str
    reglas_archivo: ReglasArchivo
    requisitos: tuple[Requisito, ...]
    destinos: dict[str, Destino]
    norma_plazo_decision: str = ""
    """How a citizen-facing text cites the norm of the decision deadline (empty: no citation)."""
    norma_subsanacion: str = ""
    """The same for the window to correct a rejected solicitud and the desistimiento after it."""
    decisiones_permitidas: DecisionesPermitidas = field(default_factory=DecisionesPermitidas)
    """Definitive rejection and annulment, where the norm allows them (domain/decisiones_permitidas.py)."""

    def requisito(self, codigo: str) -> Requisito | None:
        return next((r for r in self.requisitos if r.codigo == codigo), None)


def _regla(datos: dict[str, Any]) -> ReglaDef:
    datos = dict(datos)
    return ReglaDef(
        regla=datos.pop("regla"), fuente=datos.pop("fuente"), bloqueante=datos.pop("bloqueante", False),
        parametros=datos,
    )


def _decisiones(datos: dict[str, Any]) -> DecisionesPermitidas:
    tabla = datos.get("decisiones_permitidas")
    errores = decisiones_permitidas.problemas(tabla)
    if errores:
        detalle = "; ".join(f"decisiones_permitidas.{clave}: {problema}" for clave, problema in errores)
        raise ValueError(f"Trámite {datos.get('codigo')}: {detalle}")
    return decisiones_permitidas.leer(tabla)


def _tramite(datos: dict[str, Any]) -> Tramite:
    resultado, archivo = datos["documento_resultado"], datos["reglas_archivo"]
    return Tramite(
        codigo=datos["codigo"],
        vigente_desde=datos["vigente_desde"],
        entidad=datos["entidad"],
        prefijo_radicado=datos["prefijo_radicado"],
        entidad_nombre=datos["entidad_nombre"],
        nombre=datos["nombre"],
        descripcion=datos["descripcion"],
        fuente=datos["fuente"],
        plazo_decision_dias_habiles=datos["plazo_decision_dias_habiles"],
        plazo_subsanacion_dias=datos["plazo_subsanacion_dias"],
        vigencia_certificado_dias=datos.get("vigencia_certificado_dias"),
        admite_persona_privada_libertad=datos.get("admite_persona_privada_libertad", False),
        tipo_documento_resultado=resultado["tipo"],
        titulo_documento_resultado=resultado["titulo"],
        reglas_archivo=ReglasArchivo(**{**archivo, "tipos_medio": tuple(archivo["tipos_medio"])}),
        requisitos=tuple(
            Requisito(
                codigo=r["codigo"],
                nombre=r["nombre"],
                obligatorio=r["obligatorio"],
                fuente=r["fuente"],
                reglas=tuple(_regla(x) for x in r.get("reglas", [])),
                subtipos=tuple(r.get("subtipos", [])),
                aplica_si=r.get("aplica_si"),
                nombres_subtipos=dict(r.get("nombres_subtipos", {})),
            )
            for r in datos["requisitos"]
        ),
        destinos={c: Destino(codigo=c, **d) for c, d in datos["destinos"].items()},
        norma_plazo_decision=datos.get("normas", {}).get("plazo_decision", ""),
        norma_subsanacion=datos.get("normas", {}).get("subsanacion", ""),
        decisiones_permitidas=_decisiones(datos),
    )


class Catalogo:
    """All trámites, each possibly in several versions; ``vigente`` picks the one in force on a date."""

    def __init__(self, tramites: list[Tramite]) -> None:
        self._por_codigo: dict[str, list[Tramite]] = {}
        for t in sorted(tramites, key=lambda t: t.vigente_desde):
            self._por_codigo.setdefault(t.codigo, []).append(t)

    @classmethod
    def cargar(cls, directorio: Path = DIRECTORIO) -> Catalogo:
        tramites = []
        for archivo in sorted(directorio.glob("*.toml")):
            with archivo.open("rb") as f:
                tramites.append(_tramite(tomllib.load(f)))
        return cls(tramites)

    def vigente(self, codigo: str, en: date) -> Tramite:
        versiones = [t for t in self._por_codigo.get(codigo, []) if t.vigente_desde <= en]
        if not versiones:
            raise TramiteDesconocido(f"El trámite «{codigo}» no existe en el catálogo o no está vigente.")
        return versiones[-1]

    def version(self, codigo: str, vigente_desde: date) -> Tramite:
        for t in self._por_codigo.get(codigo, []):
            if t.vigente_desde == vigente_desde:
                return t
        raise TramiteDesconocido(f"El trámite «{codigo}» versión {vigente_desde} no existe en el catálogo.")

    def todos(self) -> list[Tramite]:
        return [versiones[-1] for versiones in self._por_codigo.values()]
