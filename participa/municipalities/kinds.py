"""The kinds of network member, as people read them: labels, form choices, a template filter."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l

from participa.municipalities.models import MemberKind

KIND_LABELS: dict[str, Any] = {
    MemberKind.MUNICIPALITY: _l("Municipality"),
    MemberKind.LEGISLATURE: _l("Legislature"),
    MemberKind.ASSOCIATION: _l("Association of municipalities"),
}

# Headings of the network's lists, one per kind.
KIND_PLURALS: dict[str, Any] = {
    MemberKind.MUNICIPALITY: _l("Municipalities"),
    MemberKind.LEGISLATURE: _l("Legislatures"),
    MemberKind.ASSOCIATION: _l("Associations of municipalities"),
}


def kind_label(kind: str | None) -> str:
    """The translated name of a member kind; never the stored code."""
    label = KIND_LABELS.get(kind or MemberKind.MUNICIPALITY)
    return str(label) if label is not None else str(KIND_LABELS[MemberKind.MUNICIPALITY])


def kind_choices() -> list[tuple[str, str]]:
    """(code, label) pairs for a form's select, municipalities first."""
    return [(kind.value, str(KIND_LABELS[kind])) for kind in MemberKind]


def setup(app: Flask) -> None:
    app.jinja_env.filters["member_kind"] = kind_label
    app.jinja_env.globals["member_kind_plurals"] = KIND_PLURALS
