"""Reports, moderation decisions and appeals."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import Integer, String, bindparam, func, select, update

from participa.core import audit
from participa.core.authz import is_authenticated
from participa.core.errors import DomainError, required_text
from participa.core.unique import add_if_new
from participa.core.viewer import Probe, answer
from participa.db import utcnow
from participa.extensions import db
from participa.moderation import registry
from participa.moderation.models import (
    Action,
    Appeal,
    ModerationDecision,
    Reason,
    Report,
)
from participa.moderation.settings import settings_for
from participa.moderation.signals import visibility_changed
from participa.notifications.services import notify

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.core.authz import Visitor
    from participa.municipalities.models import Municipality

logger = logging.getLogger(__name__)

NOTE_MAX = 1000
REASON_MAX = 2000

# Items (``obj``) are Any: whichever model a feature registered as reportable.


def is_visible(obj: Any) -> bool:
    """Shown to everyone: not hidden, not waiting for review, not deleted."""
    return (
        getattr(obj, "hidden_at", None) is None
        and not getattr(obj, "pending_review", False)
        and getattr(obj, "deleted_at", None) is None
    )


def _set_visibility(kind: str, obj: Any, *, hidden: bool, pending: bool = False) -> None:
    was = is_visible(obj)
    if hidden and obj.hidden_at is None:
        obj.hidden_at = utcnow()
    elif not hidden:
        obj.hidden_at = None
    if hasattr(obj, "pending_review"):
        obj.pending_review = pending
    db.session.flush()
    now = is_visible(obj)
    if was != now:
        visibility_changed.send(kind, obj=obj, was_visible=was, is_visible=now)


# --- Reports --------------------------------------------------------------------------------


def open_report_count(kind: str, item_id: int) -> int:
    return db.session.execute(
        select(func.count())
        .select_from(Report)
        .where(
            Report.reportable_type == kind,
            Report.reportable_id == item_id,
            Report.resolved_at.is_(None),
        )
    ).scalar_one()


# Whether a person has reported an item, built once: every reportable page asks it.
_REPORTED = (
    select(Report.id)
    .where(
        Report.reporter_id == bindparam("reported_user_id", type_=Integer),
        Report.reportable_type == bindparam("reported_kind", type_=String),
        Report.reportable_id == bindparam("reported_item_id", type_=Integer),
    )
    .exists()
)


def reported_probe(user: Visitor, kind: str, item_id: int) -> Probe | None:
    """:func:`has_reported` as a question a page may answer in advance (``core.viewer``)."""
    if not is_authenticated(user):
        return None
    params = {"reported_user_id": user.id, "reported_kind": kind, "reported_item_id": item_id}
    return Probe(("moderation.reported", user.id, kind, item_id), _REPORTED, params)


def has_reported(user: User, kind: str, item_id: int) -> bool:
    probe = reported_probe(user, kind, item_id)
    return probe is not None and bool(answer(probe))


def report_content(
    kind: str, obj: Any, *, reporter: User, reason: str, note: str | None = None
) -> Report:
    """Report an item once per person; hide it when the reports reach the threshold."""
    entry = registry.reportable(kind)
    if reason not in set(Reason):
        raise DomainError(_("Choose a reason."), status=422)
    if note and len(note) > NOTE_MAX:
        raise DomainError(
            ngettext(
                "The note can have at most %(num)s character.",
                "The note can have at most %(num)s characters.",
                NOTE_MAX,
            ),
            422,
        )
    if entry.author_id(obj) == reporter.id:
        raise DomainError(_("You cannot report your own contribution."), status=409)
    if getattr(obj, "deleted_at", None) is not None:
        raise DomainError(_("This contribution has been deleted."), status=409)
    if has_reported(reporter, kind, obj.id):
        raise DomainError(_("You have already reported this."), status=409)
    report = Report(
        municipality_id=obj.municipality_id,
        reportable_type=kind,
        reportable_id=obj.id,
        reporter_id=reporter.id,
        reason=reason,
        note=(note or "").strip() or None,
    )
    if not add_if_new(report):  # the same person reported in a concurrent request
        raise DomainError(_("You have already reported this."), status=409)
    threshold = settings_for(obj.municipality_id).reports_to_hide
    if obj.hidden_at is None and open_report_count(kind, obj.id) >= threshold:
        _set_visibility(kind, obj, hidden=True)
        db.session.add(
            ModerationDecision(
                municipality_id=obj.municipality_id,
                reportable_type=kind,
                reportable_id=obj.id,
                action=Action.AUTO_HIDE,
                category=reason,
                author_id=entry.author_id(obj),
            )
        )
        logger.info("%s %s hidden after %s reports", kind, obj.id, threshold)
    db.session.flush()
    return report


# --- Decisions ------------------------------------------------------------------------------

_RESOLUTION: dict[str, str] = {
    Action.HIDE: "hide",
    Action.RESTORE: "restore",
    Action.DISMISS: "dismiss",
}


def _last_decision(kind: str, item_id: int) -> ModerationDecision | None:
    return db.session.scalars(
        select(ModerationDecision)
        .where(
            ModerationDecision.reportable_type == kind, ModerationDecision.reportable_id == item_id
        )
        .order_by(ModerationDecision.id.desc())
    ).first()


def _top_reason(kind: str, item_id: int) -> str | None:
    return db.session.scalar(
        select(Report.reason)
        .where(Report.reportable_type == kind, Report.reportable_id == item_id)
        .group_by(Report.reason)
        .order_by(func.count().desc(), Report.reason)
        .limit(1)
    )


def moderate(
    kind: str,
    obj: Any,
    *,
    actor: User,
    action: str,
    reason: str,
    category: str | None = None,
    notify_author: bool = True,
) -> ModerationDecision:
    """Hide, restore, approve or dismiss the reports of one item, with a reason."""
    entry = registry.reportable(kind)
    if action not in (Action.HIDE, Action.RESTORE, Action.DISMISS, Action.APPROVE):
        raise DomainError(_("Choose an action."), status=422)
    reason = required_text(
        reason,
        REASON_MAX,
        missing=_("Give a reason."),
        too_long=ngettext(
            "The reason can have at most %(num)s character.",
            "The reason can have at most %(num)s characters.",
            REASON_MAX,
        ),
    )
    if category is not None and category not in set(Reason):
        raise DomainError(_("Choose a category."), status=422)
    if action == Action.HIDE:
        category = category or _top_reason(kind, obj.id) or Reason.OTHER
        _set_visibility(kind, obj, hidden=True)
    elif action in (Action.RESTORE, Action.APPROVE):
        _set_visibility(kind, obj, hidden=False)
    elif action == Action.DISMISS:
        last = _last_decision(kind, obj.id)
        # Dismissing reports undoes only the automatic hiding they caused.
        auto = last is not None and last.action == Action.AUTO_HIDE
        _set_visibility(kind, obj, hidden=obj.hidden_at is not None and not auto)
    now = utcnow()
    if action in _RESOLUTION:
        db.session.execute(
            update(Report)
            .where(
                Report.reportable_type == kind,
                Report.reportable_id == obj.id,
                Report.resolved_at.is_(None),
            )
            .values(resolved_at=now, resolution=_RESOLUTION[action])
        )
    decision = ModerationDecision(
        municipality_id=obj.municipality_id,
        reportable_type=kind,
        reportable_id=obj.id,
        action=action,
        category=category if action == Action.HIDE else None,
        reason=reason,
        moderator_id=actor.id,
        author_id=entry.author_id(obj),
    )
    db.session.add(decision)
    db.session.flush()
    from participa.municipalities.models import Municipality

    audit.record(
        f"moderation.{action}",
        actor=actor,
        municipality=db.session.get(Municipality, obj.municipality_id),
        target=obj,
        reason=reason,
        kind=kind,
        category=decision.category,
    )
    if action == Action.APPROVE:
        from participa.moderation.signals import content_approved

        content_approved.send(kind, obj=obj)
    if notify_author:
        _notify_outcome(kind, obj, decision)
    return decision


def moderate_many(
    municipality: Municipality,
    items: list[tuple[str, int]],
    *,
    actor: User,
    action: str,
    reason: str,
    category: str | None = None,
) -> int:
    """Apply one action with one reason to several items of this municipality."""
    if not items:
        raise DomainError(_("Select at least one item."), status=422)
    done = 0
    for kind, item_id in items:
        obj = registry.load_reportable(kind, item_id, municipality.id)
        if obj is None:
            raise DomainError(_("An item you selected does not exist here."), status=404)
        moderate(kind, obj, actor=actor, action=action, reason=reason, category=category)
        done += 1
    return done


def _notify_outcome(kind: str, obj: Any, decision: ModerationDecision) -> None:
    if decision.author_id is None or decision.action == Action.DISMISS:
        return
    entry = registry.reportable(kind)
    title = entry.title(obj)
    reason = decision.reason or ""
    messages = {
        Action.HIDE: lambda: _(
            "Your contribution “%(title)s” was hidden by moderation. Reason: %(reason)s",
            title=title,
            reason=reason,
        ),
        Action.RESTORE: lambda: _(
            "Your contribution “%(title)s” was restored by moderation. Reason: %(reason)s",
            title=title,
            reason=reason,
        ),
        Action.APPROVE: lambda: _(
            "Your contribution “%(title)s” was approved and is now published.", title=title
        ),
    }
    notify(
        [decision.author_id],
        "moderation_outcome",
        target=obj,
        url=entry.url(obj),
        summary=messages[Action(decision.action)],
        actor_id=decision.moderator_id,
        municipality_id=obj.municipality_id,
    )


# --- Appeals --------------------------------------------------------------------------------


def appeal_of(kind: str, item_id: int) -> Appeal | None:
    return db.session.scalars(
        select(Appeal).where(Appeal.reportable_type == kind, Appeal.reportable_id == item_id)
    ).first()


def can_appeal(user: Visitor, kind: str, obj: Any) -> bool:
    """The author of hidden content, once."""
    return (
        is_authenticated(user)
        and obj.hidden_at is not None
        and registry.reportable(kind).author_id(obj) == user.id
        and appeal_of(kind, obj.id) is None
    )


def appeal_hiding(kind: str, obj: Any, *, author: User, text: str) -> Appeal:
    """Appeal once against the hiding of one's own content."""
    entry = registry.reportable(kind)
    if entry.author_id(obj) != author.id:
        raise DomainError(_("Only the author can appeal."), status=403)
    if obj.hidden_at is None:
        raise DomainError(_("This contribution is not hidden."), status=409)
    text = required_text(
        text,
        REASON_MAX,
        missing=_("Explain why the decision should change."),
        too_long=ngettext(
            "The appeal can have at most %(num)s character.",
            "The appeal can have at most %(num)s characters.",
            REASON_MAX,
        ),
    )
    if appeal_of(kind, obj.id) is not None:
        raise DomainError(_("You have already appealed this decision."), status=409)
    last = _last_decision(kind, obj.id)
    appeal = Appeal(
        municipality_id=obj.municipality_id,
        reportable_type=kind,
        reportable_id=obj.id,
        decision_id=last.id if last is not None else None,
        author_id=author.id,
        text=text,
    )
    if not add_if_new(appeal):
        raise DomainError(_("You have already appealed this decision."), status=409)
    return appeal


