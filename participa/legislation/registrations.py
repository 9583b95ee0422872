"""Make articles and passages commentable and drafts followable, and offer published drafts
and their reports as evidence for indicators."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin
from sqlalchemy import Select, select

from participa.core.features import Contributions
from participa.core.link_choices import newest_of_member
from participa.core.participation import Participation
from participa.extensions import db
from participa.legislation.models import (
    DRAFT_KIND,
    Draft,
    DraftStatus,
    Passage,
    Section,
)

if TYPE_CHECKING:
    from participa.core.authz import Visitor
    from participa.municipalities.models import Municipality

contributions = Contributions()


def _draft_page(endpoint: str, draft: Draft, **args: Any) -> str:
    return url_for(endpoint, municipality=draft.municipality.slug, draft_id=draft.id, **args)


def draft_url(draft: Draft) -> str:
    return _draft_page("legislation.detail", draft)


def article_url(section: Section) -> str:
    return _draft_page("legislation.article", section.draft, section_id=section.id)


def passage_url(passage: Passage) -> str:
    return _draft_page("legislation.passage", passage.draft, passage_id=passage.id)


def _article_open(section: Section) -> bool:
    draft = section.draft
    return draft.is_open and section.version_id == draft.current_version_id and section.is_article


def _visible(user: Visitor, draft: Draft) -> bool:
    from participa.legislation.policies import can_view

    return can_view(user, draft)


def _public(model: type[Section] | type[Passage], municipality_id: int) -> Select[int]:
    # The articles or passages of drafts everyone may see (as ``can_view`` rules).
    return (
        select(model.id)
        .join(Draft, Draft.id == model.draft_id)
        .where(Draft.municipality_id == municipality_id, Draft.status != DraftStatus.DRAFT)
    )


contributions.add(
    "commentable",
    "article",
    Section,
    url=article_url,
    is_open=_article_open,
    verified_only=lambda s: s.draft.participation == Participation.VERIFIED,
    author_id=lambda s: None,
    visible=lambda user, s: _visible(user, s.draft),
    public_ids=lambda municipality_id: _public(Section, municipality_id),
    followed=lambda s: s.draft,
)
contributions.add(
    "commentable",
    "passage",
    Passage,
    url=passage_url,
    is_open=lambda p: _article_open(p.section),
    verified_only=lambda p: p.draft.participation == Participation.VERIFIED,
    author_id=lambda p: p.author_id,
    visible=lambda user, p: _visible(user, p.draft),
    public_ids=lambda municipality_id: _public(Passage, municipality_id),
    followed=lambda p: p.draft,
)
contributions.add("followable", DRAFT_KIND, Draft, url=draft_url, visible=_visible)


def _drafts_evidence(
    municipality: Municipality, since: datetime, *, with_report: bool
) -> list[tuple[str, str]]:
    # The latest drafts published (or answered, for the report) since the given date.
    column = Draft.response_published_at if with_report else Draft.published_at
    endpoint = "legislation.report" if with_report else "legislation.detail"
    query = (
        select(Draft)
        .where(
            Draft.municipality_id == municipality.id,
            Draft.status != DraftStatus.DRAFT,
            column >= since,
        )
        .order_by(column.desc())
        .limit(3)
    )
    return [
        (draft.title, url_for(endpoint, municipality=municipality.slug, draft_id=draft.id))
        for draft in db.session.scalars(query)
    ]


contributions.add(
    "indicator_evidence",
    "crowdlaw_draft",
    lambda municipality, now, since: _drafts_evidence(municipality, since, with_report=False),
)
contributions.add(
    "indicator_evidence",
    "crowdlaw_report",
    lambda municipality, now, since: _drafts_evidence(municipality, since, with_report=True),
)

# Reports and annexes staff attach to a draft (see participa.media).
contributions.add(
    "attachable", DRAFT_KIND, Draft, url=draft_url, title=lambda d: d.title, visible=_visible,
    manage="legislation.manage",
)  # fmt: skip


# Events may link to the member's drafts (see participa.events.linkable).
def _linkable_choices(municipality_id: int) -> list[Draft]:
    return newest_of_member(Draft, municipality_id)


contributions.add(
    "event_linkable", DRAFT_KIND, Draft, label=_l("Draft"),
    url=draft_url, title=lambda d: d.title,
    public=lambda d: _visible(AnonymousUserMixin(), d),
    choices=lambda m: [d for d in _linkable_choices(m) if _visible(AnonymousUserMixin(), d)],
)  # fmt: skip
