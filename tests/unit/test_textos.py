"""domain/textos.py: the hygiene every text input goes through (lengths are the columns')."""

from __future__ import annotations

import pytest

from domain import textos
from domain.errores import DatoInvalido
from domain.personas import validar_datos


@pytest.mark.parametrize("malo", ["a\x00b", "\x1b[31m", "a\x7f", "a\x85b", "\u009b", "a\ud800"])
def test_caracteres_de_control_y_sustitutos_se_rechazan(malo: str) -> None:
    with pytest.raises(DatoInvalido, match="caracteres de control") as e:
        textos.texto(malo, "nombres", textos.NOMBRE)
    assert e.value.campo == "nombres"
    assert textos.muestra(malo) != malo and "\ufffd" in textos.muestra(malo)


def test_saltos_de_linea_solo_en_texto_libre() -> None:
    assert textos.texto(" uno\n\tdos \r\n", "motivo", textos.MOTIVO, multilinea=True) == "uno\n\tdos"
    with pytest.raises(DatoInvalido):
        textos.texto("uno\ndos", "nombres", textos.NOMBRE)


def test_largo_maximo_tras_quitar_espacios() -> None:
    assert textos.texto("  " + "x" * textos.TELEFONO + "  ", "telefono", textos.TELEFONO) == "x" * textos.TELEFONO
    with pytest.raises(DatoInvalido, match=f"máximo {textos.TELEFONO} caracteres"):
        textos.texto("x" * (textos.TELEFONO + 1), "telefono", textos.TELEFONO)


def test_datos_de_persona_normalizados() -> None:
    assert validar_datos({"sexo": " nb ", "nacionalidad": "ve", "nombres": " Ana ", "fecha_nacimiento": None}) == {
        "sexo": "NB", "nacionalidad": "VE", "nombres": "Ana", "fecha_nacimiento": None}
    assert validar_datos({"sexo": "  "}) == {"sexo": None}
    # "\x1f".strip() is "": a control character must not pass for an empty sexo.
    for campo, valor in (("sexo", "femenino"), ("sexo", "\x1f"), ("sexo", " \x1c "), ("nacionalidad", "COL"),
                         ("nacionalidad", "C0")):
        with pytest.raises(DatoInvalido) as e:
            validar_datos({campo: valor})
        assert e.value.campo == campo



def test_redaccion_enumera_y_cita_en_espanol() -> None:
    from domain.redaccion import citar, enumerar

    assert [enumerar([]), enumerar(["PDF"]), enumerar(["PDF", "PNG"]), enumerar(["PDF", "JPG", "PNG"])] == [
        "", "PDF", "PDF o PNG", "PDF, JPG o PNG"]
    assert enumerar(["a", "b"], "y") == "a y b"
    assert citar("Falta el soporte: Recibo.", "Guía, paso 1") == "Falta el soporte: Recibo (Guía, paso 1)."
    assert citar("Sin punto", "") == "Sin punto."
