"""Notifications and follows: the API other features call.

Where things live:

- here: the followable registry, follows, ``notify`` (with its immediate e-mail) and reading
  notifications (``notifications_query``, ``unread_count``, ``mark_read``...);
- :mod:`participa.notifications.preferences`: e-mail preferences (``email_mode_of``,
  ``set_email_mode``) and one-click unsubscribe tokens, links and headers;
- :mod:`participa.notifications.digests`: the daily e-mail digest (``send_digests``);
- :mod:`participa.notifications.mentions`: finding ``@mentions`` (``mentioned_user_ids``, which
  other features call from here).

Register what can be followed (once, at import time of your feature; no database access)::

    from participa.notifications.services import register_followable
    register_followable("proposal", Proposal, url=lambda p: url_for("proposals.detail", ...))

The optional ``visible=(user, obj) -> bool`` keyword hides objects a person may not see (drafts):
following them answers 404.

Follow and notify (services flush, never commit; the view commits once)::

    follow(user, proposal)                 # idempotent; the author follows their own proposal
    unfollow(user, proposal); is_following(user, proposal); follower_ids(proposal)
    notify(follower_ids(proposal), "official_answer", target=proposal,
           url=url_for("proposals.detail", ...),             # a local path
           summary=lambda: gettext("New answer on %(t)s", t=proposal.title),
           actor_id=current_user.id)

``summary`` may be a string or a callable; a callable is called once per recipient with the
recipient's locale forced, so write it with ``gettext`` (not ``lazy_gettext``) inside the lambda.
``notify`` skips the actor and deleted accounts, removes duplicates, stores one ``Notification``
per recipient and e-mails at once those whose preference is ``immediate`` (``digest`` waits for
``flask notifications send-digests``; ``none`` never gets mail). It returns how many were created.

Events in use: ``comment_reply``, ``comment_on_contribution``, ``official_answer``,
``state_change``, ``moderation_outcome``, ``mention``, ``new_version`` (a new text of a draft,
for everyone who took part in it or follows it), ``comment_on_followed`` (a new visible comment
on something followed), ``residency_decision`` (a residency request approved or declined),
``exchange_message`` and ``exchange_completed`` (a learning exchange one's member takes part
in), ``export_ready`` (a person's prepared download), ``event_registration``,
``event_reminder`` and ``event_cancelled`` (a person's place at an event, a reminder before it,
its cancellation).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from flask import request, url_for
from flask_babel import force_locale, gettext
from sqlalchemy import (
    Exists,
    Integer,
    String,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)

from participa.accounts.models import User
from participa.core.dml import rows_changed
from participa.core.mail import send_mail
from participa.core.mail import url_context as url_context  # public: digests, legislation
from participa.core.security import is_safe_next
from participa.core.unique import add_if_new
from participa.core.viewer import Probe, answer, fact
from participa.db import utcnow
from participa.extensions import db
from participa.notifications.mentions import mentioned_user_ids as mentioned_user_ids  # public
from participa.notifications.models import EmailMode, Follow, Notification
from participa.notifications.preferences import email_modes, unsubscribe_headers, unsubscribe_url

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy import ColumnElement, ScalarSelect, Select

    from participa.core.authz import Visitor

logger = logging.getLogger(__name__)

EVENTS = frozenset(
    {
        "comment_reply",
        "comment_on_contribution",
        "official_answer",
        "state_change",
        "moderation_outcome",
        "mention",
        "new_version",
        "comment_on_followed",
        "residency_decision",
        "export_ready",
        "exchange_message",
        "exchange_completed",
        "event_registration",
        "event_reminder",
        "event_cancelled",
    }
)
DEFAULT_LOCALE = "es"
SUMMARY_MAX = 300


# --- The followable registry ----------------------------------------------------------------


@dataclass(frozen=True)
class Followable:
    kind: str
    model: type
    url: Callable[[Any], str]
    visible: Callable[[Visitor, Any], bool] | None = None


_followables: dict[str, Followable] = {}


def register_followable(
    kind: str,
    model: type,
    *,
    url: Callable[[Any], str],
    visible: Callable[[Visitor, Any], bool] | None = None,
) -> None:
    """Make instances of ``model`` followable under the name ``kind`` (used in URLs)."""
    existing = _followables.get(kind)
    if existing is not None and existing.model is not model:
        raise ValueError(f"followable {kind!r} is already registered for {existing.model}")
    _followables[kind] = Followable(kind=kind, model=model, url=url, visible=visible)


def followable(kind: str) -> Followable | None:
    """Return the registration for ``kind``, or None."""
    return _followables.get(kind)


def followable_kind(target: Any) -> str | None:  # any object: templates ask about anything
    """Return the kind under which ``target``'s class was registered, or None."""
    for entry in _followables.values():
        if isinstance(target, entry.model):
            return entry.kind
    return None


