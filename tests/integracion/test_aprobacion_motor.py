"""Approving engine trámites on the real database (issue 8 §1 effects, §5 integrity; seed 003 §6.2).

An approval and its effects are written together or not at all; two approvals on one vehicle cannot both apply;
the trámite's own rules are checked again at approval against the registry as it is then.
"""

from __future__ import annotations

import dataclasses
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from domain.casos_uso import Contexto
from domain.casos_uso.decisiones import aprobar
from domain.casos_uso.resultados import EMISORES
from domain.comandos import Decidir
from domain.documentos import Archivo
from domain.errores import ConflictoConcurrencia, ErrorDominio, RequisitoIncumplido
from domain.motor import aplicacion as modulo_aplicacion
from domain.motor.catalogo import CatalogoTramites
from domain.motor.esquema import TramiteDef
from domain.motor.registro import EFECTOS
from domain.personas import Funcionario, Persona
from domain.solicitudes import EstadoSolicitud, Solicitud, Soporte, Sujeto
from domain.vehiculos import CausaCancelacion, EstadoMatricula, Vehiculo
from persistence.db import crear_motor
from persistence.unidad_de_trabajo import FabricaUnidadDeTrabajoSQL
from tests.builders import funcionario
from tests.integracion.conftest import HOY
from tests.motor.escenarios import RegistrosEnMemoria, persona, soportes_de, tramite, vehiculo

pytestmark = pytest.mark.db

ARCHIVO = Archivo("ab" * 32, "soporte.pdf", "application/pdf", 1234)  # filing and its files: tested through the API


@dataclasses.dataclass
class Escena:
    ctx: Contexto
    agente: Funcionario
    vendedor: Persona
    comprador: Persona
    carro: Vehiculo


@pytest.fixture
def escena(ctx: Contexto) -> Escena:
    vendedor, comprador = persona("79111222", nombres="Jorge", apellidos="Rincón"), persona("52333444")
    carro = vehiculo(vendedor, placa="KLM321")
    registros = RegistrosEnMemoria().inscribir(vendedor, comprador).pagar_impuesto(carro.placa)
    ctx = dataclasses.replace(ctx, registros=registros)
    with ctx.uow() as uow:
        uow.personas.agregar(vendedor)
        uow.personas.agregar(comprador)
        uow.vehiculos.agregar(carro)
        uow.commit()
    return Escena(ctx, funcionario(ctx, "agente", entidad="MOVILIDAD-CHIA"), vendedor, comprador, carro)


def _en_estudio(e: Escena, t: TramiteDef, partes: dict[str, Persona], datos: dict[str, Any]) -> Solicitud:
    """A filed solicitud assigned to the agente (filing itself is tested through the API)."""
    s = Solicitud(
        id=uuid.uuid4(), radicado=f"MOV-2026-{uuid.uuid4().hex[:6]}", tramite=t.codigo,
        tramite_version=t.vigente_desde, entidad="MOVILIDAD-CHIA", partes={r: p.id for r, p in partes.items()},
        radicada_en=e.ctx.reloj.ahora(), fecha_limite_decision=HOY, datos=datos,
        sujeto=Sujeto("vehiculo", e.carro.id, e.carro.placa), estado=EstadoSolicitud.EN_ESTUDIO,
        asignado_a=e.agente.id, soportes=[Soporte(x.requisito, ARCHIVO, x.fecha_documento, x.subtipo)
                                          for x in soportes_de(t, partes)],
    )
    with e.ctx.uow() as uow:
        uow.solicitudes.agregar(s)
        uow.commit()
    return s


def _traspaso(e: Escena) -> Solicitud:
    partes = {"titular": e.comprador, "vendedor": e.vendedor, "comprador": e.comprador}
    return _en_estudio(e, tramite(21), partes, {"valor_venta": "32000000"})


def _cancelacion(e: Escena) -> Solicitud:
    return _en_estudio(e, tramite(34), {"titular": e.vendedor}, {})


def _leer(e: Escena, s: Solicitud) -> tuple[Solicitud, Vehiculo]:
    with e.ctx.uow() as uow:
        solicitud, carro = uow.solicitudes.obtener(s.id), uow.vehiculos.obtener(e.carro.id)
    assert solicitud is not None and carro is not None
    return solicitud, carro


def test_traspaso_aprobado_inscribe_al_comprador_y_finaliza(escena: Escena) -> None:
    """Seed 003 T-21 and §6.2: the buyer becomes the owner, the tradición and history record it, all at once."""
    s = _traspaso(escena)
    aprobada = aprobar(Decidir(s.id, escena.agente.id), escena.ctx)
    assert aprobada.estado is EstadoSolicitud.FINALIZADA  # nothing to hand over: the inscription is the result
    guardada, carro = _leer(escena, s)
    assert carro.propietarios == [escena.comprador.id] and carro.version == 1
    assert carro.historia[-1].radicado == s.radicado
    assert [e.tipo for e in guardada.eventos][-3:] == ["aprobada", "efectos_inscritos", "finalizada"]
    assert "Inscribir como propietario(s) a Ana María Pérez Gómez" in guardada.eventos[-2].detalle


