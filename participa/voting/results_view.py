"""Results as people read them: charts with their tables, and the CSV and JSON downloads.

No download names a person: only options, counts and shares.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from flask_babel import format_percent
from flask_babel import gettext as _
from markupsafe import Markup

from participa.core.charts import bar_chart
from participa.core.downloads import json_time
from participa.voting.models import Ballot, QuestionKind
from participa.voting.services import QuestionResult, Results

CSV_HEADER = [
    "question_id",
    "question",
    "kind",
    "option_id",
    "option",
    "proposal_id",
    "online_votes",
    "paper_votes",
    "votes",
    "share",
    "ranked_winner",
]


@dataclass
class QuestionView:
    result: QuestionResult
    chart: Markup
    rows: list[list[Any]]
    headers: list[str]
    rounds_headers: list[str]
    rounds_rows: list[list[Any]]


@dataclass
class ResultsView:
    results: Results
    questions: list[QuestionView]

    @property
    def turnout(self) -> str:
        turnout = self.results.turnout
        return _percent(turnout) if turnout is not None else ""


def _percent(value: float) -> str:
    return str(format_percent(value, "#,##0.0%"))


def present(results: Results | None) -> ResultsView | None:
    """Charts and tables for each question of published results."""
    if results is None:
        return None
    views = []
    for q in results.questions:
        chart = bar_chart(
            [(o.option.title, o.votes) for o in q.options],
            title=q.question.title,
            description=_("Votes per option; the table beside the chart has the same figures."),
        )
        rows = [
            [o.option.title, o.online, o.paper, o.votes, _percent(q.share(o.votes))]
            for o in q.options
        ]
        headers = [_("Option"), _("Online"), _("Paper"), _("Votes"), _("Share")]
        rounds_headers: list[str] = []
        rounds_rows: list[list[Any]] = []
        if q.question.kind == QuestionKind.RANKED and q.rounds:
            rounds_headers = [_("Option")] + [
                _("Round %(num)s", num=i + 1) for i in range(len(q.rounds))
            ]
            for o in q.options:
                cells: list[Any] = [o.option.title]
                for step in q.rounds:
                    count = step["counts"].get(str(o.option.id))
                    if count is None:
                        cells.append("—")
                    elif step["eliminated"] == o.option.id:
                        cells.append(_("%(num)s (eliminated)", num=count))
                    else:
                        cells.append(count)
                rounds_rows.append(cells)
            rounds_rows.append([_("Exhausted ballots")] + [s["exhausted"] for s in q.rounds])
        views.append(QuestionView(q, chart, rows, headers, rounds_headers, rounds_rows))
    return ResultsView(results, views)


def csv_lines(results: Results) -> Iterator[list[Any]]:
    """One line per option of each question."""
    for q in results.questions:
        for o in q.options:
            yield [
                q.question.id,
                q.question.title,
                q.question.kind,
                o.option.id,
                o.option.title,
                o.option.proposal_id or "",
                o.online,
                o.paper,
                o.votes,
                round(q.share(o.votes), 6),
                "yes" if q.winner is not None and q.winner.id == o.option.id else "",
            ]


def as_json(ballot: Ballot, results: Results) -> dict[str, Any]:
    """The results of ``ballot`` as a JSON document (no person appears in it)."""
    return {
        "ballot": {
            "id": ballot.id,
            "title": ballot.title,
            "consultation_id": ballot.consultation_id,
            "opened_at": json_time(ballot.opened_at),
            "closed_at": json_time(ballot.closed_at),
        },
        "online_ballots": results.online_ballots,
        "paper_ballots": results.paper_ballots,
        "verified_residents": results.residents,
        "turnout": round(results.turnout, 6) if results.turnout is not None else None,
        "questions": [
            {
                "id": q.question.id,
                "title": q.question.title,
                "kind": q.question.kind,
                "max_choices": q.question.max_choices,
                "answered": q.answered,
                "blank": q.blank,
                "winner_option_id": q.winner.id if q.winner else None,
                "options": [
                    {
                        "id": o.option.id,
                        "title": o.option.title,
                        "proposal_id": o.option.proposal_id,
                        "online_votes": o.online,
                        "paper_votes": o.paper,
                        "votes": o.votes,
                        "share": round(q.share(o.votes), 6),
                    }
                    for o in q.options
                ],
                "rounds": q.rounds,
            }
            for q in results.questions
        ],
    }
