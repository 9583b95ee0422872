"""Image uploads: checked by content, size-capped, stored in the database, served by token."""

from __future__ import annotations

import io
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError
from sqlalchemy import delete, select

from participa.core.errors import DomainError
from participa.core.models import Upload
from participa.db import utcnow
from participa.extensions import db

IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}
MAX_PIXELS = 40_000_000


def save_image(file_storage, *, municipality=None, uploader=None) -> Upload:
    """Validate an uploaded image by its bytes (not its name or declared type) and store it."""
    data = file_storage.read(current_app.config["MAX_IMAGE_BYTES"] + 1)
    if len(data) > current_app.config["MAX_IMAGE_BYTES"]:
        limit = current_app.config["MAX_IMAGE_BYTES"] // 1024
        raise DomainError(_("The image is larger than %(kb)s KB.", kb=limit), status=413)
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise DomainError(_("The image has too many pixels."), status=413)
            image.verify()
            kind, width, height = image.format, image.width, image.height
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise DomainError(
            _("The file is not a PNG, JPEG, GIF or WebP image."), status=422
        ) from None
    if kind not in IMAGE_TYPES:
        raise DomainError(_("The file is not a PNG, JPEG, GIF or WebP image."), status=422)
    upload = Upload(
        token=secrets.token_urlsafe(32),
        municipality_id=getattr(municipality, "id", None),
        uploader_id=getattr(uploader, "id", None),
        content_type=IMAGE_TYPES[kind],
        size=len(data),
        width=width,
        height=height,
        data=data,
    )
    db.session.add(upload)
    db.session.flush()
    return upload


def prune_orphans(older_than: timedelta = timedelta(days=1)) -> int:
    """Delete uploads no row refers to (for example images staged at a preview and abandoned).

    Every foreign key to ``uploads.id`` in the metadata counts as a reference, so features that
    add image or document columns are covered without changes here.
    """
    referenced = [
        select(fk.parent).where(fk.parent.is_not(None))
        for table in db.metadata.tables.values()
        for fk in table.foreign_keys
        if fk.column.table is Upload.__table__
    ]
    query = delete(Upload).where(Upload.created_at < utcnow() - older_than)
    for subquery in referenced:
        query = query.where(Upload.id.not_in(subquery))
    return db.session.execute(query).rowcount or 0
