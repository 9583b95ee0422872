"""Create, edit, publish and find library entries; services flush, never commit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import selectinload

from participa.core import audit
from participa.core.errors import DomainError
from participa.core.filtering import equal_to_chosen_fields
from participa.core.topics import TOPICS
from participa.core.values import is_web_url
from participa.db import utcnow
from participa.extensions import db
from participa.indicators.models import FrameworkVersion, Indicator
from participa.library.models import (
    KINDS,
    LICENCES,
    IndicatorCitation,
    Kind,
    LibraryEntry,
    LibraryLink,
    Status,
)
from participa.municipalities.models import MemberKind, Municipality

if TYPE_CHECKING:
    from participa.accounts.models import User

TITLE_MAX = 200
SUMMARY_MAX = 600
BODY_MAX = 50_000
AUTHORS_MAX = 300
LINK_MAX = 500
MAX_LINKS = 10
# The languages an entry may be written in (the network's three, then a few neighbours).
LANGUAGES = ("es", "pt", "en", "fr", "gn", "qu")
# Entries the network itself publishes are chosen with this "member" filter value.
NETWORK = "network"


@dataclass(frozen=True)
class Licence:
    code: str
    label: Any  # lazy: "CC BY 4.0" is a name, "All rights reserved" words
    url: str | None


LICENCE_DETAILS = {
    licence.code: licence
    for licence in (
        Licence(
            "cc-by-4.0",
            _l("Creative Commons Attribution 4.0 (CC BY 4.0)"),
            "https://creativecommons.org/licenses/by/4.0/",
        ),
        Licence(
            "cc-by-sa-4.0",
            _l("Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)"),
            "https://creativecommons.org/licenses/by-sa/4.0/",
        ),
        Licence(
            "cc-by-nc-4.0",
            _l("Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC 4.0)"),
            "https://creativecommons.org/licenses/by-nc/4.0/",
        ),
        Licence(
            "cc0-1.0",
            _l("Public domain dedication (CC0 1.0)"),
            "https://creativecommons.org/publicdomain/zero/1.0/",
        ),
        Licence("all-rights-reserved", _l("All rights reserved"), None),
    )
}
if tuple(LICENCE_DETAILS) != LICENCES:  # the model's check constraint lists the same codes
    raise RuntimeError("library licences differ between the model and the services")


def kind_labels() -> dict[str, str]:
    """The kinds of entry in the reader's language."""
    return {
        Kind.PRACTICE: _("Practice"),
        Kind.GUIDE: _("Guide"),
        Kind.TOOLKIT: _("Toolkit"),
        Kind.REPORT: _("Report"),
    }


def language_labels() -> dict[str, str]:
    """The languages an entry may be written in, named in the reader's language."""
    return {
        "es": _("Spanish"),
        "pt": _("Portuguese"),
        "en": _("English"),
        "fr": _("French"),
        "gn": _("Guarani"),
        "qu": _("Quechua"),
    }


def licence_labels() -> dict[str, str]:
    """The licences an entry may carry, in the reader's language."""
    return {code: str(licence.label) for code, licence in LICENCE_DETAILS.items()}


def member_kind_labels() -> dict[str, str]:
    """The kinds of member, for the library's filter."""
    return {
        MemberKind.MUNICIPALITY: _("Municipalities"),
        MemberKind.LEGISLATURE: _("Legislatures"),
        MemberKind.ASSOCIATION: _("Associations"),
    }


def status_labels() -> dict[str, str]:
    return {Status.DRAFT: _("Draft"), Status.PUBLISHED: _("Published")}


def citable_indicators() -> list[tuple[str, str]]:
    """(code, name) of the current framework's indicators, in framework order."""
    found = db.session.scalars(
        select(Indicator)
        .join(FrameworkVersion, FrameworkVersion.id == Indicator.version_id)
        .where(FrameworkVersion.is_current.is_(True))
        .order_by(Indicator.dimension_id, Indicator.position, Indicator.code)
    )
    return [(indicator.code, indicator.name) for indicator in found]


def indicator_names(codes: Iterable[str]) -> dict[str, str]:
    """The names of the given indicator codes in the current framework (unknown codes omitted)."""
    wanted = set(codes)
    return {code: name for code, name in citable_indicators() if code in wanted}


