"""Add, list and remove the documents attached to content; services flush, never commit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from participa.core import audit
from participa.core.documents import save_document
from participa.core.errors import DomainError
from participa.core.models import Upload
from participa.core.uploads import delete_uploads
from participa.db import fit
from participa.extensions import db
from participa.media.attachable import registry
from participa.media.models import Attachment

if TYPE_CHECKING:
    from werkzeug.datastructures import FileStorage

    from participa.accounts.models import User

MAX_PER_TARGET = 20


def languages() -> list[str]:
    """The language codes a document may be marked with: the platform's, then a few more."""
    own = list(current_app.config.get("LANGUAGES", {}))
    return own + [code for code in ("fr", "de", "it", "ca", "gn", "qu") if code not in own]


def attachments_of(target: Any) -> list[Attachment]:
    """The documents attached to ``target``, oldest first, with their files (one query)."""
    kind = registry.kind_of(target)
    return list(
        db.session.scalars(
            select(Attachment)
            .where(
                Attachment.municipality_id == target.municipality_id,
                Attachment.target_kind == kind,
                Attachment.target_id == target.id,
            )
            .order_by(Attachment.id)
            # Documents have no smaller copies: skip the query looking for them.
            .options(joinedload(Attachment.upload).lazyload(Upload.variants))
        )
    )


def attachments_probe(kind: str, target_id: int) -> Select[int]:
    """The documents attached to one item, as a probe for core.related."""
    return select(Attachment.id).where(
        Attachment.target_kind == kind, Attachment.target_id == target_id
    )


def add_attachment(
    target: Any, *, actor: User, file: FileStorage | None, title: str, language: str
) -> Attachment:
    """Check a document by its content and attach it to ``target`` with its title and language."""
    kind = registry.kind_of(target)
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Give the document a title."), 422)
    if language not in languages():
        raise DomainError(_("Choose one of the listed languages."), 422)
    if file is None or not getattr(file, "filename", None):
        raise DomainError(_("Choose a file."), 422)
    if len(attachments_of(target)) >= MAX_PER_TARGET:
        raise DomainError(
            _("This already has %(count)s documents; remove one first.", count=MAX_PER_TARGET),
            409,
        )
    upload = save_document(file, municipality=target.municipality, uploader=actor)
    attachment = Attachment(
        municipality_id=target.municipality_id,
        target_kind=kind,
        target_id=target.id,
        upload_id=upload.id,
        title=fit(Attachment.title, title),
        language=language,
        uploader_id=actor.id,
    )
    db.session.add(attachment)
    db.session.flush()
    if registry.get_or_404(kind).audited:
        audit.record_on(target, "media.attach", actor=actor, title=attachment.title,
                        document=attachment.id)  # fmt: skip
    return attachment


def remove_attachment(attachment: Attachment, target: Any, *, actor: User) -> None:
    """Remove a document and its file (the file once the removal is committed)."""
    title = attachment.title
    upload_id = attachment.upload_id
    db.session.delete(attachment)
    db.session.flush()
    delete_uploads(Upload.id == upload_id)
    if registry.get_or_404(attachment.target_kind).audited:
        audit.record_on(target, "media.remove", actor=actor, title=title)


def target_of(attachment: Attachment) -> Any | None:
    """The content an attachment belongs to (in its municipality), or None when it is gone."""
    return registry.load(attachment.target_kind, attachment.target_id, attachment.municipality_id)
