"""Harvesting by date follows publication on the platform, not the (older) release dates."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from sqlalchemy import select

from participa.contracting.models import ProcurementProcess, Release
from participa.extensions import db
from tests.contracting.conftest import upload, upload_accepted
from tests.contracting.test_import import BASE, OCID, PACKAGE


def _stamp(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _json(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return json.loads(response.get_data())


def test_imported_releases_reach_harvesters_asking_since_their_last_visit(
    client, municipality, staff, login, process
):
    last_visit = datetime.now(UTC) - timedelta(seconds=1)
    seen = {r["id"] for r in _json(client.get(f"{BASE}/api/releases"))["releases"]}
    login(staff)
    upload_accepted(client, json.dumps(PACKAGE), "package.json")
    # The imported releases are dated March 2024, but were published on the platform now.
    page = _json(client.get(f"{BASE}/api/releases?since={_stamp(last_visit)}"))
    new = [r["id"] for r in page["releases"] if r["id"] not in seen]
    assert new == [r["id"] for r in PACKAGE["releases"]]
    assert datetime.fromisoformat(page["publishedDate"]) >= last_visit
    records = _json(client.get(f"{BASE}/api/records?since={_stamp(last_visit)}"))
    assert OCID in [r["ocid"] for r in records["records"]]
    # until before the import leaves them out.
    before = _json(client.get(f"{BASE}/api/releases?until={_stamp(last_visit)}"))
    assert not {r["id"] for r in before["releases"]} & set(new)


def test_packages_date_and_last_modified_are_the_platform_publication(
    client, municipality, staff, login
):
    login(staff)
    start = datetime.now(UTC).replace(microsecond=0)
    upload_accepted(client, json.dumps(PACKAGE), "package.json")
    release_id = PACKAGE["releases"][0]["id"]
    for url in (
        f"{BASE}/ocds/{OCID}/releases.json",
        f"{BASE}/ocds/{OCID}/record.json",
        f"{BASE}/ocds/{OCID}/releases/{release_id}.json",
        f"{BASE}/ocds/releases.json",
        f"{BASE}/ocds/records.json",
        f"{BASE}/ocds/years/2024/releases.json",
        f"{BASE}/api/releases/{OCID}/{release_id}",
        f"{BASE}/api/records/{OCID}",
    ):
        response = client.get(url)
        body = _json(response)
        assert datetime.fromisoformat(body["publishedDate"]) >= start, url
        if "api/" not in url:
            assert parsedate_to_datetime(response.headers["Last-Modified"]) >= start, url
    # The releases keep their own dates.
    dates = [r["date"] for r in _json(client.get(f"{BASE}/ocds/{OCID}/releases.json"))["releases"]]
    assert dates == [r["date"] for r in PACKAGE["releases"]]


def test_publication_moment_is_stored_per_release_and_process(client, municipality, staff, login):
    login(staff)
    upload(client, json.dumps(PACKAGE), "package.json")
    process = db.session.scalars(select(ProcurementProcess)).one()
    published = list(db.session.scalars(select(Release.published_at)))
    assert process.last_published_at.year == 2024  # the newest release date
    assert process.last_platform_publication_at == max(published)
    assert min(published) > process.last_published_at
