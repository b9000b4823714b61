"""T-1 … T-5, the driving-licence trámites (seed 003 digest §2.3 «Conductores», §3.2 R-14…R-24, §6.2, A-01, A-24)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import pytest

from domain.licencias import EstadoLicencia, Licencia
from domain.motor.esquema import TramiteDef
from domain.motor.tiempo import Duracion, Unidad
from domain.personas import Persona
from domain.reglas import Resultado
from tests.motor.escenarios import (
    HOY,
    Caso,
    RegistrosEnMemoria,
    bloqueos,
    cumpleanios,
    hallazgo,
    licencia,
    persona,
    soporte,
    soportes_de,
    tramite,
)

T01, T02, T03, T04, T05 = (tramite(n) for n in range(1, 6))
NORMA = "Resolución 5721 de 2019 de Chía"


def _anios(n: int) -> date:
    return Duracion(n, Unidad.ANIOS).desde(HOY)


def _caso(t: TramiteDef, titular: Persona, sujeto: Licencia | None = None,
          datos: Mapping[str, object] | None = None) -> Caso:
    partes = {"titular": titular}
    return Caso(tramite=t, partes=partes, sujeto=sujeto, soportes=soportes_de(t, partes), datos=datos or {},
                registros=RegistrosEnMemoria().inscribir(titular))


def _expedicion(nacimiento: date, servicio: str = "particular", categoria: str = "B1", tipo: str = "TI") -> Caso:
    numero = "1012345678" if tipo == "TI" else "52333444"
    return _caso(T01, persona(numero, tipo=tipo, nacimiento=nacimiento),
                 datos={"servicio": servicio, "categoria": categoria})


# -- T-1 Licencia de conducción -------------------------------------------------------------------------------------

def test_t01_expide_la_licencia_el_dia_que_cumple_16_anios() -> None:
    """T-1 caso especial 2 (R-14): servicio particular, dieciséis años cumplidos — on the birthday itself.

    Effect (§6.2): a new licence for the holder, issued on the tarjeta de identidad, vigente 10 years (R-22)."""
    caso = _expedicion(cumpleanios(16))
    assert bloqueos(caso) == []
    ap = caso.aprobar()
    nueva = ap.sujeto
    assert isinstance(nueva, Licencia) and ap.nuevos == [nueva]
    assert (nueva.categoria, nueva.servicio, nueva.estado) == ("B1", "particular", EstadoLicencia.VIGENTE)
    assert (nueva.numero, nueva.documento_titular, nueva.titular_id) == ("1012345678", "TI", caso.partes["titular"].id)
    assert (nueva.expedida_en, nueva.vigente_hasta, nueva.reemplaza) == (HOY, _anios(10), None)


def test_t01_la_vispera_de_los_16_anios_se_rechaza() -> None:
    """T-1 caso especial 2 (R-14): the day before the 16th birthday the applicant is 15."""
    caso = _expedicion(cumpleanios(16) + timedelta(days=1))
    [fallo] = bloqueos(caso)
    assert fallo.regla == "edad_minima" and "tiene 15 años; se exigen 16 años cumplidos" in fallo.mensaje
    assert fallo.fuente == f"{NORMA}, trámite 1, caso especial: servicio particular, dieciséis (16) años cumplidos"


def test_t01_servicio_publico_exige_18_anios_cumplidos() -> None:
    """T-1 caso especial 3 (R-15): servicio público, dieciocho años — the birthday passes, the day before does not.

    Effect: público under 60 → 3 years (R-21)."""
    ap = _expedicion(cumpleanios(18), "publico", "C1").aprobar()
    assert (ap.sujeto.servicio, ap.sujeto.vigente_hasta) == ("publico", _anios(3))
    [fallo] = bloqueos(_expedicion(cumpleanios(18) + timedelta(days=1), "publico", "C1"))
    assert fallo.regla == "edad_minima" and "tiene 17 años; se exigen 18" in fallo.mensaje
    assert fallo.fuente == f"{NORMA}, trámite 1, caso especial: servicio público, dieciocho (18) años cumplidos"


def test_t01_la_categoria_debe_corresponder_al_servicio() -> None:
    """A-28: categories of Resolución 1500 de 2005 — C1 is servicio público, not particular."""
    [fallo] = bloqueos(_expedicion(date(1990, 1, 1), "particular", "C1", tipo="CC"))
    assert fallo.regla == "condicion" and "C1 a C3, de servicio público" in fallo.mensaje
    assert fallo.fuente == ("Resolución 1500 de 2005 del Ministerio de Transporte "
                            "(categorías de la licencia de conducción)")


def test_t01_sin_certificado_del_centro_de_reconocimiento_se_rechaza() -> None:
    """T-1 requisito 1.c (R-16): the CRC certificate; the CEA certificate (R-17) and the exam (R-18) are checked."""
    caso = _expedicion(date(1990, 1, 1), tipo="CC")
    caso.soportes = [s for s in caso.soportes if s.requisito != "certificado_aptitud_fisica"]
    [fallo] = bloqueos(caso)
    assert fallo.requisito == "certificado_aptitud_fisica" and fallo.mensaje.startswith("Falta el soporte")
    assert fallo.fuente == f"{NORMA}, trámite 1, requisito 1.c"
    examen = hallazgo(caso, "revisar")
    assert examen.resultado is Resultado.REVISAR and "examen teórico y práctico" in examen.mensaje


def test_t01_multas_pendientes_bloquean() -> None:
    """T-1 requisito 1.f (R-09): paz y salvo por multas de tránsito."""
    caso = _expedicion(date(1990, 1, 1), tipo="CC")
    caso.registros.multar(caso.partes["titular"])
    [fallo] = bloqueos(caso)
    assert fallo.regla == "sin_multas" and "multa(s) pendiente(s)" in fallo.mensaje


# -- T-2 Renovación -------------------------------------------------------------------------------------------------

def _renovacion(nacimiento: date, servicio: str = "particular") -> Caso:
    titular = persona(nacimiento=nacimiento)
    anterior = licencia(titular, servicio=servicio, categoria="B1" if servicio == "particular" else "C1")
    return _caso(T02, titular, anterior, datos={"servicio": servicio})


@pytest.mark.parametrize(("servicio", "nacimiento", "anios"), [
    ("particular", cumpleanios(60) + timedelta(days=1), 10),  # the day before turning 60: still 59
    ("particular", cumpleanios(59), 10),
    ("particular", cumpleanios(60), 5),  # exactly 60 is «entre sesenta y ochenta»
    ("particular", cumpleanios(80), 5),  # exactly 80 too
    ("particular", cumpleanios(81), 1),
    ("publico", cumpleanios(59), 3),
    ("publico", cumpleanios(60), 1),  # «mayor de sesenta» read as 60 or more
])
def test_t02_vigencia_de_la_renovacion_por_servicio_y_edad(servicio: str, nacimiento: date, anios: int) -> None:
    """T-2 description (R-21, R-22, A-24): the renewed licence's term by servicio and age; §6.2: the old one is
    replaced by the new one (chain both ways)."""
    caso = _renovacion(nacimiento, servicio)
    anterior = caso.sujeto
    ap = caso.aprobar()
    nueva = ap.sujeto
    assert nueva.vigente_hasta == _anios(anios) and nueva.motivo == "renovacion"
    assert (nueva.categoria, nueva.servicio) == (anterior.categoria, servicio)
    assert anterior.estado is EstadoLicencia.REEMPLAZADA and anterior.reemplazada_por == nueva.id
    assert nueva.reemplaza == anterior.id and ap.reemplazados == [anterior]


def test_t02_licencia_de_otra_persona_se_rechaza() -> None:
    """T-2 requisito 1.g (R-19): a licence registered in the RUNT to the titular."""
    caso = _renovacion(date(1980, 1, 1))
    caso.sujeto = licencia(persona("79111222", nombres="Jorge", apellidos="Rincón"))
    [fallo] = bloqueos(caso)
    assert fallo.regla == "titular_de_licencia"
    assert "no está registrada a nombre de Ana María Pérez Gómez" in fallo.mensaje
    assert fallo.fuente == f"{NORMA}, trámite 2: tener una licencia de conducción registrada en el RUNT"


def test_t02_sin_licencia_registrada_se_rechaza() -> None:
    """T-2 requisito 1.g (R-19): no licence in the registry, nothing to renew."""
    caso = _renovacion(date(1980, 1, 1))
    caso.sujeto = None
    fallo = next(h for h in bloqueos(caso) if h.regla == "sujeto")
    assert fallo.mensaje == "Falta la licencia de conducción sobre la que actúa el trámite."
    assert fallo.fuente == f"{NORMA}, trámite 2, requisito 1.g: tener una licencia de conducción registrada en el RUNT"


def test_t02_no_se_renueva_una_licencia_ya_reemplazada() -> None:
    """T-2 requisito 1.g (R-19): the holder's current licence, not one already replaced."""
    caso = _renovacion(date(1980, 1, 1))
    caso.sujeto.estado = EstadoLicencia.REEMPLAZADA
    [fallo] = bloqueos(caso)
    assert fallo.regla == "condicion" and "ya fue reemplazada o cancelada" in fallo.mensaje