def test_un_efecto_que_falla_deshace_la_aprobacion(escena: Escena, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 8 §5: a failed effect rolls the approval back — no approved solicitud with an unchanged vehicle."""
    s = _traspaso(escena)
    original = EFECTOS["traspasar"]

    def a_medias(ap: Any, p: Any) -> None:
        original.aplicar(ap, p)  # the vehicle in memory already changed...
        raise ErrorDominio("El registro rechazó la inscripción.")  # ...and then the effect fails

    monkeypatch.setitem(EFECTOS, "traspasar", dataclasses.replace(original, aplicar=a_medias))
    with pytest.raises(ErrorDominio, match="rechazó la inscripción"):
        aprobar(Decidir(s.id, escena.agente.id), escena.ctx)
    guardada, carro = _leer(escena, s)
    assert guardada.estado is EstadoSolicitud.EN_ESTUDIO and guardada.version == 0
    assert carro.propietarios == [escena.vendedor.id] and carro.version == 0


def test_vehiculo_cancelado_despues_de_radicar_no_se_traspasa(escena: Escena) -> None:
    """Seed 003 §6.3: a traspaso needs an active matrícula; checked again at approval against the registry now."""
    traspaso, cancelacion = _traspaso(escena), _cancelacion(escena)
    aprobar(Decidir(cancelacion.id, escena.agente.id), escena.ctx)
    with pytest.raises(RequisitoIncumplido, match="No se puede aprobar") as error:
        aprobar(Decidir(traspaso.id, escena.agente.id), escena.ctx)
    assert "Resolución 5721 de 2019 de Chía" in error.value.mensaje
    guardada, carro = _leer(escena, traspaso)
    assert guardada.estado is EstadoSolicitud.EN_ESTUDIO
    assert (carro.estado_matricula, carro.causa_cancelacion) == (EstadoMatricula.CANCELADA,
                                                                 CausaCancelacion.SOLICITUD_TITULAR)
    assert carro.propietarios == [escena.vendedor.id]


@pytest.fixture
def motor_amplio(motor: Engine, url_bd: str) -> Iterator[Engine]:
    amplio = crear_motor(url_bd, pool_size=4, max_overflow=0)
    yield amplio
    amplio.dispose()


def test_traspaso_y_cancelacion_a_la_vez_solo_uno_se_aplica(
    escena: Escena, motor_amplio: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 8 §5: both approvals read the same vehicle; the first to write wins, the other gets a conflict and
    nothing of it is written (the barrier holds both after reading, before either applies its effect)."""
    traspaso, cancelacion = _traspaso(escena), _cancelacion(escena)
    ctx = dataclasses.replace(escena.ctx, uow=FabricaUnidadDeTrabajoSQL.desde_motor(motor_amplio))
    barrera = threading.Barrier(2, timeout=30)
    aplicar = modulo_aplicacion.aplicar_efectos

    def esperar_y_aplicar(ap: Any) -> list[str]:
        barrera.wait()
        return aplicar(ap)

    monkeypatch.setattr("domain.casos_uso.aprobacion.aplicar_efectos", esperar_y_aplicar)

    def decidir(s: Solicitud) -> object:
        try:
            return aprobar(Decidir(s.id, escena.agente.id), ctx)
        except ErrorDominio as error:
            return error

    with ThreadPoolExecutor(max_workers=2) as hilos:
        resultados = list(hilos.map(decidir, (traspaso, cancelacion)))
    ganadoras = [r for r in resultados if isinstance(r, Solicitud)]
    perdedoras = [r for r in resultados if isinstance(r, ErrorDominio)]
    assert len(ganadoras) == 1 and len(perdedoras) == 1 and isinstance(perdedoras[0], ConflictoConcurrencia)
    ganadora = ganadoras[0]
    perdedora = cancelacion if ganadora.id == traspaso.id else traspaso
    guardada, carro = _leer(escena, perdedora)
    assert guardada.estado is EstadoSolicitud.EN_ESTUDIO
    assert "efectos_inscritos" not in {e.tipo for e in guardada.eventos}
    assert carro.version == 1 and carro.historia[-1].radicado == ganadora.radicado
    if ganadora.id == traspaso.id:
        assert carro.propietarios == [escena.comprador.id] and carro.estado_matricula is EstadoMatricula.ACTIVA
    else:
        assert carro.propietarios == [escena.vendedor.id] and carro.estado_matricula is EstadoMatricula.CANCELADA
    with ctx.uow() as uow:  # the per-state counters moved exactly once
        conteo = uow.solicitudes.contar_por_estado("MOVILIDAD-CHIA")
    assert conteo == {EstadoSolicitud.FINALIZADA: 1, EstadoSolicitud.EN_ESTUDIO: 1}


def test_cada_documento_resultado_del_catalogo_tiene_quien_lo_expida() -> None:
    """Issue 8 §1: a result document named in the catálogo must be issuable (else approval would fail late)."""
    tipos = {t.documento_resultado.tipo for t in CatalogoTramites.predeterminado().todos() if t.documento_resultado}
    assert tipos <= set(EMISORES), tipos - set(EMISORES)
