"""Published legislative drafts, their versions and each article's results, as open datasets:
described in ``datasets.json``, read by the queries below (see participa.core.datasets); counts
only, never who voted what."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, select, union_all

from participa.comments.models import Comment
from participa.core.datasets import described, fields_of
from participa.legislation.models import (
    Amendment,
    AmendmentState,
    ArticleVote,
    Draft,
    DraftStatus,
    DraftVersion,
    Section,
    SectionKind,
)


def _public(municipality_id: int) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    # As legislation.policies.can_view for a visitor: every draft but unpublished ones.
    return (Draft.municipality_id == municipality_id, Draft.status != DraftStatus.DRAFT)


def _drafts(municipality_id: int) -> Select[*tuple[Any, ...]]:
    return (
        select(
            *fields_of(Draft, "id", "title", "kind", "summary", "destination_body", "status"),
            *fields_of(Draft, "participation", "consultation_id"),
            DraftVersion.number.label("current_version"),
            *fields_of(Draft, "opens_at", "closes_at", "published_at", "closed_at"),
            # The staff's response is public once they publish it.
            case((Draft.response_published_at.is_not(None), Draft.response), else_=None).label(
                "response"
            ),
            *fields_of(Draft, "response_published_at", "updated_at"),
        )
        .outerjoin(DraftVersion, DraftVersion.id == Draft.current_version_id)
        .where(*_public(municipality_id))
    )


def _versions(municipality_id: int) -> Select[*tuple[Any, ...]]:
    articles = (
        select(func.count())
        .where(Section.version_id == DraftVersion.id, Section.kind == SectionKind.ARTICLE)
        .correlate(DraftVersion)
        .scalar_subquery()
    )
    return (
        select(
            *fields_of(DraftVersion, "id", "draft_id", "number", "change_note"),
            articles.label("articles"),
            (Draft.current_version_id == DraftVersion.id).label("is_current"),
            DraftVersion.published_at.label("published_at"),
        )
        .join(Draft, Draft.id == DraftVersion.draft_id)
        .where(*_public(municipality_id))
    )


def _articles(municipality_id: int) -> Select[*tuple[Any, ...]]:
    counted = Amendment.state != AmendmentState.WITHDRAWN  # as the report counts them
    amendments = (
        select(
            Amendment.section_id,
            func.count().label("amendments"),
            func.sum(case((Amendment.state == AmendmentState.ACCEPTED, 1), else_=0)).label(
                "accepted"
            ),
        )
        .where(Amendment.municipality_id == municipality_id, counted)
        .group_by(Amendment.section_id)
        .subquery()
    )
    # The last vote, amendment or comment on each article: when its figures last moved.
    activity = union_all(
        select(ArticleVote.section_id.label("section_id"), ArticleVote.updated_at.label("at"))
        .join(Draft, Draft.id == ArticleVote.draft_id)
        .where(Draft.municipality_id == municipality_id),
        select(
            Amendment.section_id,
            func.coalesce(Amendment.decided_at, Amendment.created_at),
        ).where(Amendment.municipality_id == municipality_id),
        select(Comment.commentable_id, func.coalesce(Comment.edited_at, Comment.created_at)).where(
            Comment.municipality_id == municipality_id, Comment.commentable_type == "article"
        ),
    ).subquery()
    last = (
        select(activity.c.section_id, func.max(activity.c.at).label("at"))
        .group_by(activity.c.section_id)
        .subquery()
    )
    return (
        select(
            *fields_of(Section, "id", "draft_id", "version_id"),
            DraftVersion.number.label("version"),
            Section.key.label("article_key"),
            *fields_of(Section, "number", "heading"),
            Section.votes_in_favour.label("in_favour"),
            Section.votes_against.label("against"),
            Section.votes_abstain.label("abstain"),
            Section.comments_count.label("comments"),
            func.coalesce(amendments.c.amendments, 0).label("amendments"),
            func.coalesce(amendments.c.accepted, 0).label("amendments_accepted"),
            func.coalesce(last.c.at, DraftVersion.published_at).label("changed_at"),
        )
        .join(DraftVersion, DraftVersion.id == Section.version_id)
        .join(Draft, Draft.id == Section.draft_id)
        .outerjoin(amendments, amendments.c.section_id == Section.id)
        .outerjoin(last, last.c.section_id == Section.id)
        .where(*_public(municipality_id), Section.kind == SectionKind.ARTICLE)
    )


contributions = described(
    __package__,
    {
        "legislation-drafts": _drafts,
        "legislation-versions": _versions,
        "legislation-article-results": _articles,
    },
)
