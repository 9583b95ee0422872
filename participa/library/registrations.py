"""What the library contributes to other features: the site search, documents attached to
entries (media), suggested indicator evidence, the homes' activity and the network's results."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, select

from participa.core.authz import can
from participa.core.features import Contributions
from participa.core.homes import Activity, Where
from participa.core.link_choices import newest_of_member
from participa.core.results import ResultCount, counted_monthly
from participa.core.text import markdown_text
from participa.extensions import db
from participa.library import services
from participa.library.models import Kind, LibraryEntry, Status
from participa.municipalities.models import Municipality

contributions = Contributions()


def entry_document(entry: LibraryEntry) -> dict[str, Any] | None:
    """The search document of ``entry``, or None while it is a draft."""
    if not entry.is_published:
        return None
    body = " ".join(filter(None, [entry.summary, markdown_text(entry.body), entry.authors]))
    if entry.municipality_id is None:
        endpoint, args = "library_network.detail", {"entry_id": entry.id}
    else:
        endpoint, args = "library.detail", {"entry_id": entry.id}
    return {
        "title": entry.title,
        "body": body,
        "municipality_id": entry.municipality_id,
        "language": entry.language,
        "endpoint": endpoint,
        "url_args": args,
        "dated_at": entry.published_at,
    }


contributions.add(
    "searchable",
    "library_entry",
    LibraryEntry,
    label=_l("Library"),
    document=entry_document,
    watch=("title", "summary", "body", "authors", "language", "status", "published_at"),
    order=60,
)

# Staff attach the entry's documents (PDF, OpenDocument, Office files) with the media feature:
# checked by content, size-capped, served as attachments; drafts hide them.
contributions.add(
    "attachable",
    "library_entry",
    LibraryEntry,
    url=services.entry_path,
    title=lambda entry: entry.title,
    visible=lambda visitor, entry: can(visitor, "library.view", entry),
    manage="library.manage",
)


def _cited_evidence(
    municipality: Municipality, now: datetime, since: datetime
) -> list[tuple[str, Any, str]]:
    # A practice the member published proves, for its staff's self-assessment, the indicators
    # it cites.
    return [
        (
            code,
            _l("Practice in the library: %(title)s", title=entry.title),
            services.entry_path(entry),
        )
        for code, entry in services.practices_citing(municipality.id, since, now)
    ]


contributions.add("indicator_evidence", "library_practices", _cited_evidence, by_code=True)


def activity(municipality_id: int | None, limit: int) -> list[Activity]:
    """The newest published entries of members (the network's own have no member's home)."""
    query = (
        select(
            LibraryEntry.id,
            LibraryEntry.kind,
            LibraryEntry.title,
            LibraryEntry.published_at,
            Municipality.slug,
            Municipality.name,
        )
        .join(Municipality, Municipality.id == LibraryEntry.municipality_id)
        .where(LibraryEntry.status == Status.PUBLISHED, Municipality.archived_at.is_(None))
        .order_by(LibraryEntry.published_at.desc(), LibraryEntry.id.desc())
        .limit(limit)
    )
    if municipality_id is not None:
        query = query.where(LibraryEntry.municipality_id == municipality_id)
    labels: dict[str, str] = {
        Kind.PRACTICE: _("New practice published"),
        Kind.GUIDE: _("New guide published"),
        Kind.TOOLKIT: _("New toolkit published"),
        Kind.REPORT: _("New report published"),
    }
    return [
        Activity(
            at,
            labels.get(kind, _("New practice published")),
            title,
            url_for("library.detail", municipality=slug, entry_id=entry_id),
            Where(slug, name),
        )
        for entry_id, kind, title, at, slug, name in db.session.execute(query).all()
        if at is not None
    ]


def results() -> list[ResultCount]:
    """Practices published, per member (None: the network) and month, in one query."""
    published = and_(LibraryEntry.kind == Kind.PRACTICE, LibraryEntry.status == Status.PUBLISHED)
    label = _l("Practices published")
    return counted_monthly(
        LibraryEntry, LibraryEntry.published_at, published, "practices_published", label, 30
    )


def _linkable_practices(municipality_id: int) -> list[LibraryEntry]:
    return newest_of_member(
        LibraryEntry,
        municipality_id,
        LibraryEntry.kind == Kind.PRACTICE,
        LibraryEntry.status == Status.PUBLISHED,
    )


# An event where a practice was presented: the practice's page lists it ("Related events").
contributions.add(
    "event_linkable", "library_entry", LibraryEntry, label=_l("Practice in the library"),
    url=services.entry_path, title=lambda entry: entry.title,
    public=lambda entry: entry.is_published, choices=_linkable_practices,
)  # fmt: skip
