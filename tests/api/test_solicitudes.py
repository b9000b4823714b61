"""Filing, reading, correcting and downloading a certificado de residencia through the partner API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from domain.casos_uso import Contexto
from domain.casos_uso.decisiones import aprobar, asignar, rechazar
from domain.comandos import Asignar, Decidir, Rechazar
from domain.reloj import RelojFijo
from tests.api.conftest import HOY, Cliente, radicar, registrar, soportes_validos
from tests.archivos_prueba import PDF_5_BYTES, pdf_con_javascript, png_bomba, png_con_html_al_final
from tests.builders import PDF_MINIMO, funcionario, verificar_todo
from tests.fakes import FakeUnidadDeTrabajo

pytestmark = pytest.mark.anyio

DETALLE = """
query Detalle($id: ID!) {
  solicitud(id: $id) {
    id radicado estado tramite entidad radicadaEn fechaLimiteDecision fechaLimiteSubsanacion motivosRechazo
    entrega listaParaRecoger personaPrivadaLibertad certificadoUrl
    titular { id nombreCompleto numeroIdentificacion }
    solicitante { id }
    hallazgos { requisito regla resultado mensaje fuente bloqueante }
    soportes { requisito nombreArchivo tipoMedio tamanoBytes sha256 fechaDocumento subtipo }
    certificado { id numero estado vigenteHasta url solicitud { radicado } }
  }
}
"""


def _id_de(solicitud_gid: str) -> Any:
    import base64
    import uuid

    return uuid.UUID(base64.b64decode(solicitud_gid).decode().split(":", 1)[1])


async def test_flujo_completo_registrar_radicar_leer_aprobar_descargar(cliente: Cliente, ctx: Contexto) -> None:
    titular = await registrar(cliente)
    radicada = await radicar(cliente, titular)
    assert radicada["__typename"] == "RadicarSolicitudOk", radicada
    s = radicada["solicitud"]
    assert s["radicado"] == "RES-2026-000001" and s["estado"] == "RADICADA"
    assert s["fechaLimiteDecision"] == "2026-03-18"
    assert s["titular"]["id"] == titular == s["solicitante"]["id"]
    assert [(x["nombreArchivo"], x["tipoMedio"]) for x in s["soportes"]] == [
        ("cedula.pdf", "application/pdf"), ("recibo_luz.png", "image/png")]

    leida = (await cliente.gql(DETALLE, {"id": s["id"]}))["data"]["solicitud"]
    assert leida["titular"]["nombreCompleto"] == "Ana María Pérez Gómez"
    assert leida["radicadaEn"] == "2026-03-17T15:00:00+00:00"
    assert leida["certificadoUrl"] is None and leida["certificado"] is None
    hallazgos = {(h["requisito"], h["regla"]): h for h in leida["hallazgos"]}
    assert hallazgos[("recibo_servicio_publico", "antiguedad_maxima")]["resultado"] == "CUMPLE"
    assert hallazgos[("recibo_servicio_publico", "visible_en_soporte")]["resultado"] == "REVISAR"
    assert all(h["fuente"] for h in leida["hallazgos"])
    nodo = await cliente.gql("query($id: ID!) { node(id: $id) { __typename id ... on Solicitud { radicado } } }",
                             {"id": s["id"]})
    assert nodo["data"]["node"] == {"__typename": "Solicitud", "id": s["id"], "radicado": "RES-2026-000001"}

    # The official works in the admin: here, the same use cases, called directly.
    revisora = funcionario(ctx)
    asignar(Asignar(_id_de(s["id"]), revisora.id), ctx)
    verificar_todo(ctx, _id_de(s["id"]), revisora.id)
    aprobar(Decidir(_id_de(s["id"]), revisora.id), ctx)

    final = (await cliente.gql(DETALLE, {"id": s["id"]}))["data"]["solicitud"]
    assert final["estado"] == "FINALIZADA"
    assert final["certificado"]["estado"] == "VIGENTE"
    assert final["certificado"]["solicitud"]["radicado"] == "RES-2026-000001"
    url = final["certificadoUrl"]
    assert url.startswith("http://ventanilla.test/graphql/certificados/") and url.endswith(".pdf")
    assert final["certificado"]["url"] == url

    r = await cliente.http.get(url, headers={"Authorization": "Bearer vnt_credencial-de-prueba-del-portal"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    assert 'filename="res-2026-000001-c.pdf"' in r.headers["content-disposition"]


async def test_persona_privada_de_la_libertad_la_solicita_el_responsable(cliente: Cliente) -> None:
    titular = await registrar(cliente, correo=None)
    responsable = await registrar(cliente, "79111222", nombres="Luis")
    soportes, archivos = soportes_validos()
    soportes.append({"requisito": "documento_responsable", "archivo": None})
    archivos["input.soportes.2.archivo"] = ("cedula_responsable.pdf", PDF_MINIMO, "application/pdf")
    sin_responsable = await radicar(cliente, titular, soportes=soportes, archivos=archivos,
                                    personaPrivadaLibertad=True)
    assert sin_responsable["__typename"] == "ErrorValidacion"
    assert sin_responsable["campo"] == "solicitanteId" and "responsable" in sin_responsable["mensaje"]
    r = await radicar(cliente, titular, soportes=soportes, archivos=archivos, personaPrivadaLibertad=True,
                      solicitanteId=responsable)
    assert r["__typename"] == "RadicarSolicitudOk", r
    assert r["solicitud"]["titular"]["id"] == titular and r["solicitud"]["solicitante"]["id"] == responsable


def _recibo(nombre: str, contenido: bytes, dias: int = 10, tipo: str = "application/pdf") -> tuple[Any, Any]:
    soportes, archivos = soportes_validos()
    soportes[1]["fechaDocumento"] = (HOY - timedelta(days=dias)).isoformat()
    archivos["input.soportes.1.archivo"] = (nombre, contenido, tipo)
    return soportes, archivos


MALOS: dict[str, tuple[Any, dict[str, Any], dict[str, Any]]] = {
    "pdf_que_no_es_pdf": (
        _recibo("recibo.pdf", b"MZ\x90\x00 un ejecutable renombrado"), {},
        {"__typename": "ErrorValidacion", "codigo": "ARCHIVO_INVALIDO", "campo": "soportes.1.archivo",
         "requisito": "recibo_servicio_publico",
         "en_mensaje": "no es un PDF, JPG o PNG válido"}),
    "archivo_de_mas_de_4_mb": (
        _recibo("recibo.pdf", b"%PDF-" + b"0" * (4 * 1024 * 1024)), {},
        {"__typename": "ErrorValidacion", "codigo": "ARCHIVO_INVALIDO", "campo": "soportes.1.archivo",
         "en_mensaje": "máximo de 4 MB"}),
    "nombre_con_mayusculas_y_espacios": (
        _recibo("Recibo Luz.PDF", PDF_MINIMO), {},
        {"__typename": "ErrorValidacion", "codigo": "ARCHIVO_INVALIDO", "campo": "soportes.1.archivo",
         "requisito": "recibo_servicio_publico",
         "en_mensaje": "sin tildes, espacios"}),
    "recibo_de_mas_de_60_dias": (
        _recibo("recibo.pdf", PDF_MINIMO, dias=61), {},
        {"__typename": "ErrorValidacion", "codigo": "REQUISITO_INCUMPLIDO", "requisito": "recibo_servicio_publico",
         "en_mensaje": "no puede tener más de 60 días"}),
    "tramite_desconocido": (
        soportes_validos(), {"tramite": "NO-EXISTE"},
        {"__typename": "ErrorNoEncontrado", "codigo": "TRAMITE_DESCONOCIDO", "en_mensaje": "«NO-EXISTE» no existe"}),
    "titular_con_id_invalido": (
        soportes_validos(), {"titularId": "esto-no-es-un-id"},
        {"__typename": "ErrorValidacion", "codigo": "ID_INVALIDO", "campo": "titularId",
         "en_mensaje": "no es un identificador válido de una persona"}),
    # Issue 7 §3: accepted until the content was parsed; refused now, each with its own reason.
    "png_con_html_al_final": (
        _recibo("recibo.png", png_con_html_al_final(), tipo="image/png"), {},
        {"__typename": "ErrorValidacion", "codigo": "ARCHIVO_INVALIDO", "campo": "soportes.1.archivo",
         "requisito": "recibo_servicio_publico",
         "en_mensaje": "esconde otro tipo de archivo"}),
    "pdf_con_javascript_en_flujo_de_objetos": (
        _recibo("recibo.pdf", pdf_con_javascript(en_flujo_de_objetos=True)), {},
        {"__typename": "ErrorValidacion", "codigo": "ARCHIVO_INVALIDO", "campo": "soportes.1.archivo",
         "requisito": "recibo_servicio_publico",
         "en_mensaje": "«recibo.pdf» contiene JavaScript o acciones automáticas"}),
    "png_bomba_de_descompresion": (
        _recibo("recibo.png", png_bomba(), tipo="image/png"), {},
        {"__typename": "ErrorValidacion", "codigo": "ARCHIVO_INVALIDO", "campo": "soportes.1.archivo",
         "requisito": "recibo_servicio_publico",
         "en_mensaje": "mide 30.000 × 30.000 píxeles; el máximo es 40 megapíxeles"}),
    "pdf_de_5_bytes": (
        _recibo("recibo.pdf", PDF_5_BYTES), {},
        {"__typename": "ErrorValidacion", "codigo": "ARCHIVO_INVALIDO", "campo": "soportes.1.archivo",
         "requisito": "recibo_servicio_publico",
         "en_mensaje": "«recibo.pdf»"}),
    "requisito_inexistente": (
        ([{"requisito": "pasado_judicial", "archivo": None}],
         {"input.soportes.0.archivo": ("pasado.pdf", PDF_MINIMO, "application/pdf")}), {},
        {"__typename": "ErrorValidacion", "codigo": "DATO_INVALIDO", "campo": "soportes.0.requisito",
         "en_mensaje": "«pasado_judicial» no existe"}),
}


@pytest.mark.parametrize("caso", list(MALOS))
async def test_entrada_mala_da_error_tipado_en_espanol_y_no_guarda_nada(
    cliente: Cliente, ctx: Contexto, caso: str
) -> None:
    (soportes, archivos), extra, esperado = MALOS[caso]
    titular = await registrar(cliente)
    r = await radicar(cliente, titular, soportes=soportes, archivos=archivos, **extra)
    en_mensaje = esperado.pop("en_mensaje")
    assert {k: r.get(k) for k in esperado} == esperado, r
    assert en_mensaje in r["mensaje"]
    uow: FakeUnidadDeTrabajo = ctx.uow  # type: ignore[assignment]
    assert uow.solicitudes.filas == {}
    assert uow.bandeja_salida.notificaciones == []
    assert ctx.almacen.blobs == {}  # type: ignore[attr-defined]


SUBSANAR = """
mutation Subsanar($input: SubsanarSolicitudInput!) {
  subsanarSolicitud(input: $input) {
    __typename
    ... on SubsanarSolicitudOk { solicitud { estado soportes { requisito nombreArchivo } } }
    ... on Error { mensaje codigo }
  }
}
"""


async def _rechazada(cliente: Cliente, ctx: Contexto) -> str:
    s = (await radicar(cliente, await registrar(cliente)))["solicitud"]
    revisora = funcionario(ctx)
    asignar(Asignar(_id_de(s["id"]), revisora.id), ctx)
    rechazar(Rechazar(_id_de(s["id"]), revisora.id, ["El recibo no muestra la dirección."]), ctx)
    return s["id"]  # type: ignore[no-any-return]


async def test_subsanar_dentro_del_plazo(cliente: Cliente, ctx: Contexto, reloj: RelojFijo) -> None:
    sid = await _rechazada(cliente, ctx)
    leida = (await cliente.gql(DETALLE, {"id": sid}))["data"]["solicitud"]
    assert leida["estado"] == "REQUIERE_SUBSANACION"
    assert leida["motivosRechazo"] == ["El recibo no muestra la dirección."]
    assert leida["fechaLimiteSubsanacion"] == "2026-04-16"
    reloj.avanzar(days=30)
    variables = {"input": {"solicitudId": sid, "soportes": [
        {"requisito": "recibo_servicio_publico", "archivo": None, "subtipo": "gas",
         "fechaDocumento": (HOY + timedelta(days=25)).isoformat()}]}}
    r = await cliente.gql_archivos(SUBSANAR, variables,
                                   {"input.soportes.0.archivo": ("recibo-gas.pdf", PDF_MINIMO, "application/pdf")})
    ok = r["data"]["subsanarSolicitud"]
    assert ok["__typename"] == "SubsanarSolicitudOk", r
    assert ok["solicitud"]["estado"] == "EN_ESTUDIO"
    assert {"requisito": "recibo_servicio_publico", "nombreArchivo": "recibo-gas.pdf"} in ok["solicitud"]["soportes"]


async def test_subsanar_despues_del_plazo_da_plazo_vencido_y_queda_desistida(
    cliente: Cliente, ctx: Contexto, reloj: RelojFijo
) -> None:
    sid = await _rechazada(cliente, ctx)
    reloj.avanzar(days=31)
    r = await cliente.gql(SUBSANAR, {"input": {"solicitudId": sid}})
    error = r["data"]["subsanarSolicitud"]
    assert error["__typename"] == "ErrorPlazoVencido" and error["codigo"] == "PLAZO_VENCIDO"
    assert "desistida" in error["mensaje"]
    assert (await cliente.gql(DETALLE, {"id": sid}))["data"]["solicitud"]["estado"] == "DESISTIDA"


async def test_subsanar_una_solicitud_que_no_esta_rechazada(cliente: Cliente) -> None:
    s = (await radicar(cliente, await registrar(cliente)))["solicitud"]
    error = (await cliente.gql(SUBSANAR, {"input": {"solicitudId": s["id"]}}))["data"]["subsanarSolicitud"]
    assert error["__typename"] == "ErrorTransicion" and "No se puede subsanar" in error["mensaje"]


async def test_soporte_sin_archivo_multipart_es_error_de_validacion(cliente: Cliente, ctx: Contexto) -> None:
    titular = await registrar(cliente)
    entrada = {"tramite": "SDG-CERT-RESIDENCIA", "titularId": titular,
               "soportes": [{"requisito": "documento_identidad", "archivo": "JVBERi0xLjQK"}]}
    r = (await cliente.gql(RADICAR_JSON, {"input": entrada}))["data"]["radicarSolicitud"]
    assert r["__typename"] == "ErrorValidacion" and r["campo"] == "soportes.0.archivo"
    assert "multipart" in r["mensaje"]
    assert ctx.uow.solicitudes.filas == {}  # type: ignore[attr-defined]


RADICAR_JSON = """
mutation($input: RadicarSolicitudInput!) {
  radicarSolicitud(input: $input) { __typename ... on ErrorValidacion { mensaje campo } }
}
"""


async def test_multipart_mayor_al_limite_del_cuerpo_da_413(nuevo_cliente: Any, ctx: Contexto) -> None:
    cliente: Cliente = await nuevo_cliente(max_cuerpo_bytes=64 * 1024)
    titular = await registrar(cliente)
    soportes, archivos = soportes_validos()
    archivos["input.soportes.0.archivo"] = ("cedula.pdf", b"%PDF-" + b"0" * 100_000, "application/pdf")
    entrada = {"tramite": "SDG-CERT-RESIDENCIA", "titularId": titular, "soportes": soportes}
    import json

    r = await cliente.http.post(
        "/graphql/", headers={"Authorization": "Bearer vnt_credencial-de-prueba-del-portal"},
        data={"operations": json.dumps({"query": RADICAR_JSON, "variables": {"input": entrada}}),
              "map": json.dumps({"0": ["variables.input.soportes.0.archivo"]})},
        files={"0": archivos["input.soportes.0.archivo"]},
    )
    assert r.status_code == 413 and r.json()["errors"][0]["extensions"]["code"] == "CUERPO_DEMASIADO_GRANDE"
    assert ctx.uow.solicitudes.filas == {}  # type: ignore[attr-defined]