# Targets are Any: whichever model a feature registered as followable.
def _target_type(target: Any) -> str:
    table: str = type(target).__tablename__
    return table


# --- Follows -------------------------------------------------------------------------------


def follow(user: User, target: Any) -> None:
    """Make ``user`` follow ``target``; following twice changes nothing."""
    if is_following(user, target):
        return
    row = Follow(
        user_id=user.id,
        target_type=_target_type(target),
        target_id=target.id,
        municipality_id=getattr(target, "municipality_id", None),
    )
    if not add_if_new(row):
        # A concurrent request created the same follow first: the outcome is the same.
        logger.info(
            "follow of %s %s by %s already existed", row.target_type, row.target_id, user.id
        )


def unfollow(user: User, target: Any) -> None:
    """Stop ``user`` following ``target``; unfollowing twice changes nothing."""
    db.session.execute(
        delete(Follow).where(
            Follow.user_id == user.id,
            Follow.target_type == _target_type(target),
            Follow.target_id == target.id,
        )
    )


def is_following(user: Visitor, target: Any) -> bool:
    """Tell whether ``user`` (possibly anonymous) follows ``target``."""
    probe = following_probe(user, target)
    return probe is not None and bool(answer(probe))


def following_probe(user: Visitor, target: Any) -> Probe | None:
    """:func:`is_following` as a question a page may answer in advance (``core.viewer``)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    kind = _target_type(target)
    params = {
        "following_user_id": user.id,
        "following_target_type": kind,
        "following_target_id": target.id,
    }
    return Probe(("notifications.following", user.id, kind, target.id), _FOLLOWS, params)


def following_question(user_id: int, target: Any) -> Exists:
    """Whether person ``user_id`` follows ``target``, as SQL (for ``core.viewer.ask``)."""
    return _follows(user_id, _target_type(target), target.id)


def _follows(
    user_id: int | ColumnElement[int],
    target_type: str | ColumnElement[str],
    target_id: int | ColumnElement[int],
) -> Exists:
    return (
        select(Follow.id)
        .where(
            Follow.user_id == user_id,
            Follow.target_type == target_type,
            Follow.target_id == target_id,
        )
        .exists()
    )


# Built once: every followable page asks it, and building it cost as much as running it.
_FOLLOWS = _follows(
    bindparam("following_user_id", type_=Integer),
    bindparam("following_target_type", type_=String),
    bindparam("following_target_id", type_=Integer),
)


def followed_ids(user: Visitor, model: type[Any], ids: Iterable[int]) -> set[int]:
    """Return which of ``ids`` (objects of ``model``) ``user`` follows, in one query (lists)."""
    ids = list(ids)
    if not ids or user is None or not getattr(user, "is_authenticated", False):
        return set()
    return set(
        db.session.scalars(
            select(Follow.target_id).where(
                Follow.user_id == user.id,
                Follow.target_type == model.__tablename__,
                Follow.target_id.in_(ids),
            )
        )
    )


def follower_ids(target: Any) -> list[int]:
    """Return the ids of everyone following ``target``."""
    return list(
        db.session.scalars(
            select(Follow.user_id)
            .where(Follow.target_type == _target_type(target), Follow.target_id == target.id)
            .order_by(Follow.user_id)
        )
    )


# --- Notify --------------------------------------------------------------------------------


def notify(
    recipient_ids: Iterable[int | None],
    event: str,
    *,
    target: Any,
    url: str,
    summary: Callable[[], str] | str,
    actor_id: int | None = None,
    municipality_id: int | None = None,
    email: bool = True,
) -> int:
    """Notify each recipient once (not the actor, not deleted accounts); return how many.

    ``email=False`` stores the notifications in the app only (the caller mails on its own).
    """
    if event not in EVENTS:
        logger.warning("notification event %r is not a known event", event)
    if not is_safe_next(url):
        raise ValueError(f"notification url must be a local path, got {url!r}")
    ids = {int(i) for i in recipient_ids if i is not None and i != actor_id}
    if not ids:
        return 0
    recipients = list(
        db.session.scalars(
            select(User).where(User.id.in_(ids), User.deleted_at.is_(None)).order_by(User.id)
        )
    )
    if municipality_id is None:
        municipality_id = getattr(target, "municipality_id", None)
    modes = email_modes(u.id for u in recipients) if email else {}
    now = utcnow()
    mailed: list[tuple[User, Notification]] = []
    quiet: list[dict[str, Any]] = []
    for user in recipients:
        with force_locale(user.locale or DEFAULT_LOCALE):
            text = summary() if callable(summary) else summary
        row: dict[str, Any] = {
            "user_id": user.id,
            "municipality_id": municipality_id,
            "event": event,
            "target_type": _target_type(target),
            "target_id": target.id,
            "url": url,
            "summary": _clip(str(text)),
            "actor_id": actor_id,
            "created_at": now,
        }
        immediate = modes.get(user.id, EmailMode.IMMEDIATE.value) == EmailMode.IMMEDIATE
        if email and immediate and _mailable(user):
            notification = Notification(**row)
            db.session.add(notification)
            mailed.append((user, notification))
        else:
            # In the app only (or the digest later): marked e-mailed when the caller mails on
            # its own, so that the digest does not mail it again.
            quiet.append({**row, "emailed_at": None if email else now})
    if quiet:
        # One executemany, whatever the number of followers (no row objects needed back).
        db.session.execute(insert(Notification), quiet)
    db.session.flush()
    for user, notification in mailed:
        _send_immediate(user, notification)  # one e-mail per person: its own outbox row
    return len(mailed) + len(quiet)


def personal_export_ready(user: User, url: str) -> None:
    """Tell the person, in-app, that the download of their data they asked for is ready."""
    notify([user.id], "export_ready", target=user, url=url,
           summary=lambda: gettext("The download of your data is ready."))  # fmt: skip


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_MAX else text[: SUMMARY_MAX - 1] + "…"


def _mailable(user: User) -> bool:
    return bool(user.email) and user.email_confirmed_at is not None and user.deleted_at is None


def _send_immediate(user: User, notification: Notification) -> None:
    assert user.email is not None  # only _mailable people get here
    with url_context(), force_locale(user.locale or DEFAULT_LOCALE):
        send_mail(
            user.email,
            _subject(notification.summary),
            "notification",
            user=user,
            notification=notification,
            link=absolute_url(notification.url),
            headers=unsubscribe_headers(user),
            unsubscribe_url=unsubscribe_url(user),
            preferences_url=url_for("notifications.preferences", _external=True),
        )
    notification.emailed_at = utcnow()


def _subject(summary: str) -> str:
    subject: str = gettext("Participa: %(summary)s", summary=summary)
    return subject if len(subject) <= 200 else subject[:199] + "…"


def absolute_url(path: str) -> str | None:
    """Return local ``path`` as an absolute link (inside ``url_context``), else None."""
    return urljoin(request.host_url, path) if is_safe_next(path) else None


# --- Reading -------------------------------------------------------------------------------


def notifications_query(user: User) -> Select[Notification]:
    """A select of ``user``'s notifications, newest first."""
    return (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )


