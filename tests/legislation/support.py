"""Helpers for the legislation tests: a published draft with a text, in one call."""

from __future__ import annotations

from datetime import timedelta

from flask import g

from participa.db import utcnow
from participa.extensions import db
from participa.legislation import services
from participa.legislation.models import Draft, Section, SectionKind
from tests import factories

SOURCE = """Esta ordenanza regula la participación ciudadana.

# TÍTULO I - Disposiciones generales

## Capítulo I - Objeto

### Artículo 1°.- Objeto
La presente ordenanza regula la participación de los vecinos. Los vecinos podrán opinar.

### Artículo 2°.- Alcance
Se aplica a todas las dependencias municipales.

# TÍTULO II - Instrumentos

ARTÍCULO 3.- Las audiencias públicas serán convocadas con diez días de anticipación.
"""


def base(municipality) -> str:
    return f"/m/{municipality.slug}/legislation"


def make_draft(
    municipality,
    *,
    staff=None,
    source: str = SOURCE,
    status: str = "published",
    participation: str = "registered",
    opens_delta: timedelta | None = timedelta(days=-1),
    closes_delta: timedelta | None = timedelta(days=10),
    **fields,
) -> Draft:
    """A draft with version 1 of ``source``, published and open unless told otherwise."""
    staff = staff or factories.member(municipality, "admin")
    now = utcnow()
    g.municipality = municipality
    draft = services.create_draft(
        municipality,
        actor=staff,
        data={
            "title": fields.pop("title", "Ordenanza de Participación Ciudadana"),
            "kind": "ordinance",
            "summary": "Resumen",
            "participation": participation,
            "opens_at": now + opens_delta if opens_delta is not None else None,
            "closes_at": now + closes_delta if closes_delta is not None else None,
            **fields,
        },
    )
    services.publish_version(draft, actor=staff, source=source, change_note="Primera versión")
    if status != "draft":
        services.publish_draft(draft, actor=staff)
    if status == "closed":
        services.close_draft(draft, actor=staff)
    db.session.commit()
    return draft


def articles(draft: Draft, version_id: int | None = None) -> list[Section]:
    return [
        s
        for s in services.sections_of(version_id or draft.current_version_id)
        if s.kind == SectionKind.ARTICLE
    ]
