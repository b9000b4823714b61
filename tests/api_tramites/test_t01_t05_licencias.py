"""T-1 … T-5, the driving-licence trámites, through the partner API (issue 8 §6; the engine's cases in
tests/motor/test_t01_t05_licencias.py: seed 003 digest §2.3 «Conductores», R-14…R-24, §6.2)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from domain.licencias import EstadoLicencia, Licencia
from domain.motor.tiempo import Duracion, Unidad
from domain.solicitudes import Solicitud
from tests.api_tramites.casos import Escenario, Preparar, con_multa, ids, probar_aceptado, probar_rechazado
from tests.api_tramites.conftest import HOY, NORMA, Mundo, Radicacion
from tests.motor.escenarios import cumpleanios


def _anios(n: int) -> date:
    return Duracion(n, Unidad.ANIOS).desde(HOY)


def _nueva(m: Mundo, s: Solicitud) -> Licencia:
    """The licence the approval issued: the sujeto of a first licence, the successor of a replaced one."""
    assert s.sujeto is not None and s.sujeto.tipo == "licencia"
    sujeto = m.leer_licencia(s.sujeto.id)
    if sujeto.reemplazada_por is None:
        return sujeto
    assert sujeto.estado is EstadoLicencia.REEMPLAZADA
    nueva = m.leer_licencia(sujeto.reemplazada_por)
    assert nueva.reemplaza == sujeto.id and nueva.estado is EstadoLicencia.VIGENTE
    return nueva


# -- T-1 expedición ---------------------------------------------------------------------------------------------------
def _t01(m: Mundo, nacimiento: date | None = None) -> Radicacion:
    joven = m.persona("TI", nacimiento=nacimiento or cumpleanios(16), nombres="Camila", apellidos="Suárez")
    return Radicacion(1, {"titular": joven}, {"servicio": "particular", "categoria": "B1"})


def _t01_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    """§6.2: a new licence for the holder, on the tarjeta de identidad, vigente 10 years (R-22)."""
    [nueva] = m.licencias_de(r.titular)
    assert s.sujeto is not None and s.sujeto.id == nueva.id
    assert (nueva.categoria, nueva.servicio, nueva.estado, nueva.organismo) == (
        "B1", "particular", EstadoLicencia.VIGENTE, "MOVILIDAD-CHIA")
    assert (nueva.numero, nueva.documento_titular) == (r.titular.identificacion.numero, "TI")
    assert (nueva.expedida_en, nueva.vigente_hasta, nueva.reemplaza) == (HOY, _anios(10), None)


# -- T-2 renovación, T-3 recategorización, T-4 duplicado ------------------------------------------------------------
def _con_licencia(numero: int, datos: dict[str, object] | None = None, **licencia: object) -> Preparar:
    def preparar(m: Mundo) -> Radicacion:
        titular = m.persona(nacimiento=date(1980, 1, 1))
        return Radicacion(numero, {"titular": titular}, dict(datos or {}), m.licencia(titular, **licencia))
    return preparar


def _t02_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    """R-22: a particular licence of someone under 60 is renewed for 10 years; the old one is replaced."""
    nueva = _nueva(m, s)
    assert (nueva.motivo, nueva.categoria, nueva.servicio, nueva.vigente_hasta) == (
        "renovacion", "B1", "particular", _anios(10))
    assert m.leer_licencia(r.licencia.id).reemplazada_por == nueva.id


def _t02_ajena(m: Mundo) -> Radicacion:
    r = _con_licencia(2, {"servicio": "particular"})(m)
    return replace(r, sujeto=m.licencia(m.persona(nombres="Jorge", apellidos="Rincón")))


def _t03_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    """T-3: the new category and its servicio (A-28); público under 60 → 3 years (R-21)."""
    nueva = _nueva(m, s)
    assert (nueva.categoria, nueva.servicio, nueva.vigente_hasta, nueva.titular_id) == (
        "C1", "publico", _anios(3), r.titular.id)


def _t04_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    """T-4 (§6.2): the same data on a new document; the old one replaced."""
    nueva = _nueva(m, s)
    assert (nueva.categoria, nueva.vigente_hasta, nueva.motivo) == ("B2", date(2029, 8, 1), "duplicado")
    assert [x.estado for x in m.licencias_de(r.titular)].count(EstadoLicencia.VIGENTE) == 1


def _t04_con_multa(m: Mundo) -> Radicacion:
    return con_multa(m, _con_licencia(4, categoria="B2", vigente_hasta=date(2029, 8, 1))(m))


# -- T-5 cambio por mayoría de edad -----------------------------------------------------------------------------------
def _t05(m: Mundo, documento_licencia: str = "TI") -> Radicacion:
    """The holder got the licence with a tarjeta de identidad; now 18, they are registered again with the cédula
    (same NUIP number)."""
    numero = m.numero()
    menor = m.persona("TI", numero, nacimiento=cumpleanios(18), nombres="Mateo", apellidos="Castro")
    adulto = m.persona("CC", numero, nacimiento=cumpleanios(18), nombres="Mateo", apellidos="Castro")
    anterior = m.licencia(menor, documento_titular=documento_licencia, expedida_en=date(2025, 1, 10),
                          vigente_hasta=date(2035, 1, 10))
    return Radicacion(5, {"titular": adulto}, {}, anterior)


def _t05_verificar(m: Mundo, r: Radicacion, s: Solicitud) -> None:
    """R-23: re-issued on the cédula, to the adult's record, keeping category and term."""
    nueva = _nueva(m, s)
    assert (nueva.documento_titular, nueva.numero, nueva.titular_id) == (
        "CC", r.titular.identificacion.numero, r.titular.id)
    assert (nueva.categoria, nueva.vigente_hasta, nueva.motivo) == ("B1", date(2035, 1, 10), "mayoria de edad")


