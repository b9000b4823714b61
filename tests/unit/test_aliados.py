"""Partner isolation in the use cases: a partner system sees and acts only on what it filed or registered."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date

import pytest

from domain.casos_uso import Contexto
from domain.casos_uso.certificados import descargar_certificado
from domain.casos_uso.consultas import detalle_solicitud, listar_solicitudes, obtener_documentos, obtener_personas
from domain.casos_uso.decisiones import aprobar, asignar, rechazar
from domain.casos_uso.personas import actualizar_persona, obtener_persona, registrar_persona
from domain.casos_uso.solicitudes import obtener_solicitud, radicar_solicitud, subsanar_solicitud
from domain.comandos import OMITIDO, Asignar, Decidir, Rechazar, RegistrarPersona, SoporteEntrada, SubsanarSolicitud
from domain.errores import NoEncontrado
from domain.reloj import RelojFijo
from domain.solicitudes import EstadoSolicitud, Solicitud
from tests.builders import PDF_MINIMO, funcionario, persona_cmd, radicar_cmd, verificar_todo
from tests.fakes import FakeUnidadDeTrabajo, ahora_bogota

HOY = date(2026, 3, 17)
A, B = uuid.uuid4(), uuid.uuid4()  # two partner systems


def _de_a(ctx: Contexto, numero: str = "1020304050") -> Solicitud:
    """A persona registered by A and a solicitud filed by A for her."""
    titular, _ = registrar_persona(persona_cmd(numero, aliado_id=A), ctx)
    return radicar_solicitud(radicar_cmd(titular, HOY, aliado_id=A), ctx)


def _error(funcion: object, *args: object) -> str:
    with pytest.raises(NoEncontrado) as e:
        funcion(*args)  # type: ignore[operator]
    return e.value.mensaje


# -- solicitudes ------------------------------------------------------------------------------------------------
def test_radicar_guarda_quien_la_radico(ctx: Contexto) -> None:
    s = _de_a(ctx)
    assert s.radicada_por == A
    assert ctx.uow().solicitudes.obtener(s.id).radicada_por == A  # type: ignore[union-attr]
    interna = radicar_solicitud(radicar_cmd(registrar_persona(persona_cmd("79111222"), ctx)[0], HOY), ctx)
    assert interna.radicada_por is None  # filed otherwise (admin, demo): no partner


def test_visible_para() -> None:
    s = Solicitud(uuid.uuid4(), "R", "T", HOY, "E", uuid.uuid4(), uuid.uuid4(), False, "general", "descarga",
                  ahora_bogota(2026, 3, 17), HOY, radicada_por=A)
    assert s.visible_para(A) and s.visible_para(None) and not s.visible_para(B)
    s.radicada_por = None
    assert s.visible_para(None) and not s.visible_para(A)  # nobody's: only internal callers see it


def test_leer_la_de_otro_aliado_es_como_si_no_existiera(ctx: Contexto) -> None:
    s = _de_a(ctx)
    assert obtener_solicitud(s.id, ctx, A) == s and obtener_solicitud(s.id, ctx) == s
    assert obtener_solicitud(s.id, ctx, B) is None
    assert detalle_solicitud(s.id, ctx, B) is None
    detalle = detalle_solicitud(s.id, ctx, A)
    assert detalle is not None and detalle.solicitud == s
    assert detalle_solicitud(s.id, ctx) is not None  # the admin sees everything


def test_listar_por_aliado(ctx: Contexto, reloj: RelojFijo) -> None:
    s1 = _de_a(ctx)
    reloj.avanzar(minutes=1)
    titular_b, _ = registrar_persona(persona_cmd("79111222", aliado_id=B), ctx)
    s2 = radicar_solicitud(radicar_cmd(titular_b, HOY, aliado_id=B), ctx)
    reloj.avanzar(minutes=1)
    s3 = _de_a(ctx, "52333444")
    assert [s.id for s in listar_solicitudes(ctx, radicada_por=A).solicitudes] == [s1.id, s3.id]
    pagina_b = listar_solicitudes(ctx, radicada_por=B)
    assert [s.id for s in pagina_b.solicitudes] == [s2.id] and set(pagina_b.personas) == {titular_b.id}
    assert listar_solicitudes(ctx, radicada_por=uuid.uuid4()).solicitudes == []
    assert len(listar_solicitudes(ctx).solicitudes) == 3  # internal callers: no filter
    primera = listar_solicitudes(ctx, radicada_por=A, limite=1)
    assert primera.siguiente is not None
    segunda = listar_solicitudes(ctx, radicada_por=A, limite=1, despues_de=primera.siguiente)
    assert [s.id for s in segunda.solicitudes] == [s3.id] and segunda.siguiente is None


def _rechazada(ctx: Contexto) -> Solicitud:
    s = _de_a(ctx)
    revisora = funcionario(ctx)
    asignar(Asignar(s.id, revisora.id), ctx)
    return rechazar(Rechazar(s.id, revisora.id, ["El recibo no muestra la dirección."]), ctx)


def test_subsanar_la_de_otro_aliado_es_no_encontrado_y_no_la_toca(ctx: Contexto, reloj: RelojFijo) -> None:
    s = _rechazada(ctx)
    inexistente = _error(subsanar_solicitud, SubsanarSolicitud(uuid.uuid4(), [], aliado_id=B), ctx)
    assert _error(subsanar_solicitud, SubsanarSolicitud(s.id, [], aliado_id=B), ctx) == inexistente
    # Even past the deadline, a stranger can neither learn it nor trigger the desistimiento.
    reloj.avanzar(days=31)
    assert _error(subsanar_solicitud, SubsanarSolicitud(s.id, [], aliado_id=B), ctx) == inexistente
    guardada = obtener_solicitud(s.id, ctx)
    assert guardada is not None and guardada.estado is EstadoSolicitud.REQUIERE_SUBSANACION
    assert guardada.version == s.version


def test_subsanar_la_propia(ctx: Contexto) -> None:
    s = _rechazada(ctx)
    subsanada = subsanar_solicitud(SubsanarSolicitud(s.id, [], aliado_id=A), ctx)
    assert subsanada.estado is EstadoSolicitud.EN_ESTUDIO and subsanada.radicada_por == A


def test_descargar_el_certificado_de_otro_aliado_es_no_encontrado(ctx: Contexto) -> None:
    s = _de_a(ctx)
    revisora = funcionario(ctx)
    asignar(Asignar(s.id, revisora.id), ctx)
    verificar_todo(ctx, s.id, revisora.id)
    documento_id = aprobar(Decidir(s.id, revisora.id), ctx).documento_id
    assert descargar_certificado(s.id, ctx, A).contenido.startswith(b"%PDF")
    assert descargar_certificado(s.id, ctx).contenido.startswith(b"%PDF")  # the admin
    inexistente = _error(descargar_certificado, uuid.uuid4(), ctx, B)
    assert _error(descargar_certificado, s.id, ctx, B) == inexistente
    assert documento_id is not None
    assert set(obtener_documentos([documento_id], ctx, A)) == {documento_id}
    assert obtener_documentos([documento_id], ctx, B) == {}
    assert set(obtener_documentos([documento_id], ctx)) == {documento_id}


# -- personas ---------------------------------------------------------------------------------------------------
def test_persona_visible_para_quien_la_registro(ctx: Contexto) -> None:
    p, _ = registrar_persona(persona_cmd(aliado_id=A), ctx)
    assert obtener_persona(p.id, ctx, A) == p and obtener_persona(p.id, ctx) == p
    assert obtener_persona(p.id, ctx, B) is None
    assert obtener_personas([p.id, uuid.uuid4()], ctx, B) == {}
    assert obtener_persona(uuid.uuid4(), ctx, A) is None


def test_registrar_otra_vez_por_otro_aliado_confirma_y_lo_vincula_sin_cambiar_lo_de_a(ctx: Contexto) -> None:
    """The citizen portal re-registers people other channels registered first: that must keep working, with the
    identity confirmed (names and birth date) and without touching what A registered (tests/unit/test_personas_aliados
    has the whole rule)."""
    p, creada = registrar_persona(persona_cmd(aliado_id=A), ctx)
    otra_vez, creada_b = registrar_persona(persona_cmd(telefono="3110000000", aliado_id=B), ctx)
    assert creada and not creada_b and otra_vez.id == p.id and otra_vez.telefono == "3001234567"
    assert obtener_persona(p.id, ctx, A) is not None and obtener_persona(p.id, ctx, B) is not None
    registrar_persona(persona_cmd(aliado_id=B), ctx)  # idempotent link
    uow: FakeUnidadDeTrabajo = ctx.uow  # type: ignore[assignment]
    assert uow.personas.vinculos == {(p.id, A), (p.id, B)}


def test_persona_visible_por_figurar_en_una_solicitud_del_aliado(ctx: Contexto) -> None:
    """Registered by another channel (no partner), but titular and solicitante of a solicitud that A filed."""
    titular, _ = registrar_persona(persona_cmd(correo=None), ctx)
    responsable, _ = registrar_persona(persona_cmd("79111222", nombres="Luis"), ctx)
    assert obtener_persona(titular.id, ctx, A) is None
    cmd = radicar_cmd(titular, HOY, persona_privada_libertad=True, solicitante_id=responsable.id)
    cmd.soportes.append(SoporteEntrada("documento_responsable", "cedula_responsable.pdf", PDF_MINIMO))
    s = radicar_solicitud(cmd, ctx)  # filed internally: gives no partner anything
    assert obtener_personas([titular.id, responsable.id], ctx, A) == {}
    # The same solicitud as if A had filed it (e.g. data loaded before partners registered people): through the use
    # cases A could not have, since it may only name personas it already reads.
    uow: FakeUnidadDeTrabajo = ctx.uow  # type: ignore[assignment]
    uow.solicitudes.filas[s.id] = dataclasses.replace(s, radicada_por=A)
    assert set(obtener_personas([titular.id, responsable.id], ctx, A)) == {titular.id, responsable.id}
    assert obtener_personas([titular.id, responsable.id], ctx, B) == {}


def test_actualizar_la_persona_de_otro_aliado_es_no_encontrado(ctx: Contexto) -> None:
    p, _ = registrar_persona(persona_cmd(aliado_id=A), ctx)
    inexistente = _error(actualizar_persona, uuid.uuid4(), {"correo": "x@example.org"}, ctx, B)
    assert _error(actualizar_persona, p.id, {"correo": "x@example.org"}, ctx, B) == inexistente
    assert obtener_persona(p.id, ctx).correo == "ana.perez@example.org"  # type: ignore[union-attr]
    assert actualizar_persona(p.id, {"correo": "a@example.org"}, ctx, A).correo == "a@example.org"


def test_radicar_con_una_persona_que_el_aliado_no_puede_ver_es_no_encontrado(ctx: Contexto) -> None:
    p, _ = registrar_persona(persona_cmd(aliado_id=A), ctx)
    inexistente = _error(radicar_solicitud, radicar_cmd(dataclasses.replace(p, id=uuid.uuid4()), HOY, aliado_id=B),
                         ctx)
    assert _error(radicar_solicitud, radicar_cmd(p, HOY, aliado_id=B), ctx) == inexistente
    titular_b, _ = registrar_persona(persona_cmd("52333444", aliado_id=B), ctx)
    cmd = radicar_cmd(titular_b, HOY, aliado_id=B, persona_privada_libertad=True, solicitante_id=p.id)
    cmd.soportes.append(SoporteEntrada("documento_responsable", "cedula_responsable.pdf", PDF_MINIMO))
    with pytest.raises(NoEncontrado) as e:
        radicar_solicitud(cmd, ctx)
    assert e.value.campo == "partes.solicitante"
    uow: FakeUnidadDeTrabajo = ctx.uow  # type: ignore[assignment]
    assert uow.solicitudes.filas == {} and uow.bandeja_salida.notificaciones == []


# -- registrar_persona: on update, only what was sent changes -----------------------------------------------------
def test_registrar_persona_existente_no_borra_lo_omitido(ctx: Contexto) -> None:
    p, _ = registrar_persona(persona_cmd(nacionalidad="VE"), ctx)
    solo_nombres = RegistrarPersona("CC", "1020304050", "Ana M.", "Pérez G.")
    assert solo_nombres.correo is OMITIDO and solo_nombres.nacionalidad is OMITIDO
    actualizada, creada = registrar_persona(solo_nombres, ctx)
    assert not creada and (actualizada.nombres, actualizada.apellidos) == ("Ana M.", "Pérez G.")
    guardada = obtener_persona(p.id, ctx)
    assert guardada is not None
    assert (guardada.fecha_nacimiento, guardada.sexo, guardada.nacionalidad, guardada.direccion, guardada.municipio,
            guardada.correo, guardada.telefono) == (p.fecha_nacimiento, p.sexo, "VE", p.direccion, p.municipio,
                                                    p.correo, p.telefono)
    # None, sent explicitly, does clear an optional field.
    borrado, _ = registrar_persona(RegistrarPersona("CC", "1020304050", "Ana M.", "Pérez G.", telefono=None), ctx)
    assert borrado.telefono is None and borrado.correo == p.correo


def test_registrar_persona_nueva_con_lo_omitido_toma_los_valores_por_omision(ctx: Contexto) -> None:
    p, creada = registrar_persona(RegistrarPersona("CC", "1020304050", "Ana", "Pérez", correo="a@example.org"), ctx)
    assert creada and p.nacionalidad == "CO" and p.correo == "a@example.org"
    assert (p.fecha_nacimiento, p.sexo, p.direccion, p.municipio, p.telefono) == (None, None, None, None, None)
