"""Ballot results, as an open dataset (see participa.core.datasets): totals per option, never a
ballot; the published receipts are on each ballot's page."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select

from participa.core.datasets import Column, Dataset
from participa.core.features import Contributions
from participa.voting.models import (
    Ballot,
    BallotOption,
    BallotQuestion,
    BallotStatus,
    PaperTally,
    QuestionKind,
)

contributions = Contributions()


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
            BallotOption.proposal_id.label("proposal_id"),
            BallotOption.online_votes.label("online_votes"),
            func.coalesce(paper.c.votes, 0).label("paper_votes"),
            Ballot.closed_at.label("closed_at"),
            Ballot.updated_at.label("updated_at"),
        )
        .join(BallotQuestion, BallotQuestion.id == BallotOption.question_id)
        .join(Ballot, Ballot.id == BallotQuestion.ballot_id)
        .outerjoin(paper, paper.c.option_id == BallotOption.id)
        .where(Ballot.municipality_id == municipality_id, Ballot.status == BallotStatus.CLOSED)
    )


contributions.add("dataset", Dataset(
    name="ballot-results",
    title=_l("Ballot results"),
    description=_l("The totals of every closed ballot, option by option: online and paper "
                   "votes. No ballot and no voter appears in it."),
    columns=(
        Column("option_id", "integer", _l("Number of the option")),
        Column("ballot_id", "integer", _l("Number of the ballot")),
        Column("consultation_id", "integer", _l("The consultation it was held in")),
        Column("ballot", "string", _l("Title of the ballot")),
        Column("question_id", "integer", _l("Number of the question")),
        Column("question", "string", _l("The question")),
        Column("kind", "string", _l("How people answered"),
               values=tuple(k.value for k in QuestionKind)),
        Column("option", "string", _l("The option")),
        Column("proposal_id", "integer", _l("The proposal the option comes from, if any")),
        Column("online_votes", "integer", _l("Online votes (first preferences for ranked "
                                             "questions; see the ballot's page for the rounds)")),
        Column("paper_votes", "integer", _l("Paper votes entered by polling station")),
        Column("closed_at", "datetime", _l("When voting closed")),
        Column("updated_at", "datetime", _l("Last change of the ballot")),
    ),
    query=_results,
    key="option_id",
    changed="updated_at",
    keywords=("votación", "resultados", "voting"),
))  # fmt: skip
