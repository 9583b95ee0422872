"""What open contracting shows on the staff home (core.homes): the procurement processes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import url_for
from flask_babel import format_decimal as number
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import case, func, select

from participa.contracting.models import ConflictStatus, PartyConflict, ProcurementProcess, Stage
from participa.core.authz import can
from participa.core.homes import StaffTask
from participa.extensions import db

if TYPE_CHECKING:
    from participa.core.authz import Visitor
    from participa.municipalities.models import Municipality


def staff_tasks(user: Visitor, municipality: Municipality) -> list[StaffTask]:
    """Procurement processes: how many, how many not published yet, conflicts to settle."""
    if not can(user, "contracting.procurement", municipality):
        return []
    total, unpublished = db.session.execute(
        select(
            func.count(ProcurementProcess.id),
            func.count(case((ProcurementProcess.stage == Stage.DRAFT, 1))),
        ).where(ProcurementProcess.municipality_id == municipality.id)
    ).one()
    conflicts = (
        db.session.scalar(
            select(func.count(PartyConflict.id)).where(
                PartyConflict.municipality_id == municipality.id,
                PartyConflict.status == ConflictStatus.PENDING,
            )
        )
        or 0
    )
    parts = [
        ngettext("%(count)s procurement process.", "%(count)s procurement processes.", total,
                 count=number(total)),
        ngettext("%(count)s not published yet.", "%(count)s not published yet.", unpublished,
                 count=number(unpublished)),
    ]  # fmt: skip
    if conflicts:
        parts.append(
            ngettext("%(count)s supplier conflict to settle.",
                     "%(count)s supplier conflicts to settle.", conflicts,
                     count=number(conflicts))
        )  # fmt: skip
    return [
        StaffTask(
            title=_("Procurement processes"),
            url=url_for("contracting.staff_index", municipality=municipality.slug),
            text=" ".join(parts),
            waiting=unpublished + conflicts,
            order=50,
        )
    ]
