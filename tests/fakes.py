"""In-memory implementations of the domain's ports, for fast tests of the use cases (cosmicpython style)."""

from __future__ import annotations

import copy
import hashlib
import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime

from domain.auditoria import EventoAuditoria
from domain.documentos import CertificadoAEmitir, Documento, DocumentoEmitido, VerificacionQR
from domain.errores import ConflictoConcurrencia, NoEncontrado
from domain.licencias import Licencia
from domain.notificaciones import EstadoEnvio, Notificacion
from domain.personas import Funcionario, Persona, SistemaAliado
from domain.solicitudes import ABIERTAS, EstadoSolicitud, Solicitud
from domain.valores import Identificacion
from domain.vehiculos import Vehiculo


class _Repo:
    """Stores deep copies, so a use case that forgets ``guardar`` loses its changes, as with a real database."""

    def __init__(self) -> None:
        self.filas: dict[uuid.UUID, object] = {}

    def agregar(self, x) -> None:  # type: ignore[no-untyped-def]
        self.filas[x.id] = copy.deepcopy(x)

    def guardar(self, x) -> None:  # type: ignore[no-untyped-def]
        actual = self.filas.get(x.id)
        if actual is None or actual.version != x.version:  # type: ignore[attr-defined]
            raise ConflictoConcurrencia()
        x.version += 1
        self.filas[x.id] = copy.deepcopy(x)

    def obtener(self, id_):  # type: ignore[no-untyped-def]
        fila = self.filas.get(id_)
        return copy.deepcopy(fila)

    def _todas(self) -> list:  # type: ignore[type-arg]
        return [copy.deepcopy(f) for f in self.filas.values()]


class FakePersonas(_Repo):
    def __init__(self, solicitudes: Callable[[], FakeSolicitudes]) -> None:
        super().__init__()
        self.vinculos: set[tuple[uuid.UUID, uuid.UUID]] = set()
        """(persona_id, aliado_id): who registered whom."""
        # A function, not the repository: deepcopy (snapshots) copies functions by reference, so it keeps pointing
        # at whatever repository the unit of work holds after a rollback.
        self._solicitudes = solicitudes

    def por_identificacion(self, identificacion: Identificacion) -> Persona | None:
        return next((p for p in self._todas() if p.identificacion == identificacion), None)

    def varias(self, ids: Sequence[uuid.UUID], *, visibles_para: uuid.UUID | None = None) -> list[Persona]:
        por_id = {p.id: p for p in self._todas()}
        unicos = [i for i in dict.fromkeys(ids) if i in por_id]
        if visibles_para is not None:
            propias = [s for s in self._solicitudes().filas.values() if s.radicada_por == visibles_para]  # type: ignore[attr-defined]
            en_solicitudes = {p for s in propias for p in s.partes.values()}  # type: ignore[attr-defined]
            unicos = [i for i in unicos if (i, visibles_para) in self.vinculos or i in en_solicitudes]
        return [por_id[i] for i in unicos]

    def vincular(self, persona_id: uuid.UUID, aliado_id: uuid.UUID) -> bool:
        if persona_id not in self.filas:
            raise AssertionError("vincular una persona que no existe")  # the database's foreign key
        nuevo = (persona_id, aliado_id) not in self.vinculos
        self.vinculos.add((persona_id, aliado_id))
        return nuevo


