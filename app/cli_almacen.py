"""``ventanilla almacen limpiar``: delete the file store's orphan blobs (persistence/limpieza_almacen.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from app.config import Settings

almacen = typer.Typer(help="Almacén de archivos subidos y emitidos.", no_args_is_help=True)
consola = Console()


@almacen.command("limpiar")
def limpiar(
    gracia: Annotated[float, typer.Option(
        "--gracia", min=1.0, help="Horas: un archivo sin referencias más reciente que esto no se toca (puede ser de "
                                  "una transacción en curso).")] = 24.0,
    simular: Annotated[bool, typer.Option("--simular", help="Solo informar qué se borraría.")] = False,
) -> None:
    """Borra los archivos que ninguna fila referencia (de transacciones fallidas o interrumpidas)."""
    from persistence import AlmacenLocal, crear_motor
    from persistence.limpieza_almacen import limpiar_almacen

    settings = Settings()
    motor = crear_motor(settings.url_base_datos)
    columnas = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    try:
        with Progress(*columnas, console=consola, transient=True) as progreso:
            tarea = progreso.add_task("Revisando archivos", total=None)
            resultado = limpiar_almacen(
                motor, AlmacenLocal(settings.archivos), gracia=timedelta(hours=gracia), simular=simular,
                al_listar=lambda total: progreso.update(tarea, total=total),
                al_revisar=lambda: progreso.advance(tarea),
            )
    finally:
        motor.dispose()
    verbo = "Se borrarían" if simular else "Borrados"
    consola.print(f"{resultado.revisados} archivos revisados: {resultado.en_uso} en uso, {resultado.recientes} "
                  f"recientes sin referencia (menos de {gracia:g} h).")
    consola.print(f"[green]{verbo}[/] {len(resultado.borrados)} huérfanos "
                  f"({resultado.bytes_liberados / (1024 * 1024):.1f} MB)"
                  + (f" y {resultado.temporales} temporales." if resultado.temporales else "."))
