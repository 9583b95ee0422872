"""Zip archives built in memory, for tests of what reads uploaded archives (documents, sheets)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping


def zip_of(entries: Mapping[str, str | bytes], *, compression: int = zipfile.ZIP_STORED) -> bytes:
    """A zip archive holding ``entries`` (name: content), written in their order: an
    OpenDocument's ``mimetype`` counts only as its first entry."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()
