"""Fixtures and builders of the media tests: content of every kind that takes documents."""

from __future__ import annotations

import pytest

from participa.extensions import db
from tests import factories
from tests.consultations.helpers import make_consultation, make_proposal


@pytest.fixture
def consultation(municipality):
    return make_consultation(municipality)


@pytest.fixture
def proposal(consultation):
    author = factories.UserFactory()
    db.session.commit()
    return make_proposal(consultation, author=author)


def make_draft(municipality, staff):
    from tests.legislation import support

    return support.make_draft(municipality, staff=staff)


def make_process(municipality, staff):
    from participa.contracting import services as contracting
    from tests.contracting import conftest

    municipality.ocid_prefix = "ocds-213czf"
    buyer = contracting.create_party(municipality, actor=staff, data={
        "name": "Secretaría de Obras", "scheme": "AR-CUIT", "identifier": "30999999991",
        "is_public_body": True})  # fmt: skip
    return conftest.make_process(municipality, staff, buyer)
