"""Alembic environment and revisions; run them with ``persistence.migrar.migrar(url)``."""
