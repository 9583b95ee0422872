"""Results of a questionnaire: counts per question, charts with their tables, and downloads.

Privacy choices, for every page and download built here:

* Nothing names or numbers a respondent: no user id, no response id, no time of answering.
* Profile questions (age band, gender, neighbourhood) are only ever counted; a group of fewer
  than :data:`SMALLEST_GROUP` people is shown as "fewer than 5", and when only one group of a
  question is hidden the next smallest is hidden too, so the total cannot give it back.
  No table crosses a profile question with another question.
* The anonymised answers download has one row per answer, not per respondent, sorted by
  question and answer (never in the order people answered): rows cannot be joined back into
  one person's response, so an answer is never linkable to a profile. Profile questions and
  text answers that staff hid are left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from participa.core.charts import bar_chart, stacked_bar
from participa.extensions import db
from participa.questionnaires.models import (
    Kind,
    Questionnaire,
    QuestionnaireAnswer,
    QuestionnaireQuestion,
    QuestionnaireResponse,
)

SMALLEST_GROUP = 5


@dataclass
class TextAnswer:
    id: int
    text: str
    hidden: bool


@dataclass
class QuestionResult:
    question: QuestionnaireQuestion
    answered: int = 0
    # single, multiple and profile: people per answer (None: a small group, hidden)
    counts: list[int | None] = field(default_factory=list)
    # ranking: times ranked first, and the sum of places (for the average place)
    firsts: list[int] = field(default_factory=list)
    places: list[list[int]] = field(default_factory=list)
    # grid: people per (row, column)
    grid: list[list[int]] = field(default_factory=list)
    texts: list[TextAnswer] = field(default_factory=list)

    @property
    def suppressed(self) -> bool:
        return any(c is None for c in self.counts)

    def mean_place(self, position: int) -> float | None:
        places = self.places[position] if self.places else []
        return sum(places) / len(places) if places else None


@dataclass
class Results:
    questionnaire: Questionnaire
    responses: int
    questions: list[QuestionResult]


def suppress(counts: list[int]) -> list[int | None]:
    """Hide groups smaller than SMALLEST_GROUP (0 stays: it shows nobody), and a second group
    when one alone would be hidden, so the answered total cannot reveal it."""
    shown: list[int | None] = [None if 0 < c < SMALLEST_GROUP else c for c in counts]
    hidden = [i for i, c in enumerate(shown) if c is None]
    if len(hidden) == 1:
        others = [(c, i) for i, c in enumerate(counts) if i not in hidden and c > 0]
        if others:
            shown[min(others)[1]] = None
    return shown


def results(questionnaire: Questionnaire, *, include_hidden: bool = False) -> Results:
    """Every question's counts, from one query of the questionnaire's answers."""
    rows = db.session.execute(
        select(
            QuestionnaireAnswer.id,
            QuestionnaireAnswer.question_id,
            QuestionnaireAnswer.value,
            QuestionnaireAnswer.text,
            QuestionnaireAnswer.hidden_at,
        )
        .join(QuestionnaireResponse, QuestionnaireResponse.id == QuestionnaireAnswer.response_id)
        .where(QuestionnaireResponse.questionnaire_id == questionnaire.id)
    ).all()
    by_question: dict[int, QuestionResult] = {}
    for q in questionnaire.questions:
        n = len(q.choices)
        by_question[q.id] = QuestionResult(
            question=q,
            counts=[0] * n,
            firsts=[0] * n if q.kind == Kind.RANKING else [],
            places=[[] for _ in range(n)] if q.kind == Kind.RANKING else [],
            grid=[[0] * n for _ in q.rows] if q.kind == Kind.GRID else [],
        )
    for answer_id, question_id, value, typed, hidden_at in rows:
        result = by_question.get(question_id)
        if result is None:
            continue
        _count(result, answer_id, value, typed, hidden_at is not None, include_hidden)
    for result in by_question.values():
        if result.question.profile:
            result.counts = suppress([c or 0 for c in result.counts])
        result.texts.sort(key=lambda t: t.text.casefold())
    return Results(
        questionnaire=questionnaire,
        responses=questionnaire.responses_count,
        questions=[by_question[q.id] for q in questionnaire.questions],
    )


def _count(result: QuestionResult, answer_id: int, value: Any, typed: str | None, hidden: bool,
           include_hidden: bool) -> None:  # fmt: skip
    question = result.question
    n = len(question.choices)
    if question.is_text:
        if typed and (include_hidden or not hidden):
            result.texts.append(TextAnswer(answer_id, typed, hidden))
            result.answered += 1
        return
    result.answered += 1
    positions = value if isinstance(value, list) else []
    if question.kind in (Kind.SINGLE, Kind.MULTIPLE):
        for p in positions:
            if isinstance(p, int) and 0 <= p < n:
                result.counts[p] = (result.counts[p] or 0) + 1
    elif question.kind == Kind.RANKING:
        for place, p in enumerate(positions, start=1):
            if isinstance(p, int) and 0 <= p < n:
                result.places[p].append(place)
                if place == 1:
                    result.firsts[p] += 1
    elif question.kind == Kind.GRID:
        for row, p in enumerate(positions[: len(question.rows)]):
            if isinstance(p, int) and 0 <= p < n:
                result.grid[row][p] += 1


# Pages ------------------------------------------------------------------------------------------


@dataclass
class QuestionView:
    result: QuestionResult
    chart: Markup | None
    caption: str
    headers: list[str]
    rows: list[list[Any]]


def _share(part: int, whole: int) -> str:
    return str(format_percent(part / whole if whole else 0, "#,##0.0%"))


def _few() -> str:
    return str(_("fewer than %(num)s", num=SMALLEST_GROUP))


def _place(value: float | None) -> str:
    return str(format_decimal(round(value, 2))) if value is not None else "—"


def present(res: Results) -> list[QuestionView]:
    """A chart and its table for each question (text answers are listed by the template)."""
    views = []
    for r in res.questions:
        q = r.question
        if q.is_text:
            views.append(QuestionView(r, None, "", [], []))
        elif q.kind == Kind.RANKING:
            n = len(q.choices)
            points = [sum(n + 1 - p for p in r.places[i]) for i in range(n)]
            chart = bar_chart(
                list(zip(q.choices, points, strict=True)),
                title=q.title,
                description=_("Points per answer: a first place earns as many points as there "
                              "are answers, the last place one."),
            )  # fmt: skip
            rows = [
                [c, format_decimal(r.firsts[i]), _place(r.mean_place(i)),
                 format_decimal(points[i])]
                for i, c in enumerate(q.choices)
            ]  # fmt: skip
            views.append(QuestionView(
                r, chart, _("Ranking of the answers"),
                [_("Answer"), _("Ranked first"), _("Average place"), _("Points")], rows,
            ))  # fmt: skip
        elif q.kind == Kind.GRID:
            chart = Markup("").join(
                stacked_bar(list(zip(q.choices, r.grid[i], strict=True)), title=row,
                            description=_("Answers for this row; the table has the figures."))
                for i, row in enumerate(q.rows)
            )  # fmt: skip
            rows = [[row, *(format_decimal(c) for c in r.grid[i])] for i, row in enumerate(q.rows)]
            views.append(QuestionView(r, chart, _("Answers per row"), [_("Row"), *q.choices], rows))
        else:
            shown = [(c, n) for c, n in zip(q.choices, r.counts, strict=True) if n is not None]
            description = _("People per answer; the table beside the chart has the same figures.")
            if r.suppressed:
                description += " " + _("Groups of fewer than %(num)s people are not shown.",
                                       num=SMALLEST_GROUP)  # fmt: skip
            chart = bar_chart(shown, title=q.title, description=description)
            rows = [
                [c, format_decimal(n) if n is not None else _few(),
                 _share(n, r.answered) if n is not None else "—"]
                for c, n in zip(q.choices, r.counts, strict=True)
            ]  # fmt: skip
            views.append(QuestionView(
                r, chart, _("People per answer"), [_("Answer"), _("People"), _("Share")], rows
            ))  # fmt: skip
    return views


# Downloads --------------------------------------------------------------------------------------

CSV_HEADER = ["question_id", "question", "kind", "profile", "row", "answer", "count",
              "suppressed", "average_place"]  # fmt: skip
ANSWERS_HEADER = ["question_id", "question", "kind", "answer"]


def csv_lines(res: Results) -> Iterator[list[Any]]:
    """Aggregated counts, one line per answer (per row and answer for grids); no text answers."""
    for r in res.questions:
        q = r.question
        base = [q.id, q.title, q.kind, q.profile or ""]
        if q.kind == Kind.GRID:
            for i, row in enumerate(q.rows):
                for j, choice in enumerate(q.choices):
                    yield [*base, row, choice, r.grid[i][j], "", ""]
        elif q.kind == Kind.RANKING:
            for i, choice in enumerate(q.choices):
                mean = r.mean_place(i)
                yield [*base, "", choice, r.firsts[i], "", round(mean, 3) if mean else ""]
        elif not q.is_text:
            for choice, n in zip(q.choices, r.counts, strict=True):
                yield [*base, "", choice, "" if n is None else n,
                       "true" if n is None else "", ""]  # fmt: skip


def as_json(res: Results) -> dict[str, Any]:
    """The aggregated results as a JSON document (no text answers, no respondent)."""
    questions = []
    for r in res.questions:
        q = r.question
        item: dict[str, Any] = {"id": q.id, "question": q.title, "kind": q.kind,
                                "profile": q.profile, "answered": r.answered}  # fmt: skip
        if q.kind == Kind.GRID:
            item["rows"] = [
                {"row": row, "answers": [{"answer": c, "count": r.grid[i][j]}
                                         for j, c in enumerate(q.choices)]}
                for i, row in enumerate(q.rows)
            ]  # fmt: skip
        elif q.kind == Kind.RANKING:
            item["answers"] = [
                {"answer": c, "ranked_first": r.firsts[i], "average_place": r.mean_place(i)}
                for i, c in enumerate(q.choices)
            ]
        elif not q.is_text:
            item["answers"] = [
                {"answer": c, "count": n, "suppressed": n is None}
                for c, n in zip(q.choices, r.counts, strict=True)
            ]
            if r.suppressed:
                item["answered"] = None  # with a hidden group, the total would give it back
        questions.append(item)
    qn = res.questionnaire
    return {
        "questionnaire": {"id": qn.id, "title": qn.title, "consultation_id": qn.consultation_id,
                          "responses": res.responses},
        "smallest_group_shown": SMALLEST_GROUP,
        "questions": questions,
    }  # fmt: skip


def anonymised_answers(questionnaire: Questionnaire) -> list[list[Any]]:
    """One row per answer of the non-profile questions, sorted, with no respondent link."""
    questions = {q.id: q for q in questionnaire.questions if not q.profile}
    rows = db.session.execute(
        select(QuestionnaireAnswer.question_id, QuestionnaireAnswer.value, QuestionnaireAnswer.text)
        .join(QuestionnaireResponse, QuestionnaireResponse.id == QuestionnaireAnswer.response_id)
        .where(
            QuestionnaireResponse.questionnaire_id == questionnaire.id,
            QuestionnaireAnswer.question_id.in_(list(questions) or [0]),
            QuestionnaireAnswer.hidden_at.is_(None),
        )
    ).all()
    lines = []
    for question_id, value, typed in rows:
        q = questions[question_id]
        lines.append((q.position, q.id, answer_text(q, value, typed)))
    lines.sort()
    return [[qid, questions[qid].title, questions[qid].kind, text] for _, qid, text in lines]


def _label(labels: list[str], position: Any) -> str:
    return labels[position] if isinstance(position, int) and 0 <= position < len(labels) else ""


def answer_text(q: QuestionnaireQuestion, value: Any, typed: str | None) -> str:
    if q.is_text:
        return typed or ""
    positions = value if isinstance(value, list) else []
    if q.kind == Kind.RANKING:
        return " > ".join(_label(q.choices, p) for p in positions)
    if q.kind == Kind.GRID:
        return "; ".join(
            f"{row}: {_label(q.choices, p)}" for row, p in zip(q.rows, positions, strict=False)
            if p is not None
        )  # fmt: skip
    return " | ".join(_label(q.choices, p) for p in positions)
