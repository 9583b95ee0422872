"""Which version of a draft a report covers, and the decisions on amendments across versions.

Participation stays on the version it was made on (only the votes of unchanged articles are
carried into the next version), so once staff publish a new text the current version has little
of its own: the report opens on the latest version people took part in.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, or_, select, union

from participa.core.params import parse_int
from participa.extensions import db
from participa.legislation.models import (
    Amendment,
    ArticleVote,
    Draft,
    DraftVersion,
    Passage,
    Section,
)


@dataclass
class VersionChoice:
    version: DraftVersion
    participated: bool


@dataclass
class Decision:
    amendment: Amendment
    version_number: int
    article_number: str


def version_choices(draft: Draft) -> list[VersionChoice]:
    """Every version of the draft, oldest first, flagged when it received participation (one
    query)."""
    voted = or_(Section.votes_in_favour > 0, Section.votes_against > 0, Section.votes_abstain > 0)
    on_sections = select(Section.version_id).where(
        Section.draft_id == draft.id,
        or_(and_(Section.carried_from_id.is_(None), voted), Section.comments_count > 0),
    )
    # Votes carried from the previous version are not participation in this one, unless the
    # person cast or changed them after it was published.
    revoted = (
        select(Section.version_id)
        .join(ArticleVote, ArticleVote.section_id == Section.id)
        .join(DraftVersion, DraftVersion.id == Section.version_id)
        .where(
            Section.draft_id == draft.id,
            Section.carried_from_id.is_not(None),
            ArticleVote.updated_at >= DraftVersion.published_at,
        )
    )
    amended = (
        select(Section.version_id)
        .join(Amendment, Amendment.section_id == Section.id)
        .where(Amendment.draft_id == draft.id)
    )
    on_passages = (
        select(Section.version_id)
        .join(Passage, Passage.section_id == Section.id)
        .where(Passage.draft_id == draft.id, Passage.comments_count > 0)
    )
    participated = union(on_sections, revoted, amended, on_passages)
    rows = db.session.execute(
        select(DraftVersion, DraftVersion.id.in_(participated))
        .where(DraftVersion.draft_id == draft.id)
        .order_by(DraftVersion.number)
    )
    return [VersionChoice(version, bool(flag)) for version, flag in rows]


def pick_version(
    draft: Draft, choices: list[VersionChoice], requested: str | None
) -> DraftVersion | None:
    """The version asked for by number; without one, the latest that received participation,
    else the current version. None when the request names no version of this draft."""
    if requested:
        number = parse_int(requested, min=1)
        if number is None:
            return None
        return next((c.version for c in choices if c.version.number == number), None)
    participated = [c.version for c in choices if c.participated]
    if participated:
        return participated[-1]
    return next((c.version for c in choices if c.version.id == draft.current_version_id), None)


def decisions_of(draft: Draft) -> list[Decision]:
    """Staff decisions on the draft's amendments in every version, by version (one query)."""
    rows = db.session.execute(
        select(Amendment, DraftVersion.number, Section.number)
        .join(Section, Section.id == Amendment.section_id)
        .join(DraftVersion, DraftVersion.id == Section.version_id)
        .where(Amendment.draft_id == draft.id, Amendment.decided_at.is_not(None))
        .order_by(DraftVersion.number, Amendment.id)
    )
    return [Decision(amendment, version, article) for amendment, version, article in rows]
