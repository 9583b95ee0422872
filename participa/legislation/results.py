"""What legislation counts on the network's results dashboard (core.results)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from participa.core.results import ResultCount, month_of, monthly
from participa.extensions import db
from participa.legislation.models import Draft, DraftStatus


def results() -> list[ResultCount]:
    """Drafts opened to public comment (closed ones included), per member and month of
    publication (one query)."""
    month = month_of(Draft.published_at)
    rows = db.session.execute(
        select(Draft.municipality_id, month, func.count())
        .where(
            Draft.status.in_((DraftStatus.PUBLISHED, DraftStatus.CLOSED)),
            Draft.published_at.is_not(None),
        )
        .group_by(Draft.municipality_id, month)
    )
    return monthly(rows, "drafts_opened", _l("Drafts opened to comment"), order=15)
