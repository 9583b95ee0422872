"""Supports and who may take part: the one support rule and the per-person limit, enforced in
the request's transaction.

Proposal lifecycle lives in ``services``; listing, filters and sort in ``listing``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import (
    ColumnElement,
    Integer,
    ScalarSelect,
    bindparam,
    case,
    delete,
    func,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError

from participa.consultations.models import Consultation, PhaseKind
from participa.core.authz import is_authenticated, remember, visitor_key
from participa.core.dml import rows_changed
from participa.core.errors import DomainError
from participa.core.participation import may_take_part, refusal_to_take_part
from participa.core.viewer import Probe, answer
from participa.extensions import db
from participa.proposals.models import Proposal, ProposalState, Support

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.core.authz import Visitor

logger = logging.getLogger(__name__)


# Who may take part, and who may support -------------------------------------------------------


def may_participate(user: Visitor, consultation: Consultation) -> bool:
    """Tell whether ``user`` meets the consultation's participation rule."""
    return may_take_part(user, consultation.municipality, consultation.participation)


def participation_refusal(user: Visitor, consultation: Consultation) -> DomainError | None:
    """Why ``user`` may not take part in ``consultation`` (a 403), or None when they may."""
    return refusal_to_take_part(
        user, consultation.municipality, consultation.participation,
        lambda: _("Only verified residents of %(name)s can take part in this consultation.",
                  name=consultation.municipality.name),
    )  # fmt: skip


def check_participation(user: Visitor, consultation: Consultation) -> None:
    """Raise a 403 DomainError unless ``user`` meets the consultation's participation rule."""
    refusal = participation_refusal(user, consultation)
    if refusal is not None:
        raise refusal


def phase_refusal(consultation: Consultation, phase: str) -> DomainError | None:
    """Why the consultation takes nothing of ``phase`` now (unpublished, another phase), or None."""
    if consultation.is_published and consultation.current_phase == phase:
        return None
    if phase == PhaseKind.PROPOSALS:
        return DomainError(_("Proposals can only be submitted during the proposals phase."))
    return DomainError(_("Supports can only be given or withdrawn during the supports phase."))


def check_open(consultation: Consultation, phase: str) -> None:
    """Raise a DomainError unless the consultation is published and in ``phase``."""
    refusal = phase_refusal(consultation, phase)
    if refusal is not None:
        raise refusal


def support_refusal(user: Visitor, target: Proposal | Consultation) -> DomainError | None:
    """Why ``user`` may not support ``target`` now, or None when they may: the one support rule.

    On a consultation: supporting its proposals (its participation rule, in its supports phase,
    published); on a proposal: that, and a proposal that takes supports (neither withdrawn nor
    hidden). The ``proposals.support`` policy asks it for views and templates, and
    :func:`support_proposal` raises it; the per-person limit is counted there, under the lock.
    """
    if isinstance(target, Consultation):
        proposal, consultation = None, target
    else:
        proposal, consultation = target, target.consultation
    # The consultation's part is the same for every proposal of a list page: asked once.
    refusal: DomainError | None = remember(
        ("proposals.support", visitor_key(user), consultation.id),
        lambda: _consultation_support_refusal(user, consultation),
    )
    if refusal is not None or proposal is None:
        return refusal
    return _proposal_refusal(proposal)


def supports_closed(target: Proposal | Consultation) -> DomainError | None:
    """Why nobody may support ``target`` now (phase, unpublished, withdrawn), or None: the part of
    :func:`support_refusal` that does not depend on the person (what anonymous visitors see)."""
    if isinstance(target, Consultation):
        proposal, consultation = None, target
    else:
        proposal, consultation = target, target.consultation
    refusal = phase_refusal(consultation, PhaseKind.SUPPORTS)
    if refusal is not None and not consultation.is_published:
        refusal.status = 403  # nobody takes part in a draft (staff only preview it)
    if refusal is not None or proposal is None:
        return refusal
    return _proposal_refusal(proposal)


def _proposal_refusal(proposal: Proposal) -> DomainError | None:
    if proposal.state == ProposalState.WITHDRAWN or proposal.hidden_at is not None:
        return DomainError(_("This proposal has been withdrawn and cannot receive supports."))
    return None