def decide_appeal(appeal: Appeal, *, actor: User, outcome: str, response: str) -> Appeal:
    """Uphold or overturn an appeal; the moderator who hid the item may not decide it."""
    if appeal.decided_at is not None:
        raise DomainError(_("This appeal has already been decided."), status=409)
    if outcome not in ("upheld", "overturned"):
        raise DomainError(_("Choose whether to uphold or overturn the decision."), status=422)
    response = (response or "").strip()
    if not response:
        raise DomainError(_("Give a reason."), status=422)
    hider = appeal.decision.moderator_id if appeal.decision is not None else None
    if hider is not None and hider == actor.id:
        raise DomainError(
            _("A different moderator must decide the appeal against your own decision."),
            status=403,
        )
    obj = registry.load_reportable(
        appeal.reportable_type, appeal.reportable_id, appeal.municipality_id
    )
    if obj is None:
        raise DomainError(_("The appealed contribution no longer exists."), status=404)
    appeal.outcome = outcome
    appeal.response = response
    appeal.decided_at = utcnow()
    appeal.decided_by_id = actor.id
    if outcome == "overturned":
        moderate(appeal.reportable_type, obj, actor=actor, action=Action.RESTORE, reason=response)
    else:
        from participa.municipalities.models import Municipality

        audit.record(
            "moderation.appeal_upheld",
            actor=actor,
            municipality=db.session.get(Municipality, appeal.municipality_id),
            target=obj,
            reason=response,
            kind=appeal.reportable_type,
        )
        _notify_appeal_upheld(appeal, obj, response)
    db.session.flush()
    return appeal


def _notify_appeal_upheld(appeal: Appeal, obj: Any, response: str) -> None:
    entry = registry.reportable(appeal.reportable_type)
    title = entry.title(obj)
    notify(
        [appeal.author_id],
        "moderation_outcome",
        target=obj,
        url=entry.url(obj),
        summary=lambda: _(
            "Your appeal about “%(title)s” was rejected; it stays hidden. Reason: %(reason)s",
            title=title,
            reason=response,
        ),
        actor_id=appeal.decided_by_id,
        municipality_id=obj.municipality_id,
    )