@dataclass
class EntryData:
    """What staff type for an entry (validated again by the services)."""

    kind: str
    title: str
    topic: str
    language: str
    licence: str
    summary: str = ""
    body: str = ""
    year: int | None = None
    authors: str = ""
    links: str = ""  # one address a line, optionally followed by its title
    indicators: Sequence[str] = field(default_factory=list)


def parse_links(text: str) -> list[tuple[str, str]]:
    """``"https://x.org/doc Title"`` lines as (url, title) pairs; a 422 on a bad address."""
    found: list[tuple[str, str]] = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        url, _sep, title = line.partition(" ")
        if len(url) > LINK_MAX or not is_web_url(url):
            raise DomainError(
                _("Each line must start with a web address (https://...): %(line)s",
                  line=line[:80]),
                422,
            )  # fmt: skip
        found.append((url, title.strip()[:TITLE_MAX]))
    if len(found) > MAX_LINKS:
        raise DomainError(_("At most %(count)s links.", count=MAX_LINKS), 422)
    return found


def links_text(entry: LibraryEntry) -> str:
    """The entry's links as the form shows them, one a line."""
    return "\n".join(f"{link.url} {link.title}".strip() for link in entry.links)


def _check(data: EntryData) -> tuple[list[tuple[str, str]], list[str]]:
    if data.kind not in KINDS:
        raise DomainError(_("Choose one of the listed kinds."), 422)
    if data.topic not in TOPICS:
        raise DomainError(_("Choose one of the listed topics."), 422)
    if data.language not in LANGUAGES:
        raise DomainError(_("Choose one of the listed languages."), 422)
    if data.licence not in LICENCES:
        raise DomainError(_("Choose one of the listed licences."), 422)
    if not data.title.strip():
        raise DomainError(_("Give the entry a title."), 422)
    if data.year is not None and not 1900 <= data.year <= utcnow().year + 1:
        raise DomainError(_("The year must be between 1900 and next year."), 422)
    links = parse_links(data.links)
    codes: list[str] = []
    # Only practices evidence indicators: other kinds keep no citations.
    if data.kind == Kind.PRACTICE and data.indicators:
        known = {code for code, _name in citable_indicators()}
        codes = sorted(set(data.indicators))
        if any(code not in known for code in codes):
            raise DomainError(_("Choose indicators of the current framework."), 422)
    return links, codes


def _apply(entry: LibraryEntry, data: EntryData) -> None:
    links, codes = _check(data)
    entry.kind = data.kind
    entry.title = data.title.strip()[:TITLE_MAX]
    entry.summary = (data.summary or "").strip()[:SUMMARY_MAX]
    entry.body = (data.body or "").strip()[:BODY_MAX]
    entry.topic = data.topic
    entry.language = data.language
    entry.licence = data.licence
    entry.year = data.year
    entry.authors = (data.authors or "").strip()[:AUTHORS_MAX]
    entry.links = [
        LibraryLink(url=url, title=title, position=index)
        for index, (url, title) in enumerate(links)
    ]
    kept = {c.code: c for c in entry.citations}
    entry.citations = [kept.get(code) or IndicatorCitation(code=code) for code in codes]


def _record(entry: LibraryEntry, *, action: str, actor: User, **details: Any) -> None:
    audit.record(
        action, actor=actor, municipality=entry.municipality, target=entry, title=entry.title,
        **details,
    )  # fmt: skip


def create_entry(
    municipality: Municipality | None, data: EntryData, *, actor: User
) -> LibraryEntry:
    """A draft entry of ``municipality`` (None: of the network), audited."""
    entry = LibraryEntry(municipality=municipality, status=Status.DRAFT)
    _apply(entry, data)
    db.session.add(entry)
    db.session.flush()
    _record(entry, action="library.create", actor=actor)
    return entry


def update_entry(entry: LibraryEntry, data: EntryData, *, actor: User) -> LibraryEntry:
    """Change an entry's details, links and cited indicators, audited."""
    _apply(entry, data)
    db.session.flush()
    _record(entry, action="library.edit", actor=actor)
    return entry


def publish_entry(entry: LibraryEntry, *, actor: User) -> LibraryEntry:
    """Make an entry public (its first publication date is kept when published again)."""
    if entry.is_published:
        raise DomainError(_("This entry is already published."), 409)
    entry.status = Status.PUBLISHED
    entry.published_at = entry.published_at or utcnow()
    db.session.flush()
    _record(entry, action="library.publish", actor=actor)
    return entry


