"""What the partner API answers to a filing that cannot be a trámite of the catálogo (issue 8 §5): an unknown trámite,
a missing or unknown parte, a sujeto of the wrong type or class, a vehicle in the wrong state. Each a typed error in
Spanish naming the field, and nothing stored."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

import pytest

from domain.vehiculos import CausaCancelacion, ClaseVehiculo, EstadoMatricula
from tests.api_tramites.casos import de_su_vehiculo
from tests.api_tramites.conftest import NORMA, RADICAR, Mundo, Radicacion
from tests.api_tramites.test_t20_t29_automotores import _t21, _t27


def _sin_guardar(m: Mundo, r: Radicacion) -> dict[str, Any]:
    """File ``r``; assert no solicitud was stored and the vehicle (if any) is unchanged; return the payload."""
    antes = m.contar_solicitudes()
    vehiculo = m.leer_vehiculo(r.sujeto.id) if r.sujeto is not None and hasattr(r.sujeto, "placa") else None
    payload = m.radicar(r)
    assert m.contar_solicitudes() == antes
    if vehiculo is not None:
        assert m.leer_vehiculo(vehiculo.id) == vehiculo
    return payload


def test_tramite_desconocido(mundo: Mundo) -> None:
    r = replace(de_su_vehiculo(mundo, 34), tramite=99)
    payload = _sin_guardar(mundo, r)
    assert (payload["__typename"], payload["codigo"]) == ("ErrorNoEncontrado", "TRAMITE_DESCONOCIDO"), payload
    assert "«CHIA-T99» no existe" in payload["mensaje"]


def test_falta_una_parte_obligatoria(mundo: Mundo) -> None:
    """T-21 requisito 1.e: the buyer is a parte of the traspaso; without it the filing names the missing role."""
    r = _t21(mundo)
    r.partes.pop("comprador")
    payload = _sin_guardar(mundo, r)
    assert (payload["__typename"], payload["codigo"], payload["campo"]) == (
        "ErrorValidacion", "REQUISITO_INCUMPLIDO", "partes.comprador"), payload
    assert payload["mensaje"] == (f"Falta la parte: Comprador (nuevo propietario) ({NORMA}, trámite 21, "
                                  "requisito 1.e).")


def test_parte_que_el_tramite_no_tiene(mundo: Mundo) -> None:
    r = de_su_vehiculo(mundo, 34)
    r.partes["vendedor"] = mundo.persona()
    payload = _sin_guardar(mundo, r)
    assert (payload["codigo"], payload["campo"]) == ("DATO_INVALIDO", "partes.vendedor"), payload
    assert "no tiene la parte «vendedor»; sus partes son: titular, apoderado" in payload["mensaje"]


def test_parte_con_un_id_que_no_es_de_una_persona(mundo: Mundo) -> None:
    r = de_su_vehiculo(mundo, 34)
    entrada = {"tramite": "CHIA-T34", "sujeto": r.vehiculo.placa, "soportes": [],
               "partes": [{"rol": "titular", "personaId": str(uuid.uuid4())}]}
    payload = mundo.gql(RADICAR, {"input": entrada})["data"]["radicarSolicitud"]
    assert (payload["codigo"], payload["campo"]) == ("ID_INVALIDO", "partes.0.personaId"), payload


def test_sujeto_de_otra_clase(mundo: Mundo) -> None:
    """T-21 is for automotores and motocicletas: a remolque's placa is refused before any rule runs."""
    r = _t21(mundo)
    remolque = mundo.vehiculo(r.partes["vendedor"], ClaseVehiculo.REMOLQUE)
    payload = _sin_guardar(mundo, replace(r, sujeto=remolque))
    assert (payload["codigo"], payload["campo"]) == ("DATO_INVALIDO", "sujeto"), payload
    assert payload["mensaje"] == (
        f"El trámite «Traspaso de propiedad de un vehículo automotor» es para vehículos de clase automotor, "
        f"motocicleta; el de placa {remolque.placa} es remolque ({NORMA}, trámite 21).")


