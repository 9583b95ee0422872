"""Results: counts per question type, small profile groups suppressed, downloads that carry
no respondent, and a constant number of queries however many people answered."""

from __future__ import annotations

import csv
import io
import json

from participa.questionnaires import results
from participa.questionnaires.results import suppress
from tests import factories
from tests.questionnaires.helpers import (
    AGE,
    GRID,
    LONG,
    MULTIPLE,
    RANKING,
    SINGLE,
    answer,
    make_questionnaire,
)

M = "/m/villa-norte/questionnaires"


def test_suppression_hides_small_groups_and_a_second_when_one_alone_would_show():
    assert suppress([10, 7, 0]) == [10, 7, 0]
    assert suppress([10, 3, 0, 6]) == [10, None, 0, None]  # 3 hidden, then the smallest other
    assert suppress([2, 3, 9]) == [None, None, 9]
    assert suppress([4]) == [None]
    assert suppress([0, 0]) == [0, 0]


def _closed_with_answers(municipality, rows, questions):
    questionnaire = make_questionnaire(municipality, questions=questions, results_public=True)
    for values in rows:
        answer(questionnaire, factories.UserFactory(), *values)
    return questionnaire


def test_counts_for_each_question_type(app, municipality):
    questionnaire = _closed_with_answers(
        municipality,
        [([0], [0, 1], [2, 0], [1, 0], "Uno"), ([0], [1], [0], [1, None], None),
         ([2], [], [2, 1, 0], [0, 1], "Dos")],
        (SINGLE, MULTIPLE, RANKING, GRID, LONG),
    )  # fmt: skip
    with app.test_request_context():
        res = results.results(questionnaire)
    single, multiple, ranking, grid, text = res.questions
    assert (single.counts, single.answered) == ([2, 0, 1], 3)
    assert (multiple.counts, multiple.answered) == ([1, 2, 0], 2)
    assert ranking.firsts == [1, 0, 2] and ranking.mean_place(0) == (2 + 1 + 3) / 3
    assert grid.grid == [[1, 2], [1, 1]]
    assert [t.text for t in text.texts] == ["Dos", "Uno"]


def test_profile_groups_under_five_are_never_shown(app, municipality, client):
    rows = [([0], [1]) for _ in range(6)] + [([1], [2]) for _ in range(2)]
    questionnaire = _closed_with_answers(municipality, rows, (SINGLE, AGE))
    with app.test_request_context():
        res = results.results(questionnaire)
    age = res.questions[1]
    # 6 aged 18-29 shown; 2 aged 30-44 hidden, so 18-29 is hidden too (8 answered in all).
    assert age.counts == [0, None, None, 0, 0]
    page = client.get(f"{M}/{questionnaire.id}/results")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "fewer than 5" in body
    data = json.loads(client.get(f"{M}/{questionnaire.id}/results.json").get_data(as_text=True))
    profile = data["questions"][1]
    assert [a["count"] for a in profile["answers"]] == [0, None, None, 0, 0]
    assert profile["answered"] is None
    lines = list(csv.DictReader(io.StringIO(
        client.get(f"{M}/{questionnaire.id}/results.csv").get_data(as_text=True).lstrip("\ufeff")
    )))  # fmt: skip
    assert {(r["answer"], r["count"], r["suppressed"]) for r in lines if r["profile"]} == {
        ("Under 18", "0", ""), ("18 to 29", "", "true"), ("30 to 44", "", "true"),
        ("45 to 64", "0", ""), ("65 or over", "0", ""),
    }  # fmt: skip


def test_downloads_carry_no_respondent_and_no_profile_link(app, municipality, client, staff):
    people = [factories.UserFactory(display_name=f"Persona {n}") for n in range(3)]
    questionnaire = make_questionnaire(
        municipality, questions=(SINGLE, LONG, AGE), results_public=True, staff=staff
    )
    for n, person in enumerate(people):
        answer(questionnaire, person, [n], f"Texto {2 - n}", [n])
    answers = client.get(f"{M}/{questionnaire.id}/answers.csv")
    assert answers.status_code == 200
    text = answers.get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["question_id", "question", "kind", "answer"]
    # One row per answer, sorted: no response id, nothing of the profile question.
    assert [r[3] for r in rows[1:]] == ["A veces", "No", "Sí", "Texto 0", "Texto 1", "Texto 2"]
    everything = text + client.get(f"{M}/{questionnaire.id}/results.csv").get_data(as_text=True)
    everything += client.get(f"{M}/{questionnaire.id}/results.json").get_data(as_text=True)
    for person in people:
        assert person.display_name not in everything and person.email not in everything
    assert "user_id" not in everything and "response_id" not in everything
    assert "Edad" not in text


def test_hidden_text_answers_leave_the_public_results(app, municipality, client, login, staff):
    questionnaire = make_questionnaire(
        municipality, questions=(LONG,), results_public=True, staff=staff
    )
    answer(questionnaire, factories.UserFactory(), "Un insulto")
    answer(questionnaire, factories.UserFactory(), "Una idea")
    path = f"{M}/{questionnaire.id}/results"
    with app.test_request_context():
        res = results.results(questionnaire)
    insult = next(t for t in res.questions[0].texts if t.text == "Un insulto")
    staff_client = login(staff, on=app.test_client())
    hide = staff_client.post(f"{M}/{questionnaire.id}/answers/{insult.id}/visibility",
                             data={"hide": "1"})  # fmt: skip
    assert hide.status_code == 302
    assert "Un insulto" in staff_client.get(path).get_data(as_text=True)  # staff still see it
    public = client.get(path).get_data(as_text=True)
    assert "Un insulto" not in public and "Una idea" in public
    assert "Un insulto" not in client.get(f"{M}/{questionnaire.id}/answers.csv").get_data(
        as_text=True
    )


def test_results_wait_for_the_close_unless_staff_show_them(app, municipality, client, login):
    hidden = make_questionnaire(municipality)
    closed = make_questionnaire(municipality, open_now=False)
    assert client.get(f"{M}/{hidden.id}/results").status_code == 404
    assert client.get(f"{M}/{hidden.id}/answers.csv").status_code == 404
    assert client.get(f"{M}/{closed.id}/results").status_code == 200


def test_results_take_the_same_queries_for_3_or_30_respondents(
    app, municipality, client, count_queries
):
    questions = (SINGLE, MULTIPLE, RANKING, GRID, LONG, AGE)
    small = _closed_with_answers(municipality, [([0], [1], [0], [0, 1], "a", [1])] * 3, questions)
    big = _closed_with_answers(municipality, [([1], [0], [1], [1, 0], "b", [2])] * 30, questions)
    counts = []
    for questionnaire in (small, big):
        with count_queries() as counter:
            assert client.get(f"{M}/{questionnaire.id}/results").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]
    assert counts[1] <= 12, counts
