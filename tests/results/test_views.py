"""The network results dashboard and a member's results page: totals, charts with their tables,
the member table, the filters (never a 500), the CSV and JSON downloads, caching and constant
query counts."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import datetime

import pytest

from participa.core import features
from participa.db import utcnow
from participa.municipalities.models import MemberKind
from tests import factories
from tests.results.helpers import held, validated

NOW = datetime(2026, 6, 15, 12, 0)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("participa.results.views.utcnow", lambda: NOW)


@pytest.fixture
def network(municipality, other_municipality):
    """Villa Norte (municipality) and a legislature, with consultations and assessments."""
    congress = factories.MunicipalityFactory(slug="congreso", name="Congreso Virtual",
                                             kind=MemberKind.LEGISLATURE)  # fmt: skip
    held(municipality, datetime(2026, 1, 5), datetime(2026, 6, 1), datetime(2024, 3, 1))
    held(congress, datetime(2026, 6, 2))
    validated(municipality, datetime(2026, 2, 10))
    archived = factories.MunicipalityFactory(slug="cerrado", name="Cerrado", archived_at=utcnow())
    held(archived, datetime(2026, 5, 5))  # an archived member counts nowhere
    return congress


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.data[:2000]
    return response.get_data(as_text=True)


def test_dashboard_shows_totals_charts_tables_and_members(client, network):
    html = page(client, "/network/results/")
    # The last 12 months: July 2025 to June 2026.
    assert "From Jul 2025 to Jun 2026." in html
    assert "<dt>Consultations held</dt><dd>3</dd>" in html
    assert "<dt>Self-assessments published</dt><dd>1</dd>" in html
    assert html.count('<svg class="chart"') == 2
    assert "Consultations held per month" in html
    assert '<th scope="row">Jun 2026</th><td>2</td>' in html
    # The member table: name linked to the member's page, kind label, one column per measure.
    assert ('<a href="/m/congreso/results/">Congreso Virtual</a></th><td>Legislature</td>'
            "\n<td>1</td><td>0</td>") in html  # fmt: skip
    assert '<a href="/m/villa-norte/results/">Villa Norte</a></th><td>Municipality</td>' in html
    assert "Cerrado" not in html and "Otra Ciudad" in html
    assert 'href="/network/results/results.csv?period=12m"' in html


def test_periods(client, network):
    assert "<dt>Consultations held</dt><dd>4</dd>" in page(client, "/network/results/?period=all")
    html = page(client, "/network/results/?period=all")
    assert "From Mar 2024 to Jun 2026." in html
    assert "<dt>Consultations held</dt><dd>3</dd>" in page(client, "/network/results/?period=year")
    html = page(client, "/network/results/?period=custom&start=2026-01&end=2026-02")
    assert "From Jan 2026 to Feb 2026." in html
    assert "<dt>Consultations held</dt><dd>1</dd>" in html
    # Typed months choose the period, whatever the menu says (no JavaScript needed).
    html = page(client, "/network/results/?period=12m&start=2024-03&end=2024-03")
    assert "<dt>Consultations held</dt><dd>1</dd>" in html
    assert "<dt>Self-assessments published</dt><dd>0</dd>" in html
    # The widest period offered: from 1990 to the end of next year.
    html = page(client, "/network/results/?start=1990-01&end=2027-12")
    assert "From Jan 1990 to Dec 2027." in html and html.count('<tr><th scope="row">') > 400


def test_kind_and_member_filters(client, network, municipality):
    html = page(client, "/network/results/?kind=legislature")
    assert "<dt>Consultations held</dt><dd>1</dd>" in html and "Villa Norte</a>" not in html
    html = page(client, f"/network/results/?member={municipality.id}")
    assert "<dt>Consultations held</dt><dd>2</dd>" in html and "Congreso Virtual</a>" not in html
    assert f'<option value="{municipality.id}" selected>Villa Norte</option>' in html
    html = page(client, f"/network/results/?member={municipality.id}&kind=legislature")
    assert "No member matches these filters." in html


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("period=decade", 400, "Choose one of the periods offered."),
        ("kind=town", 400, "Choose one of the kinds of member offered."),
        ("member=99999", 400, "Choose one of the members offered."),
        ("member=abc", 400, "Choose one of the members offered."),
        ("member=99999999999999999999999", 400, "Choose one of the members offered."),
        ("start=2026-13", 422, "Write a month as year and month, for example 2026-03."),
        ("end=June", 422, "Write a month as year and month, for example 2026-03."),
        ("start=2026-05&end=2026-01", 422, "The last month cannot come before the first."),
        ("start=2026-05&kind=town", 400, "Choose one of the kinds of member offered."),
        ("start=0000-01", 422, "Write a month as year and month, for example 2026-03."),
        # Bounded: one row per month must stay a readable page.
        ("start=1900-01", 422, "Choose a month from 1990-01 to 2027-12."),
        ("end=2999-12", 422, "Choose a month from 1990-01 to 2027-12."),
    ],
)
def test_bad_filters_are_refused_with_a_message(client, network, query, status, message):
    html = page(client, f"/network/results/?{query}", status)
    assert message in html and 'aria-invalid="true"' in html
    assert "<dt>Consultations held</dt>" not in html
    for path in ("results.csv", "results.json"):
        response = client.get(f"/network/results/{path}?{query}")
        assert response.status_code == status and message in response.get_data(as_text=True)


def test_bad_filters_keep_what_was_typed(client, network):
    html = page(client, "/network/results/?start=2026-1&end=2026-04", 422)
    assert 'name="start" value="2026-1"' in html and 'name="end" value="2026-04"' in html
    assert '<option value="custom" selected>' in html


def test_a_failing_measure_leaves_the_others(client, network, monkeypatch):
    def broken():
        raise RuntimeError("boom")

    installed = features.installed
    patched = [replace(f, results=broken) if f.name == "indicators" else f
               for f in installed.features]  # fmt: skip
    monkeypatch.setattr(features, "installed", replace(installed, features=patched))
    html = page(client, "/network/results/")
    assert "Some figures could not be counted just now" in html
    assert "<dt>Consultations held</dt><dd>3</dd>" in html
    assert "Self-assessments published" not in html
    assert client.get("/network/results/results.json").get_json()["incomplete"] is True


def test_csv_download(client, network, municipality):
    response = client.get("/network/results/results.csv?period=all")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    villa = {"member": "villa-norte", "member_name": "Villa Norte", "member_kind": "municipality"}
    congress = {"member": "congreso", "member_name": "Congreso Virtual",
                "member_kind": "legislature"}  # fmt: skip
    consultations = {"measure": "consultations_held", "measure_label": "Consultations held"}
    assessments = {"measure": "assessments_published",
                   "measure_label": "Self-assessments published"}  # fmt: skip
    # The measures in their order, then by month and member.
    assert rows == [
        {**consultations, **villa, "month": "2024-03", "count": "1"},
        {**consultations, **villa, "month": "2026-01", "count": "1"},
        {**consultations, **villa, "month": "2026-06", "count": "1"},
        {**consultations, **congress, "month": "2026-06", "count": "1"},
        {**assessments, **villa, "month": "2026-02", "count": "1"},
    ]
    kinds = client.get("/network/results/results.csv?period=all&kind=legislature")
    assert kinds.get_data(as_text=True).count("\n") == 2  # the header and the congress


def test_json_download(client, network, municipality):
    response = client.get(f"/network/results/results.json?period=year&member={municipality.id}")
    assert response.status_code == 200 and response.mimetype == "application/json"
    document = response.get_json()
    assert document["period"] == {"from": "2026-01", "to": "2026-06"}
    assert document["filters"] == {"kind": None, "member": "villa-norte"}
    assert document["incomplete"] is False
    held_, published = document["measures"]
    assert held_["measure"] == "consultations_held" and held_["total"] == 2
    assert held_["months"][0] == {"month": "2026-01", "count": 1}
    assert [m["count"] for m in held_["months"]] == [1, 0, 0, 0, 0, 1]
    assert held_["members"] == [{"member": "villa-norte", "member_name": "Villa Norte",
                                 "member_kind": "municipality", "count": 2}]  # fmt: skip
    assert published["measure_label"] == "Self-assessments published"
    # Counts only: no e-mail, no person, no user id.
    assert "@" not in response.get_data(as_text=True) and "user" not in str(document)


def test_downloads_are_cached_and_conditional(client, network, app, monkeypatch):
    monkeypatch.setitem(app.config, "HTTP_CACHE_SECONDS", 60)
    response = client.get("/network/results/results.csv")
    assert response.headers["Cache-Control"] == "public, max-age=60"
    again = client.get("/network/results/results.csv",
                       headers={"If-None-Match": response.headers["ETag"]})  # fmt: skip
    assert again.status_code == 304
    html = client.get("/network/results/")
    assert "public" in html.headers["Cache-Control"] and html.headers.get("ETag")


def test_the_page_cache_serves_anonymous_visitors(client, network, municipality, app,
                                                  monkeypatch):  # fmt: skip
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 60)
    from participa.extensions import cache

    cache.clear()
    assert "<dt>Consultations held</dt><dd>3</dd>" in page(client, "/network/results/")
    held(municipality, datetime(2026, 6, 3))
    assert "<dt>Consultations held</dt><dd>3</dd>" in page(client, "/network/results/")
    cache.clear()
    assert "<dt>Consultations held</dt><dd>4</dd>" in page(client, "/network/results/")


def test_query_count_does_not_grow_with_members_or_rows(client, network, count_queries):
    def queries() -> int:
        with count_queries() as counter:
            page(client, "/network/results/?period=all")
        return counter.count

    before = queries()
    for n in range(5):
        member = factories.MunicipalityFactory(kind=MemberKind.ASSOCIATION)
        held(member, datetime(2026, 1 + n, 3), datetime(2025, 2, 1))
        validated(member, datetime(2026, 3, 1))
    assert queries() == before


def test_member_page(client, network, municipality, login):
    html = page(client, "/m/villa-norte/results/?period=all")
    assert "Results of Villa Norte" in html
    assert "<dt>Consultations held</dt><dd>3</dd>" in html
    assert "Congreso Virtual" not in html and 'name="kind"' not in html
    assert f"results.csv?period=all&amp;member={municipality.id}" in html
    page(client, "/m/villa-norte/results/?start=nope", 422)
    # A member's home links to its results (the member's navigation).
    assert 'href="/m/villa-norte/results/"' in page(client, "/m/villa-norte/")
    page(client, "/m/cerrado/results/", 404)
    page(client, "/m/nowhere/results/", 404)


def test_empty_network(client):
    html = page(client, "/network/results/")
    assert "Nothing has been counted yet." in html
    assert client.get("/network/results/results.json").get_json()["measures"] == []


def test_the_features_records_are_shared_by_every_filter(client, network, app, monkeypatch,
                                                         count_queries):  # fmt: skip
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 60)
    with count_queries() as first:
        client.get("/network/results/results.csv?period=all")
    with count_queries() as second:
        client.get("/network/results/results.csv?period=year&kind=legislature")
    assert any("FROM consultations" in s for s in first.statements)
    assert not any("FROM consultations" in s for s in second.statements)
    assert not any("FROM indicator_assessments" in s for s in second.statements)
