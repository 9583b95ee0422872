"""Catalog maintenance used by ``make translations`` and the i18n tests.

English is the source language: its catalog is filled with the msgids themselves so that it
counts as complete and English plural rules apply.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text or ""))


def fill_english(path: str) -> None:
    """Copy every msgid into its msgstr in the English catalog."""
    with open(path, "rb") as fh:
        catalog = read_po(fh, locale="en")
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            message.string = tuple(message.id)
        else:
            message.string = message.id
        message.flags.discard("fuzzy")
    with open(path, "wb") as fh:
        write_po(fh, catalog, width=100)


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "fill-english" and Path(argv[1]).exists():
        fill_english(argv[1])
        return 0
    print("usage: python -m participa.core.i18n_tools fill-english <messages.po>")
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
