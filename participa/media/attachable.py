"""The kinds of content documents can be attached to, served to manifests as ``attachable``.

A feature declares its kind in its registrations::

    contributions.add(
        "attachable", "proposal", Proposal,
        url=proposal_url,                # the content's page
        title=lambda p: p.title,
        visible=lambda visitor, p: ...,  # who sees the content sees its documents
        manage="proposals.edit",         # the action (core.authz) that may add or remove them
        audited=False,                   # staff changes go to the audit log (the default)
    )

Attachments are hidden with their content (``visible``) and removed with it: deleting the row
of a declared model deletes its attachments and their files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, event, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapper, object_session

from participa.core import storage
from participa.core.models import Upload
from participa.core.registry import KindRegistry
from participa.media.models import Attachment


@dataclass(frozen=True)
class Attachable:
    kind: str
    model: type
    url: Callable[[Any], str]
    title: Callable[[Any], str]
    visible: Callable[[Any, Any], bool]
    manage: str
    audited: bool = True


registry: KindRegistry[Attachable] = KindRegistry("attachable")


def register_attachable(
    kind: str,
    model: type,
    *,
    url: Callable[[Any], str],
    title: Callable[[Any], str],
    visible: Callable[[Any, Any], bool],
    manage: str,
    audited: bool = True,
) -> None:
    """Declare a kind of content that takes attachments (served to manifests)."""
    registry.register(Attachable(kind, model, url, title, visible, manage, audited))
    if not event.contains(model, "after_delete", _removed):
        event.listen(model, "after_delete", _removed)


def reset() -> None:
    """Forget the declared kinds (before the features are installed)."""
    for kind in registry.kinds():
        registry.unregister(kind)


def _removed(_mapper: Mapper[Any], connection: Connection, target: Any) -> None:
    # The content is gone: so are its documents, their rows now and their files after the
    # commit (a rollback keeps both).
    try:
        kind = registry.kind_of(target)
    except LookupError:
        return
    owned = select(Attachment.upload_id).where(
        Attachment.target_kind == kind, Attachment.target_id == target.id
    )
    files = connection.execute(
        select(Upload.storage, Upload.storage_key).where(Upload.id.in_(owned))
    ).all()
    session = object_session(target)
    for name, key in files:
        if name != storage.DATABASE and key is not None and session is not None:
            try:
                storage.delete_after_commit(session, storage.storage_named(name), key)
            except LookupError:
                continue
    ids = list(connection.execute(owned).scalars())
    connection.execute(
        delete(Attachment).where(Attachment.target_kind == kind, Attachment.target_id == target.id)
    )
    if ids:
        connection.execute(delete(Upload).where(Upload.id.in_(ids)))
