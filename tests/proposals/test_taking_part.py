"""Taking part on a proposal page: anonymous visitors are invited to support and come back after
signing in (a safe ``next``), others read why they cannot, everyone sees the progress to the
threshold and the time left."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from participa.core.deadlines import closes_in
from participa.db import utcnow
from participa.proposals.models import Support
from tests import factories
from tests.consultations.helpers import make_consultation, make_proposal
from tests.rows import count_rows

M = "/m/villa-norte"


def _next_of(location: str) -> str:
    parts = urlsplit(location)
    assert parts.path == "/account/login"
    return parse_qs(parts.query)["next"][0]


@pytest.fixture
def proposal(municipality):
    consultation = make_consultation(municipality, phase="supports", support_threshold=12000)
    return make_proposal(consultation, supports_count=3000)


def test_anonymous_visitors_see_a_support_button_that_signs_them_in(client, proposal):
    page = client.get(f"{M}/proposals/{proposal.id}").get_data(as_text=True)
    assert f'href="/account/login?next={M}/proposals/{proposal.id}"' in page
    assert "Sign in to support this proposal." in page


def test_anonymous_support_post_goes_to_sign_in_and_back(client, proposal):
    response = client.post(f"{M}/proposals/{proposal.id}/support")
    assert response.status_code == 302
    assert _next_of(response.headers["Location"]) == f"{M}/proposals/{proposal.id}"
    assert count_rows(Support) == 0


@pytest.mark.parametrize("evil", ["//evil.example/x", "https://evil.example/", "/\\evil.example"])
def test_the_way_back_is_never_another_site(client, proposal, evil):
    response = client.post(f"{M}/proposals/{proposal.id}/support", data={"next": evil})
    assert _next_of(response.headers["Location"]) == f"{M}/proposals/{proposal.id}"


def test_after_signing_in_the_visitor_lands_back_and_supports(client, proposal):
    person = factories.UserFactory()
    back = f"{M}/proposals/{proposal.id}"
    response = client.post(
        "/account/login",
        data={"email": person.email, "password": factories.PASSWORD, "next": back},
    )
    assert response.status_code == 302 and response.headers["Location"] == back
    page = client.get(back).get_data(as_text=True)
    assert f'action="{back}/support"' in page
    assert client.post(f"{back}/support").status_code == 302
    assert count_rows(Support) == 1
    assert "You support this" in client.get(back).get_data(as_text=True)


def test_signing_in_with_a_foreign_next_stays_here(client, proposal):
    person = factories.UserFactory()
    response = client.post(
        "/account/login",
        data={"email": person.email, "password": factories.PASSWORD, "next": "//evil.example"},
    )
    assert "evil.example" not in response.headers["Location"]


def test_people_who_may_not_support_read_why(client, login, municipality):
    consultation = make_consultation(municipality, phase="supports", participation="verified")
    proposal = make_proposal(consultation)
    login(factories.UserFactory())
    page = client.get(f"{M}/proposals/{proposal.id}").get_data(as_text=True)
    assert "Only verified residents of Villa Norte can take part in this consultation." in page
    assert f'action="{M}/proposals/{proposal.id}/support"' not in page


def test_unconfirmed_people_read_why(client, login, municipality, proposal):
    login(factories.UserFactory(email_confirmed_at=None))
    page = client.get(f"{M}/proposals/{proposal.id}").get_data(as_text=True)
    assert "Confirm your e-mail address to take part." in page


def test_everyone_reads_that_the_phase_is_closed(client, municipality):
    proposal = make_proposal(make_consultation(municipality, phase="proposals"))
    page = client.get(f"{M}/proposals/{proposal.id}").get_data(as_text=True)
    assert "Supports can only be given or withdrawn during the supports phase." in page
    assert "Sign in to support" not in page


def test_the_progress_bar_is_labelled_with_localized_numbers(client, proposal):
    page = client.get(f"{M}/proposals/{proposal.id}").get_data(as_text=True)
    assert (
        '<label for="support-progress">3,000 of 12,000 supports needed to qualify</label>' in page
    )
    assert '<progress id="support-progress" max="12000" value="3000">25%</progress>' in page
    listing = client.get(f"{M}/consultations/{proposal.consultation_id}/proposals/")
    assert f'<progress id="support-progress-{proposal.id}" max="12000"' in listing.get_data(
        as_text=True
    )


def test_the_bar_stops_full_past_the_threshold(client, municipality):
    consultation = make_consultation(municipality, phase="supports", support_threshold=10)
    proposal = make_proposal(consultation, supports_count=25, qualifies=True)
    page = client.get(f"{M}/proposals/{proposal.id}").get_data(as_text=True)
    assert 'max="10" value="10">100%</progress>' in page
    assert "25 of 10 supports needed to qualify" in page


def test_closes_in_on_the_proposal_the_consultation_and_its_card(client, proposal):
    # The supports phase opened five days ago and lasts ten.
    page = client.get(f"{M}/proposals/{proposal.id}").get_data(as_text=True)
    assert "Closes in 4 days" in page
    consultation_page = client.get(f"{M}/consultations/{proposal.consultation_id}")
    assert "Closes in 4 days" in consultation_page.get_data(as_text=True)
    assert "Closes in 4 days" in client.get(f"{M}/consultations/").get_data(as_text=True)


def test_nothing_closes_after_the_end(client, municipality):
    consultation = make_consultation(municipality, phase="closed")
    page = client.get(f"{M}/consultations/{consultation.id}").get_data(as_text=True)
    assert "Closes in" not in page and "Closes today" not in page


@pytest.mark.parametrize(
    ("left", "text"),
    [
        (timedelta(days=3, hours=2), "Closes in 3 days"),
        (timedelta(days=1), "Closes in 1 day"),
        (timedelta(hours=5, minutes=59), "Closes today, in 5 hours"),
        (timedelta(hours=1), "Closes today, in 1 hour"),
        (timedelta(minutes=10), "Closes today, within the hour"),
        (timedelta(seconds=-1), None),
    ],
)
def test_closes_in_wording(app, left, text):
    now = utcnow()
    with app.test_request_context():
        assert closes_in(now + left, now) == text
    assert closes_in(None) is None


def test_closes_in_counts_in_the_readers_language(app):
    from flask_babel import force_locale

    now = utcnow()
    with app.test_request_context(), force_locale("es"):
        assert "12.000" in closes_in(now + timedelta(days=12000, hours=1), now)
    with app.test_request_context(), force_locale("en"):
        assert "12,000" in closes_in(now + timedelta(days=12000, hours=1), now)
