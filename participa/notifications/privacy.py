"""The notifications section of the personal data export, and its erasure on account deletion."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update

from participa.core.downloads import json_time
from participa.core.features import Contributions
from participa.extensions import db
from participa.notifications.models import Follow, Notification, NotificationPreference
from participa.notifications.services import personal_export_ready

if TYPE_CHECKING:
    from participa.accounts.models import User

contributions = Contributions()


def export_notifications(user: User) -> dict[str, Any]:
    """Return the person's notifications, follows and e-mail preference as JSON-able data."""
    preference = db.session.get(NotificationPreference, user.id)
    notifications = db.session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    )
    follows = db.session.scalars(
        select(Follow).where(Follow.user_id == user.id).order_by(Follow.id)
    )
    return {
        "email_mode": preference.email_mode if preference else "immediate",
        "digest_last_sent_at": json_time(preference.digest_last_sent_at) if preference else None,
        "notifications": [
            {
                "event": n.event,
                "summary": n.summary,
                "url": n.url,
                "created_at": json_time(n.created_at),
                "read_at": json_time(n.read_at),
                "emailed_at": json_time(n.emailed_at),
            }
            for n in notifications
        ],
        "follows": [
            {
                "target_type": f.target_type,
                "target_id": f.target_id,
                "created_at": json_time(f.created_at),
            }
            for f in follows
        ],
    }


def unlink_actor(user: User) -> None:
    """Keep the notifications the person caused others, without saying it was them."""
    db.session.execute(
        update(Notification)
        .where(Notification.actor_id == user.id)
        .values(actor_id=None)
        .execution_options(synchronize_session=False)
    )


contributions.add("personal_data_export", "notifications", export_notifications)
# The person's notifications, follows and preference go with the account.
contributions.add("personal_data_cover", Notification, "user_id", "delete")
contributions.add("personal_data_cover", Follow, "user_id", "delete")
contributions.add("personal_data_cover", NotificationPreference, "user_id", "delete")
contributions.add("personal_data_erasure", unlink_actor)


# A prepared personal-data download (accounts) is announced in-app.
contributions.add("personal_export_ready", personal_export_ready)
