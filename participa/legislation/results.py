"""What legislation counts on the network's results dashboard (core.results)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participa.core.results import ResultCount, counted_monthly
from participa.legislation.models import Draft, DraftStatus


def results() -> list[ResultCount]:
    """Drafts opened to public comment (closed ones included), per member and month of
    publication (one query)."""
    opened = Draft.status.in_((DraftStatus.PUBLISHED, DraftStatus.CLOSED))
    label = _l("Drafts opened to comment")
    return counted_monthly(Draft, Draft.published_at, opened, "drafts_opened", label, 15)
