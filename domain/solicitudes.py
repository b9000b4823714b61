"""Solicitud: one trámite instance, as a state machine whose illegal moves raise domain errors.

    radicada -> en_estudio -> aprobada -> finalizada
                     |            (cancillería: aprobada = lista para recoger; entregar -> finalizada)
                     +-> requiere_subsanacion -> (subsanar) en_estudio | radicada
                     |                        -> (plazo vencido) desistida
                     +-> rechazada (definitive)
    radicada | en_estudio -> anulada
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from domain import textos
from domain.calendario import dias_habiles_entre
from domain.documentos import Archivo
from domain.errores import DatoInvalido, NoAutorizado, PlazoVencido, TransicionInvalida
from domain.reglas import Hallazgo, Resultado
from domain.reloj import fecha_en_colombia
from domain.verificaciones import ResultadoVerificacion, Verificacion, exigir_aprobable, nueva


class EstadoSolicitud(enum.Enum):
    RADICADA = "radicada"
    EN_ESTUDIO = "en_estudio"
    APROBADA = "aprobada"
    REQUIERE_SUBSANACION = "requiere_subsanacion"
    RECHAZADA = "rechazada"
    DESISTIDA = "desistida"
    FINALIZADA = "finalizada"
    ANULADA = "anulada"


ETIQUETAS_ESTADO = {
    EstadoSolicitud.RADICADA: "Radicada",
    EstadoSolicitud.EN_ESTUDIO: "En estudio",
    EstadoSolicitud.APROBADA: "Aprobada",
    EstadoSolicitud.REQUIERE_SUBSANACION: "Rechazada: requiere subsanación",
    EstadoSolicitud.RECHAZADA: "Rechazada",
    EstadoSolicitud.DESISTIDA: "Desistida",
    EstadoSolicitud.FINALIZADA: "Finalizada",
    EstadoSolicitud.ANULADA: "Anulada",
}
ABIERTAS = frozenset({EstadoSolicitud.RADICADA, EstadoSolicitud.EN_ESTUDIO})


@dataclass(frozen=True)
class Soporte:
    requisito: str
    archivo: Archivo
    fecha_documento: date | None = None
    subtipo: str | None = None


@dataclass(frozen=True)
class Sujeto:
    """What the trámite acts on: a reference to another aggregate (its id), with how people name it (a placa)."""

    tipo: str  # vehiculo | licencia | persona (the catálogo's sujeto types)
    id: uuid.UUID
    etiqueta: str


@dataclass(frozen=True)
class EventoSolicitud:
    cuando: datetime
    tipo: str
    actor: str
    detalle: str = ""


@dataclass
class Solicitud:
    id: uuid.UUID
    radicado: str
    tramite: str
    tramite_version: date
    entidad: str
    partes: dict[str, uuid.UUID]
    """Who takes part, by the role the catálogo declares (titular, solicitante, vendedor, comprador…)."""
    radicada_en: datetime
    fecha_limite_decision: date
    entrega: str = "ninguna"
    """How the result reaches the citizen: descarga (signed, downloaded), recoger (in person) or ninguna."""
    lugar_entrega: str = ""
    datos: dict[str, Any] = field(default_factory=dict)
    """The trámite's own fields as the catálogo declares them, in JSON form (dates as ISO text)."""
    sujeto: Sujeto | None = None
    rol_notificado: str = "titular"
    """The parte who hears of every decision (by e-mail)."""
    estado: EstadoSolicitud = EstadoSolicitud.RADICADA
    soportes: list[Soporte] = field(default_factory=list)
    hallazgos: list[Hallazgo] = field(default_factory=list)
    asignado_a: uuid.UUID | None = None
    motivos_rechazo: list[str] = field(default_factory=list)
    fecha_limite_subsanacion: date | None = None
    documento_id: uuid.UUID | None = None
    eventos: list[EventoSolicitud] = field(default_factory=list)
    radicada_por: uuid.UUID | None = None
    """The SistemaAliado that filed it through the API; None when filed otherwise (admin, demo, CLI)."""
    version: int = 0
    verificaciones: list[Verificacion] = field(default_factory=list)
    """The official's marks on the checklist items marked «Revisar» (domain/verificaciones.py)."""

    # -- queries --------------------------------------------------------------------------------------------
    @property
    def titular_id(self) -> uuid.UUID | None:
        return self.partes.get("titular")

    @property
    def solicitante_id(self) -> uuid.UUID | None:
        """Who is notified: the persona in ``rol_notificado`` (the titular unless the trámite says otherwise)."""
        return self.partes.get(self.rol_notificado) or self.titular_id

    @property
    def persona_privada_libertad(self) -> bool:
        return bool(self.datos.get("persona_privada_libertad"))

    @property
    def destino(self) -> str | None:
        return self.datos.get("destino")

    def visible_para(self, aliado_id: uuid.UUID | None) -> bool:
        """A partner sees only what it filed; ``None`` is an internal caller (admin, CLI), who sees everything.

        Callers answer «no existe» for an invisible solicitud, exactly as for a missing one, so a partner cannot
        even learn that another partner's solicitud exists.
        """
        return aliado_id is None or self.radicada_por == aliado_id

    def dias_habiles_restantes(self, hoy: date) -> int | None:
        """For the inbox colour: días hábiles left to decide (0 = due today, negative = overdue)."""
        if self.estado not in ABIERTAS:
            return None
        return dias_habiles_entre(hoy, self.fecha_limite_decision)

    @property
    def lista_para_recoger(self) -> bool:
        return self.estado is EstadoSolicitud.APROBADA and self.entrega == "recoger"

    def hallazgos_pendientes(self) -> list[Hallazgo]:
        return [h for h in self.hallazgos if h.resultado is not Resultado.CUMPLE]

    # -- transitions ----------------------------------------------------------------------------------------
    def asignar(self, funcionario_id: uuid.UUID, actor: str, cuando: datetime) -> None:
        self._exigir({EstadoSolicitud.RADICADA, EstadoSolicitud.EN_ESTUDIO}, "asignar")
        self.asignado_a = funcionario_id
        self.estado = EstadoSolicitud.EN_ESTUDIO
        self._registrar(cuando, "asignada", actor)

    def aprobar(self, funcionario_id: uuid.UUID, actor: str, cuando: datetime) -> None:
        if self.estado in (EstadoSolicitud.APROBADA, EstadoSolicitud.FINALIZADA):
            raise TransicionInvalida(f"La solicitud {self.radicado} ya fue aprobada.")
        self._exigir_asignada_a(funcionario_id, "aprobar")
        exigir_aprobable(self.radicado, self.hallazgos, self.verificaciones)
        self.estado = EstadoSolicitud.APROBADA
        detalle = f"Lista para recoger en {self.lugar_entrega}." if self.entrega == "recoger" else ""
        self._registrar(cuando, "aprobada", actor, detalle)

    def finalizar_sin_entrega(self, actor: str, cuando: datetime) -> None:
        """An approval whose effects are the whole result (an inscription in a registry): nothing to hand over."""
        self._exigir({EstadoSolicitud.APROBADA}, "finalizar")
        if self.entrega != "ninguna":
            raise TransicionInvalida(f"La solicitud {self.radicado} tiene un resultado por entregar.")
        self.estado = EstadoSolicitud.FINALIZADA
        self._registrar(cuando, "finalizada", actor)

    def registrar_emision(self, documento_id: uuid.UUID, actor: str, cuando: datetime) -> None:
        self._exigir({EstadoSolicitud.APROBADA}, "emitir el certificado de")
        if self.entrega != "descarga":
            lugar = f" y se recoge en {self.lugar_entrega}" if self.entrega == "recoger" else ""
            raise TransicionInvalida(f"El resultado de este trámite no se descarga{lugar}.")
        self.documento_id = documento_id
        self.estado = EstadoSolicitud.FINALIZADA
        self._registrar(cuando, "certificado_emitido", actor, str(documento_id))

    def entregar(self, actor: str, cuando: datetime) -> None:
        if not self.lista_para_recoger:
            raise TransicionInvalida("Solo se entrega en persona un resultado aprobado para recoger.")
        self.estado = EstadoSolicitud.FINALIZADA
        self._registrar(cuando, "entregada", actor)

    def rechazar(
        self, funcionario_id: uuid.UUID, actor: str, motivos: list[str], cuando: datetime, plazo_dias: int
    ) -> None:
        """Rejection with a window to correct (seed 000, paso 8)."""
        motivos = self._motivos(motivos)
        self._exigir_asignada_a(funcionario_id, "rechazar")
        self.motivos_rechazo = motivos
        self.fecha_limite_subsanacion = fecha_en_colombia(cuando) + timedelta(days=plazo_dias)
        self.estado = EstadoSolicitud.REQUIERE_SUBSANACION
        # One motivo a line, as the official wrote them: a «; » join read «…inmueble.; La foto…» in the history.
        self._registrar(cuando, "rechazada", actor, "\n".join(motivos))

    def subsanar(
        self, soportes: list[Soporte], hallazgos: list[Hallazgo], actor: str, cuando: datetime, limite: date
    ) -> None:
        self._exigir({EstadoSolicitud.REQUIERE_SUBSANACION}, "subsanar")
        if self.subsanacion_vencida(fecha_en_colombia(cuando)):
            raise PlazoVencido(
                f"El plazo para subsanar venció el {self.fecha_limite_subsanacion:%d/%m/%Y}; "
                "se entiende que desistió del trámite y debe radicar una nueva solicitud."
            )
        reemplazados = {s.requisito for s in soportes}
        self.soportes = [s for s in self.soportes if s.requisito not in reemplazados] + soportes
        self.hallazgos = hallazgos
        self.verificaciones = []  # new findings: the official verifies them again
        self.fecha_limite_decision = limite
        self.estado = EstadoSolicitud.EN_ESTUDIO if self.asignado_a else EstadoSolicitud.RADICADA
        self._registrar(cuando, "subsanada", actor, ", ".join(sorted(reemplazados)))

    def subsanacion_vencida(self, hoy: date) -> bool:
        limite = self.fecha_limite_subsanacion
        return limite is not None and hoy > limite

    def desistir(self, cuando: datetime) -> None:
        self._exigir({EstadoSolicitud.REQUIERE_SUBSANACION}, "declarar el desistimiento de")
        if not self.subsanacion_vencida(fecha_en_colombia(cuando)):
            raise TransicionInvalida("El plazo para subsanar aún no ha vencido.")
        self.estado = EstadoSolicitud.DESISTIDA
        self._registrar(cuando, "desistida", "sistema", "Venció el plazo de 30 días para subsanar.")

    def anular(self, actor: str, motivo: str, cuando: datetime) -> None:
        self._exigir(ABIERTAS, "anular")
        self.estado = EstadoSolicitud.ANULADA
        self._registrar(cuando, "anulada", actor, motivo)

    def verificar_hallazgo(self, funcionario_id: uuid.UUID, funcionario_nombre: str, actor: str, indice: int,
                           resultado: ResultadoVerificacion, observacion: str, cuando: datetime,
                           descripcion: str, requisito: str | None = None, regla: str | None = None) -> Verificacion:
        """Marks checklist item ``indice`` (a «Revisar» one); ``descripcion`` is how the history names it."""
        self._exigir_asignada_a(funcionario_id, "verificar")
        v = nueva(self.hallazgos, indice, resultado, funcionario_id, funcionario_nombre, cuando, observacion,
                  requisito=requisito, regla=regla)
        self.verificaciones = [x for x in self.verificaciones if x.indice != indice] + [v]
        tipo = "hallazgo_verificado" if resultado is ResultadoVerificacion.VERIFICADO else "hallazgo_no_verificado"
        self._registrar(cuando, tipo, actor, "\n".join(x for x in (descripcion, v.observacion) if x))
        return v

    def rechazar_definitivamente(self, funcionario_id: uuid.UUID, actor: str, motivos: list[str],
                                 cuando: datetime) -> None:
        """A rejection on the merits, without a window to correct (only where the catálogo allows it)."""
        motivos = self._motivos(motivos)
        self._exigir_asignada_a(funcionario_id, "rechazar definitivamente")
        self.motivos_rechazo = motivos
        self.fecha_limite_subsanacion = None
        self.estado = EstadoSolicitud.RECHAZADA
        self._registrar(cuando, "rechazada_definitivamente", actor, "\n".join(motivos))

    # -- helpers --------------------------------------------------------------------------------------------
    @staticmethod
    def _motivos(motivos: list[str], que: str = "rechazo") -> list[str]:
        limpios = (textos.texto(m, "motivos", textos.MOTIVO, nombre=f"motivo de {que}", multilinea=True)
                   for m in motivos)
        motivos = [m for m in limpios if m]
        if not motivos:
            raise DatoInvalido(f"Indique al menos un motivo de {que}.", campo="motivos")
        return motivos

    def _exigir(self, estados: set[EstadoSolicitud] | frozenset[EstadoSolicitud], accion: str) -> None:
        if self.estado not in estados:
            raise TransicionInvalida(
                f"No se puede {accion} la solicitud {self.radicado}: está «{ETIQUETAS_ESTADO[self.estado]}»."
            )

    def _exigir_asignada_a(self, funcionario_id: uuid.UUID, accion: str) -> None:
        if self.estado is EstadoSolicitud.RADICADA or self.asignado_a is None:
            raise TransicionInvalida(f"No se puede {accion} la solicitud {self.radicado}: no está asignada.")
        self._exigir({EstadoSolicitud.EN_ESTUDIO}, accion)
        if self.asignado_a != funcionario_id:
            raise NoAutorizado(f"La solicitud {self.radicado} está asignada a otro funcionario.")

    def _registrar(self, cuando: datetime, tipo: str, actor: str, detalle: str = "") -> None:
        self.eventos.append(EventoSolicitud(cuando, tipo, actor, detalle))
