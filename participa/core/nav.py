"""Navigation entries that features contribute to the header, so base.html names no feature.

Features declare :class:`NavItem` entries in their manifests (``participa.core.features``),
installed when the application is built; the layout shows the entries whose endpoint is
registered on the running app and that the reader may use, in ``order``.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, g, request
from flask_login import current_user

from participa.core.authz import can
from participa.core.features import endpoint_serves


@dataclass(frozen=True)
class NavItem:
    area: str  # "municipality" (under /m/<slug>/) or "platform"
    endpoint: str
    label: object  # a lazy_gettext string, translated when rendered
    order: int = 50
    also: tuple[str, ...] = ()  # other blueprints whose pages belong to this entry
    action: str | None = None  # shown only to people allowed this action (core.authz)

    @property
    def current(self) -> bool:
        return request.blueprint in (self.endpoint.rsplit(".", 1)[0], *self.also)


_items: list[NavItem] = []


def add_item(item: NavItem) -> None:
    """Offer a link in the municipality or platform navigation."""
    if item not in _items:
        _items.append(item)


def reset() -> None:
    """Forget every entry (the application factory installs the features' entries again)."""
    _items.clear()


def items(area: str) -> list[NavItem]:
    registered = current_app.view_functions
    municipality = g.get("municipality")
    return sorted(
        (
            item
            for item in _items
            if item.area == area
            and item.endpoint in registered
            # A member's navigation leaves out the features that do not serve its kind.
            and (area != "municipality" or endpoint_serves(item.endpoint, municipality))
            and (item.action is None or can(current_user, item.action, municipality))
        ),
        key=lambda item: item.order,
    )


def visible_key() -> tuple[bool, ...]:
    """Whether the reader may see each permission-bound entry of this page's navigation: with
    the member's kind and the language, all that decides which entries :func:`items` lists."""
    registered = current_app.view_functions
    municipality = g.get("municipality")
    return tuple(
        can(current_user, item.action, municipality)
        for item in _items
        if item.action is not None
        and item.endpoint in registered
        and (item.area == "platform" or municipality is not None)
    )


def offered(endpoint: str) -> bool:
    """Whether a link to ``endpoint`` belongs on this page: registered, and its feature serves
    the current member's kind (any endpoint does on platform pages)."""
    return endpoint in current_app.view_functions and endpoint_serves(
        endpoint, g.get("municipality")
    )


def init_app(app: Flask) -> None:
    app.jinja_env.globals["nav_items"] = items
    app.jinja_env.globals["offered"] = offered
