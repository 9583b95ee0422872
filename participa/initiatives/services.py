"""Initiatives: the member's rules, starting one, staff review, the answer and its reminders.

Signatures live in ``signatures``; lists and filters in ``listing``. Services flush, never
commit, and audit every staff change.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from flask import g, has_app_context, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, select

from participa.core import audit
from participa.core.authz import STAFF_ROLE
from participa.core.errors import DomainError
from participa.core.lapsing import Lapse
from participa.core.mail import url_context
from participa.db import utcnow
from participa.extensions import db
from participa.initiatives.models import Initiative, InitiativeRules, InitiativeState, Signature
from participa.municipalities.models import Membership
from participa.notifications.services import follow, follower_ids, notify

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.municipalities.models import Municipality

TITLE_MIN, TITLE_MAX = 5, 150
BODY_MIN, BODY_MAX = 20, 20_000
REASON_MAX = ANSWER_MAX = 20_000
THRESHOLD_MAX = 10_000_000
DAYS_MAX = 3650

S = InitiativeState
# What visitors see instead of the state codes.
STATE_LABELS: dict[str, Any] = {
    S.REVIEW: _l("Awaiting review"),
    S.REJECTED: _l("Not admitted"),
    S.COLLECTING: _l("Collecting signatures"),
    S.REACHED: _l("Threshold reached, awaiting answer"),
    S.ANSWERED: _l("Answered"),
    S.EXPIRED: _l("Expired without reaching the threshold"),
}
# The states everyone may see (review and rejected: the author and staff only).
PUBLIC_STATES = (S.COLLECTING, S.REACHED, S.ANSWERED, S.EXPIRED)


def state_label(state: str) -> str:
    """The translated name of a state (never the code)."""
    return str(STATE_LABELS.get(state, _("Unknown")))


# Rules ------------------------------------------------------------------------------------------


# A page asks for the rules in its view and again in the policies of its buttons.
RULES_MEMO = "_participa_initiative_rules"


def rules_of(municipality: Municipality) -> InitiativeRules:
    """The member's rules; the defaults (initiatives off) until staff set them. Kept for the
    request until the session next writes (see participa.core.memo)."""
    memo: dict[int, InitiativeRules] = g.setdefault(RULES_MEMO, {}) if has_app_context() else {}
    rules = memo.get(municipality.id)
    if rules is not None:
        return rules
    rules = db.session.scalar(
        select(InitiativeRules).where(InitiativeRules.municipality_id == municipality.id)
    )
    if rules is None:
        rules = InitiativeRules(
            municipality_id=municipality.id, enabled=False, signature_threshold=100,
            collection_days=90, answer_days=30, reminder_days=7,
        )  # fmt: skip
    memo[municipality.id] = rules
    return rules


def update_rules(
    municipality: Municipality,
    *,
    actor: User,
    enabled: bool,
    signature_threshold: int,
    collection_days: int,
    answer_days: int,
    reminder_days: int,
) -> InitiativeRules:
    """Set the member's rules (applied to initiatives admitted from now on); audited."""
    if not 1 <= signature_threshold <= THRESHOLD_MAX:
        raise DomainError(_("The threshold must be at least one signature."), status=422)
    if not (1 <= collection_days <= DAYS_MAX and 1 <= answer_days <= DAYS_MAX):
        raise DomainError(_("Periods must last at least one day."), status=422)
    if not 0 <= reminder_days <= answer_days:
        raise DomainError(_("Staff can only be reminded within the answer period."), status=422)
    rules = rules_of(municipality)
    before = {name: getattr(rules, name) for name in _RULE_FIELDS}
    rules.enabled = enabled
    rules.signature_threshold = signature_threshold
    rules.collection_days = collection_days
    rules.answer_days = answer_days
    rules.reminder_days = reminder_days
    db.session.add(rules)
    db.session.flush()
    after = {name: getattr(rules, name) for name in _RULE_FIELDS}
    changes: dict[str, Any] = {
        k: [before[k], after[k]] for k in _RULE_FIELDS if before[k] != after[k]
    }
    audit.record("initiatives.rules", actor=actor, municipality=municipality, target=rules,
                 **changes)  # fmt: skip
    return rules


_RULE_FIELDS = ("enabled", "signature_threshold", "collection_days", "answer_days",
                "reminder_days")  # fmt: skip


# States -----------------------------------------------------------------------------------------


def current_state(initiative: Initiative, now: datetime | None = None) -> str:
    """The state as visitors see it: collecting past the deadline is expired already, before
    the worker records it."""
    now = now or utcnow()
    ends = initiative.collection_ends_at
    if initiative.state == S.COLLECTING and ends is not None and ends <= now:
        return S.EXPIRED
    return initiative.state


_COLLECTION = Lapse(
    Initiative.state, Initiative.collection_ends_at, live=S.COLLECTING, lapsed=S.EXPIRED
)


def state_is(state: str, now: datetime) -> ColumnElement[bool]:
    """SQL: initiatives in ``state`` as :func:`current_state` says it."""
    return _COLLECTION.state_is(state, now)


