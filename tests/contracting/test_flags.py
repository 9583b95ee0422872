"""Each red flag with a case that raises it and one that does not (pure functions)."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from participa.contracting import flags

SETTINGS = SimpleNamespace(
    short_tender_days=15, non_competitive_threshold=1_000_000, award_over_estimate_percent=20,
    amendment_increase_percent=20, new_supplier_days=30, publication_delay_days=10,
)  # fmt: skip


def tender(method="open", start="2024-03-01T09:00:00-03:00", end="2024-03-25T09:00:00-03:00",
           amount=1_000_000, **extra):  # fmt: skip
    return {"id": "t", "procurementMethod": method, "value": {"amount": amount, "currency": "ARS"},
            "tenderPeriod": {"startDate": start, "endDate": end}, **extra}  # fmt: skip


def award(amount=1_000_000, date="2024-03-28T00:00:00-03:00", supplier="AR-CUIT-1"):
    return {"id": "a1", "status": "active", "date": date,
            "value": {"amount": amount, "currency": "ARS"},
            "suppliers": [{"id": supplier, "name": "Proveedor"}]}  # fmt: skip


def contract(amount=1_000_000, signed="2024-03-29T00:00:00-03:00", award_id="a1"):
    return {"id": "c1", "awardID": award_id, "dateSigned": signed,
            "value": {"amount": amount, "currency": "ARS"}}  # fmt: skip


def codes(found):
    return [f.code for f in found]


def test_single_bidder():
    one = {"tender": tender(numberOfTenderers=1)}
    assert codes(flags.single_bidder(one, SETTINGS)) == ["single_bidder"]
    assert flags.single_bidder({"tender": tender(numberOfTenderers=3)}, SETTINGS) == []
    assert flags.single_bidder({"tender": tender("direct", numberOfTenderers=1)}, SETTINGS) == []


def test_short_tender_period():
    short = {"tender": tender(end="2024-03-08T09:00:00-03:00")}
    found = flags.short_tender_period(short, SETTINGS)
    assert codes(found) == ["short_tender_period"] and found[0].evidence["days"] == 7.0
    assert "7.0 days" in found[0].explanation
    assert flags.short_tender_period({"tender": tender()}, SETTINGS) == []


def test_non_competitive_above_threshold():
    big = {"tender": tender("direct", amount=5_000_000)}
    assert codes(flags.non_competitive_above_threshold(big, SETTINGS)) == [
        "non_competitive_above_threshold"]  # fmt: skip
    small = {"tender": tender("direct", amount=500_000)}
    assert flags.non_competitive_above_threshold(small, SETTINGS) == []
    no_threshold = SimpleNamespace(**{**vars(SETTINGS), "non_competitive_threshold": None})
    assert flags.non_competitive_above_threshold(big, no_threshold) == []


def test_award_above_estimate():
    high = {"tender": tender(amount=1_000_000), "awards": [award(1_500_000)]}
    assert codes(flags.award_above_estimate(high, SETTINGS)) == ["award_above_estimate"]
    fair = {"tender": tender(amount=1_000_000), "awards": [award(1_100_000)]}
    assert flags.award_above_estimate(fair, SETTINGS) == []


def test_amendment_increase():
    releases = [{"date": "2024-03-29T00:00:00-03:00", "contracts": [contract(1_000_000)]}]
    raised = {"contracts": [contract(1_300_000)]}
    found = flags.amendment_increase(raised, releases, SETTINGS)
    assert codes(found) == ["amendment_increase"]
    assert found[0].evidence["contracts[c1].original"] == 1_000_000
    assert flags.amendment_increase({"contracts": [contract(1_150_000)]}, releases, SETTINGS) == []


def test_new_supplier():
    compiled = {"tender": tender(), "awards": [award()]}
    fresh = {"AR-CUIT-1": datetime(2024, 2, 20, tzinfo=UTC)}
    assert codes(flags.new_supplier(compiled, SETTINGS, fresh)) == ["new_supplier"]
    known = {"AR-CUIT-1": datetime(2021, 5, 1, tzinfo=UTC)}
    assert flags.new_supplier(compiled, SETTINGS, known) == []
    # First seen after the tender began (its first award is this one): not "0 days before".
    later = {"AR-CUIT-1": datetime(2024, 3, 28, 3, tzinfo=UTC)}
    assert flags.new_supplier(compiled, SETTINGS, later) == []


def test_each_flag_is_raised_once_per_process_whatever_the_number_of_awards_and_contracts():
    second_award = {**award(date="2024-03-02T00:00:00-03:00", supplier="AR-CUIT-2"), "id": "a2"}
    second_contract = {**contract(1_300_000, signed="2024-03-03T00:00:00-03:00", award_id="a2"),
                       "id": "c2"}  # fmt: skip
    compiled = {
        "tender": tender(), "awards": [award(date="2024-03-01T00:00:00-03:00"), second_award],
        "contracts": [contract(1_300_000, signed="2024-03-02T00:00:00-03:00"), second_contract],
    }  # fmt: skip
    signed = [contract(1_000_000), {**contract(1_000_000), "id": "c2"}]
    releases = [{"date": "2024-03-29T00:00:00-03:00", "awards": compiled["awards"],
                 "contracts": signed}]  # fmt: skip
    fresh = {"AR-CUIT-1": datetime(2024, 2, 20, tzinfo=UTC),
             "AR-CUIT-2": datetime(2024, 2, 25, tzinfo=UTC)}  # fmt: skip
    found = flags.evaluate(compiled, releases, SETTINGS, first_seen=fresh)
    assert len(codes(found)) == len(set(codes(found)))
    assert {"amendment_increase", "late_publication", "new_supplier"} <= set(codes(found))
    by_code = {f.code: f for f in found}
    late = by_code["late_publication"]
    assert "4 awards and contracts" in late.explanation
    assert {
        "awards[a1].days",
        "awards[a2].days",
        "contracts[c1].days",
        "contracts[c2].days",
    } <= set(late.evidence)
    assert "2 contracts" in by_code["amendment_increase"].explanation
    assert "Proveedor, Proveedor" in by_code["new_supplier"].explanation


def test_late_publication():
    compiled = {"awards": [award(date="2024-03-01T00:00:00-03:00")]}
    late = [{"date": "2024-04-15T00:00:00-03:00", "awards": [award()]}]
    assert codes(flags.late_publication(compiled, late, SETTINGS)) == ["late_publication"]
    prompt = [{"date": "2024-03-03T00:00:00-03:00", "awards": [award()]}]
    assert flags.late_publication(compiled, prompt, SETTINGS) == []


def test_missing_stage():
    orphan = {"contracts": [contract()]}
    found = flags.missing_stage(orphan, SETTINGS)
    assert codes(found) == ["missing_stage"] and found[0].evidence["missing"] == ["tender", "award"]
    complete = {"tender": tender(), "awards": [award()], "contracts": [contract()]}
    assert flags.missing_stage(complete, SETTINGS) == []


def test_evaluate_collects_everything_and_explains():
    compiled = {"tender": tender(numberOfTenderers=1, end="2024-03-05T09:00:00-03:00"),
                "awards": [award(2_000_000)]}  # fmt: skip
    found = flags.evaluate(compiled, [], SETTINGS)
    assert {"single_bidder", "short_tender_period", "award_above_estimate"} <= set(codes(found))
    assert all(f.title and f.explanation for f in found)


def test_a_process_counts_each_reason_once(process, staff, supplier):
    from datetime import date

    from participa.contracting import stages
    from participa.extensions import db

    for day in (date(2024, 1, 5), date(2024, 1, 6)):  # two awards, both published late
        stages.save_award(process, actor=staff, index=None, data={
            "status": "active", "date": day, "value_amount": 1_000, "currency": "ARS",
            "suppliers": [supplier.ocds_id]})  # fmt: skip
    db.session.commit()
    assert process.red_flags.count("late_publication") == 1
    assert process.red_flag_count == len(process.red_flags) == len(set(process.red_flags))
