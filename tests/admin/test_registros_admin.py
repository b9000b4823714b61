"""Registry pages (issue 8 §4): the vehicle file with owners, limitations and history; the holder's licences.
Only the officials of the organismo see them; another organismo's vehicle reads like a missing one."""

from __future__ import annotations

import uuid
from datetime import date

import httpx
import pytest

from domain.casos_uso import Contexto
from domain.licencias import Licencia
from domain.personas import Rol
from domain.vehiculos import Gravamen
from tests.admin.conftest import Escenario, ingresar, nuevo_funcionario
from tests.builders import nueva_persona
from tests.motor.escenarios import vehiculo

pytestmark = pytest.mark.anyio


def _registrar(ctx: Contexto) -> None:
    nuevo_funcionario(ctx, "movilidad", Rol.REVISOR, entidad="MOVILIDAD-CHIA")
    duena = nueva_persona(ctx, "79111222", nombres="Jorge", apellidos="Rincón")
    v = vehiculo(duena)
    v.gravamenes.append(Gravamen(uuid.uuid4(), "prenda", "Banco de Bogotá", "Contrato 9", date(2019, 5, 2), "MOV-2"))
    v.anotar(date(2018, 6, 1), "Matrícula de vehículos automotores", "MOV-2018-000001", "Matrícula inicial.")
    licencia = Licencia(uuid.uuid4(), "79111222", duena.id, "B1", "particular", date(2016, 3, 1), date(2026, 3, 1),
                        "CC", "MOVILIDAD-CHIA")
    with ctx.uow() as uow:
        uow.vehiculos.agregar(v)
        uow.licencias.agregar(licencia)
        uow.commit()


async def test_ficha_del_vehiculo(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    _registrar(escenario.ctx)
    await ingresar(cliente, "movilidad")
    r = await cliente.get("/admin/vehiculos", params={"placa": "abc-123"})
    assert r.status_code == 200
    assert "Vehículo ABC123" in r.text and "Activa — MOVILIDAD-CHIA" in r.text
    assert "Jorge Rincón (CC 79111222)" in r.text and "Banco de Bogotá" in r.text
    assert "MOV-2018-000001" in r.text and "Licencia de tránsito" in r.text


async def test_vehiculo_de_otro_organismo_no_existe(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    _registrar(escenario.ctx)
    await ingresar(cliente)  # an official of the Bogotá residence entidad
    r = await cliente.get("/admin/vehiculos", params={"placa": "ABC123"})
    assert r.status_code == 404 and "No hay un vehículo con placa ABC123 registrado" in r.text


async def test_licencias_del_titular(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    _registrar(escenario.ctx)
    await ingresar(cliente, "movilidad")
    r = await cliente.get("/admin/licencias", params={"tipo": "CC", "numero": "79.111.222"})
    assert r.status_code == 200 and "Jorge Rincón (CC 79111222)" in r.text and "B1" in r.text
    r = await cliente.get("/admin/licencias", params={"tipo": "XX", "numero": "1"})
    assert r.status_code == 422 and "Tipo de identificación «XX» no reconocido" in r.text
