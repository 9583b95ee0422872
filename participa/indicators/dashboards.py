"""What the public pages show: a municipality's validated scores, the network matrix and
ranking, peers that meet an indicator, and the open-data exports. Only validated assessments
appear here, and every page runs a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from statistics import median
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.orm import lazyload

from participa.extensions import db
from participa.indicators import scoring
from participa.indicators.framework import current_version
from participa.indicators.models import (
    Answer,
    Assessment,
    AssessmentStatus,
    Dimension,
    FrameworkVersion,
    Indicator,
)
from participa.municipalities.models import Municipality

VALIDATED = AssessmentStatus.VALIDATED.value
# Population bands for the network filter: (lower bound inclusive, upper bound exclusive).
SIZE_BANDS: dict[str, tuple[int, int | None]] = {
    "small": (0, 50_000),
    "medium": (50_000, 250_000),
    "large": (250_000, 1_000_000),
    "metropolis": (1_000_000, None),
}


Row = tuple[str, str, bool | None, bool | None]  # dimension, indicator, self, validated


@dataclass
class AssessmentScores:
    assessment: Assessment
    values: dict[str, bool | None]  # indicator code -> published answer (validated if any)
    by_dimension: dict[str, scoring.Score]
    overall: scoring.Score
    self_values: dict[str, bool | None] = field(default_factory=dict)
    validated_values: dict[str, bool | None] = field(default_factory=dict)
    self_overall: scoring.Score = field(default_factory=lambda: scoring.Score(0, 0, 0))

    @property
    def validated_count(self) -> int:
        return sum(1 for value in self.validated_values.values() if value is not None)

    @property
    def basis(self) -> str:
        """Which answers the score counts: "validated", "self" or "mixed" (validated where
        present)."""
        if self.validated_count == 0:
            return "self"
        return "validated" if self.validated_count == len(self.values) else "mixed"

    @cached_property
    def disagreements(self) -> list[str]:
        """Indicator codes where the reviewer's answer differs from the member's."""
        return [
            code
            for code, validated in self.validated_values.items()
            if validated is not None
            and self.self_values.get(code) is not None
            and self.self_values[code] != validated
        ]


def _values_of(assessment_ids: list[int]) -> dict[int, list[Row]]:
    """(dimension code, indicator code, self value, validated value) of every answer of these
    assessments: one query."""
    rows: dict[int, list[Row]] = defaultdict(list)
    if not assessment_ids:
        return rows
    result = db.session.execute(
        select(Answer.assessment_id, Dimension.code, Indicator.code, Answer.value,
               Answer.validated_value)
        .join(Indicator, Indicator.id == Answer.indicator_id)
        .join(Dimension, Dimension.id == Indicator.dimension_id)
        .where(Answer.assessment_id.in_(assessment_ids))
        .order_by(Dimension.position, Indicator.position)
    )  # fmt: skip
    for assessment_id, dimension, indicator, value, validated in result:
        rows[assessment_id].append((dimension, indicator, value, validated))
    return rows


def _published(value: bool | None, validated: bool | None) -> bool | None:
    return validated if validated is not None else value


def _scores(assessment: Assessment, rows: list[Row]) -> AssessmentScores:
    by_dimension = scoring.scores_by_dimension((d, _published(v, w)) for d, _i, v, w in rows)
    return AssessmentScores(
        assessment=assessment,
        values={i: _published(v, w) for _d, i, v, w in rows},
        by_dimension=by_dimension,
        overall=scoring.overall(by_dimension),
        self_values={i: v for _d, i, v, _w in rows},
        validated_values={i: w for _d, i, _v, w in rows},
        self_overall=scoring.overall(scoring.scores_by_dimension((d, v) for d, _i, v, _w in rows)),
    )


def scores_of_answers(
    assessment: Assessment, groups: list[tuple[Dimension, list[Answer]]]
) -> AssessmentScores:
    """Scores of an assessment whose answers are already loaded (by dimension): no query."""
    rows = [(d.code, a.indicator.code, a.value, a.validated_value) for d, answers in groups
            for a in answers]  # fmt: skip
    return _scores(assessment, rows)


def score_assessments(assessments: list[Assessment]) -> list[AssessmentScores]:
    """Scores of each assessment, in the given order (one query for all of them)."""
    values = _values_of([a.id for a in assessments])
    return [_scores(a, values.get(a.id, [])) for a in assessments]


# A municipality ---------------------------------------------------------------------------------


@dataclass
class MunicipalityDashboard:
    latest: AssessmentScores
    previous: AssessmentScores | None
    history: list[AssessmentScores]  # oldest first
    change: int | None
    gained: list[str]
    lost: list[str]


def validated_assessments(municipality: Municipality) -> list[Assessment]:
    """The municipality's validated assessments, newest period first."""
    return list(
        db.session.scalars(
            select(Assessment)
            .where(Assessment.municipality_id == municipality.id, Assessment.status == VALIDATED)
            .order_by(Assessment.period.desc())
        )
    )


