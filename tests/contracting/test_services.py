"""Publishing: releases built from the working state, tags, validation, append-only history."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from participa.contracting import ocds, services, stages
from participa.contracting.models import AppendOnlyError, Release
from participa.contracting.services import InvalidRelease
from participa.contracting.validation import release_errors
from participa.core.models import AuditEntry
from participa.extensions import db
from tests.contracting.conftest import PREFIX, TENDER, award_and_contract, make_process
from tests.rows import count_rows

RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


def test_draft_publishes_nothing_until_a_stage_is_saved(municipality, staff, buyer):
    process = services.create_process(municipality, actor=staff, title="Luminarias", buyer=buyer)
    db.session.commit()
    assert process.ocid.startswith(f"{PREFIX}-")
    assert process.stage == "draft" and process.release_count == 0
    assert count_rows(Release) == 0


def test_tender_release_is_valid_clean_and_localised(process):
    release = services.releases_of(process)[0].data
    assert release_errors(release) == []
    assert release["tag"] == ["tender"] and release["initiationType"] == "tender"
    assert RFC3339.match(release["date"]) and release["date"].endswith("-03:00")
    assert release["tender"]["tenderPeriod"]["startDate"] == "2024-03-01T09:00:00-03:00"
    assert release["tender"]["value"] == {"amount": 10000000, "currency": "ARS"}
    assert isinstance(release["tender"]["items"][0]["quantity"], int)
    # Empty fields are left out; the buyer is a party with the buyer role.
    assert "enquiryPeriod" not in release["tender"] and "awardCriteria" not in release["tender"]
    buyer = release["parties"][0]
    assert buyer["id"] == "AR-CUIT-30999999991" and buyer["roles"] == ["buyer", "procuringEntity"]


def test_every_stage_appends_a_release_with_its_tags(process, staff, supplier):
    award_and_contract(process, staff, supplier)
    stages.save_implementation(process, actor=staff, index=0, data={
        "milestones": [{"title": "Obra iniciada", "status": "met", "due_date": date(2024, 4, 5)}],
        "transactions": [{"date": date(2024, 5, 1), "amount": 4_000_000,
                          "payee_id": supplier.ocds_id}]})  # fmt: skip
    stages.amend(process, actor=staff, target="contract:0", rationale="Mayor superficie",
                 new_amount=10_500_000)  # fmt: skip
    db.session.commit()
    tags = [r.tags for r in services.releases_of(process)]
    assert tags == [["tender"], ["tenderUpdate"], ["tenderUpdate", "award"], ["contract"],
                    ["implementation"], ["contractAmendment"]]  # fmt: skip
    last = services.releases_of(process)[-1].data
    amendment = last["contracts"][0]["amendments"][0]
    assert amendment["rationale"] == "Mayor superficie"
    assert amendment["releaseID"] == last["id"]
    assert amendment["amendsReleaseID"] == services.releases_of(process)[-2].release_id
    assert process.stage == "implementation"
    assert float(process.paid_amount) == 4_000_000
    payment = last["contracts"][0]["implementation"]["transactions"][0]
    assert payment["payer"]["id"] == "AR-CUIT-30999999991"
    assert {"payee", "supplier", "tenderer"} <= set(
        next(p for p in last["parties"] if p["id"] == supplier.ocds_id)["roles"]
    )


def test_an_edit_appends_a_new_release_and_leaves_the_old_one(process, staff, buyer):
    first = services.releases_of(process)[0]
    before = dict(first.data)
    stages.save_tender(process, actor=staff, data={**TENDER, "value_amount": 12_000_000},
                       procuring_entity=buyer)  # fmt: skip
    db.session.commit()
    releases = services.releases_of(process)
    assert len(releases) == 2 and releases[1].tags == ["tenderUpdate"]
    assert releases[1].release_id != first.release_id
    db.session.expire_all()
    assert db.session.get(Release, first.id).data == before
    assert process.compiled["tender"]["value"]["amount"] == 12_000_000


def test_saving_the_same_data_publishes_nothing(process, staff, buyer):
    from participa.contracting import sections

    # What the form shows is what it sends back, with the rows' hidden ids.
    data = sections.tender_to_form(process.data["tender"], tz=process.municipality.timezone,
                                   currency="ARS", title=process.title)  # fmt: skip
    assert stages.save_tender(process, actor=staff, data=data, procuring_entity=buyer) is None
    assert process.release_count == 1


def test_releases_cannot_be_updated(process):
    release = services.releases_of(process)[0]
    release.data = {**release.data, "tag": ["tenderUpdate"]}
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()


def test_an_invalid_release_is_refused_and_nothing_changes(process, staff, buyer):
    bad = {**TENDER, "documents": [{"document_type": "biddingDocuments", "title": "Pliego",
                                    "url": "pliego en mesa de entradas"}]}  # fmt: skip
    with pytest.raises(InvalidRelease) as caught:
        stages.save_tender(process, actor=staff, data=bad, procuring_entity=buyer)
    db.session.rollback()
    assert [str(e) for e in caught.value.errors] == [
        "Tender / Documents #1 / Web address: must be a full web address, such as "
        "https://example.org/file.pdf"
    ]
    assert count_rows(Release) == 1


def test_staff_actions_are_audited(process):
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"contracting.create_process", "contracting.save_tender"} <= actions


def test_compiled_release_comes_from_ocdsmerge(process, staff, supplier):
    award_and_contract(process, staff, supplier)
    compiled = process.compiled
    assert compiled["tag"] == ["compiled"]
    assert compiled["id"] == f"{process.ocid}-{services.releases_of(process)[-1].date_text}"
    assert compiled["awards"][0]["suppliers"][0]["id"] == supplier.ocds_id


def test_tags_for_cancellation_and_termination():
    old = {
        "tender": {"id": "t", "status": "active"},
        "contracts": [{"id": "c", "status": "active"}],
    }
    assert ocds.release_tags(old, {**old, "tender": {"id": "t", "status": "cancelled"}}) == [
        "tenderCancellation"]  # fmt: skip
    ended = {**old, "contracts": [{"id": "c", "status": "terminated"}]}
    assert ocds.release_tags(old, ended) == ["contractTermination"]
    assert ocds.release_tags({}, {"planning": {"rationale": "x"}}) == ["planning"]


def test_strip_empty_and_amounts():
    assert ocds.strip_empty({"a": "", "b": [], "c": {"d": None}, "e": [{}], "f": 0}) == {"f": 0}
    assert ocds.amount("9500000.00") == 9500000 and ocds.amount("12.5") == 12.5


def test_process_in_another_municipality_has_its_own_prefix(other_municipality, other_staff):
    process = services.create_process(other_municipality, actor=other_staff, title="Otra")
    assert process.ocid.startswith("ocds-othr01-")


def test_links_to_accepted_proposals_only(process, staff):
    from participa.core.errors import DomainError

    with pytest.raises(DomainError):
        services.link_process(process, actor=staff, kind="proposal", target_id=999)
    assert services.processes_linked_to("proposal", 999) == []


def test_make_process_helper_is_valid(municipality, staff, buyer):
    other = make_process(municipality, staff, buyer, title="Segundo")
    assert other.release_count == 1
