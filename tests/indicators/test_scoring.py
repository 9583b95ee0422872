"""Scores: pure functions, for partial and complete assessments."""

from __future__ import annotations

import pytest

from participa.indicators import scoring
from participa.indicators.scoring import Score


def test_complete_assessment_scores_share_of_all():
    result = scoring.score([True] * 30 + [False] * 10)
    assert result == Score(met=30, answered=40, total=40)
    assert result.share_of_total == 0.75
    assert result.share_of_answered == 0.75
    assert result.is_complete and result.percent == 75


def test_partial_assessment_counts_unanswered_as_not_met_in_the_total_only():
    result = scoring.score([True, True, False, None, None], total=40)
    assert (result.met, result.answered, result.total) == (2, 3, 40)
    assert result.share_of_answered == pytest.approx(2 / 3)
    assert result.share_of_total == pytest.approx(2 / 40)
    assert not result.is_complete


def test_nothing_answered_has_no_share_of_answered():
    result = scoring.score([None] * 10)
    assert result.share_of_answered is None
    assert result.share_of_total == 0


def test_total_smaller_than_answers_is_refused():
    with pytest.raises(ValueError):
        scoring.score([True, False], total=1)


def test_scores_by_dimension_and_overall():
    rows = [("PAR", True), ("PAR", None), ("TRA", False), ("TRA", True), ("TRA", True)]
    by_dimension = scoring.scores_by_dimension(rows)
    assert list(by_dimension) == ["PAR", "TRA"]
    assert by_dimension["PAR"] == Score(1, 1, 2)
    assert by_dimension["TRA"] == Score(2, 3, 3)
    assert scoring.overall(by_dimension) == Score(3, 4, 5)


def test_dimension_totals_include_dimensions_without_rows():
    by_dimension = scoring.scores_by_dimension([("PAR", True)], totals={"PAR": 10, "DIG": 10})
    assert by_dimension["PAR"] == Score(1, 1, 10)
    assert by_dimension["DIG"] == Score(0, 0, 10)


def test_change_and_indicator_changes():
    assert scoring.change(Score(12, 40, 40), Score(9, 40, 40)) == 3
    assert scoring.change(Score(12, 40, 40), None) is None
    gained, lost = scoring.indicator_changes(
        {"PAR-01": True, "PAR-02": False, "PAR-03": True},
        {"PAR-01": True, "PAR-02": True, "PAR-03": False},
    )
    assert gained == ["PAR-03"] and lost == ["PAR-02"]
