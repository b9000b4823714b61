"""The catálogo's condition language: what it evaluates and what it refuses when the catálogo loads (issue 8 §1)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from domain.motor.condiciones import CondicionInvalida, Vocabulario, compilar

VOC = Vocabulario(datos=frozenset({"motivo", "valor"}), roles=frozenset({"titular", "apoderado"}),
                  atributos_persona=frozenset({"edad", "es_menor"}), atributos_sujeto=frozenset({"servicio"}),
                  tablas={"retencion": frozenset({"aplica"})},
                  opciones={"datos.motivo": frozenset({"sucesion", "venta"})})


def _ctx(**datos: object) -> SimpleNamespace:
    return SimpleNamespace(datos=datos, partes={"titular": SimpleNamespace(edad=17, es_menor=True)},
                           sujeto=SimpleNamespace(servicio="publico"), tablas={"retencion": {"aplica": True}})


@pytest.mark.parametrize(("texto", "esperado"), [
    ("partes.titular.es_menor", True),
    ("partes.titular.edad >= 18", False),
    ("16 <= partes.titular.edad < 18", True),
    ("'apoderado' in partes", False),
    ("'titular' in partes and sujeto.servicio == 'publico'", True),
    ("datos.motivo in ['sucesion', 'venta']", True),
    ("not tablas.retencion.aplica", False),
    ("partes.apoderado.edad > 10", False),  # absent parte: None never orders
    ("datos.valor == None", True),
])
def test_evalua(texto: str, esperado: bool) -> None:
    assert compilar(texto, VOC)(_ctx(motivo="sucesion")) is esperado


@pytest.mark.parametrize(("texto", "motivo"), [
    ("datos.motivoo == 'venta'", "«motivoo»"),
    ("partes.notario.edad > 1", "«notario»"),
    ("datos.motivo == 'herencia'", "herencia, que no es una de sus opciones"),
    ("__import__('os')", "no está permitido"),
    ("datos.motivo.upper()", "no está permitido"),
    ("tablas.otra.aplica", "no es una salida"),
    ("x == 1", "empieza por «x»"),
    ("'notario' in partes", "la parte «notario», que no está declarada"),
    ("datos.motivo ==", "no se puede leer"),
])
def test_rechaza_al_cargar(texto: str, motivo: str) -> None:
    with pytest.raises(CondicionInvalida) as error:
        compilar(texto, VOC)
    assert motivo in error.value.mensaje
