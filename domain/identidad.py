"""Identity-document trámites (TI, CC) and their comprobantes de documento en trámite (contraseñas).

Law: seed 002, Circular Única de Registro Civil e Identificación (RNEC), §14 (clases de trámite), §15.4 (the four
kinds of comprobante), §15.5 (validity: six months from the trámite; consulates: no expiry), §15.6 (loss or expiry).
Only what the contraseñas need is modelled here: the full Registraduría breadth (EIS controls, validation, lots,
custody) comes later. The parameters (months, offices, titles) are data: ``catalogo/identidad/contrasenas.toml``.

A contraseña is a ``Documento`` of one of the four tipos of §15.4 (``contrasena_blanca``, ``contrasena_eis``,
``contrasena_verde``, ``contrasena_web``); the trámite keeps the ids of the contraseñas issued for it, so the public QR
page can go from the scanned document to the trámite's state, and the replacements of §15.6
(``domain/reposicion_contrasenas.py``), so a replaced receipt is known as such.
"""

from __future__ import annotations

import enum
import tomllib
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from domain.calendario import sumar_meses
from domain.errores import DatoInvalido, NoEncontrado, TransicionInvalida
from domain.reposicion_contrasenas import ParametrosReposicion, Reposicion

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


class TipoDocumentoIdentidad(enum.Enum):
    TI = "TI"
    CC = "CC"

    @property
    def nombre(self) -> str:
        return "Tarjeta de identidad" if self is TipoDocumentoIdentidad.TI else "Cédula de ciudadanía"


class FormatoDocumento(enum.Enum):
    """Digest §1.5: every TI is produced in the blue biometric format (§13.1, R118); the CC is either the yellow
    card with holograms or the polycarbonate card with its digital twin (§18)."""

    TI_AZUL_BIOMETRICA = "ti_azul_biometrica"
    CC_AMARILLA_HOLOGRAMAS = "cc_amarilla_hologramas"
    CC_DIGITAL = "cc_digital"

    @property
    def nombre(self) -> str:
        return {
            FormatoDocumento.TI_AZUL_BIOMETRICA: "azul biométrica",
            FormatoDocumento.CC_AMARILLA_HOLOGRAMAS: "amarilla con hologramas",
            FormatoDocumento.CC_DIGITAL: "policarbonato y digital",
        }[self]


_FORMATOS_VALIDOS = {
    TipoDocumentoIdentidad.TI: (FormatoDocumento.TI_AZUL_BIOMETRICA,),
    TipoDocumentoIdentidad.CC: (FormatoDocumento.CC_AMARILLA_HOLOGRAMAS, FormatoDocumento.CC_DIGITAL),
}


class ClaseTramiteIdentidad(enum.Enum):
    """§14 (digest E23): primera vez, duplicado, rectificación, renovación."""

    PRIMERA_VEZ = "primera_vez"
    DUPLICADO = "duplicado"
    RECTIFICACION = "rectificacion"
    RENOVACION = "renovacion"

    @property
    def nombre(self) -> str:
        return {"primera_vez": "Primera vez", "duplicado": "Duplicado", "rectificacion": "Rectificación",
                "renovacion": "Renovación"}[self.value]


class EstadoTramiteIdentidad(enum.Enum):
    EN_PRODUCCION = "en_produccion"
    DISPONIBLE_PARA_ENTREGA = "disponible_para_entrega"
    ENTREGADO = "entregado"
    RECHAZADO = "rechazado"

    @property
    def nombre(self) -> str:
        return {"en_produccion": "En producción", "disponible_para_entrega": "Disponible para entrega",
                "entregado": "Entregado", "rechazado": "Rechazado"}[self.value]


# Allowed moves: production → available at an office → delivered; production may end rejected (§15.1.1, §16).
TRANSICIONES: dict[EstadoTramiteIdentidad, frozenset[EstadoTramiteIdentidad]] = {
    EstadoTramiteIdentidad.EN_PRODUCCION: frozenset(
        {EstadoTramiteIdentidad.DISPONIBLE_PARA_ENTREGA, EstadoTramiteIdentidad.RECHAZADO}
    ),
    EstadoTramiteIdentidad.DISPONIBLE_PARA_ENTREGA: frozenset({EstadoTramiteIdentidad.ENTREGADO}),
    EstadoTramiteIdentidad.ENTREGADO: frozenset(),
    EstadoTramiteIdentidad.RECHAZADO: frozenset(),
}


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
        )


@lru_cache(maxsize=4)
def parametros_contrasenas(archivo: Path = ARCHIVO_PARAMETROS) -> ParametrosContrasenas:
    with archivo.open("rb") as f:
        return ParametrosContrasenas.desde_dict(tomllib.load(f))


@dataclass(frozen=True)
class EventoTramiteIdentidad:
    estado: EstadoTramiteIdentidad
    fecha: datetime
    actor: str
    detalle: str = ""