class FakeSolicitudes(_Repo):
    def __init__(self) -> None:
        super().__init__()
        self.consecutivos: dict[str, int] = {}

    def radicados(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
        return {s.id: s.radicado for s in self._todas() if s.id in set(ids)}

    def por_radicado(self, radicado: str) -> Solicitud | None:
        return next((s for s in self._todas() if s.radicado == radicado), None)

    def siguiente_consecutivo(self, prefijo: str) -> int:
        self.consecutivos[prefijo] = self.consecutivos.get(prefijo, 0) + 1
        return self.consecutivos[prefijo]

    def listar(self, *, entidad=None, estados=(), tramite=None, vencidas_al=None, asignado_a=None,  # type: ignore[no-untyped-def]
               radicada_por=None, despues_de=None, limite=50):
        filas = sorted(self._todas(), key=lambda s: (s.radicada_en, s.id))
        filas = [
            s for s in filas
            if (entidad is None or s.entidad == entidad) and (not estados or s.estado in estados)
            and (tramite is None or s.tramite == tramite)
            and (vencidas_al is None or s.fecha_limite_decision < vencidas_al)
            and (asignado_a is None or s.asignado_a == asignado_a)
            and (radicada_por is None or s.radicada_por == radicada_por)
            and (despues_de is None or (s.radicada_en, s.id) > despues_de)
        ]
        return filas[:limite]

    def con_subsanacion_vencida(self, hoy: date) -> list[Solicitud]:
        return [s for s in self._todas()
                if s.estado is EstadoSolicitud.REQUIERE_SUBSANACION and s.subsanacion_vencida(hoy)]

    def contar_por_estado(self, entidad: str | None = None, tramite: str | None = None) -> dict[EstadoSolicitud, int]:
        conteo: dict[EstadoSolicitud, int] = {}
        for s in self._todas():
            if (entidad is None or s.entidad == entidad) and (tramite is None or s.tramite == tramite):
                conteo[s.estado] = conteo.get(s.estado, 0) + 1
        return conteo

    def contar_vencidas(self, entidad: str, hoy: date, tramite: str | None = None) -> int:
        return len(self.listar(entidad=entidad, estados=tuple(ABIERTAS), tramite=tramite, vencidas_al=hoy,
                               limite=10**9))

    def de_sujeto(self, sujeto_id: uuid.UUID, estados: Sequence[EstadoSolicitud] = ()) -> list[Solicitud]:
        return [s for s in self._todas()
                if s.sujeto is not None and s.sujeto.id == sujeto_id and (not estados or s.estado in estados)]


class FakeDocumentos(_Repo):
    def __init__(self, solicitudes: Callable[[], FakeSolicitudes]) -> None:
        super().__init__()
        self._solicitudes = solicitudes  # a function: see FakePersonas

    def varios(self, ids: Sequence[uuid.UUID], *, visibles_para: uuid.UUID | None = None) -> list[Documento]:
        por_id = {d.id: d for d in self._todas()}
        encontrados = [por_id[i] for i in dict.fromkeys(ids) if i in por_id]
        if visibles_para is None:
            return encontrados
        solicitudes = self._solicitudes().filas
        return [d for d in encontrados if d.solicitud_id is not None and d.solicitud_id in solicitudes
                and solicitudes[d.solicitud_id].radicada_por == visibles_para]  # type: ignore[attr-defined]

    def con_eventos(self) -> list[Documento]:
        return [d for d in self._todas() if d.eventos]


class FakeAuditoria:
    """Append-only audit log (domain.puertos.RegistroAuditoria)."""

    def __init__(self) -> None:
        self.eventos: list[EventoAuditoria] = []

    def registrar(self, evento: EventoAuditoria) -> None:
        self.eventos.append(evento)

    def listar(self, *, entidad: str | None = None, antes_de: tuple[datetime, uuid.UUID] | None = None,
               limite: int = 50, solo_plataforma: bool = False) -> list[EventoAuditoria]:
        filas = sorted(self.eventos, key=lambda e: (e.cuando, e.id), reverse=True)
        filas = [e for e in filas if (entidad is None or e.entidad == entidad)
                 and (not solo_plataforma or e.entidad is None)
                 and (antes_de is None or (e.cuando, e.id) < antes_de)]
        return filas[:limite]

    def contar(self, *, actor: str, accion: str, desde: datetime) -> int:
        return sum(1 for e in self.eventos if e.actor == actor and e.accion == accion and e.cuando >= desde)


class FakeVehiculos(_Repo):
    def por_placa(self, placa: str) -> Vehiculo | None:
        return next((v for v in self._todas() if v.placa == placa), None)

    def de_propietario(self, persona_id: uuid.UUID, despues_de: str = "", limite: int = 50) -> list[Vehiculo]:
        propios = sorted((v for v in self._todas() if persona_id in v.propietarios and v.placa > despues_de),
                         key=lambda v: v.placa)
        return propios[:limite]


class FakeLicencias(_Repo):
    def de_titular(self, titular_id: uuid.UUID) -> list[Licencia]:
        return sorted((x for x in self._todas() if x.titular_id == titular_id), key=lambda x: x.expedida_en,
                      reverse=True)


class FakeFuncionarios(_Repo):
    def por_usuario(self, usuario: str) -> Funcionario | None:
        return next((f for f in self._todas() if f.usuario == usuario), None)

    def por_usuarios(self, usuarios: Sequence[str]) -> list[Funcionario]:
        return [f for f in self._todas() if f.usuario in set(usuarios)]


class FakeAliados(_Repo):
    def por_hash(self, hash_credencial: str) -> SistemaAliado | None:
        return next((a for a in self._todas() if a.hash_credencial == hash_credencial), None)

    def listar(self) -> list[SistemaAliado]:
        return sorted(self._todas(), key=lambda a: (a.nombre.casefold(), str(a.id)))


class FakeBandeja:
    """The outbox in memory, with the same claim and state rules as persistence/repositorios/bandeja.py."""

    def __init__(self) -> None:
        self.notificaciones: list[Notificacion] = []

    def agregar(self, notificacion: Notificacion) -> None:
        n = copy.deepcopy(notificacion)
        n.proximo_intento = n.proximo_intento or n.creada_en
        self.notificaciones.append(n)

    def _buscar(self, notificacion_id: uuid.UUID) -> Notificacion | None:
        return next((n for n in self.notificaciones if n.id == notificacion_id), None)

    def pendientes(self, limite: int = 100) -> list[Notificacion]:
        return [copy.deepcopy(n) for n in self.notificaciones if n.estado is EstadoEnvio.PENDIENTE][:limite]

    def reclamar(self, ahora: datetime, arriendo_hasta: datetime) -> Notificacion | None:
        def vencida(n: Notificacion) -> bool:
            if n.estado is EstadoEnvio.PENDIENTE:
                return n.proximo_intento is None or n.proximo_intento <= ahora
            return n.estado is EstadoEnvio.ENVIANDO and n.arriendo_hasta is not None and n.arriendo_hasta <= ahora

        candidatas = sorted((n for n in self.notificaciones if vencida(n)), key=lambda n: (n.proximo_intento, n.id))
        if not candidatas:
            return None
        n = candidatas[0]
        n.estado, n.arriendo_hasta, n.intentos = EstadoEnvio.ENVIANDO, arriendo_hasta, n.intentos + 1
        return copy.deepcopy(n)

    def marcar_enviada(self, notificacion_id: uuid.UUID, cuando: datetime) -> None:
        n = self._buscar(notificacion_id)
        if n is None:
            raise NoEncontrado("La notificación no existe.")
        n.estado, n.enviada_en, n.arriendo_hasta, n.ultimo_error = EstadoEnvio.ENVIADA, cuando, None, None

    def _mia(self, notificacion_id: uuid.UUID, intentos: int) -> Notificacion | None:
        n = self._buscar(notificacion_id)
        return n if n is not None and n.estado is EstadoEnvio.ENVIANDO and n.intentos == intentos else None

    def reprogramar(self, notificacion_id: uuid.UUID, intentos: int, proximo: datetime, error: str) -> bool:
        n = self._mia(notificacion_id, intentos)
        if n is not None:
            n.estado, n.proximo_intento, n.arriendo_hasta, n.ultimo_error = EstadoEnvio.PENDIENTE, proximo, None, error
        return n is not None

    def marcar_fallida(self, notificacion_id: uuid.UUID, intentos: int, error: str) -> bool:
        n = self._mia(notificacion_id, intentos)
        if n is not None:
            n.estado, n.arriendo_hasta, n.ultimo_error = EstadoEnvio.FALLIDA, None, error
        return n is not None

    def reabrir(self, notificacion_id: uuid.UUID, ahora: datetime) -> bool:
        n = self._buscar(notificacion_id)
        if n is None or n.estado is not EstadoEnvio.FALLIDA:
            return False
        n.estado, n.intentos, n.proximo_intento = EstadoEnvio.PENDIENTE, 0, ahora
        return True

    def obtener(self, notificacion_id: uuid.UUID) -> Notificacion | None:
        return copy.deepcopy(self._buscar(notificacion_id))

    def listar(self, *, entidad: str, estados: Sequence[EstadoEnvio] = (),
               antes_de: tuple[datetime, uuid.UUID] | None = None, limite: int = 50) -> list[Notificacion]:
        filas = sorted(self.notificaciones, key=lambda n: (n.creada_en, n.id), reverse=True)
        filas = [n for n in filas if n.entidad == entidad and (not estados or n.estado in estados)
                 and (antes_de is None or (n.creada_en, n.id) < antes_de)]
        return copy.deepcopy(filas[:limite])

    def contar_por_estado(self, entidad: str) -> dict[EstadoEnvio, int]:
        conteo: dict[EstadoEnvio, int] = {}
        for n in self.notificaciones:
            if n.entidad == entidad:
                conteo[n.estado] = conteo.get(n.estado, 0) + 1
        return conteo


class FakeUnidadDeTrabajo:
    """Commit snapshots the repositories; leaving the block without commit restores the last snapshot."""

    def __init__(self) -> None:
        self.solicitudes = FakeSolicitudes()
        self.personas = FakePersonas(lambda: self.solicitudes)
        self.documentos = FakeDocumentos(lambda: self.solicitudes)
        self.vehiculos = FakeVehiculos()
        self.licencias = FakeLicencias()
        self.funcionarios = FakeFuncionarios()
        self.aliados = FakeAliados()
        self.bandeja_salida = FakeBandeja()
        self.tramites_identidad = FakeTramitesIdentidad()
        self.auditoria = FakeAuditoria()
        self.firmas = FakeFirmas()
        self.certificaciones_firma = FakeCertificacionesFirma()
        self.commits = 0
        self._foto = self._tomar_foto()

    _REPOS = ("personas", "solicitudes", "documentos", "vehiculos", "licencias", "funcionarios", "aliados",
              "bandeja_salida", "tramites_identidad", "auditoria", "firmas", "certificaciones_firma")

    def _tomar_foto(self) -> dict[str, object]:
        return {n: copy.deepcopy(getattr(self, n).__dict__) for n in self._REPOS}

    def __call__(self) -> FakeUnidadDeTrabajo:
        return self

    def __enter__(self) -> FakeUnidadDeTrabajo:
        self._foto = self._tomar_foto()
        return self

    def __exit__(self, *exc: object) -> None:
        self.rollback()

    def commit(self) -> None:
        self.commits += 1
        self._foto = self._tomar_foto()

    def rollback(self) -> None:
        for nombre, estado in self._foto.items():
            getattr(self, nombre).__dict__ = copy.deepcopy(estado)


class FakeAlmacen:
    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}

    def guardar(self, contenido: bytes) -> str:
        sha = hashlib.sha256(contenido).hexdigest()
        self.blobs[sha] = contenido
        return sha

    def leer(self, sha256: str) -> bytes:
        if sha256 not in self.blobs:
            raise NoEncontrado("Archivo no encontrado.")
        return self.blobs[sha256]

    def existe(self, sha256: str) -> bool:
        return sha256 in self.blobs


