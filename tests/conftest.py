"""Suite-wide settings: cheap argon2 parameters for tests, and cleanup of PostgreSQL schemas made by the run."""

from __future__ import annotations

import os

import pytest

from tests.bd import borrar_esquemas

os.environ.setdefault("VENTANILLA_ARGON2_BARATO", "1")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    borrar_esquemas()
