"""The main pages on a 390-px-wide phone, signed out, as municipality staff and as a platform
admin: no page scrolls sideways, the header stays within two rows, and its menu opens without
JavaScript.

The pages hold the demo content plus the wide things people and staff really publish: a
2,049-px cover image, long addresses and words, a Markdown table and a code block.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pytest
from PIL import Image
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from participa.cli import DEMO_PASSWORD
from participa.core.features import load_demo
from participa.extensions import db
from tests.browser.checks import STICKING_OUT, axe_violations, opened, page_problems
from tests.browser.conftest import TIMEOUT_MS, LiveServer, browser_app, localized, serving

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 390, 844
STAFF_EMAIL = "laura.staff@bahiablanca.demo"
ADMIN_EMAIL = "admin@participa.demo"
LONG_URL = "https://datos.bahiablanca.demo/" + "presupuesto-participativo-2027/" * 6 + "anexo.pdf"
LONG_WORD = "Electromovilidadsustentableintermunicipalparatodoslosbarriosdelaciudad"
WIDE_MARKDOWN = f"""Fuente: {LONG_URL}

{LONG_WORD}

| Barrio | Ene | Feb | Mar | Abr | May | Jun | Jul | Ago | Sep | Oct | Nov | Dic | Total anual |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
| Villa Mitre | 1.200.000 | 1.200.000 | 1.200.000 | 1.200.000 | 1.200.000 | 1.200.000 \
| 1.200.000 | 1.200.000 | 1.200.000 | 1.200.000 | 1.200.000 | 1.200.000 | 14.400.000 |

    curl -s "{LONG_URL}?formato=csv&columnas=barrio,monto,estado,fecha" | head -n 20
