"""The per-state counters the inbox reads (issue 8 §4: counts never computed by scanning the table).

Whatever sequence of filings and transitions happens, the counters equal a brute-force count of the rows.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from domain.solicitudes import EstadoSolicitud
from persistence.tablas import solicitudes
from persistence.unidad_de_trabajo import FabricaUnidadDeTrabajoSQL
from tests.integracion import datos

pytestmark = pytest.mark.db


def _a_fuerza_bruta(motor: Engine) -> dict[tuple[str, str, EstadoSolicitud], int]:
    consulta = select(solicitudes.c.entidad, solicitudes.c.tramite, solicitudes.c.estado, func.count()).group_by(
        solicitudes.c.entidad, solicitudes.c.tramite, solicitudes.c.estado)
    with motor.connect() as conexion:
        return {(e, t, EstadoSolicitud(s)): n for e, t, s, n in conexion.execute(consulta)}


def test_contadores_siguen_a_cada_cambio_de_estado(fabrica: FabricaUnidadDeTrabajoSQL, motor: Engine) -> None:
    azar = random.Random(20261204)
    titular = datos.persona()
    with fabrica() as uow:
        uow.personas.agregar(titular)
        uow.commit()
    ids = []
    for i in range(40):
        entidad, tramite = azar.choice([("SDG-BOGOTA", "SDG-CERT-RESIDENCIA"), ("MOVILIDAD-CHIA", "CHIA-T21"),
                                        ("MOVILIDAD-CHIA", "CHIA-T34")])
        s = dataclasses.replace(datos.solicitud(titular, radicado=f"X-2026-{i:06d}", entidad=entidad,
                                                radicada_en=datos.INSTANTE + timedelta(minutes=i)),
                                tramite=tramite, estado=azar.choice(list(EstadoSolicitud)))
        with fabrica() as uow:
            uow.solicitudes.agregar(s)
            uow.commit()
        ids.append(s.id)
    for _ in range(120):
        with fabrica() as uow:
            s = uow.solicitudes.obtener(azar.choice(ids))
            assert s is not None
            s.estado = azar.choice(list(EstadoSolicitud))
            uow.solicitudes.guardar(s)
            if azar.random() < 0.2:
                continue  # rolled back: the counters must not move either
            uow.commit()
    esperado = _a_fuerza_bruta(motor)
    with fabrica() as uow:
        for entidad in ("SDG-BOGOTA", "MOVILIDAD-CHIA"):
            for tramite in (None, "CHIA-T21"):
                conteo = uow.solicitudes.contar_por_estado(entidad, tramite)
                bruto: dict[EstadoSolicitud, int] = {}
                for (e, t, estado), n in esperado.items():
                    if e == entidad and tramite in (None, t):
                        bruto[estado] = bruto.get(estado, 0) + n
                assert conteo == bruto, (entidad, tramite)