def test_t02_el_servicio_es_el_de_la_licencia_que_se_renueva() -> None:
    """T-2 description: renewal keeps the servicio (changing it is a recategorización)."""
    caso = _renovacion(date(1980, 1, 1))
    caso.datos = {"servicio": "publico"}
    [fallo] = bloqueos(caso)
    assert "recategorización" in fallo.mensaje and fallo.fuente == f"{NORMA}, trámite 2, descripción"


def test_t02_no_exige_el_certificado_del_cea_decision_a03() -> None:
    """A-03: renewal demands the CRC certificate (R-16) but not the CEA certificate nor the exam."""
    caso = _renovacion(date(1980, 1, 1))
    caso.soportes = [s for s in caso.soportes if s.requisito != "certificado_cea"]
    assert bloqueos(caso) == []
    assert not any(h.regla == "revisar" and "examen teórico" in h.mensaje for h in caso.hallazgos())
    caso.soportes = [s for s in caso.soportes if s.requisito != "certificado_aptitud_fisica"]
    assert [h.requisito for h in bloqueos(caso)] == ["certificado_aptitud_fisica"]


def test_t02_la_licencia_vencida_se_entrega_al_recibir_la_nueva() -> None:
    """T-2 requisito 1.h (R-20): asked at delivery, not at filing; the licence or a loss/theft statement."""
    caso = _renovacion(date(1980, 1, 1))
    caso.soportes = [s for s in caso.soportes if s.requisito != "licencia_anterior"]
    assert bloqueos(caso) == []
    [fallo] = bloqueos(caso, al_entregar=True)
    assert fallo.requisito == "licencia_anterior"
    assert fallo.fuente.startswith(f"{NORMA}, trámite 2, requisito 1.h: entregar la licencia de conducción vencida")
    caso.soportes = [*caso.soportes, soporte("licencia_anterior", HOY, "manifestacion_perdida_hurto")]
    assert bloqueos(caso, al_entregar=True) == []
    caso.soportes = [*caso.soportes[:-1], soporte("licencia_anterior", HOY, "fotocopia")]
    [fallo] = bloqueos(caso, al_entregar=True)
    assert fallo.regla == "subtipo_admitido"


