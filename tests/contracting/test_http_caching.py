"""OCDS API and files: open to other sites (CORS), cacheable, revalidated by ETag (304)."""

from __future__ import annotations

import pytest

from participa.contracting import extensions as ocds_extensions
from tests.contracting.conftest import award_and_contract, make_process

BASE = "/m/villa-norte/contracting"


@pytest.fixture
def published(municipality, staff, buyer, supplier):
    first = award_and_contract(
        make_process(municipality, staff, buyer, title="Uno"), staff, supplier
    )
    return first


def _paths(client, process):
    year = client.get(f"{BASE}/ocds/releases.json").get_json()["releases"][0]["date"][:4]
    return [
        f"{BASE}/api/releases",
        f"{BASE}/api/records",
        f"{BASE}/api/records/{process.ocid}",
        f"{BASE}/ocds/releases.json",
        f"{BASE}/ocds/records.json",
        f"{BASE}/ocds/years/{year}/releases.json",
        f"{BASE}/ocds/years/{year}/records.json",
        f"{BASE}/ocds/{process.ocid}/releases.json",
        f"{BASE}/ocds/{process.ocid}/record.json",
        f"{BASE}/data/processes.csv",
        f"{BASE}/data/awards.csv",
        f"{BASE}/data/contracts.csv",
    ]


def test_api_and_files_send_cors_cache_control_and_etag_then_304(client, published):
    for path in _paths(client, published):
        first = client.get(path)
        assert first.status_code == 200, path
        assert first.headers["Access-Control-Allow-Origin"] == "*", path
        assert "max-age=" in first.headers["Cache-Control"], path
        tag = first.headers.get("ETag")
        assert tag, path
        again = client.get(path, headers={"If-None-Match": tag})
        assert again.status_code == 304, path
        assert again.data == b"", path
        assert again.headers["ETag"] == tag, path
        assert again.headers["Access-Control-Allow-Origin"] == "*", path
        stale = client.get(path, headers={"If-None-Match": '"something-else"'})
        assert stale.status_code == 200 and stale.data == first.data, path


def test_gzip_representations_have_their_own_tags(client, published):
    path = f"{BASE}/ocds/releases.json"
    plain = client.get(path).headers["ETag"]
    encoded = client.get(path, headers={"Accept-Encoding": "gzip"}).headers["ETag"]
    as_file = client.get(path + "?gzip=1").headers["ETag"]
    assert len({plain, encoded, as_file}) == 3
    assert client.get(path, headers={"If-None-Match": plain,
                                     "Accept-Encoding": "gzip"}).status_code == 200  # fmt: skip


def test_new_release_changes_the_tags(client, municipality, staff, buyer, published):
    paths = [f"{BASE}/ocds/releases.json", f"{BASE}/ocds/records.json",
             f"{BASE}/api/releases", f"{BASE}/data/processes.csv"]  # fmt: skip
    before = {p: client.get(p).headers["ETag"] for p in paths}
    make_process(municipality, staff, buyer, title="Tres")
    for path in paths:
        assert client.get(path, headers={"If-None-Match": before[path]}).status_code == 200, path


def test_if_modified_since_alone_answers_304(client, published):
    path = f"{BASE}/ocds/{published.ocid}/releases.json"
    last = client.get(path).headers["Last-Modified"]
    assert client.get(path, headers={"If-Modified-Since": last}).status_code == 304


def test_api_errors_are_open_but_not_cached(client, published):
    response = client.get(f"{BASE}/api/releases?limit=0")
    assert response.status_code == 400
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Cache-Control"] == "no-store"
    assert "ETag" not in response.headers


def test_every_declared_extension_is_pinned(client, published):
    package = client.get(f"{BASE}/api/releases").get_json()
    assert ocds_extensions.PAGINATION in package["extensions"]
    for url in package["extensions"]:
        assert ocds_extensions.pin(url) == url
        ref = url.split("/")[5]
        assert ref.lower() not in ocds_extensions.MOVING
    for repository, pinned in ocds_extensions.KNOWN.items():
        assert pinned.split("/")[1] == repository
        assert pinned.split("/")[2].lower() not in ocds_extensions.MOVING
