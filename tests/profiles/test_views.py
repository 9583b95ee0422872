from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from participa.db import utcnow
from participa.profiles import services as profiles
from tests.consultations.helpers import make_consultation, make_proposal
from tests.factories import UserFactory


@pytest.fixture
def contributions():
    """Register a loader for the test and remove it afterwards."""
    added = []

    def _register(kind, loader):
        profiles.register_contributions(kind, loader)
        added.append(kind)

    yield _register
    for kind in added:
        profiles._loaders.pop(kind, None)


def test_profile_shows_name_bio_and_member_since_but_never_the_email(client):
    person = UserFactory(display_name="Ana López", bio="I *love* [parks](https://example.org)")
    html = client.get(f"/people/{person.id}").get_data(as_text=True)
    assert "Ana López" in html
    assert "<em>love</em>" in html
    assert 'rel="nofollow ugc noopener"' in html
    assert "Member since" in html
    assert person.email not in html


def test_profile_never_shows_the_email_even_to_its_owner(client, login):
    person = UserFactory(bio="Contact me")
    login(person)
    html = client.get(f"/people/{person.id}").get_data(as_text=True)
    assert person.email not in html


def test_display_name_and_bio_are_escaped(client):
    person = UserFactory(
        display_name='<script>alert("x")</script>',
        bio='<script>alert(1)</script><b onclick="x">b</b>',
    )
    html = client.get(f"/people/{person.id}").get_data(as_text=True)
    assert "<script>alert" not in html
    assert "onclick" not in html
    assert "&lt;script&gt;" in html


def test_deleted_account_shows_the_deleted_name_and_no_bio(client, contributions):
    person = UserFactory(
        display_name="Former Person", bio="Secret bio", deleted_at=utcnow(), email=None
    )
    contributions(
        "things",
        lambda user, limit: [
            {"title": "Old thing", "url": "/t/1", "created_at": utcnow(), "kind_label": "Thing"}
        ],
    )
    response = client.get(f"/people/{person.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "deleted participant" in html
    assert "Former Person" not in html
    assert "Secret bio" not in html
    assert "Old thing" not in html


def test_unknown_person_is_404(client):
    assert client.get("/people/999999").status_code == 404


def test_contributions_from_every_registered_feature_newest_first(client, contributions):
    person = UserFactory()
    now = utcnow()
    contributions(
        "proposals-test",
        lambda user, limit: [
            {
                "title": "My <b>proposal</b>",
                "url": "/p/1",
                "created_at": now - timedelta(days=2),
                "kind_label": "Proposal",
            },
        ],
    )
    contributions(
        "comments-test",
        lambda user, limit: [
            {"title": "My comment", "url": "/c/1", "created_at": now, "kind_label": "Comment"},
        ],
    )
    html = client.get(f"/people/{person.id}").get_data(as_text=True)
    assert html.index("My comment") < html.index("My &lt;b&gt;proposal&lt;/b&gt;")
    assert 'href="/p/1"' in html


def test_empty_state_without_contributions(client):
    person = UserFactory()
    assert "No public contributions yet." in client.get(f"/people/{person.id}").get_data(
        as_text=True
    )


def test_registering_a_kind_twice_with_another_loader_fails(contributions):
    def loader(user, limit):
        return []

    contributions("dup-test", loader)
    profiles.register_contributions("dup-test", loader)  # the same loader again is fine
    with pytest.raises(ValueError):
        profiles.register_contributions("dup-test", lambda user, limit: [])


def test_public_contributions_are_limited(contributions):
    person = UserFactory()
    now = utcnow()
    contributions(
        "many-test",
        lambda user, limit: [
            {
                "title": f"t{i}",
                "url": f"/t/{i}",
                "created_at": now - timedelta(minutes=i),
                "kind_label": "T",
            }
            for i in range(limit)
        ],
    )
    assert len(profiles.public_contributions(person, limit=5)) == 5


def test_contribution_dates_use_their_municipality_time_zone(client, contributions):
    person = UserFactory()
    late_evening = datetime(2024, 5, 10, 1, 30, tzinfo=UTC)  # 9 May, 22:30 in Buenos Aires
    contributions(
        "zoned-test",
        lambda user, limit: [
            {"title": "Late", "url": "/p/9", "created_at": late_evening, "kind_label": "Proposal",
             "timezone": "America/Argentina/Buenos_Aires"},
        ],
    )  # fmt: skip
    html = client.get(f"/people/{person.id}", headers={"Accept-Language": "en"}).text
    assert "May 9, 2024" in html
    assert "May 10, 2024" not in html


def test_proposal_contributions_carry_their_municipality_time_zone(app, municipality):
    proposal = make_proposal(make_consultation(municipality))
    with app.test_request_context():
        [item] = profiles.public_contributions(proposal.author)
    assert item["timezone"] == municipality.timezone == "America/Argentina/Buenos_Aires"
