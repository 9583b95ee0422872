"""Short-lived caching of the page parts anonymous visitors read most.

Only what is the same for every anonymous visitor is cached (never a form with a CSRF token,
never anything personal), keyed by the full URL, the language and the municipality, for
``PAGE_CACHE_SECONDS``. Counts shown to anonymous visitors may lag by that many seconds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from flask import current_app, g, request
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
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


def shared_parts(
    name: str,
    items: Sequence[T],
    version: Callable[[T], tuple[Hashable, ...]],
    render: Callable[[T], str],
    prepare: Callable[[list[T]], object] | None = None,
) -> list[Markup]:
    """``render(item)`` for each item, reused by every visitor for a few seconds.

    For the parts of a list that are the same for everyone in a language (a proposal card
    without its support button): ``version(item)`` names the item and what must show at once
    when it changes (its counts, its state); anything else may lag like anonymous pages. One
    round trip to the cache for the whole list. ``prepare(missing)`` runs first with the items
    that must be rendered, so that what only their rendering reads is loaded for all of them at
    once (and not at all when every part is found).
    """
    seconds = current_app.config.get("PAGE_CACHE_SECONDS", 0)
    if seconds <= 0:
        if prepare is not None and items:
            prepare(list(items))
        return [Markup(render(item)) for item in items]  # noqa: S704 - autoescaped templates
    locale = str(get_locale())
    keys = ["|".join(("part", name, locale, *map(str, version(item)))) for item in items]
    found = cache.get_many(*keys) if keys else []
    missing = [item for item, html in zip(items, found, strict=True) if html is None]
    if prepare is not None and missing:
        prepare(missing)
    parts, fresh = [], {}
    for key, item, html in zip(keys, items, found, strict=True):
        if html is None:
            html = fresh[key] = render(item)
        parts.append(Markup(html))  # noqa: S704 - rendered by an autoescaped template
    if fresh:
        cache.set_many(fresh, timeout=seconds)
    return parts


# Marks in a shared fragment: HTML comments no visitor's text can forge (it is autoescaped).
_SLOT = re.compile(r"<!--slot:(\d+)-->")
_CSRF = "<!--csrf-->"

Variants = dict[str, tuple[str, ...]]


def slot(item_id: int) -> Markup:
    """Where a :func:`personal_fragment` puts item ``item_id``'s personal part."""
    return Markup(f"<!--slot:{int(item_id)}-->")  # noqa: S704 - an int in a fixed comment


def personal_fragment(
    name: str,
    key: tuple[Hashable, ...],
    render: Callable[[], tuple[str, Variants]],
    pick: Callable[[int], int],
) -> Markup:
    """A fragment shared by signed-in visitors for a few seconds, but for its personal parts.

    For a list whose items are the same for everyone but for a small part (a proposal card's
    support button: supported or not): rendering it is most of a signed-in list's cost.
    ``render()`` returns the HTML, with a :func:`slot` where each item's personal part goes,
    and the variants of each item's part, by item id; ``pick(id)`` chooses the visitor's
    variant. ``key`` names everything else the HTML depends on: the items' versions, the count,
    and what the visitor may do on every item. The URL and the language are added here. The
    request's CSRF token is put back in every form: the shared copy holds a mark instead.
    """
    seconds = current_app.config.get("PAGE_CACHE_SECONDS", 0)
    if seconds <= 0:
        html, variants = render()
        return Markup(_fill(html, variants, pick))  # noqa: S704 - autoescaped templates' output
    municipality = g.get("municipality")
    cache_key = "|".join(
        ("personal", name, str(get_locale()), str(getattr(municipality, "id", 0)),
         request.full_path, *map(str, key))
    )  # fmt: skip
    found: tuple[str, Variants] | None = cache.get(cache_key)
    if found is None:
        found = render()
        # The token the rendering put in its forms, if any (Flask-WTF keeps it in g).
        token = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
        if token:
            html, variants = found
            found = (
                html.replace(token, _CSRF),
                {k: tuple(v.replace(token, _CSRF) for v in vs) for k, vs in variants.items()},
            )
        cache.set(cache_key, found, timeout=seconds)
    filled = _fill(*found, pick)
    if _CSRF in filled:
        # Asked only when a form needs it: asking starts a session (no page cache after).
        filled = filled.replace(_CSRF, generate_csrf())
    return Markup(filled)  # noqa: S704 - autoescaped templates' output


def _fill(html: str, variants: Variants, pick: Callable[[int], int]) -> str:
    def part(match: re.Match[str]) -> str:
        return variants[match[1]][pick(int(match[1]))]

    return _SLOT.sub(part, html)
