"""iCalendar feeds of public events (RFC 5545), through the ``icalendar`` library."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from flask import request
from flask_babel import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from participa.core.text import markdown_text
from participa.events import services
from participa.events.models import Event

if TYPE_CHECKING:
    from participa.municipalities.models import Municipality


def calendar(member: Municipality | None, events: Iterable[Event]) -> bytes:
    """A calendar with ``events``, named after the member (or the network)."""
    cal = Calendar()
    cal.add("prodid", "-//Participa//events//EN")
    cal.add("version", "2.0")
    name = member.name if member is not None else _("Network events")
    cal.add("x-wr-calname", _("%(name)s: events", name=name) if member is not None else name)
    host = request.host.split(":")[0] or "participa"
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", f"event-{event.id}@{host}")
        entry.add("summary", event.title)
        entry.add("dtstart", event.starts_at)
        entry.add("dtend", event.ends_at)
        entry.add("dtstamp", event.published_at or event.created_at)
        entry.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
        entry.add("categories", [services.kind_label(event.kind)])
        url = services.event_url(event, external=True)
        entry.add("url", url)
        text = markdown_text(event.description)
        if event.online_url:
            text = f"{text}\n\n{_('Join online')}: {event.online_url}".strip()
        entry.add("description", f"{text}\n\n{url}".strip())
        if event.address:
            entry.add("location", event.address)
        elif event.online_url:
            entry.add("location", event.online_url)
        cal.add_component(entry)
    return bytes(cal.to_ical())
