"""Sections that other features add to a person's account page (roles, requests, ...)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from participa.accounts.models import User


@dataclass(frozen=True)
class AccountSection:
    name: str
    template: str  # rendered with ``section`` bound to the loader's values
    load: Callable[[User], dict[str, Any]]


_sections: dict[str, AccountSection] = {}


def register_account_section(
    name: str, *, template: str, load: Callable[[User], dict[str, Any]]
) -> None:
    """Show ``template`` on the account page, fed by ``load(user)`` (served to manifests)."""
    _sections[name] = AccountSection(name, template, load)


def sections_for(user: User) -> list[dict[str, Any]]:
    """The account page's contributed sections, each as the values its template reads."""
    return [{"template": section.template, **section.load(user)} for section in _sections.values()]
