"""Image uploads: checked by content, size-capped, stored (core.storage), served by token."""

from __future__ import annotations

import io
import logging
import secrets
from collections.abc import Callable, Sequence
from datetime import timedelta
from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING, Any, cast

from babel.units import format_unit
from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf.file import FileField
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import ColumnElement, CursorResult, and_, delete, or_, select
from werkzeug.datastructures import FileStorage

from participa.core import storage
from participa.core.errors import DomainError
from participa.core.models import Upload
from participa.db import utcnow
from participa.extensions import db

if TYPE_CHECKING:
    # Type-only imports: at run time the core imports no feature.
    from participa.accounts.models import User
    from participa.municipalities.models import Municipality

logger = logging.getLogger(__name__)

IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}
MAX_PIXELS = 40_000_000
# The widths of an image's smaller copies; larger than the image itself are not made.
IMAGE_WIDTHS = (320, 640, 1280)
MB = 1024 * 1024


def format_size(size: int) -> str:
    """A byte count as people read it, in the current language: "5 MB", "2,5 MB", "500 kB"."""
    locale = get_locale() or current_app.config.get("BABEL_DEFAULT_LOCALE", "en")
    if size >= MB:
        value, unit = Decimal(size) / MB, "digital-megabyte"
    else:
        value, unit = Decimal(max(size, 1024)) / 1024, "digital-kilobyte"
    value = value.quantize(Decimal("0.1"), rounding=ROUND_DOWN).normalize()
    return format_unit(value, unit, length="short", format="#,##0.#", locale=locale)


def upload_limit(max_bytes: str | int | Callable[[], int] | None = None) -> int:
    """The largest file accepted: ``max_bytes`` (a config key, a number or a callable), never
    more than what the whole request may carry (``MAX_CONTENT_LENGTH``)."""
    request_limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    if isinstance(max_bytes, str):
        own = current_app.config.get(max_bytes) or 0
    elif callable(max_bytes):
        own = max_bytes()
    else:
        own = max_bytes or 0
    limits = [limit for limit in (own, request_limit) if limit]
    return min(limits) if limits else 0


class SizedFileField(FileField):  # type: ignore[misc]  # flask_wtf ships no type information
    """A file field whose help text states its size limit, so every upload form says it.

    ``max_bytes`` is a config key (``"MAX_IMAGE_BYTES"``), a number of bytes or a callable;
    by default the request limit (``MAX_CONTENT_LENGTH``) applies.
    """

    def __init__(
        self,
        label: str | None = None,
        validators: Sequence[Any] | None = None,
        *,
        max_bytes: str | int | Callable[[], int] | None = None,
        **kwargs: Any,
    ) -> None:
        self.max_bytes = max_bytes
        super().__init__(label, validators, **kwargs)

    @property
    def size_limit(self) -> str:
        return format_size(upload_limit(self.max_bytes))

    @property
    def description(self) -> str:
        limit = _("Up to %(size)s.", size=self.size_limit)
        base = str(self._description or "")
        return f"{base} {limit}" if base else limit

    @description.setter
    def description(self, value: str) -> None:
        self._description = value


def _read_capped(file_storage: FileStorage, limit: int, too_large: str) -> bytes:
    data: bytes = file_storage.read(limit + 1)
    if len(data) > limit:
        raise DomainError(too_large, 413)
    return data


def _not_an_image() -> DomainError:
    return DomainError(_("The file is not a PNG, JPEG, GIF or WebP image."), status=422)


