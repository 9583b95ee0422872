from __future__ import annotations

from sqlalchemy import select

from participa.core.models import OutboxMessage
from participa.db import utcnow
from participa.extensions import db
from participa.notifications import preferences, services
from participa.notifications.models import Follow, Notification, NotificationPreference
from tests.factories import MunicipalityFactory, UserFactory


def _add(user, count=1, *, url="/things/1", summary="Something happened", read=False):
    rows = [
        Notification(
            user_id=user.id,
            event="state_change",
            target_type="things",
            target_id=1,
            url=url,
            summary=summary,
            read_at=utcnow() if read else None,
        )
        for _ in range(count)
    ]
    db.session.add_all(rows)
    db.session.commit()
    return rows


# --- List, unread, mark read -------------------------------------------------------------


def test_list_requires_login(client):
    response = client.get("/notifications/")
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


def test_list_shows_newest_first_and_highlights_unread(client, login, user):
    _add(user, summary="Older, read", read=True)
    _add(user, summary="Newer, unread")
    login(user)
    html = client.get("/notifications/").get_data(as_text=True)
    assert html.index("Newer, unread") < html.index("Older, read")
    assert html.count("notification-unread") == 1
    assert "Mark all as read" in html


def test_list_is_paginated(client, login, user):
    _add(user, 25)
    login(user)
    assert client.get("/notifications/?page=2").status_code == 200
    assert client.get("/notifications/?page=3").status_code == 404
    assert client.get("/notifications/?page=x").status_code == 400


def test_list_does_not_show_other_peoples_notifications(client, login, user):
    _add(UserFactory(), summary="Not for you")
    login(user)
    assert "Not for you" not in client.get("/notifications/").get_data(as_text=True)


def test_summary_is_escaped_in_the_list(client, login, user):
    _add(user, summary='<script>alert("x")</script>')
    login(user)
    html = client.get("/notifications/").get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_opening_marks_read_and_redirects(client, login, user):
    [notification] = _add(user, url="/m/villa-norte/things/1")
    login(user)
    response = client.get(f"/notifications/{notification.id}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/m/villa-norte/things/1"
    db.session.refresh(notification)
    assert notification.read_at is not None


def test_open_redirect_through_a_notification_is_refused(client, login, user):
    for url in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        [notification] = _add(user, url=url)
        login(user)
        response = client.get(f"/notifications/{notification.id}")
        assert response.status_code == 302
        assert response.headers["Location"] == "/notifications/"


def test_someone_elses_notification_is_404(client, login, user):
    [notification] = _add(UserFactory())
    login(user)
    assert client.get(f"/notifications/{notification.id}").status_code == 404
    db.session.refresh(notification)
    assert notification.read_at is None


def test_mark_all_read(client, login, user):
    _add(user, 3)
    [other] = _add(UserFactory())
    login(user)
    assert client.post("/notifications/read").status_code == 302
    assert services.unread_count(user) == 0
    db.session.refresh(other)
    assert other.read_at is None


def test_mark_all_read_needs_csrf(app, client, login, user):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        login(user)
        assert client.post("/notifications/read").status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_unread_count_context_processor(app, client, login, user):
    from flask import render_template_string

    _add(user, 2)
    _add(user, read=True)
    template = "{{ unread_notifications_count() }}"
    with app.test_request_context():
        assert render_template_string(template) == "0"  # anonymous: no query
    login(user)
    with app.test_request_context():
        from flask_login import login_user

        login_user(user)
        assert render_template_string(template + template) == "22"


def test_list_runs_a_constant_number_of_queries(client, login, user, count_queries):
    login(user)
    _add(user, 5)
    with count_queries() as few:
        assert client.get("/notifications/").status_code == 200
    _add(user, 45)
    with count_queries() as many:
        assert client.get("/notifications/").status_code == 200
    assert few.count == many.count


# --- Preferences -------------------------------------------------------------------------


def test_preferences_show_and_save(client, login, user):
    login(user)
    html = client.get("/notifications/preferences").get_data(as_text=True)
    assert '<input checked id="email_mode-0" name="email_mode"' in html
    assert 'value="immediate"' in html
    response = client.post("/notifications/preferences", data={"email_mode": "digest"})
    assert response.status_code == 302
    assert preferences.email_mode_of(user) == "digest"
    html = client.get("/notifications/preferences").get_data(as_text=True)
    assert '<input checked id="email_mode-1"' in html


def test_preferences_reject_unknown_modes(client, login, user):
    login(user)
    response = client.post("/notifications/preferences", data={"email_mode": "hourly"})
    assert response.status_code == 422
    assert preferences.email_mode_of(user) == "immediate"


def test_preferences_require_login(client):
    assert client.get("/notifications/preferences").status_code == 302


# --- Unsubscribe -------------------------------------------------------------------------


def test_unsubscribe_get_confirms_and_post_stops_mail(client, user):
    token = preferences.unsubscribe_token(user)
    page = client.get(f"/notifications/unsubscribe/{token}")
    assert page.status_code == 200
    assert preferences.email_mode_of(user) == "immediate"
    assert client.post(f"/notifications/unsubscribe/{token}").status_code == 200
    assert preferences.email_mode_of(user) == "none"


def test_unsubscribe_one_click_post_works_with_csrf_enabled(app, client, user):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        token = preferences.unsubscribe_token(user)
        response = client.post(
            f"/notifications/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"}
        )
        assert response.status_code == 200
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert preferences.email_mode_of(user) == "none"


