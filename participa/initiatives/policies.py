"""Who may start, see, review, sign and answer initiatives, and set their rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from participa.core.authz import Explained, Rules, is_authenticated, is_staff
from participa.core.errors import DomainError
from participa.core.participation import Participation, may_take_part
from participa.initiatives import services, signatures
from participa.initiatives.models import Initiative, InitiativeState

if TYPE_CHECKING:
    from participa.core.authz import Visitor
    from participa.municipalities.models import Municipality

rules = Rules()


def _is_author(user: Visitor, initiative: Initiative) -> bool:
    return is_authenticated(user) and initiative.author_id == user.id


def can_view(user: Visitor, initiative: Initiative) -> bool:
    """Everyone once admitted; before (and when rejected) its author and staff only."""
    if initiative.state in services.PUBLIC_STATES:
        return True
    return _is_author(user, initiative) or is_staff(user, initiative)


def can_create(user: Visitor, municipality: Municipality) -> bool:
    """Anyone signed in with a confirmed address, where the member takes initiatives."""
    return may_take_part(user, municipality, Participation.REGISTERED) and bool(
        services.rules_of(municipality).enabled
    )


def can_review(user: Visitor, initiative: Initiative) -> bool:
    """Staff of the member, while the initiative waits for review."""
    return is_staff(user, initiative) and initiative.state == InitiativeState.REVIEW


def sign_refusal(user: Visitor, initiative: Initiative) -> DomainError | None:
    """Verified residents of the member, while the initiative collects signatures (signing and
    withdrawing a signature; the signatures service raises the same refusal)."""
    return signatures.sign_refusal(user, initiative)


def signing_closed(user: Visitor, initiative: Initiative) -> DomainError | None:
    """Anyone, while the initiative collects signatures (anonymous visitors are invited to
    sign in)."""
    return signatures.signing_closed(initiative)


def can_answer(user: Visitor, initiative: Initiative) -> bool:
    """Staff of the member, once the initiative reached its threshold and until answered."""
    return is_staff(user, initiative) and initiative.state == InitiativeState.REACHED


rules.register("initiatives.view", can_view)
rules.register("initiatives.create", can_create)
rules.register("initiatives.review", can_review)
rules.register("initiatives.sign", Explained(sign_refusal))
rules.register("initiatives.signing_open", Explained(signing_closed))
rules.register("initiatives.answer", can_answer)
rules.register("initiatives.configure", is_staff)
rules.register("initiatives.manage", is_staff)
