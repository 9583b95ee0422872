"""Challenge lifecycle (draft, open for solutions, evaluating, closed with a report), partners,
solutions and the shortlist; labels of the internal codes.

Services take the acting person, flush and never commit; staff changes go to the audit log.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as pgettext  # extracted as pgettext
from sqlalchemy import func, select

from participa.challenges.models import (
    KINDS,
    PARTNER_KINDS,
    Challenge,
    ChallengePartner,
    ChallengeState,
    Solution,
    SolutionStatus,
)
from participa.core import audit
from participa.core.authz import is_authenticated
from participa.core.documents import save_document_if_given
from participa.core.errors import DomainError
from participa.core.topics import TOPICS
from participa.core.uploads import release_upload
from participa.core.values import is_web_url
from participa.db import utcnow
from participa.extensions import db

if TYPE_CHECKING:
    from werkzeug.datastructures import FileStorage

    from participa.accounts.models import User
    from participa.core.authz import Visitor
    from participa.municipalities.models import Municipality

logger = logging.getLogger(__name__)

TITLE_MAX = 200
SOLUTION_TITLE_MAX = 150
TEXT_MAX = 20_000
NAME_MAX = 200
URL_MAX = 500

KIND_LABELS = {
    "open_innovation": _l("Open-innovation challenge"),
    "co_design_lab": _l("Co-design lab"),
    "hackathon": _l("Hackathon"),
}
STATE_LABELS = {
    "draft": _l("Draft"),
    "open": _l("Open for solutions"),
    "evaluating": _l("Evaluating solutions"),
    "closed": _l("Closed with report"),
}
PARTNER_KIND_LABELS = {
    "university": _l("University"),
    "civil_society": _l("Civil-society organisation"),
    "company": _l("Company"),
    "public_body": _l("Public body"),
    "other": _l("Other organisation"),
}
# A solution's place in the evaluation: Spanish and Portuguese agree it with "solución".
STATUS_LABELS = {
    "submitted": pgettext("challenge solution", "Submitted"),
    "shortlisted": pgettext("challenge solution", "Shortlisted"),
    "winner": pgettext("challenge solution", "Winner"),
}


def kind_label(code: str) -> str:
    """The translated name of a challenge kind."""
    return str(KIND_LABELS.get(code, code))


def state_label(code: str) -> str:
    """The translated name of a challenge's phase."""
    return str(STATE_LABELS.get(code, code))


def partner_kind_label(code: str) -> str:
    """The translated name of a kind of partner organisation."""
    return str(PARTNER_KIND_LABELS.get(code, code))


def status_label(code: str) -> str:
    """The translated name of a solution's place in the evaluation."""
    return str(STATUS_LABELS.get(code, code))


# Reading ----------------------------------------------------------------------------------------


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=utcnow().tzinfo)


def phase(challenge: Challenge, now: datetime | None = None) -> str:
    """Where the challenge stands: an open one past its deadline is being evaluated."""
    now = now or utcnow()
    if challenge.state == ChallengeState.OPEN and _aware(challenge.closes_at) <= now:
        return ChallengeState.EVALUATING
    return challenge.state


def takes_solutions(challenge: Challenge, now: datetime | None = None) -> bool:
    """Open, and before its deadline."""
    return phase(challenge, now) == ChallengeState.OPEN


def may_evaluate(challenge: Challenge) -> bool:
    """Staff shortlist while the challenge is open or evaluated, never in a draft or once closed."""
    return challenge.state in (ChallengeState.OPEN, ChallengeState.EVALUATING)


def submit_refusal(user: Visitor, challenge: Challenge) -> DomainError | None:
    """Signed-in people with a confirmed address, while the challenge takes solutions."""
    if challenge.is_draft:
        return DomainError(_("This challenge is not published."), status=404)
    if not takes_solutions(challenge):
        return DomainError(_("This challenge no longer takes solutions."))
    if not is_authenticated(user):
        return DomainError(_("Sign in to submit a solution."), status=403)
    if not user.is_confirmed:
        return DomainError(_("Confirm your e-mail address to take part."), status=403)
    return None


