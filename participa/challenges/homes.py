"""What challenges show on the homes (core.homes) and count on the network's results dashboard
(core.results): challenges taking solutions, published and reported, run per member and month."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from participa.challenges.models import Challenge, ChallengeState, Solution
from participa.core.homes import Activity, OpenItem, Where, activities, newest
from participa.core.results import ResultCount, counted_monthly, month_of, monthly
from participa.db import utcnow
from participa.extensions import db
from participa.municipalities.models import Municipality
from participa.municipalities.services import of_live_members


def _url(slug: str, challenge_id: int) -> str:
    return url_for("challenges.detail", municipality=slug, challenge_id=challenge_id)


def _public(query: Any, municipality_id: int | None) -> Any:
    found = of_live_members(query, Challenge.municipality_id, municipality_id)
    return found.where(Challenge.state != ChallengeState.DRAFT)


def _newest(at: Any, municipality_id: int | None, limit: int, *where: Any) -> Sequence[Any]:
    columns = select(Challenge.id, Challenge.title, at, Municipality.slug, Municipality.name)
    return newest(_public(columns, municipality_id).where(*where), at, Challenge.id, limit)


def open_now(municipality_id: int | None, limit: int) -> list[OpenItem]:
    """Challenges taking solutions, closing soonest first."""
    rows = db.session.execute(
        _public(
            select(Challenge.id, Challenge.title, Challenge.closes_at, Municipality.slug,
                   Municipality.name),
            municipality_id,
        )
        .where(Challenge.state == ChallengeState.OPEN, Challenge.closes_at > utcnow())
        .order_by(Challenge.closes_at, Challenge.id)
        .limit(limit)
    ).all()  # fmt: skip
    return [
        OpenItem(
            kind=_("Challenge"),
            title=title,
            url=_url(slug, challenge_id),
            state=_("Taking solutions"),
            where=Where(slug, name),
            participation="registered",
            closes_at=closes_at,
        )
        for challenge_id, title, closes_at, slug, name in rows
    ]


def activity(municipality_id: int | None, limit: int) -> list[Activity]:
    """Challenges published, and reports published."""
    published = _newest(Challenge.published_at, municipality_id, limit)
    reported = _newest(
        Challenge.closed_at, municipality_id, limit, Challenge.state == ChallengeState.CLOSED
    )
    return activities(published, _("New challenge"), _url) + activities(
        reported, _("Challenge report published"), lambda slug, cid: _url(slug, cid) + "#report"
    )


# The network's results dashboard ---------------------------------------------------------------


def results() -> list[ResultCount]:
    """Challenges run (by the month they opened) and solutions received, per member and month."""
    public = Challenge.state != ChallengeState.DRAFT
    run = counted_monthly(
        Challenge, Challenge.published_at, public, "challenges_run", _l("Challenges run"), 60
    )
    # A solution counts where its challenge is public: a join counted_monthly does not make.
    received = month_of(Solution.created_at)
    solutions = db.session.execute(
        select(Solution.municipality_id, received, func.count(Solution.id))
        .join(Challenge, Challenge.id == Solution.challenge_id)
        .where(public, Solution.hidden_at.is_(None))
        .group_by(Solution.municipality_id, received)
    )
    label = _l("Solutions received for challenges")
    return run + monthly(solutions, "solutions_received", label, 61)
