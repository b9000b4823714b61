"""Composition root: settings, wiring of every layer, the ASGI app and the CLI. The only package importing all."""
