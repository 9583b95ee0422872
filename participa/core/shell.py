"""The page shell's fixed parts, rendered once and reused by every request that would render
them alike.

Every page repeats the same head links, brand, navigation and footer: some forty links and
forty translated labels, a fifth of a signed-in page's work. ``base.html`` wraps each fixed part
in ``{% call shell_part("name") %}``; the part is kept, in this process, under everything it
depends on (:func:`shell_key`): the language, the member's fields the shell shows, the page's
endpoint, whether the reader is signed in and which permission-bound links they may see. A
changed member (a new name, logo or colour) makes a new key, so nothing needs forgetting. What
is the reader's own (their name, unread count, the CSRF token, the address to come back to)
stays outside the parts and is rendered on every request.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, g, request
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from participa.core import nav
from participa.core.authz import can

# Languages, members, endpoints and kinds of reader: a few thousand parts of a few kB at most.
MAX_PARTS = 4096


class _Parts(OrderedDict[tuple[Any, ...], Markup]):
    """A bounded store of rendered parts, the least recently used forgotten first."""

    def get_or_render(self, key: tuple[Any, ...], render: Callable[[], str]) -> Markup:
        found = self.get(key)
        if found is not None:
            self.move_to_end(key)
            return found
        html = Markup(render())  # noqa: S704 - a part of an autoescaped template
        self[key] = html
        if len(self) > MAX_PARTS:
            self.popitem(last=False)
        return html


def shell_key() -> tuple[Any, ...]:
    """Everything a fixed part of the shell may depend on, worked out once per request."""
    if "_shell_key" in g:
        key: tuple[Any, ...] = g._shell_key
        return key
    member = g.get("municipality")
    member_fields = (
        None
        if member is None
        else (
            member.id,
            member.slug,
            member.name,
            member.kind,
            member.accent_color,
            member.logo_id,  # an upload's token never changes: a new logo is a new upload
            member.contact_email,
        )
    )
    signed_in = bool(current_user.is_authenticated)
    key = (
        str(get_locale()),
        request.script_root,
        member_fields,
        request.endpoint,
        request.blueprint,
        signed_in,
        nav.visible_key(),
        signed_in and member is not None and can(current_user, "municipalities.staff_home", member),
    )
    g._shell_key = key
    return key


def shell_part(name: str, caller: Callable[[], str]) -> Markup:
    """The fixed part ``name`` of the shell (the body of a ``{% call %}`` block), kept per
    :func:`shell_key`."""
    parts: _Parts = current_app.extensions["participa_shell"]
    return parts.get_or_render((name, *shell_key()), caller)


def kept_part(name: str, key: tuple[Any, ...], render: Callable[[], str]) -> Markup:
    """``render()``, kept in this process under ``name``, ``key``, the language and the site's
    root, for a part of a page that is the same for every reader: ``key`` must name everything
    it shows (an item's id and the fields or version it renders), so that a change shows at
    once. Nothing that depends on the time of day (``closes in 3 hours``) may go in."""
    parts: _Parts = current_app.extensions["participa_shell"]
    return parts.get_or_render((name, str(get_locale()), request.script_root, *key), render)


def init_app(app: Flask) -> None:
    app.extensions["participa_shell"] = _Parts()
    app.jinja_env.globals["shell_part"] = shell_part
