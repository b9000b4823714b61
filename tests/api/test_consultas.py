"""Reading: keyset pages of solicitudes (with the loaders' query budget), nodes and invalid IDs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from domain.casos_uso import Contexto
from domain.casos_uso.decisiones import aprobar, asignar
from domain.comandos import Asignar, Decidir
from domain.reloj import RelojFijo
from tests.api.conftest import Cliente, radicar, registrar
from tests.builders import funcionario, verificar_todo
from tests.fakes import FakeDocumentos, FakePersonas, FakeSolicitudes

pytestmark = pytest.mark.anyio

PAGINA = """
query Pagina($first: Int, $after: String, $estado: EstadoSolicitud) {
  solicitudes(first: $first, after: $after, estado: $estado) {
    __typename
    ... on SolicitudConnection {
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { radicado estado titular { nombres } solicitante { nombres } certificado { numero } } }
    }
    ... on ErrorValidacion { codigo mensaje campo }
  }
}
"""


async def _tres_solicitudes(cliente: Cliente, reloj: RelojFijo) -> None:
    for i, numero in enumerate(["1020304050", "79111222", "52333444"]):
        titular = await registrar(cliente, numero, nombres=f"Persona {i}")
        assert (await radicar(cliente, titular))["__typename"] == "RadicarSolicitudOk"
        reloj.avanzar(minutes=5)


async def test_paginas_por_cursor(cliente: Cliente, reloj: RelojFijo) -> None:
    await _tres_solicitudes(cliente, reloj)
    p1 = (await cliente.gql(PAGINA, {"first": 2}))["data"]["solicitudes"]
    assert [e["node"]["radicado"] for e in p1["edges"]] == ["RES-2026-000001", "RES-2026-000002"]
    assert p1["pageInfo"]["hasNextPage"] is True and p1["pageInfo"]["hasPreviousPage"] is False
    assert p1["edges"][0]["node"]["titular"]["nombres"] == "Persona 0"
    p2 = (await cliente.gql(PAGINA, {"first": 2, "after": p1["pageInfo"]["endCursor"]}))["data"]["solicitudes"]
    assert [e["node"]["radicado"] for e in p2["edges"]] == ["RES-2026-000003"]
    assert p2["pageInfo"]["hasNextPage"] is False and p2["pageInfo"]["hasPreviousPage"] is True
    vacia = (await cliente.gql(PAGINA, {"estado": "FINALIZADA"}))["data"]["solicitudes"]
    assert vacia["edges"] == [] and vacia["pageInfo"]["endCursor"] is None


def _contar(monkeypatch: pytest.MonkeyPatch, llamadas: Counter[str], clase: type, metodo: str) -> None:
    original: Callable[..., Any] = getattr(clase, metodo)

    def contando(self: object, *args: Any, **kwargs: Any) -> Any:
        llamadas[f"{clase.__name__}.{metodo}"] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(clase, metodo, contando)


async def test_una_pagina_cuesta_tres_lecturas_sea_cual_sea_su_tamano(
    cliente: Cliente, ctx: Contexto, reloj: RelojFijo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each repository call is one SQL statement: the list, the page's personas (primed by the use case) and the
    page's certificates (one batched DataLoader call), however many solicitudes the page holds."""
    await _tres_solicitudes(cliente, reloj)
    revisora = funcionario(ctx)
    for s in ctx.uow().solicitudes.listar()[:2]:
        asignar(Asignar(s.id, revisora.id), ctx)
        verificar_todo(ctx, s.id, revisora.id)
        aprobar(Decidir(s.id, revisora.id), ctx)
    llamadas: Counter[str] = Counter()
    for clase, metodo in [(FakeSolicitudes, "listar"), (FakeSolicitudes, "obtener"), (FakePersonas, "varias"),
                          (FakePersonas, "obtener"), (FakeDocumentos, "obtener"), (FakeDocumentos, "varios")]:
        _contar(monkeypatch, llamadas, clase, metodo)
    r = await cliente.gql(PAGINA, {"first": 100})
    nodos = [e["node"] for e in r["data"]["solicitudes"]["edges"]]
    assert [n["certificado"] is not None for n in nodos] == [True, True, False]
    assert all(n["titular"] and n["solicitante"] for n in nodos)
    assert llamadas == Counter({"FakeSolicitudes.listar": 1, "FakePersonas.varias": 1, "FakeDocumentos.varios": 1})


@pytest.mark.parametrize(
    ("variables", "texto"),
    [({"first": 101}, "entre 1 y 100"), ({"first": 0}, "entre 1 y 100"), ({"after": "no-es-un-cursor"}, "cursor")],
)
async def test_argumentos_de_pagina_invalidos(cliente: Cliente, variables: dict[str, Any], texto: str) -> None:
    """Errors as data, like every paginated list (api/paginacion.py): the rest of ``data`` survives."""
    r = await cliente.gql(PAGINA.replace("}\n}\n", "}\n  tramite(codigo: \"CHIA-T21\") { codigo }\n}\n"), variables)
    assert "errors" not in r and r["data"]["tramite"] == {"codigo": "CHIA-T21"}
    error = r["data"]["solicitudes"]
    assert error["__typename"] == "ErrorValidacion" and texto in error["mensaje"]
    assert error["codigo"] == "DATO_INVALIDO" and error["campo"] == ("after" if "after" in variables else "first")


NODO = "query($id: ID!) { node(id: $id) { __typename id } solicitud(id: $id) { id } persona(id: $id) { id } }"


@pytest.mark.parametrize(
    "id_",
    [
        "basura",
        "",
        "%%%",
        "U29saWNpdHVkOm5vLWVzLXV1aWQ=",  # "Solicitud:no-es-uuid"
        "T3Rybzo1NmE1YjI1Ni0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA=",  # an unknown type
        "U29saWNpdHVkOjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA==",  # well formed, does not exist
    ],
)
async def test_id_invalido_o_desconocido_da_null_sin_errores(cliente: Cliente, id_: str) -> None:
    r = await cliente.gql(NODO, {"id": id_})
    assert r == {"data": {"node": None, "solicitud": None, "persona": None}}


async def test_id_de_otro_tipo_da_null(cliente: Cliente) -> None:
    pid = await registrar(cliente)
    r = await cliente.gql(NODO, {"id": pid})
    assert r["data"] == {"node": {"__typename": "Persona", "id": pid}, "solicitud": None, "persona": {"id": pid}}
