from __future__ import annotations

import pytest

from domain.casos_uso import Contexto
from domain.motor.catalogo import CatalogoTramites
from domain.reloj import RelojFijo
from tests.fakes import (
    FakeAlmacen,
    FakeEmisor,
    FakeUnidadDeTrabajo,
    FakeVerificador,
    InspectorPermisivo,
    ahora_bogota,
)


@pytest.fixture
def reloj() -> RelojFijo:
    # Tuesday 2026-03-17: the Monday before (San José, observed) is a holiday, which the deadline tests rely on.
    return RelojFijo(ahora_bogota(2026, 3, 17))


@pytest.fixture
def ctx(reloj: RelojFijo) -> Contexto:
    return Contexto(FakeUnidadDeTrabajo(), FakeAlmacen(), reloj, CatalogoTramites.predeterminado(), FakeEmisor(),
                    FakeVerificador(),
                    inspector=InspectorPermisivo())
