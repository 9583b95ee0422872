"""Documents people attach (PDF, OpenDocument, Office Open XML): recognised by their structure,
never by their name, size-capped, optionally scanned for viruses, stored like every upload, and
offered for download under a safe name, never run by the browser.

``DOCUMENT_SCAN_COMMAND`` (for example ``clamdscan --no-summary -``) receives the file on its
standard input: exit status 0 means clean, 1 infected, anything else (or no answer within
``DOCUMENT_SCAN_TIMEOUT`` seconds) a scanner failure, which refuses the file too.
"""

from __future__ import annotations

import io
import logging
import re
import shlex
import subprocess
import zipfile
from typing import TYPE_CHECKING, NamedTuple

from flask import Response, abort, current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from participa.core.errors import DomainError
from participa.core.models import Upload
from participa.core.uploads import format_size, store_upload, upload_bytes, upload_limit

if TYPE_CHECKING:
    from werkzeug.datastructures import FileStorage

    from participa.accounts.models import User
    from participa.municipalities.models import Municipality

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 4 * 1024 * 1024
# A zip that unpacks to more than this, or holds more entries, is refused unread (a zip bomb).
MAX_UNPACKED = 100 * 1024 * 1024
MAX_ENTRIES = 2000


class DocumentType(NamedTuple):
    content_type: str
    extension: str
    label: object  # a lazy translated string: what people call the format


PDF = DocumentType("application/pdf", "pdf", _l("PDF"))
ODF = {
    t.content_type: t
    for t in (
        DocumentType("application/vnd.oasis.opendocument.text", "odt", _l("OpenDocument text")),
        DocumentType(
            "application/vnd.oasis.opendocument.spreadsheet", "ods", _l("OpenDocument spreadsheet")
        ),
        DocumentType(
            "application/vnd.oasis.opendocument.presentation",
            "odp",
            _l("OpenDocument presentation"),
        ),
    )
}
_OOXML = "application/vnd.openxmlformats-officedocument."
OOXML = {
    "word/document.xml": DocumentType(
        _OOXML + "wordprocessingml.document", "docx", _l("Word document")
    ),
    "xl/workbook.xml": DocumentType(
        _OOXML + "spreadsheetml.sheet", "xlsx", _l("Excel spreadsheet")
    ),
    "ppt/presentation.xml": DocumentType(
        _OOXML + "presentationml.presentation", "pptx", _l("PowerPoint presentation")
    ),
}
TYPES = {t.content_type: t for t in (PDF, *ODF.values(), *OOXML.values())}
# Inside a document these mean code that could run: macros, scripts, programs.
_EXECUTABLE = (".exe", ".dll", ".com", ".bat", ".cmd", ".scr", ".msi", ".js", ".vbs", ".ps1",
               ".jar", ".sh", ".bin")  # fmt: skip


def label(content_type: str) -> object:
    """What people call a document's format ("PDF", "Word document")."""
    found = TYPES.get(content_type)
    return found.label if found else content_type


def _refused() -> DomainError:
    return DomainError(
        _("The file must be a PDF, an OpenDocument or an Office document without macros."), 422
    )


def sniff(data: bytes) -> DocumentType:
    """The type of an accepted document, judged by its bytes; a 422 refusal otherwise."""
    if data.startswith(b"%PDF-"):
        # A real PDF ends with its end-of-file marker (give or take trailing whitespace).
        if b"%%EOF" not in data[-2048:]:
            raise _refused()
        return PDF
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    raise _refused()