def municipality_dashboard(municipality: Municipality) -> MunicipalityDashboard | None:
    """Scores of the last validated period and the change since the one before."""
    validated = validated_assessments(municipality)
    if not validated:
        return None
    scored = score_assessments(validated)
    latest = scored[0]
    previous = scored[1] if len(scored) > 1 else None
    gained, lost = scoring.indicator_changes(latest.values, previous.values if previous else {})
    return MunicipalityDashboard(
        latest=latest,
        previous=previous,
        history=list(reversed(scored)),
        change=scoring.change(latest.overall, previous.overall if previous else None),
        gained=gained if previous else [],
        lost=lost if previous else [],
    )


# The network ------------------------------------------------------------------------------------


@dataclass
class NetworkRow:
    municipality: Municipality
    latest: AssessmentScores
    path: list[AssessmentScores] = field(default_factory=list)  # oldest first


@dataclass
class Network:
    dimensions: list[Dimension]  # of the current framework, with their indicators
    rows: list[NetworkRow]
    ranking: dict[str, list[NetworkRow]]
    countries: list[str]


def network(*, country: str | None = None, size: str | None = None) -> Network:
    """Every municipality's validated assessments under the filters, scored and ranked."""
    query = (
        select(Assessment, Municipality)
        .join(Municipality, Municipality.id == Assessment.municipality_id)
        .where(Assessment.status == VALIDATED, Municipality.archived_at.is_(None))
        .order_by(Municipality.name, Assessment.period)
    )
    if country:
        query = query.where(Municipality.country == country.upper())
    if size in SIZE_BANDS:
        low, high = SIZE_BANDS[size]
        query = query.where(Municipality.population >= low)
        if high is not None:
            query = query.where(Municipality.population < high)
    pairs = [(row[0], row[1]) for row in db.session.execute(query)]
    scored = score_assessments([a for a, _m in pairs])
    rows: dict[int, NetworkRow] = {}
    for (_assessment, municipality), scores in zip(pairs, scored, strict=True):
        row = rows.setdefault(municipality.id, NetworkRow(municipality, scores))
        row.latest = scores  # periods ascend, so the last one wins
        row.path.append(scores)
    ordered = list(rows.values())
    dimensions = framework_dimensions()
    ranking = {d.code: _ranked(ordered, d.code) for d in dimensions}
    return Network(dimensions=dimensions, rows=ordered, ranking=ranking, countries=countries())


def _ranked(rows: list[NetworkRow], code: str) -> list[NetworkRow]:
    # A function rather than a lambda with a default argument, whose type mypy cannot infer.
    return sorted(
        rows,
        key=lambda r: (
            -r.latest.by_dimension.get(code, scoring.Score(0, 0, 0)).met,
            r.municipality.name,
        ),
    )


def framework_dimensions(version: FrameworkVersion | None = None) -> list[Dimension]:
    """The dimensions of a version (the current one by default), indicators loaded with them."""
    version = version or current_version()
    if version is None:
        return []
    return list(
        db.session.scalars(
            select(Dimension).where(Dimension.version_id == version.id).order_by(Dimension.position)
        )
    )


