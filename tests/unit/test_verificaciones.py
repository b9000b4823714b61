"""The official's verification of the «Revisar» checklist items (domain/verificaciones.py), and the catalogue's
permission for definitive rejection and annulment (domain/decisiones_permitidas.py), in both catalogue formats."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from domain.decisiones_permitidas import decisiones_de, leer, problemas
from domain.errores import DatoInvalido, TransicionInvalida
from domain.motor.catalogo import CatalogoTramites
from domain.motor.fuentes import CatalogoInvalido
from domain.reglas import Hallazgo, Resultado
from domain.verificaciones import (
    ResultadoVerificacion,
    exigir_aprobable,
    motivos_sugeridos,
    no_verificados,
    nueva,
    pendientes,
    revisables,
    vigentes,
)
from tests.motor.test_catalogo_motor import copia  # noqa: F401 (fixture)

CUANDO = datetime(2026, 3, 17, 15, tzinfo=UTC)
QUIEN = uuid.uuid4()
V, NV = ResultadoVerificacion.VERIFICADO, ResultadoVerificacion.NO_VERIFICADO
# As the residence certificate's checklist comes out (domain/catalogo/certificado_residencia.toml, seed 000 paso 1
# and paso 5): two «Revisar» items of the same rule under one requisito, so the position is what names an item.
HALLAZGOS = [
    Hallazgo("documento_identidad", "presente", Resultado.CUMPLE, "Se anexó: Documento de identidad.", "paso 1"),
    Hallazgo("documento_identidad", "datos_coinciden_con_soporte", Resultado.REVISAR,
             "Confirme que los datos registrados coinciden con el documento anexo.", "paso 5"),
    Hallazgo("recibo_servicio_publico", "visible_en_soporte", Resultado.REVISAR,
             "Confirme que en el soporte se ve la dirección del inmueble.", "paso 1"),
    Hallazgo("recibo_servicio_publico", "visible_en_soporte", Resultado.REVISAR,
             "Confirme que en el soporte se ve la fecha de facturación.", "paso 1"),
]
NOMBRES = {"documento_identidad": "Documento de identidad del titular",
           "recibo_servicio_publico": "Recibo de servicio público"}


def _v(indice: int, resultado: ResultadoVerificacion = V, observacion: str = "") -> object:
    return nueva(HALLAZGOS, indice, resultado, QUIEN, "Ana Revisora", CUANDO, observacion)


def test_solo_los_puntos_revisar_se_verifican() -> None:
    assert revisables(HALLAZGOS) == [1, 2, 3]
    with pytest.raises(DatoInvalido, match="lo comprobó la plataforma"):
        _v(0)
    with pytest.raises(DatoInvalido, match="no existe"):
        _v(4)
    with pytest.raises(DatoInvalido, match="no existe"):
        _v(-1)


def test_la_verificacion_guarda_quien_cuando_y_la_observacion() -> None:
    v = nueva(HALLAZGOS, 2, NV, QUIEN, "Ana Revisora", CUANDO, "  La dirección está tapada.  ")
    assert (v.indice, v.requisito, v.regla, v.resultado) == (2, "recibo_servicio_publico", "visible_en_soporte", NV)
    assert (v.funcionario_id, v.funcionario_nombre, v.cuando) == (QUIEN, "Ana Revisora", CUANDO)
    assert v.observacion == "La dirección está tapada."


def test_no_verificado_exige_observacion_de_una_linea() -> None:
    with pytest.raises(DatoInvalido, match="será el motivo de rechazo"):
        _v(1, NV, "   ")
    with pytest.raises(DatoInvalido, match="caracteres de control"):
        _v(1, NV, "una\nlínea")
    with pytest.raises(DatoInvalido, match="máximo 350"):
        _v(1, NV, "x" * 351)


def test_un_formulario_viejo_no_verifica_otro_punto() -> None:
    with pytest.raises(TransicionInvalida, match="cambió"):
        nueva(HALLAZGOS, 1, V, QUIEN, "Ana", CUANDO, "", requisito="recibo_servicio_publico")
    assert nueva(HALLAZGOS, 1, V, QUIEN, "Ana", CUANDO, "", requisito="documento_identidad",
                 regla="datos_coinciden_con_soporte").indice == 1


def test_aprobar_exige_todo_verificado_y_nada_no_verificado() -> None:
    with pytest.raises(TransicionInvalida, match="faltan por verificar 3 puntos «Revisar»"):
        exigir_aprobable("RES-1", HALLAZGOS, [])
    dos = [_v(1), _v(2)]
    assert pendientes(HALLAZGOS, dos) == [3]
    with pytest.raises(TransicionInvalida, match=r"falta verificar un punto «Revisar».*fecha de facturación"):
        exigir_aprobable("RES-1", HALLAZGOS, dos)
    con_falla = [*dos, _v(3, NV, "No se ve la fecha.")]
    with pytest.raises(TransicionInvalida, match="«No verificado»"):
        exigir_aprobable("RES-1", HALLAZGOS, con_falla)
    corregida = [*con_falla, _v(3)]  # the last mark of an item wins
    assert vigentes(HALLAZGOS, corregida)[3].resultado is V and no_verificados(HALLAZGOS, corregida) == []
    exigir_aprobable("RES-1", HALLAZGOS, corregida)


def test_una_verificacion_que_ya_no_nombra_su_punto_no_cuenta() -> None:
    otros = [HALLAZGOS[0], HALLAZGOS[2], HALLAZGOS[1], HALLAZGOS[3]]  # same positions, other findings
    assert pendientes(otros, [_v(1), _v(2), _v(3)]) == [1, 2]


def test_motivos_sugeridos_nombran_el_requisito_y_la_observacion() -> None:
    marcas = [_v(1), _v(2, NV, "La dirección está tapada."), _v(3, NV, "No se ve la fecha.")]
    assert motivos_sugeridos(HALLAZGOS, marcas, NOMBRES.__getitem__) == [
        "Recibo de servicio público: La dirección está tapada.",
        "Recibo de servicio público: No se ve la fecha.",
    ]


# -- the catalogue's permission -----------------------------------------------------------------------------------
def test_el_certificado_de_residencia_admite_rechazo_definitivo_y_anulacion_con_su_norma() -> None:
    """docs/decisiones.md: seed 000 names only the rejection with 30 days to correct (paso 8); what cannot be
    corrected is decided on the merits (Ley 1437 de 2011, art. 42), and a desistimiento expreso (Ley 1755 de 2015,
    art. 18) or a duplicate is annulled."""
    tramite = CatalogoTramites.predeterminado().vigente("SDG-CERT-RESIDENCIA", date(2026, 3, 17))
    p = decisiones_de(tramite)
    assert p.admite_rechazo_definitivo and p.admite_anulacion
    assert p.rechazo_definitivo is not None and "Ley 1437 de 2011" in p.rechazo_definitivo.fuente
    assert any("Bogotá D.C." in c for c in p.rechazo_definitivo.causales)
    assert p.anulacion is not None and "Ley 1755 de 2015, art. 18" in p.anulacion.fuente


def test_sin_tabla_no_se_admite_ninguna() -> None:
    p = leer(None)
    assert not p.admite_rechazo_definitivo and not p.admite_anulacion
    for t in CatalogoTramites.predeterminado().de_entidad("MOVILIDAD-CHIA"):  # Chía's does not declare them (yet)
        assert not decisiones_de(t).admite_rechazo_definitivo and not decisiones_de(t).admite_anulacion


@pytest.mark.parametrize(("tabla", "esperado"), [
    ({"rechazo_definitivo": {"causales": ["x"]}}, "falta «fuente»"),
    ({"rechazo_definitivo": {"fuente": "Ley 1", "causales": "x"}}, "lista de textos"),
    ({"anulacion": {"fuente": "Ley 1", "causal": ["x"]}}, "no admite la clave «causal»"),
    ({"anular": {"fuente": "Ley 1"}}, "no admite la clave «anular»"),
    ("sí", "debe ser una tabla"),
])
def test_una_tabla_mal_escrita_se_explica(tabla: object, esperado: str) -> None:
    assert any(esperado in problema for _, problema in problemas(tabla))


def test_el_motor_lee_la_tabla_y_dice_archivo_y_linea_si_esta_mal(copia: Path) -> None:  # noqa: F811
    archivo = copia / "t38_cambio_color_automotor.toml"
    texto = archivo.read_text(encoding="utf-8")
    bien = texto.replace("\n[sujeto]\n", '\n[decisiones_permitidas.anulacion]\nfuente = "Ley 1755 de 2015, art. 18"\n'
                                          'causales = ["Desistimiento expreso."]\n\n[sujeto]\n', 1)
    archivo.write_text(bien, encoding="utf-8")
    t38 = CatalogoTramites.cargar(copia.parent).vigente("CHIA-T38", datetime(2026, 1, 1).date())
    assert decisiones_de(t38).admite_anulacion and not decisiones_de(t38).admite_rechazo_definitivo
    assert decisiones_de(t38).anulacion.causales == ("Desistimiento expreso.",)  # type: ignore[union-attr]

    mal = bien.replace('fuente = "Ley 1755 de 2015, art. 18"', 'fuente = "seed 003"')
    archivo.write_text(mal, encoding="utf-8")
    linea = mal[: mal.index('fuente = "seed 003"')].count("\n") + 1
    with pytest.raises(CatalogoInvalido) as error:
        CatalogoTramites.cargar(copia.parent)
    assert any(re.search(rf"t38_cambio_color_automotor\.toml, línea {linea}: .*debe citar la norma", e)
               for e in error.value.errores), error.value.errores

    archivo.write_text(bien.replace("causales = [", "causal = ["), encoding="utf-8")
    with pytest.raises(CatalogoInvalido) as error:
        CatalogoTramites.cargar(copia.parent)
    assert any("t38_cambio_color_automotor.toml" in e and "no admite la clave «causal»" in e
               for e in error.value.errores), error.value.errores
