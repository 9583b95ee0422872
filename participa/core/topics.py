"""The network's practice topics: what members train on, exchange about and publish guides on.

One list for the whole network (trainings, exchanges, the library, challenges), so results can be
counted per topic across features. Stored as the code; shown with :func:`topic_label`.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

TOPICS: dict[str, Any] = {
    "participation": _l("Citizen participation"),
    "open_government": _l("Open government and transparency"),
    "open_data": _l("Open data and data repositories"),
    "open_contracting": _l("Open contracting"),
    "crowdlaw": _l("Collaborative lawmaking"),
    "innovation_labs": _l("Public innovation labs"),
    "digital_government": _l("Digital government and services"),
    "security": _l("Citizen security and its indicators"),
    "volunteering": _l("Volunteering"),
    "gender_inclusion": _l("Gender and inclusion"),
    "environment": _l("Environment and climate"),
    "digital_economy": _l("Digital economy"),
}


def topic_label(code: str | None) -> str:
    """The translated name of a topic code; an unknown code shows as itself."""
    return str(TOPICS[code]) if code in TOPICS else (code or "")


def topic_choices() -> list[tuple[str, str]]:
    """(code, label) pairs for a form's select, in the list's order."""
    return [(code, str(label)) for code, label in TOPICS.items()]