def check_image(data: bytes) -> str:
    """The Pillow format of an accepted image (by its bytes), or a refusal (413/422)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            # Before any pixel is decoded: a small file may unpack to gigabytes.
            if image.width * image.height > MAX_PIXELS:
                raise DomainError(_("The image has too many pixels."), status=413)
            image.verify()
            kind = image.format
    except Image.DecompressionBombError:
        raise DomainError(_("The image has too many pixels."), status=413) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _not_an_image() from None
    if kind not in IMAGE_TYPES:
        raise _not_an_image()
    return kind


def _encode(image: Image.Image, kind: str) -> bytes:
    """``image`` written afresh: no EXIF, no comments, nothing but pixels and their size."""
    out = io.BytesIO()
    if kind == "JPEG":
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=85)
    elif kind == "WEBP":
        image.save(out, "WEBP", quality=85)
    else:  # PNG, and GIF variants (their first frame)
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P", "1"):
            image = image.convert("RGBA")
        image.save(out, "PNG")
    return out.getvalue()


def alt_text_field(label: Any = None) -> Any:
    """The alt text of an image form: required by ``save_image(..., alt_required=True)``."""
    from flask_babel import lazy_gettext as _l

    from participa.core.fields import short_text

    return short_text(
        label or _l("Description of the image"),
        300,
        description=_l(
            "What the image shows, for people who cannot see it. Needed with a new image."
        ),
    )


def save_image(
    file_storage: FileStorage,
    *,
    municipality: Municipality | None = None,
    uploader: User | None = None,
    alt: str | None = None,
    alt_required: bool = False,
) -> Upload:
    """Check an uploaded image by its bytes, strip its metadata, turn it upright and store it
    with smaller copies (``IMAGE_WIDTHS``, never enlarged) for ``srcset``."""
    limit = upload_limit("MAX_IMAGE_BYTES")
    data = _read_capped(
        file_storage, limit, _("The image is larger than %(size)s.", size=format_size(limit))
    )
    kind = check_image(data)
    alt = (alt or "").strip()[:300] or None
    if alt_required and alt is None:
        raise DomainError(_("Describe the image for people who cannot see it."), status=422)

    def stored(encoded: bytes, image: Image.Image, image_kind: str, **extra: Any) -> Upload:
        return store_upload(
            encoded,
            content_type=IMAGE_TYPES[image_kind],
            municipality=municipality,
            uploader=uploader,
            width=image.width,
            height=image.height,
            **extra,
        )

    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            # The camera's orientation tag is applied to the pixels, then dropped with the rest.
            upright = ImageOps.exif_transpose(opened) or opened
            # An animated GIF keeps its frames (GIF carries no EXIF); others are re-encoded.
            clean = data if kind == "GIF" else _encode(upright, kind)
            original = stored(clean, upright, kind, alt=alt)
            variant_kind = "PNG" if kind == "GIF" else kind
            # Largest first, each copy made from the previous one: far less work than from the
            # original every time, for the same result at these ratios.
            source = upright
            for width in sorted((w for w in IMAGE_WIDTHS if w < upright.width), reverse=True):
                copy = source.copy()
                copy.thumbnail((width, MAX_PIXELS), Image.Resampling.LANCZOS, reducing_gap=3.0)
                source = copy
                stored(_encode(copy, variant_kind), copy, variant_kind, variant_of=original)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise _not_an_image() from None
    original.variants.sort(key=lambda variant: variant.width or 0)
    return original


def store_upload(
    data: bytes,
    *,
    content_type: str,
    municipality: Municipality | None = None,
    uploader: User | None = None,
    width: int | None = None,
    height: int | None = None,
    alt: str | None = None,
    public: bool = True,
    variant_of: Upload | None = None,
) -> Upload:
    """Store already-checked bytes in the configured storage and add their row (flushed)."""
    upload = Upload(
        token=secrets.token_urlsafe(32),
        municipality_id=getattr(municipality, "id", None),
        uploader_id=getattr(uploader, "id", None),
        content_type=content_type,
        size=len(data),
        width=width,
        height=height,
        alt=alt,
        public=public,
        variant_of_id=variant_of.id if variant_of is not None else None,
    )
    target = storage.active()
    if target is None:
        upload.storage, upload.data = storage.DATABASE, data
    else:
        upload.storage, upload.storage_key = target.name, storage.new_key()
        storage.put(db.session(), target, upload.storage_key, data, content_type)
    db.session.add(upload)
    db.session.flush()
    if variant_of is not None and "variants" in variant_of.__dict__:
        variant_of.variants.append(upload)
    return upload


def srcset(upload: Upload) -> str:
    """The ``srcset`` of an image: its smaller copies and itself, by width."""
    from flask import url_for

    sources = [*upload.variants, upload]
    return ", ".join(
        f"{url_for('site.upload', token=item.token)} {item.width}w"
        for item in sources
        if item.width
    )


def upload_bytes(upload: Upload) -> bytes | None:
    """The file's bytes, wherever they are stored; None when the object is missing."""
    if upload.storage == storage.DATABASE:
        return upload.data
    if upload.storage_key is None:
        return None
    try:
        return storage.storage_named(upload.storage).get(upload.storage_key)
    except LookupError:
        logger.error("upload %s is in storage %r, which is not configured", upload.id,
                     upload.storage)  # fmt: skip
        return None


def delete_uploads(condition: ColumnElement[bool]) -> int:
    """Delete the upload rows matching ``condition`` and their smaller copies; their stored
    objects go after the commit."""
    ids = list(db.session.scalars(select(Upload.id).where(condition)))
    if not ids:
        return 0
    condition = or_(Upload.id.in_(ids), Upload.variant_of_id.in_(ids))
    rows = db.session.execute(
        select(Upload.storage, Upload.storage_key).where(
            condition, Upload.storage != storage.DATABASE
        )
    ).all()
    for name, key in rows:
        try:
            target = storage.storage_named(name)
        except LookupError:
            logger.warning("cannot remove upload object %s: storage %r is not configured", key,
                           name)  # fmt: skip
            continue
        if key is not None:
            storage.delete_after_commit(db.session(), target, key)
    # A DELETE gives a CursorResult, which has rowcount; Session.execute is typed for SELECTs.
    result = cast(CursorResult[Any], db.session.execute(delete(Upload).where(condition)))
    return result.rowcount or 0


def unreferenced() -> ColumnElement[bool]:
    """The condition of an upload no row refers to.

    Every foreign key to ``uploads.id`` in the metadata counts as a reference, so features that
    add image or document columns are covered without changes here.
    """
    return and_(
        # A smaller copy goes with its original, never on its own.
        Upload.variant_of_id.is_(None),
        *(
            Upload.id.not_in(select(fk.parent).where(fk.parent.is_not(None)))
            for table in db.metadata.tables.values()
            for fk in table.foreign_keys
            if fk.column.table is Upload.__table__ and table is not Upload.__table__
        ),
    )


def release_upload(upload_id: int | None) -> None:
    """Delete a replaced or removed file (and its copies) unless something still shows it."""
    if upload_id is not None:
        db.session.flush()
        delete_uploads(and_(Upload.id == upload_id, unreferenced()))


def prune_orphans(older_than: timedelta = timedelta(days=1)) -> int:
    """Delete uploads no row refers to (for example images staged at a preview and abandoned)."""
    return delete_uploads(and_(Upload.created_at < utcnow() - older_than, unreferenced()))
