"""The demo gives La Paz processes in every stage, flagged ones, and valid packages."""

from __future__ import annotations

import json

from sqlalchemy import select

from participa.cli import DEMO_PASSWORD
from participa.contracting.models import ProcessLink, ProcurementProcess
from participa.core.features import load_demo
from participa.extensions import db
from tests.contracting.conftest import assert_valid


def test_demo_processes(client):
    # Other features' demos are tested by their own tests.
    load_demo(
        DEMO_PASSWORD, ("site", "municipalities", "consultations", "proposals", "contracting")
    )
    db.session.commit()
    processes = list(db.session.scalars(select(ProcurementProcess).where(
        ProcurementProcess.ocid.like("ocds-lpzbo1-%"))))  # fmt: skip
    assert len(processes) >= 30
    assert {p.stage for p in processes} == {"planning", "tender", "award", "contract",
                                            "implementation"}  # fmt: skip
    flagged = {code for p in processes for code in p.red_flags}
    assert {"single_bidder", "short_tender_period", "non_competitive_above_threshold",
            "award_above_estimate", "amendment_increase", "new_supplier",
            "late_publication"} <= flagged  # fmt: skip
    # The statuses follow the stages: no tender stays open once awarded and contracted.
    for p in processes:
        compiled = p.compiled
        if p.stage in ("award", "contract", "implementation"):
            assert compiled["tender"]["status"] == "complete", p.ocid
            assert {a["status"] for a in compiled["awards"]} == {"active"}, p.ocid
            assert {c["status"] for c in compiled.get("contracts") or []} <= {"active"}, p.ocid
        elif p.stage == "tender":
            assert compiled["tender"]["status"] == "active", p.ocid
    # One flag per process and reason, whatever the number of awards or contracts.
    assert all(len(p.red_flags) == len(set(p.red_flags)) for p in processes)
    assert db.session.scalars(select(ProcessLink)).first() is not None
    bulk = json.loads(client.get("/m/la-paz/contracting/ocds/releases.json").data)
    assert_valid(bulk, "release-package-schema.json")
    records = json.loads(client.get("/m/la-paz/contracting/ocds/records.json").data)
    assert_valid(records, "record-package-schema.json")
    for path in ("/", "/summary", "/flags", "/suppliers/"):
        assert client.get("/m/la-paz/contracting" + path).status_code == 200
