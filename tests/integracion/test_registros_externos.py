"""External registries (issue 8 §1): loaded by ``ventanilla registros cargar``, read by the SQL adapter.

Real SQLite / PostgreSQL; the CLI goes through typer's runner with the database URL in the environment.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from app.cli import app
from domain.valores import Identificacion
from persistence import RegistrosExternosSQL
from persistence.tablas_registros import multas_transito

pytestmark = pytest.mark.db
runner = CliRunner()


def _cargar(url: str, registro: str, archivo: Path, texto: str) -> tuple[int, str]:
    archivo.write_text(texto, encoding="utf-8")
    resultado = runner.invoke(app, ["registros", "cargar", registro, str(archivo)],
                              env={"VENTANILLA_DATABASE_URL": url})
    return resultado.exit_code, resultado.output


def test_cargar_y_consultar_los_cuatro_registros(motor: Engine, url_bd: str, tmp_path: Path) -> None:
    assert _cargar(url_bd, "runt", tmp_path / "runt.csv",
                   "tipo_identificacion,numero_identificacion,inscrita_en\nCC,79.111.222,2015-02-01\n")[0] == 0
    codigo, salida = _cargar(url_bd, "multas", tmp_path / "multas.csv",
                             "numero,tipo_identificacion,numero_identificacion,fecha,valor,pagada_en\n"
                             "C-1,CC,79111222,2025-11-02,468500,\nC-2,CC,79111222,2024-01-10,200000,2024-02-01\n")
    assert codigo == 0 and "2 fila(s) cargada(s)" in salida
    impuestos = "placa,vigencia,pagado_en\nabc-123,2026,2026-04-30\n"
    assert _cargar(url_bd, "impuestos", tmp_path / "imp.csv", impuestos)[0] == 0
    assert _cargar(url_bd, "soat", tmp_path / "soat.csv", "numero,placa,desde,hasta,aseguradora\n"
                   "S-9,ABC123,2025-06-01,2026-05-31,Seguros del Estado\n")[0] == 0

    registros = RegistrosExternosSQL(motor)
    cedula = Identificacion.crear("CC", "79111222")
    assert registros.inscrito_runt(cedula) and not registros.inscrito_runt(Identificacion.crear("CC", "52333444"))
    assert [(m.numero, m.valor) for m in registros.multas_pendientes(cedula)] == [("C-1", Decimal("468500.00"))]
    assert registros.impuesto_pagado("ABC123", 2026) and not registros.impuesto_pagado("ABC123", 2025)
    poliza = registros.soat("ABC123", date(2026, 5, 31))
    assert poliza is not None and poliza.vigente_en(date(2026, 5, 31)) and not poliza.vigente_en(date(2026, 6, 1))


def test_recargar_una_multa_pagada_la_actualiza(motor: Engine, url_bd: str, tmp_path: Path) -> None:
    encabezado = "numero,tipo_identificacion,numero_identificacion,fecha,valor,pagada_en\n"
    _cargar(url_bd, "multas", tmp_path / "a.csv", encabezado + "C-1,CC,79111222,2025-11-02,468500,\n")
    _cargar(url_bd, "multas", tmp_path / "b.csv", encabezado + "C-1,CC,79111222,2025-11-02,468500,2026-01-15\n")
    assert RegistrosExternosSQL(motor).multas_pendientes(Identificacion.crear("CC", "79111222")) == []


def test_una_fila_invalida_no_carga_ninguna_y_dice_la_linea(motor: Engine, url_bd: str, tmp_path: Path) -> None:
    codigo, salida = _cargar(url_bd, "multas", tmp_path / "m.csv",
                             "numero,tipo_identificacion,numero_identificacion,fecha,valor,pagada_en\n"
                             "C-1,CC,79111222,2025-11-02,468500,\n"
                             "C-2,CC,79111222,2025-13-02,1000,\n"
                             "C-3,XX,1,2025-01-02,5,\n"
                             "C-4,CC,79111222,2025-01-02,-5,\n")
    assert codigo == 1
    assert "m.csv, línea 3: «fecha» = «2025-13-02» no es una fecha AAAA-MM-DD" in salida
    assert "m.csv, línea 4: Tipo de identificación «XX» no reconocido" in salida
    assert "m.csv, línea 5: «valor» = «-5» debe ser un valor no negativo" in salida
    assert "No se cargó nada: 3 fila(s) inválida(s) de 4." in salida
    with motor.connect() as conexion:
        assert conexion.execute(select(func.count()).select_from(multas_transito)).scalar_one() == 0


def test_columnas_que_faltan_y_registro_desconocido(url_bd: str, tmp_path: Path) -> None:
    codigo, salida = _cargar(url_bd, "soat", tmp_path / "s.csv", "numero,placa\nS-1,ABC123\n")
    assert codigo == 1 and "Faltan columnas en s.csv: desde, hasta, aseguradora" in salida
    codigo, salida = _cargar(url_bd, "runtt", tmp_path / "r.csv", "x\n")
    assert codigo == 2 and "El registro «runtt» no existe" in salida
