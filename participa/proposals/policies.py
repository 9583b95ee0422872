"""Who may submit, edit, support, answer and merge proposals, and when."""

from __future__ import annotations

from typing import TYPE_CHECKING

from participa.consultations.models import Consultation, PhaseKind
from participa.core.authz import Explained, Rules, can, is_authenticated, is_staff
from participa.core.errors import DomainError
from participa.proposals import services, supports
from participa.proposals.models import Proposal, ProposalState

if TYPE_CHECKING:
    from participa.core.authz import Visitor

rules = Rules()


def _phase_is(consultation: Consultation, kind: str) -> bool:
    return consultation.is_published and consultation.current_phase == kind


def can_participate(user: Visitor, consultation: Consultation) -> bool:
    """People meeting the consultation's rule (registered, or verified residents)."""
    return consultation.is_published and supports.may_participate(user, consultation)


def can_create(user: Visitor, consultation: Consultation) -> bool:
    """Permitted people, during the proposals phase."""
    return can_participate(user, consultation) and _phase_is(consultation, PhaseKind.PROPOSALS)


def can_view(user: Visitor, proposal: Proposal) -> bool:
    """Visible with its consultation, unless moderation hid it (staff still see it)."""
    if not can(user, "consultations.view", proposal.consultation):
        return False
    return proposal.hidden_at is None or is_staff(user, proposal)


def _is_author(user: Visitor, proposal: Proposal) -> bool:
    return is_authenticated(user) and proposal.author_id == user.id


def can_edit(user: Visitor, proposal: Proposal) -> bool:
    """The author, inside the edit window, while nobody supports it."""
    return _is_author(user, proposal) and services.is_editable(proposal)


def can_withdraw(user: Visitor, proposal: Proposal) -> bool:
    """The author, while the proposal is published and unanswered."""
    return _is_author(user, proposal) and proposal.state == ProposalState.PUBLISHED


def support_refusal(user: Visitor, target: Proposal | Consultation) -> DomainError | None:
    """Permitted people, during the supports phase, on proposals that take supports.

    The supports service's own rule, asked at call time: the view requires it, templates ask
    ``can('proposals.support', proposal)`` (or a consultation: may support its proposals), and
    ``support_proposal`` raises the same refusal.
    """
    return supports.support_refusal(user, target)


def supports_closed(user: Visitor, target: Proposal | Consultation) -> DomainError | None:
    """Anyone, while ``target`` takes supports (whoever they are: anonymous visitors are invited
    to sign in and support)."""
    return supports.supports_closed(target)


def can_answer(user: Visitor, proposal: Proposal) -> bool:
    """Staff of the municipality, on proposals that are not withdrawn."""
    return is_staff(user, proposal) and proposal.state != ProposalState.WITHDRAWN


def can_merge(user: Visitor, proposal: Proposal) -> bool:
    """Staff of the municipality, on proposals not merged already."""
    return is_staff(user, proposal) and proposal.merged_into_id is None


rules.register("proposals.participate", can_participate)
rules.register("proposals.create", can_create)
rules.register("proposals.view", can_view)
rules.register("proposals.edit", can_edit)
rules.register("proposals.withdraw", can_withdraw)
rules.register("proposals.support", Explained(support_refusal))
rules.register("proposals.supports_open", Explained(supports_closed))
rules.register("proposals.answer", can_answer)
rules.register("proposals.merge", can_merge)
rules.register("proposals.view_hidden", is_staff)
