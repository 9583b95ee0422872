"""Load drafts and their children for a request: scoped to the municipality, 404 otherwise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from flask import abort
from sqlalchemy import func, select

from participa.core.tenancy import visible_or_404
from participa.extensions import db
from participa.legislation.models import (
    Amendment,
    AmendmentState,
    Draft,
    DraftVersion,
    Passage,
    Question,
    Section,
    SectionSource,
)


def draft_or_404(draft_id: int) -> Draft:
    """A draft of this municipality that the visitor may see (unpublished ones look missing)."""
    return visible_or_404(Draft, draft_id, "legislation.view")


_Child = TypeVar("_Child", Section, Amendment, Question, Passage)


def _child(model: type[_Child], draft: Draft, object_id: int) -> _Child:
    obj = db.session.scalars(
        select(model).where(model.id == object_id, model.draft_id == draft.id)
    ).first()
    if obj is None:
        abort(404)
    return obj


def section_or_404(draft: Draft, section_id: int) -> Section:
    return _child(Section, draft, section_id)


def amendment_or_404(draft: Draft, amendment_id: int) -> Amendment:
    return _child(Amendment, draft, amendment_id)


def question_or_404(draft: Draft, question_id: int) -> Question:
    return _child(Question, draft, question_id)


def passage_or_404(draft: Draft, passage_id: int) -> Passage:
    return _child(Passage, draft, passage_id)


def version_by_number(draft: Draft, number: int) -> DraftVersion:
    version = db.session.scalars(
        select(DraftVersion).where(DraftVersion.draft_id == draft.id, DraftVersion.number == number)
    ).first()
    if version is None:
        abort(404)
    return version


def amendment_counts(section_ids: list[int]) -> dict[int, int]:
    """Amendments not withdrawn, per section (one grouped query)."""
    if not section_ids:
        return {}
    rows = db.session.execute(
        select(Amendment.section_id, func.count())
        .where(Amendment.section_id.in_(section_ids), Amendment.state != AmendmentState.WITHDRAWN)
        .group_by(Amendment.section_id)
    )
    return dict(rows.all())


def amendments_of(section: Section) -> list[Amendment]:
    return list(
        db.session.scalars(
            select(Amendment)
            .where(Amendment.section_id == section.id, Amendment.state != AmendmentState.WITHDRAWN)
            .order_by(Amendment.supports_count.desc(), Amendment.id)
        )
    )


def sources_of(section_ids: list[int]) -> dict[int, list[SectionSource]]:
    """Provenance rows of these sections (one query)."""
    if not section_ids:
        return {}
    grouped: dict[int, list[SectionSource]] = {}
    for row in db.session.scalars(
        select(SectionSource).where(SectionSource.section_id.in_(section_ids))
    ):
        grouped.setdefault(row.section_id, []).append(row)
    return grouped


@dataclass(frozen=True)
class EarlierWording:
    section: Section
    version_number: int


def vote_history(sections: list[Section]) -> dict[int, list[EarlierWording]]:
    """Earlier wordings of these articles (of one version) with votes that did not carry into
    them, newest first, by section id (one query).

    Votes of an unchanged article are carried into the next version, so only the last version
    of each wording is listed: its counts include the versions it was carried from.
    """
    articles = [s for s in sections if s.is_article]
    if not articles:
        return {}
    this_version = (
        select(DraftVersion.number)
        .where(DraftVersion.id == articles[0].version_id)
        .scalar_subquery()
    )
    earlier = db.session.execute(
        select(Section, DraftVersion.number)
        .join(DraftVersion, DraftVersion.id == Section.version_id)
        .where(
            Section.draft_id == articles[0].draft_id,
            Section.key.in_([s.key for s in articles]),
            DraftVersion.number < this_version,
        )
        .order_by(DraftVersion.number.desc())
    ).all()
    carried = {s.carried_from_id for s in articles} | {s.carried_from_id for s, _n in earlier}
    by_key = {s.key: s.id for s in articles}
    history: dict[int, list[EarlierWording]] = {}
    for section, number in earlier:
        if section.id not in carried and section.votes_total:
            history.setdefault(by_key[section.key], []).append(EarlierWording(section, number))
    return history
