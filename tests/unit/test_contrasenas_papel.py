"""Paper contraseñas (seed 002 §15.4.1 white, §15.4.3 green without QR) and the §15.6 replacement (R157, W15)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

import pytest

import domain.casos_uso.contrasenas_reposicion as modulo_reposicion
from domain.casos_uso import Contexto
from domain.casos_uso.certificados import verificar_en_linea
from domain.casos_uso.contrasenas import (
    CambiarEstadoTramiteIdentidad,
    SolicitarDocumentoIdentidad,
    cambiar_estado_tramite_identidad,
    estado_contrasena,
    obtener_tramite_identidad,
    solicitar_documento_identidad,
    tramite_en_papel,
    verificar_contrasena,
)
from domain.casos_uso.contrasenas_reposicion import (
    ReponerContrasena,
    reponer_contrasena,
    revisar_reposicion,
    verificaciones_reposicion,
)
from domain.casos_uso.revocacion import documentos_revocados
from domain.contrasenas import TIPOS_CONTRASENA, parametros_contrasenas
from domain.errores import DatoInvalido, NoAutorizado, NoEncontrado
from domain.reglas import Resultado
from domain.reloj import RelojFijo
from domain.reposicion_contrasenas import ACCION_REPONER, ReposicionRechazada, evaluar_reposicion
from tests.builders import funcionario, nueva_persona
from tests.fakes_identidad import FakeEmisorContrasenas


@pytest.fixture
def ctx_id(ctx: Contexto) -> Contexto:
    return replace(ctx, contrasenas=FakeEmisorContrasenas())


def _cmd(ctx: Contexto, **cambios: object) -> SolicitarDocumentoIdentidad:
    titular = nueva_persona(ctx)
    oficial = funcionario(ctx, "registrador", entidad="RNEC")
    base = SolicitarDocumentoIdentidad(titular.id, "CC", "primera_vez", "RNEC-CHIA", oficial.id)
    return replace(base, **cambios)  # type: ignore[arg-type]


def _reponer(ctx: Contexto, tramite_id: uuid.UUID | None, funcionario_id: uuid.UUID, causa: str = "perdida",
             oficina: str = "RNEC-BOG-CENTRO") -> modulo_reposicion.ReposicionEmitida:
    return reponer_contrasena(ReponerContrasena(tramite_id, causa, oficina, funcionario_id), ctx)


def _fallidas(error: ReposicionRechazada) -> list[str]:
    return [h.regla for h in error.hallazgos if h.resultado is not Resultado.CUMPLE]


def test_los_cuatro_tipos_del_15_4_estan_en_el_catalogo() -> None:
    """§15.4 (digest E26): white 8.7 × 7.8 cm and green 11 × 7 cm on paper without QR; EIS and web with QR."""
    p = parametros_contrasenas()
    assert set(p.tipos) == TIPOS_CONTRASENA
    medidas = {c: (t.ancho_mm, t.alto_mm, t.qr, t.canal) for c, t in p.tipos.items()}
    assert medidas == {
        "contrasena_blanca": (87, 78, False, "papel"), "contrasena_eis": (80, 160, True, "eis"),
        "contrasena_verde": (110, 70, False, "papel"), "contrasena_web": (110, 70, True, "web"),
    }
    assert p.tipos["contrasena_blanca"].fuente.endswith("§15.4.1")
    assert p.tipos["contrasena_verde"].fuente.endswith("§15.4.3")


def test_tramite_en_papel_registra_y_emite_la_blanca_sin_qr(ctx_id: Contexto) -> None:
    """§15.4.1: paper enrolment gets the white pre-printed contraseña; §15.5: six months from the trámite."""
    tramite, doc = tramite_en_papel(_cmd(ctx_id, fecha_solicitud=date(2026, 3, 2)), ctx_id)
    assert tramite.canal == "papel" and doc.tipo == "contrasena_blanca"
    assert doc.numero == f"{tramite.numero_preparacion}-B1" and doc.entidad == "RNEC"
    assert doc.vigente_hasta == date(2026, 9, 2) and doc.fecha_expedicion == date(2026, 3, 17)
    emitida = ctx_id.contrasenas.emitidas[-1]  # type: ignore[union-attr]
    assert not emitida.con_qr and emitida.oficina == "Registraduría Municipal de Chía"
    assert emitida.nota_reposicion is None


def test_tramite_en_papel_verde_y_consulado_sin_vencimiento(ctx_id: Contexto) -> None:
    """§15.4.3: green without QR for offices without full EIS coverage; §15.5 Nota: consulates never expire."""
    cmd = _cmd(ctx_id, comprobante="contrasena_verde")
    _, verde = tramite_en_papel(cmd, ctx_id)
    assert verde.tipo == "contrasena_verde" and verde.numero.endswith("-V1")
    _, consular = tramite_en_papel(replace(cmd, oficina="CONS-MADRID", comprobante=None), ctx_id)
    assert consular.vigente_hasta is None


@pytest.mark.parametrize("comprobante", ["contrasena_eis", "contrasena_web", "amarilla"])
def test_tramite_en_papel_solo_con_comprobantes_de_papel(ctx_id: Contexto, comprobante: str) -> None:
    with pytest.raises(DatoInvalido) as error:
        tramite_en_papel(_cmd(ctx_id, comprobante=comprobante), ctx_id)
    assert error.value.campo == "comprobante"


def test_reposicion_verde_sin_qr_nuevo_periodo_y_la_anterior_deja_de_valer(ctx_id: Contexto,
                                                                          reloj: RelojFijo) -> None:
    """§15.6 (R157): green no-QR replacement "por un periodo de vigencia igual al primero" — read as a new period of
    the same length, six months (catalogue parameter); the replaced receipt's QR now says it was replaced."""
    cmd = _cmd(ctx_id)
    tramite, eis = solicitar_documento_identidad(cmd, ctx_id)
    reloj.avanzar(days=40)
    emitida = _reponer(ctx_id, tramite.id, cmd.funcionario_id)
    nueva = emitida.documento
    assert nueva.tipo == "contrasena_verde" and nueva.numero == f"{tramite.numero_preparacion}-V2"
    assert eis.vigente_hasta == date(2026, 9, 17) and nueva.vigente_hasta == date(2026, 10, 26)
    assert [d.id for d in emitida.reemplazadas] == [eis.id]
    assert [h.resultado for h in emitida.hallazgos] == [Resultado.CUMPLE] * 4
    assert all("§15.6" in h.fuente for h in emitida.hallazgos)
    impresa = ctx_id.contrasenas.emitidas[-1]  # type: ignore[union-attr]
    assert not impresa.con_qr and impresa.oficina == "Registraduría Municipal de Chía"
    assert impresa.nota_reposicion == f"Reposición de la contraseña {eis.numero} por pérdida."
    # The old QR: not valid any more, and says why (domain result + the general verification).
    estado = verificar_contrasena(f"QR:{eis.id}", ctx_id)
    assert estado is not None and not estado.vigente and estado.reemplazada
    assert estado.reemplazada_el == date(2026, 4, 26)
    assert estado.aviso_reemplazo == "Reemplazada por reposición el 26 de abril de 2026; no es válida."
    general = verificar_en_linea(f"QR:{eis.id}", ctx_id)
    assert general.estado == "revocado" and general.motivo == estado.aviso_reemplazo
    assert [(x.documento_id, x.motivo) for x in documentos_revocados(ctx_id)] == [(eis.id, estado.aviso_reemplazo)]
    nuevo_estado = estado_contrasena(nueva.id, ctx_id)
    assert nuevo_estado is not None and nuevo_estado.vigente and not nuevo_estado.reemplazada
    # Recorded on the trámite and audited.
    detalle = obtener_tramite_identidad(tramite.id, ctx_id)
    assert detalle is not None
    [r] = detalle.tramite.reposiciones
    assert (r.anterior_id, r.nueva_id, r.causa, r.oficina_codigo) == (eis.id, nueva.id, "perdida", "RNEC-BOG-CENTRO")
    assert detalle.tramite.sin_reponer() == [nueva.id]
    with ctx_id.uow() as uow:
        [evento] = [e for e in uow.auditoria.eventos if e.accion == ACCION_REPONER]  # type: ignore[attr-defined]
    assert evento.objeto == f"documento:{eis.id}" and evento.entidad == "RNEC" and nueva.numero in evento.detalle


