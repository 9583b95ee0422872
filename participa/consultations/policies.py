"""Who may create, edit, publish and see consultations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from participa.core.authz import Rules, is_authenticated, is_staff, remember, visitor_key

if TYPE_CHECKING:
    from participa.consultations.models import Consultation
    from participa.core.authz import Visitor

rules = Rules()


def can_view(user: Visitor, consultation: Consultation | None) -> bool:
    """Published and archived consultations are public; drafts only for staff."""
    if consultation is None:
        return False
    return not consultation.is_draft or is_staff(user, consultation)


def can_publish(user: Visitor, consultation: Consultation) -> bool:
    """Staff publish drafts and reopen archived consultations."""
    return is_staff(user, consultation) and not consultation.is_published


def can_archive(user: Visitor, consultation: Consultation) -> bool:
    """Staff archive published consultations."""
    return is_staff(user, consultation) and consultation.is_published


def can_use_as_template(user: Visitor, consultation: Consultation | None) -> bool:
    """Any staff member of some municipality may copy a public consultation's structure."""
    if not is_authenticated(user) or consultation is None or consultation.is_draft:
        return False
    if user.is_platform_admin:
        return True
    from participa.consultations.services import administers_any

    # Asked for each button of the page: one question a page.
    return bool(remember(("administers_any", visitor_key(user)), lambda: administers_any(user)))


rules.register("consultations.create", is_staff)
rules.register("consultations.edit", is_staff)
rules.register("consultations.view_draft", is_staff)
rules.register("consultations.manage_categories", is_staff)
rules.register("consultations.view", can_view)
rules.register("consultations.publish", can_publish)
rules.register("consultations.archive", can_archive)
rules.register("consultations.use_as_template", can_use_as_template)
