"""A tender saved without items (Bahía Blanca's process 33 in the demo) shows its page."""

from __future__ import annotations

from participa.extensions import db
from tests.contracting.conftest import TENDER, award_and_contract, make_process

BASE = "/m/villa-norte/contracting"


def test_process_page_of_a_tender_without_items(client, municipality, staff, buyer, supplier):
    process = make_process(municipality, staff, buyer, tender={**TENDER, "items": []})
    assert "items" not in process.data["tender"]
    award_and_contract(process, staff, supplier)
    response = client.get(f"{BASE}/processes/{process.id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Bacheo de calles del barrio centro" in page
    assert "<caption>Items</caption>" not in page


def test_process_page_of_a_release_without_items_key(client, municipality, staff, buyer,
                                                     login):  # fmt: skip
    # Imported releases may carry an empty or absent list: both render, for staff too.
    process = make_process(municipality, staff, buyer)
    for name in ("data", "compiled"):
        state = getattr(process, name)
        tender = {k: v for k, v in state["tender"].items() if k != "items"}
        setattr(process, name, {**state, "tender": tender})
    db.session.commit()
    for who in (None, staff):
        if who is not None:
            login(who)
        assert client.get(f"{BASE}/processes/{process.id}").status_code == 200


def test_process_page_lists_the_items_when_there_are_some(client, process):
    page = client.get(f"{BASE}/processes/{process.id}").get_data(as_text=True)
    assert "<caption>Items</caption>" in page and "Bacheo con hormigón" in page