def test_reposicion_repetida_cuenta_su_periodo_y_deja_sin_valor_la_anterior(ctx_id: Contexto,
                                                                         reloj: RelojFijo) -> None:
    """§15.6 "por un periodo de vigencia igual al primero" (read as ``nuevo_periodo``): each replacement runs six
    months from its own issue date, and only the newest one is valid."""
    cmd = _cmd(ctx_id)
    tramite, eis = solicitar_documento_identidad(cmd, ctx_id)
    primera = _reponer(ctx_id, tramite.id, cmd.funcionario_id).documento
    reloj.avanzar(days=60)
    segunda = _reponer(ctx_id, tramite.id, cmd.funcionario_id).documento
    assert eis.vigente_hasta == primera.vigente_hasta == date(2026, 9, 17)
    assert segunda.vigente_hasta == date(2026, 11, 16)
    assert estado_contrasena(primera.id, ctx_id).reemplazada  # type: ignore[union-attr]
    assert not estado_contrasena(segunda.id, ctx_id).reemplazada  # type: ignore[union-attr]


def test_reposicion_rechazada_si_el_documento_espera_entrega(ctx_id: Contexto) -> None:
    """§15.6 a: if the document is in the delivery inventory, the holder is sent to collect it; no replacement."""
    cmd = _cmd(ctx_id)
    tramite, eis = solicitar_documento_identidad(cmd, ctx_id)
    cambiar_estado_tramite_identidad(CambiarEstadoTramiteIdentidad(
        tramite.id, "disponible_para_entrega", cmd.funcionario_id, oficina_entrega="RNEC-MED-CENTRO"), ctx_id)
    with pytest.raises(ReposicionRechazada) as error:
        _reponer(ctx_id, tramite.id, cmd.funcionario_id)
    assert _fallidas(error.value) == ["documento_no_disponible_para_entrega"]
    assert "Registraduría Especial de Medellín" in error.value.mensaje and "entrega" in error.value.mensaje
    assert error.value.hallazgos[0].fuente == "Circular Única RNEC §15.6 a"
    assert estado_contrasena(eis.id, ctx_id).vigente  # type: ignore[union-attr]  # nothing was written
    assert len(obtener_tramite_identidad(tramite.id, ctx_id).contrasenas) == 1  # type: ignore[union-attr]


