"""``ventanilla registros cargar``: load the local copies of RUNT, fines, vehicle tax and SOAT from CSV files."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress

from app.config import Settings
from domain.registros_carga import COLUMNAS, convertir_filas

registros = typer.Typer(help="Registros externos consultados por los trámites (copia local).", no_args_is_help=True)
consola = Console(soft_wrap=True)
_MAXIMO_ERRORES = 20


@registros.command("cargar")
def cargar(
    registro: Annotated[str, typer.Argument(help=f"Qué registro: {', '.join(COLUMNAS)}.")],
    archivo: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV en UTF-8 con encabezados.")],
) -> None:
    """Carga (o actualiza) filas de un registro desde un CSV; si una fila es inválida no se carga ninguna."""
    from persistence import crear_motor
    from persistence.carga_registros import guardar_filas

    if registro not in COLUMNAS:
        consola.print(f"[red]El registro «{registro}» no existe[/]; use: {', '.join(COLUMNAS)}.")
        raise typer.Exit(2)
    with archivo.open(encoding="utf-8-sig", newline="") as f:
        lector = csv.DictReader(f)
        faltan = [c for c in COLUMNAS[registro] if c not in (lector.fieldnames or []) and c != "pagada_en"]
        if faltan:
            consola.print(f"[red]Faltan columnas en {archivo.name}[/]: {', '.join(faltan)} "
                          f"(se esperan: {', '.join(COLUMNAS[registro])}).")
            raise typer.Exit(1)
        filas, errores = convertir_filas(registro, ((n, fila) for n, fila in enumerate(lector, start=2)))
    if errores:
        for error in errores[:_MAXIMO_ERRORES]:
            consola.print(f"[red]{archivo.name}, línea {error.linea}[/]: {error.mensaje}")
        if len(errores) > _MAXIMO_ERRORES:
            consola.print(f"… y {len(errores) - _MAXIMO_ERRORES} errores más.")
        consola.print(f"[red]No se cargó nada[/]: {len(errores)} fila(s) inválida(s) de {len(filas) + len(errores)}.")
        raise typer.Exit(1)
    motor = crear_motor(Settings().url_base_datos)
    try:
        with Progress(console=consola, transient=True) as progreso:
            tarea = progreso.add_task(f"Cargando {registro}", total=len(filas))
            n = guardar_filas(motor, registro, filas, datetime.now(UTC), lambda k: progreso.advance(tarea, k))
    finally:
        motor.dispose()
    consola.print(f"[green]{n} fila(s) cargada(s)[/] en el registro «{registro}».")
