"""``uvicorn app.asgi:app`` — the only module that builds the application at import time."""

from app.web import create_app

app = create_app()