def test_reposicion_rechazada_si_el_tramite_esta_rechazado(ctx_id: Contexto) -> None:
    """§15.6 b: a rejected trámite (definitive or partial) is resolved per §16, not with a new receipt."""
    cmd = _cmd(ctx_id)
    tramite, _ = solicitar_documento_identidad(cmd, ctx_id)
    cambiar_estado_tramite_identidad(CambiarEstadoTramiteIdentidad(
        tramite.id, "rechazado", cmd.funcionario_id, motivo="Rechazo definitivo"), ctx_id)
    with pytest.raises(ReposicionRechazada) as error:
        _reponer(ctx_id, tramite.id, cmd.funcionario_id)
    assert _fallidas(error.value) == ["tramite_no_rechazado"] and "numeral 16" in error.value.mensaje
    assert [h.regla for h in revisar_reposicion(tramite.id, cmd.funcionario_id, ctx_id)
            if h.resultado is Resultado.NO_CUMPLE] == ["tramite_no_rechazado"]


def test_reposicion_exige_registro_de_un_tramite_en_curso(ctx_id: Contexto) -> None:
    """§15.6 c: no record of the trámite (or the document already delivered) → no replacement."""
    cmd = _cmd(ctx_id)
    for desconocido in (None, uuid.uuid4()):
        with pytest.raises(ReposicionRechazada) as error:
            _reponer(ctx_id, desconocido, cmd.funcionario_id)
        assert _fallidas(error.value) == ["registro_del_tramite"] and "Centro de Acopio" in error.value.mensaje
    tramite, _ = solicitar_documento_identidad(cmd, ctx_id)
    for estado in ("disponible_para_entrega", "entregado"):
        cambiar_estado_tramite_identidad(CambiarEstadoTramiteIdentidad(
            tramite.id, estado, cmd.funcionario_id, oficina_entrega="RNEC-CHIA"), ctx_id)
    with pytest.raises(ReposicionRechazada) as error:
        _reponer(ctx_id, tramite.id, cmd.funcionario_id)
    assert _fallidas(error.value) == ["registro_del_tramite"] and "entregado" in error.value.mensaje


