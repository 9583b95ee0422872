"""Listing proposals: filters, full-text search and sort, including a seeded random order.

Proposal lifecycle lives in ``services``; supports and who may take part in ``supports``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    ColumnExpressionArgument,
    Select,
    cast,
    exists,
    func,
    literal,
    select,
)
from sqlalchemy.orm import contains_eager, defer, lazyload

from participa.consultations.models import Consultation, ConsultationStatus
from participa.core.authz import is_authenticated
from participa.core.params import parse_int
from participa.core.search import matches
from participa.extensions import db
from participa.proposals import search
from participa.proposals.models import STATES, Proposal, ProposalState, Support

if TYPE_CHECKING:
    from participa.core.authz import Visitor
    from participa.municipalities.models import Municipality

logger = logging.getLogger(__name__)

SORTS = ("supports", "newest", "comments", "random")
# Random order: a hash of (id, seed) computed in SQL, stable for one visitor's seed. The square
# makes it non-linear, so different seeds give really different orders; every intermediate
# value fits in a signed 64-bit integer (SQLite and PostgreSQL bigint).
RANDOM_MULTIPLIER = 2_654_435_761
RANDOM_MODULUS = 2_147_483_647


@dataclass
class ListingFilters:
    category_id: int | None = None
    state: str | None = None
    qualifying: bool = False
    mine: bool = False
    supported: bool = False
    query: str = ""
    sort: str = "supports"
    seed: int = 0
    district_id: int | None = None
    consultation_id: int | None = None


def shared_total_key(
    filters: ListingFilters, include_hidden: bool, *scope: str | int
) -> tuple[object, ...] | None:
    """What a list's count depends on, to share it between visitors (``paginate``'s
    ``shared_total``); None when it depends on the visitor (their own proposals or supports)."""
    if filters.mine or filters.supported:
        return None
    return (*scope, include_hidden, filters.qualifying, filters.query, filters.category_id,
            filters.state, filters.district_id, filters.consultation_id)  # fmt: skip


# A list loads only what its cards' support buttons and versions read: the card heads are
# shared (core.cache), and the author, topic, district and image are loaded for the heads that
# must be rendered (load_heads), not for every card of every page.
CARD_ROW = (
    lazyload(Proposal.author),
    lazyload(Proposal.category),
    lazyload(Proposal.district),
    lazyload(Proposal.image),
    defer(Proposal.body),
    defer(Proposal.answer_text),
    defer(Proposal.answer_details),
)


def load_heads(proposals: list[Proposal]) -> None:
    """Fill in what ``CARD_ROW`` left out of these cards, in one query with the model's eager
    joins (for the card heads a list must render)."""
    db.session.scalars(
        select(Proposal)
        .where(Proposal.id.in_([p.id for p in proposals]))
        .execution_options(populate_existing=True)
    ).all()


def listing_query(
    consultation: Consultation, *, viewer: Visitor, filters: ListingFilters, include_hidden: bool
) -> Select[Proposal]:
    """The proposals of a consultation after filters, search and sort."""
    query = select(Proposal).where(Proposal.consultation_id == consultation.id)
    if not include_hidden:
        query = query.where(Proposal.hidden_at.is_(None))
    query = _common(query, filters)
    if filters.qualifying:
        query = query.where(Proposal.qualifies.is_(True))
    viewer_id = viewer.id if is_authenticated(viewer) else -1  # -1: nobody
    if filters.mine:
        query = query.where(Proposal.author_id == viewer_id)
    if filters.supported:
        query = query.where(
            exists().where(
                Support.proposal_id == Proposal.id,
                Support.user_id == viewer_id,
            )
        )
    if filters.query.strip():
        query = query.where(search.search_condition(db.session, filters.query))
    return query.order_by(*_order(filters))


def _common(query: Select[Proposal], filters: ListingFilters) -> Select[Proposal]:
    """The filters every proposal list has: topic, state, district."""
    if filters.category_id:
        query = query.where(Proposal.category_id == filters.category_id)
    if filters.state in STATES:
        query = query.where(Proposal.state == filters.state)
    if filters.district_id:
        query = query.where(Proposal.district_id == filters.district_id)
    return query


MUNICIPALITY_SORTS = ("newest", "supports", "random")


def municipality_query(
    municipality: Municipality, *, filters: ListingFilters, include_hidden: bool
) -> Select[Proposal]:
    """The proposals of every public consultation of a municipality, after filters and sort.

    The consultation comes in the same query (each card names it).
    """
    query = (
        select(Proposal)
        .join(Consultation, Consultation.id == Proposal.consultation_id)
        .where(
            Proposal.municipality_id == municipality.id,
            Consultation.status != ConsultationStatus.DRAFT,
        )
        .options(contains_eager(Proposal.consultation))
    )
    if not include_hidden:
        query = query.where(Proposal.hidden_at.is_(None))
    if filters.consultation_id:
        query = query.where(Proposal.consultation_id == filters.consultation_id)
    query = _common(query, filters)
    if filters.query.strip():
        query = query.where(search.search_condition(db.session, filters.query))
    return query.order_by(*_order(filters))


def public_consultations(municipality: Municipality) -> list[Consultation]:
    """The consultations a municipality-wide list may be filtered by (drafts are not public)."""
    return list(
        db.session.scalars(
            select(Consultation)
            .where(
                Consultation.municipality_id == municipality.id,
                Consultation.status != ConsultationStatus.DRAFT,
            )
            .order_by(Consultation.id.desc())
        )
    )


MAP_LIMIT = 500


def located(query: Select[Proposal], limit: int = MAP_LIMIT) -> list[Proposal]:
    """The proposals of a list that have coordinates, for its map (at most ``limit``)."""
    return list(
        db.session.scalars(
            query.where(Proposal.latitude.is_not(None), Proposal.longitude.is_not(None)).limit(
                limit
            )
        ).unique()
    )


def _order(filters: ListingFilters) -> list[ColumnExpressionArgument[Any]]:
    if filters.sort == "newest":
        return [Proposal.created_at.desc(), Proposal.id.desc()]
    if filters.sort == "comments":
        return [Proposal.comments_count.desc(), Proposal.id.desc()]
    if filters.sort == "random":
        seed = int(filters.seed) % RANDOM_MODULUS
        big = cast(Proposal.id, BigInteger)
        modulus = literal(RANDOM_MODULUS, BigInteger)
        mixed = (big * literal(RANDOM_MULTIPLIER, BigInteger) + literal(seed, BigInteger)) % modulus
        return [(mixed * mixed) % modulus, Proposal.id]
    return [Proposal.supports_count.desc(), Proposal.id.desc()]


def visible_proposals_count(consultation: Consultation) -> int:
    """Proposals shown to the public: the counter, which moderation keeps in step (the cards
    of consultation lists show the same column)."""
    return consultation.proposals_count


MERGE_CHOICES_LIMIT = 200


def merge_candidates(
    source: Proposal, query: str = "", *, limit: int = MERGE_CHOICES_LIMIT
) -> tuple[list[Proposal], int]:
    """Proposals ``source`` may be merged into, matching ``query``, and how many match in all.

    Same consultation, not ``source`` itself, not withdrawn, merged or hidden. ``query`` matches
    words of the title ignoring case and accents, or the number ("12" or "#12").
    """

    def number(term: str) -> list[ColumnElement[bool]]:
        found = parse_int(term.removeprefix("#"), min=1)
        return [Proposal.id == found] if found is not None else []

    condition = (
        Proposal.consultation_id == source.consultation_id,
        Proposal.id != source.id,
        Proposal.merged_into_id.is_(None),
        Proposal.state != ProposalState.WITHDRAWN,
        Proposal.hidden_at.is_(None),
        matches(query, Proposal.title, extra=number),
    )
    total = db.session.scalar(select(func.count()).select_from(Proposal).where(*condition))
    rows = db.session.scalars(
        select(Proposal)
        .where(*condition)
        .order_by(Proposal.supports_count.desc(), Proposal.id)
        .limit(limit)
    )
    return list(rows), total or 0