@dataclass
class TramiteIdentidad:
    """One request for a TI or CC, from preparation to delivery (or rejection)."""

    id: uuid.UUID
    numero_preparacion: str
    tipo_documento: TipoDocumentoIdentidad
    formato: FormatoDocumento
    clase: ClaseTramiteIdentidad
    titular_id: uuid.UUID
    oficina: Oficina
    """Office of preparation (registraduría or consulate)."""
    fecha_solicitud: date
    """Date of the trámite: the contraseña's six months count from it (§15.5)."""
    canal: str = "eis"
    """"eis" (preparation at an Estación Integrada de Servicios), "web" (duplicate requested online, §15.2) or
    "papel" (paper enrolment, §15.4.1, or an office without full EIS coverage, §15.4.3)."""
    estado: EstadoTramiteIdentidad = EstadoTramiteIdentidad.EN_PRODUCCION
    oficina_entrega: Oficina | None = None
    motivo_rechazo: str | None = None
    contrasenas: list[uuid.UUID] = field(default_factory=list)
    eventos: list[EventoTramiteIdentidad] = field(default_factory=list)
    reposiciones: list[Reposicion] = field(default_factory=list)
    """§15.6: each replaced comprobante and its replacement, oldest first."""
    version: int = 0

    def __post_init__(self) -> None:
        if self.formato not in _FORMATOS_VALIDOS[self.tipo_documento]:
            raise DatoInvalido(
                f"Una {self.tipo_documento.nombre.lower()} no se produce en formato {self.formato.nombre}.",
                campo="formato",
            )
        if self.canal not in CANALES:
            raise DatoInvalido(f"Canal «{self.canal}» no reconocido.", campo="canal")
        if self.canal == "web" and self.clase is not ClaseTramiteIdentidad.DUPLICADO:
            # §15.2 / §15.4.4: the web tool only requests duplicates.
            raise DatoInvalido("Por la web solo se solicitan duplicados.", campo="clase")

    @property
    def es_consulado(self) -> bool:
        return self.oficina.es_consulado

    def vigencia_contrasena(self, parametros: ParametrosContrasenas) -> date | None:
        return parametros.vigencia(self.fecha_solicitud, self.oficina)

    def _mover(self, destino: EstadoTramiteIdentidad, actor: str, cuando: datetime, detalle: str) -> None:
        if destino not in TRANSICIONES[self.estado]:
            raise TransicionInvalida(
                f"El trámite {self.numero_preparacion} está {self.estado.nombre.lower()}: "
                f"no puede pasar a {destino.nombre.lower()}."
            )
        self.estado = destino
        self.eventos.append(EventoTramiteIdentidad(destino, cuando, actor, detalle))

    def marcar_disponible(self, oficina: Oficina, actor: str, cuando: datetime) -> None:
        """The document arrived at the delivery office and waits for its holder."""
        self._mover(EstadoTramiteIdentidad.DISPONIBLE_PARA_ENTREGA, actor, cuando, oficina.nombre)
        self.oficina_entrega = oficina

    def entregar(self, actor: str, cuando: datetime) -> None:
        """Delivered to the holder (§17: the comprobante is collected and destroyed)."""
        self._mover(EstadoTramiteIdentidad.ENTREGADO, actor, cuando, "")

    def rechazar(self, motivo: str, actor: str, cuando: datetime) -> None:
        if not motivo.strip():
            raise DatoInvalido("Indique el motivo del rechazo.", campo="motivo")
        self._mover(EstadoTramiteIdentidad.RECHAZADO, actor, cuando, motivo.strip())
        self.motivo_rechazo = motivo.strip()

    def registrar_contrasena(self, documento_id: uuid.UUID) -> None:
        if self.estado is not EstadoTramiteIdentidad.EN_PRODUCCION:
            # A receipt proves a document *in process*; once delivered or rejected there is nothing to prove.
            raise TransicionInvalida(
                f"El trámite {self.numero_preparacion} está {self.estado.nombre.lower()}: no se expide contraseña."
            )
        self.contrasenas.append(documento_id)

    def reemplazo_de(self, documento_id: uuid.UUID) -> Reposicion | None:
        """The §15.6 replacement of this comprobante, if it was replaced."""
        return next((r for r in self.reposiciones if r.anterior_id == documento_id), None)

    def sin_reponer(self) -> list[uuid.UUID]:
        """The comprobantes issued for this trámite that no replacement has superseded, in issue order."""
        reemplazadas = {r.anterior_id for r in self.reposiciones}
        return [d for d in self.contrasenas if d not in reemplazadas]

    def registrar_reposicion(self, reposicion: Reposicion) -> None:
        """Record a §15.6 replacement; the new receipt must already be registered with ``registrar_contrasena``."""
        if reposicion.nueva_id not in self.contrasenas or reposicion.anterior_id not in self.contrasenas:
            raise TransicionInvalida("La reposición debe referirse a contraseñas de este trámite.")
        if self.reemplazo_de(reposicion.anterior_id) is not None:
            raise TransicionInvalida("Esa contraseña ya fue reemplazada.")
        self.reposiciones.append(reposicion)

    @property
    def descripcion_estado(self) -> str:
        """What the QR page says: "en producción", "disponible para entrega en ⟨oficina⟩", ..."""
        if self.estado is EstadoTramiteIdentidad.DISPONIBLE_PARA_ENTREGA and self.oficina_entrega is not None:
            return f"Disponible para entrega en {self.oficina_entrega.nombre}"
        return self.estado.nombre


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
