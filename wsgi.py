"""Entry point for gunicorn: ``gunicorn wsgi:app``."""

from participa import create_app

app = create_app()
