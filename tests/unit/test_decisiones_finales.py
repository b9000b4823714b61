"""Use cases of the official's decision on fakes: verify the «Revisar» items, approve only then, reject with the
items not verified, definitive rejection and annulment only where the catalogue allows them (docs/decisiones.md)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from domain.casos_uso import Contexto
from domain.casos_uso.decisiones import aprobar, asignar, rechazar
from domain.casos_uso.decisiones_finales import (
    anular_solicitud,
    nombre_requisito,
    rechazar_definitivamente,
    verificar_hallazgo,
)
from domain.casos_uso.solicitudes import radicar_solicitud, subsanar_solicitud
from domain.comandos import Asignar, Decidir, DecisionFinal, Rechazar, SubsanarSolicitud, VerificarHallazgo
from domain.decisiones_permitidas import DecisionesPermitidas
from domain.errores import ConflictoConcurrencia, DatoInvalido, NoAutorizado, TransicionInvalida
from domain.motor.catalogo import CatalogoTramites
from domain.personas import Funcionario, Rol
from domain.solicitudes import EstadoSolicitud, Solicitud
from domain.verificaciones import ResultadoVerificacion, motivos_sugeridos, revisables
from tests.builders import funcionario, nueva_persona, radicar_cmd, soportes, verificar_todo

HOY = date(2026, 3, 17)


def _en_estudio(ctx: Contexto) -> tuple[Solicitud, Funcionario]:
    s = radicar_solicitud(radicar_cmd(nueva_persona(ctx), HOY), ctx)
    revisora = dataclasses.replace(funcionario(ctx), nombre="Ana Revisora")
    ctx.uow.funcionarios.filas[revisora.id] = revisora  # type: ignore[attr-defined]
    return asignar(Asignar(s.id, revisora.id), ctx), revisora


def _sin_permisos(ctx: Contexto) -> Contexto:
    """The same trámite with no ``[decisiones_permitidas]`` table in its catalogue."""
    tramites = [dataclasses.replace(t, decisiones_permitidas=DecisionesPermitidas())
                for t in CatalogoTramites.predeterminado().todos()]
    return dataclasses.replace(ctx, tramites=CatalogoTramites(tramites))


def _verificar(ctx: Contexto, s: Solicitud, f: Funcionario, indice: int, resultado: str = "verificado",
               observacion: str = "", version: int | None = None) -> Solicitud:
    return verificar_hallazgo(VerificarHallazgo(s.id, f.id, indice, resultado, observacion, version), ctx)


def test_aprobar_se_niega_hasta_verificar_cada_punto_revisar(ctx: Contexto) -> None:
    s, revisora = _en_estudio(ctx)
    indices = revisables(s.hallazgos)
    assert len(indices) == 3  # identity data (paso 5), address and billing date visible (paso 1)
    with pytest.raises(TransicionInvalida, match="faltan por verificar 3 puntos «Revisar»"):
        aprobar(Decidir(s.id, revisora.id), ctx)
    for i in indices[:-1]:
        s = _verificar(ctx, s, revisora, i)
    with pytest.raises(TransicionInvalida, match="falta verificar un punto"):
        aprobar(Decidir(s.id, revisora.id), ctx)
    s = _verificar(ctx, s, revisora, indices[-1])
    assert aprobar(Decidir(s.id, revisora.id), ctx).estado is EstadoSolicitud.FINALIZADA


def test_cada_verificacion_queda_en_el_historial_y_en_la_auditoria(ctx: Contexto) -> None:
    s, revisora = _en_estudio(ctx)
    i = revisables(s.hallazgos)[1]
    s = _verificar(ctx, s, revisora, i, "no_verificado", "La dirección está tapada.")
    [v] = s.verificaciones
    assert (v.indice, v.resultado, v.funcionario_id, v.funcionario_nombre, v.cuando) == (
        i, ResultadoVerificacion.NO_VERIFICADO, revisora.id, "Ana Revisora", ctx.reloj.ahora())
    evento = s.eventos[-1]
    assert evento.tipo == "hallazgo_no_verificado" and evento.actor == f"funcionario:{revisora.usuario}"
    assert evento.detalle.splitlines() == [
        "Recibo de servicio público: Confirme que en el soporte se ve la dirección del inmueble.",
        "La dirección está tapada."]
    [auditado] = ctx.uow.auditoria.eventos  # type: ignore[attr-defined]
    assert auditado.accion == "solicitud.verificar_hallazgo" and auditado.objeto == f"solicitud:{s.id}"
    assert auditado.entidad == "SDG-BOGOTA" and auditado.detalle.startswith("RES-2026-000001: No verificado: Recibo")


def test_un_punto_no_verificado_impide_aprobar_y_sugiere_el_motivo_de_rechazo(ctx: Contexto) -> None:
    s, revisora = _en_estudio(ctx)
    verificar_todo(ctx, s.id, revisora.id)
    i = revisables(s.hallazgos)[2]
    s = _verificar(ctx, s, revisora, i, "no_verificado", "No se ve la fecha de facturación.")
    with pytest.raises(TransicionInvalida, match="«No verificado»"):
        aprobar(Decidir(s.id, revisora.id), ctx)
    tramite = ctx.tramites.version(s.tramite, s.tramite_version)
    motivos = motivos_sugeridos(s.hallazgos, s.verificaciones, lambda c: nombre_requisito(tramite, c))
    assert motivos == ["Recibo de servicio público: No se ve la fecha de facturación."]
    s = rechazar(Rechazar(s.id, revisora.id, motivos), ctx)
    assert s.estado is EstadoSolicitud.REQUIERE_SUBSANACION and s.motivos_rechazo == motivos


def test_subsanar_borra_las_verificaciones(ctx: Contexto) -> None:
    s, revisora = _en_estudio(ctx)
    verificar_todo(ctx, s.id, revisora.id)
    rechazar(Rechazar(s.id, revisora.id, ["Recibo ilegible."]), ctx)
    nuevo_recibo = [x for x in soportes(HOY, recibo_dias=2) if x.requisito == "recibo_servicio_publico"]
    s = subsanar_solicitud(SubsanarSolicitud(s.id, nuevo_recibo), ctx)
    assert s.estado is EstadoSolicitud.EN_ESTUDIO and s.verificaciones == []
    with pytest.raises(TransicionInvalida, match="faltan por verificar"):
        aprobar(Decidir(s.id, revisora.id), ctx)


def test_solo_el_funcionario_asignado_verifica_y_solo_puntos_revisar(ctx: Contexto) -> None:
    s, revisora = _en_estudio(ctx)
    otra = funcionario(ctx, "otra")
    with pytest.raises(NoAutorizado, match="asignada a otro"):
        _verificar(ctx, s, otra, revisables(s.hallazgos)[0])
    with pytest.raises(DatoInvalido, match="lo comprobó la plataforma"):
        _verificar(ctx, s, revisora, 0)  # «Se anexó…»: checked by the platform
    with pytest.raises(DatoInvalido, match="verificado o no verificado"):
        _verificar(ctx, s, revisora, revisables(s.hallazgos)[0], "quizas")
    with pytest.raises(DatoInvalido, match="será el motivo de rechazo"):
        _verificar(ctx, s, revisora, revisables(s.hallazgos)[0], "no_verificado")


def test_verificar_sobre_una_version_vieja_es_un_conflicto(ctx: Contexto) -> None:
    s, revisora = _en_estudio(ctx)
    vista = s.version  # the page the official has open
    i, j = revisables(s.hallazgos)[:2]
    _verificar(ctx, s, revisora, i, version=vista)
    with pytest.raises(ConflictoConcurrencia, match="cambió mientras la revisaba"):
        _verificar(ctx, s, revisora, j, version=vista)
    with ctx.uow() as uow:
        guardada = uow.solicitudes.obtener(s.id)
    assert guardada is not None and [v.indice for v in guardada.verificaciones] == [i]


def test_rechazo_definitivo_cierra_sin_plazo_para_subsanar(ctx: Contexto) -> None:
    s, revisora = _en_estudio(ctx)
    motivo = "La dirección de residencia no está en Bogotá D.C."
    s = rechazar_definitivamente(DecisionFinal(s.id, revisora.id, [motivo, "  "], s.version), ctx)
    assert s.estado is EstadoSolicitud.RECHAZADA and s.motivos_rechazo == [motivo]
    assert s.fecha_limite_subsanacion is None and s.eventos[-1].tipo == "rechazada_definitivamente"
    [auditado] = ctx.uow.auditoria.eventos  # type: ignore[attr-defined]
    assert auditado.accion == "solicitud.rechazar_definitivamente" and "Ley 1437 de 2011" in auditado.detalle
    with pytest.raises(TransicionInvalida, match="está «Rechazada»"):
        aprobar(Decidir(s.id, revisora.id), ctx)


def test_rechazo_definitivo_pide_motivo_y_al_funcionario_asignado(ctx: Contexto) -> None:
    s, revisora = _en_estudio(ctx)
    with pytest.raises(DatoInvalido, match="al menos un motivo de rechazo"):
        rechazar_definitivamente(DecisionFinal(s.id, revisora.id, [" "]), ctx)
    with pytest.raises(NoAutorizado, match="asignada a otro"):
        rechazar_definitivamente(DecisionFinal(s.id, funcionario(ctx, "otra").id, ["x"]), ctx)


def test_sin_permiso_del_catalogo_no_hay_rechazo_definitivo_ni_anulacion(ctx: Contexto) -> None:
    s, revisora = _en_estudio(ctx)
    sin = _sin_permisos(ctx)
    with pytest.raises(TransicionInvalida, match="no admite el rechazo definitivo"):
        rechazar_definitivamente(DecisionFinal(s.id, revisora.id, ["x"]), sin)
    with pytest.raises(TransicionInvalida, match="no admite la anulación"):
        anular_solicitud(DecisionFinal(s.id, revisora.id, ["x"]), sin)
    with ctx.uow() as uow:
        assert uow.solicitudes.obtener(s.id).estado is EstadoSolicitud.EN_ESTUDIO  # type: ignore[union-attr]


def test_anulacion_por_coordinador_o_asignado(ctx: Contexto) -> None:
    s, revisora = _en_estudio(ctx)
    with pytest.raises(NoAutorizado, match="Solo el funcionario asignado o un coordinador"):
        anular_solicitud(DecisionFinal(s.id, funcionario(ctx, "otra").id, ["Duplicada"]), ctx)
    with pytest.raises(DatoInvalido, match="al menos un motivo de anulación"):
        anular_solicitud(DecisionFinal(s.id, revisora.id, []), ctx)
    jefa = funcionario(ctx, "jefa", Rol.COORDINADOR)
    motivo = "Solicitud duplicada: el titular tiene otra solicitud de este trámite en curso."
    s = anular_solicitud(DecisionFinal(s.id, jefa.id, [motivo]), ctx)
    assert s.estado is EstadoSolicitud.ANULADA and s.eventos[-1].detalle == motivo
    [auditado] = ctx.uow.auditoria.eventos  # type: ignore[attr-defined]
    assert auditado.accion == "solicitud.anular" and auditado.actor == "funcionario:jefa"
    with pytest.raises(TransicionInvalida, match="No se puede anular"):
        anular_solicitud(DecisionFinal(s.id, jefa.id, [motivo]), ctx)
    # A radicada one, never assigned, is annulled by a coordinador too.
    otra = radicar_solicitud(radicar_cmd(nueva_persona(ctx, "79111222"), HOY), ctx)
    assert anular_solicitud(DecisionFinal(otra.id, jefa.id, ["Radicada por error."]), ctx).estado \
        is EstadoSolicitud.ANULADA
