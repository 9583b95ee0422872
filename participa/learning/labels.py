"""How the learning space's codes read on pages (codes are never shown)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import pgettext

KINDS: dict[str, Any] = {"offer": _l("Offer of help"), "request": _l("Request for help")}


def statuses() -> dict[str, str]:
    """The exchange statuses in the visitor's language."""
    return {
        "open": pgettext("learning exchange status", "Open"),
        "in_progress": pgettext("learning exchange status", "In progress"),
        "completed": pgettext("learning exchange status", "Completed"),
        "closed": pgettext("learning exchange status", "Closed without outcome"),
    }


def participant_statuses() -> dict[str, str]:
    """A participant's status in the visitor's language."""
    return {
        "invited": pgettext("learning participant status", "Invited"),
        "joined": pgettext("learning participant status", "Taking part"),
        "declined": pgettext("learning participant status", "Declined"),
    }
