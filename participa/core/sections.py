"""Sections a feature contributes to another feature's page (a consultation's ballots, budgets,
questionnaires): rendered from the feature's own template, or left out when empty."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from flask import g, render_template
from markupsafe import Markup
from sqlalchemy import Select

from participa.core.authz import can
from participa.core.features import feature_serves
from participa.core.related import has_linked
from participa.extensions import db

if TYPE_CHECKING:
    from participa.consultations.models import Consultation
    from participa.core.authz import Visitor

# A consultation's items for its page: a select or a list, drafts included only for staff.
Listed = Callable[..., Select[Any] | Sequence[Any]]


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


def consultation_section(
    feature: str, *, manage: str, linked: str, name: str, listed: Listed
) -> Callable[[Visitor, Any], Markup | None]:
    """A ``consultation_section`` contribution listing the consultation's ``name`` (from
    ``listed(consultation, include_drafts=staff)``) with ``<feature>/_consultation_section.html``;
    staff are those who may ``manage`` (add) them, and ``linked`` names the ``Feature.linked``
    probe that tells, in the page's one query, whether a visitor has anything to see."""

    def section(user: Visitor, consultation: Consultation) -> Markup | None:
        if not feature_serves(feature, g.get("municipality")):
            return None  # a member of a kind this feature does not serve
        staff = can(user, manage, consultation)
        if not staff and not has_linked(linked, "consultation", consultation.id):
            return None
        found = listed(consultation, include_drafts=staff)
        items = list(db.session.scalars(found) if isinstance(found, Select) else found)
        return listing_section(
            f"{feature}/_consultation_section.html",
            name,
            items,
            staff=staff,
            consultation=consultation,
        )

    return section
