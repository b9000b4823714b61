"""Run the Alembic migrations from code: no alembic.ini, any working directory, installed package or source tree."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

# A package resource, not a path: Alembic resolves it with importlib.resources, so it works wherever the
# package is installed. setuptools ships the .py and .mako files (persistence.migraciones is a package).
UBICACION_SCRIPTS = "persistence:migraciones"


def configuracion(url: str) -> Config:
    """An Alembic Config built in code for ``url``.

    The URL travels in ``attributes`` rather than as the ``sqlalchemy.url`` option: options go through ConfigParser
    interpolation, which would choke on the ``%`` of an escaped password or ``options=-csearch_path%3D...``.
    """
    config = Config()
    config.set_main_option("script_location", UBICACION_SCRIPTS)
    config.attributes["url"] = url
    return config


def migrar(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` up to ``revision`` (the latest by default). Idempotent."""
    command.upgrade(configuracion(url), revision)
