"""Make consultations followable and commentable, and offer them as evidence for indicators."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin
from sqlalchemy import Select, select

from participa.consultations.models import (
    Consultation,
    ConsultationStatus,
    Phase,
)
from participa.core.features import Contributions
from participa.core.link_choices import newest_of_member
from participa.core.participation import Participation
from participa.extensions import db

if TYPE_CHECKING:
    from participa.core.authz import Visitor
    from participa.core.features import Evidence
    from participa.municipalities.models import Municipality

contributions = Contributions()


def consultation_url(consultation: Consultation) -> str:
    return url_for(
        "consultations.detail",
        municipality=consultation.municipality.slug,
        consultation_id=consultation.id,
    )


def _visible(user: Visitor, consultation: Consultation) -> bool:
    from participa.consultations.policies import can_view

    return can_view(user, consultation)


def public_ids(municipality_id: int) -> Select[Any]:
    """The consultations everyone may see (as ``can_view`` rules for a visitor)."""
    return select(Consultation.id).where(
        Consultation.municipality_id == municipality_id,
        Consultation.status != ConsultationStatus.DRAFT,
    )


contributions.add(
    "followable", "consultation", Consultation, url=consultation_url, visible=_visible
)
contributions.add(
    "commentable",
    "consultation",
    Consultation,
    url=consultation_url,
    is_open=lambda c: c.comments_enabled and c.is_published,
    verified_only=lambda c: c.participation == Participation.VERIFIED,
    author_id=lambda c: None,
    visible=_visible,
    public_ids=public_ids,
)


def _consultations_evidence(municipality: Municipality, now: datetime, since: datetime) -> Evidence:
    # The latest consultations with a phase open at some point between since and now.
    query = (
        select(Consultation)
        .join(Phase, Phase.consultation_id == Consultation.id)
        .where(
            Consultation.municipality_id == municipality.id,
            Consultation.status != ConsultationStatus.DRAFT,
            Phase.starts_at <= now,
            Phase.ends_at >= since,
        )
        .order_by(Consultation.published_at.desc())
        .distinct()
        .limit(3)
    )
    return [
        (
            c.title,
            url_for("consultations.detail", municipality=municipality.slug, consultation_id=c.id),
        )
        for c in db.session.scalars(query)
    ]


contributions.add("indicator_evidence", "consultation_active", _consultations_evidence)

# Documents (rules, maps, reports) staff attach to a consultation (see participa.media).
contributions.add(
    "attachable", "consultation", Consultation, url=consultation_url, title=lambda c: c.title,
    visible=_visible, manage="consultations.edit",
)  # fmt: skip


# Events may link to the member's consultations (see participa.events.linkable).
def _linkable_choices(municipality_id: int) -> list[Consultation]:
    return newest_of_member(
        Consultation, municipality_id, Consultation.id.in_(public_ids(municipality_id))
    )


contributions.add(
    "event_linkable", "consultation", Consultation, label=_l("Consultation"),
    url=consultation_url, title=lambda c: c.title,
    public=lambda c: _visible(AnonymousUserMixin(), c), choices=_linkable_choices,
)  # fmt: skip
