"""What challenges contribute: moderation of solutions, personal data, and the evidence of the
innovation indicators (INN-06 open-innovation calls, INN-04 co-design documented with a report,
INN-07 current partnerships with an agreement)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask import url_for
from sqlalchemy import or_, select

from participa.challenges.models import (
    Challenge,
    ChallengeKind,
    ChallengePartner,
    ChallengeState,
    PartnerKind,
    Solution,
)
from participa.challenges.services import solution_path
from participa.core.features import Contributions
from participa.extensions import db

if TYPE_CHECKING:
    from participa.core.authz import Visitor
    from participa.municipalities.models import Municipality

contributions = Contributions()


def _visible(user: Visitor, solution: Solution) -> bool:
    from participa.challenges.policies import can_view_solution

    return can_view_solution(user, solution)


contributions.add(
    "reportable",
    "challenge_solution",
    Solution,
    url=solution_path,
    author_id=lambda s: s.author_id,
    title=lambda s: s.title,
    body=lambda s: s.description,
    visible=_visible,
)
# Solutions stay when their author deletes the account, as by a deleted participant: the
# challenge's evaluation and report rest on them (as proposals do).
contributions.add("personal_data_rows",
    "challenge_solutions", Solution, "author_id",
    ("id", "municipality_id", "challenge_id", "title", "description", "organisation", "status",
     "note", "created_at", "edited_at"),
    on_erase="keep",
)  # fmt: skip


def _link(municipality: Municipality, challenge_id: int, anchor: str) -> str:
    return url_for(
        "challenges.detail", municipality=municipality.slug, challenge_id=challenge_id,
        _anchor=anchor,
    )  # fmt: skip


def _open_calls(
    municipality: Municipality, now: datetime, since: datetime
) -> list[tuple[str, str]]:
    # INN-06: an open-innovation challenge or hackathon published in the period, with its rules.
    query = (
        select(Challenge.id, Challenge.title)
        .where(
            Challenge.municipality_id == municipality.id,
            Challenge.kind.in_((ChallengeKind.OPEN_INNOVATION, ChallengeKind.HACKATHON)),
            Challenge.state != ChallengeState.DRAFT,
            Challenge.published_at >= since,
            Challenge.published_at <= now,
            Challenge.rules != "",
        )
        .order_by(Challenge.published_at.desc(), Challenge.id.desc())
        .limit(3)
    )
    return [(title, _link(municipality, cid, "rules")) for cid, title in db.session.execute(query)]


def _co_design(municipality: Municipality, now: datetime, since: datetime) -> list[tuple[str, str]]:
    # INN-04: a co-design lab documented publicly with its report in the period.
    query = (
        select(Challenge.id, Challenge.title)
        .where(
            Challenge.municipality_id == municipality.id,
            Challenge.kind == ChallengeKind.CO_DESIGN_LAB,
            Challenge.state == ChallengeState.CLOSED,
            Challenge.closed_at >= since,
            Challenge.closed_at <= now,
        )
        .order_by(Challenge.closed_at.desc(), Challenge.id.desc())
        .limit(3)
    )
    return [(title, _link(municipality, cid, "report")) for cid, title in db.session.execute(query)]


def _partnerships(
    municipality: Municipality, now: datetime, since: datetime
) -> list[tuple[str, str]]:
    # INN-07: a current agreement (no end, or not ended yet) with a university or a civil-society
    # organisation co-running a published challenge; the agreement is linked from its page.
    query = (
        select(ChallengePartner.name, Challenge.id, Challenge.title)
        .join(Challenge, Challenge.id == ChallengePartner.challenge_id)
        .where(
            ChallengePartner.municipality_id == municipality.id,
            ChallengePartner.kind.in_((PartnerKind.UNIVERSITY, PartnerKind.CIVIL_SOCIETY)),
            or_(ChallengePartner.agreement_url.is_not(None),
                ChallengePartner.agreement_id.is_not(None)),
            or_(ChallengePartner.agreement_ends_on.is_(None),
                ChallengePartner.agreement_ends_on >= now.date()),
            Challenge.state != ChallengeState.DRAFT,
        )
        .order_by(ChallengePartner.id.desc())
        .limit(3)
    )  # fmt: skip
    return [
        (f"{name} — {title}", _link(municipality, cid, "partners"))
        for name, cid, title in db.session.execute(query)
    ]


contributions.add("indicator_evidence", "open_innovation_call", _open_calls)
contributions.add("indicator_evidence", "codesign_report", _co_design)
contributions.add("indicator_evidence", "formal_partnership", _partnerships)
