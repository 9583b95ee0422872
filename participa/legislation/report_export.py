"""The legislation report as CSV and JSON downloads: no personal data, no names or ids of
people."""

from __future__ import annotations

import csv
import io
from typing import Any

from participa.core.downloads import json_time
from participa.legislation.report import Report

CSV_HEADER = [
    "key",
    "number",
    "heading",
    "in_favour",
    "against",
    "abstain",
    "total",
    "share_in_favour",
    "share_against",
    "share_abstain",
    "comments",
    "amendments",
    "consensus",
]


def to_csv(report: Report) -> str:
    """One row per article of the version."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for row in report.articles:
        writer.writerow(
            [
                row.section.key,
                row.section.number,
                _safe_cell(row.section.heading),
                row.in_favour,
                row.against,
                row.abstain,
                row.total,
                f"{row.share(row.in_favour):.4f}",
                f"{row.share(row.against):.4f}",
                f"{row.share(row.abstain):.4f}",
                row.comments,
                row.amendments,
                f"{row.consensus:.6f}" if row.consensus is not None else "",
            ]
        )
    return out.getvalue()


def _safe_cell(text: str) -> str:
    # Spreadsheets run cells that start with these characters as formulas.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_json(report: Report) -> dict[str, Any]:
    """The report as plain data."""
    draft, keys = report.draft, {s.id: s.key for s in report.sections_by_id.values()}
    return {
        "draft": {
            "id": draft.id,
            "title": draft.title,
            "kind": draft.kind,
            "status": draft.status,
            "destination_body": draft.destination_body,
            "opens_at": json_time(draft.opens_at),
            "closes_at": json_time(draft.closes_at),
            "participation": draft.participation,
            "version": report.version.number,
        },
        "figures": {
            "participants": report.participants,
            "votes": report.votes,
            "comments": report.comments,
            "amendments": len(report.amendments),
        },
        "articles": [
            {
                "key": r.section.key,
                "number": r.section.number,
                "heading": r.section.heading,
                "in_favour": r.in_favour,
                "against": r.against,
                "abstain": r.abstain,
                "comments": r.comments,
                "amendments": r.amendments,
                "consensus": r.consensus,
            }
            for r in report.articles
        ],
        "amendments": [
            {
                "id": a.id,
                "article": keys.get(a.section_id),
                "text": a.text,
                "justification": a.justification,
                "supports": a.supports_count,
                "state": a.state,
                "decision": a.decision_note,
            }
            for a in report.amendments
        ],
        "questions": [
            {
                "prompt": q.question.prompt,
                "kind": q.question.kind,
                "answers": q.answers,
                "options": [{"option": o, "count": n} for o, n in q.counts],
            }
            for q in report.questions
        ],
        "timeline": [{"day": d, "votes": v, "comments": c} for d, v, c in report.timeline],
        "groups": [{"group": g.number, "size": g.size} for g in report.consensus.groups],
        "response": draft.response if draft.response_published_at else None,
        "decisions": [
            {
                "amendment": d.amendment.id,
                "version": d.version_number,
                "article": d.article_number,
                "state": d.amendment.state,
                "decision": d.amendment.decision_note,
            }
            for d in report.decisions
        ],
    }
