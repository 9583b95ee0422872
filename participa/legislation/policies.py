"""Who may create, manage, read, take part in and report on legislative drafts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from participa.core.authz import Rules, is_authenticated, is_staff
from participa.legislation.models import Amendment, AmendmentState, Draft, DraftStatus

if TYPE_CHECKING:
    from participa.core.authz import Visitor

rules = Rules()


def can_view(user: Visitor, draft: Draft | None) -> bool:
    """Published and closed drafts are public; unpublished ones only for staff."""
    return draft is not None and (draft.status != DraftStatus.DRAFT or is_staff(user, draft))


def can_participate(user: Visitor, draft: Draft) -> bool:
    """People meeting the draft's rule (registered, or verified residents), on public drafts."""
    from participa.legislation.participation import may_participate

    return draft.status != DraftStatus.DRAFT and may_participate(user, draft)


def can_view_report(user: Visitor, draft: Draft) -> bool:
    """Staff follow the report live; everyone reads it once participation has closed."""
    return is_staff(user, draft) or (draft.status != DraftStatus.DRAFT and draft.is_closed)


def can_withdraw_amendment(user: Visitor, amendment: Amendment) -> bool:
    """The author, while nobody supports the amendment and staff have not decided."""
    return (
        is_authenticated(user)
        and amendment.author_id == user.id
        and amendment.state == AmendmentState.PUBLISHED
        and amendment.supports_count == 0
    )


def can_respond(user: Visitor, draft: Draft) -> bool:
    """Staff respond once the draft is public."""
    return is_staff(user, draft) and draft.status != DraftStatus.DRAFT


rules.register("legislation.create", is_staff)
rules.register("legislation.manage", is_staff)
rules.register("legislation.decide_amendment", is_staff)
rules.register("legislation.view", can_view)
rules.register("legislation.participate", can_participate)
rules.register("legislation.view_report", can_view_report)
rules.register("legislation.withdraw_amendment", can_withdraw_amendment)
rules.register("legislation.respond", can_respond)
