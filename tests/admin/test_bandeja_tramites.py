"""One inbox for every trámite of the entidad (issue 8 §4): filter by trámite and by overdue, totals from the
counters, and a detail page the catálogo drives (sujeto, partes, datos, the effect shown before approval)."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import httpx
import pytest

from domain.casos_uso import Contexto
from domain.personas import Persona, Rol
from domain.solicitudes import Solicitud, Sujeto
from domain.vehiculos import Vehiculo
from tests.admin.conftest import HOY, Escenario, ingresar, nuevo_funcionario
from tests.motor.escenarios import persona, tramite, vehiculo

pytestmark = pytest.mark.anyio


def _radicados(html: str) -> list[str]:
    return re.findall(r'class="radicado" href="[^"]+">([A-Z]+-\d{4}-\d{6})<', html)


def _solicitud(ctx: Contexto, numero: int, consecutivo: int, partes: dict[str, Persona], carro: Vehiculo,
               datos: dict[str, object], limite: date) -> Solicitud:
    t = tramite(numero)
    s = Solicitud(
        id=uuid.uuid4(), radicado=f"MOV-2026-{consecutivo:06d}", tramite=t.codigo, tramite_version=t.vigente_desde,
        entidad="MOVILIDAD-CHIA", partes={r: p.id for r, p in partes.items()},
        radicada_en=ctx.reloj.ahora() + timedelta(minutes=consecutivo),
        fecha_limite_decision=limite, datos=dict(datos), sujeto=Sujeto("vehiculo", carro.id, carro.placa),
    )
    with ctx.uow() as uow:
        uow.solicitudes.agregar(s)
        uow.commit()
    return s


@pytest.fixture
def movilidad(escenario: Escenario) -> list[Solicitud]:
    ctx = escenario.ctx
    nuevo_funcionario(ctx, "agente", Rol.REVISOR, entidad="MOVILIDAD-CHIA")
    vendedor, comprador = persona("79111222", nombres="Jorge", apellidos="Rincón"), persona("52333444")
    carro = vehiculo(vendedor, placa="KLM321")
    with ctx.uow() as uow:
        for p in (vendedor, comprador):
            uow.personas.agregar(p)
        uow.vehiculos.agregar(carro)
        uow.commit()
    partes = {"titular": comprador, "vendedor": vendedor, "comprador": comprador}
    return [
        _solicitud(ctx, 21, 1, partes, carro, {"valor_venta": "32000000"}, HOY - timedelta(days=1)),  # overdue
        _solicitud(ctx, 21, 2, partes, carro, {"valor_venta": "15500000.5"}, HOY + timedelta(days=3)),
        _solicitud(ctx, 34, 3, {"titular": vendedor}, carro, {}, HOY + timedelta(days=3)),
    ]


async def test_filtro_por_tramite_y_por_vencidas_con_su_total(
    cliente: httpx.AsyncClient, movilidad: list[Solicitud]
) -> None:
    await ingresar(cliente, "agente")
    r = await cliente.get("/admin/")
    assert _radicados(r.text) == ["MOV-2026-000001", "MOV-2026-000002", "MOV-2026-000003"]
    assert "RES-2026-000001" not in r.text  # the other entidad's residence certificate stays out
    assert '<option value="CHIA-T21" >21. Traspaso de propiedad de un vehículo automotor</option>' in r.text
    assert "KLM321" in r.text  # the vehicle's plate beside each radicado
    r = await cliente.get("/admin/", params={"tramite": "CHIA-T21"})
    assert _radicados(r.text) == ["MOV-2026-000001", "MOV-2026-000002"]
    assert "2 solicitudes en todos los estados · Traspaso de propiedad de un vehículo automotor" in r.text
    r = await cliente.get("/admin/", params={"estado": "vencidas"})
    assert _radicados(r.text) == ["MOV-2026-000001"]
    assert "1 solicitud con el estado «Pendientes con el plazo vencido»" in r.text
    r = await cliente.get("/admin/", params={"estado": "vencidas", "tramite": "CHIA-T34"})
    assert _radicados(r.text) == [] and "0 solicitudes" in r.text
    r = await cliente.get("/admin/", params={"tramite": "SDG-CERT-RESIDENCIA"})  # not this entidad's: ignored
    assert len(_radicados(r.text)) == 3


async def test_detalle_guiado_por_el_catalogo_muestra_el_efecto_antes_de_aprobar(
    cliente: httpx.AsyncClient, movilidad: list[Solicitud]
) -> None:
    """Seed 003 T-21 / §6.2: the official reads the vehicle, each parte by its role, the datos with their labels
    and what approval will inscribe."""
    await ingresar(cliente, "agente")
    html = (await cliente.get(f"/admin/solicitudes/{movilidad[1].id}")).text
    assert "Traspaso de propiedad de un vehículo automotor · Secretaría de Movilidad de Chía" in html
    assert "<dt>Placa</dt><dd>KLM321</dd>" in html and "Renault Logan" in html
    assert "Ver la ficha del vehículo y su historia" in html
    for etiqueta in ("Vendedor", "Comprador"):
        assert etiqueta in html
    assert "Jorge Rincón" in html
    assert "$ 15.500.000,50" in html
    assert "Al aprobar se inscribirá" in html
    assert "Inscribir como propietario(s) a Ana María Pérez Gómez (CC 52333444) en lugar de los actuales." in html
    assert "Se inscribe en el registro; no hay documento por entregar" in html
