"""Procurement processes have a place (address, district, coordinates), set by staff on the
process form without a new release, shown on the public page and filtered on in the list."""

from __future__ import annotations

from sqlalchemy import select

from participa.contracting.models import ProcurementProcess, Release
from participa.core.models import AuditEntry
from participa.extensions import db
from tests.contracting.conftest import make_process
from tests.places.helpers import make_district
from tests.rows import count_rows

BASE = "/m/villa-norte/contracting"


def test_staff_set_the_place_and_the_list_filters_bymake_district(
    client, login, municipality, other_municipality, staff, buyer
):
    centro, norte = make_district(municipality), make_district(municipality, "Norte")
    foreign = make_district(other_municipality, "Ajeno")
    process = make_process(municipality, staff, buyer, title="Bacheo centro")
    make_process(municipality, staff, buyer, title="Luminarias norte")
    releases = count_rows(Release)
    login(staff)
    url = f"{BASE}/staff/processes/{process.id}/edit"
    data = {"title": "Bacheo centro", "buyer_id": str(buyer.id), "location_text": "Av. Alem",
            "district_id": str(centro.id), "latitude": "-38.71", "longitude": "-62.26"}  # fmt: skip
    assert client.post(url, data={**data, "latitude": "100"}).status_code == 422
    refused = client.post(url, data={**data, "district_id": str(foreign.id)})
    assert refused.status_code == 422
    assert client.post(url, data=data).status_code == 302
    db.session.expire_all()
    saved = db.session.get(ProcurementProcess, process.id)
    assert (saved.location_text, saved.district_id, saved.latitude) == (
        "Av. Alem",
        centro.id,
        -38.71,
    )
    # Not OCDS data: the place alone publishes no release, but it is audited.
    assert count_rows(Release) == releases
    assert db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "contracting.set_place")
    ).one()
    detail = client.get(f"{BASE}/processes/{process.id}").text
    assert "District: Centro" in detail and "-38.71000, -62.26000" in detail
    page = client.get(f"{BASE}/?district={centro.id}").text
    assert "Bacheo centro" in page and "Luminarias norte" not in page
    assert "Bacheo centro" not in client.get(f"{BASE}/?district={norte.id}").text
