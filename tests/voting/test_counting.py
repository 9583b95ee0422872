"""Tallies and instant-runoff rounds, on hand-checked elections."""

from __future__ import annotations

from collections import Counter

from participa.voting.counting import count_ballots, instant_runoff


def _rankings(*groups: tuple[int, tuple[int, ...]]) -> Counter[tuple[int, ...]]:
    return Counter({ranking: weight for weight, ranking in groups})


def test_majority_in_the_first_round_ends_the_count():
    rounds = instant_runoff(_rankings((6, (1, 2)), (4, (2, 1))), [1, 2])
    assert len(rounds) == 1
    assert rounds[0]["winner"] == 1 and rounds[0]["counts"] == {"1": 6, "2": 4}


def test_transfers_decide_a_three_way_race():
    # A leads on first preferences but C's voters prefer B: B wins in round 2.
    rankings = _rankings((8, (1,)), (7, (2, 1)), (5, (3, 2)))
    rounds = instant_runoff(rankings, [1, 2, 3])
    assert [r["eliminated"] for r in rounds] == [3, None]
    assert rounds[1]["counts"] == {"1": 8, "2": 12}
    assert rounds[-1]["winner"] == 2


def test_exhausted_ballots_leave_the_majority_threshold():
    # Round 2: 4 ballots rank only C and are exhausted; A has 5 of the 9 live ballots.
    rankings = _rankings((5, (1,)), (4, (2,)), (3, (3,)), (1, (3, 1)))
    rounds = instant_runoff(rankings, [1, 2, 3])
    assert rounds[1]["exhausted"] == 3
    assert rounds[1]["counts"] == {"1": 6, "2": 4}
    assert rounds[1]["winner"] == 1


def test_a_tie_for_last_looks_at_earlier_rounds_then_the_ballot_order():
    # B and C tie in round 2; C had fewer votes in round 1, so C goes.
    rankings = _rankings((5, (1,)), (3, (2,)), (2, (3,)), (1, (4, 3)), (4, (5, 2)))
    rounds = instant_runoff(rankings, [1, 2, 3, 4, 5])
    assert rounds[0]["eliminated"] == 4
    assert rounds[1]["counts"]["3"] == rounds[1]["counts"]["2"] == 3
    assert rounds[1]["eliminated"] == 3
    # With no earlier difference the option listed last goes.
    tie = instant_runoff(_rankings((2, (1,)), (2, (2,)), (2, (3,))), [1, 2, 3])
    assert tie[0]["eliminated"] == 3


def test_count_ballots_tallies_every_kind_and_blanks():
    questions = [(10, "single", [1, 2]), (20, "approval", [3, 4, 5]), (30, "ranked", [6, 7])]
    ballots = [
        {"10": [1], "20": [3, 4], "30": [6, 7]},
        {"10": [2], "20": [4], "30": [7]},
        {"10": [1], "20": [], "30": [7, 6]},
    ]
    counted = count_ballots(iter(ballots), questions)
    assert counted["ballots"] == 3
    assert counted["questions"]["10"]["counts"] == {"1": 2, "2": 1}
    assert counted["questions"]["20"] == {
        "counts": {"3": 1, "4": 2, "5": 0}, "blank": 1, "rounds": [], "winner": None,
    }  # fmt: skip
    assert counted["questions"]["30"]["winner"] == 7
    assert counted["questions"]["30"]["counts"] == {"6": 1, "7": 2}


def test_no_ballots_no_winner():
    counted = count_ballots(iter([]), [(1, "ranked", [1, 2])])
    assert counted["questions"]["1"]["winner"] is None
