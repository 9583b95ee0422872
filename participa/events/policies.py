"""Who may create, manage, see and register for events, and record what happened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from participa.core.authz import Explained, Rules, is_platform_admin, is_staff
from participa.core.errors import DomainError
from participa.events import services
from participa.events.models import Event

if TYPE_CHECKING:
    from participa.core.authz import Visitor
    from participa.municipalities.models import Municipality

rules = Rules()


def can_create(user: Visitor, member: Municipality | None) -> bool:
    """Staff of the member; platform admins for the network's own events (``member`` None)."""
    if member is None:
        return is_platform_admin(user)
    return is_staff(user, member)


def can_manage(user: Visitor, event: Event) -> bool:
    """Staff of the event's member; platform admins for the network's events."""
    if event.municipality_id is None:
        return is_platform_admin(user)
    return is_staff(user, event)


def can_view(user: Visitor, event: Event) -> bool:
    """Anyone once published (or cancelled); drafts only for those who manage them."""
    return event.status != "draft" or can_manage(user, event)


def register_refusal(user: Visitor, event: Event) -> DomainError | None:
    """Anyone signed in, while the event is published, open for registration and ahead."""
    return services.registration_refusal(user, event)


def can_record_officials(user: Visitor, event: Event) -> bool:
    """Those who manage a training course or webinar."""
    return event.is_training and can_manage(user, event)


rules.register("events.create", can_create)
rules.register("events.manage", can_manage)
rules.register("events.view", can_view)
rules.register("events.register", Explained(register_refusal))
rules.register("events.record_officials", can_record_officials)
