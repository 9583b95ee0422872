"""Every package the platform serves validates against the bundled OCDS package schemas."""

from __future__ import annotations

import base64
import gzip
import json

import pytest

from tests.contracting.conftest import assert_valid

pytestmark = pytest.mark.rate_limits(RATELIMIT_OCDS_API="2 per minute")

BASE = "/m/villa-norte/contracting"


def _json(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return json.loads(response.get_data())


def test_process_packages_are_valid(client, published):
    first, _second = published
    releases = _json(client.get(f"{BASE}/ocds/{first.ocid}/releases.json"))
    assert_valid(releases, "release-package-schema.json")
    assert releases["version"] == "1.1" and len(releases["releases"]) == 4
    assert releases["publisher"]["name"] == "Villa Norte"
    assert releases["license"].startswith("https://creativecommons.org/")
    assert releases["publicationPolicy"].endswith("/contracting/policy")
    one = releases["releases"][0]["id"]
    single = _json(client.get(f"{BASE}/ocds/{first.ocid}/releases/{one}.json"))
    assert_valid(single, "release-package-schema.json")
    record = _json(client.get(f"{BASE}/ocds/{first.ocid}/record.json"))
    assert_valid(record, "record-package-schema.json")
    entry = record["records"][0]
    assert entry["releases"][0]["url"] == f"{releases['uri']}#{one}"
    assert entry["compiledRelease"]["tag"] == ["compiled"]
    assert "versionedRelease" in entry


def test_bulk_and_yearly_packages_are_valid(client, published):
    bulk = _json(client.get(f"{BASE}/ocds/releases.json"))
    assert_valid(bulk, "release-package-schema.json")
    assert len(bulk["releases"]) == 5
    records = _json(client.get(f"{BASE}/ocds/records.json"))
    assert_valid(records, "record-package-schema.json")
    assert len(records["records"]) == 2
    assert sum(len(r["releases"]) for r in records["records"]) == 5
    year = records["records"][0]["compiledRelease"]["date"][:4]
    assert_valid(_json(client.get(f"{BASE}/ocds/years/{year}/releases.json")),
                 "release-package-schema.json")  # fmt: skip
    assert_valid(_json(client.get(f"{BASE}/ocds/years/{year}/records.json")),
                 "record-package-schema.json")  # fmt: skip
    assert client.get(f"{BASE}/ocds/years/1999/releases.json").status_code == 404


def test_gzip_on_request_and_by_accept_encoding(client, published):
    as_file = client.get(f"{BASE}/ocds/releases.json?gzip=1")
    assert as_file.headers["Content-Type"] == "application/gzip"
    assert_valid(json.loads(gzip.decompress(as_file.data)), "release-package-schema.json")
    encoded = client.get(f"{BASE}/ocds/records.json", headers={"Accept-Encoding": "gzip"})
    assert encoded.headers["Content-Encoding"] == "gzip"
    assert_valid(json.loads(gzip.decompress(encoded.data)), "record-package-schema.json")


def test_api_pages_with_links_next(client, published):
    url, seen = f"{BASE}/api/releases?limit=2", []
    while url:
        page = _json(client.get(url))
        assert_valid(page, "release-package-schema.json")
        seen += [r["id"] for r in page["releases"]]
        url = page.get("links", {}).get("next")
    assert len(seen) == 5 and len(set(seen)) == 5
    records = _json(client.get(f"{BASE}/api/records?limit=1"))
    assert_valid(records, "record-package-schema.json")
    assert "next" in records["links"]


def test_api_single_release_and_record(client, published):
    first, _second = published
    record = _json(client.get(f"{BASE}/api/records/{first.ocid}"))
    assert_valid(record, "record-package-schema.json")
    release_id = record["records"][0]["releases"][0]["url"].split("#")[1]
    assert_valid(_json(client.get(f"{BASE}/api/releases/{first.ocid}/{release_id}")),
                 "release-package-schema.json")  # fmt: skip


def test_api_date_filters(client, published):
    assert _json(client.get(f"{BASE}/api/releases?since=2999-01-01"))["releases"] == []
    assert (
        len(_json(client.get(f"{BASE}/api/releases?until=2999-01-01T00:00:00Z"))["releases"]) == 5
    )


def test_api_date_filters_at_the_ends_of_the_calendar(client, published):
    # Turned to UTC, the last day and these offsets leave the calendar: the last or first
    # moment stands for them (converting them used to fail, as a 500).
    cursor = base64.urlsafe_b64encode(b"9999-12-31T23:00:00-05:00|1").decode()
    for records in ("releases", "records"):
        url = f"{BASE}/api/{records}"
        for query in ("since=9999-12-31", "since=9999-12-31T23:00:00-05:00",
                      "until=0001-01-01T00:00:00%2B05:00", f"cursor={cursor}"):  # fmt: skip
            assert _json(client.get(f"{url}?{query}"))[records] == [], query
        for query in ("until=9999-12-31", "since=0001-01-01T00:00:00%2B05:00"):
            assert _json(client.get(f"{url}?{query}"))[records], query


@pytest.mark.parametrize(
    "query",
    [
        "since=yesterday",
        "until=2024-13-40",
        "limit=0",
        "limit=x",
        "limit=5000",
        "cursor=%%%",
        "since=2025-01-01&until=2024-01-01",
    ],
)
def test_api_bad_parameters_answer_400_json(client, published, query):
    response = client.get(f"{BASE}/api/releases?{query}")
    assert response.status_code == 400
    assert response.is_json and response.json["error"]


def test_api_unknown_things_answer_404_json(client, published):
    for url in (
        f"{BASE}/api/records/ocds-213czf-nope",
        f"{BASE}/api/releases/ocds-213czf-x/y",
        "/m/nowhere/contracting/api/releases",
    ):
        response = client.get(url)
        assert response.status_code == 404 and response.is_json, url


def test_csv_exports(client, published):
    text = client.get(f"{BASE}/data/awards.csv").get_data(as_text=True)
    header, *rows = text.lstrip("\ufeff").strip().splitlines()
    assert header.startswith("ocid,award_id") and len(rows) == 1
    processes = client.get(f"{BASE}/data/processes.csv").get_data(as_text=True)
    assert processes.count("\n") == 3


def test_api_rate_limit_answers_429_with_retry_after(limited_app, published):
    client = limited_app.test_client()
    statuses = [client.get(f"{BASE}/api/releases").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = client.get(f"{BASE}/api/releases")
    assert response.status_code == 429 and response.is_json
    assert int(response.headers["Retry-After"]) > 0
