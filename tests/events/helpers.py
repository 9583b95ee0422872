"""Events for the tests, made through the services (as staff would)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from participa.db import utcnow
from participa.events import services
from participa.events.models import Event
from participa.events.services import EventData
from participa.extensions import db
from tests import factories


def make_event(
    member: Any, *, actor: Any = None, publish: bool = True, days: float = 7, **fields: Any
) -> Event:
    """An event of ``member`` (None: the network) starting in ``days`` days, for two hours."""
    actor = actor or factories.UserFactory(is_platform_admin=True)
    starts = utcnow() + timedelta(days=days)
    values: dict[str, Any] = {
        "title": "Reunión de vecinos",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "address": "Plaza central",
        "registration_open": True,
    }
    values.update(fields)
    event = services.create_event(member, EventData(**values), actor=actor)
    if publish:
        services.publish_event(event, actor=actor)
    db.session.commit()
    return event


def past_event(member: Any, **fields: Any) -> Event:
    """A published event that took place a week ago."""
    fields.setdefault("registration_open", False)
    return make_event(member, days=-7, **fields)
