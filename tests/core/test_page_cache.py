"""Whole anonymous pages kept for PAGE_CACHE_SECONDS (core.httpcache): a kept page runs no
query, still carries fresh security and caching headers, and is never given to anyone with a
session."""

from __future__ import annotations

import pytest

from participa.consultations.models import Consultation
from participa.extensions import cache, db
from tests.consultations.helpers import make_consultation, make_proposal

M = "/m/villa-norte"


@pytest.fixture
def listing(app, municipality, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 30)
    monkeypatch.setitem(app.config, "HTTP_CACHE_SECONDS", 10)
    consultation = make_consultation(municipality, phase="supports")
    make_proposal(consultation, title="Primera propuesta")
    return f"{M}/consultations/{consultation.id}/proposals/"


def test_a_kept_page_runs_no_query_and_gets_fresh_headers(client, listing, count_queries):
    first = client.get(listing)
    with count_queries() as counter:
        again = client.get(listing)
    assert counter.count == 0
    assert again.status_code == 200 and again.data == first.data
    assert "Primera propuesta" in again.text
    assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert again.headers["X-Request-ID"] != first.headers["X-Request-ID"]
    assert again.cache_control.public and again.headers["ETag"] == first.headers["ETag"]


def test_a_kept_page_answers_not_modified_to_its_etag(client, listing, count_queries):
    first = client.get(listing)
    with count_queries() as counter:
        again = client.get(listing, headers={"If-None-Match": first.headers["ETag"]})
    assert counter.count == 0
    assert again.status_code == 304 and not again.data
    assert again.headers["ETag"] == first.headers["ETag"]
    kept = client.get(listing, headers={"If-None-Match": '"another"'})
    assert kept.status_code == 200 and kept.data == first.data
    assert kept.headers["Vary"] == first.headers["Vary"] == "Cookie, Accept-Language"
    assert kept.headers["Cache-Control"] == first.headers["Cache-Control"]


def test_a_change_shows_when_the_kept_page_expires(client, listing):
    client.get(listing)
    consultation_id = int(listing.rstrip("/").split("/")[-2])
    make_proposal(db.session.get(Consultation, consultation_id), title="Segunda propuesta")
    assert "Segunda propuesta" not in client.get(listing).text  # kept: lags the seconds
    cache.clear()  # the seconds have passed
    assert "Segunda propuesta" in client.get(listing).text


def test_nothing_is_kept_with_zero_seconds(app, client, listing, count_queries, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 0)
    client.get(listing)
    with count_queries() as counter:
        client.get(listing)
    assert counter.count > 0


def test_someone_signed_in_never_gets_a_kept_page(client, login, listing, resident, count_queries):
    client.get(listing)  # kept for anonymous visitors
    login(resident)
    with count_queries() as counter:
        page = client.get(listing)
    assert counter.count > 0
    assert page.headers["Cache-Control"] == "private, no-store"


def test_a_page_with_something_in_the_session_is_not_kept(app, client, listing, count_queries):
    # The random order's seed lives in the visitor's session: that page is theirs.
    client.get(listing + "?sort=random")
    with count_queries() as counter:
        app.test_client().get(listing + "?sort=random")  # a newcomer, with no cookie yet
    assert counter.count > 0


def test_languages_are_kept_apart(client, listing):
    english = client.get("/", headers={"Accept-Language": "en"})
    portuguese = client.get("/", headers={"Accept-Language": "pt"})
    assert 'lang="en"' in english.text
    assert 'lang="pt"' in portuguese.text
    assert 'lang="en"' in client.get("/", headers={"Accept-Language": "en"}).text


def test_a_missing_page_is_not_kept(client, listing, count_queries):
    missing = f"{M}/consultations/999999/proposals/"
    assert client.get(missing).status_code == 404
    with count_queries() as counter:
        assert client.get(missing).status_code == 404
    assert counter.count > 0
