"""Identity-document trámites and their contraseñas on the real database (seed 002 §15.4-15.6)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy.engine import Engine

from domain.casos_uso import Contexto
from domain.casos_uso.contrasenas import (
    CambiarEstadoTramiteIdentidad,
    SolicitarDocumentoIdentidad,
    cambiar_estado_tramite_identidad,
    duplicado_web_contrasena,
    estado_contrasena,
    listar_tramites_identidad,
    solicitar_documento_identidad,
)
from domain.errores import ConflictoConcurrencia
from domain.identidad import EstadoTramiteIdentidad
from domain.reloj import RelojFijo
from persistence.unidad_de_trabajo import FabricaUnidadDeTrabajoSQL
from tests.builders import funcionario, nueva_persona
from tests.fakes_identidad import FakeEmisorContrasenas
from tests.integracion.conftest import contar_sentencias

pytestmark = pytest.mark.db


@pytest.fixture
def ctx_id(ctx: Contexto) -> Contexto:
    return replace(ctx, contrasenas=FakeEmisorContrasenas())


def _cmd(ctx: Contexto, numero: str = "1020304050", **cambios: object) -> SolicitarDocumentoIdentidad:
    titular = nueva_persona(ctx, numero)
    oficial = funcionario(ctx, f"registrador{numero}", entidad="RNEC")
    base = SolicitarDocumentoIdentidad(titular.id, "CC", "primera_vez", "RNEC-BOG-CENTRO", oficial.id)
    return replace(base, **cambios)  # type: ignore[arg-type]


def test_tramite_ida_y_vuelta_con_contrasena_y_eventos(ctx_id: Contexto, reloj: RelojFijo) -> None:
    """§15.5: the stored contraseña keeps its six months; the trámite its state, office and events."""
    cmd = _cmd(ctx_id)
    tramite, doc = solicitar_documento_identidad(cmd, ctx_id)
    assert doc.vigente_hasta == date(2026, 9, 17)
    with ctx_id.uow() as uow:
        cargado = uow.tramites_identidad.obtener(tramite.id)
        assert cargado == tramite
        assert uow.tramites_identidad.por_contrasena(doc.id) == tramite
        assert uow.tramites_identidad.por_contrasena(uuid.uuid4()) is None
        guardado = uow.documentos.obtener(doc.id)
        assert guardado is not None and guardado.tipo == "contrasena_eis" and guardado.solicitud_id is None
    cambiar_estado_tramite_identidad(CambiarEstadoTramiteIdentidad(
        tramite.id, "disponible_para_entrega", cmd.funcionario_id, oficina_entrega="RNEC-MED-CENTRO"), ctx_id)
    reloj.avanzar(days=1)
    final = cambiar_estado_tramite_identidad(
        CambiarEstadoTramiteIdentidad(tramite.id, "entregado", cmd.funcionario_id), ctx_id)
    with ctx_id.uow() as uow:
        cargado = uow.tramites_identidad.obtener(tramite.id)
    assert cargado == final and cargado is not None
    assert cargado.oficina_entrega is not None and cargado.oficina_entrega.codigo == "RNEC-MED-CENTRO"
    assert [e.estado for e in cargado.eventos] == [EstadoTramiteIdentidad.DISPONIBLE_PARA_ENTREGA,
                                                   EstadoTramiteIdentidad.ENTREGADO]
    estado = estado_contrasena(doc.id, ctx_id)
    assert estado is not None and estado.estado_tramite == "entregado"


def test_consulado_sin_vencimiento_y_duplicado_web(ctx_id: Contexto) -> None:
    """§15.5 Nota (consulates: no expiry) and §15.4.4 (green web duplicate)."""
    _, consular = solicitar_documento_identidad(_cmd(ctx_id, oficina="CONS-MADRID"), ctx_id)
    tramite, web = duplicado_web_contrasena(_cmd(ctx_id, "1020304051", clase="duplicado"), ctx_id)
    with ctx_id.uow() as uow:
        assert uow.documentos.obtener(consular.id).vigente_hasta is None  # type: ignore[union-attr]
        assert uow.tramites_identidad.obtener(tramite.id).canal == "web"  # type: ignore[union-attr]
    assert web.tipo == "contrasena_web"


def test_guardar_con_version_vieja_es_conflicto(ctx_id: Contexto, fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    tramite, _ = solicitar_documento_identidad(_cmd(ctx_id), ctx_id)
    with fabrica() as uow:
        viejo = uow.tramites_identidad.obtener(tramite.id)
    with fabrica() as uow:
        nuevo = uow.tramites_identidad.obtener(tramite.id)
        assert nuevo is not None
        nuevo.rechazar("Rechazo definitivo", "x", ctx_id.reloj.ahora())
        uow.tramites_identidad.guardar(nuevo)
        uow.commit()
    assert viejo is not None
    viejo.rechazar("otro", "y", ctx_id.reloj.ahora())
    with fabrica() as uow, pytest.raises(ConflictoConcurrencia):
        uow.tramites_identidad.guardar(viejo)


def test_listar_por_paginas_en_pocas_sentencias(ctx_id: Contexto, fabrica: FabricaUnidadDeTrabajoSQL,
                                                motor: Engine) -> None:
    hechos = [solicitar_documento_identidad(_cmd(ctx_id, str(1020304060 + i),
                                                 fecha_solicitud=date(2026, 3, 1 + i % 3)), ctx_id)[0]
              for i in range(7)]
    esperados = sorted(hechos, key=lambda t: (t.fecha_solicitud, t.id), reverse=True)
    with fabrica() as uow, contar_sentencias(motor) as sentencias:
        primera = uow.tramites_identidad.listar(limite=4)
        ultimo = primera[-1]
        segunda = uow.tramites_identidad.listar(limite=4, despues_de=(ultimo.fecha_solicitud, ultimo.id))
    assert [t.id for t in primera + segunda] == [t.id for t in esperados]
    assert len([s for s in sentencias if s.lstrip().upper().startswith("SELECT")]) <= 8
    with fabrica() as uow:
        solo = uow.tramites_identidad.listar(titular_id=hechos[0].titular_id)
        assert [t.id for t in solo] == [hechos[0].id]
        assert uow.tramites_identidad.listar(estados=(EstadoTramiteIdentidad.ENTREGADO,)) == []
    assert len(listar_tramites_identidad(ctx_id)) == 7


def test_tramite_en_papel_y_reposiciones_ida_y_vuelta(ctx_id: Contexto, reloj: RelojFijo,
                                                      fabrica: FabricaUnidadDeTrabajoSQL, motor: Engine) -> None:
    """§15.4.1 paper receipt stored like any contraseña; §15.6 replacements stored, reloaded, append-only, and the
    replaced receipt revoked with the replacement's motive (what the QR page and the revocation list show)."""
    from domain.casos_uso.contrasenas import tramite_en_papel
    from domain.casos_uso.contrasenas_reposicion import ReponerContrasena, reponer_contrasena

    cmd = _cmd(ctx_id)
    tramite, blanca = tramite_en_papel(cmd, ctx_id)
    assert blanca.tipo == "contrasena_blanca"
    reloj.avanzar(days=5)
    primera = reponer_contrasena(ReponerContrasena(tramite.id, "perdida", "RNEC-CHIA", cmd.funcionario_id), ctx_id)
    reloj.avanzar(days=5)
    segunda = reponer_contrasena(ReponerContrasena(tramite.id, "perdida", "RNEC-CHIA", cmd.funcionario_id), ctx_id)
    # §15.6, "nuevo_periodo": six months from each replacement (2026-03-27 → 2026-09-27).
    assert blanca.vigente_hasta == date(2026, 9, 17) and segunda.documento.vigente_hasta == date(2026, 9, 27)
    with ctx_id.uow() as uow, contar_sentencias(motor) as sentencias:
        cargado = uow.tramites_identidad.obtener(tramite.id)
    assert cargado == segunda.tramite and cargado is not None
    assert len([s for s in sentencias if s.lstrip().upper().startswith("SELECT")]) <= 4
    assert cargado.canal == "papel"
    assert [(r.anterior_id, r.nueva_id) for r in cargado.reposiciones] == [
        (blanca.id, primera.documento.id), (primera.documento.id, segunda.documento.id)]
    assert cargado.sin_reponer() == [segunda.documento.id]
    with ctx_id.uow() as uow:
        viejo = uow.documentos.obtener(blanca.id)
    assert viejo is not None and viejo.estado(date(2026, 3, 30)).value == "revocado"
    assert viejo.eventos[-1].motivo == "Reemplazada por reposición el 22 de marzo de 2026; no es válida."
    estado = estado_contrasena(primera.documento.id, ctx_id)
    assert estado is not None and estado.reemplazada and not estado.vigente
    assert estado.reemplazada_el == date(2026, 3, 27)
    # Append-only: a trámite whose replacements shrank in memory is refused.
    cargado.reposiciones.pop()
    with fabrica() as uow, pytest.raises(ValueError):
        uow.tramites_identidad.guardar(cargado)
