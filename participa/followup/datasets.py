"""Follow-up results, as an open dataset (see participa.core.datasets)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from participa.core.datasets import Column, Dataset
from participa.core.features import Contributions
from participa.followup.models import STATUSES, Result

contributions = Contributions()


def _results(municipality_id: int) -> Select[*tuple[Any, ...]]:
    # Every result is public, as on the follow-up pages.
    return select(
        Result.id.label("id"),
        Result.title.label("title"),
        Result.description.label("description"),
        Result.source_kind.label("source_kind"),
        Result.source_id.label("source_id"),
        Result.status.label("status"),
        Result.progress.label("progress"),
        Result.district.label("district"),
        Result.start_date.label("start_date"),
        Result.end_date.label("end_date"),
        Result.amount.label("amount"),
        Result.currency.label("currency"),
        Result.last_update_at.label("last_update_at"),
        Result.created_at.label("created_at"),
        Result.updated_at.label("updated_at"),
    ).where(Result.municipality_id == municipality_id)


contributions.add("dataset", Dataset(
    name="followup-results",
    title=_l("Follow-up of results"),
    description=_l("What became of what citizens decided: each accepted proposal or funded "
                   "project, its status, progress, dates and amount."),
    columns=(
        Column("id", "integer", _l("Number of the result")),
        Column("title", "string", _l("Title")),
        Column("description", "string", _l("Description, in Markdown")),
        Column("source_kind", "string", _l("Kind of decision it carries out (proposal, "
                                           "budget project, ...)")),
        Column("source_id", "integer", _l("Number of that decision in its own dataset")),
        Column("status", "string", _l("Status"), values=STATUSES),
        Column("progress", "integer", _l("Progress, in percent (0 to 100)")),
        Column("district", "string", _l("District (empty when none)")),
        Column("start_date", "date", _l("Start date")),
        Column("end_date", "date", _l("End date, planned or actual")),
        Column("amount", "number", _l("Amount voted or set aside, in the currency given")),
        Column("currency", "string", _l("Currency (ISO 4217 code)")),
        Column("last_update_at", "datetime", _l("When staff last published an update")),
        Column("created_at", "datetime", _l("When it was created")),
        Column("updated_at", "datetime", _l("Last change")),
    ),
    query=_results,
    changed="updated_at",
    keywords=("seguimiento", "resultados", "follow-up"),
))  # fmt: skip
