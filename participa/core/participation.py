"""Who may take part: the one participation rule shared by every participatory feature.

A consultation, a draft, a ballot each carry a :class:`Participation` value; policies ask
:func:`may_take_part` and services call :func:`check_may_take_part` (or raise
:func:`refusal_to_take_part`), so the rule and its messages are written once. Votes that staff
prepare, open and close (ballots, budgets) answer where they stand with :class:`DraftOpenClosed`.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participa.core.authz import has_role, is_authenticated
from participa.core.errors import DomainError
from participa.extensions import db

if TYPE_CHECKING:
    from sqlalchemy.orm import Mapped

    from participa.core.authz import Visitor
    from participa.municipalities.models import Municipality  # type only: see core.authz

# The role name that municipalities grant to verified residents (core knows roles as strings).
RESIDENT = "resident"


class Participation(StrEnum):
    REGISTERED = "registered"  # anyone signed in with a confirmed e-mail address
    VERIFIED = "verified"  # verified residents of the municipality only


def participation_choices(first: Participation = Participation.REGISTERED) -> list[tuple[str, Any]]:
    """The form choices of who may take part, ``first`` listed (and so preselected) first."""
    choices = [
        (Participation.REGISTERED.value, _l("Anyone with a confirmed account")),
        (Participation.VERIFIED.value, _l("Only verified residents")),
    ]
    return sorted(choices, key=lambda choice: choice[0] != first)


class DraftOpenClosed:
    """Model mixin: the ``status`` of a vote staff prepare as a draft, open once and close once."""

    if TYPE_CHECKING:
        status: Mapped[str]

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def is_closed(self) -> bool:
        return self.status == "closed"


Closable = TypeVar("Closable", bound=DraftOpenClosed)


def close_if_due(item: Closable, *, due: Callable[[Closable], bool],
                 close: Callable[[Closable], Any]) -> bool:  # fmt: skip
    """Close ``item`` if ``due`` says its time is up; tell whether this call closed it.

    The worker and a visitor may both find it due: the row lock makes the second one wait
    (PostgreSQL) and then see it closed, so it closes once."""
    if not due(item):
        return False
    model: Any = type(item)
    row: Any = item
    db.session.execute(select(model.id).where(model.id == row.id).with_for_update())
    db.session.refresh(item)
    if not due(item):
        return False
    close(item)
    return True


def close_all_due(model: type[Closable], close_one: Callable[[Closable], bool]) -> int:
    """Close every open ``model`` row that is due (``close_one``); return how many were closed."""
    anything: Any = model
    ids = db.session.scalars(select(anything.id).where(anything.status == "open")).all()
    closed = 0
    for item_id in ids:
        item = db.session.get(model, item_id)
        if item is not None and close_one(item):
            closed += 1
    return closed


def may_take_part(user: Visitor, municipality: Municipality | None, rule: str) -> bool:
    """Tell whether ``user`` meets ``rule`` in ``municipality``."""
    if not is_authenticated(user) or not user.is_confirmed:
        return False
    if rule == Participation.VERIFIED:
        return has_role(user, municipality, RESIDENT)
    return True


def refusal_to_take_part(
    user: Visitor, municipality: Municipality | None, rule: str, residents_only: Callable[[], str]
) -> DomainError | None:
    """Why ``user`` does not meet ``rule`` (a 403 DomainError), or None when they do.

    ``residents_only`` gives the caller's translated message for the verified-residents rule: it
    names the object ("this consultation", "this draft"), which only the caller can say with
    the right grammatical gender. It is called only when that message is the answer.
    """
    if may_take_part(user, municipality, rule):
        return None
    if rule == Participation.VERIFIED:
        return DomainError(residents_only(), status=403)
    return DomainError(_("Confirm your e-mail address to take part."), status=403)


def check_may_take_part(
    user: Visitor, municipality: Municipality | None, rule: str, residents_only: str
) -> None:
    """Raise :func:`refusal_to_take_part`'s 403 DomainError unless ``user`` meets ``rule``."""
    refusal = refusal_to_take_part(user, municipality, rule, lambda: residents_only)
    if refusal is not None:
        raise refusal
