"""What initiatives show on the homes (core.homes): collecting now, admitted and answered ones,
figures, and the staff's review and answer queue."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

from flask import url_for
from flask_babel import format_decimal as number
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import case, func, select

from participa.core.authz import can
from participa.core.homes import Activity, Figure, OpenItem, StaffTask, Where, activities, newest
from participa.core.participation import Participation
from participa.db import utcnow
from participa.extensions import db
from participa.initiatives.models import Initiative, InitiativeState
from participa.initiatives.services import PUBLIC_STATES
from participa.municipalities.models import Municipality
from participa.municipalities.services import of_live_members

if TYPE_CHECKING:
    from participa.core.authz import Visitor

Q = TypeVar("Q")  # a SELECT of any columns, returned with its own type
S = InitiativeState


def _public(query: Q, municipality_id: int | None) -> Q:
    found: Any = of_live_members(query, Initiative.municipality_id, municipality_id)
    return cast(Q, found.where(Initiative.state.in_(PUBLIC_STATES)))


def _url(slug: str, initiative_id: int) -> str:
    return url_for("initiatives.detail", municipality=slug, initiative_id=initiative_id)


def open_now(municipality_id: int | None, limit: int) -> list[OpenItem]:
    """Initiatives taking signatures now, closing soonest first."""
    now = utcnow()
    rows = db.session.execute(
        _public(select(Initiative.id, Initiative.title, Initiative.collection_ends_at,
                       Municipality.slug, Municipality.name), municipality_id)
        .where(Initiative.state.in_((S.COLLECTING, S.REACHED)),
               Initiative.collection_ends_at > now)
        .order_by(Initiative.collection_ends_at, Initiative.id)
        .limit(limit)
    ).all()  # fmt: skip
    return [
        OpenItem(
            kind=_("Citizen initiative"),
            title=title,
            url=_url(slug, iid),
            state=_("Collecting signatures"),
            where=Where(slug, name),
            participation=Participation.VERIFIED,
            closes_at=ends,
        )
        for iid, title, ends, slug, name in rows
    ]


def _newest(at: Any, municipality_id: int | None, limit: int) -> Sequence[Any]:
    columns = select(Initiative.id, Initiative.title, at, Municipality.slug, Municipality.name)
    return newest(_public(columns, municipality_id), at, Initiative.id, limit)


def activity(municipality_id: int | None, limit: int) -> list[Activity]:
    """The newest admitted initiatives and the newest answers."""
    admitted = _newest(Initiative.admitted_at, municipality_id, limit)
    answered = _newest(Initiative.answered_at, municipality_id, limit)
    return activities(admitted, _("New citizen initiative"), _url) + activities(
        answered, _("Citizen initiative answered"), _url
    )


def figures(municipality_id: int | None) -> list[Figure]:
    """How many initiatives were admitted, and how many answered."""
    admitted, answered = db.session.execute(
        _public(
            select(
                func.count(Initiative.id),
                func.coalesce(func.sum(case((Initiative.state == S.ANSWERED, 1), else_=0)), 0),
            ),
            municipality_id,
        )
    ).one()
    if not admitted:
        return []
    return [
        Figure("initiatives", admitted,
               ngettext("%(count)s citizen initiative", "%(count)s citizen initiatives",
                        admitted, count=number(admitted)), order=60),
        Figure("initiatives_answered", answered,
               ngettext("%(count)s citizen initiative answered",
                        "%(count)s citizen initiatives answered", answered,
                        count=number(answered)), order=61),
    ]  # fmt: skip


def staff_tasks(user: Visitor, municipality: Municipality) -> list[StaffTask]:
    """Initiatives waiting for review, and those waiting for an answer."""
    if not can(user, "initiatives.manage", municipality):
        return []
    review, reached = db.session.execute(
        select(
            func.coalesce(func.sum(case((Initiative.state == S.REVIEW, 1), else_=0)), 0),
            func.coalesce(func.sum(case((Initiative.state == S.REACHED, 1), else_=0)), 0),
        ).where(Initiative.municipality_id == municipality.id)
    ).one()
    slug = municipality.slug
    return [
        StaffTask(
            title=_("Initiatives waiting for review"),
            url=url_for("initiatives.list", municipality=slug, state=S.REVIEW.value),
            text=ngettext("%(count)s initiative waits for review.",
                          "%(count)s initiatives wait for review.", review, count=number(review)),
            waiting=review, order=25,
        ),
        StaffTask(
            title=_("Initiatives waiting for an answer"),
            url=url_for("initiatives.list", municipality=slug, state=S.REACHED.value),
            text=ngettext("%(count)s initiative waits for an official answer.",
                          "%(count)s initiatives wait for an official answer.", reached,
                          count=number(reached)),
            waiting=reached, order=26,
        ),
    ]  # fmt: skip