@pytest.mark.parametrize(("tramite", "referencia", "codigo", "mensaje"), [
    (2, "ABC123", "DATO_INVALIDO", "«ABC123» no es un identificador válido."),  # a placa for a licence trámite
    (34, str(uuid.UUID(int=7)), "NO_ENCONTRADO", "No hay un vehículo con placa"),  # a licence id for a vehicle
    (34, "ZZZ999", "NO_ENCONTRADO", "No hay un vehículo con placa ZZZ999 en el registro"),
    (2, str(uuid.UUID(int=7)), "NO_ENCONTRADO", "No existe la licencia de conducción indicada"),
])
def test_sujeto_de_otro_tipo_o_inexistente(mundo: Mundo, tramite: int, referencia: str, codigo: str,
                                           mensaje: str) -> None:
    r = Radicacion(tramite, {"titular": mundo.persona()}, {"servicio": "particular"} if tramite == 2 else {},
                   referencia=referencia)
    payload = _sin_guardar(mundo, r)
    assert (payload["codigo"], payload["campo"]) == (codigo, "sujeto"), payload
    assert mensaje in payload["mensaje"]


def test_sin_sujeto(mundo: Mundo) -> None:
    r = replace(de_su_vehiculo(mundo, 34), sujeto=None)
    payload = _sin_guardar(mundo, r)
    assert (payload["codigo"], payload["campo"]) == ("DATO_INVALIDO", "sujeto"), payload
    assert payload["mensaje"] == ("Indique la placa del vehículo sobre la que actúa el trámite «Cancelación de "
                                  "matrícula de un vehículo automotor».")


def test_matricula_no_admite_un_sujeto_existente(mundo: Mundo) -> None:
    """T-27 creates its vehicle: pointing it at a registered one (bug: it was resolved and its rules read it)."""
    r = _t27(mundo)
    otro = mundo.vehiculo(mundo.persona())
    payload = _sin_guardar(mundo, replace(r, referencia=otro.placa))
    assert (payload["codigo"], payload["campo"]) == ("DATO_INVALIDO", "sujeto"), payload
    assert payload["mensaje"] == "El trámite «Matrícula de vehículos automotores» lo crea; no envíe «sujeto»."


def test_rematricula_de_un_vehiculo_cancelado_por_solicitud_del_titular(mundo: Mundo) -> None:
    """R-40 end to end through the API: the owner's T-34 cancelación is approved; the later T-24 rematrícula of the
    same vehicle is refused (only hurto, pérdida definitiva or desaparición documentada are reversed)."""
    cancelacion = de_su_vehiculo(mundo, 34)
    mundo.aprobar(mundo.radicar(cancelacion))
    cancelado = mundo.leer_vehiculo(cancelacion.vehiculo.id)
    assert (cancelado.estado_matricula, cancelado.causa_cancelacion) == (
        EstadoMatricula.CANCELADA, CausaCancelacion.SOLICITUD_TITULAR)
    payload = _sin_guardar(mundo, replace(cancelacion, tramite=24, sujeto=cancelado))
    assert (payload["codigo"], payload["requisito"]) == ("REQUISITO_INCUMPLIDO", None), payload
    assert payload["mensaje"].startswith(
        f"La rematrícula procede solo para vehículos cuya matrícula se canceló por hurto, pérdida definitiva o "
        f"desaparición documentada. La matrícula de {cancelado.placa} está cancelada por solicitud titular "
        f"({NORMA}, trámite 24, descripción")


def test_dato_que_el_tramite_no_tiene_y_dato_de_tipo_equivocado(mundo: Mundo) -> None:
    r = _t21(mundo)
    payload = _sin_guardar(mundo, replace(r, datos={**r.datos, "color": "Rojo"}))
    assert (payload["codigo"], payload["campo"]) == ("DATO_INVALIDO", "datos.color"), payload
    payload = _sin_guardar(mundo, replace(r, datos={"valor_venta": "32.000.000"}))
    assert (payload["codigo"], payload["campo"]) == ("DATO_INVALIDO", "datos.valor_venta"), payload
    assert "sin puntos de miles" in payload["mensaje"]