# -- T-3 Recategorización -------------------------------------------------------------------------------------------

def test_t03_recategoriza_de_b1_particular_a_c1_publico() -> None:
    """T-3 description; §6.2: a new licence with the new category and its servicio (A-28), vigente per the table."""
    titular = persona(nacimiento=date(1985, 5, 4))
    anterior = licencia(titular)
    ap = _caso(T03, titular, anterior, datos={"categoria": "C1", "servicio": "publico"}).aprobar()
    nueva = ap.sujeto
    assert (nueva.categoria, nueva.servicio, nueva.vigente_hasta) == ("C1", "publico", _anios(3))
    assert anterior.estado is EstadoLicencia.REEMPLAZADA and nueva.reemplaza == anterior.id


def test_t03_misma_categoria_se_rechaza() -> None:
    """T-3 description: «cambio en la categoría»."""
    titular = persona()
    [fallo] = bloqueos(_caso(T03, titular, licencia(titular), datos={"categoria": "B1", "servicio": "particular"}))
    assert fallo.mensaje == "La categoría solicitada es la misma de la licencia actual."
    assert fallo.fuente == f"{NORMA}, trámite 3, descripción: cambio en la categoría de la licencia de conducción"


def test_t03_categoria_de_servicio_publico_exige_18_anios() -> None:
    """R-15 applied to recategorización (decision): a 17-year-old B1 holder cannot move to C2."""
    titular = persona("1012345678", tipo="TI", nacimiento=cumpleanios(18) + timedelta(days=1))
    caso = _caso(T03, titular, licencia(titular), datos={"categoria": "C2", "servicio": "publico"})
    [fallo] = bloqueos(caso)
    assert fallo.regla == "edad_minima"
    assert fallo.fuente == f"{NORMA}, trámite 3, caso especial: servicio público, dieciocho (18) años cumplidos"


