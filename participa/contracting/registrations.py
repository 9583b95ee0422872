"""Make procurement processes commentable and followable (shared registries only)."""

from __future__ import annotations

from typing import Any

from flask import url_for

from participa.contracting.models import ProcurementProcess


def process_url(process: ProcurementProcess) -> str:
    return url_for(
        "contracting.detail", municipality=process.municipality.slug, process_id=process.id
    )


def _visible(user: Any, process: ProcurementProcess) -> bool:
    return process.is_published


try:
    from participa.comments.registry import register_commentable
except ImportError:  # pragma: no cover - the comments feature is optional
    register_commentable = None

try:
    from participa.notifications.services import register_followable
except ImportError:  # pragma: no cover
    register_followable = None

if register_commentable is not None:
    # Citizens ask questions about a purchase once it is published.
    register_commentable(
        "procurement_process",
        ProcurementProcess,
        url=process_url,
        is_open=lambda p: p.is_published,
        verified_only=lambda p: False,
        author_id=lambda p: None,
    )
if register_followable is not None:
    register_followable("procurement_process", ProcurementProcess, url=process_url,
                        visible=_visible)  # fmt: skip
