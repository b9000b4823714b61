"""Issue 7 §1 on the real database (SQLite, and PostgreSQL when configured): a partner that knows only a cédula can
neither overwrite nor read another partner's persona; a portal that holds the citizen's document links to her and
fills only what is empty; who created each persona (migration 0006) and the partner repository."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from domain.auditoria import EventoAuditoria
from domain.casos_uso import Contexto
from domain.casos_uso.personas import (
    NO_CONFIRMADA,
    actualizar_persona_con_detalle,
    crear_aliado,
    obtener_persona,
    registrar_persona,
    registrar_persona_con_detalle,
)
from domain.comandos import RegistrarPersona
from domain.errores import ConflictoConcurrencia, IdentidadNoConfirmada, NoEncontrado
from domain.personas import Persona, SistemaAliado
from persistence.db import crear_motor
from persistence.migrar import migrar
from persistence.tipos import Json
from persistence.unidad_de_trabajo import FabricaUnidadDeTrabajoSQL
from tests.builders import persona_cmd
from tests.integracion import datos
from tests.integracion.conftest import BasesDePrueba

pytestmark = pytest.mark.db

NACIMIENTO = date(1990, 5, 4)  # persona_cmd's


def _aliados(ctx: Contexto) -> tuple[SistemaAliado, SistemaAliado]:
    a, _ = crear_aliado("Portal ciudadano de Bogotá", {"personas", "solicitudes"}, ctx)
    b, _ = crear_aliado("Otro portal", {"personas", "solicitudes"}, ctx)
    return a, b


def _guardada(ctx: Contexto, persona_id: uuid.UUID) -> Persona:
    persona = obtener_persona(persona_id, ctx)
    assert persona is not None
    return persona


def _eventos(fabrica: FabricaUnidadDeTrabajoSQL, accion: str) -> list[tuple[str, str, str | None]]:
    with fabrica() as uow:
        return [(e.actor, e.objeto, e.entidad) for e in uow.auditoria.listar(limite=100) if e.accion == accion]


def test_el_ataque_no_cambia_no_vincula_no_deja_leer(ctx: Contexto, fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    a, b = _aliados(ctx)
    ana, _ = registrar_persona(persona_cmd(aliado_id=a.id), ctx)
    antes = _guardada(ctx, ana.id)
    assert antes.creada_por == a.id
    intentos = [
        # The attack: other names, address and contact nulled.
        RegistrarPersona("CC", "1020304050", "Mallory", "Atacante", direccion=None, correo=None, telefono=None,
                         aliado_id=b.id),
        RegistrarPersona("CC", "1020304050", "Ana María", "Pérez Gómez", aliado_id=b.id),  # no birth date
        RegistrarPersona("CC", "1020304050", "Ana María", "Pérez Gómez", date(1990, 5, 5), aliado_id=b.id),
        RegistrarPersona("CC", "1020304050", "Ana", "Pérez Gómez", NACIMIENTO, aliado_id=b.id),
    ]
    for cmd in intentos:
        with pytest.raises(IdentidadNoConfirmada) as error:
            registrar_persona(cmd, ctx)
        assert error.value.mensaje == NO_CONFIRMADA and error.value.campo is None  # says nothing of what is stored
    assert _guardada(ctx, ana.id) == antes  # not a field, not the version
    assert obtener_persona(ana.id, ctx, b.id) is None
    with pytest.raises(NoEncontrado):
        actualizar_persona_con_detalle(ana.id, {"correo": "robado@example.org"}, ctx, b.id)
    with fabrica() as uow:
        assert uow.personas.varias([ana.id], visibles_para=b.id) == []
    rechazos = _eventos(fabrica, "persona.vinculo_rechazado")
    assert rechazos == [("aliado:Otro portal", f"persona:{ana.id}", None)] * len(intentos)
    assert _eventos(fabrica, "persona.registrar") == [("aliado:Portal ciudadano de Bogotá", f"persona:{ana.id}", None)]


def test_el_portal_legitimo_se_vincula_y_solo_completa_lo_vacio(
    ctx: Contexto, fabrica: FabricaUnidadDeTrabajoSQL
) -> None:
    a, b = _aliados(ctx)
    ana, _ = registrar_persona(persona_cmd(aliado_id=a.id, correo=None, telefono=None), ctx)
    # B holds her document (names written its way, the exact birth date) and sends what its own form collected.
    cmd = RegistrarPersona("CC", "1.020.304.050", "ANA MARIA", "perez  gomez", NACIMIENTO, sexo="F",
                           direccion="Carrera 1 # 2-3", municipio=None, correo="ana@portal.example.org",
                           telefono="3110000000", aliado_id=b.id)
    resultado = registrar_persona_con_detalle(cmd, ctx)
    assert not resultado.creada and resultado.persona.id == ana.id
    assert set(resultado.no_aplicados) == {"direccion", "municipio"}  # A's, kept; names and sexo were equal
    guardada = _guardada(ctx, ana.id)
    assert (guardada.correo, guardada.telefono) == ("ana@portal.example.org", "3110000000")  # were empty
    assert dataclasses.replace(guardada, correo=None, telefono=None, version=0) == dataclasses.replace(ana, version=0)
    assert obtener_persona(ana.id, ctx, b.id) == guardada and obtener_persona(ana.id, ctx, a.id) == guardada
    [vinculo] = _eventos(fabrica, "persona.vincular")
    assert vinculo == ("aliado:Otro portal", f"persona:{ana.id}", None)
    with fabrica() as uow:
        [evento] = [e for e in uow.auditoria.listar() if e.accion == "persona.vincular"]
    assert "confirmada" in evento.detalle and evento.cuando == ctx.reloj.ahora()

    # Linked but not the creator: updates fill nothing that has a value and never clear.
    r = actualizar_persona_con_detalle(ana.id, {"direccion": "Otra", "correo": None, "sexo": "M"}, ctx, b.id)
    assert set(r.no_aplicados) == {"direccion", "correo", "sexo"} and _guardada(ctx, ana.id) == guardada
    # The creator still owns her data.
    r = actualizar_persona_con_detalle(ana.id, {"direccion": "Calle nueva 1", "telefono": None}, ctx, a.id)
    assert r.no_aplicados == () and (r.persona.direccion, r.persona.telefono) == ("Calle nueva 1", None)
    registrar_persona(cmd, ctx)  # again: already linked, no new link to audit
    assert len(_eventos(fabrica, "persona.vincular")) == 1


def test_sin_fecha_de_nacimiento_registrada_no_se_puede_confirmar(ctx: Contexto) -> None:
    a, b = _aliados(ctx)
    ana, _ = registrar_persona(persona_cmd(aliado_id=a.id, fecha_nacimiento=None), ctx)
    with pytest.raises(IdentidadNoConfirmada):
        registrar_persona(persona_cmd(aliado_id=b.id), ctx)  # names right; any date proves nothing
    assert obtener_persona(ana.id, ctx, b.id) is None


def test_una_registrada_por_un_funcionario_no_es_de_ningun_aliado(ctx: Contexto) -> None:
    a, _ = _aliados(ctx)
    ana, _ = registrar_persona(persona_cmd(telefono=None), ctx)  # the admin or the demo: no partner
    assert _guardada(ctx, ana.id).creada_por is None
    r = registrar_persona_con_detalle(persona_cmd(aliado_id=a.id, telefono="3110000000", correo="otro@x.org"), ctx)
    assert r.no_aplicados == ("correo",) and r.persona.telefono == "3110000000"
    assert _guardada(ctx, ana.id).correo == "ana.perez@example.org"


def test_vincular_dice_si_el_vinculo_es_nuevo(fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    aliado, persona = datos.aliado(), datos.persona()
    with fabrica() as uow:
        uow.aliados.agregar(aliado)
        uow.personas.agregar(dataclasses.replace(persona, creada_por=aliado.id))
        assert uow.personas.vincular(persona.id, aliado.id) is True
        assert uow.personas.vincular(persona.id, aliado.id) is False
        uow.commit()
    with fabrica() as uow:
        assert uow.personas.obtener(persona.id) == dataclasses.replace(persona, creada_por=aliado.id)
        assert uow.personas.vincular(persona.id, aliado.id) is False


def test_contar_en_la_auditoria(fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    t0 = datos.INSTANTE
    rechazo = "persona.vinculo_rechazado"
    eventos = [EventoAuditoria.nuevo(t0 + timedelta(hours=h), actor, accion, "persona:x", None)
               for h, actor, accion in [(0, "aliado:A", rechazo), (1, "aliado:A", rechazo),
                                        (2, "aliado:A", "persona.vincular"), (3, "aliado:B", rechazo)]]
    with fabrica() as uow:
        for e in eventos:
            uow.auditoria.registrar(e)
        uow.commit()
    with fabrica() as uow:
        contar = uow.auditoria.contar
        assert contar(actor="aliado:A", accion="persona.vinculo_rechazado", desde=t0) == 2
        assert contar(actor="aliado:A", accion="persona.vinculo_rechazado", desde=t0 + timedelta(hours=1)) == 1
        assert contar(actor="aliado:A", accion="persona.vinculo_rechazado", desde=t0 + timedelta(hours=2)) == 0
        assert contar(actor="aliado:B", accion="persona.vinculo_rechazado", desde=t0) == 1


def test_repositorio_de_aliados(fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    a = datos.aliado()
    b = dataclasses.replace(datos.aliado(), nombre="apostilla", hash_credencial="e" * 64, rotado_en=None)
    with fabrica() as uow:
        uow.aliados.agregar(a)
        uow.aliados.agregar(b)
        uow.commit()
    with fabrica() as uow:
        assert uow.aliados.obtener(a.id) == a and uow.aliados.obtener(uuid.uuid4()) is None
        assert uow.aliados.listar() == [b, a]  # by name, case-insensitive
        leido = uow.aliados.obtener(a.id)
        assert leido is not None
        leido.activo, leido.hash_credencial = True, "9" * 64
        uow.aliados.guardar(leido)
        uow.commit()
    with fabrica() as uow:
        assert uow.aliados.por_hash("9" * 64) == dataclasses.replace(a, activo=True, hash_credencial="9" * 64,
                                                                     version=1)
        assert uow.aliados.por_hash("f" * 64) is None
        with pytest.raises(ConflictoConcurrencia):
            uow.aliados.guardar(a)  # version 0: someone else saved it first


def test_migracion_0006_asigna_el_creador_si_un_solo_aliado_la_registro(bases: BasesDePrueba) -> None:
    url = bases.nueva()
    migrar(url, "0005")
    aliados = sa.table("aliados", sa.column("id", sa.Uuid), sa.column("nombre", sa.String),
                       sa.column("hash_credencial", sa.String), sa.column("alcances", Json()),
                       sa.column("activo", sa.Boolean), sa.column("version", sa.Integer))
    personas = sa.table("personas", *(sa.column(c, sa.String) for c in (
        "tipo_identificacion", "numero_identificacion", "nombres", "apellidos", "nacionalidad")),
        sa.column("id", sa.Uuid), sa.column("version", sa.Integer))
    vinculos = sa.table("aliados_persona", sa.column("persona_id", sa.Uuid), sa.column("aliado_id", sa.Uuid))
    a, b = uuid.uuid4(), uuid.uuid4()
    solo_a, de_ambos, de_nadie = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    motor = crear_motor(url)
    try:
        with motor.begin() as conexion:
            conexion.execute(sa.insert(aliados), [
                {"id": x, "nombre": f"aliado {i}", "hash_credencial": str(i) * 64, "alcances": [], "activo": True,
                 "version": 0} for i, x in enumerate((a, b))])
            conexion.execute(sa.insert(personas), [
                {"id": x, "tipo_identificacion": "CC", "numero_identificacion": str(1000 + i), "nombres": "N",
                 "apellidos": "A", "nacionalidad": "CO", "version": 0}
                for i, x in enumerate((solo_a, de_ambos, de_nadie))])
            conexion.execute(sa.insert(vinculos), [{"persona_id": solo_a, "aliado_id": a},
                                                   {"persona_id": de_ambos, "aliado_id": a},
                                                   {"persona_id": de_ambos, "aliado_id": b}])
        migrar(url)
        fabrica = FabricaUnidadDeTrabajoSQL.desde_motor(motor)
        with fabrica() as uow:
            creadores = {p.id: p.creada_por for p in uow.personas.varias([solo_a, de_ambos, de_nadie])}
            migrados = uow.aliados.listar()
        assert creadores == {solo_a: a, de_ambos: None, de_nadie: None}
        assert [(x.prefijo_credencial, x.creado_en, x.rotado_en, x.revocado_en) for x in migrados] == [
            ("", None, None, None)] * 2
    finally:
        motor.dispose()
