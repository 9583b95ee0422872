"""Sections a feature contributes to another feature's page (a consultation's ballots, budgets,
questionnaires): rendered from the feature's own template, or left out when empty."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import render_template
from markupsafe import Markup


def listing_section(
    template: str, name: str, items: Sequence[Any], *, staff: bool, **context: Any
) -> Markup | None:
    """``items`` rendered by ``template`` (as ``name``, with ``staff`` and ``context``), or
    nothing when there is nothing to list and the visitor may not add the first one."""
    if not items and not staff:
        return None
    return Markup(  # noqa: S704 - an autoescaped template
        render_template(template, staff=staff, **{name: items}, **context)
    )
