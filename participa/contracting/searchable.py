"""What site-wide search shows of procurement: processes with at least one published release."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from participa.contracting.models import PROCESS_KIND, ProcurementProcess
from participa.core.features import Contributions
from participa.core.search import page_document

contributions = Contributions()


def process_document(process: ProcurementProcess) -> dict[str, Any] | None:
    """The search document of ``process``, or None while nothing of it is published."""
    if not process.is_published:
        return None
    return page_document(
        process,
        "contracting.detail",
        process_id=process.id,
        body=process.description or "",
        dated_at=process.last_published_at or process.created_at,
    )


contributions.add(
    "searchable",
    PROCESS_KIND,
    ProcurementProcess,
    label=_l("Contracting processes"),
    document=process_document,
    watch=("title", "description", "release_count", "last_published_at"),
    order=50,
)
