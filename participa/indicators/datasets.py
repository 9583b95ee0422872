"""Validated indicator self-assessments, answer by answer, as an open dataset: described in
``datasets.json``, read by the query below (see participa.core.datasets)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from participa.core.datasets import described, fields_of
from participa.indicators.models import (
    Answer,
    Assessment,
    AssessmentStatus,
    Dimension,
    FrameworkVersion,
    Indicator,
)


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
            *fields_of(Answer, "value", "evidence_url", "evidence_link"),
            Answer.evidence_document_id.is_not(None).label("evidence_document"),
            *fields_of(Assessment, "validated_at", "updated_at"),
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
