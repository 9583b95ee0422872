"""Published legislative drafts, their versions and each article's results, as open datasets
(see participa.core.datasets): counts only, never who voted what."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, case, func, select, union_all

from participa.comments.models import Comment
from participa.core.datasets import Column, Dataset
from participa.core.features import Contributions
from participa.core.participation import Participation
from participa.legislation.models import (
    Amendment,
    AmendmentState,
    ArticleVote,
    Draft,
    DraftKind,
    DraftStatus,
    DraftVersion,
    Section,
    SectionKind,
)

contributions = Contributions()


def _public(municipality_id: int) -> Any:
    # As legislation.policies.can_view for a visitor: every draft but unpublished ones.
    return (Draft.municipality_id == municipality_id, Draft.status != DraftStatus.DRAFT)


def _drafts(municipality_id: int) -> Select[*tuple[Any, ...]]:
    return (
        select(
            Draft.id.label("id"),
            Draft.title.label("title"),
            Draft.kind.label("kind"),
            Draft.summary.label("summary"),
            Draft.destination_body.label("destination_body"),
            Draft.status.label("status"),
            Draft.participation.label("participation"),
            Draft.consultation_id.label("consultation_id"),
            DraftVersion.number.label("current_version"),
            Draft.opens_at.label("opens_at"),
            Draft.closes_at.label("closes_at"),
            Draft.published_at.label("published_at"),
            Draft.closed_at.label("closed_at"),
            # The staff's response is public once they publish it.
            case((Draft.response_published_at.is_not(None), Draft.response), else_=None).label(
                "response"
            ),
            Draft.response_published_at.label("response_published_at"),
            Draft.updated_at.label("updated_at"),
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
            DraftVersion.id.label("id"),
            DraftVersion.draft_id.label("draft_id"),
            DraftVersion.number.label("number"),
            DraftVersion.change_note.label("change_note"),
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
            Section.id.label("id"),
            Section.draft_id.label("draft_id"),
            Section.version_id.label("version_id"),
            DraftVersion.number.label("version"),
            Section.key.label("article_key"),
            Section.number.label("number"),
            Section.heading.label("heading"),
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


contributions.add("dataset", Dataset(
    name="legislation-drafts",
    title=_l("Legislative drafts"),
    description=_l("Draft ordinances, regulations and bills put to participants, with their "
                   "participation period and the municipality's response."),
    columns=(
        Column("id", "integer", _l("Number of the draft")),
        Column("title", "string", _l("Title")),
        Column("kind", "string", _l("Kind of text"), values=tuple(k.value for k in DraftKind)),
        Column("summary", "string", _l("Summary")),
        Column("destination_body", "string", _l("Body that will pass the text")),
        Column("status", "string", _l("Open to participation, or closed"),
               values=(DraftStatus.PUBLISHED.value, DraftStatus.CLOSED.value)),
        Column("participation", "string", _l("Who may take part: anyone with an account, or "
                                             "verified residents only"),
               values=tuple(p.value for p in Participation)),
        Column("consultation_id", "integer", _l("The consultation it belongs to, if any")),
        Column("current_version", "integer", _l("Number of the version now open (see the "
                                                "versions dataset)")),
        Column("opens_at", "datetime", _l("When participation opens")),
        Column("closes_at", "datetime", _l("When participation closes")),
        Column("published_at", "datetime", _l("When it was published")),
        Column("closed_at", "datetime", _l("When staff closed it")),
        Column("response", "string", _l("The municipality's response, in Markdown (empty "
                                        "until published)")),
        Column("response_published_at", "datetime", _l("When the response was published")),
        Column("updated_at", "datetime", _l("Last change")),
    ),
    query=_drafts,
    changed="updated_at",
    keywords=("normativa", "participación", "legislation"),
))  # fmt: skip
contributions.add("dataset", Dataset(
    name="legislation-versions",
    title=_l("Versions of legislative drafts"),
    description=_l("Every published text of every public draft."),
    columns=(
        Column("id", "integer", _l("Identifier of the version")),
        Column("draft_id", "integer", _l("The draft (see the legislative drafts dataset)")),
        Column("number", "integer", _l("Version number within the draft (1, 2, ...)")),
        Column("change_note", "string", _l("What changed from the previous version")),
        Column("articles", "integer", _l("Articles in this version")),
        Column("is_current", "boolean", _l("Whether it is the version now open")),
        Column("published_at", "datetime", _l("When it was published")),
    ),
    query=_versions,
    changed="published_at",
    keywords=("normativa", "legislation"),
))  # fmt: skip
contributions.add("dataset", Dataset(
    name="legislation-article-results",
    title=_l("Results per article of legislative drafts"),
    description=_l("For each article of each version of a public draft: votes in favour, "
                   "against and abstentions, comments and amendments. Totals only, never who "
                   "voted what."),
    columns=(
        Column("id", "integer", _l("Identifier of the article in this version")),
        Column("draft_id", "integer", _l("The draft (see the legislative drafts dataset)")),
        Column("version_id", "integer", _l("The version (see the versions dataset)")),
        Column("version", "integer", _l("Version number within the draft")),
        Column("article_key", "string", _l("Stable key of the article across versions "
                                           "(art-5)")),
        Column("number", "string", _l("Number of the article as written in the text")),
        Column("heading", "string", _l("Heading of the article")),
        Column("in_favour", "integer", _l("Votes in favour")),
        Column("against", "integer", _l("Votes against")),
        Column("abstain", "integer", _l("Abstentions")),
        Column("comments", "integer", _l("Comments visible to everyone on the article")),
        Column("amendments", "integer", _l("Amendments proposed (withdrawn ones left out)")),
        Column("amendments_accepted", "integer", _l("Amendments accepted")),
        Column("changed_at", "datetime", _l("Last vote, amendment or comment (the version's "
                                            "publication when none)")),
    ),
    query=_articles,
    changed="changed_at",
    keywords=("normativa", "votación", "legislation"),
))  # fmt: skip
