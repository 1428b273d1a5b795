"""ASGI entry point: ``uvicorn setup.main:app``."""

from setup.app_factory import create_app

app = create_app()
