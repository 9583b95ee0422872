"""Labels of the audit actions the challenges feature records, and of its audited tables."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTIONS = {
    "challenges.create": _l("Challenge created"),
    "challenges.edit": _l("Challenge edited"),
    "challenges.publish": _l("Challenge published"),
    "challenges.evaluate": _l("Challenge moved to evaluation"),
    "challenges.close": _l("Challenge closed with its report"),
    "challenges.add_partner": _l("Challenge partner added"),
    "challenges.remove_partner": _l("Challenge partner removed"),
    "challenges.shortlist": _l("Solution evaluated"),
}
TARGETS = {
    "challenges": _l("Challenge"),
    "challenge_solutions": _l("Solution to a challenge"),
}
