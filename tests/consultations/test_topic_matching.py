"""Topics and category names match ignoring case and accents, on SQLite as on PostgreSQL."""

from __future__ import annotations

import pytest

from participa.consultations import services
from participa.consultations.models import Category
from participa.core.errors import DomainError
from participa.extensions import db
from tests.consultations.helpers import make_consultation


def _category(municipality, name: str) -> Category:
    category = Category(municipality_id=municipality.id, name=name)
    db.session.add(category)
    db.session.commit()
    return category


def test_network_topic_filter_ignores_case_and_accents(municipality, other_municipality):
    upper = _category(municipality, "ÁREAS VERDES")
    lower = _category(other_municipality, "Areas verdes")
    first = make_consultation(municipality, phase="proposals", category_id=upper.id)
    second = make_consultation(other_municipality, phase="proposals", category_id=lower.id)

    def ids(topic):
        return {c.id for c in db.session.scalars(services.network_query(topic=topic))}

    assert ids("áreas verdes") == {first.id, second.id}
    assert ids("AREAS VERDES") == {first.id, second.id}
    # One topic in the filter, not two spellings of it.
    assert len(services.network_topics()) == 1


def test_category_names_differing_in_case_or_accents_are_duplicates(municipality, staff):
    services.create_category(municipality, actor=staff, name="Educación")
    db.session.commit()
    for name in ("EDUCACIÓN", "educacion"):
        with pytest.raises(DomainError):
            services.create_category(municipality, actor=staff, name=name)
