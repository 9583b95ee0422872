"""The OCDS status fields follow the stages: an awarded tender is complete, and so on."""

from __future__ import annotations

from datetime import date

import pytest

from participa.contracting import ocds, stages
from participa.core.errors import DomainError
from participa.extensions import db
from tests.contracting.conftest import award_and_contract


def _statuses(compiled: dict) -> tuple:
    return (
        compiled["tender"].get("status"),
        [a.get("status") for a in compiled.get("awards") or []],
        [c.get("status") for c in compiled.get("contracts") or []],
    )


def test_an_award_in_force_completes_the_tender(process, staff, supplier):
    assert process.status == "active"
    award_and_contract(process, staff, supplier)
    assert _statuses(process.compiled) == ("complete", ["active"], ["active"])
    assert process.status == "complete" and process.data["tender"]["status"] == "complete"


def test_a_pending_award_leaves_the_tender_active(process, staff, supplier):
    stages.save_award(process, actor=staff, index=None, data={
        "status": "pending", "date": date(2024, 3, 28), "value_amount": 9_000_000,
        "currency": "ARS", "suppliers": [supplier.ocds_id]})  # fmt: skip
    db.session.commit()
    assert _statuses(process.compiled) == ("active", ["pending"], [])


def test_a_signed_contract_puts_its_award_in_force(process, staff, supplier):
    stages.save_award(process, actor=staff, index=None, data={
        "status": "pending", "date": date(2024, 3, 28), "value_amount": 9_000_000,
        "currency": "ARS", "suppliers": [supplier.ocds_id]})  # fmt: skip
    stages.save_contract(process, actor=staff, index=None, data={
        "award_id": process.data["awards"][0]["id"], "status": "active",
        "value_amount": 9_000_000, "currency": "ARS",
        "date_signed": date(2024, 3, 29)})  # fmt: skip
    db.session.commit()
    assert _statuses(process.compiled) == ("complete", ["active"], ["active"])


def test_payments_put_a_pending_contract_in_force(process, staff, supplier):
    award_and_contract(process, staff, supplier)
    contract = process.data["contracts"][0]
    stages.save_contract(process, actor=staff, index=0, data={
        "award_id": contract["awardID"], "status": "pending", "value_amount": 9_500_000,
        "currency": "ARS"})  # fmt: skip
    assert process.data["contracts"][0]["status"] == "pending"
    stages.save_implementation(process, actor=staff, index=0, data={
        "transactions": [{"date": date(2024, 5, 1), "amount": 1_000,
                          "payee_id": supplier.ocds_id}]})  # fmt: skip
    db.session.commit()
    assert process.compiled["contracts"][0]["status"] == "active"


def test_a_contract_in_force_cannot_keep_a_cancelled_award(process, staff, supplier):
    award_and_contract(process, staff, supplier)
    with pytest.raises(DomainError) as caught:
        stages.save_award(process, actor=staff, index=0, data={
            "status": "cancelled", "date": date(2024, 3, 28), "value_amount": 9_500_000,
            "currency": "ARS", "suppliers": [supplier.ocds_id]})  # fmt: skip
    assert caught.value.status == 422
    db.session.rollback()


def test_align_statuses_moves_only_lagging_statuses_forward():
    state = {"tender": {"id": "t", "status": "cancelled"},
             "awards": [{"id": "a", "status": "active"}]}  # fmt: skip
    ocds.align_statuses(state)
    assert state["tender"]["status"] == "cancelled"
    state = {"tender": {"id": "t"}, "awards": [{"id": "a"}],
             "contracts": [{"id": "c", "awardID": "a", "status": "terminated"}]}  # fmt: skip
    ocds.align_statuses(state)
    assert (state["tender"]["status"], state["awards"][0]["status"]) == ("complete", "active")
