"""A new version of a draft: unchanged articles keep their votes, changed ones start afresh with
the old counts shown as history, and everyone who took part is told once."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from participa.comments.services import post_comment
from participa.core.models import OutboxMessage
from participa.extensions import db
from participa.legislation import loading, participation, services
from participa.legislation.models import ArticleVote
from participa.notifications import preferences
from participa.notifications.models import Notification
from participa.notifications.services import follow
from tests import factories
from tests.legislation.support import SOURCE, articles, base, make_draft
from tests.rows import count_rows

# Article 3 gets a new sentence; articles 1 and 2 read exactly the same.
CHANGED_3 = SOURCE.replace("diez días de anticipación.", "quince días de anticipación.")


@pytest.fixture
def draft(municipality, staff):
    return make_draft(municipality, staff=staff)


def _tally(section) -> tuple[int, int, int]:
    db.session.refresh(section)
    return section.votes_in_favour, section.votes_against, section.votes_abstain


def _rows(section) -> int:
    return count_rows(ArticleVote, ArticleVote.section_id == section.id)


def test_unchanged_articles_carry_their_votes_and_changed_ones_start_afresh(draft, staff):
    people = [factories.UserFactory() for _ in range(3)]
    first, second, third = articles(draft)
    for person, value in zip(people, ("in_favour", "in_favour", "against"), strict=True):
        participation.cast_vote(draft, first, voter=person, value=value)
    participation.cast_vote(draft, second, voter=people[0], value="abstain")
    participation.cast_vote(draft, third, voter=people[1], value="against")
    services.publish_version(draft, actor=staff, source=CHANGED_3)
    db.session.commit()

    new_first, new_second, new_third = articles(draft)
    assert new_first.id != first.id and new_first.carried_from_id == first.id
    assert _tally(new_first) == (2, 1, 0) and _rows(new_first) == 3
    assert _tally(new_second) == (0, 0, 1)
    assert new_third.carried_from_id is None and _tally(new_third) == (0, 0, 0)
    assert _rows(new_third) == 0
    # The earlier version keeps its own participation.
    assert _tally(first) == (2, 1, 0) and _tally(third) == (0, 1, 0)
    assert participation.votes_of(people[2], [new_first.id]) == {new_first.id: "against"}


def test_a_carried_vote_changes_rather_than_counting_twice(draft, staff):
    person, other = factories.UserFactory(), factories.UserFactory()
    first = articles(draft)[0]
    participation.cast_vote(draft, first, voter=person, value="in_favour")
    participation.cast_vote(draft, first, voter=other, value="in_favour")
    services.publish_version(draft, actor=staff, source=CHANGED_3)
    new_first = articles(draft)[0]

    participation.cast_vote(draft, new_first, voter=person, value="in_favour")
    assert _tally(new_first) == (2, 0, 0)
    participation.cast_vote(draft, new_first, voter=person, value="against")
    db.session.commit()
    assert _tally(new_first) == (1, 1, 0) and _rows(new_first) == 2
    assert _tally(first) == (2, 0, 0)
    # One person, one vote on the article of the new version: the database still says so.
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(
            ArticleVote(
                draft_id=draft.id, section_id=new_first.id, user_id=person.id, value="abstain"
            )
        )

    # A third version carries what version 2 ended with, not versions 1 and 2 added up.
    services.publish_version(draft, actor=staff, source=CHANGED_3 + "\n")
    db.session.commit()
    third_first = articles(draft)[0]
    assert third_first.carried_from_id == new_first.id
    assert _tally(third_first) == (1, 1, 0) and _rows(third_first) == 2
    assert participation.votes_of(person, [third_first.id]) == {third_first.id: "against"}


def test_changed_articles_show_the_votes_of_their_earlier_wordings(
    client, login, user, draft, staff, municipality
):
    people = [factories.UserFactory() for _ in range(3)]
    third = articles(draft)[2]
    for person in people:
        participation.cast_vote(draft, third, voter=person, value="against")
    services.publish_version(draft, actor=staff, source=CHANGED_3)
    participation.cast_vote(draft, articles(draft)[2], voter=people[0], value="in_favour")
    services.publish_version(draft, actor=staff, source=CHANGED_3 + "\n")  # article 3 unchanged
    db.session.commit()
    _first, carried, changed = articles(draft)

    history = loading.vote_history(articles(draft))
    # Version 2's wording carried into version 3, so only version 1's wording is history.
    assert [(e.version_number, e.section.id) for e in history[changed.id]] == [(1, third.id)]
    assert carried.id not in history
    assert _tally(changed) == (1, 0, 0)

    login(user)
    url = f"{base(municipality)}/{draft.id}/articles/{changed.id}"
    html = client.get(url).get_data(as_text=True)
    assert "Votes on earlier wordings" in html
    assert f'/articles/{third.id}">Version 1</a>' in html
    assert "Against: 3" in " ".join(html.split())
    kept = client.get(f"{base(municipality)}/{draft.id}/articles/{carried.id}")
    assert "did not change in this version" in kept.get_data(as_text=True)
    page = client.get(f"{base(municipality)}/{draft.id}").get_data(as_text=True)
    assert f'id="vote-history-{changed.key}"' in page


def _new_version_notifications() -> dict[int, int]:
    rows = db.session.execute(
        select(Notification.user_id, func.count())
        .where(Notification.event == "new_version")
        .group_by(Notification.user_id)
    )
    return dict(rows.all())


def _mailed(user) -> int:
    return count_rows(OutboxMessage, OutboxMessage.recipient == user.email)


def test_everyone_who_took_part_is_told_once(client, login, draft, staff, municipality):
    voter, commenter, amender, busy, follower, digest, outsider = (
        factories.UserFactory() for _ in range(7)
    )
    first, second, _third = articles(draft)
    participation.cast_vote(draft, first, voter=voter, value="in_favour")
    post_comment("article", second, author=commenter, body="Mejor así", alignment="in_favour")
    participation.propose_amendment(
        draft, first, author=amender, text="Otro objeto.", justification="Claridad."
    )
    # Several actions of one person still make one notification.
    participation.cast_vote(draft, first, voter=busy, value="against")
    participation.cast_vote(draft, second, voter=busy, value="against")
    post_comment("article", first, author=busy, body="No me convence", alignment="against")
    participation.cast_vote(draft, first, voter=digest, value="abstain")
    preferences.set_email_mode(digest, "digest")
    follow(follower, draft)
    db.session.commit()
    before = {p.id: _mailed(p) for p in (voter, commenter, amender, busy, follower, digest)}

    login(staff)
    response = client.post(
        f"{base(municipality)}/{draft.id}/text", data={"source": CHANGED_3, "confirm": "1"}
    )
    assert response.status_code == 302
    db.session.expire_all()

    told = {voter, commenter, amender, busy, follower, digest}
    assert _new_version_notifications() == {p.id: 1 for p in told}
    assert outsider.id not in _new_version_notifications()
    assert staff.id not in _new_version_notifications()
    note = db.session.scalars(select(Notification).where(Notification.user_id == busy.id)).one()
    assert note.url == f"{base(municipality)}/{draft.id}/compare"
    assert draft.title in note.summary
    # E-mail as each person chose: immediately, or in the digest later.
    for person in told - {digest}:
        assert _mailed(person) == before[person.id] + 1
    assert _mailed(digest) == before[digest.id]


def test_the_first_text_and_unpublished_drafts_tell_nobody(municipality, staff, user):
    hidden = make_draft(municipality, staff=staff, status="draft")
    follow(user, hidden)
    version = services.publish_version(hidden, actor=staff, source=CHANGED_3)
    assert services.announce_version(hidden, version, actor=staff) == 0
    draft = make_draft(municipality, staff=staff)
    participation.cast_vote(draft, articles(draft)[0], voter=user, value="in_favour")
    first = db.session.get(type(draft.current_version), draft.current_version_id)
    assert services.announce_version(draft, first, actor=staff) == 0
    assert _new_version_notifications() == {}
