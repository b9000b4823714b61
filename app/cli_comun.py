"""What the ``ventanilla claves …`` and ``ventanilla verificar`` modules share: the ``claves`` command group,
consoles, common options, passphrases, dates and the Spanish error handling.

Passphrases: private keys are encrypted when a passphrase is given, from ``VENTANILLA_FRASE_CLAVES`` (entidad
keys) or ``VENTANILLA_FRASE_PLATAFORMA`` (the list-signing key), or typed at a prompt with ``--frase``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from app.config import Settings
from signing.antirreversion import EstadoIlegible
from signing.estado_claves import EstadoClave, EstadoClavesInvalido
from signing.jws import DocumentoFirmadoInvalido
from signing.llaves import ClavePublica, FraseIncorrecta, FraseNecesaria, Llavero, LlavesInconsistentes, cargar_llavero
from signing.plataforma import CARPETA_PLATAFORMA

ENV_FRASE = "VENTANILLA_FRASE_CLAVES"
ENV_FRASE_PLATAFORMA = "VENTANILLA_FRASE_PLATAFORMA"

claves = typer.Typer(
    help="Claves de firma de las entidades, lista de confianza y lista de revocados.", no_args_is_help=True
)
consola = Console()
errores = Console(stderr=True)

ERRORES_CLAVES = (
    LlavesInconsistentes, FraseNecesaria, FraseIncorrecta, EstadoClavesInvalido, DocumentoFirmadoInvalido,
    EstadoIlegible, ValueError, OSError,
)
COLORES = {EstadoClave.ACTIVA: "green", EstadoClave.RETIRADA: "yellow", EstadoClave.COMPROMETIDA: "red"}

OpcionDirectorio = Annotated[
    Path | None,
    typer.Option("--directorio", help="Carpeta de claves (por defecto la de la configuración, VENTANILLA_*)."),
]
OpcionFrase = Annotated[
    bool,
    typer.Option("--frase", help=f"Pedir la frase de paso de las llaves privadas (o use {ENV_FRASE})."),
]
OpcionFrasePlataforma = Annotated[
    bool, typer.Option("--frase", help=f"Pedir la frase de la llave de la plataforma (o {ENV_FRASE_PLATAFORMA}).")
]
OpcionTipos = Annotated[
    list[str] | None,
    typer.Option("--tipo", help="Tipo de documento que la clave puede firmar (repetible; '*' = cualquiera)."),
]
OpcionPlataformaDir = Annotated[
    Path | None,
    typer.Option(
        "--plataforma", help=f"Carpeta de la llave de la plataforma (por defecto <claves>/{CARPETA_PLATAFORMA})."
    ),
]


def directorio_claves(directorio: Path | None) -> Path:
    return directorio if directorio is not None else Settings().claves


def carpeta_plataforma(directorio: Path, plataforma: Path | None) -> Path:
    return plataforma if plataforma is not None else directorio / CARPETA_PLATAFORMA


def cargar_publico(carpeta: Path) -> Llavero:
    return cargar_llavero(carpeta, solo_publico=True)


def confirmar(pregunta: str) -> bool:
    respuesta = typer.prompt(f"{pregunta} [s/N]", default="n", show_default=False)
    return str(respuesta).strip().lower() in ("s", "si", "sí", "y", "yes")


def frase(pedir: bool, variable: str, *, confirmar: bool = False, texto: str = "Frase de paso") -> bytes | None:
    valor = os.environ.get(variable)
    if valor:
        return valor.encode("utf-8")
    if pedir:
        return str(typer.prompt(texto, hide_input=True, confirmation_prompt=confirmar)).encode("utf-8")
    return None


def fecha_o_instante(valor: str) -> datetime:
    """``AAAA-MM-DD`` (00:00 in Colombia) or an ISO 8601 instant with offset (``Z`` accepted)."""
    from domain.reloj import ZONA_COLOMBIA

    texto = valor.strip()
    try:
        if len(texto) == 10:
            return datetime.combine(date.fromisoformat(texto), time(0), ZONA_COLOMBIA)
        instante = datetime.fromisoformat(texto.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ValueError(f"fecha no válida: {valor!r} (use AAAA-MM-DD o un instante ISO 8601)") from None
    if instante.tzinfo is None:
        raise ValueError(f"el instante {valor!r} debe llevar zona horaria (p. ej. Z o -05:00)")
    return instante


def tabla_claves(lista: Sequence[ClavePublica], titulo: str) -> Table:
    tabla = Table(title=titulo, box=None, padding=(0, 1), pad_edge=False, header_style="bold")
    for columna in ("Entidad", "kid", "Alg.", "Estado"):
        tabla.add_column(columna, no_wrap=True)
    tabla.add_column("Válida hasta", min_width=10)
    tabla.add_column("Retirada", min_width=10)
    tabla.add_column("Tipos", overflow="fold", min_width=12)
    for c in lista:
        tabla.add_row(
            c.entidad_codigo, c.kid.hex(), c.algoritmo.value, f"[{COLORES[c.estado]}]{c.estado.value}[/]",
            c.certificado.not_valid_after_utc.date().isoformat(),
            c.retirada_en.date().isoformat() if c.retirada_en else "",
            "*" if c.tipos is None else ", ".join(sorted(c.tipos)),
        )
    return tabla


@contextmanager
def errores_claves() -> Iterator[None]:
    """Turn the expected key errors into a red Spanish message and exit code 1."""
    try:
        yield
    except ERRORES_CLAVES as exc:
        errores.print(f"[red]Error[/]: {exc}")
        raise typer.Exit(1) from None


def fallar(mensaje: str) -> NoReturn:
    errores.print(f"[red]Error[/]: {mensaje}")
    raise typer.Exit(1)
