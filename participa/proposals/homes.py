"""What proposals show on the homes (core.homes): new proposals, answers, figures, staff tasks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, cast

from flask import url_for
from flask_babel import format_decimal as number
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select, union

from participa.consultations.models import Consultation, ConsultationStatus
from participa.core.authz import can
from participa.core.homes import Activity, Figure, StaffTask, Where
from participa.extensions import db
from participa.municipalities.models import Municipality
from participa.municipalities.services import of_live_members
from participa.proposals.models import Proposal, ProposalState, Support
from participa.proposals.services import state_label

if TYPE_CHECKING:
    from participa.core.authz import Visitor


Q = TypeVar("Q")  # a SELECT of any columns, returned with its own type


def _visible(query: Q, municipality_id: int | None) -> Q:
    """Proposals everyone may see: not hidden, in a public consultation of a live municipality."""
    found: Any = query
    found = found.join(Consultation, Consultation.id == Proposal.consultation_id).where(
        Proposal.hidden_at.is_(None), Consultation.status != ConsultationStatus.DRAFT
    )
    return cast(Q, of_live_members(found, Proposal.municipality_id, municipality_id))


def _url(slug: str, proposal_id: int) -> str:
    return url_for("proposals.detail", municipality=slug, proposal_id=proposal_id)


def activity(municipality_id: int | None, limit: int) -> list[Activity]:
    """The newest proposals and the newest official answers."""
    columns = (Proposal.id, Proposal.title, Municipality.slug, Municipality.name)
    created = db.session.execute(
        _visible(select(*columns, Proposal.created_at), municipality_id)
        .where(Proposal.state != ProposalState.WITHDRAWN)
        .order_by(Proposal.created_at.desc(), Proposal.id.desc())
        .limit(limit)
    ).all()
    answered = db.session.execute(
        _visible(select(*columns, Proposal.answered_at, Proposal.state), municipality_id)
        .where(Proposal.answered_at.is_not(None))
        .order_by(Proposal.answered_at.desc(), Proposal.id.desc())
        .limit(limit)
    ).all()
    items = [
        Activity(at, _("New proposal"), title, _url(slug, pid), Where(slug, name))
        for pid, title, slug, name, at in created
    ]
    items += [
        Activity(
            at,
            _("Proposal answered: %(state)s", state=state_label(state)),
            title,
            _url(slug, pid),
            Where(slug, name),
        )
        for pid, title, slug, name, at, state in answered
        if at is not None  # the query keeps answered ones only
    ]
    return items


def figures(municipality_id: int | None) -> list[Figure]:
    """How many people took part with proposals or supports, proposals and supports."""
    proposals = db.session.scalar(_visible(select(func.count(Proposal.id)), municipality_id)) or 0
    supports = (
        db.session.scalar(
            _visible(
                select(func.count(Support.id)).join(Proposal, Proposal.id == Support.proposal_id),
                municipality_id,
            )
        )
        or 0
    )
    people = union(
        _visible(select(Proposal.author_id.label("who")), municipality_id).where(
            Proposal.author_id.is_not(None)
        ),
        _visible(
            select(Support.user_id.label("who")).join(Proposal, Proposal.id == Support.proposal_id),
            municipality_id,
        ),
    ).subquery()
    participants = db.session.scalar(select(func.count()).select_from(people)) or 0
    return [
        Figure(
            "participants",
            participants,
            ngettext(
                "%(count)s person has made or supported proposals",
                "%(count)s people have made or supported proposals",
                participants,
                count=number(participants),
            ),
            order=10,
        ),
        Figure(
            "proposals",
            proposals,
            ngettext(
                "%(count)s proposal", "%(count)s proposals", proposals, count=number(proposals)
            ),
            order=20,
        ),
        Figure(
            "supports",
            supports,
            ngettext("%(count)s support", "%(count)s supports", supports, count=number(supports)),
            order=30,
        ),
    ]


def staff_tasks(user: Visitor, municipality: Municipality) -> list[StaffTask]:
    """Proposals waiting for an official answer, per consultation (the five with most)."""
    if not can(user, "proposals.view_hidden", municipality):
        return []
    waiting = func.count(Proposal.id)
    rows = db.session.execute(
        select(Consultation.id, Consultation.title, waiting)
        .join(Proposal, Proposal.consultation_id == Consultation.id)
        .where(
            Consultation.municipality_id == municipality.id,
            Consultation.status != ConsultationStatus.DRAFT,
            Proposal.state == ProposalState.PUBLISHED,
            Proposal.answered_at.is_(None),
            Proposal.hidden_at.is_(None),
        )
        .group_by(Consultation.id, Consultation.title)
        .order_by(waiting.desc(), Consultation.id)
        .limit(5)
    ).all()
    if not rows:
        return [
            StaffTask(
                title=_("Proposals waiting for an answer"),
                url=url_for("consultations.list", municipality=municipality.slug),
                text=_("No proposal waits for an official answer."),
                order=20,
            )
        ]
    return [
        StaffTask(
            title=_("Proposals waiting for an answer: %(title)s", title=title),
            url=url_for(
                "proposals.list",
                municipality=municipality.slug,
                consultation_id=consultation_id,
                state=ProposalState.PUBLISHED.value,
            ),
            text=ngettext(
                "%(count)s proposal waits for an official answer.",
                "%(count)s proposals wait for an official answer.",
                count,
                count=number(count),
            ),
            waiting=count,
            order=20,
        )
        for consultation_id, title, count in rows
    ]
