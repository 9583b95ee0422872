"""Releases in the OCDS flattened layout Flatten Tool reads and writes.

One sheet per array of objects (``releases`` for the releases themselves); headers are JSON
paths with ``0`` for each array (``tender/items/0/id``); every row carries the ``ocid`` and
release ``id`` it belongs to, and the ids of the objects above it, so Flatten Tool's
``unflatten`` puts each row back where it came from. Arrays of strings are joined by ``;``.

``unflatten`` reads the same layout back (what the import page accepts): every row of every
sheet becomes part of the release named by its ``ocid`` and ``id``, objects in arrays are
merged by their ``id``, and cells are turned into numbers, booleans and arrays as the release
schema says, as Flatten Tool does with a schema.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from participa.contracting.validation import field_label
from participa.core.uploads import format_size

MAIN = "releases"
KEYS = ("ocid", "id")

# The import template: the main sheet of the layout, with the columns a municipality's purchase
# usually needs (one buyer, one supplier, one award and one contract per release). More of any
# array go in further numbered columns (parties/2/...) or in their own sheets, zipped.
TEMPLATE = (
    "ocid", "id", "date", "tag", "initiationType", "buyer/id", "buyer/name",
    *(f"parties/{n}/{f}" for n in (0, 1)
      for f in ("id", "name", "roles", "identifier/scheme", "identifier/id")),
    "tender/id", "tender/title", "tender/description", "tender/status",
    "tender/procurementMethod", "tender/procurementMethodDetails",
    "tender/mainProcurementCategory", "tender/value/amount", "tender/value/currency",
    "tender/tenderPeriod/startDate", "tender/tenderPeriod/endDate", "tender/numberOfTenderers",
    "awards/0/id", "awards/0/status", "awards/0/date", "awards/0/value/amount",
    "awards/0/value/currency", "awards/0/suppliers/0/id", "awards/0/suppliers/0/name",
    "contracts/0/id", "contracts/0/awardID", "contracts/0/status", "contracts/0/dateSigned",
    "contracts/0/value/amount", "contracts/0/value/currency", "contracts/0/period/endDate",
)  # fmt: skip
# What the release schema requires of every release.
REQUIRED = frozenset({"ocid", "id", "date", "tag", "initiationType"})


def template_columns() -> list[tuple[str, str, bool]]:
    """(header, readable field name, required) of each column of the import template."""
    return [(h, field_label([int(p) if _is_index(p) else p for p in h.split("/")]), h in REQUIRED)
            for h in TEMPLATE]  # fmt: skip


def _sheet_name(path: tuple[str, ...]) -> str:
    # Flatten Tool's names: the array's path, parents cut to three letters (tender/items ->
    # ten_items), so names stay short enough for spreadsheet tabs.
    return "_".join([p[:3] for p in path[:-1]] + [path[-1]])


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


class Sheets:
    """Rows and headers of each sheet, in first-seen order."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {MAIN: []}
        self.headers: dict[str, dict[str, None]] = {MAIN: dict.fromkeys(KEYS)}

    def add(self, sheet: str, row: dict[str, Any]) -> None:
        self.rows.setdefault(sheet, []).append(row)
        self.headers.setdefault(sheet, {}).update(dict.fromkeys(row))

    def release(self, release: Mapping[str, Any]) -> None:
        """Spread one release over the sheets."""
        keys = {k: release.get(k) for k in KEYS}
        row = dict(keys)
        self._object(release, "", (), row, keys)
        self.add(MAIN, row)

    def _object(self, value: Mapping[str, Any], prefix: str, arrays: tuple[str, ...],
                row: dict[str, Any], keys: dict[str, Any]) -> None:  # fmt: skip
        for name, item in value.items():
            path = f"{prefix}{name}"
            if isinstance(item, Mapping):
                # Rows of arrays inside an object with an id (tender) name it too.
                inner = {**keys, f"{path}/id": item["id"]} if "id" in item else keys
                self._object(item, f"{path}/", arrays, row, inner)
            elif isinstance(item, list):
                if any(isinstance(x, Mapping) for x in item):
                    self._array(item, path, (*arrays, name), keys)
                elif item:
                    row[path] = ";".join(str(_cell(x)) for x in item)
            elif item is not None and (path not in KEYS or prefix):
                row[path] = _cell(item)

    def _array(self, items: list[Any], path: str, arrays: tuple[str, ...],
               keys: dict[str, Any]) -> None:  # fmt: skip
        sheet = _sheet_name(tuple(p for p in path.split("/") if p != "0"))
        for entry in items:
            if not isinstance(entry, Mapping):
                continue
            row = dict(keys)
            inner = dict(keys)
            if "id" in entry:
                # Children of this entry name it by its id, as Flatten Tool expects.
                inner[f"{path}/0/id"] = entry["id"]
            self._object(entry, f"{path}/0/", arrays, row, inner)
            self.add(sheet, row)

    def csv_files(self) -> Iterable[tuple[str, str]]:
        """(file name, CSV text) of each sheet."""
        for sheet, rows in self.rows.items():
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=list(self.headers[sheet]))
            writer.writeheader()
            writer.writerows(rows)
            yield f"{sheet}.csv", buffer.getvalue()


