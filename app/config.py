"""Settings from the environment (prefix VENTANILLA_), read once by the composition root and passed down."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


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
    log_json: bool = False
    frase_claves: SecretStr | None = None
    """Passphrase of the entidades' private keys when they are stored encrypted (same variable as the CLI)."""
    verificaciones_por_minuto: int = 60
    """Public verification look-ups allowed per client address and minute (anti-scraping; in memory, per process)."""

    @property
    def produccion(self) -> bool:
        return self.entorno == "produccion"

    @property
    def url_base_datos(self) -> str:
        return self.database_url or f"sqlite:///{(self.directorio_datos / 'ventanilla.sqlite3').resolve()}"

    @property
    def claves(self) -> Path:
        return self.directorio_claves or self.directorio_datos / "claves"

    @property
    def archivos(self) -> Path:
        return self.directorio_datos / "archivos"
