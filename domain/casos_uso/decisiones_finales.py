"""The official's verification of the checklist, and the decisions that end a solicitud without a certificate:
definitive rejection and annulment, each only where the trámite's catálogo allows it (docs/decisiones.md).

Every step is recorded twice: in the solicitud's history (what the citizen's file shows) and in the audit log; the
two decisions are also mailed to the solicitante, in the same transaction (the outbox).
"""

from __future__ import annotations

from domain.auditoria import EventoAuditoria
from domain.casos_uso import Contexto
from domain.casos_uso.avisos import avisar_anulada, avisar_rechazada_definitivamente
from domain.casos_uso.decisiones import funcionario_de
from domain.casos_uso.solicitudes import obtener_o_fallar
from domain.comandos import DecisionFinal, VerificarHallazgo
from domain.decisiones_permitidas import decisiones_de
from domain.errores import ConflictoConcurrencia, DatoInvalido, NoAutorizado, TransicionInvalida
from domain.motor.esquema import TramiteDef as Tramite
from domain.personas import Rol
from domain.puertos import UnidadDeTrabajo
from domain.solicitudes import Solicitud
from domain.verificaciones import ETIQUETAS_VERIFICACION, ResultadoVerificacion

ACCION_VERIFICAR = "solicitud.verificar_hallazgo"
ACCION_RECHAZAR_DEFINITIVAMENTE = "solicitud.rechazar_definitivamente"
ACCION_ANULAR = "solicitud.anular"


def _cargar(uow: UnidadDeTrabajo, solicitud_id: object, version: int | None) -> Solicitud:
    solicitud = obtener_o_fallar(uow, solicitud_id)  # type: ignore[arg-type]
    if version is not None and version != solicitud.version:
        # The official decided on a page that no longer shows the solicitud as it is (another official acted, or
        # the citizen corrected it): refuse rather than apply the decision to something they did not see.
        raise ConflictoConcurrencia(f"La solicitud {solicitud.radicado} cambió mientras la revisaba; recargue la "
                                    "página y vuelva a intentarlo.")
    return solicitud


def _auditar(uow: UnidadDeTrabajo, ctx: Contexto, actor: str, accion: str, s: Solicitud, detalle: str) -> None:
    uow.auditoria.registrar(EventoAuditoria.nuevo(ctx.reloj.ahora(), actor, accion, f"solicitud:{s.id}", s.entidad,
                                                  f"{s.radicado}: {detalle}"))


def nombre_requisito(tramite: Tramite, codigo: str) -> str:
    r = tramite.requisito(codigo)
    return r.nombre if r else codigo


def verificar_hallazgo(cmd: VerificarHallazgo, ctx: Contexto) -> Solicitud:
    """The assigned official marks a «Revisar» item verified or not; approval waits for every one of them."""
    try:
        resultado = ResultadoVerificacion(cmd.resultado)
    except ValueError:
        raise DatoInvalido("Indique si el punto quedó verificado o no verificado.", campo="resultado") from None
    ahora = ctx.reloj.ahora()
    with ctx.uow() as uow:
        solicitud = _cargar(uow, cmd.solicitud_id, cmd.version)
        funcionario = funcionario_de(uow, cmd.funcionario_id, solicitud)
        tramite = ctx.tramites.version(solicitud.tramite, solicitud.tramite_version)
        if not 0 <= cmd.indice < len(solicitud.hallazgos):
            raise DatoInvalido("El punto de la lista de verificación no existe; recargue la página.", campo="indice")
        h = solicitud.hallazgos[cmd.indice]
        descripcion = f"{nombre_requisito(tramite, h.requisito)}: {h.mensaje}"
        actor = f"funcionario:{funcionario.usuario}"
        v = solicitud.verificar_hallazgo(funcionario.id, funcionario.nombre, actor, cmd.indice, resultado,
                                         cmd.observacion, ahora, descripcion, cmd.requisito, cmd.regla)
        uow.solicitudes.guardar(solicitud)
        observacion = f" ({v.observacion})" if v.observacion else ""
        _auditar(uow, ctx, actor, ACCION_VERIFICAR, solicitud,
                 f"{ETIQUETAS_VERIFICACION[resultado]}: {descripcion}{observacion}")
        uow.commit()
    return solicitud


def rechazar_definitivamente(cmd: DecisionFinal, ctx: Contexto) -> Solicitud:
    """A rejection on the merits, with no window to correct; the assigned official, where the catálogo allows."""
    ahora = ctx.reloj.ahora()
    with ctx.uow() as uow:
        solicitud = _cargar(uow, cmd.solicitud_id, cmd.version)
        funcionario = funcionario_de(uow, cmd.funcionario_id, solicitud)
        tramite = ctx.tramites.version(solicitud.tramite, solicitud.tramite_version)
        permitida = decisiones_de(tramite).rechazo_definitivo
        if permitida is None:
            raise TransicionInvalida(f"El trámite «{tramite.nombre}» no admite el rechazo definitivo: rechace con "
                                     "plazo para subsanar.")
        actor = f"funcionario:{funcionario.usuario}"
        solicitud.rechazar_definitivamente(funcionario.id, actor, cmd.motivos, ahora)
        uow.solicitudes.guardar(solicitud)
        _auditar(uow, ctx, actor, ACCION_RECHAZAR_DEFINITIVAMENTE, solicitud,
                 f"{'; '.join(solicitud.motivos_rechazo)} ({permitida.fuente})")
        solicitante = uow.personas.obtener(solicitud.solicitante_id) if solicitud.solicitante_id else None
        if solicitante is not None:
            avisar_rechazada_definitivamente(uow, solicitante, solicitud, tramite, permitida.fuente, ahora)
        uow.commit()
    return solicitud


def anular_solicitud(cmd: DecisionFinal, ctx: Contexto) -> Solicitud:
    """Ends an open solicitud without a decision on the merits; its assigned official or a coordinador."""
    ahora = ctx.reloj.ahora()
    with ctx.uow() as uow:
        solicitud = _cargar(uow, cmd.solicitud_id, cmd.version)
        funcionario = funcionario_de(uow, cmd.funcionario_id, solicitud)
        tramite = ctx.tramites.version(solicitud.tramite, solicitud.tramite_version)
        permitida = decisiones_de(tramite).anulacion
        if permitida is None:
            raise TransicionInvalida(f"El trámite «{tramite.nombre}» no admite la anulación de solicitudes.")
        if funcionario.rol is not Rol.COORDINADOR and solicitud.asignado_a != funcionario.id:
            raise NoAutorizado("Solo el funcionario asignado o un coordinador puede anular la solicitud.")
        motivo = Solicitud._motivos(cmd.motivos, "anulación")
        actor = f"funcionario:{funcionario.usuario}"
        solicitud.anular(actor, "\n".join(motivo), ahora)
        uow.solicitudes.guardar(solicitud)
        _auditar(uow, ctx, actor, ACCION_ANULAR, solicitud, f"{'; '.join(motivo)} ({permitida.fuente})")
        solicitante = uow.personas.obtener(solicitud.solicitante_id) if solicitud.solicitante_id else None
        if solicitante is not None:
            avisar_anulada(uow, solicitante, solicitud, tramite, motivo, permitida.fuente, ahora)
        uow.commit()
    return solicitud
