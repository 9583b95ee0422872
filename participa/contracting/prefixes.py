"""A municipality's OCDS prefix as procurement sees it: locked once used, followed by drafts.

Every ocid is the prefix, a hyphen and a local identifier, and a published ocid never changes;
so the prefix may change only while nothing has been published under it, and the drafts that
were given ocids under the old prefix follow the new one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from participa.contracting.models import ProcurementProcess, Release
from participa.extensions import db

if TYPE_CHECKING:
    from participa.municipalities.models import Municipality


def prefix_locked(municipality: Municipality) -> bool:
    """Whether a release has been published under the municipality's prefix."""
    if municipality.id is None:
        return False
    query = select(Release.id).where(Release.municipality_id == municipality.id).limit(1)
    return db.session.scalar(query) is not None


def prefix_used_elsewhere(municipality: Municipality, prefix: str) -> bool:
    """Whether another municipality's processes carry ocids under ``prefix``.

    Older data may hold drafts whose ocid kept a prefix their municipality has since left.
    """
    query = select(ProcurementProcess.id).where(
        ProcurementProcess.ocid.startswith(f"{prefix}-", autoescape=True),
        ProcurementProcess.municipality_id != municipality.id,
    )
    return db.session.scalar(query.limit(1)) is not None


def follow_prefix(municipality: Municipality, prefix: str | None) -> int:
    """Give the municipality's unpublished processes ocids under ``prefix``; return how many."""
    if not prefix or municipality.id is None:
        return 0
    query = select(ProcurementProcess).where(
        ProcurementProcess.municipality_id == municipality.id,
        ProcurementProcess.release_count == 0,
    )
    moved = 0
    for process in db.session.scalars(query):
        ocid = f"{prefix}-{process.identifier}"
        if process.ocid != ocid:
            process.ocid = ocid
            moved += 1
    db.session.flush()
    return moved
