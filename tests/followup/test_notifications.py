"""Followers of a result hear of each update, in their own language, with a link to the page."""

from __future__ import annotations

from sqlalchemy import select

from participa.extensions import db
from participa.notifications.models import Follow, Notification
from tests import factories


def test_a_citizen_follows_a_result_and_hears_of_its_updates(client, login, municipality, staff,
                                                             result):  # fmt: skip
    fan = factories.UserFactory(locale="en")
    other = factories.UserFactory()
    login(fan)
    followed = client.post(f"/notifications/follow/result/{result.id}")
    assert followed.status_code == 302
    assert db.session.scalars(select(Follow)).one().target_type == "followup_results"
    page = client.get(f"/m/{municipality.slug}/follow-up/{result.id}")
    assert "Unfollow" in page.text

    login(staff)
    response = client.post(f"/m/{municipality.slug}/follow-up/staff/{result.id}/update",
                           data={"status": "in_progress", "progress": "25"})  # fmt: skip
    assert response.status_code == 302
    [notification] = db.session.scalars(select(Notification)).all()
    assert notification.user_id == fan.id  # not the staff member, not someone else
    assert notification.user_id != other.id
    assert notification.url == f"/m/{municipality.slug}/follow-up/{result.id}"
    assert notification.summary == "“Más árboles en la plaza”: In progress, 25% done"
    assert notification.event == "state_change"


def test_anonymous_visitors_cannot_follow(client, result):
    response = client.post(f"/notifications/follow/result/{result.id}")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    assert db.session.scalars(select(Follow)).first() is None
