"""Catalogue facts, downloads, schemas and catalogues built from the declared datasets."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from participa.core import audit
from participa.core.datasets import Dataset
from participa.core.errors import DomainError
from participa.extensions import db
from participa.opendata.models import DEFAULT_LICENCE, OpenDataSettings

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.municipalities.models import Municipality

# SPDX identifiers of the open licences a municipality may choose, with their titles and texts.
LICENCES: dict[str, tuple[Any, str]] = {
    "CC-BY-4.0": (_l("Creative Commons Attribution 4.0"),
                  "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": (_l("Creative Commons Attribution-ShareAlike 4.0"),
                     "https://creativecommons.org/licenses/by-sa/4.0/"),
    "CC0-1.0": (_l("Creative Commons Zero (public domain)"),
                "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODbL-1.0": (_l("Open Database License 1.0"), "https://opendatacommons.org/licenses/odbl/1-0/"),
}  # fmt: skip


# Settings ----------------------------------------------------------------------------------------


def settings_of(municipality: Municipality) -> OpenDataSettings:
    """The municipality's settings (the defaults when it never saved any)."""
    found = db.session.get(OpenDataSettings, municipality.id)
    return found or OpenDataSettings(municipality_id=municipality.id, licence=DEFAULT_LICENCE)


def save_settings(municipality: Municipality, *, actor: User, licence: str) -> OpenDataSettings:
    """Change the licence of the municipality's open data."""
    if licence not in LICENCES:
        raise DomainError(_l("Choose one of the licences offered."), status=422)
    settings = db.session.get(OpenDataSettings, municipality.id)
    if settings is None:
        settings = OpenDataSettings(municipality_id=municipality.id)
        db.session.add(settings)
    before = settings.licence
    settings.licence = licence
    db.session.flush()
    audit.record("opendata.settings_saved", actor=actor, municipality=municipality,
                 licence=licence, previous=before)  # fmt: skip
    return settings


# Facts and rows ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    rows: int
    last_modified: datetime | None
    # Sums of the whole-number columns: counters (supports, votes) change without a timestamp.
    totals: tuple[int, ...] = ()


def facts(dataset: Dataset, municipality_id: int) -> Facts:
    """How many rows the dataset has in the municipality, when one last changed, its totals."""
    sub = dataset.query(municipality_id).subquery()
    counters = [c.name for c in dataset.columns if c.type == "integer" and c.name != dataset.key]
    measures: list[Any] = [
        func.count(),
        func.max(sub.c[dataset.changed]) if dataset.changed else None,
    ]
    measures += [func.sum(sub.c[name]) for name in counters]
    row = db.session.execute(select(*measures).select_from(sub)).one()
    count, *rest = row
    last = rest.pop(0) if dataset.changed else None
    if isinstance(last, str):  # SQLite returns max() of a timestamp as text
        last = datetime.fromisoformat(last)
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=UTC)
    return Facts(rows=int(count or 0), last_modified=last,
                 totals=tuple(int(v or 0) for v in rest))  # fmt: skip


def etag(dataset: Dataset, municipality_id: int, found: Facts, variant: str) -> str:
    """A validator that changes whenever a row is added, removed or changed."""
    stamp = found.last_modified.isoformat() if found.last_modified else ""
    text = f"{dataset.name}|{municipality_id}|{found.rows}|{stamp}|{found.totals}|{variant}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


# Most cells are whole numbers and text: checked first, by exact type, as millions are written.
_AS_IS = frozenset({int, str, float})


def plain(value: Any) -> Any:
    """A value as JSON and CSV carry it: UTC timestamps, ISO dates, numbers."""
    if type(value) in _AS_IS or value is None:
        return value
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        # isoformat is several times faster than strftime and gives the same text here.
        return value.astimezone(UTC).replace(tzinfo=None, microsecond=0).isoformat() + "Z"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def csv_value(value: Any) -> Any:
    if type(value) in _AS_IS:
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return plain(value)


def stream(session: Session, dataset: Dataset, municipality_id: int) -> Iterator[Sequence[Any]]:
    """Every row, in key order, read a few thousand at a time."""
    query = dataset.query(municipality_id)
    sub = query.subquery()
    ordered = select(sub).order_by(sub.c[dataset.key])
    yield from session.execute(ordered.execution_options(yield_per=2000))


def page(
    dataset: Dataset,
    municipality_id: int,
    *,
    after: Any = None,
    changed_since: datetime | None = None,
    limit: int = 100,
    filters: dict[str, Any] | None = None,
    descending: bool = False,
) -> list[dict[str, Any]]:
    """Up to ``limit`` rows past the key ``after``, changed since a time, matching filters."""
    sub = dataset.query(municipality_id).subquery()
    key = sub.c[dataset.key]
    query = select(sub).order_by(key.desc() if descending else key).limit(limit)
    if after is not None:
        query = query.where(key < after if descending else key > after)
    for name, value in (filters or {}).items():
        query = query.where(sub.c[name] == value)
    if changed_since is not None and dataset.changed:
        query = query.where(sub.c[dataset.changed] >= changed_since)
    names = [c.name for c in dataset.columns]
    return [
        {name: plain(value) for name, value in zip(names, row, strict=True)}
        for row in db.session.execute(query)
    ]


def json_lines(
    session: Session, dataset: Dataset, municipality_id: int,
    rows: Iterable[Sequence[Any]] | None = None,
) -> Iterator[str]:  # fmt: skip
    """The dataset as one JSON array of objects, a row at a time (``rows``: already read)."""
    import json

    names = [c.name for c in dataset.columns]
    yield "["
    if rows is None:
        rows = stream(session, dataset, municipality_id)
    for n, row in enumerate(rows):
        item = {name: plain(value) for name, value in zip(names, row, strict=True)}
        yield ("," if n else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]\n"


def csv_cells(rows: Iterable[Sequence[Any]]) -> Iterator[list[Any]]:
    for row in rows:
        yield [csv_value(v) for v in row]


def type_labels() -> dict[str, Any]:
    """How the data dictionary names each column type."""
    return {
        "integer": _l("whole number"),
        "number": _l("number"),
        "string": _l("text"),
        "boolean": _l("yes or no (true, false)"),
        "datetime": _l("date and time, UTC (ISO 8601)"),
        "date": _l("date (ISO 8601)"),
    }


# Schemas and catalogues --------------------------------------------------------------------------


def table_schema(dataset: Dataset) -> dict[str, Any]:
    """The Frictionless table schema of the dataset (descriptions in the current language)."""
    return {
        "fields": [
            {"name": c.name, "type": c.type, "description": str(c.description)}
            | ({"constraints": {"enum": list(c.values)}} if c.values else {})
            for c in dataset.columns
        ],
        "primaryKey": [dataset.key],
    }


def licence_of(settings: OpenDataSettings) -> dict[str, str]:
    title, path = LICENCES.get(settings.licence, LICENCES[DEFAULT_LICENCE])
    return {"name": settings.licence, "title": str(title), "path": path}
