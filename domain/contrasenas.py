"""The contraseñas (comprobantes de documento en trámite): their four kinds, the offices and the parameters.

Law: seed 002, Circular Única de Registro Civil e Identificación (RNEC), §15.4 (the four kinds of comprobante) and
§15.5 (validity: six months from the trámite; consulates: no expiry). The parameters (months, offices, titles) are
data: ``catalogo/identidad/contrasenas.toml``. The trámite they prove is ``domain/identidad.py``, which re-exports
every name here.
"""

from __future__ import annotations

import tomllib
import uuid
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from domain.calendario import sumar_meses
from domain.documentos import Suscriptor
from domain.errores import DatoInvalido, NoEncontrado
from domain.reposicion_contrasenas import ParametrosReposicion

ARCHIVO_PARAMETROS = Path(__file__).parent / "catalogo" / "identidad" / "contrasenas.toml"

TIPO_CONTRASENA_BLANCA = "contrasena_blanca"
"""§15.4.1: white bond paper 8.7 cm × 7.8 cm, no QR; data printed on the front, photo and fingerprint on the back."""
TIPO_CONTRASENA_EIS = "contrasena_eis"
"""§15.4.2: PDF 8 cm × 16 cm with QR, titular data, photo and signature captured at the EIS."""
TIPO_CONTRASENA_VERDE = "contrasena_verde"
"""§15.4.3: green paper 11 cm × 7 cm, no QR; photo and fingerprint on the back. Also the §15.6 replacement."""
TIPO_CONTRASENA_WEB = "contrasena_web"
"""§15.4.4: green PDF with a QR at the top right, for duplicates requested through the web tool."""
TIPOS_CONTRASENA = frozenset({TIPO_CONTRASENA_BLANCA, TIPO_CONTRASENA_EIS, TIPO_CONTRASENA_VERDE,
                              TIPO_CONTRASENA_WEB})
CANALES = ("eis", "web", "papel")
"""How a trámite is prepared: EIS (digital capture), the web duplicate tool, or paper (DCU enrolment, or offices
without full EIS coverage, §15.4.1 and §15.4.3)."""


def es_contrasena(tipo_documento: str | None) -> bool:
    return tipo_documento in TIPOS_CONTRASENA


@dataclass(frozen=True)
class Oficina:
    """A registraduría or a consulate (``es_consulado``: its contraseñas never expire, §15.5 Nota)."""

    codigo: str
    nombre: str
    es_consulado: bool = False


@dataclass(frozen=True)
class TipoContrasena:
    codigo: str
    titulo: str
    fuente: str
    ancho_mm: float
    alto_mm: float
    canal: str
    """The preparation channel that issues this kind (one of ``CANALES``)."""
    qr: bool
    """Whether the receipt carries the signed QR (§15.4.2, §15.4.4) or not (the paper kinds, §15.4.1, §15.4.3)."""
    sufijo: str
    """Letter after the preparation number in the receipt's number."""


@dataclass(frozen=True)
class ParametrosContrasenas:
    entidad: str
    entidad_nombre: str
    meses_vigencia: int
    consulados_sin_vencimiento: bool
    fuente_vigencia: str
    nota_no_certifica: str
    nota_no_identifica: str
    tipos: dict[str, TipoContrasena]
    oficinas: tuple[Oficina, ...]
    reposicion: ParametrosReposicion
    entidad_articulo: str = ""
    cargos: dict[str, str] = field(default_factory=dict)
    """How the Registraduría's documents title each platform role (``Rol`` value → cargo)."""

    def __post_init__(self) -> None:
        for t in self.tipos.values():
            if t.canal not in CANALES:
                raise ValueError(f"tipos.{t.codigo}.canal debe ser uno de {CANALES}.")
        if self.reposicion.tipo not in self.tipos or self.tipos[self.reposicion.tipo].qr:
            raise ValueError("reposicion.tipo debe ser un comprobante sin QR del catálogo (§15.6).")

    def tipo(self, codigo: str) -> TipoContrasena:
        if codigo not in self.tipos:
            raise DatoInvalido(f"Tipo de comprobante «{codigo}» no reconocido.", campo="comprobante")
        return self.tipos[codigo]

    def tipos_del_canal(self, canal: str) -> list[TipoContrasena]:
        return [t for t in self.tipos.values() if t.canal == canal]

    def oficina(self, codigo: str) -> Oficina:
        for oficina in self.oficinas:
            if oficina.codigo == codigo:
                return oficina
        raise NoEncontrado(f"La oficina «{codigo}» no existe.", campo="oficina")

    def vigencia(self, fecha_tramite: date, oficina: Oficina) -> date | None:
        """§15.5: six months counted from the trámite; contraseñas of consulates have no expiry."""
        if oficina.es_consulado and self.consulados_sin_vencimiento:
            return None
        return sumar_meses(fecha_tramite, self.meses_vigencia)

    @classmethod
    def desde_dict(cls, datos: dict[str, Any]) -> ParametrosContrasenas:
        vigencia = datos["vigencia"]
        return cls(
            entidad=datos["entidad"],
            entidad_nombre=datos["entidad_nombre"],
            meses_vigencia=int(vigencia["meses"]),
            consulados_sin_vencimiento=bool(vigencia["consulados_sin_vencimiento"]),
            fuente_vigencia=vigencia["fuente"],
            nota_no_certifica=datos["nota_no_certifica"],
            nota_no_identifica=datos["nota_no_identifica"],
            tipos={c: TipoContrasena(codigo=c, **t) for c, t in datos["tipos"].items()},
            oficinas=tuple(Oficina(**o) for o in datos["oficinas"]),
            reposicion=ParametrosReposicion.desde_dict(datos["reposicion"]),
            entidad_articulo=datos.get("entidad_articulo", ""),
            cargos=dict(datos.get("cargos", {})),
        )


@lru_cache(maxsize=4)
def parametros_contrasenas(archivo: Path = ARCHIVO_PARAMETROS) -> ParametrosContrasenas:
    with archivo.open("rb") as f:
        return ParametrosContrasenas.desde_dict(tomllib.load(f))


@dataclass(frozen=True)
class ContrasenaAEmitir:
    """What the signing port needs to render, sign and QR-encode a contraseña. Minimal personal data."""

    documento_id: uuid.UUID
    tipo: str
    titulo: str
    entidad_codigo: str
    entidad_nombre: str
    numero_preparacion: str
    titular_nombre: str
    titular_identificacion: str
    tipo_documento: str
    """e.g. "Cédula de ciudadanía (amarilla con hologramas)"."""
    clase_tramite: str
    oficina: str
    fecha_tramite: date
    fecha_expedicion: date
    vigente_hasta: date | None
    nota_no_certifica: str
    nota_no_identifica: str
    con_qr: bool = True
    """False for the paper kinds (§15.4.1, §15.4.3): rendered and signed (PAdES) but without a QR."""
    nota_reposicion: str | None = None
    """On a §15.6 replacement: "Reposición de la contraseña ⟨número⟩ por ⟨causa⟩."."""
    entidad_articulo: str = ""
    """«La» Registraduría Nacional del Estado Civil (catalogue data)."""
    expedido_por: Suscriptor | None = None
    """The official who prepared the trámite and issued the comprobante."""
    firma_digital: Suscriptor | None = None
    """The holder of the signing certificate; filled in by the signing port."""
