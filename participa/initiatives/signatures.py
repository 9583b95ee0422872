"""Signatures: the one signing rule, one signature per person (a unique constraint, a row lock
and a recount), withdrawing before the deadline, and the threshold that obliges an answer."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update

from participa.core.authz import is_authenticated
from participa.core.dml import rows_changed
from participa.core.errors import DomainError
from participa.core.participation import Participation, refusal_to_take_part
from participa.core.unique import add_if_new
from participa.db import utcnow
from participa.extensions import db
from participa.initiatives.models import Initiative, InitiativeState, Signature
from participa.initiatives.services import is_collecting

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.core.authz import Visitor


def signing_closed(initiative: Initiative) -> DomainError | None:
    """Why nobody may sign ``initiative`` now (not admitted, deadline passed, answered), or
    None: the part of :func:`sign_refusal` that does not depend on the person."""
    if is_collecting(initiative):
        return None
    return DomainError(_("This initiative does not take signatures now."))


def sign_refusal(user: Visitor, initiative: Initiative) -> DomainError | None:
    """Why ``user`` may not sign (or withdraw a signature from) ``initiative`` now, or None:
    verified residents of its member, while it collects signatures."""
    refusal = refusal_to_take_part(
        user, initiative.municipality, Participation.VERIFIED,
        lambda: _("Only verified residents of %(name)s can sign this initiative.",
                  name=initiative.municipality.name),
    )  # fmt: skip
    return refusal or signing_closed(initiative)


def has_signed(user: Visitor, initiative: Initiative) -> bool:
    """Tell whether ``user`` signed ``initiative``."""
    return initiative.id in signed_ids(user, [initiative.id])


def signed_ids(user: Visitor, initiative_ids: Iterable[int]) -> set[int]:
    """Which of ``initiative_ids`` the user signed, in one query."""
    ids = list(initiative_ids)
    if not is_authenticated(user) or not ids:
        return set()
    return set(
        db.session.scalars(
            select(Signature.initiative_id).where(
                Signature.user_id == user.id, Signature.initiative_id.in_(ids)
            )
        )
    )


def _lock(initiative: Initiative) -> None:
    # PostgreSQL: one signer of this initiative at a time (the row lock), so the recount below
    # sees every committed signature and exactly one request crosses the threshold. SQLite
    # serialises every writer already: the insert holds the database write lock.
    db.session.execute(
        select(Initiative.id).where(Initiative.id == initiative.id).with_for_update()
    )
    db.session.refresh(initiative)


def _recount(initiative_id: int) -> int:
    count = db.session.scalar(
        select(func.count()).select_from(Signature).where(Signature.initiative_id == initiative_id)
    ) or 0  # fmt: skip
    db.session.execute(
        update(Initiative)
        .where(Initiative.id == initiative_id)
        .values(signatures_count=count)
        .execution_options(synchronize_session=False)
    )
    return count


def sign(initiative: Initiative, *, user: User) -> Signature:
    """Sign ``initiative`` (once per person); reaching the threshold obliges an answer."""
    refusal = sign_refusal(user, initiative)
    if refusal is not None:
        raise refusal
    _lock(initiative)
    refusal = signing_closed(initiative)  # the deadline may have passed while waiting
    if refusal is not None:
        raise refusal
    already = _("You have already signed this initiative.")
    if has_signed(user, initiative):
        raise DomainError(already)
    signature = Signature(
        initiative_id=initiative.id, user_id=user.id, municipality_id=initiative.municipality_id
    )
    if not add_if_new(signature):
        raise DomainError(already)  # a parallel request of the same person won
    count = _recount(initiative.id)
    if initiative.state == InitiativeState.COLLECTING and count >= initiative.signature_threshold:
        now = utcnow()
        initiative.state = InitiativeState.REACHED
        initiative.reached_at = now
        initiative.answer_due_at = now + timedelta(days=initiative.answer_days)
        db.session.flush()
    db.session.expire(initiative, ["signatures_count"])
    return signature


def unsign(initiative: Initiative, *, user: User) -> None:
    """Withdraw the person's signature before the deadline (a reached threshold stays
    reached: the duty to answer, once it arises, does not go away)."""
    refusal = sign_refusal(user, initiative)
    if refusal is not None:
        raise refusal
    _lock(initiative)
    withdrawn = rows_changed(
        delete(Signature).where(
            Signature.initiative_id == initiative.id, Signature.user_id == user.id
        )
    )
    if withdrawn != 1:
        raise DomainError(_("You have not signed this initiative."))
    _recount(initiative.id)
    db.session.expire(initiative, ["signatures_count"])


def erase_signatures(user: User) -> None:
    """Delete a person's signatures (their account goes) and recount those initiatives."""
    ids = list(
        db.session.scalars(select(Signature.initiative_id).where(Signature.user_id == user.id))
    )
    if not ids:
        return
    db.session.execute(delete(Signature).where(Signature.user_id == user.id))
    for initiative_id in ids:
        _recount(initiative_id)
