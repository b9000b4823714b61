"""Vehiculo: the registry of a vehicle as the organismo de tránsito keeps it (Resolución 5721 de 2019 de Chía).

Placa by class, servicio, characteristics, identification numbers with their re-engraving history, owners with
their *tradición*, limitaciones/gravámenes and medidas cautelares, the matrícula state with its cause, the tarjeta
de operación of a taxi, and a history of every trámite. Trámites change it only through the engine's effects; each
change method refuses what the law does not allow and appends the history line the certificado de tradición prints.
"""

from __future__ import annotations

import enum
import re
import uuid
from dataclasses import dataclass, field
from datetime import date

from domain.errores import DatoInvalido, TransicionInvalida


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
    EN_TRASLADO = "en_traslado"  # the origin sent the folder; the destination has not radicado it yet
    TRASLADADA = "trasladada"  # radicada at another organismo: this record stays only for its history
    EN_RADICACION = "en_radicacion"


class CausaCancelacion(enum.Enum):
    HURTO = "hurto"
    PERDIDA_DEFINITIVA = "perdida_definitiva"
    DESAPARICION_DOCUMENTADA = "desaparicion_documentada"
    SOLICITUD_TITULAR = "solicitud_titular"
    DECISION_JUDICIAL = "decision_judicial"


# Resolución 5721 de 2019 de Chía, trámites 10 and 24: rematrícula only after these cancellations.
CAUSAS_REMATRICULA = frozenset(
    {CausaCancelacion.HURTO, CausaCancelacion.PERDIDA_DEFINITIVA, CausaCancelacion.DESAPARICION_DOCUMENTADA}
)

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
class Gravamen:
    """A limitación or gravamen on ownership (prenda, leasing, reserva de dominio…) with its beneficiary."""

    id: uuid.UUID
    tipo: str
    beneficiario: str  # acreedor prendario or beneficiary, as the document names it
    documento: str
    inscrito_en: date
    radicado: str
    levantado_en: date | None = None

    @property
    def vigente(self) -> bool:
        return self.levantado_en is None


@dataclass
class MedidaCautelar:
    id: uuid.UUID
    tipo: str  # embargo, inmovilización…
    autoridad: str
    documento: str
    inscrita_en: date
    levantada_en: date | None = None

    @property
    def vigente(self) -> bool:
        return self.levantada_en is None


@dataclass(frozen=True)
class Regrabacion:
    numero: str  # motor | chasis | serie
    anterior: str
    nuevo: str
    fecha: date
    motivo: str
    radicado: str


@dataclass(frozen=True)
class TarjetaOperacion:
    numero: str
    expedida_en: date
    empresa: str


@dataclass(frozen=True)
class Propiedad:
    """One link of the tradición: who owned it, from when, until when, by which trámite."""

    persona_id: uuid.UUID | None  # None: traspaso a persona indeterminada
    desde: date
    radicado: str
    hasta: date | None = None