def _sniff_zip(data: bytes) -> DocumentType:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED:
                raise _refused()
            names = {e.filename for e in entries}
            lowered = [name.lower() for name in names]
            if any(name.endswith(_EXECUTABLE) or "vbaproject" in name for name in lowered):
                raise _refused()
            # OpenDocument: the first entry is "mimetype", naming the format; macros live in
            # Basic/ or Scripts/.
            if entries and entries[0].filename == "mimetype":
                kind = archive.read("mimetype").decode("ascii", "replace").strip()
                found = ODF.get(kind)
                if (
                    found is None
                    or "content.xml" not in names
                    or "META-INF/manifest.xml" not in names
                    or any(n.startswith(("basic/", "scripts/")) for n in lowered)
                ):
                    raise _refused()
                return found
            # Office Open XML: [Content_Types].xml and the main part; macro-enabled formats
            # (docm, xlsm, pptm) declare a macroEnabled main content type.
            if "[Content_Types].xml" in names:
                declared = archive.read("[Content_Types].xml").lower()
                if b"macroenabled" in declared or b"vba" in declared:
                    raise _refused()
                for part, found in OOXML.items():
                    if part in names and found.content_type.encode() in declared:
                        return found
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError, EOFError):
        raise _refused() from None
    raise _refused()  # another archive dressed as a document


def scan(data: bytes) -> None:
    """Run the configured virus scanner on ``data``; refuse an infected file or a failed scan."""
    command = current_app.config.get("DOCUMENT_SCAN_COMMAND")
    if not command:
        return
    timeout = current_app.config.get("DOCUMENT_SCAN_TIMEOUT", 30)
    try:
        done = subprocess.run(  # noqa: S603 - the command comes from the operator's settings
            shlex.split(command), input=data, capture_output=True, timeout=timeout, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        logger.exception("virus scanner %r failed", command)
        raise DomainError(
            _("The file could not be checked for viruses just now. Try again later."), 503
        ) from None
    if done.returncode == 1:
        logger.warning("virus scanner refused an upload: %s", done.stdout[:200])
        raise DomainError(_("The file contains a virus and was not saved."), 422)
    if done.returncode != 0:
        logger.error("virus scanner %r exited with %s: %s", command, done.returncode,
                     done.stderr[:200])  # fmt: skip
        raise DomainError(
            _("The file could not be checked for viruses just now. Try again later."), 503
        )


def document_limit() -> int:
    """The largest document accepted, in bytes (``MAX_DOCUMENT_BYTES``)."""
    return int(current_app.config.get("MAX_DOCUMENT_BYTES") or DEFAULT_MAX_BYTES)


def save_document(
    file_storage: FileStorage, *, municipality: Municipality | None, uploader: User | None
) -> Upload:
    """Check an uploaded document by size, structure and scanner, and store it (not public:
    the route serving it checks that what it is attached to is visible)."""
    limit = upload_limit(document_limit)
    data = file_storage.read(limit + 1)
    if len(data) > limit:
        raise DomainError(_("The document is larger than %(size)s.", size=format_size(limit)), 413)
    kind = sniff(data)
    scan(data)
    return store_upload(
        data,
        content_type=kind.content_type,
        municipality=municipality,
        uploader=uploader,
        public=False,
    )


def save_document_if_given(
    file_storage: FileStorage | None, *, municipality: Municipality | None, uploader: User | None
) -> Upload | None:
    """:func:`save_document` for an optional file field: None when no file was chosen."""
    if file_storage is None or not getattr(file_storage, "filename", None):
        return None
    return save_document(file_storage, municipality=municipality, uploader=uploader)


_UNSAFE = re.compile(r"[^\w.-]+", re.UNICODE)


def download(upload: Upload | None, title: str) -> Response:
    """Offer an attached document under a name made from ``title``; 404 when it is missing."""
    data = upload_bytes(upload) if upload is not None else None
    if upload is None or data is None:
        abort(404)
    extension = TYPES[upload.content_type].extension if upload.content_type in TYPES else "bin"
    name = (_UNSAFE.sub("-", title).strip("-.") or "document")[:80]
    response = Response(data, mimetype=upload.content_type)
    response.headers.set("Content-Disposition", "attachment", filename=f"{name}.{extension}")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # Private: what it is attached to may be hidden later, and a shared cache would keep
    # serving it.
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
