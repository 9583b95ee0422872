"""What legislation shows on the homes (core.homes): drafts open now, new versions, staff tasks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import url_for
from flask_babel import format_decimal as number
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import contains_eager

from participa.core.authz import can
from participa.core.homes import Activity, OpenItem, StaffTask, Where, list_task, open_item
from participa.db import utcnow
from participa.extensions import db
from participa.legislation.models import Draft, DraftStatus, DraftVersion
from participa.municipalities.models import Municipality
from participa.municipalities.services import of_live_members

if TYPE_CHECKING:
    from participa.core.authz import Visitor


def open_now(municipality_id: int | None, limit: int) -> list[OpenItem]:
    """Published drafts inside their participation period (article votes and comments)."""
    now = utcnow()
    query = (
        of_live_members(select(Draft), Draft.municipality_id, municipality_id)
        .options(contains_eager(Draft.municipality))
        .where(
            Draft.status == DraftStatus.PUBLISHED,
            Draft.current_version_id.is_not(None),
            or_(Draft.opens_at.is_(None), Draft.opens_at <= now),
            or_(Draft.closes_at.is_(None), Draft.closes_at > now),
        )
        .order_by(Draft.closes_at, Draft.id)
        .limit(limit)
    )
    return [
        open_item(
            draft,
            "legislation.detail",
            draft_id=draft.id,
            kind=_("Draft regulation"),
            state=_("Open for article votes and comments"),
            closes_at=draft.closes_at,
        )
        for draft in db.session.scalars(query)
    ]


def activity(municipality_id: int | None, limit: int) -> list[Activity]:
    """The newest versions of public drafts."""
    rows = db.session.execute(
        of_live_members(
            select(
                Draft.id,
                Draft.title,
                DraftVersion.number,
                DraftVersion.published_at,
                Municipality.slug,
                Municipality.name,
            )
            .select_from(DraftVersion)
            .join(Draft, Draft.id == DraftVersion.draft_id),
            Draft.municipality_id,
            municipality_id,
        )
        .where(Draft.status != DraftStatus.DRAFT)
        .order_by(DraftVersion.published_at.desc(), DraftVersion.id.desc())
        .limit(limit)
    ).all()
    return [
        Activity(
            at,
            _("New version %(number)s of a draft", number=number(version)),
            title,
            url_for("legislation.detail", municipality=slug, draft_id=draft_id),
            Where(slug, name),
        )
        for draft_id, title, version, at, slug, name in rows
    ]


def staff_tasks(user: Visitor, municipality: Municipality) -> list[StaffTask]:
    """Legislation drafts: unpublished ones and those open for participation."""
    if not can(user, "legislation.manage", municipality):
        return []
    unpublished, published = db.session.execute(
        select(
            func.count(case((Draft.status == DraftStatus.DRAFT, 1))),
            func.count(case((Draft.status == DraftStatus.PUBLISHED, 1))),
        ).where(Draft.municipality_id == municipality.id)
    ).one()
    return list_task(
        _("Legislation drafts"),
        "legislation.list",
        municipality,
        ngettext(
            "%(count)s draft published.",
            "%(count)s drafts published.",
            published,
            count=number(published),
        ),
        ngettext(
            "%(count)s draft not published yet.",
            "%(count)s drafts not published yet.",
            unpublished,
            count=number(unpublished),
        ),
        waiting=unpublished,
        order=30,
    )
