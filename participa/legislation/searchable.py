"""What site-wide search shows of legislation drafts: the public ones."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from participa.core.features import Contributions
from participa.core.search import page_document
from participa.core.text import markdown_text
from participa.legislation.models import DRAFT_KIND, Draft

contributions = Contributions()


def draft_document(draft: Draft) -> dict[str, Any] | None:
    """The search document of ``draft``, or None while it is unpublished."""
    if not draft.is_public:
        return None
    body = " ".join(
        filter(None, [markdown_text(draft.summary), markdown_text(draft.explanatory_statement)])
    )
    return page_document(
        draft,
        "legislation.detail",
        draft_id=draft.id,
        body=body,
        dated_at=draft.published_at or draft.created_at,
    )


contributions.add(
    "searchable",
    DRAFT_KIND,
    Draft,
    label=_l("Legislation"),
    document=draft_document,
    watch=("title", "summary", "explanatory_statement", "status", "published_at"),
    order=30,
)
