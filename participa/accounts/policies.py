"""Who may do what with accounts: a person acts on their own account only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from participa.core.authz import Rules, is_authenticated

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.core.authz import Visitor

rules = Rules()


def own_account(user: Visitor, account: User | None) -> bool:
    """Allow an authenticated person to act on their own account (``account`` None means theirs)."""
    if not is_authenticated(user):
        return False
    return account is None or getattr(account, "id", None) == user.id


for _action in (
    "accounts.edit_profile",
    "accounts.change_email",
    "accounts.change_password",
    "accounts.export",
    "accounts.delete",
):
    rules.register(_action, own_account)
