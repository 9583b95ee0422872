"""What ballots show on the homes (core.homes): open ballots, published results, votes cast."""

from __future__ import annotations

from flask import url_for
from flask_babel import format_decimal as number
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from participa.consultations.services import closed_in_public, open_in_public
from participa.core.homes import Activity, Figure, OpenItem, activities, open_item
from participa.extensions import db
from participa.municipalities.services import of_live_members
from participa.voting.models import Ballot, BallotBox, BallotStatus, BoxVoter


def open_now(municipality_id: int | None, limit: int) -> list[OpenItem]:
    """Ballots open for voting."""
    return [
        open_item(
            ballot,
            "voting.detail",
            ballot_id=ballot.id,
            kind=_("Ballot"),
            state=_("Voting open"),
            closes_at=ballot.consultation.voting_ends_at,
        )
        for ballot in open_in_public(
            Ballot, BallotStatus.DRAFT, BallotStatus.OPEN, municipality_id, limit
        )
    ]


def activity(municipality_id: int | None, limit: int) -> list[Activity]:
    """Ballots whose results were published (at their close)."""
    return activities(
        closed_in_public(Ballot, BallotStatus.DRAFT, BallotStatus.CLOSED, municipality_id, limit),
        _("Ballot results published"),
        lambda slug, ballot_id: url_for("voting.detail", municipality=slug, ballot_id=ballot_id),
    )


def figures(municipality_id: int | None) -> list[Figure]:
    """Votes cast in ballots and participatory budgets (both vote through ballot boxes)."""
    query = of_live_members(
        select(func.count(BoxVoter.id)).join(BallotBox, BallotBox.id == BoxVoter.box_id),
        BallotBox.municipality_id,
        municipality_id,
    )
    votes = db.session.scalar(query) or 0
    return [
        Figure(
            "votes",
            votes,
            ngettext(
                "%(count)s vote cast in ballots and budgets",
                "%(count)s votes cast in ballots and budgets",
                votes,
                count=number(votes),
            ),
            order=40,
        )
    ]
