"""Fixtures for the follow-up: accepted proposals with their results, and the procurement that
carries them out (open contracting's own builders)."""

from __future__ import annotations

import pytest

from participa.contracting import services as contracting
from participa.extensions import db
from participa.followup import services
from tests.consultations.helpers import make_consultation, make_proposal
from tests.contracting import conftest as contracting_fixtures
from tests.contracting.conftest import award_and_contract, make_process

# Open contracting's own: English pages, municipalities with its ocid prefixes.
_english = contracting_fixtures._english
municipality = contracting_fixtures.municipality
other_municipality = contracting_fixtures.other_municipality


def accepted_proposal(municipality, **fields):
    consultation = make_consultation(municipality, phase="results")
    return make_proposal(consultation, state=fields.pop("state", "accepted"), **fields)


def make_result(municipality, staff, *, title="Más árboles en la plaza", **fields):
    """The result of a new accepted proposal, committed."""
    proposal = accepted_proposal(municipality, title=title)
    result = services.ensure_result(municipality, "proposal", proposal.id, title=title,
                                    actor=staff, **fields)  # fmt: skip
    db.session.commit()
    return result


def make_parties(municipality, staff, suffix="1"):
    buyer = contracting.create_party(municipality, actor=staff, data={
        "name": "Secretaría de Obras Públicas", "scheme": "AR-CUIT",
        "identifier": f"3099999999{suffix}", "is_public_body": True})  # fmt: skip
    supplier = contracting.create_party(municipality, actor=staff, data={
        "name": "Constructora Sur S.A.", "scheme": "AR-CUIT",
        "identifier": f"3071111111{suffix}"})  # fmt: skip
    db.session.commit()
    return buyer, supplier


def contracted_process(municipality, staff, buyer, supplier, *, title="Bacheo", amount=9_500_000):
    """A published process with its tender (10 000 000 ARS), one award and one contract."""
    process = make_process(municipality, staff, buyer, title=title)
    return award_and_contract(process, staff, supplier, amount=amount)


@pytest.fixture
def result(municipality, staff):
    return make_result(municipality, staff)
