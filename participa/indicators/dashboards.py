"""What the public pages show: a municipality's validated scores, the network matrix and
ranking, peers that meet an indicator, and the open-data exports. Only validated assessments
appear here, and every page runs a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, select

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


@dataclass
class AssessmentScores:
    assessment: Assessment
    values: dict[str, bool | None]  # indicator code -> answer
    by_dimension: dict[str, scoring.Score]
    overall: scoring.Score


def _values_of(assessment_ids: list[int]) -> dict[int, list[tuple[str, str, bool | None]]]:
    """(dimension code, indicator code, value) of every answer of these assessments: one query."""
    rows: dict[int, list[tuple[str, str, bool | None]]] = defaultdict(list)
    if not assessment_ids:
        return rows
    result = db.session.execute(
        select(Answer.assessment_id, Dimension.code, Indicator.code, Answer.value)
        .join(Indicator, Indicator.id == Answer.indicator_id)
        .join(Dimension, Dimension.id == Indicator.dimension_id)
        .where(Answer.assessment_id.in_(assessment_ids))
        .order_by(Dimension.position, Indicator.position)
    )
    for assessment_id, dimension, indicator, value in result:
        rows[assessment_id].append((dimension, indicator, value))
    return rows


def _scores(assessment: Assessment, rows: list[tuple[str, str, bool | None]]) -> AssessmentScores:
    by_dimension = scoring.scores_by_dimension((d, v) for d, _i, v in rows)
    return AssessmentScores(
        assessment=assessment,
        values={i: v for _d, i, v in rows},
        by_dimension=by_dimension,
        overall=scoring.overall(by_dimension),
    )


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


# Peer learning ----------------------------------------------------------------------------------


def latest_validated_ids():
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
            Answer.value.is_(True),
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
    "evidence_link", "evidence_document",
]  # fmt: skip


def export_rows(document_url, link_url) -> list[dict[str, Any]]:
    """One row per answer of every validated assessment; no personal data (no names, e-mails,
    notes or reviewer comments). ``document_url`` and ``link_url`` make addresses absolute."""
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
        document = answer.evidence_document
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
                "value": "yes" if answer.value else "no",
                "evidence_url": answer.evidence_url or "",
                "evidence_link": link_url(answer.evidence_link) if answer.evidence_link else "",
                "evidence_document": document_url(document.token) if document else "",
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
                "score": {"met": 0, "total": 0},
                "answers": [],
            },
        )
        item["score"]["total"] += 1
        item["score"]["met"] += row["value"] == "yes"
        item["answers"].append(
            {
                "dimension": row["dimension"],
                "indicator": row["indicator"],
                "value": row["value"],
                "evidence": {
                    "url": row["evidence_url"] or None,
                    "link": row["evidence_link"] or None,
                    "document": row["evidence_document"] or None,
                },
            }
        )
    return list(assessments.values())