def is_collecting(initiative: Initiative, now: datetime | None = None) -> bool:
    """Tell whether it takes signatures now (admitted, before its deadline, not answered)."""
    now = now or utcnow()
    ends = initiative.collection_ends_at
    return initiative.state in (S.COLLECTING, S.REACHED) and ends is not None and now < ends


# Starting and reviewing -------------------------------------------------------------------------


def start_initiative(
    municipality: Municipality, *, author: User, title: str, body: str
) -> Initiative:
    """Start an initiative, waiting for staff review; its author follows it."""
    if not rules_of(municipality).enabled:
        raise DomainError(_("%(name)s does not take citizen initiatives now.",
                            name=municipality.name))  # fmt: skip
    title, body = title.strip(), body.strip()
    if not TITLE_MIN <= len(title) <= TITLE_MAX or not BODY_MIN <= len(body) <= BODY_MAX:
        raise DomainError(_("Write a title and a text of the lengths asked."), status=422)
    initiative = Initiative(
        municipality_id=municipality.id, author_id=author.id, title=title, body=body,
        state=S.REVIEW,
    )  # fmt: skip
    db.session.add(initiative)
    db.session.flush()
    follow(author, initiative)
    return initiative


def _decision_reason(initiative: Initiative, reason: str) -> str:
    """The reason of a review decision, refused unless the initiative waits for one."""
    if initiative.state != S.REVIEW:
        raise DomainError(_("This initiative has already been reviewed."))
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give the reason of the decision."), status=422)
    return reason


def admit(initiative: Initiative, *, actor: User, reason: str) -> Initiative:
    """Admit an initiative: it gathers signatures under the member's rules in force now."""
    reason = _decision_reason(initiative, reason)
    rules = rules_of(initiative.municipality)
    now = utcnow()
    initiative.state = S.COLLECTING
    initiative.decision_reason = reason
    initiative.decided_at = initiative.admitted_at = now
    initiative.signature_threshold = rules.signature_threshold
    initiative.answer_days = rules.answer_days
    initiative.collection_ends_at = now + timedelta(days=rules.collection_days)
    db.session.flush()
    audit.record("initiatives.admit", actor=actor, municipality=initiative.municipality,
                 target=initiative, reason=reason,
                 threshold=rules.signature_threshold,
                 collection_days=rules.collection_days)  # fmt: skip
    _tell_author(initiative, actor, lambda: _("Your initiative “%(title)s” was admitted.",
                                              title=initiative.title))  # fmt: skip
    return initiative


def reject(initiative: Initiative, *, actor: User, reason: str) -> Initiative:
    """Reject an initiative with a reason shown to its author."""
    reason = _decision_reason(initiative, reason)
    initiative.state = S.REJECTED
    initiative.decision_reason = reason
    initiative.decided_at = utcnow()
    db.session.flush()
    audit.record("initiatives.reject", actor=actor, municipality=initiative.municipality,
                 target=initiative, reason=reason)  # fmt: skip
    _tell_author(initiative, actor, lambda: _("Your initiative “%(title)s” was not admitted.",
                                              title=initiative.title))  # fmt: skip
    return initiative


def _tell_author(initiative: Initiative, actor: User, summary: Any) -> None:
    notify([initiative.author_id], "state_change", target=initiative,
           url=initiative_path(initiative), summary=summary, actor_id=actor.id)  # fmt: skip


def initiative_path(initiative: Initiative) -> str:
    """The initiative's page, as a local path (also from the worker, outside a request)."""
    with url_context():
        return url_for(
            "initiatives.detail",
            municipality=initiative.municipality.slug,
            initiative_id=initiative.id,
        )


# Answering --------------------------------------------------------------------------------------


def answer(initiative: Initiative, *, actor: User, text: str) -> Initiative:
    """Publish the official answer of an initiative that reached its threshold; audited, and
    its signers and followers are told."""
    if initiative.state != S.REACHED:
        raise DomainError(_("Only initiatives that reached their threshold wait for an answer."))
    text = text.strip()
    if not text:
        raise DomainError(_("Write the answer."), status=422)
    now = utcnow()
    initiative.state = S.ANSWERED
    initiative.answer_text = text
    initiative.answered_at = now
    db.session.flush()
    late = initiative.answer_due_at is not None and now > initiative.answer_due_at
    audit.record("initiatives.answer", actor=actor, municipality=initiative.municipality,
                 target=initiative, late=late)  # fmt: skip
    signers = db.session.scalars(
        select(Signature.user_id).where(Signature.initiative_id == initiative.id)
    ).all()
    notify([*signers, *follower_ids(initiative)], "official_answer", target=initiative,
           url=initiative_path(initiative), actor_id=actor.id,
           summary=lambda: _("The initiative “%(title)s” has been answered.",
                             title=initiative.title))  # fmt: skip
    return initiative


def staff_ids(municipality_id: int) -> list[int]:
    """The member's staff (its admins)."""
    return list(
        db.session.scalars(
            select(Membership.user_id).where(
                Membership.municipality_id == municipality_id, Membership.role == STAFF_ROLE
            )
        )
    )
