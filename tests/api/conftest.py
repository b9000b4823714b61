"""In-process API tests: the app mounted at /graphql as the composition root will, over httpx's ASGITransport."""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal
from asgi_lifespan import LifespanManager
from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.routing import Mount

from api import crear_api
from api.ids import DOCUMENTO, PERSONA, SOLICITUD, id_global
from app.web import envolver_api
from domain.alcances import ALCANCES
from domain.casos_uso import Contexto
from domain.casos_uso.decisiones import aprobar, asignar
from domain.casos_uso.firmas import certificar_firma
from domain.casos_uso.personas import crear_aliado, registrar_persona
from domain.casos_uso.solicitudes import radicar_solicitud
from domain.comandos import Asignar, Decidir
from domain.motor.catalogo import CatalogoTramites
from domain.reloj import RelojFijo
from persistence.almacen import AlmacenLocal
from persistence.db import crear_motor
from persistence.inspeccion_archivos import InspectorContenido
from persistence.migrar import migrar
from persistence.unidad_de_trabajo import FabricaUnidadDeTrabajoSQL
from tests.bd import url_aislada
from tests.builders import PDF_MINIMO, PNG_MINIMO, funcionario, persona_cmd, radicar_cmd, verificar_todo
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
    contexto = Contexto(FakeUnidadDeTrabajo(), FakeAlmacen(), reloj, CatalogoTramites.predeterminado(), FakeEmisor(),  # type: ignore[arg-type]
                        FakeVerificador(), inspector=InspectorContenido())
    crear_aliado("Portal ciudadano", frozenset({"personas", "solicitudes", "identidad"}), contexto,
                 credencial=CREDENCIAL)
    return contexto


def _cuerpo(r: httpx.Response) -> dict[str, Any]:
    """The JSON body, after checking the status: 401 with a Bearer challenge when (and only when) the request was
    refused for want of a valid credential; 200 otherwise, domain errors included (errors as data)."""
    cuerpo: dict[str, Any] = r.json()
    codigos = {e.get("extensions", {}).get("code") for e in cuerpo.get("errors") or []}
    if "NO_AUTENTICADO" in codigos:
        assert r.status_code == 401 and r.headers["www-authenticate"] == 'Bearer realm="ventanilla"', r.text
    else:
        assert r.status_code == 200, r.text
    return cuerpo


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
        return _cuerpo(r)

    async def gql_archivos(self, query: str, variables: dict[str, Any], archivos: dict[str, Archivo], *,
                           credencial: str | None = CREDENCIAL) -> dict[str, Any]:
        """GraphQL multipart request spec: ``operations``, ``map`` and one part per file."""
        mapa = {str(i): [f"variables.{ruta}"] for i, ruta in enumerate(archivos)}
        partes = {str(i): archivo for i, archivo in enumerate(archivos.values())}
        datos = {"operations": json.dumps({"query": query, "variables": variables}), "map": json.dumps(mapa)}
        r = await self.http.post(URL, data=datos, files=partes, headers=self._encabezados(credencial))
        return _cuerpo(r)


FabricaCliente = Callable[..., Any]


def montar(ctx: Contexto, **opciones: Any) -> Starlette:
    """The API mounted at /graphql exactly as the composition root mounts it (security headers included)."""
    api = envolver_api(crear_api(ctx, **opciones), produccion=opciones.get("produccion", False))
    return Starlette(routes=[Mount("/graphql", app=api)])


@contextlib.contextmanager
def motor_y_contexto(directorio: Path) -> Iterator[tuple[Engine, Contexto]]:
    """A context on a real, migrated database: a SQLite file, or a PostgreSQL schema (VENTANILLA_TEST_DATABASE_URL);
    with its engine, for what tests load beside the use cases (the external registries)."""
    url = url_aislada(directorio, "api")
    migrar(url)
    motor = crear_motor(url)
    reloj = RelojFijo(ahora_bogota(HOY.year, HOY.month, HOY.day))
    yield motor, Contexto(FabricaUnidadDeTrabajoSQL.desde_motor(motor), AlmacenLocal(directorio / "archivos"), reloj,
                          CatalogoTramites.predeterminado(), FakeEmisor(), FakeVerificador(),
                          inspector=InspectorContenido())
    motor.dispose()


@contextlib.contextmanager
def contexto_en_bd(directorio: Path) -> Iterator[Contexto]:
    with motor_y_contexto(directorio) as (_, ctx):
        yield ctx


@pytest.fixture
def ctx_bd(tmp_path: Path) -> Iterator[Contexto]:
    with contexto_en_bd(tmp_path) as ctx:
        yield ctx


@dataclass(frozen=True)
class Poblado:
    """What ``poblar`` left in a database, as the API names it (global IDs) plus the e-Register number."""

    persona: str
    solicitud: str
    documento: str
    firma: str
    certificacion: str


def poblar(ctx: Contexto) -> Poblado:
    """A partner (``CREDENCIAL``) with every scope, its persona, a solicitud approved with its certificate, and a
    registered signature with one certificación: something for every query and mutation to find."""
    from api.firmas import FIRMA
    from tests.unit.test_firmas import _certificar, _registrar

    aliado, _ = crear_aliado("Portal con todos los alcances",
                             frozenset(ALCANCES), ctx,
                             credencial=CREDENCIAL)
    firma = _registrar(ctx)
    certificacion = certificar_firma(_certificar(ctx, firma), ctx).documento.numero
    persona, _ = registrar_persona(replace(persona_cmd("1020304050"), aliado_id=aliado.id), ctx)
    solicitud = radicar_solicitud(radicar_cmd(persona, HOY, aliado_id=aliado.id), ctx)
    revisora = funcionario(ctx)
    asignar(Asignar(solicitud.id, revisora.id), ctx)
    verificar_todo(ctx, solicitud.id, revisora.id)
    documento = aprobar(Decidir(solicitud.id, revisora.id), ctx).documento_id
    assert documento is not None
    return Poblado(id_global(PERSONA, persona.id), id_global(SOLICITUD, solicitud.id),
                   id_global(DOCUMENTO, documento), id_global(FIRMA, firma), certificacion)


class ClienteSincrono:
    """POSTs to /graphql from synchronous code (hypothesis' @given tests), through a blocking anyio portal. A
    server error comes back as a 500 response, to be asserted on with the input that caused it."""

    def __init__(self, portal: BlockingPortal, http: httpx.AsyncClient) -> None:
        self.portal, self.http = portal, http

    def post(self, **opciones: Any) -> httpx.Response:
        return self.portal.call(functools.partial(self.http.post, URL, **opciones))


@contextlib.contextmanager
def cliente_sincrono(ctx: Contexto, credencial: str = CREDENCIAL) -> Iterator[ClienteSincrono]:
    with start_blocking_portal() as portal:
        http = httpx.AsyncClient(transport=httpx.ASGITransport(app=montar(ctx), raise_app_exceptions=False),
                                 base_url="http://ventanilla.test", headers={"Authorization": f"Bearer {credencial}"})
        try:
            yield ClienteSincrono(portal, http)
        finally:
            portal.call(http.aclose)


@pytest.fixture
async def nuevo_cliente(ctx: Contexto) -> AsyncIterator[Callable[..., Any]]:
    abiertos: list[Any] = []

    async def fabricar(**opciones: Any) -> Cliente:
        app = montar(ctx, **opciones)
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
