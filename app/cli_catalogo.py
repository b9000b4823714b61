"""``ventanilla catalogo``: check the trámite catálogo and show what it holds (the same check as start-up)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from domain.motor.catalogo import DIRECTORIO, CatalogoTramites
from domain.motor.fuentes import CatalogoInvalido

consola = Console(soft_wrap=True)


def cargar_o_salir(directorio: Path = DIRECTORIO) -> CatalogoTramites:
    """The catálogo, or exit 1 after printing every problem with its file and line."""
    try:
        return CatalogoTramites.cargar(directorio)
    except CatalogoInvalido as e:
        consola.print(e.mensaje, style="red", markup=False)
        raise typer.Exit(1) from None


def catalogo(
    directorio: Annotated[Path, typer.Option(help="Carpeta del catálogo (por defecto, la del producto).")] = DIRECTORIO,
) -> None:
    """Valida el catálogo de trámites y lista sus trámites por entidad (sale con 1 si hay errores)."""
    tramites = cargar_o_salir(directorio)
    tabla = Table("Entidad", "Código", "Trámite", "Plazo", "Requisitos", "Reglas", "Efectos")
    for t in sorted(tramites.todos(), key=lambda t: (t.entidad.codigo, t.numero or 0, t.codigo)):
        reglas = len(t.reglas) + sum(len(r.reglas) for r in t.requisitos)
        tabla.add_row(t.entidad.nombre, t.codigo, t.nombre, f"{t.plazo_dias_habiles} d. háb.", str(len(t.requisitos)),
                      str(reglas), str(len(t.efectos)))
    consola.print(tabla)
    consola.print(f"[green]Catálogo válido[/]: {len(tramites.todos())} trámite(s).")
