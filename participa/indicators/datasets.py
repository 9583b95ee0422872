"""Validated indicator self-assessments, answer by answer, as an open dataset: described in
``datasets.json``, read by the query below (see participa.core.datasets)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, case, func, select

from participa.core.datasets import described, fields_of
from participa.indicators.models import (
    Answer,
    Assessment,
    AssessmentStatus,
    Dimension,
    FrameworkVersion,
    Indicator,
)


def _public(column: Any) -> Any:
    """The column where the evidence is public, empty where it is internal."""
    return case((Answer.evidence_public, column), else_=None)


def _answers(municipality_id: int) -> Select[*tuple[Any, ...]]:
    # As policies.can_view_assessment for a visitor: validated assessments only.
    return (
        select(
            Answer.id.label("id"),
            Assessment.id.label("assessment_id"),
            Assessment.period.label("period"),
            FrameworkVersion.code.label("framework_version"),
            Dimension.code.label("dimension"),
            Indicator.code.label("indicator"),
            Indicator.name_es.label("indicator_name"),
            func.coalesce(Answer.validated_value, Answer.value).label("value"),
            _public(Answer.evidence_url).label("evidence_url"),
            _public(Answer.evidence_link).label("evidence_link"),
            and_(Answer.evidence_public, Answer.evidence_document_id.is_not(None)).label(
                "evidence_document"
            ),
            *fields_of(Assessment, "validated_at", "updated_at"),
            Answer.value.label("self_value"),
            *fields_of(Answer, "validated_value"),
            and_(
                Answer.value.is_not(None),
                Answer.validated_value.is_not(None),
                Answer.value != Answer.validated_value,
            ).label("disagreement"),
            *fields_of(Answer, "evidence_public"),
            _public(Answer.evidence_date).label("evidence_date"),
            _public(Answer.evidence_captured_at).label("evidence_captured_at"),
            and_(Answer.evidence_public, Answer.evidence_archive_id.is_not(None)).label(
                "evidence_archived"
            ),
            *fields_of(Assessment, "cutoff_date"),
        )
        .join(Assessment, Assessment.id == Answer.assessment_id)
        .join(FrameworkVersion, FrameworkVersion.id == Assessment.framework_version_id)
        .join(Indicator, Indicator.id == Answer.indicator_id)
        .join(Dimension, Dimension.id == Indicator.dimension_id)
        .where(
            Assessment.municipality_id == municipality_id,
            Assessment.status == AssessmentStatus.VALIDATED,
        )
    )


contributions = described(__package__, {"indicator-assessments": _answers})
