"""Alembic revisions (a package only so that setuptools installs them)."""
