"""The Estadísticas page and its CSV over HTTP, on a real database holding a generated event log."""

from __future__ import annotations

import csv
import io
import itertools
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import Engine

from domain.casos_uso import Contexto
from domain.estadisticas import semana_de
from domain.personas import Rol
from persistence.db import crear_motor
from persistence.estadisticas import EstadisticasSQL
from persistence.migrar import migrar
from persistence.tablas_estadisticas import (
    estadisticas_marca,
    estadisticas_motivos,
    estadisticas_semanas,
    estadisticas_solicitudes,
    estadisticas_tiempos,
)
from tests.admin.conftest import ENTIDAD, HTMX, ingresar, nuevo_funcionario
from tests.bd import url_aislada
from tests.log_estadisticas import Log, generar, insertar, persona_id

pytestmark = [pytest.mark.anyio, pytest.mark.db]

HOY = date(2026, 3, 17)  # the admin fixtures' clock
ESTADISTICAS = (estadisticas_marca, estadisticas_motivos, estadisticas_semanas, estadisticas_solicitudes,
                estadisticas_tiempos)
PERIODO = {"desde": "2026-01-05", "hasta": "2026-03-15"}  # ten whole weeks, Monday 5/1 to Sunday 15/3


@pytest.fixture(scope="module")
def registro(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, Log]]:
    url = url_aislada(Path(tmp_path_factory.mktemp("estadisticas")), "estadisticas_admin")
    migrar(url)
    motor = crear_motor(url)
    log = generar(semilla=2026, n=300)
    with motor.begin() as c:
        insertar(c, log, persona_id(c))
    yield motor, log
    motor.dispose()


@pytest.fixture
def ctx(ctx: Contexto, registro: tuple[Engine, Log]) -> Contexto:
    return replace(ctx, estadisticas=EstadisticasSQL(registro[0]))


@pytest.fixture
def log(registro: tuple[Engine, Log]) -> Log:
    return registro[1]


def _svg(html: str, ident: str) -> ET.Element:
    encontrado = re.search(rf'<svg[^>]*id="{ident}".*?</svg>', html, re.S)
    assert encontrado, f"no hay SVG {ident}"
    return ET.fromstring(encontrado.group(0))


def _semanas(log: Log, entidad: str, tramite: str | None = None) -> Counter[tuple[date, str]]:
    desde, hasta = date(2026, 1, 5), date(2026, 3, 9)
    return Counter({(s, t): v["radicadas"] for (e, t, s), v in log.semanas.items()
                    if e == entidad and (tramite is None or t == tramite) and desde <= s <= hasta
                    and v["radicadas"]})


def _total(log: Log, entidad: str, campo: str, tramite: str | None = None) -> int:
    return sum(v[campo] for (e, t, s), v in log.semanas.items()
               if e == entidad and (tramite is None or t == tramite) and date(2026, 1, 5) <= s <= date(2026, 3, 9))


async def test_sin_sesion_lleva_al_ingreso(cliente: httpx.AsyncClient) -> None:
    for ruta in ("/admin/estadisticas", "/admin/estadisticas.csv"):
        r = await cliente.get(ruta)
        assert r.status_code == 303 and r.headers["location"] == "/admin/ingresar"


async def test_pagina_pliega_al_abrir_y_dibuja_las_barras_de_la_cuenta_bruta(
    cliente: httpx.AsyncClient, ctx: Contexto, log: Log, registro: tuple[Engine, Log]
) -> None:
    nuevo_funcionario(ctx, "revisora")
    await ingresar(cliente)
    motor = registro[0]
    with motor.begin() as c:  # start from nothing folded, whichever test ran first
        for tabla in ESTADISTICAS:
            c.execute(tabla.delete())
    assert ctx.estadisticas is not None and ctx.estadisticas.marca().actualizada_en is None
    # The page finds the aggregates stale and the backlog small, and folds before reading.
    r = await cliente.get("/admin/estadisticas", params=PERIODO)
    assert ctx.estadisticas.marca().actualizada_en == ctx.reloj.ahora()
    assert r.status_code == 200
    assert 'href="/admin/estadisticas"' in r.text  # linked in the header
    svg = _svg(r.text, "grafico-semanas")
    assert svg.get("role") == "img" and svg.find("title") is not None and svg.find("desc") is not None
    dibujado: Counter[tuple[date, str]] = Counter()
    alturas: dict[int, set[int]] = {}
    for g in svg.iter("g"):
        semana = date.fromisoformat(g.get("data-semana", ""))
        for rect in g.iter("rect"):
            valor = int(rect.get("data-valor", "0"))
            dibujado[(semana, rect.get("data-tramite", ""))] = valor
            alturas.setdefault(valor, set()).add(int(rect.get("height", "0")))
    assert dibujado == _semanas(log, ENTIDAD)
    assert len([g for g in svg.iter("g")]) == 10  # one column per week of the period, empty or not
    orden = sorted(alturas)  # taller for more: heights grow with the value
    assert all(max(alturas[a]) <= min(alturas[b]) for a, b in itertools.pairwise(orden))
    decididas, a_tiempo = _total(log, ENTIDAD, "decididas"), _total(log, ENTIDAD, "a_tiempo")
    porcentaje = f"{100 * a_tiempo / decididas:.1f}".replace(".", ",") + " %"
    assert f'id="porcentaje-a-tiempo">{porcentaje}<' in r.text
    cumplimiento = _svg(r.text, "grafico-cumplimiento")
    assert int(next(x for x in cumplimiento.iter("rect") if x.get("class") == "a-tiempo").get("data-valor", "")) \
        == a_tiempo
    motivos = _svg(r.text, "grafico-motivos")
    valores = [int(x.get("data-valor", "")) for x in motivos.iter("rect") if x.get("class") == "barra-rechazo"]
    esperados = Counter[str]()
    for (e, _t, s, m), n in log.motivos.items():
        if e == ENTIDAD and date(2026, 1, 5) <= s <= date(2026, 3, 9):
            esperados[m] += n
    assert valores == sorted(esperados.values(), reverse=True)
    assert "La foto no es legible" in r.text and "la foto no es legible" not in r.text  # merged variants
    assert 'id="tabla-semanas"' in r.text and 'id="tabla-motivos"' in r.text  # the accessible fallbacks


