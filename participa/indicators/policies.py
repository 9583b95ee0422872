"""Who may answer, submit, review and see indicator assessments, and who runs the framework."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from participa.core.authz import (
    Rules,
    is_authenticated,
    is_platform_admin,
    is_staff,
    municipality_of,
)
from participa.core.viewer import fact
from participa.municipalities.models import Municipality

if TYPE_CHECKING:
    from sqlalchemy import ScalarSelect

    from participa.core.authz import Visitor
    from participa.indicators.models import Assessment

rules = Rules()


# The arguments are values or bound parameters (see participa.core.features.Question).
def reviewer_question(user_id: Any, _municipality_id: Any, _now: Any) -> ScalarSelect[Any]:
    """Whether the person was appointed to review assessments (core.viewer)."""
    from participa.indicators.models import PlatformReviewer

    return (
        select(PlatformReviewer.id)
        .where(PlatformReviewer.user_id == user_id)
        .limit(1)
        .scalar_subquery()
    )


def is_reviewer(user: Visitor) -> bool:
    """Platform admins and the people they appointed as reviewers."""
    if not is_authenticated(user):
        return False
    if user.is_platform_admin:
        return True
    return fact("indicators.reviewer", reviewer_question, user.id) is not None


def belongs_to(user: Visitor, municipality: Municipality | None) -> bool:
    """True when the user holds any role in the municipality (platform-admin powers aside)."""
    if not is_authenticated(user) or municipality is None:
        return False
    from participa.municipalities.services import roles_of

    return bool(roles_of(user, municipality.id))


def can_view_assessment(user: Visitor, assessment: Assessment | None) -> bool:
    """Validated assessments are public; others for staff, and for reviewers once submitted."""
    if assessment is None:
        return False
    if assessment.status == "validated":
        return True
    if is_staff(user, assessment):
        return True
    return assessment.status != "draft" and is_reviewer(user)


def can_review(user: Visitor, assessment: Assessment | None) -> bool:
    """Reviewers review, except in a municipality where they hold a role themselves."""
    if assessment is None or not is_reviewer(user):
        return False
    return not belongs_to(user, municipality_of(assessment))


rules.register("indicators.edit", is_staff)
rules.register("indicators.archive_evidence", is_staff)
rules.register("indicators.view_assessment", can_view_assessment)
rules.register("indicators.review", can_review)
rules.register("indicators.review_queue", lambda user, obj: is_reviewer(user))
rules.register("indicators.manage_framework", lambda user, obj: is_platform_admin(user))
rules.register("indicators.manage_reviewers", lambda user, obj: is_platform_admin(user))
