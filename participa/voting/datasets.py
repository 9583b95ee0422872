"""Ballot results, as an open dataset: described in ``datasets.json``, read by the query below
(see participa.core.datasets); totals per option, never a ballot; the published receipts are on
each ballot's page."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select

from participa.core.datasets import described, fields_of
from participa.voting.models import (
    Ballot,
    BallotOption,
    BallotQuestion,
    BallotStatus,
    PaperTally,
)


def _results(municipality_id: int) -> Select[*tuple[Any, ...]]:
    paper = (
        select(PaperTally.option_id, func.sum(PaperTally.votes).label("votes"))
        .group_by(PaperTally.option_id)
        .subquery()
    )
    return (
        select(
            BallotOption.id.label("option_id"),
            Ballot.id.label("ballot_id"),
            Ballot.consultation_id.label("consultation_id"),
            Ballot.title.label("ballot"),
            BallotQuestion.id.label("question_id"),
            BallotQuestion.title.label("question"),
            BallotQuestion.kind.label("kind"),
            BallotOption.title.label("option"),
            *fields_of(BallotOption, "proposal_id", "online_votes"),
            func.coalesce(paper.c.votes, 0).label("paper_votes"),
            *fields_of(Ballot, "closed_at", "updated_at"),
        )
        .join(BallotQuestion, BallotQuestion.id == BallotOption.question_id)
        .join(Ballot, Ballot.id == BallotQuestion.ballot_id)
        .outerjoin(paper, paper.c.option_id == BallotOption.id)
        .where(Ballot.municipality_id == municipality_id, Ballot.status == BallotStatus.CLOSED)
    )


contributions = described(__package__, {"ballot-results": _results})