async def test_vencidas_ahora(cliente: httpx.AsyncClient, ctx: Contexto, log: Log) -> None:
    nuevo_funcionario(ctx, "revisora")
    await ingresar(cliente)
    esperado = sum(1 for s in log.solicitudes if s["entidad"] == ENTIDAD
                   and s["estado"] in ("radicada", "en_estudio") and s["fecha_limite_decision"] < HOY)
    r = await cliente.get("/admin/estadisticas")
    assert f'id="vencidas-ahora">{esperado}<' in r.text


async def test_filtro_por_tramite_y_fragmento_htmx(cliente: httpx.AsyncClient, ctx: Contexto, log: Log) -> None:
    nuevo_funcionario(ctx, "revisora")
    await ingresar(cliente)
    r = await cliente.get("/admin/estadisticas", params={**PERIODO, "tramite": "SDG-OTRO"}, headers=HTMX)
    assert r.status_code == 200
    assert r.text.lstrip().startswith('<div id="resultados">') and "<html" not in r.text
    svg = _svg(r.text, "grafico-semanas")
    tramites = {x.get("data-tramite") for x in svg.iter("rect")}
    assert tramites == {"SDG-OTRO"}
    assert sum(int(x.get("data-valor", "0")) for x in svg.iter("rect")) == _total(log, ENTIDAD, "radicadas",
                                                                                     "SDG-OTRO")


async def test_csv_con_bom_punto_y_coma_y_cifras_planas(cliente: httpx.AsyncClient, ctx: Contexto, log: Log) -> None:
    nuevo_funcionario(ctx, "revisora")
    await ingresar(cliente)
    r = await cliente.get("/admin/estadisticas.csv", params=PERIODO)
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.headers["content-disposition"] == (
        'attachment; filename="estadisticas-SDG-BOGOTA-2026-01-05-2026-03-15.csv"')
    assert r.content.startswith(b"\xef\xbb\xbf")
    filas = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    assert filas[0][:4] == ["Semana (lunes)", "Código del trámite", "Trámite", "Radicadas"]
    cuerpo = filas[1:]
    assert {(date.fromisoformat(f[0]), f[1]): int(f[3]) for f in cuerpo if int(f[3])} == _semanas(log, ENTIDAD)
    assert sum(int(f[4]) for f in cuerpo) == _total(log, ENTIDAD, "decididas")
    assert all(re.fullmatch(r"\d+", x) for f in cuerpo for x in f[3:])  # no thousands marks, no decimals
    nombres = {f[1]: f[2] for f in cuerpo}
    assert nombres["SDG-CERT-RESIDENCIA"] == "Certificado de residencia"


async def test_otra_entidad_solo_ve_lo_suyo(cliente: httpx.AsyncClient, ctx: Contexto, log: Log) -> None:
    nuevo_funcionario(ctx, "movilidad", Rol.COORDINADOR, entidad="MOVILIDAD-CHIA")
    await ingresar(cliente, "movilidad")
    # Asking for another entidad's trámite is ignored: the filter offers and accepts only the official's own.
    r = await cliente.get("/admin/estadisticas", params={**PERIODO, "tramite": "SDG-CERT-RESIDENCIA"})
    assert r.status_code == 200
    assert "SDG-CERT-RESIDENCIA" not in r.text and "Certificado de residencia" not in r.text
    svg = _svg(r.text, "grafico-semanas")
    assert {x.get("data-tramite") for x in svg.iter("rect")} == {"MOV-01"}
    assert sum(int(x.get("data-valor", "0")) for x in svg.iter("rect")) == _total(log, "MOVILIDAD-CHIA",
                                                                                     "radicadas")
    csv_ = await cliente.get("/admin/estadisticas.csv", params={**PERIODO, "tramite": "SDG-CERT-RESIDENCIA"})
    assert "SDG-" not in csv_.text.split("\n", 1)[1]


async def test_periodo_por_defecto_doce_semanas_y_fechas_invalidas(
    cliente: httpx.AsyncClient, ctx: Contexto
) -> None:
    nuevo_funcionario(ctx, "revisora")
    await ingresar(cliente)
    for params in ({}, {"desde": "no-es-fecha", "hasta": "2026-99-99"}):
        r = await cliente.get("/admin/estadisticas", params=params)
        assert r.status_code == 200
        assert len(list(_svg(r.text, "grafico-semanas").iter("g"))) == 12
        assert 'value="2026-03-17"' in r.text  # hasta defaults to today
        assert semana_de(HOY).isoformat() in r.text
