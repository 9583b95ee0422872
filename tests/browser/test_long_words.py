"""Long unbroken words on a 390-px-wide phone: no page scrolls sideways, whatever people typed.

Every place where residents or staff type text that pages show holds a long word without
spaces: a 200-character address-like token, a 130-character organisation name, an 80-character
display name (the most an account allows) and a long e-mail address. The pages that show them
are visited signed out and as the author of the proposal, comment and amendment; none may be
wider than the window.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import g
from werkzeug.datastructures import FileStorage

from participa.db import utcnow
from participa.extensions import db
from tests import factories
from tests.browser.checks import opened, sideways
from tests.browser.conftest import LiveServer, browser_app, serving, villa_norte

pytestmark = pytest.mark.browser

TOKEN = "https://datos.villanorte.example.org/" + "presupuesto-participativo-" * 6 + "x" * 8
assert len(TOKEN) >= 200 and " " not in TOKEN
NAME = "Asociación" + "x" * 120  # an organisation's name, a title: 130 characters
PERSON = "Mariana" + "x" * 73  # the longest display name an account takes
EMAIL = "mariana." + "delosangeles" * 6 + "@correo-muy-largo.example.org"
WIDE_BODY = f"""Fuente: {TOKEN}

{NAME} `{TOKEN}` {EMAIL}

    {TOKEN}
"""
SOURCE = f"""Esta ordenanza regula {NAME}.

# TÍTULO I - {NAME}

### Artículo 1°.- {NAME}
Los vecinos podrán consultar {TOKEN} y escribir a {EMAIL}.

