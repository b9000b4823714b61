"""Keyset pagination over more than a hundred rows: every row exactly once, in (radicada_en, id) order."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, timedelta

import pytest

from domain.solicitudes import EstadoSolicitud, Solicitud
from persistence.unidad_de_trabajo import FabricaUnidadDeTrabajoSQL
from tests.integracion import datos

pytestmark = pytest.mark.db


@pytest.fixture
def sembradas(fabrica: FabricaUnidadDeTrabajoSQL) -> list[Solicitud]:
    azar = random.Random(20260317)
    titular = datos.persona()
    todas = []
    for i in range(237):
        # Many share an instant (ties broken by id), and they are inserted out of order.
        cuando = datos.INSTANTE + timedelta(seconds=azar.randrange(60), microseconds=azar.choice((0, 1, 999999)))
        estado = EstadoSolicitud.RADICADA if i % 3 else EstadoSolicitud.EN_ESTUDIO
        s = datos.solicitud(titular, radicado=f"RES-2026-{i:06d}", radicada_en=cuando, estado=estado,
                            entidad="SDG-BOGOTA" if i % 5 else "OTRA")
        s.id = uuid.UUID(int=azar.getrandbits(128))
        todas.append(s)
    with fabrica() as uow:
        uow.personas.agregar(titular)
        for s in azar.sample(todas, len(todas)):
            uow.solicitudes.agregar(s)
        uow.commit()
    return sorted(todas, key=lambda s: (s.radicada_en, s.id))


def _recorrer(fabrica: FabricaUnidadDeTrabajoSQL, limite: int, **filtros: object) -> list[Solicitud]:
    vistas: list[Solicitud] = []
    cursor = None
    while True:
        with fabrica() as uow:
            pagina = uow.solicitudes.listar(despues_de=cursor, limite=limite, **filtros)  # type: ignore[arg-type]
        assert len(pagina) <= limite
        vistas += pagina
        if len(pagina) < limite:
            return vistas
        # The cursor as a client would send it back: in UTC, not in the zone it was read in.
        cursor = (pagina[-1].radicada_en.astimezone(UTC), pagina[-1].id)


def test_todas_una_vez_en_orden(fabrica: FabricaUnidadDeTrabajoSQL, sembradas: list[Solicitud]) -> None:
    for limite in (1, 50, 100, 500):
        vistas = _recorrer(fabrica, limite)
        assert [s.id for s in vistas] == [s.id for s in sembradas], limite
    assert _recorrer(fabrica, 50)[17] == sembradas[17]  # whole aggregates, children included


def test_con_filtros(fabrica: FabricaUnidadDeTrabajoSQL, sembradas: list[Solicitud]) -> None:
    esperadas = [s.id for s in sembradas if s.entidad == "SDG-BOGOTA" and s.estado is EstadoSolicitud.RADICADA]
    vistas = _recorrer(fabrica, 25, entidad="SDG-BOGOTA", estados=[EstadoSolicitud.RADICADA])
    assert [s.id for s in vistas] == esperadas and len(esperadas) > 100
