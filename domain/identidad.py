"""Identity-document trámites (TI, CC) and their comprobantes de documento en trámite (contraseñas).

Law: seed 002, Circular Única de Registro Civil e Identificación (RNEC), §14 (clases de trámite), §15.4 (the four
kinds of comprobante), §15.5 (validity: six months from the trámite; consulates: no expiry), §15.6 (loss or expiry).
Only what the contraseñas need is modelled here: the full Registraduría breadth (EIS controls, validation, lots,
custody) comes later. The parameters (months, offices, titles) are data: ``catalogo/identidad/contrasenas.toml``,
read in ``domain/contrasenas.py`` with the four kinds of comprobante; those names are re-exported here.

A contraseña is a ``Documento`` of one of the four tipos of §15.4 (``contrasena_blanca``, ``contrasena_eis``,
``contrasena_verde``, ``contrasena_web``); the trámite keeps the ids of the contraseñas issued for it, so the public QR
page can go from the scanned document to the trámite's state, and the replacements of §15.6
(``domain/reposicion_contrasenas.py``), so a replaced receipt is known as such.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from domain.contrasenas import ARCHIVO_PARAMETROS as ARCHIVO_PARAMETROS  # re-exported
from domain.contrasenas import CANALES, Oficina, ParametrosContrasenas
from domain.contrasenas import TIPO_CONTRASENA_BLANCA as TIPO_CONTRASENA_BLANCA
from domain.contrasenas import TIPO_CONTRASENA_EIS as TIPO_CONTRASENA_EIS
from domain.contrasenas import TIPO_CONTRASENA_VERDE as TIPO_CONTRASENA_VERDE
from domain.contrasenas import TIPO_CONTRASENA_WEB as TIPO_CONTRASENA_WEB
from domain.contrasenas import TIPOS_CONTRASENA as TIPOS_CONTRASENA
from domain.contrasenas import ContrasenaAEmitir as ContrasenaAEmitir
from domain.contrasenas import TipoContrasena as TipoContrasena
from domain.contrasenas import es_contrasena as es_contrasena
from domain.contrasenas import parametros_contrasenas as parametros_contrasenas
from domain.errores import DatoInvalido, TransicionInvalida
from domain.reposicion_contrasenas import Reposicion


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