class InspectorPermisivo:
    """Accepts every file and records what it was shown: for domain tests about everything but file content (the
    real parser, persistence.inspeccion_archivos, is tested on real files in tests/integracion)."""

    def __init__(self) -> None:
        self.vistos: list[tuple[str, str]] = []

    def inspeccionar(self, nombre: str, tipo_medio: str, contenido: bytes) -> None:
        self.vistos.append((nombre, tipo_medio))


class FakeEmisor:
    """Records what it was asked to sign; the 'QR' is the document id so FakeVerificador can read it back."""

    def __init__(self) -> None:
        self.emitidos: list[CertificadoAEmitir] = []

    def emitir(self, certificado: CertificadoAEmitir) -> DocumentoEmitido:
        self.emitidos.append(certificado)
        pdf = b"%PDF-1.7 fake " + certificado.numero.encode()
        return DocumentoEmitido(pdf, f"QR:{certificado.documento_id}", "fakekid")


class FakeVerificador:
    def verificar(self, texto: str) -> VerificacionQR:
        if not texto.startswith("QR:"):
            return VerificacionQR(False, "firma no válida")
        return VerificacionQR(True, "", "fakekid", uuid.UUID(texto[3:]), {"titular": "X"})


def ahora_bogota(anio: int, mes: int, dia: int, hora: int = 10) -> datetime:
    from domain.reloj import ZONA_COLOMBIA

    return datetime(anio, mes, dia, hora, tzinfo=ZONA_COLOMBIA)


