"""Builders for ballots in every state, shared by the voting tests and the route table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from participa.db import utcnow
from participa.extensions import db
from participa.voting import services
from participa.voting.models import Ballot
from participa.voting.services import Choices
from tests import factories
from tests.consultations.helpers import make_consultation

QuestionSpec = tuple[str, int | None, Sequence[str]]
SINGLE: QuestionSpec = ("single", None, ("Plaza", "Parque", "Costanera"))


def make_ballot(
    municipality,
    *,
    status: str = "open",
    participation: str = "registered",
    questions: Sequence[QuestionSpec] = (SINGLE,),
    phase: str = "voting",
    staff=None,
) -> Ballot:
    """A ballot in a consultation whose ``phase`` is open now, in ``status``."""
    consultation = make_consultation(municipality, phase=phase)
    actor = staff or factories.member(municipality, "admin")
    ballot = services.create_ballot(
        consultation,
        actor=actor,
        data={"title": "¿Dónde invertimos?", "description": "", "participation": participation},
    )
    for n, (kind, most, options) in enumerate(questions):
        services.save_question(
            ballot,
            actor=actor,
            data={"title": f"Pregunta {n + 1}", "kind": kind, "max_choices": most,
                  "options": "\n".join(options)},
        )  # fmt: skip
    if status in ("open", "closed"):
        services.open_ballot(ballot, actor=actor)
    if status == "closed":
        services.close_ballot(ballot, actor=actor)
    db.session.commit()
    return ballot


def choose(ballot: Ballot, *picks: Sequence[int]) -> Choices:
    """Choices by option position, one sequence per question."""
    return Choices(
        content={
            str(q.id): [q.options[i].id for i in pick]
            for q, pick in zip(ballot.questions, picks, strict=True)
        }
    )


def vote(ballot: Ballot, user, *picks: Sequence[int]) -> str:
    receipt = services.cast_ballot(ballot, user=user, choices=choose(ballot, *picks))
    db.session.commit()
    return receipt


def due_ballot(municipality, user, staff) -> Ballot:
    """An open ballot with one vote whose voting phase ended a minute ago, committed."""
    ballot = make_ballot(municipality, staff=staff)
    vote(ballot, user, [1])
    phase = next(p for p in ballot.consultation.phases if p.kind == "voting")
    phase.starts_at = utcnow() - timedelta(days=2)
    phase.ends_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    return ballot
