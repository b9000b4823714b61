"""``ventanilla estadisticas actualizar``: fold the solicitudes' event log into the statistics aggregates."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from app.config import Settings

estadisticas = typer.Typer(help="Estadísticas de las solicitudes por entidad.", no_args_is_help=True)
consola = Console()


@estadisticas.command("actualizar")
def actualizar(
    lote: Annotated[int, typer.Option("--lote", min=100, max=50_000,
                                      help="Eventos por transacción.")] = 2_000,
) -> None:
    """Suma a las estadísticas los eventos registrados desde la última actualización (idempotente)."""
    from app.composicion import RelojSistema
    from domain.casos_uso.estadisticas import actualizar_estadisticas
    from persistence import EstadisticasSQL, crear_motor

    settings = Settings()
    motor = crear_motor(settings.url_base_datos)
    columnas = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    try:
        almacen = EstadisticasSQL(motor)
        # The bar's total is counted up front (an index-only count of what waits); the first run folds the whole log.
        pendientes = almacen.pendientes(almacen.marca(), 10**12)
        with Progress(*columnas, console=consola, transient=True) as progreso:
            tarea = progreso.add_task("Sumando eventos", total=pendientes or None)
            plegados = actualizar_estadisticas(almacen, RelojSistema(), lote=lote,
                                               al_avanzar=lambda n: progreso.advance(tarea, n))
    finally:
        motor.dispose()
    palabra = "evento sumado" if plegados == 1 else "eventos sumados"
    consola.print(f"[green]Estadísticas al día[/]: {plegados} {palabra}.")
