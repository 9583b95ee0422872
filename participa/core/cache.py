"""Short-lived caching of the page parts anonymous visitors read most.

Only what is the same for every anonymous visitor is cached (never a form with a CSRF token,
never anything personal), keyed by the full URL, the language and the municipality, for
``PAGE_CACHE_SECONDS``. Counts shown to anonymous visitors may lag by that many seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app, g, request
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from participa.extensions import cache

T = TypeVar("T")


def anonymous_fragment(name: str, render: Callable[[], str]) -> Markup:
    """Return ``render()``, reused for anonymous visitors of the same URL for a few seconds."""
    seconds = current_app.config.get("PAGE_CACHE_SECONDS", 0)
    if seconds <= 0 or current_user.is_authenticated:
        return Markup(render())  # noqa: S704 - render() returns an escaped template
    municipality = g.get("municipality")
    key = "|".join(
        ("fragment", name, str(get_locale()), str(getattr(municipality, "id", 0)),
         request.full_path)
    )  # fmt: skip
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, timeout=seconds)
    return Markup(html)  # noqa: S704 - rendered by a template, autoescaped


def shared(name: str, compute: Callable[[], T], *key: Any) -> T:
    """Return ``compute()``, reused by every visitor, signed in or not, for a few seconds.

    For what is the same for everyone in a language (the homes' open items, activity and
    counts): ``key`` names what else it depends on (a municipality id, a limit). The value must
    pickle (plain records and strings: no lazy strings, no database objects).
    """
    seconds = current_app.config.get("PAGE_CACHE_SECONDS", 0)
    if seconds <= 0:
        return compute()
    cache_key = "|".join(("shared", name, str(get_locale()), *map(str, key)))
    found: T | None = cache.get(cache_key)
    if found is None:
        found = compute()
        cache.set(cache_key, found, timeout=seconds)
    return found