# -- T-4 Duplicado --------------------------------------------------------------------------------------------------

def test_t04_duplicado_conserva_los_datos_y_no_pide_soat_ni_impuesto() -> None:
    """T-4 (A-01): no SOAT, vehicle tax or RNA form; §6.2: same data, the old document replaced."""
    assert T04.formulario is None and T04.requisito("formulario") is None
    assert not {r.regla for r in T04.reglas} & {"soat_vigente", "impuesto_al_dia", "edad_minima"}
    titular = persona()
    anterior = licencia(titular, categoria="B2", vigente_hasta=date(2029, 8, 1))
    ap = _caso(T04, titular, anterior).aprobar()
    nueva = ap.sujeto
    assert (nueva.categoria, nueva.servicio, nueva.vigente_hasta, nueva.motivo) == (
        "B2", "particular", date(2029, 8, 1), "duplicado")
    assert anterior.estado is EstadoLicencia.REEMPLAZADA and anterior.reemplazada_por == nueva.id


def test_t04_con_apoderado_exige_el_poder_original() -> None:
    """T-4 nota al pie (FN-V, R-08): a third party files with the original mandato or poder especial."""
    titular = persona()
    caso = _caso(T04, titular, licencia(titular))
    caso.partes = {**caso.partes, "apoderado": persona("1011223344")}
    caso.soportes = [s for s in caso.soportes if s.requisito != "poder_o_mandato"]
    [fallo] = bloqueos(caso)
    assert fallo.requisito == "poder_o_mandato"


def test_t04_licencia_de_otra_persona_se_rechaza() -> None:
    """T-4 requisito 1.g (R-19)."""
    caso = _caso(T04, persona(), licencia(persona("79111222")))
    [fallo] = bloqueos(caso)
    assert fallo.mensaje == "La licencia 79111222 no está registrada a nombre de Ana María Pérez Gómez (CC 1020304050)."
    assert fallo.fuente == f"{NORMA}, trámite 4: tener una licencia de conducción registrada en el RUNT"


# -- T-5 Cambio por mayoría de edad ---------------------------------------------------------------------------------

def _mayoria(nacimiento: date, documento_licencia: str = "TI") -> Caso:
    menor = persona("1012345678", tipo="TI", nacimiento=nacimiento)
    anterior = licencia(menor, documento_titular=documento_licencia, expedida_en=date(2025, 1, 10),
                        vigente_hasta=date(2035, 1, 10))
    adulto = persona("1012345678", tipo="CC", nacimiento=nacimiento)  # the NUIP: same number on the cédula
    return _caso(T05, adulto, anterior)


def test_t05_cambia_la_licencia_a_la_cedula_el_dia_que_cumple_18() -> None:
    """T-5 description (R-23): licence issued on a TI, holder now of age with a CC; §6.2: re-issued on the cédula."""
    caso = _mayoria(cumpleanios(18))
    anterior = caso.sujeto
    ap = caso.aprobar()
    nueva = ap.sujeto
    assert (nueva.documento_titular, nueva.numero, nueva.titular_id) == ("CC", "1012345678", caso.partes["titular"].id)
    assert (nueva.categoria, nueva.vigente_hasta, nueva.motivo) == ("B1", date(2035, 1, 10), "mayoria de edad")
    assert anterior.estado is EstadoLicencia.REEMPLAZADA and nueva.reemplaza == anterior.id


def test_t05_la_vispera_de_los_18_se_rechaza() -> None:
    """T-5 description (R-23): «cuando se cumple la mayoría de edad»."""
    [fallo] = bloqueos(_mayoria(cumpleanios(18) + timedelta(days=1)))
    assert fallo.mensaje == "El titular aún no es mayor de edad (18 años cumplidos)."
    assert fallo.fuente == f"{NORMA}, trámite 5, descripción: cuando se cumple la mayoría de edad"


def test_t05_licencia_expedida_con_cedula_no_procede() -> None:
    """T-5 description (R-23): only a licence issued on a tarjeta de identidad."""
    [fallo] = bloqueos(_mayoria(date(2000, 1, 1), documento_licencia="CC"))
    assert "no se expidió con tarjeta de identidad" in fallo.mensaje
    assert fallo.fuente == f"{NORMA}, trámite 5, descripción: se pasa de tarjeta de identidad a cédula de ciudadanía"
