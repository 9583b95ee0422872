"""Make proposals followable, commentable and listed on profiles (registries only), and keep
the consultation's proposal count in step with moderation."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin
from sqlalchemy import Select, select, update

from participa.consultations.models import Consultation, ConsultationStatus
from participa.core.features import Contributions
from participa.core.link_choices import newest_of_member
from participa.core.participation import Participation
from participa.core.registry import visible_count_keeper
from participa.extensions import db
from participa.indicators.services import latest_in_period
from participa.municipalities.models import Municipality
from participa.profiles.services import Contribution
from participa.proposals.models import Proposal, ProposalState

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.core.authz import Visitor
    from participa.core.features import Evidence
    from participa.core.viewer import Probe

contributions = Contributions()


def proposal_url(proposal: Proposal) -> str:
    return url_for(
        "proposals.detail", municipality=proposal.municipality.slug, proposal_id=proposal.id
    )


def _visible(user: Visitor, proposal: Proposal) -> bool:
    from participa.proposals.policies import can_view

    return can_view(user, proposal)


def public_ids(municipality_id: int) -> Select[Any]:
    """The proposals everyone may see (as ``can_view`` rules for a visitor)."""
    return (
        select(Proposal.id)
        .join(Consultation, Consultation.id == Proposal.consultation_id)
        .where(
            Proposal.municipality_id == municipality_id,
            Proposal.hidden_at.is_(None),
            Consultation.status != ConsultationStatus.DRAFT,
        )
    )


def _is_open(proposal: Proposal) -> bool:
    consultation = proposal.consultation
    return consultation.comments_enabled and consultation.is_published and not proposal.is_hidden


def _contributions(user: User, limit: int) -> list[Contribution]:
    rows = db.session.execute(
        select(
            Proposal.id,
            Proposal.title,
            Proposal.created_at,
            Municipality.slug,
            Municipality.timezone,
        )
        .join(Consultation, Consultation.id == Proposal.consultation_id)
        .join(Municipality, Municipality.id == Proposal.municipality_id)
        .where(
            Proposal.author_id == user.id,
            Proposal.hidden_at.is_(None),
            Consultation.status != ConsultationStatus.DRAFT,
            Municipality.archived_at.is_(None),
        )
        .order_by(Proposal.created_at.desc(), Proposal.id.desc())
        .limit(limit)
    )
    return [
        Contribution(
            title=row.title,
            url=url_for("proposals.detail", municipality=row.slug, proposal_id=row.id),
            created_at=row.created_at,
            kind_label=_("Proposal"),
            timezone=row.timezone,
        )
        for row in rows
    ]


contributions.add("followable", "proposal", Proposal, url=proposal_url, visible=_visible)
contributions.add(
    "commentable",
    "proposal",
    Proposal,
    url=proposal_url,
    is_open=_is_open,
    verified_only=lambda p: p.consultation.participation == Participation.VERIFIED,
    author_id=lambda p: p.author_id,
    visible=_visible,
    public_ids=public_ids,
)
contributions.add("contributions", "proposals", _contributions)
contributions.add(
    "reportable",
    "proposal",
    Proposal,
    url=proposal_url,
    author_id=lambda p: p.author_id,
    title=lambda p: p.title,
    body=lambda p: p.body,
    visible=_visible,
)


def _bump(proposal: Proposal, delta: int) -> None:
    # The consultation's proposals_count counts the proposals everyone can see, as its pages do.
    db.session.execute(
        update(Consultation)
        .where(Consultation.id == proposal.consultation_id)
        .values(proposals_count=Consultation.proposals_count + delta)
    )


contributions.add("visibility_changed", visible_count_keeper("proposal", _bump))


def _consultation_detail(user: Visitor, consultation: Consultation) -> dict[str, Any]:
    from participa.proposals import listing, supports

    return {
        "proposals_count": listing.visible_proposals_count(consultation),
        "remaining": supports.remaining_supports(user, consultation),
        "may_participate": supports.may_participate(user, consultation),
    }


def _consultation_questions(user: Visitor, consultation: Consultation) -> list[Probe | None]:
    from participa.proposals import supports

    return [supports.used_probe(user, consultation)]


def _requalify(consultation: Consultation) -> None:
    # The consultation's support threshold changed: re-mark every proposal in one statement.
    db.session.execute(
        update(Proposal)
        .where(Proposal.consultation_id == consultation.id)
        .values(qualifies=Proposal.supports_count >= consultation.support_threshold)
        .execution_options(synchronize_session=False)
    )


contributions.add("consultation_detail", _consultation_detail)
contributions.add("consultation_questions", _consultation_questions)
contributions.add("support_threshold_changed", _requalify)


def _load_for_link(municipality_id: int, proposal_id: int) -> Proposal | None:
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or proposal.municipality_id != municipality_id:
        return None
    return proposal


# Open contracting links a procurement process to the accepted proposal it carries out.
contributions.add(
    "contracting_link_target",
    "proposal",
    label=_l("Accepted proposal"),
    load=_load_for_link,
    url=proposal_url,
    title=lambda p: p.title,
    linkable=lambda p: p.state in (ProposalState.ACCEPTED, ProposalState.IMPLEMENTED),
)
# Follow-up: an accepted proposal's result links back to it.
contributions.add("followup_source", "proposal", label=_l("Accepted proposal"), load=_load_for_link,
                  url=proposal_url, title=lambda p: p.title)  # fmt: skip


def _initiatives_evidence(municipality: Municipality, now: datetime, since: datetime) -> Evidence:
    # PAR-06: citizen proposals that reached their consultation's published support threshold
    # and were answered by the government within the period.
    found = latest_in_period(
        Proposal,
        Proposal.answered_at,
        municipality,
        now,
        since,
        Proposal.state == ProposalState.PUBLISHED,
        Proposal.qualifies.is_(True),
        Proposal.answered_at.is_not(None),
    )
    return [
        (p.title, url_for("proposals.detail", municipality=municipality.slug, proposal_id=p.id))
        for p in found
    ]


contributions.add("indicator_evidence", "citizen_initiative", _initiatives_evidence)

# Documents the author attaches while the proposal may be edited; not audited (not staff).
contributions.add(
    "attachable", "proposal", Proposal, url=proposal_url, title=lambda p: p.title,
    visible=_visible, manage="proposals.edit", audited=False,
)  # fmt: skip


# Events may link to the member's proposals (see participa.events.linkable).
def _linkable_choices(municipality_id: int) -> list[Proposal]:
    return newest_of_member(Proposal, municipality_id, Proposal.id.in_(public_ids(municipality_id)))


contributions.add(
    "event_linkable", "proposal", Proposal, label=_l("Proposal"),
    url=proposal_url, title=lambda p: p.title,
    public=lambda p: _visible(AnonymousUserMixin(), p), choices=_linkable_choices,
)  # fmt: skip