def test_unsubscribe_tampered_token_is_400(client, user):
    token = preferences.unsubscribe_token(user)
    other = UserFactory()
    forged = preferences.unsubscribe_token(other).split(".")[0] + "." + token.split(".")[1]
    for bad in (token[:-3] + "abc", forged, "nonsense"):
        assert client.get(f"/notifications/unsubscribe/{bad}").status_code == 400
        assert client.post(f"/notifications/unsubscribe/{bad}").status_code == 400
    assert db.session.scalar(select(NotificationPreference)) is None


def test_unsubscribe_link_in_the_email_works(client, user, thing):
    services.notify([user.id], "mention", target=thing, url="/things/1", summary="hi")
    db.session.commit()
    body = db.session.scalars(select(OutboxMessage)).one().body_text
    link = next(w for w in body.split() if "/notifications/unsubscribe/" in w)
    path = link.removeprefix("http://localhost")
    assert client.post(path).status_code == 200
    assert preferences.email_mode_of(user) == "none"


def test_xss_is_escaped_in_the_email_html(user, thing):
    evil = UserFactory(display_name='<img src=x onerror="alert(1)">')
    services.notify(
        [evil.id], "mention", target=thing, url="/things/1", summary="<script>alert(1)</script>"
    )
    db.session.commit()
    message = db.session.scalars(select(OutboxMessage)).one()
    assert message.body_html is not None
    assert "<script>" not in message.body_html
    assert "<img src=x" not in message.body_html
    assert "&lt;script&gt;" in message.body_html


# --- Digest command ----------------------------------------------------------------------


def test_send_digests_command_is_idempotent(app, user, thing):
    preferences.set_email_mode(user, "digest")
    services.notify(
        [user.id], "official_answer", target=thing, url="/things/1", summary="The answer"
    )
    db.session.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["notifications", "send-digests"])
    assert first.exit_code == 0, first.output
    assert "Digests sent: 1" in first.output
    second = runner.invoke(args=["notifications", "send-digests"])
    assert "Digests sent: 0" in second.output
    messages = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == user.email)
    ).all()
    assert len(messages) == 1
    assert "The answer" in messages[0].body_text
    assert "/notifications/unsubscribe/" in messages[0].body_text


# --- Follow and unfollow -----------------------------------------------------------------


def test_follow_and_unfollow(client, login, user, thing):
    login(user)
    response = client.post(f"/notifications/follow/thing/{thing.id}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/things/{thing.id}"
    client.post(f"/notifications/follow/thing/{thing.id}")
    assert services.follower_ids(thing) == [user.id]
    response = client.post(f"/notifications/unfollow/thing/{thing.id}", data={"next": "/back"})
    assert response.headers["Location"] == "/back"
    assert services.follower_ids(thing) == []


def test_follow_ignores_an_unsafe_next(client, login, user, thing):
    login(user)
    response = client.post(
        f"/notifications/follow/thing/{thing.id}", data={"next": "//evil.example"}
    )
    assert response.headers["Location"] == f"/things/{thing.id}"


def test_follow_needs_login(client, thing):
    response = client.post(f"/notifications/follow/thing/{thing.id}")
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]
    assert db.session.scalar(select(Follow)) is None


def test_follow_needs_a_confirmed_account(client, login, thing):
    login(UserFactory(email_confirmed_at=None))
    assert client.post(f"/notifications/follow/thing/{thing.id}").status_code == 403


def test_follow_unknown_kind_or_id_is_404(client, login, user, thing):
    login(user)
    assert client.post(f"/notifications/follow/nothing/{thing.id}").status_code == 404
    assert client.post("/notifications/follow/thing/999999").status_code == 404


def test_follow_in_an_archived_municipality_is_404(client, login, user, make_thing):
    archived = MunicipalityFactory(archived_at=utcnow())
    target = make_thing(archived)
    login(user)
    assert client.post(f"/notifications/follow/thing/{target.id}").status_code == 404
    assert db.session.scalar(select(Follow)) is None


def test_follow_of_an_invisible_object_is_404(client, login, user, make_thing, municipality):
    draft = make_thing(municipality, is_draft=True)
    login(user)
    assert client.post(f"/notifications/follow/thing/{draft.id}").status_code == 404


def test_follow_needs_csrf(app, client, login, user, thing):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        login(user)
        assert client.post(f"/notifications/follow/thing/{thing.id}").status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_follow_button_macro(app, user, thing):
    from flask import render_template_string
    from flask_login import login_user

    template = (
        '{% from "notifications/_follow.html" import follow_button %}'
        "{{ follow_button(thing, following) }}"
    )
    with app.test_request_context("/things/1"):
        assert "<form" not in render_template_string(template, thing=thing, following=False)
        login_user(user)
        html = render_template_string(template, thing=thing, following=False)
        assert f'action="/notifications/follow/thing/{thing.id}"' in html
        assert 'name="csrf_token"' in html
        assert 'name="next"' not in html
        html = render_template_string(template, thing=thing, following=True)
        assert f'action="/notifications/unfollow/thing/{thing.id}"' in html
        with_next = (
            '{% from "notifications/_follow.html" import follow_button %}'
            '{{ follow_button(thing, False, next="/back?a=1") }}'
        )
        assert 'name="next" value="/back?a=1"' in render_template_string(with_next, thing=thing)
