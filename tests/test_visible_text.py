"""Internal codes never reach people: pages, e-mails and notifications show translated labels.

Every translation is wrapped in markers while these tests run (the placeholders stay outside
them), so whatever is left outside the markers was not translated: people's own content,
numbers, dates, names, and any internal code printed raw. The main pages, rendered with the
demo content as a visitor, as municipality staff and as a platform admin, must have no known
code left there (``tender``, ``published``, ``in_favour``...).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import StrEnum
from html.parser import HTMLParser
from importlib import import_module

import pytest
from sqlalchemy import select

from participa.cli import DEMO_PASSWORD
from participa.core.features import load_demo
from participa.extensions import db
from tests.rows import count_rows
from tests.translations import translations_wrapped

OPEN, CLOSE = "\u2045", "\u2046"
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sdf]")
_MARKED = re.compile(f"{OPEN}[^{CLOSE}]*{CLOSE}")
STAFF_EMAIL = "laura.staff@bahiablanca.demo"
ADMIN_EMAIL = "admin@participa.demo"
FEATURES = (
    "comments",
    "consultations",
    "contracting",
    "indicators",
    "legislation",
    "moderation",
    "municipalities",
    "notifications",
    "proposals",
)


def _mark(text: str) -> str:
    # Interpolated values stay outside the markers, so a raw code passed to a message shows.
    return OPEN + _PLACEHOLDER.sub(lambda m: CLOSE + m.group() + OPEN, text) + CLOSE


class _Marked:
    """Translations whose every message comes back between markers."""

    def __init__(self, real) -> None:
        self.real = real

    def ugettext(self, message):
        return _mark(self.real.ugettext(message))

    def ungettext(self, singular, plural, n):
        return _mark(self.real.ungettext(singular, plural, n))

    def upgettext(self, context, message):
        return _mark(self.real.upgettext(context, message))

    def unpgettext(self, context, singular, plural, n):
        return _mark(self.real.unpgettext(context, singular, plural, n))

    gettext, ngettext, pgettext, npgettext = ugettext, ungettext, upgettext, unpgettext

    def __getattr__(self, name):
        return getattr(self.real, name)


@pytest.fixture
def marked_translations(app) -> Iterator[None]:
    """Wrap every translation in markers for the duration of the test."""
    with translations_wrapped(app, app.config["LANGUAGES"], _Marked):
        yield


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "title"):
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "title"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def untranslated(text: str, html: bool = True) -> str:
    """The text people see that did not come from a translation."""
    if html:
        parser = _VisibleText()
        parser.feed(text)
        text = " ".join(parser.parts)
    return " ".join(_MARKED.sub(" ", text).split())


def known_codes() -> set[str]:
    """Every value of every code enumeration of the features, and the OCDS codes we label."""
    from participa.contracting.codelist_labels import LABELS

    codes: set[str] = set()
    for feature in FEATURES:
        for value in vars(import_module(f"participa.{feature}.models")).values():
            if isinstance(value, type) and issubclass(value, StrEnum) and value is not StrEnum:
                codes |= {member.value for member in value}
    for codelist in LABELS.values():
        codes |= set(codelist)
    return codes


def raw_codes(text: str, codes: set[str]) -> list[str]:
    """The codes found in ``text`` as whole words, each with a little context."""
    words = "|".join(sorted(map(re.escape, codes), key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w./@-])({words})(?![\w/@-])")
    return [
        f"{m.group(1)!r} in …{text[max(0, m.start() - 40) : m.end() + 20]}…"
        for m in pattern.finditer(text)
    ]


def _load_demo() -> None:
    load_demo(DEMO_PASSWORD)
    db.session.commit()


def _main_pages() -> dict[str, list[str]]:
    """The pages to read, by who reads them, with the demo's ids."""
    from participa.consultations.models import Consultation
    from participa.contracting.models import ProcurementProcess
    from participa.indicators.models import Assessment
    from participa.legislation.models import Draft, Section
    from participa.municipalities.models import Municipality
    from participa.proposals.models import Proposal

    def first(model, *where):
        return db.session.scalar(select(model).where(*where).order_by(model.id))

    bahia = first(Municipality, Municipality.slug == "bahia-blanca")
    m = "/m/bahia-blanca"
    consultation = first(Consultation, Consultation.municipality_id == bahia.id)
    proposals = db.session.scalars(
        select(Proposal).where(Proposal.municipality_id == bahia.id).order_by(Proposal.id)
    ).all()
    draft = first(Draft)
    article = first(
        Section, Section.version_id == draft.current_version_id, Section.kind == "article"
    )
    d = f"/m/{db.session.get(Municipality, draft.municipality_id).slug}/legislation/{draft.id}"
    process = first(ProcurementProcess, ProcurementProcess.municipality_id == bahia.id)
    processes = db.session.scalars(select(ProcurementProcess).order_by(ProcurementProcess.id))
    other = [p for p in processes if p.municipality_id != bahia.id][-1]
    other_slug = db.session.get(Municipality, other.municipality_id).slug
    assessment = first(Assessment, Assessment.municipality_id == bahia.id)
    public = [
        "/",
        "/consultations/",
        f"{m}/",
        f"{m}/consultations/",
        f"{m}/consultations/{consultation.id}",
        f"{m}/consultations/{consultation.id}/proposals/",
        *(f"{m}/proposals/{p.id}" for p in proposals),
        f"{m}/legislation/",
        d,
        f"{d}/articles/{article.id}",
        f"{d}/versions",
        f"{m}/contracting/",
        f"{m}/contracting/processes/{process.id}",
        f"/m/{other_slug}/contracting/processes/{other.id}",
        f"{m}/contracting/suppliers/",
        f"{m}/contracting/flags",
        f"{m}/contracting/summary",
        f"{m}/indicators/",
        f"{m}/indicators/peers",
        "/indicators/",
        "/learning/",
        f"{m}/moderation/log",
    ]
    signed_in = ["/account/", "/notifications/", "/notifications/preferences", f"{m}/residency"]
    staff = [
        f"{m}/staff/",
        f"{m}/staff/members",
        f"{m}/staff/residents",
        f"{m}/moderation/",
        f"{m}/moderation/appeals",
        f"{m}/moderation/blocks",
        f"{m}/contracting/staff/",
        f"{m}/contracting/staff/processes/{process.id}",
        f"{m}/indicators/assessments/",
        f"{m}/learning/",
        *([f"{m}/indicators/assessments/{assessment.id}"] if assessment else []),
        f"{m}/legislation/new",
        f"{m}/consultations/new",
    ]
    admin = [
        f"{d}/report",
        f"{d}/report/summary",
        "/admin/",
        "/admin/municipalities/",
        "/indicators/review",
        "/indicators/admin/frameworks",
    ]
    return {
        "": public,
        STAFF_EMAIL: public + signed_in + staff,
        ADMIN_EMAIL: admin + signed_in,
    }


