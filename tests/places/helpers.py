"""Builders for places tests and for the features that place their items in districts."""

from __future__ import annotations

from typing import Any

from participa.extensions import db
from participa.places.models import District


def make_district(municipality: Any, name: str = "Centro", boundary: str | None = None) -> District:
    """A district of ``municipality``, committed."""
    district = District(municipality_id=municipality.id, name=name, boundary=boundary)
    db.session.add(district)
    db.session.commit()
    return district