def edit_refusal(user: Visitor, solution: Solution) -> DomainError | None:
    """The author, until the challenge's deadline, while moderation has not hidden it."""
    if not is_authenticated(user) or solution.author_id != user.id:
        return DomainError(_("Only the author can edit a solution."), status=403)
    if solution.is_hidden:
        return DomainError(_("This solution was hidden by moderation."), status=403)
    if not takes_solutions(solution.challenge):
        return DomainError(_("Solutions can be edited only until the deadline."))
    return None


def solution_counts(challenge_ids: Iterable[int]) -> dict[int, int]:
    """How many solutions (not hidden) each challenge received, in one query."""
    ids = list(challenge_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Solution.challenge_id, func.count(Solution.id))
        .where(Solution.challenge_id.in_(ids), Solution.hidden_at.is_(None))
        .group_by(Solution.challenge_id)
    )
    return {challenge_id: count for challenge_id, count in rows}


def selected_solutions(challenge: Challenge) -> list[Solution]:
    """The shortlisted and winning solutions (not hidden), winners first."""
    return list(
        db.session.scalars(
            select(Solution)
            .where(
                Solution.challenge_id == challenge.id,
                Solution.status.in_((SolutionStatus.WINNER, SolutionStatus.SHORTLISTED)),
                Solution.hidden_at.is_(None),
            )
            .order_by((Solution.status == SolutionStatus.WINNER).desc(), Solution.id)
        )
    )


def solutions_of(challenge: Challenge) -> list[Solution]:
    """Every solution of a challenge, hidden ones too, oldest first (the staff's evaluation)."""
    return list(
        db.session.scalars(
            select(Solution).where(Solution.challenge_id == challenge.id).order_by(Solution.id)
        )
    )


def own_solutions(challenge: Challenge, user: Visitor) -> list[Solution]:
    """The solutions ``user`` submitted to ``challenge``."""
    if not is_authenticated(user):
        return []
    return list(
        db.session.scalars(
            select(Solution)
            .where(Solution.challenge_id == challenge.id, Solution.author_id == user.id)
            .order_by(Solution.id)
        )
    )


def challenge_path(challenge: Challenge) -> str:
    return url_for(
        "challenges.detail", municipality=challenge.municipality.slug, challenge_id=challenge.id
    )


def solution_path(solution: Solution) -> str:
    return url_for(
        "challenges.detail",
        municipality=solution.challenge.municipality.slug,
        challenge_id=solution.challenge_id,
        _anchor=f"solution-{solution.id}",
    )


# Staff: challenges ------------------------------------------------------------------------------


def _refuse_if_closed(challenge: Challenge) -> None:
    if challenge.is_closed:
        raise DomainError(_("A closed challenge can no longer be changed."))


def _challenge_fields(data: dict[str, Any]) -> dict[str, Any]:
    kind = data.get("kind")
    topic = data.get("topic")
    if kind not in KINDS:
        raise DomainError(_("Choose a kind of challenge."), status=422)
    if topic not in TOPICS:
        raise DomainError(_("Choose a topic."), status=422)
    closes_at = data.get("closes_at")
    if not isinstance(closes_at, datetime):
        raise DomainError(_("Give the deadline for solutions."), status=422)
    fields: dict[str, Any] = {
        "kind": kind,
        "topic": topic,
        "closes_at": _aware(closes_at),
        "title": (data.get("title") or "").strip()[:TITLE_MAX],
        "problem": (data.get("problem") or "").strip(),
        "rules": (data.get("rules") or "").strip(),
        "sessions": (data.get("sessions") or "").strip() or None,
    }
    for name in ("title", "problem", "rules"):
        if not fields[name]:
            raise DomainError(_("Fill in the title, the problem and the rules."), status=422)
    return fields


def create_challenge(municipality: Municipality, *, actor: User, data: dict[str, Any]) -> Challenge:
    """Prepare a challenge as a draft, which only staff see."""
    challenge = Challenge(
        municipality_id=municipality.id, state=ChallengeState.DRAFT, **_challenge_fields(data)
    )
    challenge.municipality = municipality
    db.session.add(challenge)
    db.session.flush()
    audit.record_on(challenge, "challenges.create", actor=actor, title=challenge.title)
    return challenge


