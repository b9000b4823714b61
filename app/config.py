"""Settings from the environment (prefix VENTANILLA_), read once by the composition root and passed down."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.direccion_cliente import Red, leer_proxies


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VENTANILLA_", env_file=".env", extra="ignore")

    entorno: Literal["desarrollo", "pruebas", "produccion"] = "desarrollo"
    directorio_datos: Path = Path("var")
    """SQLite file, uploaded files and (in development) signing keys live here, outside git."""
    database_url: str = ""
    """Empty = SQLite file in directorio_datos; e.g. postgresql+psycopg://user@host:5432/db for PostgreSQL."""
    directorio_claves: Path | None = None
    url_publica: str = "http://127.0.0.1:8000"
    """Base URL printed in the QR codes: the verification page must be reachable there."""
    secret_key: SecretStr = SecretStr("")
    """Signs the admin session cookie. Required in produccion; generated and kept in directorio_datos otherwise."""
    max_subida_bytes: int = 4 * 1024 * 1024
    max_cuerpo_bytes: int = 25 * 1024 * 1024
    max_pixeles_imagen: int = 40_000_000
    """Largest uploaded image, in pixels, the platform decodes to check it (docs/archivos.md)."""
    limpieza_almacen_horas: float = 24.0
    """The server deletes the file store's old orphan blobs this often (app/tareas.py); 0 = never (use cron)."""
    estadisticas_minutos: float = 5.0
    """The server folds new solicitud events into the statistics this often (app/tareas.py); 0 = never (use cron
    with ``ventanilla estadisticas actualizar``)."""
    log_json: bool = False
    frase_claves: SecretStr | None = None
    """Passphrase of the entidades' private keys when they are stored encrypted (same variable as the CLI)."""
    verificaciones_por_minuto: int = 60
    """Public verification look-ups allowed per client address (IPv6: per /64) and minute (anti-scraping), counted
    for every worker together in the shared store (database or Redis)."""
    proxies_confiables: str = ""
    """Reverse proxies whose X-Forwarded-For is believed: IPs or CIDR networks, comma separated. Empty (the default):
    none, the TCP peer is the client (app/direccion_cliente.py, docs/seguridad-red.md)."""
    redis_url: str = ""
    """Where the shared rate-limit counters live, e.g. redis://127.0.0.1:6379/0. Empty: in the database."""
    redis_prefijo: str = "ventanilla:limite:"
    """Prefix of the counters' Redis keys: distinct deployments sharing one Redis must not share counters."""
    limitador_intervalo_ms: int = 200
    """How often the public page's limiter writes its buffered counts to the shared store (its cross-worker slack)."""

    @field_validator("proxies_confiables")
    @classmethod
    def _proxies_validos(cls, valor: str) -> str:
        leer_proxies(valor)  # fail at start-up, naming the bad entry, rather than trust nothing silently
        return valor

    # -- e-mail to citizens (docs/notificaciones.md) ---------------------------------------------------------------
    correo_backend: Literal["archivo", "consola", "smtp"] = "archivo"
    """archivo: one .eml file per message in correo_directorio (the demo default); consola: printed; smtp: sent."""
    correo_directorio: Path | None = None
    """Where the archivo backend writes; default <directorio_datos>/correo."""
    correo_en_servidor: bool = False
    """Run the outbox dispatcher inside the web process (``ventanilla servir`` turns it on); otherwise run
    ``ventanilla notificaciones`` as its own process."""
    correo_intervalo_s: float = 10.0
    """Seconds between dispatcher rounds when the outbox is empty."""
    correo_max_intentos: int = 8
    """Attempts before a message goes to the dead letter (permanent SMTP refusals: 2)."""
    correo_dias_enlace: int = 30
    """Days the download link in an approval e-mail stays valid."""
    smtp_host: str = "localhost"
    smtp_puerto: int = 587
    smtp_tls: Literal["starttls", "ssl", "ninguno"] = "starttls"
    """starttls (port 587), ssl = implicit TLS (port 465), ninguno only for a relay on the same machine."""
    smtp_usuario: str = ""
    smtp_clave: SecretStr = SecretStr("")
    smtp_remitente: str = "Ventanilla <no-responder@ventanilla.localhost>"
    smtp_ca: Path | None = None
    """A CA bundle to trust for the SMTP server's certificate (default: the system's)."""
    smtp_tiempo_espera_s: float = 30.0

    @property
    def produccion(self) -> bool:
        return self.entorno == "produccion"

    @property
    def url_base_datos(self) -> str:
        return self.database_url or f"sqlite:///{(self.directorio_datos / 'ventanilla.sqlite3').resolve()}"

    @property
    def redes_proxies(self) -> tuple[Red, ...]:
        return leer_proxies(self.proxies_confiables)

    @property
    def claves(self) -> Path:
        return self.directorio_claves or self.directorio_datos / "claves"

    @property
    def archivos(self) -> Path:
        return self.directorio_datos / "archivos"

    @property
    def carpeta_correo(self) -> Path:
        return self.correo_directorio or self.directorio_datos / "correo"
