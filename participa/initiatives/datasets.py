"""The initiatives, as an open dataset: described in ``datasets.json``, read by the query below
(see participa.core.datasets). Counts only: never who signed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select

from participa.core.datasets import described, fields_of
from participa.initiatives.models import Initiative
from participa.initiatives.services import PUBLIC_STATES


def _initiatives(municipality_id: int) -> Select[*tuple[Any, ...]]:
    return select(
        *fields_of(Initiative, "id", "title", "body", "state"),
        Initiative.signatures_count.label("signatures"),
        Initiative.signature_threshold.label("threshold"),
        *fields_of(Initiative, "admitted_at", "collection_ends_at", "reached_at",
                   "answer_due_at"),
        Initiative.answer_text.label("answer"),
        Initiative.answered_at.label("answered_at"),
        func.coalesce(Initiative.answered_at, Initiative.reached_at, Initiative.admitted_at,
                      Initiative.created_at).label("changed_at"),
    ).where(
        Initiative.municipality_id == municipality_id, Initiative.state.in_(PUBLIC_STATES)
    )  # fmt: skip


contributions = described(__package__, {"initiatives": _initiatives})