def test_main_pages_show_no_raw_codes(app, marked_translations):
    _load_demo()
    codes = known_codes()
    problems = []
    for email, paths in _main_pages().items():
        client = app.test_client()
        if email:
            client.post("/account/login", data={"email": email, "password": DEMO_PASSWORD})
        for path in paths:
            response = client.get(path, headers={"Accept-Language": "es"})
            assert response.status_code == 200, f"{path} as {email or 'visitor'}"
            for found in raw_codes(untranslated(response.get_data(as_text=True)), codes):
                problems.append(f"{path} as {email or 'visitor'}: {found}")
    assert problems == [], "raw codes on pages:\n" + "\n".join(problems)


def test_answers_reach_e_mails_and_notifications_as_labels(app, marked_translations):
    from participa.accounts.models import User
    from participa.core.models import OutboxMessage
    from participa.notifications.models import Notification
    from participa.proposals.models import Proposal
    from participa.proposals.services import answer_proposal

    _load_demo()
    staff = db.session.scalar(select(User).where(User.email == STAFF_EMAIL))
    proposals = db.session.scalars(
        select(Proposal).where(Proposal.state == "published").order_by(Proposal.id)
    ).all()
    answers = zip(proposals, ("under_evaluation", "accepted", "rejected"), strict=False)
    with app.test_request_context():
        for proposal, state in answers:
            answer_proposal(
                proposal, actor=staff, state=state, answer="Respuesta.", details="Motivos."
            )
        db.session.commit()
    codes = known_codes()

    problems = []
    messages = db.session.scalars(select(OutboxMessage)).all()
    notifications = count_rows(Notification)
    assert messages and notifications, "the answers should have been sent and notified"
    for message in messages:
        for part in (message.subject, message.body_text):
            problems += raw_codes(untranslated(part or "", html=False), codes)
    authors = {p.author_id for p in proposals[:3]}
    for author in db.session.scalars(select(User).where(User.id.in_(authors))):
        client = app.test_client()
        client.post("/account/login", data={"email": author.email, "password": DEMO_PASSWORD})
        page = client.get("/notifications/").get_data(as_text=True)
        problems += raw_codes(untranslated(page), codes)
    assert problems == [], "raw codes in e-mails or notifications:\n" + "\n".join(problems)


def test_the_check_finds_a_raw_code(app, marked_translations):
    """The test above can fail: a code printed beside a translated word is found."""
    from flask import render_template_string

    with app.test_request_context():
        html = render_template_string('<p>{{ _("stage:") }} {{ stage }}</p>', stage="tender")
        labelled = render_template_string('<p>{{ _("stage:") }} {{ _("Tender") }}</p>')
    assert raw_codes(untranslated(html), known_codes()) != []
    assert raw_codes(untranslated(labelled), known_codes()) == []