__all__ = ["Documento", "FakeAlmacen", "FakeEmisor", "FakeUnidadDeTrabajo", "FakeVerificador", "ahora_bogota"]


class FakeTramitesIdentidad(_Repo):
    """Identity-document trámites (seed 002 §15.4-15.6); see persistence/repositorios/identidad.py."""

    def por_contrasena(self, documento_id: uuid.UUID):  # type: ignore[no-untyped-def]
        return next((t for t in self._todas() if documento_id in t.contrasenas), None)

    def listar(self, *, titular_id=None, estados=(), despues_de=None, limite=50):  # type: ignore[no-untyped-def]
        filas = sorted(self._todas(), key=lambda t: (t.fecha_solicitud, t.id), reverse=True)
        filas = [t for t in filas if (titular_id is None or t.titular_id == titular_id)
                 and (not estados or t.estado in estados)
                 and (despues_de is None or (t.fecha_solicitud, t.id) < despues_de)]
        return filas[:limite]


class FakeFirmas(_Repo):
    """Registro de firmas (seed 002 §6); see persistence/repositorios/firmas.py."""

    def listar(self, *, limite=100):  # type: ignore[no-untyped-def]
        return sorted(self._todas(), key=lambda f: (f.nombre, str(f.id)))[:limite]

    def pagina(self, *, despues_de, limite):  # type: ignore[no-untyped-def]
        todas = sorted(self._todas(), key=lambda f: (f.nombre, str(f.id)))
        if despues_de is not None:
            todas = [f for f in todas if (f.nombre, str(f.id)) > (despues_de[0], str(despues_de[1]))]
        return todas[:limite]


class FakeCertificacionesFirma:
    def __init__(self) -> None:
        self.filas: dict[str, object] = {}

    def agregar(self, c) -> None:  # type: ignore[no-untyped-def]
        self.filas[c.numero] = c

    def por_numero(self, numero: str):  # type: ignore[no-untyped-def]
        return self.filas.get(numero)
