"""Compiling releases into a record, and corrections that survive the OCDS merge routine.

OCDS merges arrays of objects by ``id`` ("identifier merge") and has no way to drop an object
from such an array; a field disappears from the compiled release only when a later release sets
it to ``null`` (``docs/schema/merging.md``). Our releases carry the whole working state, so
without help a correction that removes a supplier, a tenderer, an item, a document, a milestone,
a payment or a party leaves it in the compiled release, and so does a field staff emptied.

:func:`deletions` compares what consumers have compiled so far with the next release and lists
every field the release must set to ``null`` (or ``[]`` for lists the schema does not let be
null). Objects removed from an array keep their ``id`` with every other field null, which is the
standard's documented way to delete an array entry. ocdsmerge then compiles exactly the working
state plus an id-only stub per deleted entry; :func:`compile_releases` leaves those stubs out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import ocdsmerge

from participa.contracting.validation import RELEASE_SCHEMA, load_schema

if TYPE_CHECKING:
    from participa.contracting.ocds import JSON

# A deleted array entry keeps its id, and the ids of the organisations it referred to (they
# cannot be null): an entry left with nothing but ids is a deletion stub.
STUB_KEYS = frozenset({"id"})


@cache
def merger() -> ocdsmerge.Merger:
    """The ocdsmerge merger, built once from the bundled release schema (no network)."""
    return ocdsmerge.Merger(schema=str(RELEASE_SCHEMA))


def compile_releases(releases: list[JSON]) -> JSON:
    """The compiled release of one process (ocdsmerge), without the stubs of deleted entries."""
    compiled: JSON = prune(merger().create_compiled_release(releases))
    return compiled


def prune(value: Any) -> Any:
    """Drop deleted array entries (only identifiers left) and the empty objects merging leaves."""
    if isinstance(value, Mapping):
        cleaned = {k: prune(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if v != {} and v != []}
    if isinstance(value, list):
        pruned = [prune(v) for v in value]
        return [v for v in pruned if not (isinstance(v, Mapping) and _is_stub(v))]
    return value


def _is_stub(entry: Mapping[str, Any]) -> bool:
    return all(_is_stub(v) if isinstance(v, Mapping) else k in STUB_KEYS for k, v in entry.items())


@dataclass(frozen=True)
class Entry:
    """A step into an identifier-merged array: the entry whose ``id`` is ``value``.

    Ids compare as text, as ocdsmerge matches them (1 and "1" are the same entry).
    """

    key: str
    value: Any = field(compare=False)

    @classmethod
    def of(cls, value: Any) -> Entry:
        return cls(str(value), value)


Path = tuple[str | Entry, ...]  # object keys and array entries


def leaves(
    node: Mapping[str, Any], path: Path = (), rule_path: tuple[str, ...] = ()
) -> dict[Path, Any]:
    """Every field value of ``node`` keyed by its path, the way ocdsmerge addresses fields.

    Objects inside identifier-merged arrays are addressed by their ``id``; literals, lists of
    literals and whole-list-merge arrays are values.
    """
    rules = merger().merge_rules
    found: dict[Path, Any] = {}
    for key, value in node.items():
        here, rule_here = (*path, key), (*rule_path, key)
        rule = rules.get(rule_here)
        if rule == "omitWhenMerged" or value is None or value == [] or value == {}:
            continue
        if isinstance(value, Mapping):
            found.update(leaves(value, here, rule_here))
        elif (
            isinstance(value, list)
            and rule != "wholeListMerge"
            and all(isinstance(item, Mapping) for item in value)
        ):
            for item in value:
                if "id" in item:  # entries without an id are appended, never addressed
                    found.update(leaves(item, (*here, Entry.of(item["id"])), rule_here))
        else:
            found[here] = value
    return found


@dataclass
class Deletions:
    """What the next release must set to null, and what it cannot remove."""

    values: dict[Path, Any]
    blocked: list[Path]


def deletions(
    previous: Mapping[str, Any],
    release: Mapping[str, Any],
    *,
    scope: Callable[[Path, bool], bool] = lambda path, entry_kept: True,
) -> Deletions:
    """The fields that ``previous`` (compiled so far) has and ``release`` no longer has.

    ``scope(path, entry_kept)`` may exempt fields the release is not responsible for; it is told
    whether the array entry holding the field is still in the release.
    """
    old, new = leaves(previous), leaves(release)
    kept_entries = {_entry_prefix(path) for path in new}
    values: dict[Path, Any] = {}
    blocked: list[Path] = []
    for path in old:
        if path in new or _is_identity(path):
            continue
        prefix = _entry_prefix(path)
        entry_kept = prefix is None or prefix in kept_entries
        if not scope(path, entry_kept):
            continue
        types = _types(field_schema(tuple(p for p in path if not isinstance(p, Entry))))
        if not types or "null" in types:
            values[path] = None
        elif "array" in types:
            values[path] = []
        elif entry_kept:
            blocked.append(path)
        # else: an identifier inside a deleted entry stays, and the entry becomes a stub.
    return Deletions(values, blocked)


def _is_identity(path: Path) -> bool:
    return len(path) >= 2 and path[-1] == "id" and isinstance(path[-2], Entry)


def _entry_prefix(path: Path) -> Path | None:
    for end in range(len(path) - 1, -1, -1):
        if isinstance(path[end], Entry):
            return path[: end + 1]
    return None


def apply_deletions(release: JSON, values: Mapping[Path, Any]) -> None:
    """Write the nulls of :func:`deletions` into ``release``, adding deleted entries by id."""
    for path, value in values.items():
        node: Any = release
        for step, following in pairwise(path):
            if isinstance(step, Entry):
                match = next((e for e in node if str(e.get("id")) == step.key), None)
                if match is None:
                    match = {"id": step.value}
                    node.append(match)
                node = match
            else:
                if not isinstance(node.get(step), list | dict):
                    node[step] = [] if isinstance(following, Entry) else {}
                node = node[step]
        node[path[-1]] = value


# The release schema, to know which fields may be null ----------------------------------------


def _resolve(node: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in node:
        node = load_schema("release-schema.json")["definitions"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _types(node: Mapping[str, Any] | None) -> list[str]:
    if node is None:
        return []
    kind = node.get("type", [])
    return [kind] if isinstance(kind, str) else list(kind)


@cache
def field_schema(rule_path: tuple[str, ...]) -> Mapping[str, Any] | None:
    """The schema of a field by its path without array positions (None when not in the schema)."""
    node: Mapping[str, Any] = load_schema("release-schema.json")
    for key in rule_path:
        node = _resolve(node)
        if "properties" not in node and isinstance(node.get("items"), Mapping):
            node = _resolve(node["items"])
        child = (node.get("properties") or {}).get(key)
        if child is None:
            return None
        node = child
    return _resolve(node)
