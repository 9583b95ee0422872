"""Validated indicator self-assessments, answer by answer, as an open dataset (see
participa.core.datasets)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, case, func, select

from participa.core.datasets import Column, Dataset
from participa.core.features import Contributions
from participa.indicators.models import (
    Answer,
    Assessment,
    AssessmentStatus,
    Dimension,
    FrameworkVersion,
    Indicator,
)

contributions = Contributions()


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
            Assessment.validated_at.label("validated_at"),
            Assessment.updated_at.label("updated_at"),
            Answer.value.label("self_value"),
            Answer.validated_value.label("validated_value"),
            and_(
                Answer.value.is_not(None),
                Answer.validated_value.is_not(None),
                Answer.value != Answer.validated_value,
            ).label("disagreement"),
            Answer.evidence_public.label("evidence_public"),
            _public(Answer.evidence_date).label("evidence_date"),
            _public(Answer.evidence_captured_at).label("evidence_captured_at"),
            and_(Answer.evidence_public, Answer.evidence_archive_id.is_not(None)).label(
                "evidence_archived"
            ),
            Assessment.cutoff_date.label("cutoff_date"),
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


contributions.add("dataset", Dataset(
    name="indicator-assessments",
    title=_l("Indicator self-assessments"),
    description=_l("The municipality's validated answers to the innovation indicators, one "
                   "row per indicator and period, with the municipality's and the reviewer's "
                   "answers and the public evidence that proves each yes."),
    columns=(
        Column("id", "integer", _l("Number of the answer")),
        Column("assessment_id", "integer", _l("Number of the assessment")),
        Column("period", "string", _l("Period assessed (2026-S2)")),
        Column("framework_version", "string", _l("Edition of the indicator framework "
                                                 "answered")),
        Column("dimension", "string", _l("Code of the dimension")),
        Column("indicator", "string", _l("Code of the indicator (PAR-03)")),
        Column("indicator_name", "string", _l("Name of the indicator, in Spanish")),
        Column("value", "boolean", _l("The published answer (the reviewer's where given, "
                                      "the municipality's otherwise): true for yes, false "
                                      "for no, empty when unanswered")),
        Column("evidence_url", "string", _l("Link to the evidence, when given")),
        Column("evidence_link", "string", _l("Page on this platform that proves it, when "
                                             "given")),
        Column("evidence_document", "boolean", _l("Whether a document was attached as "
                                                  "evidence (see the assessment's page)")),
        Column("validated_at", "datetime", _l("When a reviewer validated the assessment")),
        Column("updated_at", "datetime", _l("Last change of the assessment")),
        Column("self_value", "boolean", _l("The municipality's own answer")),
        Column("validated_value", "boolean", _l("The reviewer's answer, empty when not "
                                                "given")),
        Column("disagreement", "boolean", _l("Whether the reviewer's answer differs from the "
                                             "municipality's")),
        Column("evidence_public", "boolean", _l("Whether the evidence is public; internal "
                                                "evidence is left out of this dataset")),
        Column("evidence_date", "date", _l("Date of the evidence, when given")),
        Column("evidence_captured_at", "datetime", _l("When the platform archived a copy of "
                                                      "the evidence")),
        Column("evidence_archived", "boolean", _l("Whether the platform keeps a copy of the "
                                                  "evidence")),
        Column("cutoff_date", "date", _l("Cut-off date of the round: later evidence does "
                                         "not count")),
    ),
    query=_answers,
    changed="updated_at",
    keywords=("indicadores", "innovación", "indicators"),
))  # fmt: skip
