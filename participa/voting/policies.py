"""Who may prepare, open and close ballots, vote in them and enter paper totals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from participa.core.authz import Rules, can, is_staff
from participa.voting import services
from participa.voting.models import Ballot

if TYPE_CHECKING:
    from participa.core.authz import Visitor

rules = Rules()


def can_view(user: Visitor, ballot: Ballot) -> bool:
    """Public with its consultation once opened; drafts only for staff."""
    if not can(user, "consultations.view", ballot.consultation):
        return False
    return not ballot.is_draft or is_staff(user, ballot)


def can_vote(user: Visitor, ballot: Ballot) -> bool:
    """People meeting the ballot's rule, while voting is open."""
    return services.voting_is_open(ballot) and services.may_vote(user, ballot)


def can_edit(user: Visitor, ballot: Ballot) -> bool:
    """Staff, until the ballot closes."""
    return is_staff(user, ballot) and not ballot.is_closed


def can_edit_questions(user: Visitor, ballot: Ballot) -> bool:
    """Staff, while the ballot is a draft."""
    return is_staff(user, ballot) and ballot.is_draft


def can_open(user: Visitor, ballot: Ballot) -> bool:
    """Staff open a draft ballot."""
    return is_staff(user, ballot) and ballot.is_draft


def can_close(user: Visitor, ballot: Ballot) -> bool:
    """Staff close an open ballot (it also closes by itself when the voting phase ends)."""
    return is_staff(user, ballot) and ballot.is_open


def can_enter_paper(user: Visitor, ballot: Ballot) -> bool:
    """Staff enter paper totals once voting has opened, also after the close."""
    return is_staff(user, ballot) and not ballot.is_draft


def can_record_in_person(user: Visitor, ballot: Ballot) -> bool:
    """Staff at a desk, while voting is open."""
    return is_staff(user, ballot) and services.voting_is_open(ballot)


rules.register("voting.create", is_staff)
rules.register("voting.view", can_view)
rules.register("voting.vote", can_vote)
rules.register("voting.edit", can_edit)
rules.register("voting.edit_questions", can_edit_questions)
rules.register("voting.open", can_open)
rules.register("voting.close", can_close)
rules.register("voting.enter_paper", can_enter_paper)
rules.register("voting.record_in_person", can_record_in_person)
