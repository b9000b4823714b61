"""The audit log and the revocation queries on the real database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import datetime, timedelta

import pytest

from domain.auditoria import EventoAuditoria
from domain.reloj import ZONA_COLOMBIA
from persistence.unidad_de_trabajo import FabricaUnidadDeTrabajoSQL
from tests.integracion import datos

pytestmark = pytest.mark.db

T0 = datetime(2026, 3, 17, 10, 0, tzinfo=ZONA_COLOMBIA)


def test_auditoria_ida_y_vuelta_paginada_mas_reciente_primero(fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    eventos = [
        EventoAuditoria(uuid.uuid4(), T0 + timedelta(minutes=i // 2), f"funcionario:u{i}", "documento.revocar",
                        f"documento:{uuid.uuid4()}", "SDG-BOGOTA" if i != 3 else "OTRA", f"motivo {i} — ñ")
        for i in range(6)
    ]
    with fabrica() as uow:
        for e in eventos:
            uow.auditoria.registrar(e)
        uow.commit()
    propios = sorted((e for e in eventos if e.entidad == "SDG-BOGOTA"), key=lambda e: (e.cuando, e.id), reverse=True)
    with fabrica() as uow:
        pagina = uow.auditoria.listar(entidad="SDG-BOGOTA", limite=2)
        assert pagina == propios[:2]
        assert pagina[0].cuando.tzinfo is not None
        resto = uow.auditoria.listar(entidad="SDG-BOGOTA", antes_de=(pagina[-1].cuando, pagina[-1].id), limite=10)
        assert resto == propios[2:]
        assert len(uow.auditoria.listar()) == 6


def test_auditoria_sin_commit_no_queda(fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    with fabrica() as uow:
        uow.auditoria.registrar(EventoAuditoria.nuevo(T0, "funcionario:x", "documento.revocar", "documento:1", None))
    with fabrica() as uow:
        assert uow.auditoria.listar() == []


def test_documentos_con_eventos(fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    titular = datos.persona()
    # datos.documento comes suspended and reactivated: it has events but is vigente.
    revocado, reactivado = datos.documento(titular), datos.documento(titular)
    intacto = dataclasses.replace(datos.documento(titular), eventos=[])
    with fabrica() as uow:
        uow.personas.agregar(titular)
        uow.documentos.agregar(revocado)
        uow.documentos.agregar(reactivado)
        uow.documentos.agregar(intacto)
        uow.commit()
    with fabrica() as uow:
        d = uow.documentos.obtener(revocado.id)
        assert d is not None
        d.revocar("Fraude", "funcionario:jefa", T0)
        uow.documentos.guardar(d)
        uow.commit()
    with fabrica() as uow:
        con = {d.id: d for d in uow.documentos.con_eventos()}
        assert set(con) == {revocado.id, reactivado.id}
        novedad = con[revocado.id].novedad_vigente()
        assert novedad is not None and novedad.motivo == "Fraude"
        assert con[reactivado.id].novedad_vigente() is None
