"""Approval checks the filing again on the registry as it is now (domain/casos_uso/aprobacion.py): filings that
another approval made impossible are refused with the rule they break, and nothing is written.

Bugs these tests pinned (found filing every trámite through the API): a seller who filed two traspasos sold the
vehicle twice — the second approval moved it from the first buyer to the second; a matrícula or cambio de placas
with a placa already in the registry was accepted and then failed at approval (a conflict message, or a database
error for T-36)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from domain.casos_uso.decisiones import aprobar, asignar
from domain.comandos import Asignar, Decidir
from domain.errores import DatoInvalido, RequisitoIncumplido
from domain.reloj import RelojFijo
from domain.solicitudes import EstadoSolicitud
from tests.api_tramites.conftest import NORMA, Mundo
from tests.api_tramites.test_t13_t19_remolques import _t13
from tests.api_tramites.test_t20_t29_automotores import _t21, _t27
from tests.api_tramites.test_t30_t42_automotores import _t36
from tests.builders import verificar_todo
from tests.fakes import ahora_bogota


def _estado(m: Mundo, payload: dict[str, object]) -> EstadoSolicitud:
    with m.ctx.uow() as uow:
        solicitud = uow.solicitudes.obtener(m.solicitud_id(payload))  # type: ignore[arg-type]
    assert solicitud is not None
    return solicitud.estado


def test_el_vendedor_no_vende_dos_veces(mundo: Mundo) -> None:
    """T-21 (FN-V, «es propietario»): both traspasos filed while the seller owned the car; the first approved, the
    second is refused at approval — the registry keeps the first buyer."""
    primera = _t21(mundo)
    otro = mundo.persona(nombres="Otro", apellidos="Comprador")
    segunda = replace(primera, partes={**primera.partes, "titular": otro, "comprador": otro})
    p1, p2 = mundo.radicar(primera), mundo.radicar(segunda)
    assert p1["__typename"] == p2["__typename"] == "RadicarSolicitudOk"
    mundo.aprobar(p1)
    vendido = mundo.leer_vehiculo(primera.vehiculo.id)
    with pytest.raises(RequisitoIncumplido) as error:
        mundo.aprobar(p2)
    assert error.value.mensaje == (f"No se puede aprobar: Jorge Rincón no es propietario(a) inscrito(a) del "
                                   f"vehículo {vendido.placa} "
                                   f"({NORMA}, trámite 21).")
    assert error.value.campo == ""
    assert mundo.leer_vehiculo(primera.vehiculo.id) == vendido
    assert vendido.propietarios == [primera.partes["comprador"].id]
    assert _estado(mundo, p2) is EstadoSolicitud.EN_ESTUDIO  # the official rejects it, with the reason shown


def test_cancelado_despues_de_radicar_el_traslado(mundo: Mundo) -> None:
    """T-23 filed, then the owner's T-34 approved: the traslado of a cancelled matrícula is refused by its rule."""
    from tests.api_tramites.casos import de_su_vehiculo

    cancelacion = de_su_vehiculo(mundo, 34)
    traslado = replace(cancelacion, tramite=23, datos={"organismo_destino": "TRANSITO-BOGOTA"})
    p_traslado = mundo.radicar(traslado)
    mundo.aprobar(mundo.radicar(cancelacion))
    with pytest.raises(RequisitoIncumplido, match="requiere una matrícula activa en este organismo"):
        mundo.aprobar(p_traslado)
    assert _estado(mundo, p_traslado) is EstadoSolicitud.EN_ESTUDIO


def test_matricula_con_placa_ya_registrada(mundo: Mundo) -> None:
    """T-27: the placa identifies one vehicle (Ley 769 de 2002, art. 2): refused at filing, on the datos field."""
    otro = mundo.vehiculo(mundo.persona())
    r = _t27(mundo)
    r.datos["placa"] = otro.placa.lower()
    antes = mundo.contar_solicitudes()
    payload = mundo.radicar(r)
    assert (payload["codigo"], payload["campo"]) == ("DATO_INVALIDO", "datos.placa"), payload
    assert payload["mensaje"] == (f"La placa {otro.placa} ya está asignada a otro vehículo del registro: la placa "
                                  "identifica privativamente a un vehículo (Ley 769 de 2002, art. 2).")
    assert mundo.contar_solicitudes() == antes


def test_cambio_de_placas_a_una_placa_de_otro_vehiculo(mundo: Mundo) -> None:
    """T-36: the new plate of another vehicle is refused (it used to fail at approval with a database error)."""
    otro = mundo.vehiculo(mundo.persona())
    r = _t36(mundo)
    r.datos["placa_nueva"] = otro.placa
    payload = mundo.radicar(r)
    assert (payload["codigo"], payload["campo"]) == ("DATO_INVALIDO", "datos.placa_nueva"), payload
    assert mundo.leer_vehiculo(r.vehiculo.id) == r.vehiculo


def test_dos_matriculas_con_la_misma_placa_solo_se_aprueba_una(mundo: Mundo) -> None:
    """Both filed while the placa was free; after the first approval the second is refused at approval."""
    r = _t27(mundo)
    p1 = mundo.radicar(r)
    p2 = mundo.radicar(replace(r, partes={"titular": mundo.persona()}))
    mundo.aprobar(p1)
    with pytest.raises(DatoInvalido, match=f"La placa {r.datos['placa']} ya está asignada a otro vehículo"):
        mundo.aprobar(p2)
    v = mundo.por_placa(r.datos["placa"])
    assert v is not None and v.propietarios == [r.titular.id]
    assert _estado(mundo, p2) is EstadoSolicitud.EN_ESTUDIO


def test_los_plazos_se_cuentan_a_la_radicacion_no_a_la_aprobacion(mundo: Mundo) -> None:
    """T-13 paso 4 (R-55): filed on the 60th día hábil of the traslado, approved a week later — the sixty days
    are counted when it was filed, so the re-check at approval does not refuse it."""
    r = _t13(60)(mundo)
    payload = mundo.radicar(r)
    reloj = RelojFijo(ahora_bogota(2026, 3, 17) + timedelta(days=7))
    ctx = replace(mundo.ctx, reloj=reloj)
    solicitud_id = mundo.solicitud_id(payload)
    asignar(Asignar(solicitud_id, mundo.revisor.id), ctx)
    verificar_todo(ctx, solicitud_id, mundo.revisor.id)
    aprobada = aprobar(Decidir(solicitud_id, mundo.revisor.id), ctx)
    assert aprobada.estado is EstadoSolicitud.FINALIZADA
    v = mundo.leer_vehiculo(r.vehiculo.id)
    assert v.organismo == "MOVILIDAD-CHIA" and v.historia[-1].fecha == reloj.ahora().date()