def _consultation_support_refusal(user: Visitor, consultation: Consultation) -> DomainError | None:
    refusal = participation_refusal(user, consultation) or phase_refusal(
        consultation, PhaseKind.SUPPORTS
    )
    if refusal is not None and not consultation.is_published:
        refusal.status = 403  # nobody takes part in a draft (staff only preview it)
    return refusal


# Reading ----------------------------------------------------------------------------------------


def supported_in(user: Visitor, consultation: Consultation) -> set[int]:
    """The proposals of ``consultation`` the user supports (as many as their supports used), in
    one query: a list page needs both which of its cards they support and how many are left."""
    if not is_authenticated(user):
        return set()
    return set(
        db.session.scalars(
            select(Support.proposal_id).where(
                Support.user_id == user.id, Support.consultation_id == consultation.id
            )
        )
    )


# Whether a person supports a proposal, built once: every proposal page asks it.
_SUPPORTED = (
    select(Support.id)
    .where(
        Support.user_id == bindparam("supported_user_id", type_=Integer),
        Support.proposal_id == bindparam("supported_proposal_id", type_=Integer),
    )
    .exists()
)


def supported_probe(user: Visitor, proposal: Proposal) -> Probe | None:
    """:func:`supports` as a question a page may answer in advance (``core.viewer``)."""
    if not is_authenticated(user):
        return None
    params = {"supported_user_id": user.id, "supported_proposal_id": proposal.id}
    return Probe(("proposals.supported", user.id, proposal.id), _SUPPORTED, params)


def supports(user: Visitor, proposal: Proposal) -> bool:
    """Whether the user supports the proposal."""
    probe = supported_probe(user, proposal)
    return probe is not None and bool(answer(probe))


def used_question(
    user_id: int | ColumnElement[int], consultation_id: int | ColumnElement[int]
) -> ScalarSelect[int]:
    """How many supports person ``user_id`` has given in the consultation, as SQL."""
    return (
        select(func.count())
        .select_from(Support)
        .where(Support.user_id == user_id, Support.consultation_id == consultation_id)
        .scalar_subquery()
    )


# Built once: pages ask it on every read, and building it cost as much as running it.
_USED_QUESTION = used_question(
    bindparam("used_user_id", type_=Integer), bindparam("used_consultation_id", type_=Integer)
)


def used_probe(user: Visitor, consultation: Consultation) -> Probe | None:
    """:func:`supports_used` as a question a page may answer in advance (``core.viewer``)."""
    if not is_authenticated(user):
        return None
    params = {"used_user_id": user.id, "used_consultation_id": consultation.id}
    return Probe(("proposals.used", user.id, consultation.id), _USED_QUESTION, params)


def supports_used(user: Visitor, consultation: Consultation) -> int:
    """How many supports the user has given in the consultation."""
    probe = used_probe(user, consultation)
    return 0 if probe is None else int(answer(probe))


def remaining_supports(user: Visitor, consultation: Consultation) -> int:
    """How many more proposals the user may support in the consultation."""
    return remaining_of(consultation, supports_used(user, consultation))


def remaining_of(consultation: Consultation, used: int) -> int:
    """How many supports are left to someone who has given ``used`` in the consultation."""
    return max(0, consultation.supports_per_person - used)


# Supports ---------------------------------------------------------------------------------------


