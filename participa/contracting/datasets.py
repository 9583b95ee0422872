"""Published procurement processes and their awards, as open datasets (see
participa.core.datasets), with the columns of the CSV exports (``exports.py``) where they exist.

Awards live in each process's compiled release (JSON): the query unnests them with the
database's own JSON functions, so the downloads and the API stream them like any other table.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ColumnElement, Select, String, func, select, true, type_coerce
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from participa.contracting.models import Party, ProcurementProcess, Stage
from participa.core.datasets import Column, Dataset
from participa.core.features import Contributions

contributions = Contributions()

P = ProcurementProcess


def _processes(municipality_id: int) -> Select[*tuple[Any, ...]]:
    return (
        select(
            P.id.label("id"),
            P.ocid.label("ocid"),
            P.identifier.label("identifier"),
            P.title.label("title"),
            P.stage.label("stage"),
            P.status.label("tender_status"),
            P.procurement_method.label("procurement_method"),
            P.main_category.label("main_category"),
            P.year.label("year"),
            P.currency.label("currency"),
            P.tender_amount.label("tender_amount"),
            P.awarded_amount.label("awarded_amount"),
            P.contracted_amount.label("contracted_amount"),
            P.paid_amount.label("paid_amount"),
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


class _awards_of(FunctionElement[Any]):
    """The awards array of a compiled release, one row each (a column ``value``)."""

    inherit_cache = True


@compiles(_awards_of)
def _awards_of_postgresql(element: _awards_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_array_elements(CAST({compiler.process(element.clauses, **kw)} AS JSON) " \
        "-> 'awards')"  # fmt: skip


@compiles(_awards_of, "sqlite")
def _awards_of_sqlite(element: _awards_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_each({compiler.process(element.clauses, **kw)}, '$.awards')"


# One field of an award's suppliers joined in one text, as the CSV export does: fixed SQL.
_SUPPLIERS = {
    ("postgresql", "id"): "(SELECT string_agg(s.value ->> 'id', ' ') "
    "FROM json_array_elements(awards.value -> 'suppliers') AS s)",
    ("postgresql", "name"): "(SELECT string_agg(s.value ->> 'name', '; ') "
    "FROM json_array_elements(awards.value -> 'suppliers') AS s)",
    ("sqlite", "id"): "(SELECT group_concat(json_extract(s.value, '$.id'), ' ') "
    "FROM json_each(awards.value, '$.suppliers') AS s)",
    ("sqlite", "name"): "(SELECT group_concat(json_extract(s.value, '$.name'), '; ') "
    "FROM json_each(awards.value, '$.suppliers') AS s)",
}


class _suppliers(ColumnElement[str]):
    """The suppliers' ids (``id``) or names (``name``) of the award in the row."""

    type = String()
    inherit_cache = False

    def __init__(self, field: str) -> None:
        self.field = field


@compiles(_suppliers)
def _suppliers_postgresql(element: _suppliers, compiler: SQLCompiler, **kw: Any) -> str:
    return _SUPPLIERS["postgresql", element.field]


@compiles(_suppliers, "sqlite")
def _suppliers_sqlite(element: _suppliers, compiler: SQLCompiler, **kw: Any) -> str:
    return _SUPPLIERS["sqlite", element.field]


def _awards(municipality_id: int) -> Select[*tuple[Any, ...]]:
    # Both databases call the element column "value"; the SQL differs, see the compilers above.
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
            _suppliers("id").label("supplier_ids"),
            _suppliers("name").label("supplier_names"),
            P.last_published_at.label("last_release_date"),
        )
        .select_from(P)
        # Each process's own awards (the function reads the row beside it: a lateral join).
        .join(awards, true())
        .where(P.municipality_id == municipality_id, P.release_count > 0)
    )


contributions.add("dataset", Dataset(
    name="procurement-processes",
    title=_l("Procurement processes"),
    description=_l("Every published purchase of the municipality (Open Contracting Data "
                   "Standard), with its amounts at each stage and its red flags."),
    columns=(
        Column("id", "integer", _l("Number of the process on this platform")),
        Column("ocid", "string", _l("Open Contracting identifier (ocid)")),
        Column("identifier", "string", _l("The municipality's own reference")),
        Column("title", "string", _l("Title")),
        Column("stage", "string", _l("Latest stage reached"),
               values=tuple(s.value for s in Stage if s != Stage.DRAFT)),
        Column("tender_status", "string", _l("Status of the tender (OCDS code list)")),
        Column("procurement_method", "string", _l("Procurement method (OCDS code list)")),
        Column("main_category", "string", _l("Main category: goods, works or services")),
        Column("year", "integer", _l("Year")),
        Column("currency", "string", _l("Currency of the amounts (ISO 4217 code)")),
        Column("tender_amount", "number", _l("Estimated amount of the tender")),
        Column("awarded_amount", "number", _l("Amount awarded")),
        Column("contracted_amount", "number", _l("Amount of the signed contracts")),
        Column("paid_amount", "number", _l("Amount paid so far")),
        Column("buyer_id", "string", _l("Identifier of the buying body")),
        Column("buyer_name", "string", _l("Name of the buying body")),
        Column("red_flags", "integer", _l("Red flags raised by the platform's checks (see the "
                                          "process page for which)")),
        Column("comments", "integer", _l("Comments visible to everyone")),
        Column("first_release_date", "datetime", _l("When it was first published")),
        Column("last_release_date", "datetime", _l("When it was last published")),
    ),
    query=_processes,
    changed="last_release_date",
    keywords=("contratación", "compras públicas", "procurement", "OCDS"),
))  # fmt: skip
contributions.add("dataset", Dataset(
    name="procurement-awards",
    title=_l("Procurement awards"),
    description=_l("The awards of every published purchase: who won it, when and for how "
                   "much."),
    columns=(
        Column("key", "string", _l("The ocid and the award identifier together")),
        Column("process_id", "integer", _l("The process (see the procurement processes "
                                           "dataset)")),
        Column("ocid", "string", _l("Open Contracting identifier (ocid) of the process")),
        Column("award_id", "string", _l("Identifier of the award within the process")),
        Column("title", "string", _l("Title")),
        Column("status", "string", _l("Status of the award (OCDS code list)")),
        Column("date", "string", _l("Date of the award, as published")),
        Column("amount", "number", _l("Amount awarded")),
        Column("currency", "string", _l("Currency (ISO 4217 code)")),
        Column("supplier_ids", "string", _l("Identifiers of the suppliers, separated by "
                                            "spaces")),
        Column("supplier_names", "string", _l("Names of the suppliers, separated by "
                                              "semicolons")),
        Column("last_release_date", "datetime", _l("When the process was last published")),
    ),
    query=_awards,
    key="key",
    changed="last_release_date",
    keywords=("contratación", "adjudicaciones", "procurement", "OCDS"),
))  # fmt: skip
