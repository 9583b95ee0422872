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
from participa.municipalities.services import of_live_members, pending_count

if TYPE_CHECKING:
    from participa.core.authz import Visitor


def figures(municipality_id: int | None) -> list[Figure]:
    """How many verified residents (in one municipality, or in the whole network)."""
    query = of_live_members(
        select(func.count(Membership.id)).where(Membership.role == Role.RESIDENT),
        Membership.municipality_id,
        municipality_id,
    )
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
    for action, endpoint, title, text, order in (
        (
            "municipalities.edit_settings",
            "municipalities.settings",
            _("Settings"),
            _("Name, description, language, colours, logo and contact details."),
            90,
        ),
        (
            "municipalities.manage_members",
            "municipalities.members",
            _("Members"),
            _("Admins, moderators and verified residents."),
            91,
        ),
        (
            "municipalities.view_audit_log",
            "municipalities.audit",
            _("Audit log"),
            _("Every staff action, with who did it and when."),
            92,
        ),
    ):
        if can(user, action, municipality):
            url = url_for(endpoint, municipality=slug)
            tasks.append(StaffTask(title=title, url=url, text=text, order=order))
    return tasks
