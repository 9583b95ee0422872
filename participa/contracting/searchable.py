"""What site-wide search shows of procurement: processes with at least one published release."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from participa.contracting.models import ProcurementProcess
from participa.core.features import Contributions

contributions = Contributions()


def process_document(process: ProcurementProcess) -> dict[str, Any] | None:
    """The search document of ``process``, or None while nothing of it is published."""
    if not process.is_published:
        return None
    return {
        "title": process.title,
        "body": process.description or "",
        "municipality_id": process.municipality_id,
        "endpoint": "contracting.detail",
        "url_args": {"process_id": process.id},
        "dated_at": process.last_published_at or process.created_at,
    }


contributions.add(
    "searchable",
    "procurement",
    ProcurementProcess,
    label=_l("Contracting processes"),
    document=process_document,
    watch=("title", "description", "release_count", "last_published_at"),
    order=50,
)