def flatten(releases: Iterable[Mapping[str, Any]]) -> Sheets:
    """The sheets of ``releases``."""
    sheets = Sheets()
    for release in releases:
        sheets.release(release)
    return sheets


def zipped(sheets: Sheets) -> bytes:
    """A zip file with one CSV per sheet (what Flatten Tool's ``-f csv`` reads as a folder)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in sheets.csv_files():
            archive.writestr(name, text)
    return buffer.getvalue()


# Reading the layout back --------------------------------------------------------------------------

_INTEGER = re.compile(r"-?\d+")
_TRUE, _FALSE = {"true", "yes", "1"}, {"false", "no", "0"}
# Sheets in a zip and columns in a sheet: far more than any real file has, few enough that a
# crafted one cannot make the import slow.
MAX_SHEETS = 100
MAX_COLUMNS = 1000


@dataclass(frozen=True)
class CellProblem:
    sheet: str
    row: int  # the line in the sheet, the header being line 1
    column: str
    message: str


class Unreadable(ValueError):
    """The upload is not a flattened file this module can read (the message says why)."""


def is_flat_header(header: Iterable[str]) -> bool:
    """Whether a CSV header is the flattened layout (JSON paths keyed by ``ocid``)."""
    return "ocid" in {h.strip().lstrip("\ufeff") for h in header}


def read_sheets(content: bytes, *, max_bytes: int) -> dict[str, list[dict[str, str]]]:
    """The sheets of a zip of CSV files, or of one CSV file (the main sheet).

    ``max_bytes`` bounds the text read once unzipped, whatever the zip claims."""
    if not content.startswith(b"PK"):
        return {MAIN: _rows(_text(content, MAIN))}
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, ValueError, NotImplementedError, EOFError):
        raise Unreadable(_("The file is not a zip archive that can be read.")) from None
    if len(members) > MAX_SHEETS:
        raise Unreadable(
            ngettext(
                "The archive has more than %(num)s file.",
                "The archive has more than %(num)s files.",
                MAX_SHEETS,
            )
        )
    sheets: dict[str, list[dict[str, str]]] = {}
    budget = max_bytes
    for member in members:
        name = member.filename.rsplit("/", 1)[-1]
        if not name.lower().endswith(".csv"):
            raise Unreadable(_("%(name)s is not a CSV file; the archive may hold only CSV "
                               "sheets.", name=name[:80]))  # fmt: skip
        try:
            with archive.open(member) as handle:
                data = handle.read(budget + 1)
        except (zipfile.BadZipFile, ValueError, NotImplementedError, EOFError, OSError):
            raise Unreadable(_("%(name)s cannot be read from the archive.",
                               name=name[:80])) from None  # fmt: skip
        budget -= len(data)
        if budget < 0:
            raise Unreadable(_("Once unzipped, the sheets are larger than %(size)s.",
                               size=format_size(max_bytes)))  # fmt: skip
        sheets[name[:-4]] = _rows(_text(data, name))
    if MAIN not in sheets:
        raise Unreadable(_("The archive has no releases.csv sheet."))
    return sheets


def _text(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Unreadable(_("%(name)s is not UTF-8 text.", name=name[:80]))  # pragma: no cover


def _rows(text: str) -> list[dict[str, str]]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip() for h in next(reader, [])]
        if len(header) > MAX_COLUMNS:
            raise Unreadable(
                ngettext(
                    "A sheet has more than %(num)s column.",
                    "A sheet has more than %(num)s columns.",
                    MAX_COLUMNS,
                )
            )
        return [{h: (v or "").strip() for h, v in zip(header, row, strict=False) if h}
                for row in reader]  # fmt: skip
    except csv.Error as exc:
        raise Unreadable(_("A sheet is not valid CSV (%(error)s).", error=str(exc)[:120])) from None


def unflatten(
    sheets: Mapping[str, Iterable[Mapping[str, str]]], schema: Mapping[str, Any]
) -> tuple[list[dict[str, Any]], list[CellProblem]]:
    """The releases the sheets describe, in first-seen order, and the cells that could not be
    read as their schema type."""
    releases: dict[tuple[str, str], dict[str, Any]] = {}
    problems: list[CellProblem] = []
    types = _Types(schema)
    for sheet, rows in sheets.items():
        for line, row in enumerate(rows, start=2):
            found: dict[str, Any] = {}
            for header, cell in row.items():
                if cell == "":
                    continue
                parts = [p for p in header.split("/") if p != ""]
                if not parts or _is_index(parts[-1]):
                    problems.append(CellProblem(sheet, line, header, str(_l(
                        "is not a path to a field (it ends with a number)"))))  # fmt: skip
                    continue
                try:
                    _put(found, parts, types.convert(tuple(parts), cell))
                except ValueError as exc:
                    problems.append(CellProblem(sheet, line, header, str(exc)))
            if not found:
                continue
            ocid, release_id = found.get("ocid"), found.get("id")
            if not isinstance(ocid, str) or not isinstance(release_id, str):
                problems.append(CellProblem(sheet, line, "ocid" if not ocid else "id", str(_l(
                    "is required: it says which release the row belongs to"))))  # fmt: skip
                continue
            release = releases.setdefault((ocid, release_id), {})
            _merge(release, _prune(found))
    return list(releases.values()), problems


def _is_index(part: str) -> bool:
    """A path step that is a position in a list: ASCII digits (str.isdigit accepts ``"²"``,
    which int() refuses)."""
    return part.isascii() and part.isdigit()


def _put(target: dict[str, Any], parts: list[str], value: Any) -> None:
    node: Any = target
    for part, after in itertools.pairwise(parts):
        if _is_index(part):
            if not isinstance(node, list):
                raise ValueError(_l("is not a path to a field (it starts with a number)"))
            index = int(part)
            if index >= MAX_COLUMNS:
                raise ValueError(_l("has a position larger than any sheet can hold"))
            node.extend({} for _ in range(index + 1 - len(node)))
            node = node[index]
        else:
            node = node.setdefault(part, [] if _is_index(after) else {})
            if not isinstance(node, list if _is_index(after) else dict):
                raise ValueError(_l("does not fit the other columns of this field"))
    if isinstance(node, dict) and isinstance(node.get(parts[-1]), dict | list):
        raise ValueError(_l("does not fit the other columns of this field"))
    node[parts[-1]] = value


def _prune(value: Any) -> Any:
    # Columns of the second party but not the first leave an empty first one behind.
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_prune(v) for v in value if v != {}]
    return value


def _merge(into: dict[str, Any], new: Mapping[str, Any]) -> None:
    for key, value in new.items():
        old = into.get(key)
        if old is None:
            into[key] = value
        elif isinstance(old, dict) and isinstance(value, dict):
            _merge(old, value)
        elif isinstance(old, list) and isinstance(value, list) and _objects(old + value):
            for item in value:
                same = next((o for o in old if "id" in item and o.get("id") == item["id"]), None)
                if same is None:
                    old.append(item)
                else:
                    _merge(same, item)
        # Otherwise the first sheet to give a value wins, as in Flatten Tool.


def _objects(items: list[Any]) -> bool:
    return all(isinstance(i, dict) for i in items)


class _Types:
    """The schema type of each path, references followed, remembered per path."""

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self.schema = schema
        self.lookup = cache(self._type)

    def _resolve(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        while "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                return {}
            target: Any = self.schema
            for step in ref[2:].split("/"):
                target = target.get(step, {})
            node = target
        return node

    def _type(self, path: tuple[str, ...]) -> tuple[str, str | None]:
        node = self._resolve(self.schema)
        for part in path:
            key = "items" if _is_index(part) else "properties"
            inner = node.get(key, {})
            node = self._resolve(inner if _is_index(part) else inner.get(part, {}))
        kind = _first_type(node.get("type"))
        items = _first_type(self._resolve(node.get("items", {})).get("type"))
        return kind, items

    def convert(self, path: tuple[str, ...], cell: str) -> Any:
        kind, items = self.lookup(tuple("0" if _is_index(p) else p for p in path))
        if kind == "array" and items in {"string", "number", "integer", "boolean"}:
            return [_scalar(items, part.strip()) for part in cell.split(";") if part.strip()]
        return _scalar(kind, cell)


def _first_type(value: Any) -> str:
    if isinstance(value, list):
        return next((t for t in value if t != "null"), "string")
    return value if isinstance(value, str) else "string"


def _scalar(kind: str | None, cell: str) -> Any:
    if kind == "integer":
        if not _INTEGER.fullmatch(cell):
            raise ValueError(_l("%(value)s is not a whole number", value=cell[:40]))
        return int(cell)
    if kind == "number":
        if _INTEGER.fullmatch(cell):
            return int(cell)
        try:
            number = float(cell)
        except ValueError:
            raise ValueError(_l("%(value)s is not a number (use digits and a dot for decimals)",
                                value=cell[:40])) from None  # fmt: skip
        if number != number or number in {float("inf"), float("-inf")}:
            raise ValueError(_l("%(value)s is not a number (use digits and a dot for decimals)",
                                value=cell[:40]))  # fmt: skip
        return number
    if kind == "boolean":
        if cell.lower() in _TRUE:
            return True
        if cell.lower() in _FALSE:
            return False
        raise ValueError(_l("%(value)s is neither true nor false", value=cell[:40]))
    return cell
