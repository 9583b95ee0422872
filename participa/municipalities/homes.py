"""What municipalities show on the homes (core.homes): verified residents, staff tasks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import url_for
from flask_babel import format_decimal as number
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from participa.core.authz import can
from participa.core.homes import Figure, StaffTask
from participa.extensions import db
from participa.municipalities.census import census_count
from participa.municipalities.models import Membership, Municipality, Role
from participa.municipalities.services import pending_count

if TYPE_CHECKING:
    from participa.core.authz import Visitor


def figures(municipality_id: int | None) -> list[Figure]:
    """How many verified residents (in one municipality, or in the whole network)."""
    query = (
        select(func.count(Membership.id))
        .join(Municipality, Municipality.id == Membership.municipality_id)
        .where(Membership.role == Role.RESIDENT, Municipality.archived_at.is_(None))
    )
    if municipality_id is not None:
        query = query.where(Membership.municipality_id == municipality_id)
    residents = db.session.scalar(query) or 0
    return [
        Figure(
            "residents",
            residents,
            ngettext(
                "%(count)s verified resident",
                "%(count)s verified residents",
                residents,
                count=number(residents),
            ),
            order=15,
        )
    ]


def staff_tasks(user: Visitor, municipality: Municipality) -> list[StaffTask]:
    """The verification queue, the census, settings, members and the audit log."""
    slug = municipality.slug
    tasks = []
    if can(user, "municipalities.verify_residents", municipality):
        pending = pending_count(municipality)
        tasks.append(
            StaffTask(
                title=_("Verification queue"),
                url=url_for("municipalities.residents", municipality=slug),
                text=ngettext(
                    "%(count)s residency request is waiting.",
                    "%(count)s residency requests are waiting.",
                    pending,
                    count=number(pending),
                ),
                waiting=pending,
                order=45,
            )
        )
    if can(user, "municipalities.upload_census", municipality):
        total, claimed = census_count(municipality)
        tasks.append(
            StaffTask(
                title=_("Census"),
                url=url_for("municipalities.census", municipality=slug),
                text=ngettext(
                    "%(count)s identifier loaded, %(claimed)s used.",
                    "%(count)s identifiers loaded, %(claimed)s used.",
                    total,
                    count=number(total),
                    claimed=number(claimed),
                ),
                order=46,
            )
        )
    if can(user, "municipalities.edit_settings", municipality):
        tasks.append(
            StaffTask(
                title=_("Settings"),
                url=url_for("municipalities.settings", municipality=slug),
                text=_("Name, description, language, colours, logo and contact details."),
                order=90,
            )
        )
    if can(user, "municipalities.manage_members", municipality):
        tasks.append(
            StaffTask(
                title=_("Members"),
                url=url_for("municipalities.members", municipality=slug),
                text=_("Admins, moderators and verified residents."),
                order=91,
            )
        )
    if can(user, "municipalities.view_audit_log", municipality):
        tasks.append(
            StaffTask(
                title=_("Audit log"),
                url=url_for("municipalities.audit", municipality=slug),
                text=_("Every staff action, with who did it and when."),
                order=92,
            )
        )
    return tasks
