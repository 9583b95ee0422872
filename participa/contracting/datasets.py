"""Published procurement processes and their awards, as open datasets: described in
``datasets.json``, read by the queries below (see participa.core.datasets), with the columns of
the CSV exports (``exports.py``) where they exist.

Awards live in each process's compiled release (JSON): the query unnests them with the
database's own JSON functions, so the downloads and the API stream them like any other table.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Select, String, func, select, true, type_coerce

from participa.contracting.models import Party, ProcurementProcess
from participa.core.datasets import Spelled, described, fields_of

P = ProcurementProcess


def _processes(municipality_id: int) -> Select[*tuple[Any, ...]]:
    return (
        select(
            *fields_of(P, "id", "ocid", "identifier", "title", "stage"),
            P.status.label("tender_status"),
            *fields_of(P, "procurement_method", "main_category", "year", "currency"),
            *fields_of(P, "tender_amount", "awarded_amount", "contracted_amount", "paid_amount"),
            Party.ocds_id.label("buyer_id"),
            Party.name.label("buyer_name"),
            P.red_flag_count.label("red_flags"),
            P.comments_count.label("comments"),
            P.first_published_at.label("first_release_date"),
            P.last_published_at.label("last_release_date"),
        )
        .outerjoin(Party, Party.id == P.buyer_id)
        # Published: at least one release (as exports.process_rows and the process pages).
        .where(P.municipality_id == municipality_id, P.release_count > 0)
    )


class _awards_of(Spelled):
    """The awards array of a compiled release, one row each (a column ``value``)."""

    inherit_cache = True
    spellings = {
        "default": "json_array_elements(CAST({} AS JSON) -> 'awards')",
        "sqlite": "json_each({}, '$.awards')",
    }


# The suppliers' ids or names of the award in the row, joined in one text as the CSV export
# does: fixed SQL.
class _supplier_ids(Spelled):
    type = String()
    inherit_cache = True
    spellings = {
        "default": "(SELECT string_agg(s.value ->> 'id', ' ') "
        "FROM json_array_elements(awards.value -> 'suppliers') AS s)",
        "sqlite": "(SELECT group_concat(json_extract(s.value, '$.id'), ' ') "
        "FROM json_each(awards.value, '$.suppliers') AS s)",
    }


class _supplier_names(Spelled):
    type = String()
    inherit_cache = True
    spellings = {
        "default": "(SELECT string_agg(s.value ->> 'name', '; ') "
        "FROM json_array_elements(awards.value -> 'suppliers') AS s)",
        "sqlite": "(SELECT group_concat(json_extract(s.value, '$.name'), '; ') "
        "FROM json_each(awards.value, '$.suppliers') AS s)",
    }


def _awards(municipality_id: int) -> Select[*tuple[Any, ...]]:
    # Both databases call the element column "value"; the SQL differs, see the spellings above.
    awards = _awards_of(P.compiled).table_valued("value").alias("awards")
    award = type_coerce(awards.c.value, JSON)
    award_id = award["id"].as_string()
    return (
        select(
            # OCDS award ids are unique within a process (compiled releases merge on them).
            (P.ocid + "/" + func.coalesce(award_id, "")).label("key"),
            P.id.label("process_id"),
            P.ocid.label("ocid"),
            award_id.label("award_id"),
            award["title"].as_string().label("title"),
            award["status"].as_string().label("status"),
            award["date"].as_string().label("date"),
            award[("value", "amount")].as_float().label("amount"),
            award[("value", "currency")].as_string().label("currency"),
            _supplier_ids().label("supplier_ids"),
            _supplier_names().label("supplier_names"),
            P.last_published_at.label("last_release_date"),
        )
        .select_from(P)
        # Each process's own awards (the function reads the row beside it: a lateral join).
        .join(awards, true())
        .where(P.municipality_id == municipality_id, P.release_count > 0)
    )


contributions = described(
    __package__, {"procurement-processes": _processes, "procurement-awards": _awards}
)
