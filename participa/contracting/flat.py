"""Releases in the OCDS flattened layout Flatten Tool reads and writes.

One sheet per array of objects (``releases`` for the releases themselves); headers are JSON
paths with ``0`` for each array (``tender/items/0/id``); every row carries the ``ocid`` and
release ``id`` it belongs to, and the ids of the objects above it, so Flatten Tool's
``unflatten`` puts each row back where it came from. Arrays of strings are joined by ``;``.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Mapping
from typing import Any

MAIN = "releases"
KEYS = ("ocid", "id")


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

    def _array(self, items: list, path: str, arrays: tuple[str, ...],
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
