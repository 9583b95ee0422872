"""Evidence documents: PDF, ODT, DOCX, PNG or JPEG, recognised by their bytes, size-capped and
stored like every other upload (core.storage)."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import gettext as _

from participa.core.errors import DomainError
from participa.core.models import Upload
from participa.core.uploads import format_size, store_upload, upload_limit

if TYPE_CHECKING:
    from werkzeug.datastructures import FileStorage

    from participa.accounts.models import User
    from participa.municipalities.models import Municipality

DEFAULT_MAX_BYTES = 4 * 1024 * 1024
ODT = "application/vnd.oasis.opendocument.text"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def sniff_document(data: bytes) -> str | None:
    """The content type of an accepted document, judged by its bytes only; None otherwise."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    return None


def _sniff_zip(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                return ODT
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return DOCX
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return None
    return None


def document_limit() -> int:
    """The largest evidence document accepted, in bytes."""
    return int(current_app.config.get("INDICATOR_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def save_document(
    file_storage: FileStorage, *, municipality: Municipality | None, uploader: User | None
) -> Upload:
    """Check an uploaded evidence document by content and size, and store it."""
    limit = upload_limit(document_limit)
    data = file_storage.read(limit + 1)
    if len(data) > limit:
        raise DomainError(_("The document is larger than %(size)s.", size=format_size(limit)), 413)
    content_type = sniff_document(data)
    if content_type is None:
        raise DomainError(_("The document must be a PDF, ODT, DOCX, PNG or JPEG file."), 422)
    return store_upload(
        data, content_type=content_type, municipality=municipality, uploader=uploader
    )
