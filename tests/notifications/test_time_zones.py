"""Times on the notifications page are shown in the zone of the municipality they belong to."""

from __future__ import annotations

from datetime import UTC, datetime

from participa.extensions import db
from participa.notifications.models import Notification
from tests.factories import MunicipalityFactory


def test_notification_times_use_the_municipality_time_zone(client, login, user):
    bogota = MunicipalityFactory(timezone="America/Bogota")
    moment = datetime(2024, 5, 10, 15, 30, tzinfo=UTC)
    db.session.add_all(
        [
            Notification(user_id=user.id, municipality_id=bogota.id, event="state_change",
                         target_type="things", target_id=1, url="/x", summary="In Bogota",
                         created_at=moment),
            Notification(user_id=user.id, municipality_id=None, event="state_change",
                         target_type="things", target_id=2, url="/y", summary="Platform",
                         created_at=moment.replace(hour=1)),
        ]
    )  # fmt: skip
    db.session.commit()
    login(user)
    html = client.get("/notifications/", headers={"Accept-Language": "en"}).text
    assert "10:30" in html  # 15:30 UTC is 10:30 in Bogotá
    assert "3:30" not in html
    # Without a municipality the platform's zone (UTC) applies.
    assert "1:30" in html
