"""Fuzzing the GraphQL API from its schema (hypothesis-graphql): every query and mutation the schema allows, with
random arguments, sent over HTTP with a partner credential holding every scope, on the real database (SQLite, or
PostgreSQL with VENTANILLA_TEST_DATABASE_URL). No answer may be a 5xx or an ``ERROR_INTERNO``.

Bounded for CI: a fixed number of examples per root field kind and a per-example deadline (the run time and the
number of requests are printed with ``-s``).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import graphql
import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis_graphql import Mode, mutations, queries

from api import construir_esquema
from domain.casos_uso import Contexto
from tests.api.conftest import ClienteSincrono, cliente_sincrono, contexto_en_bd, poblar

pytestmark = pytest.mark.db

ESQUEMA = construir_esquema()._schema
# Valid queries, valid mutations and half as many invalid documents: 150 requests, ~0.3 s each to generate (the
# selection sets of this schema are large). VENTANILLA_FUZZ_EJEMPLOS=1000 for a longer run.
EJEMPLOS = int(os.environ.get("VENTANILLA_FUZZ_EJEMPLOS", "60"))
_CONTADOR = {"peticiones": 0, "segundos": 0.0}
Escalares = dict[str, st.SearchStrategy[graphql.ValueNode]]
Fuzz = tuple[ClienteSincrono, dict[str, st.SearchStrategy[str]]]


def _texto(valor: str) -> graphql.ValueNode:
    return graphql.StringValueNode(value=valor)


def _textos(validos: list[str]) -> st.SearchStrategy[str]:
    """Strings that pass the first checks (so requests reach the database), often, mixed with what breaks columns
    and drivers: lengths just past each column, control characters (NUL among them), anything."""
    largos = st.sampled_from([3, 9, 21, 41, 61, 201, 301, 321, 501]).map(lambda n: "a" * n)
    controles = st.text(st.characters(max_codepoint=0x9F, categories=["Cc"]), min_size=1, max_size=3)
    conocidos = st.sampled_from(validos)
    return st.one_of(conocidos, conocidos, st.tuples(conocidos, controles).map("".join), largos,
                     st.text(max_size=30))


def _escalares(ids: list[str], validos: list[str]) -> Escalares:
    """Literals for the custom scalars, and IDs and strings that mix real values with noise. Dates are always valid
    (one invalid literal fails the whole document's validation and nothing runs: the negative test covers that);
    an ``Upload`` cannot be inlined, so it gets text, which the resolver must refuse as data."""
    fechas = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)).map(lambda d: _texto(d.isoformat()))
    ruido = st.text(max_size=40).map(_texto)
    return {
        "String": _textos(validos).map(_texto),
        "Date": fechas,
        "DateTime": st.datetimes().map(lambda d: _texto(d.isoformat())),
        "Upload": ruido,
        "ID": st.one_of(st.sampled_from(ids).map(_texto), ruido),
    }


@pytest.fixture(scope="module")
def fuzz(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzz]:
    """A partner with every scope and something to find: a persona, a solicitud with its certificate, a firma."""
    with contexto_en_bd(tmp_path_factory.mktemp("fuzz")) as ctx, _preparado(ctx) as preparado:
        yield preparado
    print(f"\nfuzz: {_CONTADOR['peticiones']} peticiones en {_CONTADOR['segundos']:.1f} s")


@contextlib.contextmanager
def _preparado(ctx: Contexto) -> Iterator[Fuzz]:
    datos = poblar(ctx)
    ids = [datos.persona, datos.solicitud, datos.documento, datos.firma]
    # "1020304050" is a valid CC, TI, RC, PA and PPT number; the others open their own paths.
    validos = ["1020304050", "1020304050", "F", "CO", "ana@example.org", datos.certificacion, "SDG-CERT-RESIDENCIA"]
    escalares = _escalares(ids, validos)
    with cliente_sincrono(ctx) as http:
        yield http, {  # built once per module
            "consultas": queries(ESQUEMA, custom_scalars=escalares),
            "mutaciones": mutations(ESQUEMA, custom_scalars=escalares),
            "invalidas": st.one_of(queries(ESQUEMA, custom_scalars=escalares, mode=Mode.NEGATIVE),
                                   mutations(ESQUEMA, custom_scalars=escalares, mode=Mode.NEGATIVE)),
        }


def _enviar(http: ClienteSincrono, consulta: str) -> None:
    inicio = time.perf_counter()
    r = http.post(json={"query": consulta})
    _CONTADOR["peticiones"] += 1
    _CONTADOR["segundos"] += time.perf_counter() - inicio
    assert r.status_code == 200, (consulta, r.status_code, r.text)
    assert "ERROR_INTERNO" not in r.text, (consulta, r.text)


_AJUSTES: dict[str, Any] = dict(
    max_examples=EJEMPLOS, deadline=timedelta(seconds=30), database=None, print_blob=True,  # 30 s: hangs, not load
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@settings(**_AJUSTES)
@given(datos=st.data())
def test_consultas_validas(fuzz: Fuzz, datos: st.DataObject) -> None:
    http, estrategias = fuzz
    _enviar(http, datos.draw(estrategias["consultas"]))


@settings(**_AJUSTES)
@given(datos=st.data())
def test_mutaciones_validas(fuzz: Fuzz, datos: st.DataObject) -> None:
    http, estrategias = fuzz
    _enviar(http, datos.draw(estrategias["mutaciones"]))


@settings(**{**_AJUSTES, "max_examples": EJEMPLOS // 2})
@given(datos=st.data())
def test_operaciones_invalidas(fuzz: Fuzz, datos: st.DataObject) -> None:
    """One schema violation per document (hypothesis-graphql's negative mode): answered as errors, never a 5xx."""
    http, estrategias = fuzz
    _enviar(http, datos.draw(estrategias["invalidas"]))

