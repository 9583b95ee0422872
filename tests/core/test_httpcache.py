"""Anonymous pages carry an ETag and a short public Cache-Control; personal pages never do."""

from __future__ import annotations

import pytest

from tests.consultations.helpers import make_consultation, make_proposal

M = "/m/villa-norte"


@pytest.fixture
def listing(app, municipality, monkeypatch):
    monkeypatch.setitem(app.config, "HTTP_CACHE_SECONDS", 10)
    consultation = make_consultation(municipality, phase="supports")
    make_proposal(consultation, title="Primera propuesta")
    return f"{M}/consultations/{consultation.id}/proposals/"


def test_anonymous_page_is_public_briefly_and_answers_304(client, listing):
    page = client.get(listing)
    assert page.status_code == 200
    assert page.cache_control.public and page.cache_control.max_age == 10
    assert {"Cookie", "Accept-Language"} <= set(page.vary)
    etag = page.headers["ETag"]
    again = client.get(listing, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    stale = client.get(listing, headers={"If-None-Match": '"something-else"'})
    assert stale.status_code == 200 and "Primera propuesta" in stale.text


def test_the_etag_follows_the_content(client, listing, municipality):
    first = client.get(listing).headers["ETag"]
    assert client.get(listing).headers["ETag"] == first
    consultation = make_consultation(municipality, phase="supports", title="Otra")
    make_proposal(consultation, title="Otra propuesta")
    other = client.get(f"{M}/consultations/{consultation.id}/proposals/")
    assert other.headers["ETag"] != first


def test_signed_in_pages_are_private_and_never_304(client, login, listing, resident):
    login(resident)
    page = client.get(listing)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in page.headers
    assert client.get(listing, headers={"If-None-Match": "*"}).status_code == 200


@pytest.mark.parametrize("path", ["/account/login", "random"])
def test_pages_with_something_personal_are_not_public(app, client, listing, path, monkeypatch):
    # The login form's CSRF token and the random order's seed live in the visitor's session.
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    url = listing + "?sort=random" if path == "random" else path
    page = client.get(url)
    assert page.status_code == 200
    assert not page.cache_control.public and "ETag" not in page.headers


def test_switched_off_with_zero_seconds(app, client, listing, monkeypatch):
    monkeypatch.setitem(app.config, "HTTP_CACHE_SECONDS", 0)
    page = client.get(listing)
    assert "Cache-Control" not in page.headers and "ETag" not in page.headers


def test_anonymous_language_switch_needs_no_token_but_an_account_does(
    app, client, login, listing, user, monkeypatch
):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    page = client.get(listing)
    assert 'name="csrf_token"' not in page.text and page.cache_control.public
    switched = client.post("/language", data={"locale": "en", "next": listing})
    assert switched.status_code == 302 and switched.headers["Location"] == listing
    login(user)
    assert client.post("/language", data={"locale": "en"}).status_code == 400
