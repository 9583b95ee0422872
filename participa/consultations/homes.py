"""What consultations show on the homes (core.homes): the ones in a phase now, staff tasks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import format_decimal as number
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import case, func, select
from sqlalchemy.orm import contains_eager

from participa.consultations.models import Consultation, ConsultationStatus, PhaseKind
from participa.consultations.services import phase_open_condition
from participa.core.authz import can
from participa.core.homes import OpenItem, StaffTask, list_task, open_item
from participa.db import utcnow
from participa.extensions import db
from participa.municipalities.models import Municipality
from participa.municipalities.services import of_live_members

if TYPE_CHECKING:
    from participa.core.authz import Visitor


def _states() -> dict[str, str]:
    return {
        PhaseKind.INFORMATION: _("Information phase"),
        PhaseKind.PROPOSALS: _("Taking proposals"),
        PhaseKind.SUPPORTS: _("Collecting supports"),
        PhaseKind.VOTING: _("Voting open"),
        PhaseKind.RESULTS: _("Results phase"),
    }


def open_now(municipality_id: int | None, limit: int) -> list[OpenItem]:
    """Published consultations with a phase open now."""
    query = (
        of_live_members(select(Consultation), Consultation.municipality_id, municipality_id)
        .options(contains_eager(Consultation.municipality))
        .where(Consultation.status == ConsultationStatus.PUBLISHED, phase_open_condition())
        .order_by(Consultation.published_at.desc(), Consultation.id.desc())
        .limit(limit)
    )
    states = _states()
    now = utcnow()
    items = []
    for consultation in db.session.scalars(query):
        phase = consultation.current_phase
        if phase not in states:
            continue
        ends = [p.ends_at for p in consultation.phases if p.kind == phase and p.starts_at <= now]
        items.append(
            open_item(
                consultation,
                "consultations.detail",
                consultation_id=consultation.id,
                kind=_("Consultation"),
                state=states[phase],
                closes_at=max(ends) if ends and not consultation.phase_override else None,
            )
        )
    return items


def staff_tasks(user: Visitor, municipality: Municipality) -> list[StaffTask]:
    """Consultations: how many are drafts and how many have a phase open now."""
    if not can(user, "consultations.create", municipality):
        return []
    drafts, in_phase = db.session.execute(
        select(
            func.count(case((Consultation.status == ConsultationStatus.DRAFT, 1))),
            func.count(
                case(
                    (
                        (Consultation.status == ConsultationStatus.PUBLISHED)
                        & phase_open_condition(),
                        1,
                    )
                )
            ),
        ).where(Consultation.municipality_id == municipality.id)
    ).one()
    return list_task(
        _("Consultations and their phases"),
        "consultations.list",
        municipality,
        ngettext(
            "%(count)s consultation in a phase now.",
            "%(count)s consultations in a phase now.",
            in_phase,
            count=number(in_phase),
        ),
        ngettext(
            "%(count)s draft not published yet.",
            "%(count)s drafts not published yet.",
            drafts,
            count=number(drafts),
        ),
        waiting=drafts,
        order=10,
    )
