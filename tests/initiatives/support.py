"""Builders of initiatives and rules for the tests."""

from __future__ import annotations

from datetime import timedelta

from participa.db import utcnow
from participa.extensions import db
from participa.initiatives.models import Initiative, InitiativeRules
from tests import factories


def make_rules(municipality, **fields) -> InitiativeRules:
    values = dict(enabled=True, signature_threshold=3, collection_days=30, answer_days=20,
                  reminder_days=5)  # fmt: skip
    values.update(fields)
    rules = InitiativeRules(municipality_id=municipality.id, **values)
    db.session.add(rules)
    db.session.commit()
    return rules


def make_initiative(municipality, state: str = "collecting", *, author=None, threshold: int = 3,
                    answer_days: int = 20, ends_in_days: int = 20, title: str = "Más bancos "
                    "en la plaza", **fields) -> Initiative:  # fmt: skip
    """An initiative in ``state`` (admitted ones with a threshold and a deadline)."""
    now = utcnow()
    author = author or factories.UserFactory()
    values = dict(
        municipality_id=municipality.id, author_id=author.id, title=title,
        body="Pedimos bancos a la sombra para las personas mayores.", state=state,
    )  # fmt: skip
    if state != "review" and state != "rejected":
        values.update(
            signature_threshold=threshold, answer_days=answer_days, decision_reason="Admitida.",
            decided_at=now - timedelta(days=5), admitted_at=now - timedelta(days=5),
            collection_ends_at=now + timedelta(days=ends_in_days),
        )  # fmt: skip
    if state in ("reached", "answered"):
        values.update(reached_at=now - timedelta(days=1), signatures_count=threshold,
                      answer_due_at=now + timedelta(days=answer_days - 1))  # fmt: skip
    if state == "answered":
        values.update(answer_text="Lo haremos.", answered_at=now)
    if state == "rejected":
        values.update(decision_reason="Fuera de competencia.", decided_at=now)
    values.update(fields)
    initiative = Initiative(**values)
    db.session.add(initiative)
    db.session.commit()
    return initiative
