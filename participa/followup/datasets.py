"""Follow-up results, as an open dataset: described in ``datasets.json``, read by the query
below (see participa.core.datasets)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from participa.core.datasets import described, fields_of
from participa.followup.models import Result


def _results(municipality_id: int) -> Select[*tuple[Any, ...]]:
    # Every result is public, as on the follow-up pages.
    return select(
        *fields_of(Result, "id", "title", "description", "source_kind", "source_id", "status"),
        *fields_of(Result, "progress", "district", "start_date", "end_date", "amount"),
        *fields_of(Result, "currency", "last_update_at", "created_at", "updated_at"),
    ).where(Result.municipality_id == municipality_id)


contributions = described(__package__, {"followup-results": _results})
