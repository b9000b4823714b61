"""The 23 vehículos automotores trámites (20 to 42) as the catálogo loads them: identity, the common blocks of the
seed 003 digest §2.1 (CB-BASE, FN-V, SC-EXT, SC-PUB, SC-PRIV, B-FORM-RNA), norms as citizens cite them, and the
per-trámite tables of §3 (improntas R-25/R-26, DIJIN R-31, vehicle tax R-61…R-63)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from domain.motor.esquema import TramiteDef
from tests.motor.escenarios import tramite

NUMEROS = list(range(20, 43))
NORMA = re.compile(r"(Ley \d+ de \d{4}|Decreto( Ley)? \d+ de \d{4}|"
                   r"(Resolución|Circular) \d+ de \d{4} del Ministerio de Transporte)")
BASE = {"cedula", "tarjeta_identidad", "cedula_extranjeria", "recibo_pago", "poder_o_mandato", "acto_delegacion",
        "certificado_existencia", "formulario"}


def _textos(t: TramiteDef) -> list[str]:
    return [t.nombre, t.descripcion, t.fuente, *t.fundamento,
            *(x for r in t.requisitos for x in (r.nombre, r.fuente, *(g.fuente for g in r.reglas))),
            *(r.fuente for r in t.reglas), *(e.fuente for e in t.efectos), *(p.fuente for p in t.partes)]


@pytest.mark.parametrize("numero", NUMEROS)
def test_identidad_bloques_comunes_y_citas(numero: int) -> None:
    """§2.2: code, number, valid from 18 December 2019, 3 días hábiles, RNA form, base + FN-V + SC-* blocks."""
    t = tramite(numero)
    assert (t.codigo, t.numero, t.vigente_desde, t.plazo_dias_habiles) == (f"CHIA-T{numero}", numero,
                                                                           date(2019, 12, 18), 3)
    assert t.formulario == "Formulario de solicitud de trámite del Registro Nacional Automotor"
    assert t.fuente == f"Resolución 5721 de 2019 de Chía, trámite {numero}"
    assert {r.codigo for r in t.requisitos} >= BASE
    assert {"titular", "apoderado"} <= {p.rol for p in t.partes}
    assert t.sujeto.tipo == "vehiculo" and set(t.sujeto.clases) <= {"automotor", "motocicleta"}
    assert t.efectos and t.decisiones
    assert t.fundamento and all(NORMA.fullmatch(n) for n in t.fundamento), t.fundamento
    assert all("Resolución 5721 de 2019 de Chía" in f for f in [*(r.fuente for r in t.requisitos),
                                                                *(e.fuente for e in t.efectos)])
    assert not any("{" in x or "}" in x for x in _textos(t))
    assert not any(r.regla == "edad_minima" for r in t.reglas)  # licence ages do not apply to vehicles


IMPRONTAS = {21, 23, 24, 25, 26, 27, 28, 29, 32, 34, 35, 36, 38, 40, 41}


@pytest.mark.parametrize("numero", NUMEROS)
def test_improntas_donde_el_manual_las_pide(numero: int) -> None:
    """R-25 / D-IMPR: improntas in the trámites that list them (A-13: optional in T-34); R-26: not in duplicados,
    traspaso indeterminado or the others that do not list them (20, 22, 30, 31, 33, 37, 39, 42)."""
    improntas = tramite(numero).requisito("improntas")
    assert (improntas is not None) is (numero in IMPRONTAS)
    if improntas is not None:
        assert improntas.original and improntas.obligatorio is (numero != 34)


@pytest.mark.parametrize("numero", NUMEROS)
def test_revision_dijin_y_orden_de_fiscalia(numero: int) -> None:
    """R-31 (DIJIN revisión técnica: 24, 25, 26, 34) and R-32 (Fiscalía orden de entrega: 24)."""
    t = tramite(numero)
    assert (t.requisito("revision_dijin") is not None) is (numero in {24, 25, 26, 34})
    assert (t.requisito("orden_entrega_fiscalia") is not None) is (numero == 24)


@pytest.mark.parametrize("numero", NUMEROS)
def test_impuesto_vehicular_solo_en_matricula_traspaso_y_traslado(numero: int) -> None:
    """R-61…R-63: the vehicle tax is verified for matrícula (27), traspaso (21, 22) and traslado (23, at the origin,
    A-14); never for the cancelación (34) nor the other trámites."""
    reglas = {r.regla for r in tramite(numero).reglas}
    verifica = bool(reglas & {"impuesto_al_dia", "impuesto_vehiculo_nuevo"})
    assert verifica is (numero in {21, 22, 23, 27})
