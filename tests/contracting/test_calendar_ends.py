"""Dates at the ends of the calendar in imported releases: kept unchanged, and every page shows
them. Publishers write 9999-12-31 for "no end"; in a municipality's zone such a date leaves the
calendar (and 0001-01-01 UTC falls before it), which made the pages that show it a 500.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from participa.contracting.models import Party, ProcurementProcess
from participa.core.params import in_zone
from participa.extensions import db
from tests.contracting.conftest import upload_accepted, upload_refused
from tests.contracting.test_import import BASE, OCID, PACKAGE

ENDS = ["9999-12-31T23:59:59-12:00", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z",
        "0001-01-01T00:00:00+14:00"]  # fmt: skip


@pytest.mark.parametrize("moment", ENDS)
def test_pages_show_releases_with_dates_at_the_ends_of_the_calendar(
    client, municipality, staff, login, moment
):
    package = copy.deepcopy(PACKAGE)
    tender, award = package["releases"][0]["tender"], package["releases"][1]
    tender["tenderPeriod"] = {"startDate": moment, "endDate": moment}
    award["awards"][0]["date"] = moment
    contract = award["contracts"][0]
    contract["dateSigned"] = moment
    contract["period"] = {"startDate": moment, "endDate": moment}
    contract["milestones"] = [{"id": "M1", "title": "Fin", "dueDate": moment}]
    contract["implementation"] = {"transactions": [{
        "id": "T1", "date": moment, "value": {"amount": 10, "currency": "ARS"}}]}  # fmt: skip
    login(staff)
    upload_accepted(client, json.dumps(package), "package.json")
    process = db.session.scalars(select(ProcurementProcess)).one()
    supplier = db.session.scalars(select(Party).where(Party.ocds_id.like("AR-CUIT-%"))).one()
    staff_base = f"{BASE}/staff/processes/{process.id}"
    pages = [
        f"{BASE}/", f"{BASE}/processes/{process.id}", f"{BASE}/suppliers/{supplier.id}",
        f"{BASE}/data", f"{BASE}/summary", f"/m/{municipality.slug}/datos/",
        f"{BASE}/ocds/{OCID}/record.json", staff_base, f"{staff_base}/tender",
        f"{staff_base}/awards/0", f"{staff_base}/contracts/0",
        f"{staff_base}/contracts/0/implementation",
    ]  # fmt: skip
    answers = {page: client.get(page).status_code for page in pages}
    assert answers == dict.fromkeys(pages, 200)
    downloaded = client.get(f"{BASE}/ocds/{OCID}/releases.json").json
    assert downloaded["releases"] == package["releases"]


def test_the_csv_template_keeps_to_the_years_of_the_forms(client, municipality, staff, login):
    # Typed by staff like a form: the same years (it was "OverflowError: date value out of range").
    header = "identifier;title;buyer_name;procurement_method;currency;tender_start\n"
    login(staff)
    upload_refused(client, header + "LED-1;Luces;Obras;open;ARS;0001-01-01\n", "import.csv",
                   "Enter a date between the years 1900 and 2999.")  # fmt: skip


@pytest.mark.parametrize(
    "moment,zone,shown",
    [(datetime(9999, 12, 31, 23, 59, tzinfo=UTC), "Pacific/Kiritimati", datetime.max),
     (datetime(1, 1, 1, 1, tzinfo=UTC), "America/Argentina/Buenos_Aires", datetime.min),
     (datetime(2024, 3, 1, 12, tzinfo=UTC), "America/Argentina/Buenos_Aires",
      datetime(2024, 3, 1, 9))],
)  # fmt: skip
def test_in_zone_stops_at_the_ends_of_the_calendar(moment, zone, shown):
    assert in_zone(moment, ZoneInfo(zone)) == shown.replace(tzinfo=ZoneInfo(zone))
