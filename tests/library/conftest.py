"""Library tests: English pages, the bundled indicator framework loaded, entries made through
the services."""

from __future__ import annotations

from typing import Any

from flask import g

from participa.extensions import db
from participa.library import services
from participa.library.services import EntryData
from tests.english import _english  # noqa: F401 - an autouse fixture


def entry_data(**fields: Any) -> EntryData:
    values: dict[str, Any] = {
        "kind": "practice",
        "title": "Presupuesto participativo con datos abiertos",
        "summary": "Cómo publicamos cada votación como datos abiertos.",
        "body": "## Contexto\n\nUna práctica de **Villa Norte**.",
        "topic": "participation",
        "language": "es",
        "licence": "cc-by-4.0",
    }
    values.update(fields)
    return EntryData(**values)


def make_entry(app, municipality, actor, *, published: bool = True, **fields: Any):
    """An entry of ``municipality`` (None: the network), committed."""
    with app.test_request_context():
        g.municipality = municipality
        entry = services.create_entry(municipality, entry_data(**fields), actor=actor)
        if published:
            services.publish_entry(entry, actor=actor)
        db.session.commit()
    return entry
