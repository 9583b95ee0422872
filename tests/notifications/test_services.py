from __future__ import annotations

from datetime import timedelta

import pytest
from flask_babel import get_locale, gettext
from sqlalchemy import select

from participa.core.models import OutboxMessage
from participa.db import utcnow
from participa.extensions import db
from participa.notifications import digests, mentions, preferences, services
from participa.notifications.models import Follow, Notification
from tests.factories import UserFactory
from tests.rows import count_rows


def _outbox_to(user) -> list[OutboxMessage]:
    return list(
        db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == user.email))
    )


# --- Follows -----------------------------------------------------------------------------


def test_follow_is_idempotent_and_unique(user, thing):
    services.follow(user, thing)
    services.follow(user, thing)
    db.session.commit()
    assert count_rows(Follow, Follow.user_id == user.id) == 1
    assert services.is_following(user, thing)
    assert services.follower_ids(thing) == [user.id]
    row = db.session.scalars(select(Follow)).one()
    assert (row.target_type, row.target_id) == ("test_followable_things", thing.id)
    assert row.municipality_id == thing.municipality_id


def test_unique_constraint_holds_in_the_database(user, thing):
    db.session.add(
        Follow(user_id=user.id, target_type="test_followable_things", target_id=thing.id)
    )
    db.session.commit()
    from sqlalchemy.exc import IntegrityError

    db.session.add(
        Follow(user_id=user.id, target_type="test_followable_things", target_id=thing.id)
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_unfollow_is_idempotent(user, thing):
    services.follow(user, thing)
    services.unfollow(user, thing)
    services.unfollow(user, thing)
    db.session.commit()
    assert not services.is_following(user, thing)
    assert services.follower_ids(thing) == []


def test_followed_ids_in_one_query(user, make_thing, municipality):
    a, b = make_thing(municipality), make_thing(municipality)
    services.follow(user, b)
    assert services.followed_ids(user, type(a), [a.id, b.id]) == {b.id}


def test_followable_kind(thing):
    assert services.followable_kind(thing) == "thing"
    assert services.followable_kind(object()) is None


# --- Notify ------------------------------------------------------------------------------


def test_notify_creates_rows_skips_actor_and_dedups(thing):
    actor, a, b = UserFactory(), UserFactory(), UserFactory()
    count = services.notify(
        [a.id, b.id, a.id, actor.id],
        "state_change",
        target=thing,
        url=f"/things/{thing.id}",
        summary="Something changed",
        actor_id=actor.id,
    )
    db.session.commit()
    assert count == 2
    rows = db.session.scalars(select(Notification).order_by(Notification.user_id)).all()
    assert [r.user_id for r in rows] == [a.id, b.id]
    assert rows[0].municipality_id == thing.municipality_id
    assert rows[0].target_type == "test_followable_things"
    assert rows[0].actor_id == actor.id
    assert rows[0].read_at is None


def test_notify_skips_deleted_accounts(thing):
    gone = UserFactory(deleted_at=utcnow(), email=None)
    assert services.notify([gone.id], "mention", target=thing, url="/x", summary="hi") == 0


def test_notify_refuses_non_local_urls(user, thing):
    with pytest.raises(ValueError):
        services.notify(
            [user.id], "mention", target=thing, url="https://evil.example/", summary="x"
        )


def test_immediate_mode_sends_mail_with_unsubscribe_link(user, thing):
    services.notify([user.id], "official_answer", target=thing, url="/things/1", summary="Answer")
    db.session.commit()
    [message] = _outbox_to(user)
    assert "Answer" in message.body_text
    assert "/notifications/unsubscribe/" in message.body_text
    assert "http://localhost/things/1" in message.body_text
    assert db.session.scalars(select(Notification)).one().emailed_at is not None
    # RFC 8058 one-click unsubscribe headers point at the same signed link.
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/notifications/unsubscribe/" in message.headers["List-Unsubscribe"]


def test_digest_mode_waits_for_send_digests(user, thing):
    preferences.set_email_mode(user, "digest")
    services.notify([user.id], "official_answer", target=thing, url="/things/1", summary="Answer")
    db.session.commit()
    assert _outbox_to(user) == []
    assert digests.send_digests() == 1
    db.session.commit()
    [message] = _outbox_to(user)
    assert "Answer" in message.body_text
    assert digests.send_digests() == 0


def test_none_mode_never_mails(user, thing):
    preferences.set_email_mode(user, "none")
    services.notify([user.id], "official_answer", target=thing, url="/things/1", summary="Answer")
    digests.send_digests(force=True)
    db.session.commit()
    assert _outbox_to(user) == []
    assert count_rows(Notification) == 1


def test_unconfirmed_address_gets_no_mail(thing):
    person = UserFactory(email_confirmed_at=None)
    services.notify([person.id], "mention", target=thing, url="/x", summary="hi")
    assert _outbox_to(person) == []


def test_summary_is_rendered_in_each_recipients_language(thing):
    english = UserFactory(locale="en")
    portuguese = UserFactory(locale="pt")
    default = UserFactory(locale=None)
    seen = []

    def summary() -> str:
        seen.append(str(get_locale()))
        return gettext("Page not found") + " / " + str(get_locale())

    services.notify(
        [english.id, portuguese.id, default.id],
        "comment_reply",
        target=thing,
        url="/x",
        summary=summary,
    )
    db.session.commit()
    rows = db.session.execute(select(Notification.user_id, Notification.summary))
    by_user = {user_id: text for user_id, text in rows}
    assert sorted(seen) == ["en", "es", "pt"]
    assert by_user[english.id].endswith("/ en")
    assert by_user[portuguese.id].endswith("/ pt")
    assert by_user[default.id].endswith("/ es")


def test_summary_is_clipped_to_the_column(user, thing):
    services.notify([user.id], "mention", target=thing, url="/x", summary="a" * 500)
    assert len(db.session.scalars(select(Notification)).one().summary) == 300


def test_unread_count_and_mark_read(user, thing):
    preferences.set_email_mode(user, "none")
    services.notify([user.id], "mention", target=thing, url="/x", summary="one")
    services.notify([user.id], "mention", target=thing, url="/x", summary="two")
    assert services.unread_count(user) == 2
    first = db.session.scalars(services.notifications_query(user)).first()
    services.mark_read(first)
    assert services.unread_count(user) == 1
    assert services.mark_all_read(user) == 1
    assert services.unread_count(user) == 0


def test_get_notification_of_someone_else_is_none(user, thing):
    other = UserFactory()
    services.notify([other.id], "mention", target=thing, url="/x", summary="hi")
    notification = db.session.scalars(select(Notification)).one()
    assert services.get_notification(user, notification.id) is None
    assert services.get_notification(other, notification.id) is notification


# --- Digest ------------------------------------------------------------------------------


def test_digest_marks_emailed_and_respects_the_daily_interval(user, thing):
    preferences.set_email_mode(user, "digest")
    services.notify([user.id], "mention", target=thing, url="/x", summary="first")
    assert digests.send_digests() == 1
    services.notify([user.id], "mention", target=thing, url="/x", summary="second")
    assert digests.send_digests() == 0  # less than a day later
    later = utcnow() + timedelta(days=1)
    assert digests.send_digests(now=later) == 1
    db.session.commit()
    messages = _outbox_to(user)
    assert len(messages) == 2
    assert "second" in messages[1].body_text and "first" not in messages[1].body_text
    assert count_rows(Notification, Notification.emailed_at.is_(None)) == 0


def test_digest_skips_read_notifications(user, thing):
    preferences.set_email_mode(user, "digest")
    services.notify([user.id], "mention", target=thing, url="/x", summary="seen")
    services.mark_all_read(user)
    assert digests.send_digests() == 0


# --- Unsubscribe tokens ------------------------------------------------------------------


def test_unsubscribe_token_round_trip_and_tampering(user):
    token = preferences.unsubscribe_token(user)
    assert preferences.user_from_unsubscribe_token(token) == user
    cut = token.rindex(".") + 1  # tamper with the signature's first, fully significant character
    tampered = token[:cut] + ("A" if token[cut] != "A" else "B") + token[cut + 1 :]
    assert preferences.user_from_unsubscribe_token(tampered) is None
    assert preferences.user_from_unsubscribe_token("garbage") is None


def test_unsubscribe_token_uses_its_own_salt(app, user):
    from itsdangerous import URLSafeSerializer

    other = URLSafeSerializer(app.config["SECRET_KEY"], salt="email-confirm").dumps(user.id)
    assert preferences.user_from_unsubscribe_token(other) is None


# --- Mentions ----------------------------------------------------------------------------


def test_mentions_by_display_name_and_underscore_form():
    ana = UserFactory(display_name="Ana María López")
    bob = UserFactory(display_name="bob")
    text = "Thanks @ana_maría_lópez and @BOB, see also @nobody."
    assert mentions.mentioned_user_ids(text, None) == [ana.id, bob.id]


def test_mentions_prefer_the_longest_name_and_stop_at_words():
    ana = UserFactory(display_name="Ana")
    ana_lopez = UserFactory(display_name="Ana López")
    assert mentions.mentioned_user_ids("Hola @Ana López, ¿cómo estás?", 1) == [ana_lopez.id]
    assert mentions.mentioned_user_ids("Hola @Ana, gracias", 1) == [ana.id]


def test_mentions_ignore_emails_deleted_accounts_and_duplicates():
    UserFactory(display_name="Gone", deleted_at=utcnow(), email=None)
    carla = UserFactory(display_name="Carla")
    assert mentions.mentioned_user_ids("write to carla@example.org or @Gone", None) == []
    assert mentions.mentioned_user_ids("@carla @Carla", None) == [carla.id]
    assert mentions.mentioned_user_ids("", None) == []
