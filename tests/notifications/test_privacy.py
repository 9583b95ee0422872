from __future__ import annotations

from sqlalchemy import select

from participa.accounts.privacy import erase_personal_data, export_data
from participa.extensions import db
from participa.notifications import preferences, services
from participa.notifications.models import Follow, Notification, NotificationPreference
from tests.factories import UserFactory
from tests.rows import count_rows


def test_export_includes_notifications_follows_and_preference(user, thing):
    preferences.set_email_mode(user, "digest")
    services.follow(user, thing)
    services.notify([user.id], "mention", target=thing, url="/things/1", summary="Hello")
    data = export_data(user)["notifications"]
    assert data["email_mode"] == "digest"
    assert data["notifications"][0]["summary"] == "Hello"
    assert data["follows"][0]["target_id"] == thing.id


def test_erasure_removes_the_persons_records_and_unlinks_them_as_actor(user, thing):
    other = UserFactory()
    preferences.set_email_mode(user, "none")
    services.follow(user, thing)
    services.notify([user.id], "mention", target=thing, url="/x", summary="to me")
    services.notify(
        [other.id], "mention", target=thing, url="/x", summary="by me", actor_id=user.id
    )
    erase_personal_data(user)
    db.session.commit()

    assert count_rows(Notification, Notification.user_id == user.id) == 0
    assert count_rows(Follow, Follow.user_id == user.id) == 0
    assert count_rows(NotificationPreference, NotificationPreference.user_id == user.id) == 0
    assert db.session.scalars(select(Notification)).one().actor_id is None
