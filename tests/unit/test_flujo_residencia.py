"""The certificado de residencia, use case by use case, on fakes (seed 000)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.casos_uso import Contexto
from domain.casos_uso.certificados import descargar_certificado, verificar_en_linea
from domain.casos_uso.decisiones import aprobar, asignar, entregar, rechazar
from domain.casos_uso.solicitudes import declarar_desistimientos, radicar_solicitud, subsanar_solicitud
from domain.comandos import Asignar, Decidir, Rechazar, SoporteEntrada, SubsanarSolicitud
from domain.errores import (
    ArchivoInvalido,
    DatoInvalido,
    NoAutorizado,
    PlazoVencido,
    RequisitoIncumplido,
    TramiteDesconocido,
    TransicionInvalida,
)
from domain.personas import Rol
from domain.reglas import Resultado
from domain.reloj import RelojFijo
from domain.solicitudes import EstadoSolicitud
from tests.builders import PDF_MINIMO, funcionario, nueva_persona, radicar_cmd, verificar_todo

HOY = date(2026, 3, 17)


def test_radicar_fija_radicado_plazo_de_un_dia_habil_y_hallazgos(ctx: Contexto) -> None:
    """Seed 000 paso 6: decision within 1 día hábil."""
    titular = nueva_persona(ctx)
    s = radicar_solicitud(radicar_cmd(titular, HOY), ctx)
    assert s.radicado == "RES-2026-000001"
    assert s.estado is EstadoSolicitud.RADICADA
    assert s.fecha_limite_decision == date(2026, 3, 18)
    reglas = {(h.requisito, h.regla): h.resultado for h in s.hallazgos}
    assert reglas[("recibo_servicio_publico", "antiguedad_maxima")] is Resultado.CUMPLE
    assert reglas[("recibo_servicio_publico", "visible_en_soporte")] is Resultado.REVISAR
    assert ctx.uow.bandeja_salida.notificaciones[-1].destinatario == "ana.perez@example.org"  # type: ignore[attr-defined]


def test_plazo_cuenta_festivos(ctx: Contexto, reloj: RelojFijo) -> None:
    """Filed on Friday 2026-03-20: Monday 23 is San José (observado), so the día hábil is Tuesday 24."""
    reloj.instante = reloj.instante.replace(day=20)
    s = radicar_solicitud(radicar_cmd(nueva_persona(ctx), date(2026, 3, 20)), ctx)
    assert s.fecha_limite_decision == date(2026, 3, 24)


def test_recibo_de_mas_de_60_dias_se_rechaza_sin_guardar_nada(ctx: Contexto) -> None:
    """Seed 000 paso 1: recibo no mayor a 60 días."""
    titular = nueva_persona(ctx)
    cmd = radicar_cmd(titular, HOY)
    viejo = HOY - timedelta(days=61)
    cmd.soportes[1] = SoporteEntrada("recibo_servicio_publico", "recibo.pdf", PDF_MINIMO, viejo, "gas")
    with pytest.raises(RequisitoIncumplido) as error:
        radicar_solicitud(cmd, ctx)
    # The citation sits inside the sentence, before its period: no «días. (Guía…)».
    assert str(error.value) == (
        "El documento es del 15 de enero de 2026: no puede tener más de 60 días (cumplió ese plazo el 16 de marzo "
        "de 2026) (Guía «Pasos para gestionar exitosamente un Certificado de Residencia», Secretaría Distrital de "
        "Gobierno, paso 1: recibo de servicio público (energía, gas o acueducto) no mayor a 60 días).")
    assert ctx.uow.solicitudes.filas == {}  # type: ignore[attr-defined]
    assert ctx.almacen.blobs == {}  # type: ignore[attr-defined]


def test_archivo_que_no_es_pdf_aunque_se_llame_pdf(ctx: Contexto) -> None:
    cmd = radicar_cmd(nueva_persona(ctx), HOY)
    cmd.soportes[0] = SoporteEntrada("documento_identidad", "cedula.pdf", b"MZ\x90\x00 un ejecutable")
    with pytest.raises(ArchivoInvalido, match="no es un PDF, JPG o PNG válido"):
        radicar_solicitud(cmd, ctx)


def test_tramite_desconocido(ctx: Contexto) -> None:
    with pytest.raises(TramiteDesconocido):
        radicar_solicitud(radicar_cmd(nueva_persona(ctx), HOY, tramite="NO-EXISTE"), ctx)


def test_falta_soporte_obligatorio(ctx: Contexto) -> None:
    cmd = radicar_cmd(nueva_persona(ctx), HOY)
    del cmd.soportes[1]
    with pytest.raises(RequisitoIncumplido, match="Recibo de servicio público"):
        radicar_solicitud(cmd, ctx)


def test_servicio_no_admitido_dice_que_codigos_enviar(ctx: Contexto) -> None:
    cmd = radicar_cmd(nueva_persona(ctx), HOY)
    cmd.soportes[1] = SoporteEntrada("recibo_servicio_publico", "recibo.pdf", PDF_MINIMO, HOY, "telefonia")
    with pytest.raises(RequisitoIncumplido) as error:
        radicar_solicitud(cmd, ctx)
    assert str(error.value).startswith(
        "La clase «telefonia» no se admite para Recibo de servicio público; use «energia», «gas» o «acueducto» (Guía")


def test_persona_privada_de_la_libertad_exige_responsable(ctx: Contexto) -> None:
    """Seed 000: quien solicita es el responsable de la Persona Privada de la Libertad."""
    titular = nueva_persona(ctx, correo=None)
    with pytest.raises(DatoInvalido, match="responsable"):
        radicar_solicitud(radicar_cmd(titular, HOY, persona_privada_libertad=True), ctx)
    responsable = nueva_persona(ctx, "79111222", nombres="Luis")
    cmd = radicar_cmd(titular, HOY, persona_privada_libertad=True, solicitante_id=responsable.id)
    cmd.soportes.append(SoporteEntrada("documento_responsable", "cedula_responsable.pdf", PDF_MINIMO))
    s = radicar_solicitud(cmd, ctx)
    assert s.solicitante_id == responsable.id and s.titular_id == titular.id


def _en_estudio(ctx: Contexto) -> tuple:  # type: ignore[type-arg]
    s = radicar_solicitud(radicar_cmd(nueva_persona(ctx), HOY), ctx)
    revisora = funcionario(ctx)
    asignar(Asignar(s.id, revisora.id), ctx)
    return s, revisora


def test_aprobar_emite_certificado_y_se_descarga(ctx: Contexto) -> None:
    s, revisora = _en_estudio(ctx)
    verificar_todo(ctx, s.id, revisora.id)
    s = aprobar(Decidir(s.id, revisora.id), ctx)
    assert s.estado is EstadoSolicitud.FINALIZADA and s.documento_id is not None
    descarga = descargar_certificado(s.id, ctx)
    assert descarga.contenido.startswith(b"%PDF") and descarga.nombre == "res-2026-000001-c.pdf"
    resultado = verificar_en_linea(f"QR:{s.documento_id}", ctx)
    assert resultado.estado == "vigente"


def test_aprobar_dos_veces_o_sin_asignar(ctx: Contexto) -> None:
    s = radicar_solicitud(radicar_cmd(nueva_persona(ctx), HOY), ctx)
    revisora = funcionario(ctx)
    with pytest.raises(TransicionInvalida, match="no está asignada"):
        aprobar(Decidir(s.id, revisora.id), ctx)
    asignar(Asignar(s.id, revisora.id), ctx)
    otra = funcionario(ctx, "otra")
    with pytest.raises(NoAutorizado, match="asignada a otro"):
        aprobar(Decidir(s.id, otra.id), ctx)
    verificar_todo(ctx, s.id, revisora.id)
    aprobar(Decidir(s.id, revisora.id), ctx)
    with pytest.raises(TransicionInvalida, match="ya fue aprobada"):
        aprobar(Decidir(s.id, revisora.id), ctx)


def test_solo_un_coordinador_reasigna(ctx: Contexto) -> None:
    s, _revisora = _en_estudio(ctx)
    otra = funcionario(ctx, "otra")
    with pytest.raises(NoAutorizado, match="solo un coordinador"):
        asignar(Asignar(s.id, otra.id), ctx)
    jefe = funcionario(ctx, "jefe", Rol.COORDINADOR)
    assert asignar(Asignar(s.id, jefe.id, asignar_a=otra.id), ctx).asignado_a == otra.id


def test_funcionario_de_otra_entidad_no_puede_asignarse(ctx: Contexto) -> None:
    s = radicar_solicitud(radicar_cmd(nueva_persona(ctx), HOY), ctx)
    ajeno = funcionario(ctx, "ajeno", entidad="OTRA")
    with pytest.raises(NoAutorizado):
        asignar(Asignar(s.id, ajeno.id), ctx)


def test_cancilleria_queda_lista_para_recoger_y_no_se_descarga(ctx: Contexto) -> None:
    """Seed 000, tenga en cuenta: firma a mano alzada, se recoge en la alcaldía local."""
    s = radicar_solicitud(radicar_cmd(nueva_persona(ctx), HOY, destino="cancilleria"), ctx)
    revisora = funcionario(ctx)
    asignar(Asignar(s.id, revisora.id), ctx)
    verificar_todo(ctx, s.id, revisora.id)
    s = aprobar(Decidir(s.id, revisora.id), ctx)
    assert s.lista_para_recoger and s.documento_id is None
    with pytest.raises(TransicionInvalida, match="recoge en la alcaldía"):
        descargar_certificado(s.id, ctx)
    assert entregar(Decidir(s.id, revisora.id), ctx).estado is EstadoSolicitud.FINALIZADA


def test_rechazo_notifica_y_subsanar_dentro_de_30_dias(ctx: Contexto, reloj: RelojFijo) -> None:
    """Seed 000 paso 8: 30 días para subsanar."""
    s, revisora = _en_estudio(ctx)
    s = rechazar(Rechazar(s.id, revisora.id, ["El recibo no muestra la dirección."]), ctx)
    assert s.estado is EstadoSolicitud.REQUIERE_SUBSANACION
    assert s.fecha_limite_subsanacion == HOY + timedelta(days=30)
    aviso = ctx.uow.bandeja_salida.notificaciones[-1]  # type: ignore[attr-defined]
    assert "no muestra la dirección" in aviso.cuerpo
    reloj.avanzar(days=30)
    nuevo = SoporteEntrada("recibo_servicio_publico", "recibo_nuevo.pdf", PDF_MINIMO, HOY + timedelta(days=25), "gas")
    s = subsanar_solicitud(SubsanarSolicitud(s.id, [nuevo]), ctx)
    assert s.estado is EstadoSolicitud.EN_ESTUDIO
    assert [x.archivo.nombre for x in s.soportes if x.requisito == "recibo_servicio_publico"] == ["recibo_nuevo.pdf"]


def test_subsanar_despues_del_plazo_deja_la_solicitud_desistida(ctx: Contexto, reloj: RelojFijo) -> None:
    s, revisora = _en_estudio(ctx)
    rechazar(Rechazar(s.id, revisora.id, ["Falta la fecha de pago."]), ctx)
    reloj.avanzar(days=31)
    with pytest.raises(PlazoVencido, match="desistida"):
        subsanar_solicitud(SubsanarSolicitud(s.id, []), ctx)
    assert ctx.uow.solicitudes.obtener(s.id).estado is EstadoSolicitud.DESISTIDA  # type: ignore[attr-defined]


def test_declarar_desistimientos(ctx: Contexto, reloj: RelojFijo) -> None:
    s, revisora = _en_estudio(ctx)
    rechazar(Rechazar(s.id, revisora.id, ["x"]), ctx)
    reloj.avanzar(days=30)
    assert declarar_desistimientos(ctx) == []
    reloj.avanzar(days=1)
    assert [x.id for x in declarar_desistimientos(ctx)] == [s.id]


def test_rechazo_sin_motivos(ctx: Contexto) -> None:
    s, revisora = _en_estudio(ctx)
    with pytest.raises(DatoInvalido, match="motivo"):
        rechazar(Rechazar(s.id, revisora.id, ["  "]), ctx)


def test_motivo_de_rechazo_sin_caracteres_de_control_y_acotado(ctx: Contexto) -> None:
    s, revisora = _en_estudio(ctx)
    with pytest.raises(DatoInvalido, match="caracteres de control"):
        rechazar(Rechazar(s.id, revisora.id, ["Recibo\x00 ilegible"]), ctx)
    with pytest.raises(DatoInvalido, match="máximo 500"):
        rechazar(Rechazar(s.id, revisora.id, ["x" * 501]), ctx)
    rechazado = rechazar(Rechazar(s.id, revisora.id, ["Recibo ilegible:\n\tla fecha no se lee "]), ctx)
    assert rechazado.motivos_rechazo == ["Recibo ilegible:\n\tla fecha no se lee"]
