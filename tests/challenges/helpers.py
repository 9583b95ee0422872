"""Builders of challenges, partners and solutions for the tests, through the services."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from flask import g
from werkzeug.datastructures import FileStorage

from participa.challenges import services
from participa.db import utcnow
from participa.extensions import db
from participa.media.demo import pdf


def in_request(app, municipality, change):
    """Run ``change()`` as a view would: in a request of ``municipality``; commit."""
    with app.test_request_context("/"):
        g.municipality = municipality
        result = change()
        db.session.commit()
    return result


def challenge_data(**fields: Any) -> dict[str, Any]:
    data = {
        "kind": "open_innovation",
        "title": "Datos abiertos para el transporte",
        "topic": "open_data",
        "problem": "Los colectivos no publican sus horarios reales.",
        "rules": "Pueden participar **personas y equipos**.",
        "sessions": None,
        "closes_at": utcnow() + timedelta(days=5, hours=2),
    }
    data.update(fields)
    return data


def make_challenge(app, municipality, staff, *, state: str = "open", **fields: Any):
    """A challenge created by ``staff``; published unless ``state`` is "draft"."""

    def change():
        challenge = services.create_challenge(municipality, actor=staff,
                                              data=challenge_data(**fields))  # fmt: skip
        if state != "draft":
            services.publish_challenge(challenge, actor=staff)
        if state in ("evaluating", "closed"):
            services.evaluate_challenge(challenge, actor=staff)
        if state == "closed":
            services.close_challenge(challenge, actor=staff, report="## Resultado\n\nGanó X.")
        return challenge

    return in_request(app, municipality, change)


def document(data: bytes | None = None, name: str = "solution.pdf") -> FileStorage:
    return FileStorage(io.BytesIO(data if data is not None else pdf("Solution")), filename=name)


def make_solution(app, challenge, author, *, title: str = "Colectivo a tiempo", **fields: Any):
    data = {"title": title, "description": "Una aplicación web.", "organisation": None}
    doc = fields.pop("document", None)
    data.update(fields)
    return in_request(app, challenge.municipality, lambda: services.submit_solution(
        challenge, author=author, data=data, document=doc))  # fmt: skip