def countries() -> list[str]:
    """Countries of municipalities with at least one validated assessment."""
    return list(
        db.session.scalars(
            select(Municipality.country)
            .join(Assessment, Assessment.municipality_id == Municipality.id)
            .where(Assessment.status == VALIDATED)
            .distinct()
            .order_by(Municipality.country)
        )
    )


def published_value() -> ColumnElement[bool | None]:
    """The SQL of Answer.published_value: the validated answer where present."""
    return func.coalesce(Answer.validated_value, Answer.value)


def network_medians() -> dict[str, float]:
    """Per dimension code, the median share of indicators met in each municipality's latest
    validated assessment (archived municipalities left out): two queries."""
    # Scores come from the answers alone: the assessments' own eager loads (their municipality,
    # their framework with its dimensions and indicators) would only read again what the page has.
    latest = list(
        db.session.scalars(
            select(Assessment)
            .join(Municipality, Municipality.id == Assessment.municipality_id)
            .where(Assessment.id.in_(latest_validated_ids()), Municipality.archived_at.is_(None))
            .options(lazyload(Assessment.municipality), lazyload(Assessment.framework_version))
        )
    )
    shares: dict[str, list[float]] = defaultdict(list)
    for scores in score_assessments(latest):
        for code, dimension_score in scores.by_dimension.items():
            shares[code].append(dimension_score.share_of_total)
    return {code: median(values) for code, values in shares.items()}


# Peer learning ----------------------------------------------------------------------------------


def latest_validated_ids() -> Select[int]:
    """A subquery of each municipality's latest validated assessment id."""
    latest = (
        select(Assessment.municipality_id, func.max(Assessment.period).label("period"))
        .where(Assessment.status == VALIDATED)
        .group_by(Assessment.municipality_id)
        .subquery()
    )
    return select(Assessment.id).join(
        latest,
        and_(
            Assessment.municipality_id == latest.c.municipality_id,
            Assessment.period == latest.c.period,
        ),
    )


def peers_meeting(
    codes: list[str], *, exclude: Municipality
) -> dict[str, list[tuple[Municipality, str, Answer]]]:
    """For each indicator code, the municipalities whose latest validated assessment meets it,
    with its period and the answer (and so the evidence): one query."""
    found: dict[str, list[tuple[Municipality, str, Answer]]] = {code: [] for code in codes}
    if not codes:
        return found
    result = db.session.execute(
        select(Indicator.code, Municipality, Assessment.period, Answer)
        .join(Answer, Answer.indicator_id == Indicator.id)
        .join(Assessment, Assessment.id == Answer.assessment_id)
        .join(Municipality, Municipality.id == Assessment.municipality_id)
        .where(
            Assessment.id.in_(latest_validated_ids()),
            published_value().is_(True),
            Indicator.code.in_(codes),
            Municipality.id != exclude.id,
            Municipality.archived_at.is_(None),
        )
        .order_by(Municipality.name)
    )
    for code, municipality, period, answer in result:
        found[code].append((municipality, period, answer))
    return found


# Exports ----------------------------------------------------------------------------------------