def test_vencida_se_repone_con_nuevo_periodo_y_con_misma_fecha_fin_se_rechaza(
    ctx_id: Contexto, reloj: RelojFijo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """§15.6 with §15.5: under the chosen reading an expired receipt is replaced by one valid six months from today;
    under the other reading of the ambiguity (``misma_fecha_fin``) the replacement would be born expired: refused."""
    cmd = _cmd(ctx_id)
    tramite, eis = solicitar_documento_identidad(cmd, ctx_id)
    reloj.avanzar(days=200)  # 2026-10-03, past 2026-09-17
    p = parametros_contrasenas()
    otra = replace(p, reposicion=replace(p.reposicion, vigencia="misma_fecha_fin"))
    with monkeypatch.context() as m:
        m.setattr(modulo_reposicion, "parametros_contrasenas", lambda: otra)
        with pytest.raises(ReposicionRechazada) as error:
            _reponer(ctx_id, tramite.id, cmd.funcionario_id, causa="vencimiento")
    assert _fallidas(error.value) == ["vigencia_de_la_reposicion"]
    assert "17 de septiembre de 2026" in error.value.mensaje
    nueva = _reponer(ctx_id, tramite.id, cmd.funcionario_id, causa="vencimiento").documento
    assert nueva.vigente_hasta == date(2027, 4, 3)
    assert estado_contrasena(eis.id, ctx_id).reemplazada  # type: ignore[union-attr]


def test_reposicion_consular_sigue_sin_vencimiento(ctx_id: Contexto, reloj: RelojFijo) -> None:
    """§15.5 Nota + §15.6: a consular receipt never expires, nor does its replacement."""
    cmd = _cmd(ctx_id, oficina="CONS-MIAMI")
    tramite, _ = solicitar_documento_identidad(cmd, ctx_id)
    reloj.avanzar(days=3 * 365)
    assert _reponer(ctx_id, tramite.id, cmd.funcionario_id, oficina="CONS-MIAMI").documento.vigente_hasta is None


def test_reposicion_datos_invalidos_y_permisos(ctx_id: Contexto) -> None:
    cmd = _cmd(ctx_id)
    tramite, _ = solicitar_documento_identidad(cmd, ctx_id)
    with pytest.raises(DatoInvalido) as error:
        _reponer(ctx_id, tramite.id, cmd.funcionario_id, causa="robo")
    assert error.value.campo == "causa" and "pérdida o vencimiento" in error.value.mensaje
    with pytest.raises(NoEncontrado) as no_existe:
        _reponer(ctx_id, tramite.id, cmd.funcionario_id, oficina="NO-EXISTE")
    assert no_existe.value.campo == "oficina"
    ajeno = funcionario(ctx_id, "alcaldia")
    with pytest.raises(NoAutorizado):
        _reponer(ctx_id, tramite.id, ajeno.id)


def test_evaluar_reposicion_es_dato_y_cita_el_15_6() -> None:
    """Each check of W15 is a catalogue entry citing its letter of §15.6."""
    r = parametros_contrasenas().reposicion
    assert [v.fuente[-1] for v in r.verificaciones] == ["a", "b", "c"]
    en_curso = evaluar_reposicion("en_produccion", None, r)
    assert all(h.resultado is Resultado.CUMPLE and h.bloqueante for h in en_curso)
    assert [h.regla for h in evaluar_reposicion(None, None, r) if h.resultado is Resultado.NO_CUMPLE] == [
        "registro_del_tramite"]
    assert verificaciones_reposicion(None)[2].resultado is Resultado.NO_CUMPLE
    with pytest.raises(ValueError):
        replace(r, vigencia="cuando_sea")