### Artículo 2°.- Alcance
Se aplica a todas las dependencias municipales.
"""


def _pdf() -> FileStorage:
    from participa.media.demo import pdf

    return FileStorage(io.BytesIO(pdf("Anexo")), filename="anexo.pdf")


def _fill() -> dict[str, str]:
    """Villa Norte with long words everywhere people type; the paths of the pages to visit."""
    from participa.comments import services as comments
    from participa.consultations.models import Category
    from participa.contracting import services as contracting
    from participa.legislation import participation
    from participa.media import services as media
    from tests.budgets.helpers import make_budget, projects
    from tests.contracting.conftest import TENDER, award_and_contract, make_process
    from tests.events.helpers import make_event
    from tests.initiatives.support import make_initiative, make_rules
    from tests.legislation.support import articles as draft_articles
    from tests.legislation.support import make_draft
    from tests.search.helpers import comment_on, make_consultation, make_proposal
    from tests.voting.helpers import make_ballot

    municipality = villa_norte(ocid_prefix="ocds-213czf")
    staff = factories.member(municipality, "admin", display_name=NAME[:80])
    author = factories.UserFactory(display_name=PERSON, email=EMAIL, locale="es")
    category = Category(municipality_id=municipality.id, name=PERSON)
    db.session.add(category)
    db.session.commit()
    consultation = make_consultation(
        municipality, title=f"Plaza {NAME}", summary=f"Plaza {TOKEN}", body=WIDE_BODY,
        category_id=category.id,
    )  # fmt: skip
    proposal = make_proposal(
        consultation, author=author, title=f"Plaza {NAME}", body=WIDE_BODY,
        category_id=category.id,
    )  # fmt: skip
    comment_on(proposal, author, f"Plaza {TOKEN} {EMAIL}")
    g.municipality = municipality
    neighbour = factories.UserFactory(
        display_name=PERSON[::-1], created_at=utcnow() - timedelta(days=60)
    )
    comments.post_comment("proposal", proposal, author=neighbour, body=NAME, alignment="neutral")
    db.session.commit()
    media.add_attachment(
        consultation, actor=staff, file=_pdf(), title=f"Anexo {NAME}", language="es"
    )
    media.add_attachment(proposal, actor=author, file=_pdf(), title=TOKEN, language="es")

    parties = {}
    for key, name, cuit, public in [
        ("buyer", f"Secretaría {NAME}", "30999999991", True),
        ("supplier", f"Constructora {NAME}" + "y" * 150, "30711111119", False),
    ]:
        parties[key] = contracting.create_party(
            municipality,
            actor=staff,
            data={"name": name, "scheme": "AR-CUIT", "identifier": cuit,
                  "is_public_body": public, "locality": NAME, "legal_name": NAME,
                  "contact_email": EMAIL, "contact_url": TOKEN},
        )  # fmt: skip
    db.session.commit()
    tender = {
        **TENDER,
        "title": f"Bacheo {NAME}",
        "description": WIDE_BODY,
        "items": [{"description": NAME, "quantity": 400, "unit": "m2"}],
        "documents": [{"document_type": "biddingDocuments", "title": NAME, "url": TOKEN}],
    }
    process = make_process(
        municipality, staff, parties["buyer"], title=f"Bacheo {NAME}", tender=tender
    )
    award_and_contract(process, staff, parties["supplier"])

    draft = make_draft(
        municipality, staff=staff, source=SOURCE, title=f"Ordenanza {NAME}", summary=TOKEN,
        closes_delta=timedelta(days=10),
    )  # fmt: skip
    article = draft_articles(draft)[0]
    participation.propose_amendment(
        draft, article, author=author, text=f"{NAME} {TOKEN}", justification=TOKEN
    )
    db.session.commit()

    budget = make_budget(
        municipality,
        staff=staff,
        projects=[(None, f"Plaza {NAME}", 40), (None, TOKEN[:200], 30), (None, "Parque", 20)],
    )
    budget.title, budget.description = f"Presupuesto {NAME}", WIDE_BODY
    db.session.commit()
    project = projects(budget)[0]
    closed = make_budget(
        municipality, staff=staff, status="closed", districts=[(NAME[:120], 60)],
        projects=[(0, f"Plaza {NAME}", 40), (None, TOKEN[:200], 30), (None, PERSON, 20)],
    )  # fmt: skip
    ballot = make_ballot(
        municipality, staff=staff, questions=[("single", None, (NAME, TOKEN[:200], "Parque")),
                                             ("ranked", None, (NAME, PERSON, "Parque"))],
    )  # fmt: skip
    ballot.title = f"¿Dónde invertimos? {NAME}"
    db.session.commit()
    make_rules(municipality)
    initiative = make_initiative(
        municipality, author=author, title=f"Bancos {NAME}", body=WIDE_BODY
    )

    event = make_event(
        municipality, title=f"Reunión {NAME}", description=WIDE_BODY, address=NAME,
        online_url=None,
    )  # fmt: skip
    m = f"/m/{municipality.slug}"
    return {
        "home": f"{m}/",
        "consultations": f"{m}/consultations/",
        "consultation": f"{m}/consultations/{consultation.id}",
        "proposals": f"{m}/consultations/{consultation.id}/proposals/",
        "all proposals": f"{m}/proposals/",
        "proposal": f"{m}/proposals/{proposal.id}",
        "comments": f"{m}/comments/proposal/{proposal.id}/",
        "contracting": f"{m}/contracting/",
        "process": f"{m}/contracting/processes/{process.id}",
        "suppliers": f"{m}/contracting/suppliers/",
        "supplier": f"{m}/contracting/suppliers/{parties['supplier'].id}",
        "buyer": f"{m}/contracting/suppliers/{parties['buyer'].id}",
        "legislation": f"{m}/legislation/",
        "draft": f"{m}/legislation/{draft.id}",
        "article": f"{m}/legislation/{draft.id}/articles/{article.id}",
        "budget": f"{m}/budgets/{budget.id}",
        "budget project": f"{m}/budgets/projects/{project.id}",
        "closed budget": f"{m}/budgets/{closed.id}",
        "budget results": f"{m}/budgets/{closed.id}/results",
        "ballot": f"{m}/ballots/{ballot.id}",
        "initiatives": f"{m}/initiatives/",
        "initiative": f"{m}/initiatives/{initiative.id}",
        "network events": "/network/events/",
        "events": f"{m}/events/",
        "event": f"{m}/events/{event.id}",
        "search": f"{m}/search/?q=plaza",
        "network search": "/search/?q=plaza",
        "profile": f"/people/{author.id}",
        "platform home": "/",
    }


@pytest.fixture(scope="module")
def long_words(tmp_path_factory) -> Iterator[tuple[LiveServer, dict[str, str]]]:
    app = browser_app(tmp_path_factory.mktemp("long-words") / "browser.sqlite")
    with app.app_context(), app.test_request_context("/"):
        paths = _fill()
    with serving(app, "long-words") as live:
        yield live, paths


def _visit(page, paths: dict[str, str]) -> list[str]:
    """Every page's sideways scroll, or its status when it does not answer 200."""
    problems = []
    for name, path in paths.items():
        response = page.goto(path)
        if response is None or response.status != 200:
            problems.append(f"{name} {path}: answered {response.status if response else None}")
            continue
        if not any(word in page.inner_html("main") for word in ("x" * 8, "delosangeles")):
            problems.append(f"{name} {path}: shows none of the long words")
        problems += [f"{name}: {line}" for line in sideways(page)]
    return problems


def test_long_words_fit_a_phone_signed_out(chromium, long_words):
    live, paths = long_words
    with opened(chromium, live.url, width="phone") as page:
        problems = _visit(page, paths)
    assert problems == [], "\n".join(problems)


def test_long_words_fit_a_phone_as_the_author(chromium, long_words):
    from playwright.sync_api import expect

    live, paths = long_words
    with opened(chromium, live.url, width="phone") as page:
        page.goto("/account/login")
        page.locator("main input[type=email]").fill(EMAIL)
        page.locator("main input[type=password]").fill(factories.PASSWORD)
        page.locator("main form button[type=submit]").click()
        expect(page.locator("header form[action$='/account/logout']")).to_have_count(1)
        mine = {**paths, "account": "/account/", "notifications": "/notifications/"}
        problems = _visit(page, mine)
    assert problems == [], "\n".join(problems)