ESCENARIOS = [
    Escenario(1, _t01, _t01_verificar, lambda m: _t01(m, cumpleanios(16) + timedelta(days=1)),
              "tiene 15 años; se exigen 16 años cumplidos",
              f"{NORMA}, trámite 1, caso especial: servicio particular, dieciséis (16) años cumplidos"),
    Escenario(2, _con_licencia(2, {"servicio": "particular"}), _t02_verificar, _t02_ajena,
              "no está registrada a nombre de Ana María Pérez Gómez",
              f"{NORMA}, trámite 2: tener una licencia de conducción registrada en el RUNT"),
    Escenario(3, _con_licencia(3, {"categoria": "C1", "servicio": "publico"}), _t03_verificar,
              _con_licencia(3, {"categoria": "B1", "servicio": "particular"}),
              "La categoría solicitada es la misma de la licencia actual.",
              f"{NORMA}, trámite 3, descripción: cambio en la categoría"),
    Escenario(4, _con_licencia(4, categoria="B2", vigente_hasta=date(2029, 8, 1)), _t04_verificar, _t04_con_multa,
              "1 multa(s) pendiente(s) por $468.500", f"{NORMA}, trámite 4, requisito 1.c: paz y salvo"),
    Escenario(5, _t05, _t05_verificar, lambda m: _t05(m, documento_licencia="CC"),
              "La licencia no se expidió con tarjeta de identidad",
              f"{NORMA}, trámite 5, descripción: se pasa de tarjeta de identidad a cédula de ciudadanía"),
]


@pytest.mark.parametrize("escenario", ESCENARIOS, ids=ids(ESCENARIOS))
def test_aceptado_y_aprobado_queda_en_el_registro(mundo: Mundo, escenario: Escenario) -> None:
    probar_aceptado(mundo, escenario)


@pytest.mark.parametrize("escenario", ESCENARIOS, ids=ids(ESCENARIOS))
def test_rechazado_cita_la_norma_y_no_guarda_nada(mundo: Mundo, escenario: Escenario) -> None:
    probar_rechazado(mundo, escenario)
