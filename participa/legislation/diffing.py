"""Word-level differences between two texts, as escaped HTML with <ins> and <del>."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Generic, Protocol, TypeVar

from markupsafe import Markup, escape

from participa.legislation.parsing import SectionText

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.U)


@dataclass(frozen=True)
class Diff:
    inline: Markup
    old: Markup  # the old text with its removals marked
    new: Markup  # the new text with its insertions marked
    changed: bool


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def word_diff(old: str, new: str) -> Diff:
    """Compare ``old`` and ``new`` word by word; every piece of text is escaped.

    A lone space between two changes joins them, so "<del>a b</del>" reads as one change
    rather than "<del>a</del> <del>b</del>".
    """
    a, b = tokens(old), tokens(new)
    opcodes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    inline: list[str] = []
    left: list[str] = []
    right: list[str] = []
    removed: list[str] = []
    added: list[str] = []

    def flush() -> None:
        if removed:
            piece = f"<del>{escape(''.join(removed))}</del>"
            inline.append(piece)
            left.append(piece)
        if added:
            piece = f"<ins>{escape(''.join(added))}</ins>"
            inline.append(piece)
            right.append(piece)
        removed.clear()
        added.clear()

    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        same = "".join(a[i1:i2])
        between = 0 < index < len(opcodes) - 1 and (removed or added)
        if op == "equal" and not (between and not same.strip()):
            flush()
            inline.append(str(escape(same)))
            left.append(str(escape(same)))
            right.append(str(escape(same)))
            continue
        removed.extend(a[i1:i2])
        added.extend(b[j1:j2])
    flush()
    return Diff(
        inline=Markup("".join(inline)),  # noqa: S704 - pieces escaped above
        old=Markup("".join(left)),  # noqa: S704
        new=Markup("".join(right)),  # noqa: S704
        changed=a != b,
    )


class _Keyed(SectionText, Protocol):
    @property
    def key(self) -> str: ...


class _Placed(_Keyed, Protocol):
    @property
    def position(self) -> int: ...


Old = TypeVar("Old", bound=_Placed)  # an old section: a stored Section
New = TypeVar("New", bound=_Keyed)  # a new section: stored, or a ParsedSection in a preview


@dataclass(frozen=True)
class SectionChange(Generic[Old, New]):
    key: str
    status: str  # added | removed | changed | same
    old: Old | None
    new: New | None
    heading: Diff
    body: Diff


def same_text(old: SectionText, new: SectionText) -> bool:
    """Tell whether two sections read the same (number, heading and body), as ``compare`` does."""
    return old.number == new.number and old.heading == new.heading and old.body == new.body


def compare_sections(
    old_sections: Sequence[Old], new_sections: Sequence[New]
) -> list[SectionChange[Old, New]]:
    """Pair sections by key, in the new version's order (removed ones where they used to be)."""
    old_by_key = {s.key: s for s in old_sections}
    new_keys = {s.key for s in new_sections}
    changes: list[SectionChange[Old, New]] = []
    pending_removed = [s for s in old_sections if s.key not in new_keys]
    for section in new_sections:
        while pending_removed and _before(pending_removed[0], section, old_by_key):
            changes.append(_change(pending_removed.pop(0), None))
        changes.append(_change(old_by_key.get(section.key), section))
    changes.extend(_change(s, None) for s in pending_removed)
    return changes


def _before(removed: Old, section: New, old_by_key: Mapping[str, Old]) -> bool:
    counterpart = old_by_key.get(section.key)
    return counterpart is None or removed.position < counterpart.position


def _change(old: Old | None, new: New | None) -> SectionChange[Old, New]:
    heading = word_diff(old.heading if old else "", new.heading if new else "")
    body = word_diff(old.body if old else "", new.body if new else "")
    if old is None:
        status = "added"
    elif new is None:
        status = "removed"
    elif not same_text(old, new):
        status = "changed"
    else:
        status = "same"
    keyed = new or old
    assert keyed is not None  # a change has at least one side
    return SectionChange(key=keyed.key, status=status, old=old, new=new, heading=heading, body=body)
