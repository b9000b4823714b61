"""Partner credentials: created, rotated and revoked through the use cases; shown once, stored hashed, audited."""

from __future__ import annotations

import hashlib

import pytest

from domain.alcances import ALCANCES, validar_alcances
from domain.casos_uso import Contexto
from domain.casos_uso.aliados import (
    actividad_plataforma,
    autenticar_aliado,
    crear_aliado,
    listar_aliados,
    revocar_aliado,
    rotar_credencial,
)
from domain.errores import DatoInvalido, NoAutorizado, NoEncontrado, TransicionInvalida
from domain.personas import Rol
from domain.reloj import RelojFijo
from tests.builders import funcionario
from tests.fakes import FakeUnidadDeTrabajo


def _auditoria(ctx: Contexto) -> list[tuple[str, str, str | None]]:
    uow: FakeUnidadDeTrabajo = ctx.uow  # type: ignore[assignment]
    return [(e.actor, e.accion, e.entidad) for e in uow.auditoria.eventos]


def test_crear_guarda_solo_la_huella_y_un_prefijo(ctx: Contexto, reloj: RelojFijo) -> None:
    aliado, credencial = crear_aliado("  Portal   de Chía ", [" Personas", "solicitudes"], ctx)
    assert credencial.startswith("vnt_") and len(credencial) >= 4 + 43  # 256 bits in URL-safe base64
    assert aliado.hash_credencial == hashlib.sha256(credencial.encode()).hexdigest()
    assert aliado.prefijo_credencial == credencial[:8] and credencial not in repr(aliado)
    assert (aliado.nombre, aliado.alcances) == ("Portal de Chía", frozenset({"personas", "solicitudes"}))
    assert aliado.creado_en == reloj.ahora() and aliado.rotado_en is None and aliado.estado == "activo"
    assert autenticar_aliado(credencial, ctx) == aliado
    [(actor, accion, entidad)] = _auditoria(ctx)
    assert (actor, accion, entidad) == ("sistema:consola", "aliado.crear", None)
    assert credencial not in (ctx.uow().auditoria.eventos[0].detalle)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("nombre", "alcances", "mensaje"), [
    ("", ["personas"], "obligatorio"),
    ("Portal", [], "al menos un alcance"),
    ("Portal", ["personas", "radicar"], "Alcance desconocido: radicar"),
    ("x" * 201, ["personas"], "máximo 200"),
])
def test_crear_valida_nombre_y_alcances(ctx: Contexto, nombre: str, alcances: list[str], mensaje: str) -> None:
    with pytest.raises(DatoInvalido, match=mensaje):
        crear_aliado(nombre, alcances, ctx)
    assert listar_aliados(ctx) == [] and _auditoria(ctx) == []


def test_nombre_repetido_no(ctx: Contexto) -> None:
    crear_aliado("Portal de Chía", ["personas"], ctx)
    with pytest.raises(DatoInvalido, match="Ya existe"):
        crear_aliado("PORTAL DE CHIA", ["personas"], ctx)


def test_rotar_invalida_la_anterior_de_inmediato(ctx: Contexto, reloj: RelojFijo) -> None:
    aliado, vieja = crear_aliado("Portal", ["personas"], ctx)
    reloj.avanzar(days=1)
    rotado, nueva = rotar_credencial("portal", ctx)  # by name, any case
    assert rotado.id == aliado.id and nueva != vieja and rotado.rotado_en == reloj.ahora()
    assert autenticar_aliado(vieja, ctx) is None and autenticar_aliado(nueva, ctx) == rotado
    assert rotar_credencial(str(aliado.id), ctx)[1] != nueva  # by id
    assert [a for _, a, _ in _auditoria(ctx)] == ["aliado.crear", "aliado.rotar", "aliado.rotar"]


def test_revocar_es_definitivo(ctx: Contexto, reloj: RelojFijo) -> None:
    aliado, credencial = crear_aliado("Portal", ["personas"], ctx)
    revocado = revocar_aliado(aliado.id, ctx)
    assert not revocado.activo and revocado.revocado_en == reloj.ahora() and revocado.estado == "revocado"
    assert autenticar_aliado(credencial, ctx) is None
    with pytest.raises(TransicionInvalida, match="ya estaba revocado"):
        revocar_aliado(aliado.id, ctx)
    with pytest.raises(TransicionInvalida, match="cree uno nuevo"):
        rotar_credencial(aliado.id, ctx)
    assert listar_aliados(ctx) == [revocado]  # still listed, as revoked


def test_referencias_desconocidas_o_ambiguas(ctx: Contexto) -> None:
    with pytest.raises(NoEncontrado, match="No existe un sistema aliado «Nadie»"):
        rotar_credencial("Nadie", ctx)
    # Names from before 0006 may repeat (nothing checked them): then only the id will do.
    uow: FakeUnidadDeTrabajo = ctx.uow  # type: ignore[assignment]
    uno, _ = crear_aliado("Portal", ["personas"], ctx)
    otro, _ = crear_aliado("Otro", ["personas"], ctx)
    otro.nombre = "portal"
    uow.aliados.filas[otro.id] = otro
    with pytest.raises(DatoInvalido, match="indique su id"):
        revocar_aliado("Portal", ctx)
    assert revocar_aliado(str(uno.id), ctx).id == uno.id


def test_desde_el_admin_solo_un_coordinador(ctx: Contexto, reloj: RelojFijo) -> None:
    revisora = funcionario(ctx)
    coordinador = funcionario(ctx, "coordinadora", Rol.COORDINADOR, "RNEC")  # any entidad: partners are platform-wide
    for accion in (lambda f: crear_aliado("Portal", ["personas"], ctx, funcionario_id=f),
                   lambda f: listar_aliados(ctx, f), lambda f: actividad_plataforma(ctx, f)):
        with pytest.raises(NoAutorizado, match="Solo un coordinador"):
            accion(revisora.id)
    aliado, _ = crear_aliado("Portal", ["personas"], ctx, funcionario_id=coordinador.id)
    reloj.avanzar(minutes=1)
    rotado, _ = rotar_credencial(aliado.id, ctx, funcionario_id=coordinador.id)
    reloj.avanzar(minutes=1)
    revocar_aliado(aliado.id, ctx, funcionario_id=coordinador.id)
    actividad = actividad_plataforma(ctx, coordinador.id)
    assert [(e.actor, e.accion) for e in actividad] == [
        ("funcionario:coordinadora", "aliado.revocar"), ("funcionario:coordinadora", "aliado.rotar"),
        ("funcionario:coordinadora", "aliado.crear")]
    assert f"{rotado.prefijo_credencial}… revocada" in actividad[0].detalle
    assert f"{aliado.prefijo_credencial}… reemplazada por {rotado.prefijo_credencial}…" in actividad[1].detalle


def test_los_alcances_son_una_lista_cerrada() -> None:
    assert set(ALCANCES) == {"personas", "solicitudes", "revocacion", "apostilla", "identidad", "registros"}
    assert validar_alcances(["APOSTILLA ", "apostilla"]) == frozenset({"apostilla"})
