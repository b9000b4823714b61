"""``ventanilla aliados crear|listar|rotar|revocar``: partner systems' API credentials, from the console.

The clear credential is printed once (by ``crear`` and ``rotar``) and never stored; listings show only its first
characters. Every change is audited as the platform operator (``sistema:consola``). See docs/aliados.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from app.cli_comun import confirmar, errores, fallar
from app.config import Settings
from domain.alcances import ALCANCES
from domain.casos_uso import Contexto
from domain.casos_uso.aliados import crear_aliado, listar_aliados, revocar_aliado, rotar_credencial
from domain.errores import ErrorDominio
from domain.personas import SistemaAliado
from domain.reloj import ZONA_COLOMBIA

aliados = typer.Typer(help="Credenciales de los sistemas aliados (API GraphQL).", no_args_is_help=True)
consola = Console(soft_wrap=True)  # never wrap a credential across lines
AVISO_UNA_VEZ = "Guárdela ahora en el sistema aliado: no se vuelve a mostrar (solo se guarda su huella SHA-256)."
_AYUDA_ALCANCES = "Alcance (repetible): " + "; ".join(f"{n}: {d}" for n, d in ALCANCES.items())

Referencia = Annotated[str, typer.Argument(help="Id o nombre del sistema aliado (el id si hay nombres repetidos).")]


def _contexto() -> Contexto:
    from app.composicion import contexto_de_datos

    return contexto_de_datos(Settings())


@contextmanager
def _errores_dominio() -> Iterator[None]:
    try:
        yield
    except ErrorDominio as error:
        fallar(error.mensaje)


def _cuando(instante: datetime | None) -> str:
    return instante.astimezone(ZONA_COLOMBIA).strftime("%Y-%m-%d %H:%M") if instante else "—"


def _mostrar_credencial(aliado: SistemaAliado, credencial: str) -> None:
    consola.print(f"Sistema aliado: {aliado.nombre}  (id {aliado.id})")
    consola.print(f"Alcances:       {', '.join(sorted(aliado.alcances))}")
    consola.print(f"Credencial:     {credencial}")
    consola.print(f"[yellow]{AVISO_UNA_VEZ}[/]")
    consola.print("Uso: encabezado «Authorization: Bearer <credencial>» en cada petición a /graphql.")


@aliados.command("crear")
def aliados_crear(
    nombre: Annotated[str, typer.Argument(help="Nombre del sistema aliado, p. ej. «Portal ciudadano de Chía».")],
    alcance: Annotated[list[str] | None, typer.Option("--alcance", help=_AYUDA_ALCANCES)] = None,
) -> None:
    """Crea un sistema aliado y muestra su credencial, una sola vez."""
    with _errores_dominio():  # no --alcance at all: the domain says so in Spanish
        aliado, credencial = crear_aliado(nombre, alcance or [], _contexto())
    consola.print("[green]Sistema aliado creado.[/]")
    _mostrar_credencial(aliado, credencial)


@aliados.command("listar")
def aliados_listar() -> None:
    """Lista los sistemas aliados (nunca la credencial ni su huella: solo sus primeros caracteres)."""
    lista = listar_aliados(_contexto())
    if not lista:
        consola.print("No hay sistemas aliados. Cree uno con «ventanilla aliados crear NOMBRE --alcance …».")
        return
    tabla = Table(title="Sistemas aliados", box=None, padding=(0, 1), pad_edge=False, header_style="bold")
    tabla.add_column("Nombre", overflow="fold", min_width=12)
    tabla.add_column("Id", overflow="fold", min_width=36)
    for columna in ("Alcances", "Estado", "Creado", "Última rotación", "Credencial"):
        tabla.add_column(columna, overflow="fold")
    for a in lista:
        estado = "[green]activo[/]" if a.activo else f"[red]revocado[/] {_cuando(a.revocado_en)}"
        tabla.add_row(a.nombre, str(a.id), ", ".join(sorted(a.alcances)), estado, _cuando(a.creado_en),
                      _cuando(a.rotado_en), f"{a.prefijo_credencial}…" if a.prefijo_credencial else "—")
    # Piped or captured output has no terminal width: give the table room so each partner stays on one line.
    Console(width=None if consola.is_terminal else 200).print(tabla)


@aliados.command("rotar")
def aliados_rotar(referencia: Referencia) -> None:
    """Emite una credencial nueva (mostrada una sola vez); la anterior deja de funcionar de inmediato."""
    with _errores_dominio():
        aliado, credencial = rotar_credencial(referencia, _contexto())
    consola.print("[green]Credencial rotada.[/] La anterior ya no funciona.")
    _mostrar_credencial(aliado, credencial)


@aliados.command("revocar")
def aliados_revocar(
    referencia: Referencia,
    si: Annotated[bool, typer.Option("--si", help="No pedir confirmación.")] = False,
) -> None:
    """Revoca el sistema aliado: su credencial deja de funcionar de inmediato y no se puede reactivar."""
    if not si and not confirmar(f"¿Revocar el sistema aliado «{referencia}»? No se puede deshacer"):
        errores.print("Cancelado: no se revocó nada.")
        raise typer.Exit(1)
    with _errores_dominio():
        aliado = revocar_aliado(referencia, _contexto())
    consola.print(f"[green]Sistema aliado revocado[/]: {aliado.nombre} (id {aliado.id}). Su credencial ya no funciona.")