EXPORT_FIELDS = [
    "municipality", "municipality_name", "country", "region", "population", "period",
    "framework_version", "validated_at", "dimension", "indicator", "value", "evidence_url",
    "evidence_link", "evidence_document", "self_value", "validated_value", "disagreement",
    "evidence_public", "evidence_date", "evidence_captured_at", "evidence_archive", "cutoff_date",
]  # fmt: skip


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def export_rows(
    document_url: Callable[[str], str], link_url: Callable[[str], str]
) -> list[dict[str, Any]]:
    """One row per answer of every validated assessment; no personal data (no names, e-mails,
    notes or reviewer comments). ``value`` is the published answer (the validated one where a
    reviewer gave it), beside the member's and the reviewer's; internal evidence is left out.
    ``document_url`` and ``link_url`` make addresses absolute."""
    result = db.session.execute(
        select(Assessment, Municipality, FrameworkVersion.code, Dimension.code, Indicator.code,
               Answer)
        .join(Municipality, Municipality.id == Assessment.municipality_id)
        .join(FrameworkVersion, FrameworkVersion.id == Assessment.framework_version_id)
        .join(Answer, Answer.assessment_id == Assessment.id)
        .join(Indicator, Indicator.id == Answer.indicator_id)
        .join(Dimension, Dimension.id == Indicator.dimension_id)
        .where(Assessment.status == VALIDATED, Municipality.archived_at.is_(None))
        .order_by(Municipality.slug, Assessment.period, Dimension.position, Indicator.position)
    )  # fmt: skip
    rows = []
    for assessment, municipality, version, dimension, indicator, answer in result:
        public = answer.evidence_public
        document = answer.evidence_document if public else None
        archive = answer.evidence_archive if public else None
        rows.append(
            {
                "municipality": municipality.slug,
                "municipality_name": municipality.name,
                "country": municipality.country,
                "region": municipality.region or "",
                "population": municipality.population,
                "period": assessment.period,
                "framework_version": version,
                "validated_at": assessment.validated_at.isoformat()
                if assessment.validated_at
                else "",
                "dimension": dimension,
                "indicator": indicator,
                "value": "yes" if answer.published_value else "no",
                "evidence_url": (answer.evidence_url or "") if public else "",
                "evidence_link": link_url(answer.evidence_link)
                if public and answer.evidence_link
                else "",
                "evidence_document": document_url(document.token) if document else "",
                "self_value": _yes_no(answer.value),
                "validated_value": _yes_no(answer.validated_value),
                "disagreement": "yes" if answer.disagrees else "no",
                "evidence_public": "yes" if public else "no",
                "evidence_date": answer.evidence_date.isoformat()
                if public and answer.evidence_date
                else "",
                "evidence_captured_at": answer.evidence_captured_at.isoformat()
                if archive and answer.evidence_captured_at
                else "",
                "evidence_archive": document_url(archive.token) if archive else "",
                "cutoff_date": assessment.cutoff_date.isoformat() if assessment.cutoff_date else "",
            }
        )
    return rows


def export_assessments(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Nest export rows by assessment, with its score, for the JSON download."""
    assessments: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        key = (row["municipality"], row["period"])
        item = assessments.setdefault(
            key,
            {
                "municipality": {
                    "slug": row["municipality"],
                    "name": row["municipality_name"],
                    "country": row["country"],
                    "region": row["region"],
                    "population": row["population"],
                },
                "period": row["period"],
                "framework_version": row["framework_version"],
                "validated_at": row["validated_at"],
                "cutoff_date": row["cutoff_date"] or None,
                # The published score counts validated answers where a reviewer gave one.
                "score": {"met": 0, "total": 0},
                "score_basis": "validated_where_present",
                "self_score": {"met": 0, "total": 0},
                "disagreements": 0,
                "answers": [],
            },
        )
        item["score"]["total"] += 1
        item["score"]["met"] += row["value"] == "yes"
        item["self_score"]["total"] += 1
        item["self_score"]["met"] += row["self_value"] == "yes"
        item["disagreements"] += row["disagreement"] == "yes"
        item["answers"].append(
            {
                "dimension": row["dimension"],
                "indicator": row["indicator"],
                "value": row["value"],
                "self_value": row["self_value"] or None,
                "validated_value": row["validated_value"] or None,
                "disagreement": row["disagreement"] == "yes",
                "evidence": {
                    "public": row["evidence_public"] == "yes",
                    "url": row["evidence_url"] or None,
                    "link": row["evidence_link"] or None,
                    "document": row["evidence_document"] or None,
                    "date": row["evidence_date"] or None,
                    "archive": row["evidence_archive"] or None,
                    "captured_at": row["evidence_captured_at"] or None,
                },
            }
        )
    return list(assessments.values())
