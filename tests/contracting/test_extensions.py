"""Imported extensions and publisher are kept; packages declare the extensions again, pinned."""

from __future__ import annotations

import copy
import json

import pytest
from sqlalchemy import select

from participa.contracting import extensions
from participa.contracting.models import ImportBatch, ProcurementProcess, Release
from participa.extensions import db
from tests.contracting.conftest import assert_valid, upload, upload_accepted
from tests.contracting.test_import import BASE, OCID, PACKAGE
from tests.rows import count_rows

RAW = "https://raw.githubusercontent.com/open-contracting-extensions"
LOTS_MASTER = f"{RAW}/ocds_lots_extension/master/extension.json"
LOTS = f"{RAW}/ocds_lots_extension/v1.1.5/extension.json"
BIDS = f"{RAW}/ocds_bid_extension/v1.1.5/extension.json"


def _package_with_lots_and_bids() -> dict:
    package = copy.deepcopy(PACKAGE)
    package["extensions"] = [LOTS_MASTER, BIDS]
    package["publisher"] = {"name": "Dirección Provincial de Compras",
                            "uri": "https://compras.example.org"}  # fmt: skip
    tender, award = package["releases"][0]["tender"], package["releases"][1]
    tender["lots"] = [{"id": "L1", "title": "Calles del centro", "status": "active"},
                      {"id": "L2", "title": "Calles del norte", "status": "active"}]  # fmt: skip
    tender["items"] = [{"id": "1", "description": "Bacheo", "relatedLot": "L1"}]
    award["awards"][0]["relatedLots"] = ["L1"]
    award["bids"] = {"details": [{"id": "B1", "status": "valid",
                                  "tenderers": [{"id": "AR-CUIT-30711111119",
                                                 "name": "Constructora Sur S.A."}]}]}  # fmt: skip
    return package


@pytest.fixture
def imported(client, municipality, staff, login):
    login(staff)
    return upload_accepted(client, json.dumps(_package_with_lots_and_bids()), "package.json")


