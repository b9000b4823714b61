"""Every text field the API accepts, with hostile values, on the real engines (SQLite, or PostgreSQL with
VENTANILLA_TEST_DATABASE_URL): the outcome is the domain's and the same on both — refused as data
(``ErrorValidacion`` naming the field) or stored as the domain normalised it — never a database error.

Issue 7 §4: on PostgreSQL a NUL in ``nombres`` and a ``telefono``, ``sexo`` or ``nacionalidad`` longer than its
column ended in ERROR_INTERNO while SQLite stored them as sent.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, given, settings

from domain import textos
from domain.personas import SEXOS
from tests.api.conftest import (
    RADICAR,
    REGISTRAR,
    ClienteSincrono,
    Poblado,
    cliente_sincrono,
    contexto_en_bd,
    persona_input,
    poblar,
    soportes_validos,
)

pytestmark = pytest.mark.db

# The API's persona fields and the column each must fit (domain.textos: the same numbers build the columns).
LIMITES = {"nombres": textos.NOMBRE, "apellidos": textos.NOMBRE, "direccion": textos.DIRECCION,
           "municipio": textos.NOMBRE, "correo": textos.CORREO, "telefono": textos.TELEFONO, "sexo": textos.SEXO,
           "nacionalidad": textos.CODIGO}
_CONTROLES = st.characters(max_codepoint=0x9F, categories=["Cc"])
HOSTILES = st.one_of(
    st.text(max_size=40),
    st.tuples(st.text(max_size=8), _CONTROLES, st.text(max_size=8)).map("".join),
    st.sampled_from(sorted({n + d for n in LIMITES.values() for d in (0, 1)} | {textos.MOTIVO + 1})).map(
        lambda n: "x" * n),
    st.sampled_from(["F", "m", " nb ", "co", "VE", "ana@example.org", "Bogotá D.C.", "Calle 10 # 5-20"]),
)
_AJUSTES: dict[str, Any] = dict(deadline=timedelta(seconds=5), database=None, print_blob=True,
                                suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def bd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ClienteSincrono, Poblado]]:
    with contexto_en_bd(tmp_path_factory.mktemp("textos")) as ctx:
        datos = poblar(ctx)
        with cliente_sincrono(ctx) as http:
            yield http, datos


def _carga(r: Any, campo: str) -> dict[str, Any]:
    assert r.status_code == 200, r.text
    assert "ERROR_INTERNO" not in r.text and "errors" not in r.json(), r.text
    return r.json()["data"][campo]  # type: ignore[no-any-return]


def _registrar(http: ClienteSincrono, **cambios: Any) -> dict[str, Any]:
    r = http.post(json={"query": REGISTRAR, "variables": {"input": persona_input(**cambios)}})
    return _carga(r, "registrarPersona")


# -- the issue's four cases, on both engines ---------------------------------------------------------------------
@pytest.mark.parametrize(("campo", "valor", "motivo"), [
    ("nombres", "Ana\x00María", "caracteres de control"),
    ("telefono", "3" * (textos.TELEFONO + 1), f"máximo {textos.TELEFONO} caracteres"),
    ("sexo", "femenino" * 3, "use F (femenino), M (masculino), NB (no binario)"),
    ("nacionalidad", "COLOMBIANA" * 7, "código de dos letras"),
])
def test_los_cuatro_casos_del_issue_son_errores_de_validacion(bd: tuple[ClienteSincrono, Poblado], campo: str,
                                                               valor: str, motivo: str) -> None:
    http, datos = bd
    for r in (_registrar(http, numero="52000111", **{campo: valor}),
              _carga(http.post(json={"query": ACTUALIZAR, "variables": {"input": {"id": datos.persona,
                                                                                  campo: valor}}}),
                     "actualizarPersona")):
        assert r["__typename"] == "ErrorValidacion" and r["campo"] == campo, r
        assert motivo in r["mensaje"], r["mensaje"]


def test_lo_valido_se_guarda_normalizado(bd: tuple[ClienteSincrono, Poblado]) -> None:
    http, _ = bd
    r = _registrar(http, numero="52000222", nombres="  Ana María ", sexo="nb", nacionalidad="ve",
                   telefono="3" * textos.TELEFONO)
    assert r["__typename"] == "RegistrarPersonaOk", r
    assert r["persona"]["nombres"] == "Ana María"
    leida = _carga(http.post(json={"query": LEER, "variables": {"id": r["persona"]["id"]}}), "persona")
    assert (leida["sexo"], leida["nacionalidad"], leida["telefono"]) == ("NB", "VE", "3" * textos.TELEFONO)


ACTUALIZAR = """mutation($input: ActualizarPersonaInput!) { actualizarPersona(input: $input) {
  __typename ... on Error { mensaje codigo } ... on ErrorValidacion { campo } } }"""
LEER = "query($id: ID!) { persona(id: $id) { sexo nacionalidad telefono } }"


# -- every persona field, any value ----------------------------------------------------------------------------
def _aceptable(campo: str, valor: str) -> bool:
    """What the domain may accept: no control characters, within the column (necessary, not sufficient)."""
    limpio = valor.strip()
    if textos.tiene_controles(valor) or len(limpio) > LIMITES[campo]:
        return False
    if campo == "sexo":
        return limpio.upper() in SEXOS or not limpio
    return campo != "nacionalidad" or len(limpio) == 2


@settings(max_examples=150, **_AJUSTES)
@given(campo=st.sampled_from(sorted(LIMITES)), valor=HOSTILES, al_registrar=st.booleans())
def test_campos_de_persona(bd: tuple[ClienteSincrono, Poblado], campo: str, valor: str, al_registrar: bool) -> None:
    http, datos = bd
    if al_registrar:
        r = _registrar(http, numero="52000333", **{campo: valor})
    else:
        r = _carga(http.post(json={"query": ACTUALIZAR, "variables": {"input": {"id": datos.persona,
                                                                                campo: valor}}}),
                   "actualizarPersona")
    if r["__typename"] == "ErrorValidacion":
        assert r["campo"] == campo or (campo in ("nombres", "apellidos") and not valor.strip()), r
    else:
        assert r["__typename"] in ("RegistrarPersonaOk", "ActualizarPersonaOk"), r
        assert _aceptable(campo, valor), (campo, valor)


# -- the other text inputs: motivos, the e-Register number, the soportes of a radicación ------------------------
MOTIVO = """mutation($input: CambiarEstadoDocumentoInput!) { suspenderDocumento(input: $input) {
  __typename ... on Error { mensaje codigo } ... on ErrorValidacion { campo } } }"""
CERTIFICACION = """query($numero: String!, $fecha: Date!) { certificacionFirma(numero: $numero, fecha: $fecha) {
  __typename } }"""


@settings(max_examples=60, **_AJUSTES)
@given(valor=HOSTILES)
def test_motivo_y_numero_de_certificacion(bd: tuple[ClienteSincrono, Poblado], valor: str) -> None:
    http, datos = bd
    r = _carga(http.post(json={"query": MOTIVO, "variables": {"input": {"documentoId": datos.documento,
                                                                        "motivo": valor}}}), "suspenderDocumento")
    if textos.tiene_controles(valor, multilinea=True) or len(valor.strip()) > textos.MOTIVO:
        assert r["__typename"] == "ErrorValidacion" and r["campo"] == "motivo", r
    r = http.post(json={"query": CERTIFICACION, "variables": {"numero": valor, "fecha": "2026-03-17"}})
    assert r.status_code == 200 and "ERROR_INTERNO" not in r.text, r.text


@settings(max_examples=60, **_AJUSTES)
@given(campo=st.sampled_from(["tramite", "destino", "requisito", "subtipo", "nombre"]), valor=HOSTILES)
def test_textos_de_la_radicacion(bd: tuple[ClienteSincrono, Poblado], campo: str, valor: str) -> None:
    http, datos = bd
    soportes, archivos = soportes_validos()
    entrada: dict[str, Any] = {"tramite": "SDG-CERT-RESIDENCIA", "titularId": datos.persona, "soportes": soportes}
    if campo in ("tramite", "destino"):
        entrada[campo] = valor
    elif campo in ("requisito", "subtipo"):
        soportes[0][campo] = valor
    nombres = {ruta: (valor if campo == "nombre" and i == 0 else nombre, contenido, tipo)
               for i, (ruta, (nombre, contenido, tipo)) in enumerate(archivos.items())}
    mapa = {str(i): [f"variables.{ruta}"] for i, ruta in enumerate(nombres)}
    r = http.post(data={"operations": json.dumps({"query": RADICAR, "variables": {"input": entrada}}),
                        "map": json.dumps(mapa)},
                  files={str(i): archivo for i, archivo in enumerate(nombres.values())})
    if campo == "nombre" and not valor:  # a part with an empty file name is a plain field: there is no file
        assert r.status_code == 400 and r.json()["errors"][0]["extensions"]["code"] == "PETICION_INVALIDA"
        return
    carga = _carga(r, "radicarSolicitud")
    if carga["__typename"] == "RadicarSolicitudOk" and campo == "subtipo":
        assert not textos.tiene_controles(valor) and len(valor.strip()) <= textos.CODIGO
    else:
        assert carga["__typename"] in ("RadicarSolicitudOk", "ErrorValidacion", "ErrorNoEncontrado"), carga
