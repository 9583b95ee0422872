"""What ballots add to other features: a section on the consultation page, and the person's
record of having voted (never what) in their data export."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask import url_for
from sqlalchemy import select

from participa.core.features import Contributions
from participa.core.sections import consultation_section
from participa.extensions import db
from participa.voting import services
from participa.voting.models import Ballot, BallotStatus, BoxVoter, PollingStation

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.core.features import Evidence
    from participa.municipalities.models import Municipality

contributions = Contributions()


def _export_votes(user: User) -> list[dict[str, Any]]:
    # That the person voted, where and how; what they chose is not linked to them anywhere.
    rows = db.session.execute(
        select(BoxVoter.box_id, BoxVoter.channel, BoxVoter.created_at, Ballot.id, Ballot.title)
        .outerjoin(Ballot, Ballot.box_id == BoxVoter.box_id)
        .where(BoxVoter.user_id == user.id)
        .order_by(BoxVoter.id)
    )
    return [
        {
            "ballot_box_id": box_id,
            "ballot_id": ballot_id,
            "ballot_title": title,
            "channel": channel,
            "recorded_at": created_at.isoformat(),
        }
        for box_id, channel, created_at, ballot_id, title in rows
    ]


contributions.add(
    "consultation_section",
    consultation_section(
        "voting",
        manage="voting.create",
        linked="ballots",
        name="ballots",
        listed=services.ballots_query,
    ),
)
contributions.add("personal_data_export", "votes_cast", _export_votes)
# The roll stays when an account is deleted: it keeps one person from voting twice and the
# turnout right; the emptied account row names nobody.
contributions.add("personal_data_cover", BoxVoter, "user_id", "keep")


def _in_person_evidence(municipality: Municipality, now: datetime, since: datetime) -> Evidence:
    # PAR-08: ballots closed in the period that had in-person polling stations, whose results
    # page gives the paper votes station by station (participation by territory).
    query = (
        select(Ballot)
        .where(
            Ballot.municipality_id == municipality.id,
            Ballot.status == BallotStatus.CLOSED,
            Ballot.closed_at >= since,
            Ballot.closed_at <= now,
            Ballot.id.in_(select(PollingStation.ballot_id).where(PollingStation.ballots_cast > 0)),
        )
        .order_by(Ballot.closed_at.desc())
        .limit(3)
    )
    return [
        (b.title, url_for("voting.detail", municipality=municipality.slug, ballot_id=b.id))
        for b in db.session.scalars(query)
    ]


contributions.add("indicator_evidence", "in_person_ballot", _in_person_evidence)