@dataclass(frozen=True)
class Anotacion:
    fecha: date
    tramite: str  # the trámite's name as citizens know it
    radicado: str
    detalle: str


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
    numero_serie: str = ""
    carroceria: str = ""
    cilindraje: int | None = None
    combustible: str = "gasolina"
    blindado: bool = False
    causa_cancelacion: CausaCancelacion | None = None
    organismo: str = ""
    organismo_destino: str | None = None
    traslado_iniciado_en: date | None = None
    tarjeta_operacion: TarjetaOperacion | None = None
    gravamenes: list[Gravamen] = field(default_factory=list)
    medidas: list[MedidaCautelar] = field(default_factory=list)
    regrabaciones: list[Regrabacion] = field(default_factory=list)
    tradicion: list[Propiedad] = field(default_factory=list)
    historia: list[Anotacion] = field(default_factory=list)
    placas_anteriores: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.placa = normalizar_placa(self.placa, self.clase)
        if not 1900 <= self.modelo <= 2100:
            raise DatoInvalido(f"El modelo {self.modelo} no es un año válido.", campo="modelo")

    # -- what conditions and certificates read ------------------------------------------------------------------
    @property
    def es_remolque(self) -> bool:
        return self.clase in (ClaseVehiculo.REMOLQUE, ClaseVehiculo.SEMIRREMOLQUE)

    @property
    def documento_circulacion(self) -> str:
        return "tarjeta de registro" if self.es_remolque else "licencia de tránsito"

    def gravamenes_vigentes(self) -> list[Gravamen]:
        return [g for g in self.gravamenes if g.vigente]

    def medidas_vigentes(self) -> list[MedidaCautelar]:
        return [m for m in self.medidas if m.vigente]

    # -- changes (each one refuses what the law does not allow) ---------------------------------------------------
    def exigir_estado(self, *estados: EstadoMatricula, accion: str) -> None:
        if self.estado_matricula not in estados:
            raise TransicionInvalida(
                f"No se puede {accion}: la matrícula del vehículo {self.placa} está {self.describir_estado()}."
            )

    def describir_estado(self) -> str:
        texto = self.estado_matricula.value.replace("_", " ")
        if self.causa_cancelacion is not None:
            texto += f" por {self.causa_cancelacion.value.replace('_', ' ')}"
        if self.organismo_destino:
            texto += f" hacia {self.organismo_destino}"
        return texto

    def anotar(self, fecha: date, tramite: str, radicado: str, detalle: str) -> None:
        self.historia.append(Anotacion(fecha, tramite, radicado, detalle))

    def traspasar(self, nuevos: list[uuid.UUID | None], fecha: date, radicado: str) -> None:
        self.exigir_estado(EstadoMatricula.ACTIVA, accion="inscribir el traspaso")
        self.tradicion = [p if p.hasta is not None else Propiedad(p.persona_id, p.desde, p.radicado, fecha)
                          for p in self.tradicion]
        self.tradicion.extend(Propiedad(persona, fecha, radicado) for persona in nuevos)
        self.propietarios = [p for p in nuevos if p is not None]

    def inscribir_gravamen(self, gravamen: Gravamen) -> None:
        self.exigir_estado(EstadoMatricula.ACTIVA, accion="inscribir la limitación o gravamen")
        self.gravamenes.append(gravamen)

    def levantar_gravamen(self, fecha: date, tipo: str | None = None) -> Gravamen:
        candidatos = [g for g in self.gravamenes_vigentes() if tipo is None or g.tipo == tipo]
        if not candidatos:
            raise TransicionInvalida(f"El vehículo {self.placa} no tiene limitaciones ni gravámenes vigentes.")
        candidatos[0].levantado_en = fecha
        return candidatos[0]

    def levantar_medida(self, fecha: date) -> MedidaCautelar:
        """The authority ordered the medida cancelled (Resolución 5721 de 2019, trámite 8, caso especial 10)."""
        vigentes = self.medidas_vigentes()
        if not vigentes:
            raise TransicionInvalida(f"El vehículo {self.placa} no tiene medidas cautelares vigentes.")
        vigentes[0].levantada_en = fecha
        return vigentes[0]

    def cambiar_acreedor(self, nuevo: str) -> Gravamen:
        prendas = [g for g in self.gravamenes_vigentes() if g.tipo == "prenda"]
        if not prendas:
            raise TransicionInvalida(f"El vehículo {self.placa} no tiene una prenda vigente.")
        anterior = prendas[0].beneficiario
        prendas[0].beneficiario = nuevo
        return Gravamen(prendas[0].id, "prenda", anterior, prendas[0].documento, prendas[0].inscrito_en, "")

    def cancelar(self, causa: CausaCancelacion) -> None:
        self.exigir_estado(EstadoMatricula.ACTIVA, accion="cancelar la matrícula")
        self.estado_matricula, self.causa_cancelacion = EstadoMatricula.CANCELADA, causa

    def rematricular(self) -> None:
        self.exigir_estado(EstadoMatricula.CANCELADA, accion="rematricular")
        if self.causa_cancelacion not in CAUSAS_REMATRICULA:
            raise TransicionInvalida(
                f"La rematrícula procede solo para vehículos cancelados por hurto, pérdida definitiva o desaparición "
                f"documentada; la matrícula de {self.placa} está {self.describir_estado()}."
            )
        self.estado_matricula, self.causa_cancelacion = EstadoMatricula.ACTIVA, None

    def iniciar_traslado(self, destino: str, fecha: date) -> None:
        self.exigir_estado(EstadoMatricula.ACTIVA, accion="trasladar la matrícula")
        self.estado_matricula, self.organismo_destino = EstadoMatricula.EN_TRASLADO, destino
        self.traslado_iniciado_en = fecha

    def radicar(self, organismo: str) -> None:
        """The destination takes the matrícula (it must have been sent to it)."""
        self.exigir_estado(EstadoMatricula.EN_TRASLADO, accion="radicar la matrícula")
        if self.organismo_destino != organismo:
            raise TransicionInvalida(
                f"La matrícula de {self.placa} se trasladó hacia {self.organismo_destino}, no hacia {organismo}."
            )
        self.estado_matricula, self.organismo, self.organismo_destino = EstadoMatricula.ACTIVA, organismo, None
        self.traslado_iniciado_en = None

    def devolver_traslado(self) -> None:
        """Resolución 5721 de 2019, trámite 13: 60 días hábiles without radicación → the folder goes back."""
        self.exigir_estado(EstadoMatricula.EN_TRASLADO, accion="devolver el traslado")
        self.estado_matricula, self.organismo_destino, self.traslado_iniciado_en = EstadoMatricula.ACTIVA, None, None

    def regrabar(self, numero: str, nuevo: str, fecha: date, motivo: str, radicado: str) -> None:
        self.exigir_estado(EstadoMatricula.ACTIVA, accion="inscribir la regrabación")
        atributo = {"motor": "numero_motor", "chasis": "numero_chasis", "serie": "numero_serie"}[numero]
        self.regrabaciones.append(Regrabacion(numero, getattr(self, atributo), nuevo, fecha, motivo, radicado))
        setattr(self, atributo, nuevo)

    def cambiar_placa(self, nueva: str) -> None:
        self.exigir_estado(EstadoMatricula.ACTIVA, accion="cambiar las placas")
        self.placas_anteriores.append(self.placa)
        self.placa = normalizar_placa(nueva, self.clase)

    def cambiar_servicio(self, servicio: Servicio) -> None:
        self.exigir_estado(EstadoMatricula.ACTIVA, accion="cambiar el servicio")
        if servicio is self.servicio:
            raise TransicionInvalida(f"El vehículo {self.placa} ya es de servicio {servicio.value}.")
        self.servicio = servicio
        if servicio is not Servicio.PUBLICO:
            self.tarjeta_operacion = None

    def cambiar_caracteristica(self, atributo: str, valor: object) -> None:
        """Color, carrocería, motor, combustible (gas natural) or blindaje: a characteristic of the registry."""
        if atributo not in {"color", "carroceria", "numero_motor", "combustible", "blindado"}:
            raise DatoInvalido(f"«{atributo}» no es una característica que un trámite pueda cambiar.")
        self.exigir_estado(EstadoMatricula.ACTIVA, accion="cambiar las características")
        if getattr(self, atributo) == valor:
            raise TransicionInvalida(f"El vehículo {self.placa} ya tiene {atributo.replace('_', ' ')} «{valor}».")
        setattr(self, atributo, valor)


def placa_consultable(placa: str) -> str:
    """A placa as a partner types it («abc-123», «R 12345»), cleaned for a lookup; refuses what is no Colombian
    placa of any class, so a lookup never carries arbitrary text."""
    limpia = re.sub(r"[\s\-]", "", placa[:20]).upper()
    if not any(patron.fullmatch(limpia) for patron in _PLACAS.values()):
        muestra = placa[:20]
        raise DatoInvalido(f"«{muestra}» no es una placa: use p. ej. ABC123 (automotor), ABC12D (motocicleta) o "
                           "R12345 / S12345 (remolque, semirremolque).", campo="placa")
    return limpia
