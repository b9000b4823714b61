"""Ports: what the domain needs from the outside world, as Protocols. Persistence and signing implement them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from types import TracebackType
from typing import Protocol

from domain.auditoria import EventoAuditoria
from domain.documentos import CertificadoAEmitir, Documento, DocumentoEmitido, VerificacionQR
from domain.licencias import Licencia
from domain.notificaciones import EstadoEnvio, Notificacion
from domain.personas import Funcionario, Persona, SistemaAliado
from domain.puertos_firmas import RepositorioCertificacionesFirma, RepositorioFirmas
from domain.puertos_identidad import RepositorioTramitesIdentidad
from domain.solicitudes import EstadoSolicitud, Solicitud
from domain.valores import Identificacion
from domain.vehiculos import Vehiculo


class RepositorioPersonas(Protocol):
    """Personas are shared by every partner (one row per identification); what a partner may read is filtered here.

    A partner system may read a persona if it is linked to it (``vincular``: done by ``registrar_persona`` when the
    partner creates the persona, or re-registers one it may read, or proves the identity of one it may not), or if
    the persona is titular or solicitante of a solicitud that partner filed. See docs/aliados.md.
    """

    def agregar(self, persona: Persona) -> None: ...
    def guardar(self, persona: Persona) -> None: ...
    def obtener(self, persona_id: uuid.UUID) -> Persona | None: ...
    def por_identificacion(self, identificacion: Identificacion) -> Persona | None: ...
    def varias(self, ids: Sequence[uuid.UUID], *, visibles_para: uuid.UUID | None = None) -> list[Persona]:
        """In the order of ``ids``, without repetitions; unknown ids are skipped, and so are personas the partner
        ``visibles_para`` may not read (None: no filter)."""
        ...
    def vincular(self, persona_id: uuid.UUID, aliado_id: uuid.UUID) -> bool:
        """Link the partner to the persona; idempotent. True if the link is new (the caller audits it)."""
        ...


class RepositorioSolicitudes(Protocol):
    def agregar(self, solicitud: Solicitud) -> None: ...
    def guardar(self, solicitud: Solicitud) -> None:
        """Persist changes; raises ConflictoConcurrencia if the stored version moved."""
        ...
    def obtener(self, solicitud_id: uuid.UUID) -> Solicitud | None: ...
    def por_radicado(self, radicado: str) -> Solicitud | None: ...
    def radicados(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
        """Radicado by id of those that exist, in one query."""
        ...
    def siguiente_consecutivo(self, prefijo: str) -> int: ...
    def listar(
        self,
        *,
        entidad: str | None = None,
        estados: Sequence[EstadoSolicitud] = (),
        tramite: str | None = None,
        vencidas_al: date | None = None,
        asignado_a: uuid.UUID | None = None,
        radicada_por: uuid.UUID | None = None,
        despues_de: tuple[datetime, uuid.UUID] | None = None,
        limite: int = 50,
    ) -> list[Solicitud]:
        """Keyset page ordered by (radicada_en, id); ``radicada_por`` keeps only what that partner filed;
        ``vencidas_al`` only those whose decision deadline is before that day."""
        ...
    def con_subsanacion_vencida(self, hoy: date) -> list[Solicitud]:
        """Solicitudes in requiere_subsanacion whose fecha_limite_subsanacion < hoy."""
        ...
    def contar_por_estado(
        self, entidad: str | None = None, tramite: str | None = None
    ) -> dict[EstadoSolicitud, int]:
        """From counters maintained with every change: never a count over the solicitudes."""
        ...
    def contar_vencidas(self, entidad: str, hoy: date, tramite: str | None = None) -> int: ...
    def de_sujeto(self, sujeto_id: uuid.UUID, estados: Sequence[EstadoSolicitud] = ()) -> list[Solicitud]:
        """The solicitudes that act on this vehicle/licence/persona (optionally only in some estados)."""
        ...


class RepositorioDocumentos(Protocol):
    def agregar(self, documento: Documento) -> None: ...
    def guardar(self, documento: Documento) -> None: ...
    def obtener(self, documento_id: uuid.UUID) -> Documento | None: ...
    def varios(self, ids: Sequence[uuid.UUID], *, visibles_para: uuid.UUID | None = None) -> list[Documento]:
        """In the order of ``ids``; with ``visibles_para``, only documentos issued for solicitudes that partner
        filed."""
        ...
    def con_eventos(self) -> list[Documento]:
        """Every documento with at least one suspension/revocation event (for the revocation list)."""
        ...


class RepositorioVehiculos(Protocol):
    def agregar(self, vehiculo: Vehiculo) -> None: ...
    def guardar(self, vehiculo: Vehiculo) -> None:
        """Version-checked: ConflictoConcurrencia if someone changed the vehicle since it was read."""
        ...
    def por_placa(self, placa: str) -> Vehiculo | None: ...
    def obtener(self, vehiculo_id: uuid.UUID) -> Vehiculo | None: ...
    def de_propietario(self, persona_id: uuid.UUID, despues_de: str = "", limite: int = 50) -> list[Vehiculo]: ...


class RepositorioLicencias(Protocol):
    def agregar(self, licencia: Licencia) -> None: ...
    def guardar(self, licencia: Licencia) -> None: ...
    def obtener(self, licencia_id: uuid.UUID) -> Licencia | None: ...
    def de_titular(self, titular_id: uuid.UUID) -> list[Licencia]: ...


class RepositorioFuncionarios(Protocol):
    def agregar(self, funcionario: Funcionario) -> None: ...
    def obtener(self, funcionario_id: uuid.UUID) -> Funcionario | None: ...
    def por_usuario(self, usuario: str) -> Funcionario | None: ...
    def por_usuarios(self, usuarios: Sequence[str]) -> list[Funcionario]:
        """Those of ``usuarios`` that exist, in one query (names for histories and the audit log)."""
        ...
    def guardar(self, funcionario: Funcionario) -> None: ...


class RepositorioAliados(Protocol):
    def agregar(self, aliado: SistemaAliado) -> None: ...
    def guardar(self, aliado: SistemaAliado) -> None:
        """Persist changes; raises ConflictoConcurrencia if the stored version moved."""
        ...
    def obtener(self, aliado_id: uuid.UUID) -> SistemaAliado | None: ...
    def por_hash(self, hash_credencial: str) -> SistemaAliado | None: ...
    def listar(self) -> list[SistemaAliado]:
        """Every partner, revoked ones included, by name (then id). Partners are a handful: no paging."""
        ...


class BandejaSalida(Protocol):
    """Outbox: notifications are written in the same transaction as the change that causes them, and delivered
    later by dispatchers that claim them one at a time (see domain.notificaciones for the states)."""

    def agregar(self, notificacion: Notificacion) -> None: ...
    def pendientes(self, limite: int = 100) -> list[Notificacion]:
        """Waiting to be sent (estado pendiente), oldest first, whatever their next attempt's time."""
        ...
    def reclamar(self, ahora: datetime, arriendo_hasta: datetime) -> Notificacion | None:
        """Atomically take the next message due at ``ahora`` (pendiente with proximo_intento <= ahora, or enviando
        with an expired lease): estado enviando, lease until ``arriendo_hasta``, intentos + 1. No two callers ever
        get the same message, even from different processes. None when nothing is due."""
        ...
    def marcar_enviada(self, notificacion_id: uuid.UUID, cuando: datetime) -> None: ...
    def reprogramar(self, notificacion_id: uuid.UUID, intentos: int, proximo: datetime, error: str) -> bool:
        """Back to pendiente for a later attempt, if the claim with ``intentos`` is still ours (False otherwise)."""
        ...
    def marcar_fallida(self, notificacion_id: uuid.UUID, intentos: int, error: str) -> bool:
        """Dead letter, if the claim with ``intentos`` is still ours (False otherwise)."""
        ...
    def reabrir(self, notificacion_id: uuid.UUID, ahora: datetime) -> bool:
        """A fallida message back to pendiente with its attempts reset; False if it is not fallida."""
        ...
    def obtener(self, notificacion_id: uuid.UUID) -> Notificacion | None: ...
    def listar(
        self, *, entidad: str, estados: Sequence[EstadoEnvio] = (),
        antes_de: tuple[datetime, uuid.UUID] | None = None, limite: int = 50,
    ) -> list[Notificacion]:
        """Keyset page of an entidad's notifications, newest first by (creada_en, id)."""
        ...
    def contar_por_estado(self, entidad: str) -> dict[EstadoEnvio, int]: ...


