"""The procurement datasets hold published processes only, with their awards unnested from the
compiled release; the existing CSV exports still answer."""

from __future__ import annotations

from participa.contracting import services
from participa.extensions import db
from tests.contracting.conftest import award_and_contract, make_process
from tests.opendata.support import download


def test_published_processes_and_their_awards(client, municipality, staff, buyer, supplier):
    published = award_and_contract(make_process(municipality, staff, buyer), staff, supplier)
    unpublished = services.create_process(municipality, actor=staff, title="Sin publicar",
                                          buyer=buyer)  # fmt: skip
    db.session.commit()

    processes = download(client, "procurement-processes")
    assert [p["ocid"] for p in processes] == [published.ocid]
    assert unpublished.ocid not in {p["ocid"] for p in processes}
    row = processes[0]
    assert row["buyer_name"] == buyer.name and row["stage"] == published.stage
    assert float(row["awarded_amount"]) == 9_500_000

    awards = download(client, "procurement-awards")
    award = published.data["awards"][0]
    assert [(a["ocid"], a["award_id"], a["status"]) for a in awards] == [
        (published.ocid, award["id"], "active")
    ]
    assert awards[0]["key"] == f"{published.ocid}/{award['id']}"
    assert float(awards[0]["amount"]) == 9_500_000 and awards[0]["currency"] == "ARS"
    assert awards[0]["supplier_ids"] == supplier.ocds_id
    assert awards[0]["supplier_names"] == supplier.name
    assert awards[0]["process_id"] == str(published.id)

    for name in ("processes", "awards", "contracts"):  # the feature's own exports
        assert client.get(f"/m/villa-norte/contracting/data/{name}.csv").status_code == 200
