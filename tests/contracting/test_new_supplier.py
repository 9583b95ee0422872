"""The "new supplier" red flag rests on business dates, never on when a row was created.

A supplier is new before a tender when its earliest award or contract with the municipality came
shortly before the tender began. Imported and freshly registered organisations are not new just
because their rows are.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from sqlalchemy import select

from participa.contracting import services, stages
from participa.contracting.models import ProcurementProcess
from participa.extensions import db
from tests.contracting.conftest import TENDER, make_process, upload_accepted

BASE = "/m/villa-norte/contracting"
EARLY_TENDER = {**TENDER, "tender_start": datetime(2024, 1, 8, 9, 0),
                "tender_end": datetime(2024, 1, 30, 12, 0)}  # fmt: skip


def _award(process, staff, supplier, day: date) -> None:
    stages.save_award(process, actor=staff, index=None, data={
        "status": "active", "date": day, "value_amount": 1_000_000, "currency": "ARS",
        "suppliers": [supplier.ocds_id]})  # fmt: skip
    db.session.commit()


def test_a_supplier_registered_today_is_not_new_before_a_past_tender(process, staff, supplier):
    supplier.first_seen_at = datetime.now(UTC)  # the row is new, the company is not known to be
    _award(process, staff, supplier, date(2024, 3, 28))
    assert "new_supplier" not in process.red_flags
    assert [f.code for f in services.flags_for(process)].count("new_supplier") == 0


def test_first_award_shortly_before_the_tender_raises_the_flag(
    municipality, staff, buyer, supplier
):
    supplier.first_seen_at = datetime(2010, 1, 1, tzinfo=UTC)  # an old row proves nothing either
    earlier = make_process(municipality, staff, buyer, title="Primero", tender=EARLY_TENDER)
    _award(earlier, staff, supplier, date(2024, 2, 20))
    later = make_process(municipality, staff, buyer, title="Segundo")
    _award(later, staff, supplier, date(2024, 3, 28))
    assert "new_supplier" not in earlier.red_flags  # its first award came after its tender
    assert "new_supplier" in later.red_flags
    flag = next(f for f in services.flags_for(later) if f.code == "new_supplier")
    assert "only 10 days before the tender began" in flag.explanation
    assert flag.evidence[f"firstAwardOrContract[{supplier.ocds_id}]"].startswith("2024-02-20")


def test_the_supplier_page_shows_the_first_award_not_when_the_row_was_made(
    client, process, staff, supplier
):
    supplier.first_seen_at = datetime(2010, 1, 1, tzinfo=UTC)
    _award(process, staff, supplier, date(2024, 3, 28))
    page = client.get(f"{BASE}/suppliers/{supplier.id}").get_data(as_text=True)
    assert "First award or contract" in page and "2024" in page and "2010" not in page


def test_the_flag_follows_corrections_and_awards_entered_in_any_order(
    municipality, staff, buyer, supplier
):
    later = make_process(municipality, staff, buyer, title="Segundo")
    _award(later, staff, supplier, date(2024, 3, 28))
    assert "new_supplier" not in later.red_flags
    # An earlier award entered afterwards makes the supplier new before the later tender...
    earlier = make_process(municipality, staff, buyer, title="Primero", tender=EARLY_TENDER)
    _award(earlier, staff, supplier, date(2024, 2, 20))
    db.session.refresh(later)
    assert "new_supplier" in later.red_flags and later.red_flag_count == len(later.red_flags)
    # ...and correcting its date to long before clears the flag of the other process.
    stages.save_award(earlier, actor=staff, index=0, data={
        "status": "active", "date": date(2023, 6, 1), "value_amount": 1_000_000,
        "currency": "ARS", "suppliers": [supplier.ocds_id]})  # fmt: skip
    db.session.commit()
    db.session.refresh(later)
    assert "new_supplier" not in later.red_flags


def test_imported_processes_are_not_flagged_for_their_own_supplier(
    client, municipality, staff, login
):
    from tests.contracting.test_import import OCID, PACKAGE

    login(staff)
    upload_accepted(client, json.dumps(PACKAGE), "package.json")
    csv_text = (
        "identifier,title,buyer_name,procurement_method,currency,tender_start,tender_end,"
        "supplier_name,supplier_scheme,supplier_id,award_date,award_amount\n"
        "LED-1,Luminarias,Obras,open,ARS,2024-05-01,2024-05-25,Luz del Sur S.A.,AR-CUIT,"
        "30733333339,2024-05-28,2400000\n"
    )
    upload_accepted(client, csv_text, "template.csv")
    processes = list(db.session.scalars(select(ProcurementProcess)))
    assert {p.ocid for p in processes} == {OCID, "ocds-213czf-LED-1"}
    for process in processes:
        assert "new_supplier" not in process.red_flags, process.ocid
        assert "new_supplier" not in [f.code for f in services.flags_for(process)]
