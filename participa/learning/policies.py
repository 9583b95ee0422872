"""Who may open, join, write in, finish and read the exchanges of the learning space.

Exchanges are public (title, description, members taking part, outcome): they are the network's
institutional activity. Their messages and shared documents are the participants' working
space: only the staff of the opener and of the members that joined (and platform admins) read
them, since they may hold drafts and internal details a member is not ready to publish.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from participa.core.authz import Rules, is_platform_admin, is_staff
from participa.learning.models import ACTIVE

if TYPE_CHECKING:
    from participa.core.authz import Visitor
    from participa.learning.models import LearningExchange
    from participa.municipalities.models import Municipality

rules = Rules()


def _in_exchange(user: Visitor, exchange: LearningExchange) -> bool:
    from participa.learning.services import speaking_for

    return is_platform_admin(user) or speaking_for(user, exchange) is not None


def can_open(user: Visitor, member: Municipality | None) -> bool:
    """A member's staff open exchanges for it."""
    return member is not None and is_staff(user, member)


def can_manage(user: Visitor, exchange: LearningExchange | None) -> bool:
    """The opener's staff invite members, complete or close an exchange while it is active."""
    return exchange is not None and exchange.status in ACTIVE and is_staff(user, exchange)


def can_join(user: Visitor, exchange: LearningExchange | None) -> bool:
    """Staff of another member, not yet taking part, join an active exchange."""
    from participa.learning.services import joinable_members

    return exchange is not None and bool(joinable_members(user, exchange))


def can_read_messages(user: Visitor, exchange: LearningExchange | None) -> bool:
    """The opener's and the participants' staff read the messages and documents."""
    return exchange is not None and _in_exchange(user, exchange)


def can_post(user: Visitor, exchange: LearningExchange | None) -> bool:
    """The opener's and the participants' staff write and share documents while it is active."""
    return exchange is not None and exchange.status in ACTIVE and _in_exchange(user, exchange)


rules.register("learning.open", can_open)
rules.register("learning.manage", can_manage)
rules.register("learning.join", can_join)
rules.register("learning.read_messages", can_read_messages)
rules.register("learning.post", can_post)
