"""The persona rule of docs/aliados.md, in its pure parts and in the cases the SQL tests do not walk."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date

import pytest

from domain.casos_uso import Contexto
from domain.casos_uso.personas import (
    BLOQUEADO,
    INTENTOS_FALLIDOS_MAXIMOS,
    obtener_persona,
    registrar_persona,
    registrar_persona_con_detalle,
)
from domain.casos_uso.solicitudes import radicar_solicitud
from domain.errores import DatoInvalido, IdentidadNoConfirmada, NoAutorizado
from domain.personas import Persona, cambios_de_no_propietario, identidad_coincide, normalizar_nombre
from domain.reloj import RelojFijo
from tests.builders import persona_cmd, radicar_cmd
from tests.fakes import FakeUnidadDeTrabajo
from tests.integracion import datos

HOY = date(2026, 3, 17)
A, B = uuid.uuid4(), uuid.uuid4()


def _ana(**cambios: object) -> Persona:
    return datos.persona(**{"telefono": None, **cambios})


@pytest.mark.parametrize(("a", "b"), [("Ana María", "ANA MARIA"), ("Pérez  Gómez", " perez gomez "),
                                      ("Peña", "PENA"), ("José\u0301", "Jose")])
def test_normalizar_nombre_ignora_tildes_mayusculas_y_espacios(a: str, b: str) -> None:
    assert normalizar_nombre(a) == normalizar_nombre(b)


def test_normalizar_nombre_no_confunde_nombres_distintos() -> None:
    assert normalizar_nombre("Ana María") != normalizar_nombre("Ana Mario")
    assert normalizar_nombre("Ana María") != normalizar_nombre("AnaMaría")


def test_identidad_coincide_exige_nombres_apellidos_y_la_fecha_exacta() -> None:
    ana = _ana()
    assert identidad_coincide(ana, "ana maria", "PEREZ GOMEZ", date(1990, 5, 4))
    assert not identidad_coincide(ana, "ana maria", "PEREZ GOMEZ", date(1990, 4, 5))
    assert not identidad_coincide(ana, "ana maria", "PEREZ GOMEZ", None)
    assert not identidad_coincide(ana, "ana", "PEREZ GOMEZ", date(1990, 5, 4))
    assert not identidad_coincide(ana, "ana maria", "PEREZ", date(1990, 5, 4))
    assert not identidad_coincide(_ana(fecha_nacimiento=None), "Ana María", "Pérez Gómez", None)


def test_no_propietario_solo_completa_lo_vacio_y_nunca_borra() -> None:
    ana = _ana()  # telefono empty
    aplicables, no_aplicados = cambios_de_no_propietario(ana, {
        "telefono": "311", "correo": "otro@example.org", "direccion": None, "sexo": "F", "nombres": "ANA MARIA",
        "municipio": "Bogotá D.C.", "apellidos": "Otro"})
    assert aplicables == {"telefono": "311"}
    assert no_aplicados == ["correo", "direccion", "apellidos"]  # equal values (names normalised) are not news


def test_crear_persona_deja_registrado_al_creador_y_lo_audita(ctx: Contexto) -> None:
    resultado = registrar_persona_con_detalle(persona_cmd(aliado_id=A), ctx)
    assert resultado.creada and resultado.persona.creada_por == A and resultado.no_aplicados == ()
    uow: FakeUnidadDeTrabajo = ctx.uow  # type: ignore[assignment]
    [evento] = uow.auditoria.eventos
    assert (evento.accion, evento.actor, evento.objeto, evento.entidad) == (
        "persona.registrar", f"aliado:{A}", f"persona:{resultado.persona.id}", None)  # unknown partner: its id
    assert evento.detalle.startswith("CC 1020304050") and evento.cuando == ctx.reloj.ahora()


def test_el_creador_cambia_y_borra_sus_datos_como_siempre(ctx: Contexto) -> None:
    ana, _ = registrar_persona(persona_cmd(aliado_id=A), ctx)
    r = registrar_persona_con_detalle(persona_cmd(aliado_id=A, nombres="Ana M.", telefono=None), ctx)
    assert r.persona.id == ana.id and r.no_aplicados == ()
    assert (r.persona.nombres, r.persona.telefono) == ("Ana M.", None)
    uow: FakeUnidadDeTrabajo = ctx.uow  # type: ignore[assignment]
    assert [e.accion for e in uow.auditoria.eventos] == ["persona.registrar"]  # an update is no new link


def test_quien_ya_la_ve_por_sus_solicitudes_no_necesita_confirmar(ctx: Contexto) -> None:
    """Titular of a solicitud B filed (data loaded before links existed): B may read her, so it re-registers her
    without proof; the link is still new, and audited."""
    ana, _ = registrar_persona(persona_cmd(aliado_id=A, telefono=None), ctx)
    s = radicar_solicitud(radicar_cmd(ana, HOY, aliado_id=A), ctx)
    uow: FakeUnidadDeTrabajo = ctx.uow  # type: ignore[assignment]
    uow.solicitudes.filas[s.id] = dataclasses.replace(s, radicada_por=B)  # type: ignore[arg-type]
    r = registrar_persona_con_detalle(persona_cmd(aliado_id=B, nombres="Otra", fecha_nacimiento=None,
                                                  telefono="311"), ctx)
    assert r.no_aplicados == ("nombres", "fecha_nacimiento")  # sent None: never clears what A registered
    assert r.persona.telefono == "311" and r.persona.nombres == "Ana María"
    [vinculo] = [e for e in uow.auditoria.eventos if e.accion == "persona.vincular"]
    assert "Ya podía consultarla" in vinculo.detalle


def test_el_rechazo_queda_en_la_auditoria_aunque_no_cambie_nada(ctx: Contexto) -> None:
    ana, _ = registrar_persona(persona_cmd(aliado_id=A), ctx)
    with pytest.raises(IdentidadNoConfirmada) as error:
        registrar_persona(persona_cmd(aliado_id=B, fecha_nacimiento=date(2000, 1, 1)), ctx)
    assert isinstance(error.value, DatoInvalido) and error.value.codigo == "IDENTIDAD_NO_CONFIRMADA"
    uow: FakeUnidadDeTrabajo = ctx.uow  # type: ignore[assignment]
    assert [e.accion for e in uow.auditoria.eventos] == ["persona.registrar", "persona.vinculo_rechazado"]
    assert uow.personas.vinculos == {(ana.id, A)} and obtener_persona(ana.id, ctx, B) is None


def test_sin_aliado_todo_se_aplica_y_nada_se_audita(ctx: Contexto) -> None:
    registrar_persona(persona_cmd(aliado_id=A), ctx)
    r = registrar_persona_con_detalle(persona_cmd(nombres="Ana M.", correo=None), ctx)  # the admin, the demo
    assert r.no_aplicados == () and (r.persona.nombres, r.persona.correo, r.persona.creada_por) == ("Ana M.", None, A)
    uow: FakeUnidadDeTrabajo = ctx.uow  # type: ignore[assignment]
    assert [e.accion for e in uow.auditoria.eventos] == ["persona.registrar"]


def test_tras_muchos_intentos_fallidos_el_aliado_queda_bloqueado_un_dia(ctx: Contexto, reloj: RelojFijo) -> None:
    """Knowing the names, a birth date falls in a few thousand guesses: the tenth refusal in 24 hours blocks the
    partner's proofs, before anything is compared (even the right data gets no link)."""
    ana, _ = registrar_persona(persona_cmd(aliado_id=A), ctx)
    for dia in range(INTENTOS_FALLIDOS_MAXIMOS):
        reloj.avanzar(minutes=1)
        with pytest.raises(IdentidadNoConfirmada):
            registrar_persona(persona_cmd(aliado_id=B, fecha_nacimiento=date(1990, 1, 1 + dia)), ctx)
    with pytest.raises(NoAutorizado) as bloqueo:
        registrar_persona(persona_cmd(aliado_id=B), ctx)  # the right data
    assert bloqueo.value.mensaje == BLOQUEADO and obtener_persona(ana.id, ctx, B) is None
    registrar_persona(persona_cmd("79111222", aliado_id=B), ctx)  # creating personas is not affected
    reloj.avanzar(hours=24)  # the first refusals leave the window
    assert registrar_persona(persona_cmd(aliado_id=B), ctx)[0].id == ana.id
    assert obtener_persona(ana.id, ctx, B) is not None
