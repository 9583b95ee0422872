"""Who may see, run, submit to and evaluate challenges, and when."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _

from participa.challenges import services
from participa.challenges.models import Challenge, ChallengePartner, Solution
from participa.core.authz import Explained, Rules, is_authenticated, is_staff
from participa.core.errors import DomainError

if TYPE_CHECKING:
    from participa.core.authz import Visitor

rules = Rules()


def can_view(user: Visitor, challenge: Challenge) -> bool:
    """Everyone once published; drafts only the member's staff."""
    return not challenge.is_draft or is_staff(user, challenge)


def can_manage(user: Visitor, obj: Any) -> bool:
    """Staff of the member (a member to create in, or one of its challenges or partners)."""
    return is_staff(user, obj)


def can_edit(user: Visitor, challenge: Challenge) -> bool:
    """Staff of the member, until the challenge is closed."""
    return is_staff(user, challenge) and not challenge.is_closed


def publish_refusal(user: Visitor, challenge: Challenge) -> DomainError | None:
    """Staff of the member, on a draft whose deadline is ahead."""
    if not is_staff(user, challenge):
        return DomainError(_("Only the member's staff can publish a challenge."), status=403)
    return services.publish_refusal(user, challenge)


def can_evaluate(user: Visitor, challenge: Challenge) -> bool:
    """Staff of the member, while the challenge is open or being evaluated."""
    return is_staff(user, challenge) and services.may_evaluate(challenge)


def can_start_evaluation(user: Visitor, challenge: Challenge) -> bool:
    """Staff of the member, while the challenge is open."""
    return is_staff(user, challenge) and challenge.state == "open"


def can_edit_partners(user: Visitor, obj: Challenge | ChallengePartner) -> bool:
    """Staff of the member, until the challenge is closed."""
    challenge = obj.challenge if isinstance(obj, ChallengePartner) else obj
    return is_staff(user, challenge) and not challenge.is_closed


def submit_refusal(user: Visitor, challenge: Challenge) -> DomainError | None:
    """Signed-in people with a confirmed address, while the challenge takes solutions."""
    return services.submit_refusal(user, challenge)


def edit_solution_refusal(user: Visitor, solution: Solution) -> DomainError | None:
    """The author, until the deadline, unless moderation hid the solution."""
    return services.edit_refusal(user, solution)


def can_view_solution(user: Visitor, solution: Solution) -> bool:
    """Staff and the author; everyone once the report is out, for shortlisted and winning ones
    that moderation did not hide."""
    if is_staff(user, solution):
        return True
    if is_authenticated(user) and solution.author_id == user.id:
        return True
    return solution.challenge.is_closed and solution.is_selected and not solution.is_hidden


rules.register("challenges.view", can_view)
rules.register("challenges.create", can_manage)
rules.register("challenges.edit", can_edit)
rules.register("challenges.publish", Explained(publish_refusal))
rules.register("challenges.start_evaluation", can_start_evaluation)
rules.register("challenges.evaluate", can_evaluate)
rules.register("challenges.close", can_evaluate)
rules.register("challenges.partners", can_edit_partners)
rules.register("challenges.submit", Explained(submit_refusal))
rules.register("challenges.edit_solution", Explained(edit_solution_refusal))
rules.register("challenges.view_solution", can_view_solution)
rules.register("challenges.view_solutions", can_manage)
