"""The measures consultations and indicators contribute to the results dashboard, counted by
one GROUP BY query each, per member and month of publication (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from participa.consultations.results import results as consultations_results
from participa.core.results import ResultCount
from participa.indicators.results import results as indicator_results
from tests.results.helpers import held, validated


def counts(found: list[ResultCount]) -> dict[tuple[int | None, date], int]:
    return {(r.municipality_id, r.month): r.count for r in found}


def measured(
    count_queries, results: Callable[[], list[ResultCount]], measure: str, label: str
) -> dict[tuple[int | None, date], int]:
    """The counts a provider gives, after checking it takes one query and names its measure."""
    with count_queries() as counter:
        found = results()
    assert counter.count == 1
    assert {r.measure for r in found} == {measure}
    assert str(found[0].label) == label
    return counts(found)


def test_consultations_held_per_member_and_month(municipality, other_municipality,
                                                 count_queries):  # fmt: skip
    held(municipality, datetime(2026, 1, 31, 23, 59), datetime(2026, 1, 2), datetime(2026, 3, 1))
    held(other_municipality, datetime(2025, 12, 1))
    held(other_municipality, datetime(2026, 2, 1), status="archived")  # held, then archived
    held(municipality, datetime(2026, 2, 1), status="draft")  # never held
    found = measured(count_queries, consultations_results, "consultations_held",
                     "Consultations held")  # fmt: skip
    assert found == {
        (municipality.id, date(2026, 1, 1)): 2,
        (municipality.id, date(2026, 3, 1)): 1,
        (other_municipality.id, date(2025, 12, 1)): 1,
        (other_municipality.id, date(2026, 2, 1)): 1,
    }


def test_self_assessments_published_per_member_and_month(municipality, other_municipality,
                                                         count_queries):  # fmt: skip
    validated(municipality, datetime(2026, 4, 10), datetime(2026, 4, 20))
    validated(other_municipality, datetime(2026, 5, 1))
    validated(other_municipality, datetime(2026, 5, 1), status="submitted")  # not published
    found = measured(count_queries, indicator_results, "assessments_published",
                     "Self-assessments published")  # fmt: skip
    assert found == {
        (municipality.id, date(2026, 4, 1)): 2,
        (other_municipality.id, date(2026, 5, 1)): 1,
    }


def test_drafts_opened_to_comment_per_member_and_month(municipality, count_queries):
    from participa.extensions import db
    from participa.legislation.models import Draft
    from participa.legislation.results import results as legislation_results

    for status, at in (("published", datetime(2026, 2, 3)), ("closed", datetime(2026, 2, 20)),
                       ("draft", None), ("closed", None)):  # fmt: skip
        db.session.add(Draft(municipality_id=municipality.id, title="Ley", status=status,
                             published_at=at))  # fmt: skip
    db.session.commit()
    found = measured(count_queries, legislation_results, "drafts_opened",
                     "Drafts opened to comment")  # fmt: skip
    assert found == {(municipality.id, date(2026, 2, 1)): 2}
