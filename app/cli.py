"""``ventanilla`` command line: migrate, keys, partner credentials, demo data, serve, daily jobs."""

from __future__ import annotations

import os

import typer
from rich.console import Console

from app.cli_aliados import aliados
from app.cli_almacen import almacen
from app.cli_catalogo import cargar_o_salir, catalogo
from app.cli_claves import claves, claves_generar
from app.cli_estadisticas import estadisticas
from app.cli_listas import lista_confianza  # noqa: F401  (registers the list commands on ``claves``)
from app.cli_registros import registros
from app.cli_verificar import verificar
from app.config import Settings

app = typer.Typer(help="Ventanilla: plataforma de trámites.", no_args_is_help=True)
app.add_typer(claves, name="claves")
app.add_typer(almacen, name="almacen")
app.add_typer(registros, name="registros")
app.add_typer(aliados, name="aliados")
app.add_typer(estadisticas, name="estadisticas")
app.command("verificar")(verificar)
app.command("catalogo")(catalogo)
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
    usuarios = ", ".join(u for u, _, _ in datos.logins)
    consola.print(f"[green]Datos de demostración listos[/] ({len(datos.logins)} funcionarios: {usuarios}).")


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

    cargar_o_salir()  # refuse to start on an invalid catálogo, listing every problem with its file and line
    # The outbox is delivered from a thread of the server process (app/web.py) unless VENTANILLA_CORREO_EN_SERVIDOR
    # (environment or .env) says otherwise, e.g. false to leave it to a separate ``ventanilla notificaciones``.
    if "correo_en_servidor" not in Settings().model_fields_set:
        os.environ["VENTANILLA_CORREO_EN_SERVIDOR"] = "true"
    settings = Settings()
    imprimir_arranque(consola, settings, host, puerto)
    # uvicorn's proxy_headers would believe X-Forwarded-For from loopback (its default) before the app sees the
    # request: off, so that only VENTANILLA_PROXIES_CONFIABLES decides (app/direccion_cliente.py).
    uvicorn.run("app.asgi:app", host=host, port=puerto, workers=trabajadores, proxy_headers=False)


def imprimir_arranque(salida: Console, settings: Settings, host: str, puerto: int) -> None:
    """What ``servir`` prints: URLs, every demo login and each partner credential named with its scopes."""
    from app.demo import TODOS_LOGINS, credenciales_guardadas

    salida.rule("Ventanilla")
    salida.print(f"Admin:           http://{host}:{puerto}/admin/")
    salida.print(f"API GraphQL:     http://{host}:{puerto}/graphql")
    salida.print(f"Verificación:    http://{host}:{puerto}/verificar")
    for usuario, clave, nombre, rol in TODOS_LOGINS:
        salida.print(f"Usuario demo:    {usuario} / {clave}  ({nombre}, {rol.value})")
    for credencial in credenciales_guardadas(settings.directorio_datos):
        salida.print(credencial.linea())
    salida.print(f"Correos:         {_destino_correo(settings)}")
    salida.rule()


@app.command()
def desistimientos() -> None:
    """Declara desistidas las solicitudes cuyo plazo de 30 días para subsanar venció (tarea diaria)."""
    from app.composicion import construir
    from domain.casos_uso.solicitudes import declarar_desistimientos

    vencidas = declarar_desistimientos(construir(Settings()).contexto)
    for s in vencidas:
        consola.print(f"Desistida: {s.radicado}")
    consola.print(f"{len(vencidas)} solicitudes declaradas desistidas.")


def _destino_correo(settings: Settings) -> str:
    from app.correo import crear_cartero

    destino = crear_cartero(settings, "").descripcion
    if not settings.correo_en_servidor:
        return f"{destino} (despache con «ventanilla notificaciones»)"
    if settings.correo_backend == "smtp":
        return destino
    return f"{destino} (VENTANILLA_CORREO_BACKEND=smtp y VENTANILLA_SMTP_* para enviarlos de verdad)"


@app.command()
def notificaciones(
    una_vez: bool = typer.Option(False, "--una-vez", help="Enviar lo que esté pendiente ahora y terminar."),
    intervalo: float | None = typer.Option(None, help="Segundos entre rondas (o VENTANILLA_CORREO_INTERVALO_S)."),
) -> None:
    """Envía los correos de la bandeja de salida (radicada, rechazada, aprobada, desistida, lista para recoger)."""
    from app.cli_correo import despachar

    despachar(Settings(), una_vez=una_vez, intervalo=intervalo)


if __name__ == "__main__":
    app()
