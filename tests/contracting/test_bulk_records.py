"""Bulk record packages match the per-process ones; per-year files follow one year definition."""

from __future__ import annotations

import copy
import json

import pytest

from participa.contracting import packages
from participa.extensions import db
from tests.contracting.conftest import assert_valid, upload_accepted
from tests.contracting.test_import import BASE, OCID, PACKAGE


def _json(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return json.loads(response.get_data())


def test_bulk_records_carry_versioned_release_and_packages_like_per_process(client, published):
    bulk = _json(client.get(f"{BASE}/ocds/records.json"))
    assert_valid(bulk, "record-package-schema.json")
    by_ocid = {r["ocid"]: r for r in bulk["records"]}
    assert set(by_ocid) == {p.ocid for p in published}
    expected_packages = []
    for process in published:
        single = _json(client.get(f"{BASE}/ocds/{process.ocid}/record.json"))
        assert by_ocid[process.ocid] == single["records"][0]
        assert "versionedRelease" in by_ocid[process.ocid]
        expected_packages += single["packages"]
    assert sorted(bulk["packages"]) == sorted(expected_packages)
    api = _json(client.get(f"{BASE}/api/records"))
    assert {r["ocid"]: r for r in api["records"]} == by_ocid


def test_stream_keeps_one_process_releases_in_memory_and_bounded_queries(
    app, published, count_queries
):
    first, second = (p.ocid for p in published)
    municipality_id = published[0].municipality_id
    with count_queries() as queries:
        chunks = packages.stream_record_package(
            {"uri": "x"}, municipality_id, lambda ocid: f"https://x/{ocid}", db.session
        )
        text = "".join(chunks)
    body = json.loads(text)
    assert [r["ocid"] for r in body["records"]] == [first, second]
    assert body["packages"] == [f"https://x/{first}", f"https://x/{second}"]
    assert queries.count <= 3, queries.statements


@pytest.fixture
def new_year(client, municipality, staff, login):
    """A process whose tender was published on New Year's Eve, local time (already 1 January
    in UTC), and awarded in March."""
    package = copy.deepcopy(PACKAGE)
    package["releases"][0]["date"] = "2023-12-31T22:00:00-03:00"
    login(staff)
    upload_accepted(client, json.dumps(package), "package.json")
    client.post("/logout")
    return package


def test_per_year_files_use_the_release_date_in_the_municipality_time_zone(client, new_year):
    tender, award = (r["id"] for r in new_year["releases"])
    eve = _json(client.get(f"{BASE}/ocds/years/2023/releases.json"))
    assert [r["id"] for r in eve["releases"]] == [tender]
    march = _json(client.get(f"{BASE}/ocds/years/2024/releases.json"))
    assert [r["id"] for r in march["releases"]] == [award]
    # A record belongs to the year of its first release: one file holds it, whole.
    records = _json(client.get(f"{BASE}/ocds/years/2023/records.json"))
    assert_valid(records, "record-package-schema.json")
    assert [r["ocid"] for r in records["records"]] == [OCID]
    assert len(records["records"][0]["releases"]) == 2
    # No process began in 2024: no records file (a record package needs a record).
    assert client.get(f"{BASE}/ocds/years/2024/records.json").status_code == 404
    assert client.get(f"{BASE}/ocds/years/2022/records.json").status_code == 404
    assert client.get(f"{BASE}/ocds/years/2022/releases.json").status_code == 404


def test_release_and_record_years_in_the_municipality_time_zone(app, municipality, new_year):
    years = packages.release_years(municipality.id, municipality.timezone)
    assert years == [2024, 2023]
    assert packages.record_years(municipality.id, municipality.timezone, years) == {2023}
    assert packages.release_years(municipality.id, "UTC") == [2024]
    assert packages.record_years(municipality.id, "UTC", [2024]) == {2024}


def test_data_and_policy_pages_document_the_year(client, new_year):
    for path in (f"{BASE}/data", f"{BASE}/policy"):
        page = client.get(path).get_data(as_text=True)
        assert "a release belongs to the year of its date in the time zone" in page, path
        assert "America/Argentina/Buenos_Aires" in page, path


def test_data_page_links_records_only_for_years_that_have_them(client, new_year):
    page = client.get(f"{BASE}/data").get_data(as_text=True)
    assert f"{BASE}/ocds/years/2023/records.json" in page
    assert f"{BASE}/ocds/years/2024/releases.json" in page
    assert f"{BASE}/ocds/years/2024/records.json" not in page
