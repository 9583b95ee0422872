"""core.results: the network dashboard gathers the installed features' results, keeps a period
and the members asked for, and survives a feature whose hook fails."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from participa.core import features
from participa.core.features import Feature, Installed
from participa.core.results import (
    Period,
    ResultCount,
    add_months,
    first_of,
    gather,
    monthly,
    months_between,
)

JAN, FEB, MAR, APR = (date(2026, m, 1) for m in (1, 2, 3, 4))


def events() -> list[ResultCount]:
    return [
        ResultCount("events_held", "Events held", 1, JAN, 2, order=20),
        ResultCount("events_held", "Events held", 1, MAR, 1, order=20),
        ResultCount("events_held", "Events held", 2, MAR, 4, order=20),
        ResultCount("events_held", "Events held", None, FEB, 3, order=20),  # the network's own
    ]


def trainings() -> list[ResultCount]:
    return [
        ResultCount("officials_trained", "Officials trained", 2, JAN, 10, order=10),
        ResultCount("officials_trained", "Officials trained", 3, APR, 5, order=10),
    ]


def broken() -> list[ResultCount]:
    raise RuntimeError("the events table is gone")


@pytest.fixture
def installed(monkeypatch):
    """Installed features with results hooks, in place of the application's."""

    def install(*hooks):
        fake = [Feature(name=f"fake{i}", results=hook) for i, hook in enumerate(hooks)]
        monkeypatch.setattr(features, "installed", Installed(features=[Feature("plain"), *fake]))

    return install


def test_adds_up_per_month_and_member_in_the_measures_order(installed):
    installed(events, trainings)
    results = gather(Period(JAN, APR))
    assert [m.code for m in results.measures] == ["officials_trained", "events_held"]
    assert results.months == [JAN, FEB, MAR, APR]
    trained, held = results.measures
    assert held.total == 10 and trained.total == 15
    assert held.by_month == {JAN: 2, FEB: 3, MAR: 5, APR: 0}
    assert held.by_member == {1: 3, 2: 4, None: 3}
    assert held.cells == {(1, JAN): 2, (1, MAR): 1, (2, MAR): 4, (None, FEB): 3}
    assert results.of(2) == {"officials_trained": 10, "events_held": 4}
    assert results.of(None) == {"officials_trained": 0, "events_held": 3}
    assert results.failed == []


def test_keeps_the_period_and_the_members_asked_for(installed):
    installed(events, trainings)
    results = gather(Period(FEB, MAR), members={1}, network=False)
    trained, held = results.measures
    # A measure with nothing in the period is still shown, at zero.
    assert trained.total == 0 and trained.by_month == {FEB: 0, MAR: 0}
    assert held.by_member == {1: 1} and held.total == 1
    assert results.months == [FEB, MAR]
    # Members not asked for and the network's own count are left out.
    assert gather(Period(), members=set(), network=True).measures[1].by_member == {None: 3}


def test_an_open_period_runs_from_the_first_month_counted_to_this_month(installed):
    installed(events)
    results = gather(Period(), today=date(2026, 5, 17))
    assert results.months == [JAN, FEB, MAR, APR, date(2026, 5, 1)]
    assert gather(Period(last=FEB), today=date(2026, 5, 17)).months == [JAN, FEB]
    assert gather(Period(first=MAR), today=date(2026, 3, 2)).measures[0].total == 5


def test_nothing_counted_gives_no_measure_and_one_month(installed):
    installed()
    results = gather(Period(), today=date(2026, 5, 17))
    assert results.measures == [] and results.months == [date(2026, 5, 1)]


def test_a_failing_hook_is_logged_and_left_out(installed, caplog):
    installed(events, broken, trainings)
    with caplog.at_level(logging.ERROR, logger="participa.core.results"):
        results = gather(Period(JAN, APR))
    assert [m.code for m in results.measures] == ["officials_trained", "events_held"]
    assert results.failed == ["fake1"]
    assert "results of feature fake1 failed" in caplog.text


def test_months():
    assert add_months(date(2025, 11, 1), 3) == date(2026, 2, 1)
    assert add_months(date(2026, 1, 1), -1) == date(2025, 12, 1)
    assert add_months(date(2026, 1, 1), -13) == date(2024, 12, 1)
    assert months_between(date(2025, 12, 15), date(2026, 2, 1)) == [
        date(2025, 12, 1), JAN, date(2026, 2, 1)
    ]  # fmt: skip
    assert months_between(MAR, FEB) == []
    assert first_of("2026-03") == MAR
    assert JAN in Period(JAN, JAN) and FEB not in Period(JAN, JAN) and "x" not in Period()


def test_monthly_reads_grouped_rows():
    found = monthly([(1, "2026-03", 2), (None, "2026-01", 1), (2, None, 4), (3, "2026-02", 0)],
                    "m", "M", order=5)  # fmt: skip
    assert found == [ResultCount("m", "M", 1, MAR, 2, 5), ResultCount("m", "M", None, JAN, 1, 5)]
