"""Builders for the search tests: content in a given language, and searching as a reader."""

from __future__ import annotations

from flask import current_app

from participa.comments.models import Comment
from participa.extensions import db
from participa.legislation.models import Draft
from participa.search import services
from participa.search.models import SearchDocument
from tests.consultations.helpers import make_consultation, make_proposal

__all__ = ["comment_on", "found", "make_consultation", "make_draft", "make_proposal", "rows"]


def comment_on(proposal, author, body: str, **fields) -> Comment:
    comment = Comment(
        municipality_id=proposal.municipality_id,
        commentable_type="proposal",
        commentable_id=proposal.id,
        author_id=author.id,
        body=body,
        **fields,
    )
    db.session.add(comment)
    db.session.commit()
    return comment


def make_draft(municipality, **fields) -> Draft:
    draft = Draft(
        municipality_id=municipality.id,
        title=fields.pop("title", "Ordenanza de arbolado"),
        summary=fields.pop("summary", "Regula la plantación de árboles."),
        status=fields.pop("status", "published"),
        **fields,
    )
    db.session.add(draft)
    db.session.commit()
    return draft


def found(q: str, *, municipality=None, kind=None, language="en") -> list[tuple[str, str]]:
    """(kind, title) of every result of ``q``, in order."""
    query = services.parse_query(q, language)
    with current_app.test_request_context("/"):  # results carry their URL
        results = services.search(
            query,
            municipality_id=municipality.id if municipality is not None else None,
            kind=kind,
            per_page=100,
        )
    return [(item.kind, _plain(str(item.title))) for item in results.hits]


def _plain(html: str) -> str:
    return html.replace("<mark>", "").replace("</mark>", "")


def rows() -> list[tuple[str, int, str]]:
    """Every row of the index as (kind, object id, title), sorted."""
    return sorted(
        db.session.execute(
            db.select(SearchDocument.kind, SearchDocument.object_id, SearchDocument.title)
        )
    )
