"""Residency decisions appear in the app to the person concerned (the e-mail stays one)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participa.core.models import OutboxMessage
from participa.extensions import db
from participa.municipalities import services
from participa.notifications.digests import send_digests
from participa.notifications.models import Notification
from participa.notifications.preferences import set_email_mode
from tests.municipalities.factories_extra import residency_request


@pytest.fixture(autouse=True)
def _request(app, request):
    # The residency e-mail is rendered as in a request; the page test makes its own requests.
    if "client" in request.fixturenames:
        yield
        return
    with app.test_request_context():
        yield


def _notes():
    return list(db.session.scalars(select(Notification).order_by(Notification.id)))


def test_approval_appears_in_the_app(municipality, staff, user):
    services.approve_residency(residency_request(municipality, user=user), actor=staff)
    (note,) = _notes()
    assert (note.user_id, note.event, note.actor_id) == (user.id, "residency_decision", staff.id)
    assert note.url == "/m/villa-norte/residency"
    assert "Villa Norte" in note.summary
    assert len(db.session.scalars(select(OutboxMessage)).all()) == 1, "one e-mail, not two"


def test_refusal_appears_in_the_app_in_the_persons_language(municipality, staff, user):
    user.locale = "en"
    db.session.commit()
    services.reject_residency(residency_request(municipality, user=user), actor=staff, reason="No")
    (note,) = _notes()
    assert note.user_id == user.id and "declined" in note.summary


def test_the_digest_does_not_mail_a_decision_again(municipality, staff, user):
    set_email_mode(user, "digest")
    services.approve_residency(residency_request(municipality, user=user), actor=staff)
    db.session.commit()
    assert send_digests(force=True) == 0


def test_the_in_app_page_lists_it(app, client, login, municipality, staff, user):
    with app.test_request_context():
        services.approve_residency(residency_request(municipality, user=user), actor=staff)
    db.session.commit()
    login(user)
    page = client.get("/notifications/")
    assert page.status_code == 200
    assert "Villa Norte" in page.get_data(as_text=True)
