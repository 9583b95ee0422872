"""The member's library catalogue, as an open dataset: described in ``datasets.json``, read by
the query below (see participa.core.datasets). Metadata only: the documents stay on the pages."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from participa.core.datasets import described, fields_of
from participa.library.models import LibraryEntry, Status


def _entries(municipality_id: int) -> Select[*tuple[Any, ...]]:
    # Published entries only, as on the library pages.
    return select(
        *fields_of(LibraryEntry, "id", "kind", "title", "summary", "topic", "language"),
        *fields_of(LibraryEntry, "licence", "year", "authors", "published_at", "updated_at"),
    ).where(
        LibraryEntry.municipality_id == municipality_id, LibraryEntry.status == Status.PUBLISHED
    )


contributions = described(__package__, {"library-entries": _entries})