def support_proposal(proposal: Proposal, *, user: User) -> Support:
    """Record a support for a proposal in an open supports phase, within the person's limit."""
    consultation = proposal.consultation
    refusal = support_refusal(user, proposal)
    if refusal is not None:
        raise refusal
    postgresql = _lock_person(consultation.id, user.id)
    # One round trip for the checks and the participant count; exact on PostgreSQL under the
    # person lock.
    authored = (
        select(Proposal.id)
        .where(Proposal.author_id == user.id, Proposal.consultation_id == consultation.id)
        .exists()
    )
    used, already_supported, has_proposal = db.session.execute(
        select(
            func.count(),
            func.count(case((Support.proposal_id == proposal.id, 1))),
            authored,
        ).where(Support.user_id == user.id, Support.consultation_id == consultation.id)
    ).one()
    if already_supported:
        raise DomainError(_("You already support this proposal."))
    limit = consultation.supports_per_person
    if used >= limit:
        raise DomainError(_limit_message(limit))
    support = Support(
        user_id=user.id,
        proposal_id=proposal.id,
        consultation_id=consultation.id,
        municipality_id=proposal.municipality_id,
    )
    # Translated before the insert: after a failed flush the session cannot load anything.
    already = _("You already support this proposal.")
    try:
        db.session.add(support)
        db.session.flush()
    except IntegrityError:
        # A parallel request of the same person won; the caller rolls back.
        raise DomainError(already) from None
    if not postgresql:
        # SQLite has no person lock: recount after the insert, which took the write lock, so
        # no other request can have added a support of this person since; over the limit
        # means a race was lost. (Under PostgreSQL's person lock the count above is exact.)
        used = supports_used(user, consultation) - 1
        if used >= limit:
            raise DomainError(_limit_message(limit))
    # First activity in the consultation: a support now, and no proposal of their own.
    first = used == 0 and not has_proposal
    _add_support_counts(proposal, consultation, +1, participants=1 if first else 0)
    db.session.expire(consultation, ["supports_count", "participants_count"])
    return support


def unsupport_proposal(proposal: Proposal, *, user: User) -> None:
    """Withdraw the person's support while they may support in the consultation."""
    consultation = proposal.consultation
    # The consultation's rule, not the proposal's: a support given to a proposal withdrawn
    # since can still be taken back.
    refusal = support_refusal(user, consultation)
    if refusal is not None:
        raise refusal
    _lock_person(consultation.id, user.id)
    withdrawn = rows_changed(
        delete(Support).where(Support.user_id == user.id, Support.proposal_id == proposal.id)
    )
    if withdrawn != 1:
        raise DomainError(_("You do not support this proposal."))
    _add_support_counts(proposal, consultation, -1)
    count_participant(consultation.id, user.id, -1)
    db.session.expire(consultation, ["supports_count", "participants_count"])


def _limit_message(limit: int) -> str:
    message: str = ngettext(
        "You have already used your %(num)s support in this consultation. Withdraw it to "
        "support another proposal.",
        "You have already used your %(num)s supports in this consultation. Withdraw one to "
        "support another proposal.",
        limit,
    )
    return message


def _lock_person(consultation_id: int, user_id: int) -> bool:
    # PostgreSQL: serialise one person's supports in one consultation (the limit check); True.
    # SQLite serialises every writer already: the insert below holds the database write lock.
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(
            text("SELECT pg_advisory_xact_lock(:a, :b)"), {"a": consultation_id, "b": user_id}
        )
        return True
    return False


def _add_support_counts(
    proposal: Proposal, consultation: Consultation, delta: int, *, participants: int = 0
) -> None:
    # Counters move in SQL, in this transaction: never read-modify-write in Python. The
    # consultation's row is every support's hot spot: updated last, once, so its row lock is
    # held for the shortest time before the commit.
    db.session.execute(
        update(Proposal)
        .where(Proposal.id == proposal.id)
        .values(
            supports_count=Proposal.supports_count + delta,
            qualifies=Proposal.supports_count + delta >= consultation.support_threshold,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(Consultation)
        .where(Consultation.id == consultation.id)
        .values(
            supports_count=Consultation.supports_count + delta,
            participants_count=Consultation.participants_count + participants,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.expire(proposal, ["supports_count", "qualifies"])


def count_participant(consultation_id: int, user_id: int, delta: int) -> None:
    """Move the consultation's participant counter on a person's first or last activity."""
    # A participant is anyone with a proposal or a support in the consultation.
    authored = (
        select(func.count()).select_from(Proposal).where(
            Proposal.author_id == user_id, Proposal.consultation_id == consultation_id
        ).scalar_subquery()
    )  # fmt: skip
    supports, proposals = db.session.execute(
        select(used_question(user_id, consultation_id), authored)
    ).one()
    activity = supports + proposals
    if (delta > 0 and activity == 1) or (delta < 0 and activity == 0):
        db.session.execute(
            update(Consultation)
            .where(Consultation.id == consultation_id)
            .values(participants_count=Consultation.participants_count + delta)
            .execution_options(synchronize_session=False)
        )