def edit_challenge(challenge: Challenge, *, actor: User, data: dict[str, Any]) -> Challenge:
    """Change a challenge's texts, topic or deadline until it is closed."""
    _refuse_if_closed(challenge)
    fields = _challenge_fields(data)
    if challenge.state == ChallengeState.OPEN and fields["closes_at"] <= utcnow() < _aware(
        challenge.closes_at
    ):
        raise DomainError(_("The deadline must be in the future while solutions are taken."))
    for name, value in fields.items():
        setattr(challenge, name, value)
    db.session.flush()
    audit.record_on(challenge, "challenges.edit", actor=actor)
    return challenge


def publish_refusal(user: Visitor, challenge: Challenge) -> DomainError | None:
    """A draft whose deadline is still ahead."""
    if not challenge.is_draft:
        return DomainError(_("This challenge is already published."))
    if _aware(challenge.closes_at) <= utcnow():
        return DomainError(_("Move the deadline for solutions into the future before publishing."))
    return None


def publish_challenge(challenge: Challenge, *, actor: User) -> Challenge:
    """Open a draft for solutions: the challenge, its rules and partners become public."""
    refusal = publish_refusal(actor, challenge)
    if refusal is not None:
        raise refusal
    challenge.state = ChallengeState.OPEN
    challenge.published_at = utcnow()
    db.session.flush()
    audit.record_on(challenge, "challenges.publish", actor=actor)
    logger.info("challenge %s published by %s", challenge.id, actor.id)
    return challenge


def evaluate_challenge(challenge: Challenge, *, actor: User) -> Challenge:
    """Stop taking solutions (before the deadline, if staff choose) and evaluate them."""
    if challenge.state != ChallengeState.OPEN:
        raise DomainError(_("Only a challenge open for solutions can move to evaluation."))
    challenge.state = ChallengeState.EVALUATING
    db.session.flush()
    audit.record_on(challenge, "challenges.evaluate", actor=actor)
    return challenge


def close_challenge(challenge: Challenge, *, actor: User, report: str) -> Challenge:
    """Close with the published report; authors of shortlisted and winning solutions are told."""
    if not may_evaluate(challenge):
        raise DomainError(_("Only a published challenge that is not closed can be closed."))
    text = (report or "").strip()
    if not text:
        raise DomainError(_("Write the report: the outcome, the winners and the next steps."), 422)
    challenge.state = ChallengeState.CLOSED
    challenge.report = text
    challenge.closed_at = utcnow()
    db.session.flush()
    audit.record_on(challenge, "challenges.close", actor=actor)
    authors = {s.author_id for s in solutions_of(challenge) if s.author_id and not s.is_hidden}
    title = challenge.title
    _notify(
        authors,
        target=challenge,
        url=challenge_path(challenge) + "#report",
        summary=lambda: _("The report of “%(title)s” is published.", title=title),
        actor=actor,
    )
    return challenge


# Staff: partners --------------------------------------------------------------------------------


def add_partner(
    challenge: Challenge,
    *,
    actor: User,
    name: str,
    kind: str,
    agreement_url: str | None = None,
    agreement: FileStorage | None = None,
    ends_on: date | None = None,
) -> ChallengePartner:
    """Name an organisation co-running the challenge, with its agreement (a link, a document)."""
    _refuse_if_closed(challenge)
    name = (name or "").strip()[:NAME_MAX]
    if not name:
        raise DomainError(_("Give the organisation's name."), status=422)
    if kind not in PARTNER_KINDS:
        raise DomainError(_("Choose the kind of organisation."), status=422)
    address = None
    if agreement_url and agreement_url.strip():
        address = agreement_url.strip()
        if not is_web_url(address) or len(address) > URL_MAX:
            raise DomainError(_("Give a web address starting with https:// or http://."), 422)
    upload = save_document_if_given(agreement, municipality=challenge.municipality, uploader=actor)
    partner = ChallengePartner(
        municipality_id=challenge.municipality_id,
        challenge_id=challenge.id,
        name=name,
        kind=kind,
        agreement_url=address,
        agreement_id=upload.id if upload is not None else None,
        agreement_ends_on=ends_on,
    )
    db.session.add(partner)
    db.session.flush()
    db.session.expire(challenge, ["partners"])
    audit.record_on(challenge, "challenges.add_partner", actor=actor, partner=name)
    return partner


