"""Thin routes: attach a document, remove it, download it."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, g
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from participa.core import documents
from participa.core.authz import can, require
from participa.core.models import Upload
from participa.core.related import has_linked
from participa.core.submit import Rendered, actor, page, perform, submit
from participa.core.tenancy import get_or_404
from participa.extensions import db
from participa.media import bp, services
from participa.media.attachable import registry
from participa.media.display import language_name
from participa.media.forms import AttachmentForm
from participa.media.models import Attachment


@bp.route("/<kind>/<int:target_id>/new", methods=["GET", "POST"])
def new(kind: str, target_id: int) -> Rendered:
    entry = registry.get_or_404(kind)
    target = registry.load_or_404(kind, target_id)
    require("media.attach", target)
    form = AttachmentForm()
    form.language.choices = [(code, language_name(code)) for code in services.languages()]
    if not form.is_submitted():
        form.language.data = str(g.get("locale") or "") or None
    return submit(
        form,
        lambda: services.add_attachment(
            target,
            actor=actor(),
            file=form.file.data,
            title=form.title.data or "",
            language=form.language.data or "",
        ),
        render=page("media/form.html", form=form, target=target, entry=entry),
        then=lambda _a: entry.url(target),
        success=_("Document attached."),
        error_field=lambda exc: "file" if exc.status in (413, 422, 503) else None,
    )


@bp.post("/<int:attachment_id>/delete")
def delete(attachment_id: int) -> Rendered:
    attachment = get_or_404(Attachment, attachment_id)
    target = services.target_of(attachment)
    if target is None:
        abort(404)
    require("media.attach", target)
    return perform(
        lambda: services.remove_attachment(attachment, target, actor=actor()),
        then=registry.get_or_404(attachment.target_kind).url(target),
        success=_("Document removed."),
    )


@bp.get("/files/<token>")
def download(token: str) -> Response:
    found = db.session.execute(
        select(Attachment, Upload)
        .join(Upload, Upload.id == Attachment.upload_id)
        .where(Upload.token == token, Attachment.municipality_id == g.municipality.id)
    ).first()
    if found is None:
        abort(404)
    attachment, upload = found
    target = services.target_of(attachment)
    # Hidden content hides its documents: they look missing, as the content does.
    if target is None or not can(current_user, "media.view", target):
        abort(404)
    return documents.download(upload, attachment.title)


def attachments_for(target: Any) -> list[Attachment] | None:
    """The documents a page shows for ``target``, or None when the visitor may not see them."""
    if not can(current_user, "media.view", target):
        return None
    if not has_linked("media", registry.kind_of(target), target.id):
        return []
    return services.attachments_of(target)
