"""The daily e-mail digest for people whose preference is ``digest``.

``flask notifications send-digests`` (cron, once a day) calls :func:`send_digests`, which mails
each of them their unread notifications not yet e-mailed; a run within 20 hours of the previous
one skips that person unless forced.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import url_for
from flask_babel import force_locale, gettext
from sqlalchemy import select

from participa.accounts.models import User
from participa.core.mail import send_mail
from participa.db import utcnow
from participa.extensions import db
from participa.notifications.models import EmailMode, Notification, NotificationPreference
from participa.notifications.preferences import unsubscribe_headers, unsubscribe_url
from participa.notifications.services import DEFAULT_LOCALE, absolute_url, url_context

logger = logging.getLogger(__name__)

# A digest run less than this long after the previous one waits (cron hiccups, manual runs).
DIGEST_MIN_INTERVAL = timedelta(hours=20)
# On a person's first digest, older unread notifications are not worth an e-mail.
DIGEST_FIRST_WINDOW = timedelta(days=2)


def send_digests(now: datetime | None = None, *, force: bool = False) -> int:
    """E-mail each digest-mode person their unread, not yet e-mailed notifications; return sent."""
    now = now or utcnow()
    rows = db.session.execute(
        select(NotificationPreference, User)
        .join(User, User.id == NotificationPreference.user_id)
        .where(
            NotificationPreference.email_mode == EmailMode.DIGEST.value,
            User.deleted_at.is_(None),
            User.email.is_not(None),
            User.email_confirmed_at.is_not(None),
        )
        .order_by(User.id)
    ).all()
    due = {
        user.id: (preference, user)
        for preference, user in rows
        if force
        or preference.digest_last_sent_at is None
        or now - preference.digest_last_sent_at >= DIGEST_MIN_INTERVAL
    }
    if not due:
        return 0
    pending: dict[int, list[Notification]] = {}
    query = (
        select(Notification)
        .where(
            Notification.user_id.in_(list(due)),
            Notification.read_at.is_(None),
            Notification.emailed_at.is_(None),
            Notification.created_at <= now,
        )
        .order_by(Notification.user_id, Notification.created_at, Notification.id)
    )
    for notification in db.session.scalars(query):
        preference = due[notification.user_id][0]
        # Not e-mailed yet means not in an earlier digest; a first digest skips old news.
        recent = notification.created_at >= now - DIGEST_FIRST_WINDOW
        if preference.digest_last_sent_at is not None or recent:
            pending.setdefault(notification.user_id, []).append(notification)
    sent = 0
    with url_context():
        for user_id, items in pending.items():
            preference, user = due[user_id]
            _send_digest(user, items)
            for notification in items:
                notification.emailed_at = now
            preference.digest_last_sent_at = now
            sent += 1
    db.session.flush()
    logger.info("sent %s notification digests", sent)
    return sent


def _send_digest(user: User, items: list[Notification]) -> None:
    assert user.email is not None  # the query picks people with an address
    with force_locale(user.locale or DEFAULT_LOCALE):
        send_mail(
            user.email,
            gettext("Participa: your daily summary (%(count)s)", count=len(items)),
            "notification_digest",
            user=user,
            items=[(n, absolute_url(n.url)) for n in items],
            list_url=url_for("notifications.list", _external=True),
            headers=unsubscribe_headers(user),
            unsubscribe_url=unsubscribe_url(user),
            preferences_url=url_for("notifications.preferences", _external=True),
        )
