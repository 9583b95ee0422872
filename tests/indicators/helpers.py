"""Builders for assessments in any state, committed so that requests see them."""

from __future__ import annotations

from sqlalchemy import select

from participa.db import utcnow
from participa.extensions import db
from participa.indicators.models import Answer, Assessment, Indicator
from tests import factories


def make_assessment(
    municipality, *, period="2026-S1", status="draft", met=(), answered=None, version=None
) -> Assessment:
    """An assessment whose indicators in ``met`` (codes, or an int: the first N) are yes with
    evidence; the others are no, or unanswered past ``answered`` indicators."""
    from participa.indicators.framework import current_version

    version = version or current_version()
    indicators = list(
        db.session.scalars(
            select(Indicator).where(Indicator.version_id == version.id).order_by(Indicator.id)
        )
    )
    if isinstance(met, int):
        met = {i.code for i in indicators[:met]}
    validated = status == "validated"
    reviewer = factories.UserFactory(is_platform_admin=True) if validated else None
    assessment = Assessment(
        municipality_id=municipality.id,
        framework_version_id=version.id,
        period=period,
        status=status,
        submitted_at=utcnow() if status != "draft" else None,
        validated_at=utcnow() if validated else None,
        validated_by_id=reviewer.id if reviewer else None,
    )
    for position, indicator in enumerate(indicators):
        is_answered = answered is None or position < answered
        value = (indicator.code in met) if is_answered else None
        assessment.answers.append(
            Answer(
                indicator_id=indicator.id,
                value=value,
                evidence_url=f"https://example.org/{indicator.code}" if value else None,
                review_status="accepted" if validated else "pending",
                validated_value=value if validated else None,
            )
        )
    db.session.add(assessment)
    db.session.commit()
    return assessment


def indicator(code: str, version=None) -> Indicator:
    from participa.indicators.framework import current_version

    version = version or current_version()
    return db.session.scalars(
        select(Indicator).where(Indicator.version_id == version.id, Indicator.code == code)
    ).one()


def answer_form(code: str, value: str, **fields: str) -> dict[str, str]:
    """The dimension form's fields answering indicator ``code`` (each named after its id)."""
    prefix = f"a{indicator(code).id}-"
    data = {prefix + "value": value}
    data.update({prefix + name: content for name, content in fields.items()})
    return data


def answer_of(assessment: Assessment, code: str) -> Answer:
    return db.session.scalars(
        select(Answer)
        .join(Indicator, Indicator.id == Answer.indicator_id)
        .where(Answer.assessment_id == assessment.id, Indicator.code == code)
    ).one()
