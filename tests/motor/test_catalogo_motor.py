"""The catálogo loads whole and every name in it exists (issue 8 §1); an invalid one names file and line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from domain.motor.catalogo import DIRECTORIO, CatalogoTramites
from domain.motor.fuentes import CatalogoInvalido
from domain.motor.registro import EFECTOS, REGLAS
from tests.motor.escenarios import CATALOGO


def test_el_catalogo_real_carga_y_cita_normas_no_archivos() -> None:
    tramites = CATALOGO.todos()
    assert tramites
    for t in tramites:
        textos = [t.fuente, *(r.fuente for r in t.requisitos), *(r.fuente for r in t.reglas),
                  *(p.fuente for p in t.partes), *(e.fuente for e in t.efectos), *t.fundamento]
        for texto in textos:
            assert "seed" not in texto.lower() and ".toml" not in texto and "{" not in texto, (t.codigo, texto)
        assert t.plazo_dias_habiles > 0


def test_cada_regla_y_efecto_del_catalogo_esta_registrado_con_su_ambito() -> None:
    for t in CATALOGO.todos():
        for r in t.reglas:
            assert REGLAS[r.regla].ambito == "tramite"
        for req in t.requisitos:
            for r in req.reglas:
                assert REGLAS[r.regla].ambito == "soporte"
        for e in t.efectos:
            assert t.sujeto.tipo in EFECTOS[e.efecto].sujetos


@pytest.fixture
def copia(tmp_path: Path) -> Path:
    destino = tmp_path / "tramites"
    shutil.copytree(DIRECTORIO, destino)
    return destino / "movilidad_chia"


def _romper(archivo: Path, antes: str, despues: str) -> int:
    texto = archivo.read_text(encoding="utf-8")
    assert antes in texto
    linea = texto[: texto.index(antes)].count("\n") + 1
    archivo.write_text(texto.replace(antes, despues, 1), encoding="utf-8")
    return linea


@pytest.mark.parametrize(("antes", "despues", "esperado"), [
    ('regla = "es_propietario"', 'regla = "es_propietaria"',
     "la regla «es_propietaria» no existe (¿quiso decir «es_propietario»?)"),
    ('efecto = "traspasar"', 'efecto = "traspasa"', "el efecto «traspasa» no existe"),
    ('tipo = "dinero"', 'tipo = "plata"', "el tipo de dato «plata» no existe"),
    ('aplica_si = "tablas.retencion.aplica"', 'aplica_si = "tablas.retencion.aplicaa"',
     "no es una salida de una tabla"),
    ('plazo_dias_habiles = 3', 'plazo_dias_habiles = "tres"', "falta «plazo_dias_habiles»"),
    ('original = true', 'orginal = true', "no admite la clave «orginal» (¿quiso decir «original»?)"),
    ('a = ["comprador"]', 'a = ["compradora"]', "roles de parte no declarado: compradora"),
    ('fuente = "Resolución 5721 de 2019 de Chía, trámite 21"', 'fuente = "seed 003"', "debe citar la norma"),
])
def test_un_catalogo_invalido_dice_archivo_y_linea(copia: Path, antes: str, despues: str, esperado: str) -> None:
    archivo = copia / "t21_traspaso_automotor.toml"
    linea = _romper(archivo, antes, despues)
    with pytest.raises(CatalogoInvalido) as error:
        CatalogoTramites.cargar(copia.parent)
    lineas = [e for e in error.value.errores if esperado in e]
    assert lineas, error.value.errores
    assert re.search(rf"t21_traspaso_automotor\.toml, línea {linea}: ", lineas[0]), lineas[0]


def test_condicion_con_opcion_inexistente_se_rechaza_al_cargar(copia: Path) -> None:
    bloques = copia / "_bloques.toml"
    linea = _romper(bloques, "datos.naturaleza_entidad == 'publica'", "datos.naturaleza_entidad == 'publicaa'")
    with pytest.raises(CatalogoInvalido) as error:
        CatalogoTramites.cargar(copia.parent)
    assert any(f"_bloques.toml, línea {linea}: " in e and "publicaa" in e for e in error.value.errores)


def test_bloque_inexistente_y_toml_roto(copia: Path) -> None:
    _romper(copia / "t21_traspaso_automotor.toml", '"vehiculo_activo",', '"vehiculo_activ",')
    (copia / "t99_roto.toml").write_text('codigo = "X\n', encoding="utf-8")
    with pytest.raises(CatalogoInvalido) as error:
        CatalogoTramites.cargar(copia.parent)
    errores = "\n".join(error.value.errores)
    assert "el bloque «vehiculo_activ» no existe" in errores
    assert "t99_roto.toml: el archivo no es TOML válido" in errores


def test_comando_catalogo_valida_y_lista(copia: Path) -> None:
    from typer.testing import CliRunner

    from app.cli import app

    runner = CliRunner()
    resultado = runner.invoke(app, ["catalogo", "--directorio", str(copia.parent)], env={"COLUMNS": "200"})
    assert resultado.exit_code == 0 and "CHIA-T21" in resultado.output and "Catálogo válido" in resultado.output
    linea = _romper(copia / "t21_traspaso_automotor.toml", 'efecto = "traspasar"', 'efecto = "traspasa"')
    resultado = runner.invoke(app, ["catalogo", "--directorio", str(copia.parent)], env={"COLUMNS": "300"})
    assert resultado.exit_code == 1
    assert f"t21_traspaso_automotor.toml, línea {linea}: el efecto «traspasa» no existe" in resultado.output


def test_todo_tramite_sobre_un_vehiculo_activo_exige_que_este_registrado_aqui() -> None:
    """Seed 003: a trámite is done before the organismo that keeps the matrícula (shared block vehiculo_activo);
    the radicación (T-13, T-42) and the matrícula itself are the exceptions, with their own checks."""
    from tests.motor.escenarios import Caso, RegistrosEnMemoria, persona, remolque, soportes_de, tramite

    sin_chequeo = [t.codigo for t in CATALOGO.todos()
                   if any(r.regla == "estado_matricula" and "activa" in r.parametros["estados"] for r in t.reglas)
                   and not any(r.regla == "registrado_en_este_organismo" for r in t.reglas)]
    assert sin_chequeo == []
    dueno = persona()
    t7 = tramite(7)
    ajeno = remolque(dueno, organismo="TRANSITO-CAJICA")
    caso = Caso(t7, {"titular": dueno}, ajeno, soportes_de(t7, {"titular": dueno}),
                {"tipo_gravamen": "prenda", "beneficiario": "Banco", "documento_gravamen": "C-1"},
                RegistrosEnMemoria().inscribir(dueno))
    fallo = next(h for h in caso.fallidos() if h.regla == "registrado_en_este_organismo")
    assert fallo.bloqueante and "registrada en otro organismo de tránsito (TRANSITO-CAJICA)" in fallo.mensaje