def remove_partner(partner: ChallengePartner, *, actor: User) -> None:
    """Remove a partner and its agreement document."""
    challenge = partner.challenge
    _refuse_if_closed(challenge)
    upload_id, name = partner.agreement_id, partner.name
    db.session.delete(partner)
    db.session.flush()
    release_upload(upload_id)
    db.session.expire(challenge, ["partners"])
    audit.record_on(challenge, "challenges.remove_partner", actor=actor, partner=name)


# Solutions --------------------------------------------------------------------------------------


def _solution_fields(data: dict[str, Any]) -> dict[str, Any]:
    title = (data.get("title") or "").strip()[:SOLUTION_TITLE_MAX]
    description = (data.get("description") or "").strip()
    if not title or not description:
        raise DomainError(_("Give your solution a title and a description."), status=422)
    if len(description) > TEXT_MAX:
        raise DomainError(_("The description is too long."), status=422)
    organisation = (data.get("organisation") or "").strip()[:NAME_MAX] or None
    return {"title": title, "description": description, "organisation": organisation}


def submit_solution(
    challenge: Challenge,
    *,
    author: User,
    data: dict[str, Any],
    document: FileStorage | None = None,
) -> Solution:
    """Submit a solution while the challenge takes them; only the author and staff see it
    until the report shortlists it."""
    refusal = submit_refusal(author, challenge)
    if refusal is not None:
        raise refusal
    fields = _solution_fields(data)
    upload = save_document_if_given(document, municipality=challenge.municipality, uploader=author)
    solution = Solution(
        municipality_id=challenge.municipality_id,
        challenge_id=challenge.id,
        author_id=author.id,
        document_id=upload.id if upload is not None else None,
        status=SolutionStatus.SUBMITTED,
        **fields,
    )
    db.session.add(solution)
    db.session.flush()
    logger.info("solution %s submitted by %s to challenge %s", solution.id, author.id,
                challenge.id)  # fmt: skip
    return solution


def edit_solution(
    solution: Solution,
    *,
    actor: User,
    data: dict[str, Any],
    document: FileStorage | None = None,
    remove_document: bool = False,
) -> Solution:
    """Change one's solution until the deadline; a new document replaces the old one."""
    refusal = edit_refusal(actor, solution)
    if refusal is not None:
        raise refusal
    fields = _solution_fields(data)
    replaced = None
    upload = save_document_if_given(
        document, municipality=solution.challenge.municipality, uploader=actor
    )
    if upload is not None:
        replaced, solution.document_id = solution.document_id, upload.id
    elif remove_document:
        replaced, solution.document_id = solution.document_id, None
    for name, value in fields.items():
        setattr(solution, name, value)
    solution.edited_at = utcnow()
    db.session.flush()
    release_upload(replaced)
    db.session.expire(solution, ["document"])
    return solution


def shortlist_solution(
    solution: Solution, *, actor: User, status: str, note: str | None = None
) -> Solution:
    """Place a solution in the evaluation (submitted, shortlisted, winner) with staff's note;
    its author hears when it is shortlisted or wins."""
    challenge = solution.challenge
    if not may_evaluate(challenge):
        raise DomainError(_("Solutions are evaluated while the challenge is open or evaluated."))
    if status not in STATUS_LABELS:
        raise DomainError(_("Choose where the solution stands."), status=422)
    if solution.is_hidden and status != SolutionStatus.SUBMITTED:
        raise DomainError(_("A solution hidden by moderation cannot be shortlisted."))
    old = solution.status
    solution.status = status
    solution.note = (note or "").strip() or None
    solution.shortlisted_at = utcnow() if status != SolutionStatus.SUBMITTED else None
    db.session.flush()
    audit.record_on(solution, "challenges.shortlist", actor=actor, old=old, new=status)
    if status != old and status != SolutionStatus.SUBMITTED:
        title, label = solution.title, status_label(status)
        _notify(
            [solution.author_id],
            target=solution,
            url=solution_path(solution),
            summary=lambda: _("Your solution “%(title)s”: %(status)s.", title=title, status=label),
            actor=actor,
        )
    return solution


def _notify(ids: Iterable[int | None], *, target: Any, url: str, summary: Any, actor: User) -> None:
    from participa.notifications import services as notifications

    notifications.notify(
        ids,
        "state_change",
        target=target,
        url=url,
        summary=summary,
        actor_id=actor.id,
        municipality_id=target.municipality_id,
    )