"""


def _wide_image() -> FileStorage:
    buffer = io.BytesIO()
    Image.new("RGB", (2049, 600), (29, 78, 216)).save(buffer, format="PNG")
    buffer.seek(0)
    return FileStorage(buffer, filename="portada.png", content_type="image/png")


def _add_wide_content() -> dict[str, str]:
    """Give the demo a cover image, long words, addresses, tables and code; return the paths
    of the pages to visit."""
    from participa.comments.models import Comment
    from participa.consultations.models import Consultation
    from participa.contracting.models import ProcurementProcess
    from participa.core.uploads import save_image
    from participa.legislation.models import Draft
    from participa.municipalities.models import Municipality
    from participa.proposals.models import Proposal

    bahia = db.session.scalar(select(Municipality).where(Municipality.slug == "bahia-blanca"))
    consultation = db.session.scalar(
        select(Consultation)
        .where(Consultation.municipality_id == bahia.id, Consultation.status == "published")
        .order_by(Consultation.id)
    )
    consultation.cover_id = save_image(_wide_image(), municipality=bahia).id
    consultation.body = (consultation.body or "") + "\n\n" + WIDE_MARKDOWN
    proposal = db.session.scalar(
        select(Proposal).where(Proposal.consultation_id == consultation.id).order_by(Proposal.id)
    )
    proposal.title = LONG_WORD
    proposal.body = WIDE_MARKDOWN
    comment = db.session.scalar(
        select(Comment)
        .where(Comment.commentable_type == "proposal", Comment.commentable_id == proposal.id)
        .order_by(Comment.id)
    )
    if comment is not None:
        comment.body = WIDE_MARKDOWN
    draft = db.session.scalar(select(Draft).order_by(Draft.id))
    draft_municipality = db.session.get(Municipality, draft.municipality_id)
    process = db.session.scalar(
        select(ProcurementProcess)
        .where(ProcurementProcess.municipality_id == bahia.id)
        .order_by(ProcurementProcess.id)
    )
    from participa.budgets.models import Budget
    from participa.followup.models import Result
    from participa.voting.models import Ballot

    ballots = db.session.scalars(select(Ballot).order_by(Ballot.id)).all()
    budget = db.session.scalar(select(Budget).where(Budget.municipality_id == bahia.id))

    result = db.session.scalar(
        select(Result)
        .where(Result.municipality_id == bahia.id, Result.status == "in_progress")
        .order_by(Result.id)
    )
    result.description = WIDE_MARKDOWN
    db.session.commit()
    m, d = "/m/bahia-blanca", f"/m/{draft_municipality.slug}/legislation/{draft.id}"
    return {
        "open ballot": f"{m}/ballots/{ballots[0].id}",
        "ballot results": f"{m}/ballots/{ballots[-1].id}",
        "ballot receipts": f"{m}/ballots/{ballots[-1].id}/receipts",
        "consultation": f"{m}/consultations/{consultation.id}",
        "proposals": f"{m}/consultations/{consultation.id}/proposals/",
        "proposal": f"{m}/proposals/{proposal.id}",
        "draft": d,
        "report": f"{d}/report",
        "compare": f"{d}/compare?mode=side&from=1&to=2",
        "process": f"{m}/contracting/processes/{process.id}",
        "tender form": f"{m}/contracting/staff/processes/{process.id}/tender",
        "budget": f"{m}/budgets/{budget.id}",
        "budget results": f"{m}/budgets/{budget.id}/results",
        "budget form": f"{m}/budgets/new/{budget.consultation_id}",
        "follow-up result": f"{m}/follow-up/{result.id}",
        "follow-up update form": f"{m}/follow-up/staff/{result.id}/update",
    }


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory) -> Iterator[tuple[LiveServer, dict[str, str]]]:
    """One live server for the module, loaded with the demo and the wide content."""
    app = browser_app(tmp_path_factory.mktemp("mobile") / "browser.sqlite")
    with app.app_context():
        load_demo(DEMO_PASSWORD)
        db.session.commit()
        paths = _add_wide_content()
    with serving(app, "mobile-server") as live:
        yield live, paths


@pytest.fixture
def phone(chromium, demo_server):
    """A Spanish-speaking phone-sized browser context on the demo server."""
    live, _ = demo_server
    context = chromium.new_context(
        base_url=live.url,
        locale="es-AR",
        viewport={"width": WIDTH, "height": HEIGHT},
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


def _log_in(page, live: LiveServer, email: str) -> None:
    from playwright.sync_api import expect

    page.goto("/account/login")
    page.get_by_label(localized(live.app, "E-mail address")).fill(email)
    page.get_by_label(localized(live.app, "Password")).fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name=localized(live.app, "Log in")).click()
    # The closed menu hides its content from the accessibility tree: look for the form itself.
    expect(page.locator("header form[action$='/account/logout']")).to_have_count(1)


def _check_pages(page, paths: list[str]) -> list[str]:
    """Visit each page; return what is wrong with each (empty when all is well)."""
    problems = []
    # Some pages (a draft's report) are computed on first view, slowly on a loaded machine.
    page.set_default_navigation_timeout(60_000)
    for path in paths:
        response = page.goto(path)
        if response is None or response.status != 200:
            problems.append(f"{path}: answered {response.status if response else 'nothing'}")
            continue
        if "/account/login" in page.url and not path.startswith("/account/login"):
            problems.append(f"{path}: sent to the login page")
            continue
        width = page.evaluate("document.documentElement.scrollWidth")
        window = page.evaluate("window.innerWidth")
        if width > window:
            culprits = ", ".join(page.evaluate(STICKING_OUT))
            problems.append(f"{path}: {width} px wide in a {window}-px window ({culprits})")
        problems += axe_violations(page)
        header = page.locator("header.site-header").bounding_box()
        if header["height"] >= HEIGHT * 0.25:
            problems.append(f"{path}: the closed header is {header['height']:.0f} px high")
    return problems


PUBLIC = [
    "/",
    "/?q=bah",
    "/m/bahia-blanca/",
    "/m/bahia-blanca/consultations/",
    "consultation",
    "proposals",
    "proposal",
    "/m/bahia-blanca/legislation/",
    "draft",
    "compare",
    "/m/bahia-blanca/contracting/",
    "process",
    "budget",
    "budget results",
    "/m/bahia-blanca/contracting/data",
    "/m/bahia-blanca/indicators/",
    "/m/bahia-blanca/indicators/peers",
    "/indicators/",
    "/consultations/",
    "/m/bahia-blanca/follow-up/",
    "follow-up result",
    "/follow-up/",
    # The network: its members of other kinds, events, initiatives, learning space, results.
    "/m/congreso-virtual/",
    "/m/amb-bolivia/",
    "/network/events/",
    "/network/events/trained",
    "/m/bahia-blanca/events/",
    "/m/bahia-blanca/initiatives/",
    "/m/congreso-virtual/initiatives/rules",
    "/learning/",
    "/m/amb-bolivia/learning/",
    "/library/",
    "/m/amb-bolivia/library/",
    "/challenges/",
    "/m/bahia-blanca/challenges/",
    "/network/results/",
    "/m/bahia-blanca/results/",
]
SIGNED_OUT = ["/account/login", "/account/signup", "/account/forgot"]
SIGNED_IN = [
    "/account/",
    "/account/password",
    "/account/email",
    "/notifications/",
    "/notifications/preferences",
    "/m/bahia-blanca/residency",
]
STAFF = [
    "/m/bahia-blanca/staff/",
    "/m/bahia-blanca/staff/members",
    "/m/bahia-blanca/staff/residents",
    "/m/bahia-blanca/staff/audit",
    "/m/bahia-blanca/staff/settings",
    "/m/bahia-blanca/moderation/",
    "/m/bahia-blanca/moderation/log",
    "/m/bahia-blanca/consultations/new",
    "/m/bahia-blanca/legislation/new",
    "/m/bahia-blanca/contracting/staff/",
    "tender form",
    "budget form",
    "/m/bahia-blanca/indicators/assessments/",
    "follow-up update form",
]
PLATFORM_ADMIN = [
    "report",  # staff follow it live; the public reads it once participation has closed
    "/admin/",
    "/admin/municipalities/",
    "/admin/outbox/",
    "/admin/legal/",
    "/indicators/review",
    "/indicators/admin/frameworks",
]


def _resolve(names: list[str], paths: dict[str, str]) -> list[str]:
    return [paths.get(name, name) for name in names]


def test_pages_fit_a_phone_signed_out(phone, demo_server):
    _, paths = demo_server
    page = phone.new_page()
    problems = _check_pages(page, _resolve(PUBLIC + SIGNED_OUT, paths))
    assert problems == [], "\n".join(problems)


def test_pages_fit_a_phone_as_municipality_staff(phone, demo_server):
    live, paths = demo_server
    page = phone.new_page()
    _log_in(page, live, STAFF_EMAIL)
    problems = _check_pages(page, _resolve(PUBLIC + SIGNED_IN + STAFF, paths))
    assert problems == [], "\n".join(problems)


def test_pages_fit_a_phone_as_platform_admin(phone, demo_server):
    live, paths = demo_server
    page = phone.new_page()
    _log_in(page, live, ADMIN_EMAIL)
    problems = _check_pages(page, _resolve(["/m/bahia-blanca/", *PLATFORM_ADMIN], paths))
    assert problems == [], "\n".join(problems)


def test_cover_image_and_markdown_table_stay_within_the_column(phone, demo_server):
    _, paths = demo_server
    page = phone.new_page()
    page.goto(paths["consultation"])
    cover = page.locator("img.cover")
    main = page.locator("main").bounding_box()
    assert cover.bounding_box()["width"] <= main["width"]
    # The Markdown table scrolls inside its own box: wider inside than outside.
    table = page.locator("main table").first
    inner, outer = table.evaluate("t => [t.scrollWidth, t.clientWidth]")
    assert inner > outer and table.bounding_box()["width"] <= main["width"]


def test_wide_tables_scroll_in_a_labelled_box(phone, demo_server):
    live, _ = demo_server
    page = phone.new_page()
    page.goto("/indicators/")
    region = page.get_by_role("region", name=localized(live.app, "Indicators met, by municipality"))
    inner, outer = region.evaluate("box => [box.scrollWidth, box.clientWidth]")
    assert inner > outer > 0
    assert region.get_attribute("tabindex") == "0", "keyboard users cannot scroll the table"


def test_menu_opens_without_javascript(chromium, demo_server):
    from playwright.sync_api import expect

    live, _ = demo_server
    context = chromium.new_context(
        base_url=live.url,
        locale="es-AR",
        viewport={"width": WIDTH, "height": HEIGHT},
        java_script_enabled=False,
    )
    try:
        page = context.new_page()
        page.goto("/m/bahia-blanca/")
        toggle = page.locator("summary", has_text=localized(live.app, "Menu"))
        municipality_nav = page.get_by_role("navigation", name=localized(live.app, "Municipality"))
        consultations = municipality_nav.get_by_role(
            "link", name=localized(live.app, "Consultations")
        )
        expect(toggle).to_be_visible()
        expect(consultations).to_be_hidden()
        header = page.locator("header.site-header").bounding_box()
        assert header["height"] < HEIGHT * 0.25

        # Open it from the keyboard: the toggle is reachable with Tab and opens with Enter.
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.tagName") == "SUMMARY":
                break
        else:
            pytest.fail("the menu toggle cannot be reached with the keyboard")
        page.keyboard.press("Enter")
        expect(consultations).to_be_visible()
        expect(page.get_by_role("link", name=localized(live.app, "Log in"))).to_be_visible()
        page.keyboard.press("Enter")
        expect(consultations).to_be_hidden()

        # And with a tap.
        toggle.click()
        consultations.click()
        expect(page).to_have_url(re.compile(r"/m/bahia-blanca/consultations/$"))
    finally:
        context.close()


def test_wide_screens_show_the_menu_without_a_toggle(chromium, demo_server):
    from playwright.sync_api import expect

    live, _ = demo_server
    context = chromium.new_context(base_url=live.url, locale="es-AR")
    try:
        page = context.new_page()
        page.goto("/m/bahia-blanca/")
        expect(page.locator("summary", has_text=localized(live.app, "Menu"))).to_be_hidden()
        municipality_nav = page.get_by_role("navigation", name=localized(live.app, "Municipality"))
        expect(
            municipality_nav.get_by_role("link", name=localized(live.app, "Consultations"))
        ).to_be_visible()
        expect(page.get_by_role("link", name=localized(live.app, "Log in"))).to_be_visible()
    finally:
        context.close()


def test_pages_pass_axe_on_a_wide_screen_signed_out_and_as_staff(chromium, demo_server):
    """The same pages at 1280 px: no sideways scroll and no serious axe-core violation (the
    layout changes with the width, so contrast and names are checked again)."""
    live, paths = demo_server
    problems = []
    with opened(chromium, live.url, width="desktop") as page:
        for path in _resolve(PUBLIC + SIGNED_OUT, paths):
            page.goto(path)
            problems += page_problems(page)
        _log_in(page, live, STAFF_EMAIL)
        for path in _resolve(SIGNED_IN + STAFF, paths):
            page.goto(path)
            problems += page_problems(page)
    assert problems == [], "\n".join(problems)
