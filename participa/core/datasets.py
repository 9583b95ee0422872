"""Open datasets: what a feature publishes about its municipality, declared once.

A feature contributes ``("dataset", Dataset(...))`` entries in its manifest; the open-data
feature turns each into a catalogue entry, a data dictionary, CSV and JSON downloads, a
Frictionless table schema, DCAT records and API endpoints. A dataset is a SQL query whose
selected columns are labelled with the column names, so the downloads stream it, the API pages
it by ``key`` and harvests it by ``changed``, and nothing is written twice.

Column names are fixed identifiers: they never change with the installed languages; their
titles and descriptions are translated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select

# Frictionless Data table schema types used by the platform's datasets.
TYPES = ("integer", "number", "string", "boolean", "datetime", "date")


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: Any  # lazy_gettext: shown in the reader's language
    # Shown in the dictionary when the meaning of a value needs its own words.
    values: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"column {self.name!r}: unknown type {self.type!r}")


@dataclass(frozen=True)
class Dataset:
    name: str  # lowercase words joined by hyphens, unique on the platform
    title: Any
    description: Any
    columns: tuple[Column, ...]
    # The municipality's rows: columns labelled with the column names, in this order.
    query: Callable[[int], Select[*tuple[Any, ...]]]
    # The column that orders the rows and pages the API (unique, increasing).
    key: str = "id"
    # The column holding each row's last change, for "changed since" and Last-Modified.
    changed: str | None = None
    # Keywords for catalogues (DCAT).
    keywords: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        names = [c.name for c in self.columns]
        if self.key not in names or (self.changed and self.changed not in names):
            raise ValueError(f"dataset {self.name!r}: key and changed must be columns")