class RegistroAuditoria(Protocol):
    """The general audit log (append-only), written in the same transaction as the change it records."""

    def registrar(self, evento: EventoAuditoria) -> None: ...
    def listar(
        self, *, entidad: str | None = None, antes_de: tuple[datetime, uuid.UUID] | None = None, limite: int = 50,
        solo_plataforma: bool = False,
    ) -> list[EventoAuditoria]:
        """Keyset page, newest first, ordered by (cuando, id) descending; ``entidad`` keeps that entidad's entries,
        ``solo_plataforma`` only the platform-wide ones (entidad None: partner credentials, persona links)."""
        ...
    def contar(self, *, actor: str, accion: str, desde: datetime) -> int:
        """How many entries of ``actor`` with ``accion`` there are at ``desde`` or later (any entidad)."""
        ...


class UnidadDeTrabajo(Protocol):
    personas: RepositorioPersonas
    solicitudes: RepositorioSolicitudes
    documentos: RepositorioDocumentos
    vehiculos: RepositorioVehiculos
    licencias: RepositorioLicencias
    funcionarios: RepositorioFuncionarios
    aliados: RepositorioAliados
    bandeja_salida: BandejaSalida
    tramites_identidad: RepositorioTramitesIdentidad
    auditoria: RegistroAuditoria
    firmas: RepositorioFirmas
    certificaciones_firma: RepositorioCertificacionesFirma

    def __enter__(self) -> UnidadDeTrabajo: ...
    def __exit__(
        self, tipo: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Rolls back anything not committed."""
        ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...


class FabricaUnidadDeTrabajo(Protocol):
    def __call__(self) -> UnidadDeTrabajo: ...


class AlmacenArchivos(Protocol):
    """Content-addressed file store (SHA-256). Storing the same bytes twice is a no-op."""

    def guardar(self, contenido: bytes) -> str:
        """Returns the hex SHA-256 under which the bytes are stored."""
        ...
    def leer(self, sha256: str) -> bytes: ...
    def existe(self, sha256: str) -> bool: ...


class InspectorArchivos(Protocol):
    """Parses an upload whose type its first bytes already told (``domain.archivos``): the bytes must be one whole,
    well-formed file of that type, with nothing after its end, no active content (PDF JavaScript, automatic
    actions, attachments, XFA) and no more pixels than the platform decodes. See docs/archivos.md."""

    def inspeccionar(self, nombre: str, tipo_medio: str, contenido: bytes) -> None:
        """Return normally, or raise ``ArchivoInvalido`` (campo ``contenido``) with the reason in Spanish."""
        ...


class EmisorDocumentos(Protocol):
    """Renders, signs (PAdES) and QR-encodes a certificate with the entidad's current signing key."""

    def emitir(self, certificado: CertificadoAEmitir) -> DocumentoEmitido: ...


class VerificadorQR(Protocol):
    """Offline verification of a QR text against the published keys."""

    def verificar(self, texto: str) -> VerificacionQR: ...


class LecturaDocumentos(Protocol):
    """Read-only view of the documentos registry for the public verification page: no unit of work, no locks,
    always the current state (a revocation shows on the next scan)."""

    local: bool
    """True when a read never waits on the network (SQLite in WAL mode: a page-cache hit of tens of µs), so the
    web layer may run it on the event loop instead of paying a thread hop."""

    def documento(self, documento_id: uuid.UUID) -> Documento | None: ...
