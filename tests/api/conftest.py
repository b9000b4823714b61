"""In-process API tests: the app mounted at /graphql as the composition root will, over httpx's ASGITransport."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from starlette.applications import Starlette
from starlette.routing import Mount

from api import crear_api
from domain.casos_uso import Contexto
from domain.casos_uso.personas import crear_aliado
from domain.catalogo import Catalogo
from domain.reloj import RelojFijo
from persistence.inspeccion_archivos import InspectorContenido
from tests.builders import PDF_MINIMO, PNG_MINIMO
from tests.fakes import FakeAlmacen, FakeEmisor, FakeUnidadDeTrabajo, FakeVerificador, ahora_bogota

HOY = date(2026, 3, 17)
CREDENCIAL = "vnt_credencial-de-prueba-del-portal"
URL = "/graphql/"
Archivo = tuple[str, bytes, str]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def reloj() -> RelojFijo:
    return RelojFijo(ahora_bogota(2026, 3, 17))


@pytest.fixture
def ctx(reloj: RelojFijo) -> Contexto:
    contexto = Contexto(FakeUnidadDeTrabajo(), FakeAlmacen(), reloj, Catalogo.cargar(), FakeEmisor(),  # type: ignore[arg-type]
                        FakeVerificador(), inspector=InspectorContenido())
    crear_aliado("Portal ciudadano", frozenset({"personas", "solicitudes", "identidad"}), contexto,
                 credencial=CREDENCIAL)
    return contexto


class Cliente:
    """An httpx client plus the two shapes of a GraphQL request: JSON and multipart (with files)."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    def _encabezados(self, credencial: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {credencial}"} if credencial else {}

    async def gql(self, query: str, variables: dict[str, Any] | None = None, *,
                  credencial: str | None = CREDENCIAL) -> dict[str, Any]:
        r = await self.http.post(URL, json={"query": query, "variables": variables or {}},
                                 headers=self._encabezados(credencial))
        assert r.status_code == 200, r.text
        return r.json()  # type: ignore[no-any-return]

    async def gql_archivos(self, query: str, variables: dict[str, Any], archivos: dict[str, Archivo], *,
                           credencial: str | None = CREDENCIAL) -> dict[str, Any]:
        """GraphQL multipart request spec: ``operations``, ``map`` and one part per file."""
        mapa = {str(i): [f"variables.{ruta}"] for i, ruta in enumerate(archivos)}
        partes = {str(i): archivo for i, archivo in enumerate(archivos.values())}
        datos = {"operations": json.dumps({"query": query, "variables": variables}), "map": json.dumps(mapa)}
        r = await self.http.post(URL, data=datos, files=partes, headers=self._encabezados(credencial))
        assert r.status_code == 200, r.text
        return r.json()  # type: ignore[no-any-return]


FabricaCliente = Callable[..., Any]


@pytest.fixture
async def nuevo_cliente(ctx: Contexto) -> AsyncIterator[Callable[..., Any]]:
    abiertos: list[Any] = []

    async def fabricar(**opciones: Any) -> Cliente:
        app = Starlette(routes=[Mount("/graphql", app=crear_api(ctx, **opciones))])
        gestor = LifespanManager(app)
        await gestor.__aenter__()
        http = httpx.AsyncClient(transport=httpx.ASGITransport(app=gestor.app), base_url="http://ventanilla.test")
        abiertos.append((gestor, http))
        return Cliente(http)

    yield fabricar
    for gestor, http in reversed(abiertos):
        await http.aclose()
        await gestor.__aexit__(None, None, None)


@pytest.fixture
async def cliente(nuevo_cliente: Callable[..., Any]) -> Cliente:
    return await nuevo_cliente()  # type: ignore[no-any-return]


# -- reusable operations -----------------------------------------------------------------------------------
REGISTRAR = """
mutation Registrar($input: RegistrarPersonaInput!) {
  registrarPersona(input: $input) {
    __typename
    ... on RegistrarPersonaOk { creada persona { id tipoIdentificacion numeroIdentificacion nombres correo } }
    ... on Error { mensaje codigo }
    ... on ErrorValidacion { campo }
  }
}
"""

RADICAR = """
mutation Radicar($input: RadicarSolicitudInput!) {
  radicarSolicitud(input: $input) {
    __typename
    ... on RadicarSolicitudOk {
      solicitud { id radicado estado fechaLimiteDecision titular { id } solicitante { id }
                  soportes { requisito nombreArchivo tipoMedio tamanoBytes } }
    }
    ... on Error { mensaje codigo }
    ... on ErrorValidacion { campo requisito }
    ... on ErrorNoEncontrado { campo }
  }
}
"""


def persona_input(numero: str = "1020304050", **cambios: Any) -> dict[str, Any]:
    base = {"tipoIdentificacion": "CC", "numeroIdentificacion": numero, "nombres": "Ana María",
            "apellidos": "Pérez Gómez", "fechaNacimiento": "1990-05-04", "direccion": "Calle 10 # 5-20",
            "municipio": "Bogotá D.C.", "correo": "ana.perez@example.org", "telefono": "3001234567"}
    return {**base, **cambios}


async def registrar(cliente: Cliente, numero: str = "1020304050", **cambios: Any) -> str:
    r = await cliente.gql(REGISTRAR, {"input": persona_input(numero, **cambios)})
    assert r["data"]["registrarPersona"]["__typename"] == "RegistrarPersonaOk", r
    return r["data"]["registrarPersona"]["persona"]["id"]  # type: ignore[no-any-return]


def soportes_validos(recibo_dias: int = 10) -> tuple[list[dict[str, Any]], dict[str, Archivo]]:
    """Variables (with null placeholders) and files for the two soportes of the certificado de residencia."""
    soportes = [
        {"requisito": "documento_identidad", "archivo": None},
        {"requisito": "recibo_servicio_publico", "archivo": None, "subtipo": "energia",
         "fechaDocumento": (HOY - timedelta(days=recibo_dias)).isoformat()},
    ]
    archivos = {
        "input.soportes.0.archivo": ("cedula.pdf", PDF_MINIMO, "application/pdf"),
        "input.soportes.1.archivo": ("recibo_luz.png", PNG_MINIMO, "image/png"),
    }
    return soportes, archivos


async def radicar(cliente: Cliente, titular_id: str, *, soportes: list[dict[str, Any]] | None = None,
                  archivos: dict[str, Archivo] | None = None, **extra: Any) -> dict[str, Any]:
    base_soportes, base_archivos = soportes_validos()
    entrada = {"tramite": "SDG-CERT-RESIDENCIA", "titularId": titular_id,
               "soportes": base_soportes if soportes is None else soportes, **extra}
    r = await cliente.gql_archivos(RADICAR, {"input": entrada}, base_archivos if archivos is None else archivos)
    assert "errors" not in r, r
    return r["data"]["radicarSolicitud"]  # type: ignore[no-any-return]