def time_zones(items: Iterable[Notification]) -> dict[int, str]:
    """Return the time zone of each municipality the ``items`` belong to, by municipality id."""
    from participa.municipalities.models import Municipality

    ids = {item.municipality_id for item in items if item.municipality_id is not None}
    if not ids:
        return {}
    rows = db.session.execute(
        select(Municipality.id, Municipality.timezone).where(Municipality.id.in_(ids))
    )
    return {municipality_id: zone for municipality_id, zone in rows}


def unread_question(
    user_id: int | ColumnElement[int],
    _municipality_id: int | ColumnElement[int] | None,
    _now: datetime | ColumnElement[datetime],
) -> ScalarSelect[int]:
    """How many unread notifications the person has (asked with the reader's other questions,
    core.viewer)."""
    return (
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .scalar_subquery()
    )


def unread_count(user: User) -> int:
    """Return how many unread notifications ``user`` has."""
    return int(fact("notifications.unread", unread_question, user.id))


def get_notification(user: User, notification_id: int) -> Notification | None:
    """Return ``user``'s notification with this id; someone else's is None."""
    return db.session.scalars(
        select(Notification).where(
            Notification.id == notification_id, Notification.user_id == user.id
        )
    ).first()


def mark_read(notification: Notification) -> None:
    """Mark one notification as read (keeping the first reading time)."""
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()


def mark_all_read(user: User) -> int:
    """Mark every unread notification of ``user`` as read; return how many."""
    return rows_changed(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
