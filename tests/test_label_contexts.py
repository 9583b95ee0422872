"""State labels that share an English word carry the context of their codelist.

Spanish and Portuguese agree the adjective with the noun it describes: a proposal is "Aceita",
an exchange "Aceito"; a consultation is "Arquivada", a municipality "Arquivado". Each codelist
asks for its labels with its own message context, so the catalogs can give each its form. While
these tests run, a translation answers "[context] message", showing which context was asked.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from flask import render_template_string
from flask_babel import force_locale

from tests.translations import translations_wrapped


class _ShowContext:
    """Translations that echo the message, prefixed with its context when it has one."""

    def __init__(self, real) -> None:
        self.real = real

    def ugettext(self, message):
        return message

    def ungettext(self, singular, plural, n):
        return singular if n == 1 else plural

    def upgettext(self, context, message):
        return f"[{context}] {message}"

    def unpgettext(self, context, singular, plural, n):
        return f"[{context}] {singular if n == 1 else plural}"

    gettext, ngettext, pgettext, npgettext = ugettext, ungettext, upgettext, unpgettext

    def __getattr__(self, name):
        return getattr(self.real, name)


@pytest.fixture
def contexts(app) -> Iterator[None]:
    with (
        translations_wrapped(app, ["pt"], _ShowContext),
        app.test_request_context(),
        force_locale("pt"),
    ):
        yield


def _render(source: str, **context) -> str:
    return " ".join(render_template_string(source, **context).split())


def test_proposal_states(contexts):
    from participa.proposals.forms import answer_choices
    from participa.proposals.services import state_label

    assert state_label("rejected") == "[proposal state] Rejected"
    assert state_label("accepted") == "[proposal state] Accepted"
    assert dict(answer_choices())["rejected"] == "[proposal state] Rejected"


def test_residency_statuses_are_one_labelling_everywhere(contexts):
    from participa.municipalities.privacy import STATUS_NAMES

    html = _render(
        '{% from "municipalities/_partials.html" import status_badge %}'
        "{{ status_badge('approved') }} {{ status_badge('rejected') }}"
    )
    assert "[residency status] Verified" in html and "[residency status] Rejected" in html
    assert str(STATUS_NAMES["approved"]) == "[residency status] Verified"
    assert str(STATUS_NAMES["rejected"]) == "[residency status] Rejected"


def test_indicator_marks_and_answer_reviews(contexts):
    html = _render(
        '{% from "indicators/_partials.html" import mark, review_label %}'
        "{{ mark(true) }} {{ mark(false) }} {{ review_label('accepted') }}"
        " {{ review_label('returned') }}"
    )
    for label in (
        "[indicator] Met",
        "[indicator] Not met",
        "[review status] Accepted",
        "[review status] Returned",
    ):
        assert label in html


def test_closed_phases_and_closed_drafts(contexts):
    from participa.consultations.forms import phase_labels

    assert str(phase_labels()["closed"]) == "[phase] Closed"
    draft = SimpleNamespace(status="published", is_open=False, is_closed=True)
    html = _render(
        '{% from "legislation/_partials.html" import status_badge %}{{ status_badge(d) }}',
        d=draft,
    )
    assert "[draft status] Closed" in html


def test_archived_consultations(contexts):
    municipality = SimpleNamespace(slug="villa-norte", name="Villa Norte", country="AR")
    consultation = SimpleNamespace(
        id=1, title="Presupuesto", municipality=municipality, is_draft=False, is_archived=True,
        current_phase=None, current_phase_ends_at=None, category=None, summary="",
        proposals_count=0, supports_count=0,
    )  # fmt: skip
    html = _render(
        '{% from "consultations/_partials.html" import consultation_card %}'
        "{{ consultation_card(c, {}) }}",
        c=consultation,
    )
    assert "[consultation] Archived" in html


def test_archived_and_active_municipalities(app, client, login, platform_admin):
    from participa.extensions import db
    from tests import factories

    factories.MunicipalityFactory(name="Villa Archivada", archived_at=datetime.now(UTC))
    factories.MunicipalityFactory(name="Villa Activa")
    db.session.commit()
    login(platform_admin)
    with translations_wrapped(app, ["en"], _ShowContext):
        html = client.get("/admin/municipalities/", headers={"Accept-Language": "en"}).text
    assert "[municipality] Archived" in html and "[municipality] Active" in html
