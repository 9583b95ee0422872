"""Open datasets: what a feature publishes about its municipality, declared once.

A feature contributes ``("dataset", Dataset(...))`` entries in its manifest; the open-data
feature turns each into a catalogue entry, a data dictionary, CSV and JSON downloads, a
Frictionless table schema, DCAT records and API endpoints. A dataset is a SQL query whose
selected columns are labelled with the column names, so the downloads stream it, the API pages
it by ``key`` and harvests it by ``changed``, and nothing is written twice.

Column names are fixed identifiers: they never change with the installed languages; their
titles and descriptions are translated.

What a dataset is, as opposed to how it is read, is data: each feature describes its datasets in
a ``datasets.json`` beside its ``datasets.py``, as Frictionless resources (``name``, ``title``,
``description``, ``keywords`` and a table ``schema`` whose ``fields`` have a ``name``, a ``type``,
a ``description`` and, where the values need their own words, ``constraints.enum``) plus
``changed``, the field of each row's last change. Titles and descriptions are written in English,
the msgids that ``extract_messages`` hands to ``pybabel extract``; ``datasets.py`` keeps only the
queries and binds them by dataset name with :func:`described`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import IO, Any, ClassVar

from flask_babel import lazy_gettext as _l
from sqlalchemy import Label, Select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from participa.core.features import Contributions

# Frictionless Data table schema types used by the platform's datasets.
TYPES = ("integer", "number", "string", "boolean", "datetime", "date")

# Where a feature package describes its datasets.
FILE = "datasets.json"

# A dataset's query: the municipality's rows, selected columns labelled with the field names.
Query = Callable[[int], Select[*tuple[Any, ...]]]


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
    query: Query
    # The column that orders the rows and pages the API (unique, increasing).
    key: str = "id"
    # The column holding each row's last change, for "changed since" and Last-Modified.
    changed: str | None = None
    # Keywords for catalogues (DCAT).
    keywords: tuple[str, ...] = field(default_factory=tuple)
    # The feature publishing it: a member of a kind it does not serve has no such dataset.
    feature: str | None = None

    def __post_init__(self) -> None:
        names = [c.name for c in self.columns]
        if self.key not in names or (self.changed and self.changed not in names):
            raise ValueError(f"dataset {self.name!r}: key and changed must be columns")


def fields_of(model: Any, *names: str) -> list[Label[Any]]:
    """``model``'s columns called ``names``, each labelled with its own name: the fields a dataset
    publishes as they are stored."""
    return [getattr(model, name).label(name) for name in names]


class Spelled(FunctionElement[Any]):
    """SQL that each database spells its own way: a subclass sets ``spellings``, a template per
    dialect name (``"default"`` for the others) where ``{}`` stands for its compiled arguments."""

    inherit_cache = True  # a subclass is one fixed spelling: its class keys the SQL cache
    spellings: ClassVar[dict[str, str]] = {}


@compiles(Spelled)
def _spell(element: Spelled, compiler: SQLCompiler, **kw: Any) -> str:
    spellings = element.spellings
    template = spellings.get(compiler.dialect.name, spellings["default"])
    return template.format(compiler.process(element.clauses, **kw))


# The descriptions: one ``datasets.json`` beside each feature's ``datasets.py`` --------------------


def _read(package: str) -> list[dict[str, Any]]:
    text = resources.files(package).joinpath(FILE).read_text(encoding="utf-8")
    entries: list[dict[str, Any]] = json.loads(text)["datasets"]
    return entries


def _column(field: dict[str, Any]) -> Column:
    enum = field.get("constraints", {}).get("enum", ())
    return Column(field["name"], field["type"], _l(field["description"]), values=tuple(enum))


def described(package: str, queries: Mapping[str, Query]) -> Contributions:
    """The ``dataset`` contributions of the feature ``package``: the datasets its
    ``datasets.json`` describes, each answered by the query of the same name in ``queries``."""
    entries = _read(package)
    if sorted(queries) != sorted(e["name"] for e in entries):
        raise ValueError(f"{package}: {FILE} and the queries name different datasets")
    contributions = Contributions()
    for entry in entries:
        schema = entry["schema"]
        (key,) = schema["primaryKey"]
        contributions.add("dataset", Dataset(
            name=entry["name"],
            title=_l(entry["title"]),
            description=_l(entry["description"]),
            columns=tuple(_column(f) for f in schema["fields"]),
            query=queries[entry["name"]],
            key=key,
            changed=entry.get("changed"),
            keywords=tuple(entry.get("keywords", ())),
            feature=package.rsplit(".", 1)[-1],
        ))  # fmt: skip
    return contributions


def extract_messages(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel extractor for ``datasets.json`` files (see ``babel.cfg``): every title and
    description, in English, as msgids."""
    text = fileobj.read().decode("utf-8")
    for entry in json.loads(text)["datasets"]:
        fields = entry["schema"]["fields"]
        for message in (entry["title"], entry["description"], *(f["description"] for f in fields)):
            # The line of the string, so translators' references point at it.
            at = text.find(json.dumps(message, ensure_ascii=False))
            yield text.count("\n", 0, max(at, 0)) + 1, None, message, []
