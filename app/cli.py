"""``ventanilla`` command line: migrate, keys, demo data, serve, daily jobs."""

from __future__ import annotations

import typer
from rich.console import Console

from app.cli_claves import claves, claves_generar
from app.cli_listas import lista_confianza  # noqa: F401  (registers the list commands on ``claves``)
from app.cli_verificar import verificar
from app.config import Settings

app = typer.Typer(help="Ventanilla: plataforma de trámites.", no_args_is_help=True)
app.add_typer(claves, name="claves")
app.command("verificar")(verificar)
consola = Console(soft_wrap=True)  # never wrap a credential across lines


@app.command()
def migrar() -> None:
    """Aplica las migraciones de la base de datos (Alembic, hasta la última)."""
    from persistence.migrar import migrar as aplicar

    settings = Settings()
    settings.directorio_datos.mkdir(parents=True, exist_ok=True)
    aplicar(settings.url_base_datos)
    consola.print(f"[green]Base de datos al día[/]: {settings.url_base_datos.split('@')[-1]}")


@app.command()
def demo() -> None:
    """Carga los datos de demostración (idempotente)."""
    from app.composicion import construir
    from app.demo import cargar_demo

    settings = Settings()
    datos = cargar_demo(construir(settings).contexto, settings)
    consola.print(f"[green]Datos de demostración listos[/] ({len(datos.logins)} funcionarios).")


@app.command()
def preparar() -> None:
    """migrar + claves generar + demo: deja todo listo para ``servir``."""
    migrar()
    claves_generar()
    demo()


@app.command()
def servir(host: str = "127.0.0.1", puerto: int = 8000, trabajadores: int = 1) -> None:
    """Inicia el servidor e imprime la URL del admin, los usuarios de demostración y la credencial del aliado."""
    import uvicorn

    from app.demo import LOGINS
    from app.demo_identidad import LOGIN_RNEC

    settings = Settings()
    credencial = settings.directorio_datos / "demo_credencial.txt"
    consola.rule("Ventanilla")
    consola.print(f"Admin:           http://{host}:{puerto}/admin/")
    consola.print(f"API GraphQL:     http://{host}:{puerto}/graphql")
    consola.print(f"Verificación:    http://{host}:{puerto}/verificar")
    for usuario, clave, nombre, rol in (*LOGINS, LOGIN_RNEC):
        consola.print(f"Usuario demo:    {usuario} / {clave}  ({nombre}, {rol.value})")
    if credencial.exists():
        consola.print(f"Credencial API:  Authorization: Bearer {credencial.read_text().strip()}")
    consola.rule()
    # uvicorn's proxy_headers would believe X-Forwarded-For from loopback (its default) before the app sees the
    # request: off, so that only VENTANILLA_PROXIES_CONFIABLES decides (app/direccion_cliente.py).
    uvicorn.run("app.asgi:app", host=host, port=puerto, workers=trabajadores, proxy_headers=False)


@app.command()
def desistimientos() -> None:
    """Declara desistidas las solicitudes cuyo plazo de 30 días para subsanar venció (tarea diaria)."""
    from app.composicion import construir
    from domain.casos_uso.solicitudes import declarar_desistimientos

    vencidas = declarar_desistimientos(construir(Settings()).contexto)
    for s in vencidas:
        consola.print(f"Desistida: {s.radicado}")
    consola.print(f"{len(vencidas)} solicitudes declaradas desistidas.")


if __name__ == "__main__":
    app()
