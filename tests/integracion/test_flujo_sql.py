"""The certificado de residencia flow of tests/unit/test_flujo_residencia.py, on the real database and file store."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from domain.casos_uso import Contexto
from domain.casos_uso.certificados import descargar_certificado, verificar_en_linea
from domain.casos_uso.consultas import detalle_solicitud, listar_solicitudes, resumen_por_estado
from domain.casos_uso.decisiones import aprobar, asignar, entregar, rechazar
from domain.casos_uso.personas import actualizar_persona, autenticar_aliado, crear_aliado, registrar_persona
from domain.casos_uso.solicitudes import declarar_desistimientos, radicar_solicitud, subsanar_solicitud
from domain.comandos import Asignar, Decidir, Rechazar, SoporteEntrada, SubsanarSolicitud
from domain.errores import PlazoVencido, RequisitoIncumplido, TransicionInvalida
from domain.personas import Funcionario
from domain.reloj import RelojFijo
from domain.solicitudes import EstadoSolicitud, Solicitud
from persistence.almacen import AlmacenLocal
from persistence.tablas import bandeja_salida, documentos, eventos_solicitud, solicitudes
from tests.builders import PDF_MINIMO, funcionario, nueva_persona, persona_cmd, radicar_cmd, verificar_todo
from tests.integracion.conftest import HOY

pytestmark = pytest.mark.db


def _en_estudio(ctx: Contexto) -> tuple[Solicitud, Funcionario]:
    s = radicar_solicitud(radicar_cmd(nueva_persona(ctx), HOY), ctx)
    revisora = funcionario(ctx)
    asignar(Asignar(s.id, revisora.id), ctx)
    return s, revisora


def test_radicar_asignar_aprobar_descargar_y_verificar(ctx: Contexto, almacen: AlmacenLocal, motor: Engine) -> None:
    titular = nueva_persona(ctx)
    s = radicar_solicitud(radicar_cmd(titular, HOY), ctx)
    assert s.radicado == "RES-2026-000001"
    with ctx.uow() as uow:
        assert uow.solicitudes.obtener(s.id) == s  # the whole aggregate, as the use case built it
    assert all(almacen.existe(x.archivo.sha256) for x in s.soportes)

    revisora = funcionario(ctx)
    asignada = asignar(Asignar(s.id, revisora.id), ctx)
    assert asignada.estado is EstadoSolicitud.EN_ESTUDIO and asignada.version == 1
    verificar_todo(ctx, s.id, revisora.id)
    s = aprobar(Decidir(s.id, revisora.id), ctx)
    assert s.estado is EstadoSolicitud.FINALIZADA and s.documento_id is not None
    assert s.version == 2 + len(s.verificaciones)  # one version per verified item, then the approval

    descarga = descargar_certificado(s.id, ctx)
    assert descarga.contenido.startswith(b"%PDF") and descarga.nombre == "res-2026-000001-c.pdf"
    assert verificar_en_linea(f"QR:{s.documento_id}", ctx).estado == "vigente"

    detalle = detalle_solicitud(s.id, ctx)
    assert detalle is not None and detalle.titular == titular and detalle.asignado == revisora
    assert detalle.documento is not None and detalle.documento.solicitud_id == s.id
    verificados = ["hallazgo_verificado"] * len(s.verificaciones)
    assert [e.tipo for e in detalle.solicitud.eventos] == ["radicada", "asignada", *verificados, "aprobada",
                                                           "certificado_emitido"]
    assert detalle.solicitud.verificaciones == s.verificaciones and len(s.verificaciones) == 3  # stored and read
    with motor.connect() as conexion:
        avisos = conexion.execute(select(bandeja_salida.c.tipo, bandeja_salida.c.asunto, bandeja_salida.c.entidad)
                                  .order_by(bandeja_salida.c.creada_en)).all()
        assert [a.tipo for a in avisos] == ["radicada", "aprobada"]
        assert avisos[1].asunto.startswith("Solicitud aprobada") and {a.entidad for a in avisos} == {"SDG-BOGOTA"}
        assert conexion.execute(select(func.count()).select_from(eventos_solicitud)).scalar_one() == 4 + 3


def test_aprobar_dos_veces(ctx: Contexto) -> None:
    s, revisora = _en_estudio(ctx)
    verificar_todo(ctx, s.id, revisora.id)
    aprobar(Decidir(s.id, revisora.id), ctx)
    with pytest.raises(TransicionInvalida, match="ya fue aprobada"):
        aprobar(Decidir(s.id, revisora.id), ctx)


def test_cancilleria_lista_para_recoger_y_entregada(ctx: Contexto) -> None:
    s = radicar_solicitud(radicar_cmd(nueva_persona(ctx), HOY, destino="cancilleria"), ctx)
    revisora = funcionario(ctx)
    asignar(Asignar(s.id, revisora.id), ctx)
    verificar_todo(ctx, s.id, revisora.id)
    s = aprobar(Decidir(s.id, revisora.id), ctx)
    assert s.lista_para_recoger and s.documento_id is None
    with pytest.raises(TransicionInvalida, match="recoge en la alcaldía"):
        descargar_certificado(s.id, ctx)
    assert entregar(Decidir(s.id, revisora.id), ctx).estado is EstadoSolicitud.FINALIZADA


def test_rechazar_y_subsanar(ctx: Contexto, reloj: RelojFijo) -> None:
    s, revisora = _en_estudio(ctx)
    s = rechazar(Rechazar(s.id, revisora.id, ["El recibo no muestra la dirección."]), ctx)
    assert s.estado is EstadoSolicitud.REQUIERE_SUBSANACION
    assert s.fecha_limite_subsanacion == HOY + timedelta(days=30)
    reloj.avanzar(days=30)
    nuevo = SoporteEntrada("recibo_servicio_publico", "recibo_nuevo.pdf", PDF_MINIMO, HOY + timedelta(days=25), "gas")
    s = subsanar_solicitud(SubsanarSolicitud(s.id, [nuevo]), ctx)
    assert s.estado is EstadoSolicitud.EN_ESTUDIO
    with ctx.uow() as uow:
        guardada = uow.solicitudes.obtener(s.id)
    assert guardada is not None and guardada == s
    assert [x.archivo.nombre for x in guardada.soportes] == ["cedula.pdf", "recibo_nuevo.pdf"]
    assert guardada.motivos_rechazo == ["El recibo no muestra la dirección."]
    assert [e.tipo for e in guardada.eventos] == ["radicada", "asignada", "rechazada", "subsanada"]


def test_subsanar_tarde_deja_la_solicitud_desistida(ctx: Contexto, reloj: RelojFijo) -> None:
    s, revisora = _en_estudio(ctx)
    rechazar(Rechazar(s.id, revisora.id, ["Falta la fecha de pago."]), ctx)
    reloj.avanzar(days=31)
    with pytest.raises(PlazoVencido, match="desistida"):
        subsanar_solicitud(SubsanarSolicitud(s.id, []), ctx)
    with ctx.uow() as uow:
        guardada = uow.solicitudes.obtener(s.id)
    assert guardada is not None and guardada.estado is EstadoSolicitud.DESISTIDA  # committed before raising
    assert guardada.eventos[-1].tipo == "desistida"


def test_declarar_desistimientos(ctx: Contexto, reloj: RelojFijo) -> None:
    s, revisora = _en_estudio(ctx)
    otra = radicar_solicitud(radicar_cmd(nueva_persona(ctx), HOY), ctx)
    asignar(Asignar(otra.id, revisora.id), ctx)
    rechazar(Rechazar(s.id, revisora.id, ["x"]), ctx)
    reloj.avanzar(days=30)
    assert declarar_desistimientos(ctx) == []
    reloj.avanzar(days=1)
    assert [x.id for x in declarar_desistimientos(ctx)] == [s.id]
    assert resumen_por_estado(ctx) == {EstadoSolicitud.DESISTIDA: 1, EstadoSolicitud.EN_ESTUDIO: 1}
    assert declarar_desistimientos(ctx) == []


def test_radicacion_rechazada_no_deja_nada(ctx: Contexto, motor: Engine) -> None:
    cmd = radicar_cmd(nueva_persona(ctx), HOY)
    viejo = HOY - timedelta(days=61)
    cmd.soportes[1] = SoporteEntrada("recibo_servicio_publico", "recibo.pdf", PDF_MINIMO, viejo, "gas")
    with pytest.raises(RequisitoIncumplido, match="no puede tener más de 60 días"):
        radicar_solicitud(cmd, ctx)
    with motor.connect() as conexion:
        assert conexion.execute(select(func.count()).select_from(solicitudes)).scalar_one() == 0
        assert conexion.execute(select(func.count()).select_from(documentos)).scalar_one() == 0


def test_bandeja_paginada_con_personas(ctx: Contexto) -> None:
    titular = nueva_persona(ctx)
    radicadas = [radicar_solicitud(radicar_cmd(titular, HOY), ctx) for _ in range(5)]
    vistos: list[uuid.UUID] = []
    pagina = listar_solicitudes(ctx, entidad="SDG-BOGOTA", limite=2)
    while True:
        vistos += [s.id for s in pagina.solicitudes]
        assert set(pagina.personas) == {titular.id}
        if pagina.siguiente is None:
            break
        pagina = listar_solicitudes(ctx, entidad="SDG-BOGOTA", limite=2, despues_de=pagina.siguiente)
    # All filed at the same instant (fixed clock): the id breaks the tie, and nothing is lost or repeated.
    assert vistos == sorted(s.id for s in radicadas)


def test_personas_y_aliados(ctx: Contexto) -> None:
    persona, creada = registrar_persona(persona_cmd(), ctx)
    assert creada
    otra_vez, creada = registrar_persona(persona_cmd(telefono="3110000000"), ctx)
    assert not creada and otra_vez.id == persona.id and otra_vez.version == 1
    actualizada = actualizar_persona(persona.id, {"municipio": "Chía"}, ctx)
    assert actualizada.version == 2
    aliado, credencial = crear_aliado("Portal", frozenset({"personas", "solicitudes"}), ctx)
    assert autenticar_aliado(credencial, ctx) == aliado
    assert autenticar_aliado("otra", ctx) is None
