"""What the homes show, gathered from the features' manifests: the core knows no feature.

A feature declares ``open_now``, ``activity``, ``figures`` and ``staff_tasks`` callables in its
:class:`~participa.core.features.Feature`; each returns plain records defined here. The
municipality home asks for one municipality (its id), the platform home for the whole network
(``None``): every record names its municipality, so the network lists can say where it is.
A hook answers with a constant number of queries, whatever the number of items.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar, TypeVarTuple

from flask import url_for
from flask_babel.speaklater import LazyString
from sqlalchemy import Row, Select
from sqlalchemy.orm import QueryableAttribute

from participa.core import features
from participa.core.cache import shared
from participa.extensions import db

if TYPE_CHECKING:
    from participa.core.authz import Visitor
    from participa.municipalities.models import Municipality

R = TypeVar("R")
Columns = TypeVarTuple("Columns")

# How many items the homes list of each kind.
OPEN_LIMIT = 12
ACTIVITY_LIMIT = 15


@dataclass(frozen=True)
class Where:
    """The municipality an item belongs to."""

    slug: str
    name: str


@dataclass(frozen=True)
class OpenItem:
    """Something people may take part in now."""

    kind: str  # translated: what it is ("Consultation", "Ballot")
    title: str
    url: str
    state: str  # translated: what one may do now ("Taking proposals")
    where: Where
    # Who may take part (core.participation.Participation), None when it does not apply.
    participation: str | None = None
    closes_at: datetime | None = None


@dataclass(frozen=True)
class Activity:
    """One public event: a new proposal, an answer, published results, an update..."""

    at: datetime
    label: str  # translated: what happened ("New proposal")
    title: str
    url: str
    where: Where


@dataclass(frozen=True)
class Figure:
    """A key count; ``text`` says it with ngettext and the localized number."""

    code: str
    count: int
    text: str
    order: int = 50


@dataclass(frozen=True)
class StaffTask:
    """A link of the staff home, with what waits there."""

    title: str  # translated
    url: str
    text: str  # translated, with its counts (ngettext)
    waiting: int = 0  # how many items wait for staff (0: nothing to do now)
    order: int = 50


def open_item(
    item: Any, endpoint: str, *, kind: str, state: str, closes_at: datetime | None, **url_args: Any
) -> OpenItem:
    """``item`` (with a title, its member loaded and a ``participation``) open now, linked to its
    page at ``endpoint`` (``url_args``)."""
    member = item.municipality
    return OpenItem(
        kind=kind,
        title=item.title,
        url=url_for(endpoint, municipality=member.slug, **url_args),
        state=state,
        where=Where(member.slug, member.name),
        participation=item.participation,
        closes_at=closes_at,
    )


def newest(
    query: Select[*Columns],
    at: QueryableAttribute[Any],
    key: QueryableAttribute[Any],
    limit: int,
) -> Sequence[Row[*Columns]]:
    """The rows of ``query`` that have an ``at``, newest first (then highest ``key``): ``limit``
    of them, for ``activities``."""
    return db.session.execute(
        query.where(at.is_not(None)).order_by(at.desc(), key.desc()).limit(limit)
    ).all()


def activities(
    rows: Iterable[Any],
    label: str,
    url: Callable[[Any, int], str],
    where: Callable[[Any, Any], Where] = Where,
) -> list[Activity]:
    """``rows`` of (id, title, time, member slug, member name) as events called ``label``, each
    linked by ``url(slug, id)``; a row without a time is left out."""
    return [
        Activity(at, label, title, url(slug, item_id), where(slug, name))
        for item_id, title, at, slug, name in rows
        if at is not None
    ]


def list_task(
    title: str, endpoint: str, municipality: Municipality, *sentences: str, waiting: int, order: int
) -> list[StaffTask]:
    """A feature's staff-home link to its list page for ``municipality``: ``sentences`` (each
    with its counts) say what waits there."""
    return [
        StaffTask(
            title=title,
            url=url_for(endpoint, municipality=municipality.slug),
            text=" ".join(sentences),
            waiting=waiting,
            order=order,
        )
    ]


def _features(kind: str | None = None) -> list[features.Feature]:
    # A member's home asks only the features that serve its kind (Feature.member_kinds).
    return features.features_for(kind)


def sections(kind: str | None = None) -> frozenset[str]:
    """The home sections ("open_now", "activity", "figures") that some installed feature serving
    ``kind`` fills, so that a member's home leaves out those no feature could ever fill."""
    return frozenset(
        hook
        for feature in _features(kind)
        for hook in ("open_now", "activity", "figures")
        if getattr(feature, hook) is not None
    )


def _closing_key(item: OpenItem) -> tuple[bool, datetime, str]:
    return (item.closes_at is None, item.closes_at or datetime.min, item.title)


def _plain(record: R) -> R:
    # Hooks may answer with lazy strings, which neither pickle nor keep their language.
    lazy = {f.name: str(v) for f in fields(record)  # type: ignore[arg-type]
            if isinstance(v := getattr(record, f.name), LazyString)}  # fmt: skip
    return replace(record, **lazy) if lazy else record  # type: ignore[type-var]


def open_now(
    municipality_id: int | None, limit: int = OPEN_LIMIT, *, kind: str | None = None
) -> list[OpenItem]:
    """What people may take part in now, closing soonest first (``kind``: the member's)."""

    def gather() -> list[OpenItem]:
        found = [
            _plain(item)
            for feature in _features(kind)
            if feature.open_now is not None
            for item in feature.open_now(municipality_id, limit)
        ]
        return sorted(found, key=_closing_key)[:limit]

    return shared("homes.open_now", gather, municipality_id, limit, kind)


def activity(
    municipality_id: int | None, limit: int = ACTIVITY_LIMIT, *, kind: str | None = None
) -> list[Activity]:
    """The latest public events of every feature, newest first (``kind``: the member's)."""

    def gather() -> list[Activity]:
        found = [
            _plain(item)
            for feature in _features(kind)
            if feature.activity is not None
            for item in feature.activity(municipality_id, limit)
        ]
        return sorted(found, key=lambda item: item.at, reverse=True)[:limit]

    return shared("homes.activity", gather, municipality_id, limit, kind)


def figures(municipality_id: int | None, *, kind: str | None = None) -> list[Figure]:
    """The features' key counts, in their order (``kind``: the member's; the network's take a
    few hundred milliseconds on a large installation: reused for a few seconds)."""

    def gather() -> list[Figure]:
        found = [
            _plain(figure)
            for feature in _features(kind)
            if feature.figures is not None
            for figure in feature.figures(municipality_id)
        ]
        return sorted(found, key=lambda figure: figure.order)

    return shared("homes.figures", gather, municipality_id, kind)


def staff_tasks(user: Visitor, municipality: Municipality) -> list[StaffTask]:
    """The staff home's tasks that ``user`` may do in ``municipality``, in their order."""
    kind = getattr(municipality, "kind", None)  # the core knows no member model
    found = [
        task
        for feature in _features(None if kind is None else str(kind))
        if feature.staff_tasks is not None
        for task in feature.staff_tasks(user, municipality)
    ]
    return sorted(found, key=lambda task: task.order)