def _json(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return json.loads(response.get_data())


def test_import_keeps_publisher_and_pins_extensions(imported):
    batch = db.session.scalars(select(ImportBatch)).one()
    assert batch.publisher["name"] == "Dirección Provincial de Compras"
    assert batch.declared_extensions == [LOTS_MASTER, BIDS]
    assert batch.extensions == [LOTS, BIDS]
    assert batch.package_uri == PACKAGE["uri"]
    assert batch.published_date == PACKAGE["publishedDate"]
    assert set(db.session.scalars(select(Release.import_id))) == {batch.id}


def test_every_package_with_the_releases_declares_the_extensions(client, imported):
    release_id = PACKAGE["releases"][1]["id"]
    for url, schema in (
        (f"{BASE}/ocds/{OCID}/releases.json", "release-package-schema.json"),
        (f"{BASE}/ocds/{OCID}/releases/{release_id}.json", "release-package-schema.json"),
        (f"{BASE}/ocds/{OCID}/record.json", "record-package-schema.json"),
        (f"{BASE}/ocds/releases.json", "release-package-schema.json"),
        (f"{BASE}/ocds/records.json", "record-package-schema.json"),
        (f"{BASE}/ocds/years/2024/releases.json", "release-package-schema.json"),
        (f"{BASE}/ocds/years/2024/records.json", "record-package-schema.json"),
        (f"{BASE}/api/releases/{OCID}/{release_id}", "release-package-schema.json"),
        (f"{BASE}/api/records/{OCID}", "record-package-schema.json"),
    ):
        body = _json(client.get(url))
        assert body["extensions"] == [LOTS, BIDS], url
        assert_valid(body, schema)
    page = _json(client.get(f"{BASE}/api/releases"))
    assert page["extensions"] == [LOTS, BIDS, extensions.PAGINATION]
    records = _json(client.get(f"{BASE}/api/records"))
    assert records["extensions"] == [LOTS, BIDS, extensions.PAGINATION]
    # The releases come back exactly as imported: lots and bids included.
    served = _json(client.get(f"{BASE}/ocds/{OCID}/releases.json"))["releases"]
    assert served == _package_with_lots_and_bids()["releases"]
    compiled = _json(client.get(f"{BASE}/ocds/{OCID}/record.json"))["records"][0]
    assert [lot["id"] for lot in compiled["compiledRelease"]["tender"]["lots"]] == ["L1", "L2"]
    assert compiled["compiledRelease"]["bids"]["details"][0]["id"] == "B1"


def test_platform_data_alone_declares_no_extension_and_api_pins_pagination(
    client, municipality, process
):
    assert "extensions" not in _json(client.get(f"{BASE}/ocds/{process.ocid}/releases.json"))
    page = _json(client.get(f"{BASE}/api/releases"))
    assert page["extensions"] == [extensions.PAGINATION]
    assert "/master/" not in extensions.PAGINATION


def test_staff_edits_keep_the_imported_extensions_declared(client, imported, staff):
    from participa.contracting import stages

    process = db.session.scalars(select(ProcurementProcess)).one()
    stages.amend(process, actor=staff, target="contract:0", rationale="Más obra",
                 new_amount=10_000_000)  # fmt: skip
    db.session.commit()
    body = _json(client.get(f"{BASE}/ocds/{OCID}/releases.json"))
    assert len(body["releases"]) == 3 and body["extensions"] == [LOTS, BIDS]
    assert_valid(body, "release-package-schema.json")


def test_unknown_extension_on_a_branch_is_refused(client, municipality, staff, login):
    package = copy.deepcopy(PACKAGE)
    url = "https://raw.githubusercontent.com/someone/ocds_local_extension/master/extension.json"
    package["extensions"] = [url]
    login(staff)
    response = upload(client, json.dumps(package), "package.json")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "names a branch that keeps changing, not a version" in page and url in page
    assert count_rows(Release) == 0


def test_policy_page_lists_extensions_and_sources(client, imported):
    page = client.get(f"{BASE}/policy").get_data(as_text=True)
    assert LOTS in page and BIDS in page and extensions.PAGINATION in page
    assert "Dirección Provincial de Compras" in page and "https://compras.example.org" in page


@pytest.mark.parametrize(
    ("declared", "pinned"),
    [
        (LOTS_MASTER, LOTS),
        ("https://raw.githubusercontent.com/open-contracting/ocds_lots_extension/master/"
         "extension.json", LOTS),
        (f"{RAW}/ocds_bid_extension/main/extension.json", BIDS),
        (f"{RAW}/ocds_lots_extension/v1.1.4/extension.json",
         f"{RAW}/ocds_lots_extension/v1.1.4/extension.json"),
        ("https://github.com/open-contracting-extensions/ocds_lots_extension/blob/master/"
         "extension.json", LOTS),
        ("https://example.org/ocds/extension.json", "https://example.org/ocds/extension.json"),
    ],
)  # fmt: skip
def test_pin(declared, pinned):
    assert extensions.pin(declared) == pinned


def test_pin_refuses_unknown_branches():
    with pytest.raises(extensions.UnpinnedExtension):
        extensions.pin("https://raw.githubusercontent.com/x/ocds_x_extension/master/extension.json")


def test_publisher_address_is_linked_only_when_it_is_a_web_address(
    client, municipality, staff, login
):
    package = copy.deepcopy(PACKAGE)
    package["publisher"] = {"name": "Compras", "uri": "javascript:alert(1)"}
    login(staff)
    response = upload_accepted(client, json.dumps(package), "package.json")
    for page in (client.get(response.headers["Location"]), client.get(f"{BASE}/policy")):
        text = page.get_data(as_text=True)
        assert "javascript:alert(1)" in text and 'href="javascript:' not in text
