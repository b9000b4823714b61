"""Contraseñas (comprobantes de documento en trámite) and identity-document trámites: seed 002 §15.4-15.6."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, timedelta

import pytest

from domain.casos_uso import Contexto
from domain.casos_uso.contrasenas import (
    CambiarEstadoTramiteIdentidad,
    SolicitarDocumentoIdentidad,
    cambiar_estado_tramite_identidad,
    descargar_contrasena,
    duplicado_web_contrasena,
    estado_contrasena,
    listar_tramites_identidad,
    obtener_tramite_identidad,
    solicitar_documento_identidad,
    verificar_contrasena,
)
from domain.contrasenas import Oficina, parametros_contrasenas
from domain.errores import DatoInvalido, NoAutorizado, TransicionInvalida
from domain.identidad import (
    ClaseTramiteIdentidad,
    EstadoTramiteIdentidad,
    FormatoDocumento,
    TipoDocumentoIdentidad,
    TramiteIdentidad,
)
from domain.reloj import RelojFijo
from tests.builders import funcionario, nueva_persona
from tests.fakes import ahora_bogota
from tests.fakes_identidad import FakeEmisorContrasenas

HOY = date(2026, 3, 17)


@pytest.fixture
def ctx_id(ctx: Contexto) -> Contexto:
    return replace(ctx, contrasenas=FakeEmisorContrasenas())


def _cmd(ctx: Contexto, **cambios: object) -> SolicitarDocumentoIdentidad:
    titular = nueva_persona(ctx)
    oficial = funcionario(ctx, "registrador", entidad="RNEC")
    base = SolicitarDocumentoIdentidad(titular.id, "CC", "primera_vez", "RNEC-BOG-CENTRO", oficial.id)
    return replace(base, **cambios)  # type: ignore[arg-type]


def _tramite(oficina: Oficina, fecha: date = HOY) -> TramiteIdentidad:
    return TramiteIdentidad(uuid.uuid4(), "RNEC-2026-0000001", TipoDocumentoIdentidad.CC,
                            FormatoDocumento.CC_AMARILLA_HOLOGRAMAS, ClaseTramiteIdentidad.PRIMERA_VEZ,
                            uuid.uuid4(), oficina, fecha)


def test_vigencia_seis_meses_desde_el_tramite() -> None:
    """§15.5: "vigencia de seis (6) meses contados a partir de la realización [del] trámite"."""
    p = parametros_contrasenas()
    assert p.meses_vigencia == 6
    registraduria = p.oficina("RNEC-BOG-CENTRO")
    assert _tramite(registraduria).vigencia_contrasena(p) == date(2026, 9, 17)
    # Month arithmetic clamps to the month's end: 31 Aug + 6 months = 28 Feb.
    assert _tramite(registraduria, date(2025, 8, 31)).vigencia_contrasena(p) == date(2026, 2, 28)


def test_contrasenas_de_consulados_no_vencen() -> None:
    """§15.5 Nota: "Las contraseñas de los documentos tramitados en los consulados no tendrán vencimiento"."""
    p = parametros_contrasenas()
    consulado = p.oficina("CONS-MADRID")
    assert consulado.es_consulado
    assert _tramite(consulado).vigencia_contrasena(p) is None


def test_transiciones_del_tramite() -> None:
    """en producción → disponible para entrega (oficina) → entregado; rechazado only from production."""
    p = parametros_contrasenas()
    t = _tramite(p.oficina("RNEC-BOG-CENTRO"))
    with pytest.raises(TransicionInvalida):
        t.entregar("x", ahora_bogota(2026, 3, 18))
    t.marcar_disponible(p.oficina("RNEC-MED-CENTRO"), "x", ahora_bogota(2026, 3, 18))
    assert t.descripcion_estado == "Disponible para entrega en Registraduría Especial de Medellín"
    with pytest.raises(TransicionInvalida):
        t.rechazar("tarde", "x", ahora_bogota(2026, 3, 19))
    t.entregar("x", ahora_bogota(2026, 3, 19))
    assert t.estado is EstadoTramiteIdentidad.ENTREGADO
    with pytest.raises(TransicionInvalida):
        t.marcar_disponible(p.oficina("RNEC-CHIA"), "x", ahora_bogota(2026, 3, 20))
    with pytest.raises(TransicionInvalida):  # a delivered document needs no receipt
        t.registrar_contrasena(uuid.uuid4())
    r = _tramite(p.oficina("RNEC-BOG-CENTRO"))
    with pytest.raises(DatoInvalido):
        r.rechazar("  ", "x", ahora_bogota(2026, 3, 18))
    r.rechazar("Rechazo definitivo (§15.6 b)", "x", ahora_bogota(2026, 3, 18))
    assert r.estado is EstadoTramiteIdentidad.RECHAZADO and r.motivo_rechazo
    assert [e.estado for e in t.eventos] == [EstadoTramiteIdentidad.DISPONIBLE_PARA_ENTREGA,
                                            EstadoTramiteIdentidad.ENTREGADO]


def test_formato_y_canal_coherentes() -> None:
    """A TI is produced in the blue biometric format (§13.1); the web tool only requests duplicates (§15.4.4)."""
    p = parametros_contrasenas()
    with pytest.raises(DatoInvalido):
        TramiteIdentidad(uuid.uuid4(), "N", TipoDocumentoIdentidad.TI, FormatoDocumento.CC_DIGITAL,
                         ClaseTramiteIdentidad.PRIMERA_VEZ, uuid.uuid4(), p.oficinas[0], HOY)
    with pytest.raises(DatoInvalido):
        TramiteIdentidad(uuid.uuid4(), "N", TipoDocumentoIdentidad.CC, FormatoDocumento.CC_DIGITAL,
                         ClaseTramiteIdentidad.PRIMERA_VEZ, uuid.uuid4(), p.oficinas[0], HOY, canal="web")


def test_solicitar_emite_contrasena_eis_vigente_seis_meses(ctx_id: Contexto) -> None:
    """§15.4.2 + §15.5: the EIS receipt is issued on preparation and valid six months from the trámite."""
    tramite, doc = solicitar_documento_identidad(_cmd(ctx_id, fecha_solicitud=HOY - timedelta(days=10)), ctx_id)
    assert doc.tipo == "contrasena_eis" and doc.entidad == "RNEC" and doc.solicitud_id is None
    assert doc.vigente_hasta == date(2026, 9, 7)
    assert tramite.estado is EstadoTramiteIdentidad.EN_PRODUCCION and tramite.contrasenas == [doc.id]
    assert tramite.numero_preparacion == "RNEC-2026-0000001"
    emitida = ctx_id.contrasenas.emitidas[0]  # type: ignore[union-attr]
    assert emitida.titular_identificacion == "CC 1020304050" and "no certifica" in emitida.nota_no_certifica
    assert descargar_contrasena(doc.id, ctx_id).contenido.startswith(b"%PDF")
    detalle = obtener_tramite_identidad(tramite.id, ctx_id)
    assert detalle is not None and [d.id for d in detalle.contrasenas] == [doc.id]
    assert [t.id for t, _ in listar_tramites_identidad(ctx_id)] == [tramite.id]


def test_consulado_contrasena_sin_vencimiento_y_qr_la_muestra_vigente_siempre(ctx_id: Contexto,
                                                                                reloj: RelojFijo) -> None:
    """§15.5 Nota: consular contraseñas never expire, even years later."""
    _, doc = solicitar_documento_identidad(_cmd(ctx_id, oficina="CONS-MIAMI"), ctx_id)
    assert doc.vigente_hasta is None
    reloj.avanzar(days=3 * 365)
    estado = verificar_contrasena(f"QR:{doc.id}", ctx_id)
    assert estado is not None and estado.vigente and estado.sin_vencimiento
    assert estado.oficina == "Consulado de Colombia en Miami"


def test_qr_muestra_estado_del_tramite_y_vencimiento(ctx_id: Contexto, reloj: RelojFijo) -> None:
    """§15.4.4: reading the QR "carga el estado del trámite"; §15.5: after six months the receipt is expired."""
    cmd = _cmd(ctx_id)
    tramite, doc = solicitar_documento_identidad(cmd, ctx_id)
    estado = estado_contrasena(doc.id, ctx_id)
    assert estado is not None and estado.vigente and estado.estado_tramite == "en_produccion"
    assert estado.descripcion_tramite == "En producción" and "no certifica" in estado.nota_no_certifica
    cambiar_estado_tramite_identidad(CambiarEstadoTramiteIdentidad(
        tramite.id, "disponible_para_entrega", cmd.funcionario_id, oficina_entrega="RNEC-CHIA"), ctx_id)
    estado = estado_contrasena(doc.id, ctx_id)
    assert estado is not None
    assert estado.descripcion_tramite == "Disponible para entrega en Registraduría Municipal de Chía"
    reloj.avanzar(days=200)
    estado = estado_contrasena(doc.id, ctx_id)
    assert estado is not None and not estado.vigente and estado.estado_documento == "vencido"
    cambiar_estado_tramite_identidad(CambiarEstadoTramiteIdentidad(tramite.id, "entregado", cmd.funcionario_id),
                                     ctx_id)
    assert estado_contrasena(doc.id, ctx_id).estado_tramite == "entregado"  # type: ignore[union-attr]
    assert verificar_contrasena("basura", ctx_id) is None


def test_cambios_de_estado_ilegales_y_sin_permiso(ctx_id: Contexto) -> None:
    cmd = _cmd(ctx_id)
    tramite, _ = solicitar_documento_identidad(cmd, ctx_id)
    with pytest.raises(TransicionInvalida):
        cambiar_estado_tramite_identidad(CambiarEstadoTramiteIdentidad(tramite.id, "entregado",
                                                                       cmd.funcionario_id), ctx_id)
    with pytest.raises(DatoInvalido):
        cambiar_estado_tramite_identidad(CambiarEstadoTramiteIdentidad(tramite.id, "disponible_para_entrega",
                                                                       cmd.funcionario_id), ctx_id)
    with pytest.raises(TransicionInvalida):
        cambiar_estado_tramite_identidad(CambiarEstadoTramiteIdentidad(tramite.id, "en_produccion",
                                                                       cmd.funcionario_id), ctx_id)
    ajeno = funcionario(ctx_id, "alcaldia")  # SDG-BOGOTA
    with pytest.raises(NoAutorizado):
        cambiar_estado_tramite_identidad(CambiarEstadoTramiteIdentidad(tramite.id, "rechazado", ajeno.id,
                                                                       motivo="x"), ctx_id)
    with pytest.raises(NoAutorizado):
        solicitar_documento_identidad(replace(cmd, funcionario_id=ajeno.id), ctx_id)


def test_duplicado_web_emite_contrasena_verde(ctx_id: Contexto) -> None:
    """§15.4.4: the green comprobante with QR is for duplicates requested through the web tool."""
    tramite, doc = duplicado_web_contrasena(_cmd(ctx_id, clase="duplicado", tipo_documento="TI"), ctx_id)
    assert doc.tipo == "contrasena_web" and tramite.canal == "web"
    assert tramite.formato is FormatoDocumento.TI_AZUL_BIOMETRICA
    with pytest.raises(DatoInvalido):
        duplicado_web_contrasena(replace(_cmd_existente(ctx_id), clase="renovacion"), ctx_id)


def _cmd_existente(ctx: Contexto) -> SolicitarDocumentoIdentidad:
    with ctx.uow() as uow:
        titular = next(iter(uow.personas.filas))  # type: ignore[attr-defined]
        oficial = next(f for f in uow.funcionarios.filas.values() if f.entidad == "RNEC")  # type: ignore[attr-defined]
    return SolicitarDocumentoIdentidad(titular, "CC", "duplicado", "RNEC-BOG-CENTRO", oficial.id)


def test_sin_emisor_de_contrasenas_no_se_crea_el_tramite(ctx: Contexto) -> None:
    with pytest.raises(TransicionInvalida):
        solicitar_documento_identidad(_cmd(ctx), ctx)
    assert listar_tramites_identidad(ctx) == []