def unpublish_entry(entry: LibraryEntry, *, actor: User) -> LibraryEntry:
    """Take an entry back to draft: it disappears from the library, the search and the data."""
    if not entry.is_published:
        raise DomainError(_("This entry is not published."), 409)
    entry.status = Status.DRAFT
    db.session.flush()
    _record(entry, action="library.unpublish", actor=actor)
    return entry


def entry_path(entry: LibraryEntry) -> str:
    """The entry's page."""
    if entry.municipality is None:
        return url_for("library_network.detail", entry_id=entry.id)
    return url_for("library.detail", municipality=entry.municipality.slug, entry_id=entry.id)


@dataclass(frozen=True)
class Filters:
    """The library's filters, already checked (unknown values answer 400 in the views)."""

    q: str = ""
    kind: str | None = None
    topic: str | None = None
    language: str | None = None
    licence: str | None = None
    member: str | None = None  # a member's slug, or NETWORK
    member_kind: str | None = None

    @property
    def active(self) -> bool:
        return any((self.q, self.kind, self.topic, self.language, self.licence, self.member,
                    self.member_kind))  # fmt: skip


def _public_member() -> Any:
    # Network entries, or entries of members still in the network.
    return or_(
        LibraryEntry.municipality_id.is_(None),
        LibraryEntry.municipality_id.in_(
            select(Municipality.id).where(Municipality.archived_at.is_(None))
        ),
    )


def find_entries(
    filters: Filters, *, municipality_id: int | None = None, drafts: bool = False
) -> Select[LibraryEntry]:
    """Entries matching ``filters``, newest first; ``municipality_id`` keeps one member's only,
    ``drafts`` adds that member's drafts (for its staff)."""
    query = select(LibraryEntry).options(
        selectinload(LibraryEntry.municipality), selectinload(LibraryEntry.citations)
    )
    if municipality_id is not None:
        query = query.where(LibraryEntry.municipality_id == municipality_id)
    else:
        query = query.where(_public_member())
    if not drafts:
        query = query.where(LibraryEntry.status == Status.PUBLISHED)
    query = equal_to_chosen_fields(
        query, LibraryEntry, filters, "kind", "topic", "language", "licence"
    )
    if filters.member == NETWORK:
        query = query.where(LibraryEntry.municipality_id.is_(None))
    elif filters.member:
        query = query.where(
            LibraryEntry.municipality_id.in_(
                select(Municipality.id).where(Municipality.slug == filters.member)
            )
        )
    if filters.member_kind:
        query = query.where(
            LibraryEntry.municipality_id.in_(
                select(Municipality.id).where(Municipality.kind == filters.member_kind)
            )
        )
    for word in filters.q.split()[:8]:
        pattern = f"%{_escape(word.lower())}%"
        query = query.where(
            or_(
                *(
                    func.lower(column).like(pattern, escape="\\")
                    for column in (LibraryEntry.title, LibraryEntry.summary, LibraryEntry.authors)
                )
            )
        )
    return query.order_by(LibraryEntry.published_at.desc().nulls_first(), LibraryEntry.id.desc())


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def members_with_entries() -> list[tuple[str, str]]:
    """(slug, name) of the members with published entries, for the library's filter."""
    rows = db.session.execute(
        select(Municipality.slug, Municipality.name)
        .where(
            Municipality.archived_at.is_(None),
            Municipality.id.in_(
                select(LibraryEntry.municipality_id).where(LibraryEntry.status == Status.PUBLISHED)
            ),
        )
        .order_by(Municipality.name)
    )
    return [(slug, name) for slug, name in rows]


def practices_citing(
    municipality_id: int, since: datetime, now: datetime
) -> list[tuple[str, LibraryEntry]]:
    """(indicator code, practice) for the member's practices published between since and now."""
    rows = db.session.execute(
        select(IndicatorCitation.code, LibraryEntry)
        .join(LibraryEntry, LibraryEntry.id == IndicatorCitation.entry_id)
        .where(
            LibraryEntry.municipality_id == municipality_id,
            LibraryEntry.kind == Kind.PRACTICE,
            LibraryEntry.status == Status.PUBLISHED,
            and_(LibraryEntry.published_at >= since, LibraryEntry.published_at <= now),
        )
        .order_by(LibraryEntry.published_at.desc(), LibraryEntry.id.desc())
    )
    return [(code, entry) for code, entry in rows]
