"""Entry point for gunicorn: ``gunicorn wsgi:app``."""

import gc

from participa import create_app

app = create_app()

# What the application builds at start-up (routes, mappers, templates, translation catalogues)
# lives as long as the process: moved out of the collector's reach, it is no longer walked by
# every full collection that a page's short-lived objects set off.
gc.collect()
gc.freeze()
