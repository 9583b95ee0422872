"""The demo loads consultations in several phases with proposals, supports and answers."""

from __future__ import annotations

from sqlalchemy import func, select

from participa.cli import DEMO_PASSWORD
from participa.consultations.models import Consultation
from participa.core.features import load_demo
from participa.extensions import db
from participa.proposals.models import Proposal, Support
from tests.rows import count_rows


def test_demo_content(client):
    load_demo(DEMO_PASSWORD)
    db.session.commit()
    phases = {c.title: c.current_phase for c in db.session.scalars(select(Consultation))}
    assert {"supports", "proposals", "information", "results"} <= set(phases.values())
    assert count_rows(Support) >= 15
    answered = db.session.scalars(select(Proposal).where(Proposal.answered_at.is_not(None)))
    assert {p.state for p in answered} == {"accepted", "implemented", "rejected"}
    for consultation in db.session.scalars(select(Consultation)):
        rows = db.session.scalar(
            select(func.count())
            .select_from(Support)
            .where(Support.consultation_id == consultation.id)
        )
        assert consultation.supports_count == rows
    page = client.get("/m/bahia-blanca/consultations/1/proposals/?q=BICICLETAS")
    assert page.status_code == 200 and "Bicicleteros en los parques" in page.text
