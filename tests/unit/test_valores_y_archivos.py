"""Value objects and file rules (seed 000, paso 1: PDF/JPG/PNG, máximo 4 MB, sin especiales ni mayúsculas)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.archivos import validar_archivo
from domain.calendario import (
    dias_habiles_entre,
    es_dia_habil,
    nombre_festivo,
    sumar_dias_habiles,
    sumar_meses,
)
from domain.errores import ArchivoInvalido, DatoInvalido
from domain.motor.catalogo import CatalogoTramites
from domain.personas import Persona
from domain.valores import Identificacion, TipoIdentificacion
from domain.vehiculos import ClaseVehiculo, normalizar_placa
from tests.builders import PDF_MINIMO, PNG_MINIMO
from tests.fakes import InspectorPermisivo

REGLAS = CatalogoTramites.predeterminado().vigente("SDG-CERT-RESIDENCIA", date(2026, 1, 1)).entidad.archivos
PERMISIVO = InspectorPermisivo()  # the content parser is tested on real files in tests/integracion


@pytest.mark.parametrize("nombre", ["recibo.pdf", "cedula_2026.pdf", "recibo-luz.png"])
def test_nombres_validos(nombre: str) -> None:
    contenido = PNG_MINIMO if nombre.endswith("png") else PDF_MINIMO
    assert validar_archivo(nombre, contenido, REGLAS, PERMISIVO) in ("application/pdf", "image/png")


@pytest.mark.parametrize("nombre", ["Recibo.pdf", "recibo luz.pdf", "recibo_señal.pdf", "recibo.PDF", "recibo.exe",
                                    "../recibo.pdf", "recibo"])
def test_nombres_con_mayusculas_o_caracteres_especiales(nombre: str) -> None:
    with pytest.raises(ArchivoInvalido, match="nombre"):
        validar_archivo(nombre, PDF_MINIMO, REGLAS, PERMISIVO)


def test_tamano_maximo_4_megas() -> None:
    justo = PDF_MINIMO + b"0" * (4 * 1024 * 1024 - len(PDF_MINIMO))
    assert validar_archivo("grande.pdf", justo, REGLAS, PERMISIVO) == "application/pdf"
    with pytest.raises(ArchivoInvalido, match="máximo es 4 MB"):
        validar_archivo("grande.pdf", justo + b"0", REGLAS, PERMISIVO)


def test_tipo_por_contenido_no_por_extension() -> None:
    with pytest.raises(ArchivoInvalido, match="no corresponde"):
        validar_archivo("foto.jpg", PNG_MINIMO, REGLAS, PERMISIVO)
    with pytest.raises(ArchivoInvalido, match="no es un PDF"):
        validar_archivo("foto.png", b"GIF89a....", REGLAS, PERMISIVO)


@given(st.binary(max_size=64))
def test_ningun_contenido_arbitrario_pasa_como_pdf(contenido: bytes) -> None:
    if contenido.startswith(b"%PDF-"):
        return
    with pytest.raises(ArchivoInvalido):
        validar_archivo("x.pdf", contenido, REGLAS, PERMISIVO)


@pytest.mark.parametrize(("tipo", "numero", "esperado"), [
    ("cc", "1.020.304.050", "1020304050"), ("TI", "1001234567", "1001234567"),
    ("NIT", "900.373.115-3", "9003731153"), ("pa", "ab123456", "AB123456"), ("CC", "79.111.222", "79111222"),
    ("CC", " 79111222 ", "79111222"), ("CC", "1 020 345 678", "1020345678"), ("NIT", "9003731153", "9003731153"),
    ("NIT", "900 373 115 - 3", "9003731153"), ("CC", "123.456", "123456"),
])
def test_identificacion_normaliza(tipo: str, numero: str, esperado: str) -> None:
    assert Identificacion.crear(tipo, numero).numero == esperado


@pytest.mark.parametrize(("tipo", "numero"), [("CC", "12A45"), ("CC", "0123"), ("TI", "123"), ("NIT", "900373115-1"),
                                              ("XX", "123")])
def test_identificacion_malformada(tipo: str, numero: str) -> None:
    with pytest.raises(DatoInvalido):
        Identificacion.crear(tipo, numero)


@pytest.mark.parametrize(("tipo", "numero"), [
    ("CC", "12.34.56"), ("CC", "1020.345.678"), ("CC", "1.020.345678"), ("CC", ".123.456"), ("CC", "123.456."),
    ("CC", "1.020 345.678"), ("CC", "1..020"), ("NIT", "90.0373.115-3"), ("CC", "1020-345-678"),
])
def test_identificacion_con_separadores_mal_ubicados(tipo: str, numero: str) -> None:
    with pytest.raises(DatoInvalido) as error:
        Identificacion.crear(tipo, numero)
    assert error.value.campo == "numero"
    if "." in numero:
        assert "mal ubicados" in str(error.value) and "1.020.345.678" in str(error.value)


def test_persona_no_cambia_identificacion() -> None:
    """Seed 000: los campos que no se pueden editar son el tipo y número de identificación."""
    p = Persona(__import__("uuid").uuid4(), Identificacion(TipoIdentificacion.CC, "1020304050"), "Ana", "Pérez")
    p.actualizar(direccion="Calle 1 # 2-3", correo="a@b.co")
    assert p.direccion == "Calle 1 # 2-3"
    with pytest.raises(DatoInvalido, match="no se pueden editar"):
        p.actualizar(identificacion=Identificacion(TipoIdentificacion.CC, "1"))
    with pytest.raises(DatoInvalido, match="correo"):
        p.actualizar(correo="sin-arroba")


def test_festivos_colombianos_y_ley_emiliani() -> None:
    assert not es_dia_habil(date(2026, 3, 23))  # San José, moved to Monday
    assert "San José" in (nombre_festivo(date(2026, 3, 23)) or "")
    assert not es_dia_habil(date(2026, 12, 25)) and not es_dia_habil(date(2026, 3, 21))
    assert sumar_dias_habiles(date(2026, 12, 23), 5) == date(2026, 12, 31)
    assert dias_habiles_entre(date(2026, 3, 20), date(2026, 3, 24)) == 1
    assert dias_habiles_entre(date(2026, 3, 24), date(2026, 3, 20)) == -1


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)), st.integers(0, 40))
def test_sumar_dias_habiles_cae_en_dia_habil(desde: date, n: int) -> None:
    resultado = sumar_dias_habiles(desde, n)
    assert dias_habiles_entre(desde, resultado) == n
    assert n == 0 or es_dia_habil(resultado)


def test_sumar_meses_recorta_fin_de_mes() -> None:
    assert sumar_meses(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert sumar_meses(date(2026, 11, 15), 3) == date(2027, 2, 15)


def test_placas() -> None:
    assert normalizar_placa("abc-123", ClaseVehiculo.AUTOMOTOR) == "ABC123"
    assert normalizar_placa("R12345", ClaseVehiculo.REMOLQUE) == "R12345"
    with pytest.raises(DatoInvalido, match="placa"):
        normalizar_placa("AB1234", ClaseVehiculo.AUTOMOTOR)
