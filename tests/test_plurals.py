"""Counts in words take the plural form their number needs: "1 proposal", "2 proposals".

Each count goes through ngettext; these tests check the forms with 1 and 2 in English, the
language of the message ids (the catalogs give every other language its own forms).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask import render_template_string
from flask_babel import force_locale


@pytest.fixture
def render(app):
    """Render a template snippet in English within a request."""

    def _render(source: str, **context) -> str:
        with app.test_request_context(), force_locale("en"):
            return " ".join(render_template_string(source, **context).split())

    return _render


def _consultation(proposals: int, supports: int) -> SimpleNamespace:
    municipality = SimpleNamespace(slug="villa-norte", name="Villa Norte", country="AR")
    return SimpleNamespace(
        id=1, title="Presupuesto", municipality=municipality, is_draft=False, is_archived=False,
        current_phase=None, current_phase_ends_at=None, category=None, summary="",
        proposals_count=proposals,
        supports_count=supports,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("count", "expected"),
    [(1, "1 proposal · 1 support"), (2, "2 proposals · 2 supports")],
)
def test_consultation_card_counts(render, count, expected):
    html = render(
        '{% from "consultations/_partials.html" import consultation_card %}'
        "{{ consultation_card(c, {}) }}",
        c=_consultation(count, count),
    )
    assert expected in html


@pytest.mark.parametrize(
    ("up", "down", "expected"),
    [
        (1, 1, "1 agrees · 1 disagrees"),
        (2, 2, "2 agree · 2 disagree"),
        (1, 2, "1 agrees · 2 disagree"),
    ],
)
def test_comment_agreement(render, up, down, expected):
    html = render(
        '{% from "macros/counts.html" import agreement %}{{ agreement(c) }}',
        c=SimpleNamespace(upvotes=up, downvotes=down),
    )
    assert html == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(1, "1 hour"), (1.04, "1 hour"), (1.5, "1.5 hours"), (2, "2 hours")]
)
def test_hours(render, value, expected):
    html = render('{% from "macros/counts.html" import hours %}{{ hours(v) }}', v=value)
    assert html == expected


@pytest.mark.parametrize(
    ("limit", "expected"),
    [
        (1, "You have already used your 1 support in this consultation. Withdraw it"),
        (2, "You have already used your 2 supports in this consultation. Withdraw one"),
    ],
)
def test_support_limit(app, limit, expected):
    from participa.proposals.supports import _limit_message

    with app.test_request_context(), force_locale("en"):
        assert _limit_message(limit).startswith(expected)


@pytest.mark.parametrize(
    ("length", "expected"),
    [(1, "is too long (at most 1 character)"), (2, "is too long (at most 2 characters)")],
)
def test_imported_value_too_long(app, length, expected):
    from participa.contracting.importers import _too_long

    with app.test_request_context(), force_locale("en"):
        assert _too_long(length) == expected


@pytest.mark.parametrize(
    ("minimum", "expected"),
    [(1, "Use at least 1 character."), (2, "Use at least 2 characters.")],
)
def test_password_minimum(app, minimum, expected):
    from participa.accounts.passwords import password_problem

    app.config["PASSWORD_MIN_LENGTH"], saved = minimum, app.config["PASSWORD_MIN_LENGTH"]
    try:
        with app.test_request_context(), force_locale("en"):
            assert password_problem("") == expected
    finally:
        app.config["PASSWORD_MIN_LENGTH"] = saved


@pytest.mark.parametrize(
    ("threshold", "expected"),
    [(1, "0 of 1 support needed to qualify"), (2, "0 of 2 supports needed to qualify")],
)
def test_support_threshold_on_the_proposal(client, municipality, threshold, expected):
    from tests.consultations.helpers import make_consultation, make_proposal

    consultation = make_consultation(municipality, phase="supports", support_threshold=threshold)
    proposal = make_proposal(consultation)
    page = client.get(f"/m/{municipality.slug}/proposals/{proposal.id}")
    assert expected in " ".join(page.get_data(as_text=True).split())
