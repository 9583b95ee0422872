"""Collaborative legislation in a real browser, through the real forms (issue 5).

A resident votes on two articles of a draft ordinance, comments on a passage chosen from the
list of sentences (the keyboard and screen-reader path) and on one selected with the mouse, and
proposes an amendment; staff accept it, publish version 2 with the amendment in place, close the
participation and publish their response; a visitor then reads the public report.
Controls are found by their accessible names (labels, roles), so an unlabelled control fails.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from participa.db import utcnow
from participa.extensions import db
from participa.legislation import services
from tests import factories
from tests.browser._helpers_crowdlaw import ControlNames
from tests.browser.conftest import assert_no_console_errors, spanish_speaker, villa_norte

pytestmark = pytest.mark.browser

STAFF_EMAIL = "legislacion@villanorte.example.org"
CITIZEN_EMAIL = "marta.rios@example.org"
CITIZEN_NAME = "Marta Ríos"
TITLE = "Ordenanza de Datos Abiertos"
SOURCE = """La presente ordenanza establece la política de datos abiertos del municipio.

# TÍTULO I - Disposiciones generales

### Artículo 1°.- Objeto
El municipio publica sus datos en formatos abiertos. Los vecinos podrán reutilizarlos libremente.

### Artículo 2°.- Alcance
Se aplica a todas las dependencias municipales.

### Artículo 3°.- Plazo
Los datos se actualizan cada seis meses.
"""
KEYBOARD_SENTENCE = "Los vecinos podrán reutilizarlos libremente."
KEYBOARD_COMMENT = "Conviene aclarar qué licencia se usa para la reutilización."
MOUSE_QUOTE = "formatos abiertos"
MOUSE_COMMENT = "Hay que nombrar los formatos: CSV y JSON como mínimo."
AMENDED = "Se aplica a todas las dependencias municipales y a los entes descentralizados."
JUSTIFICATION = "Los entes descentralizados también manejan datos públicos."
DECISION = "Se incorpora: los entes descentralizados quedan alcanzados."
CHANGE_NOTE = "Se amplía el alcance del artículo 2 según la enmienda aceptada."
RESPONSE = "Aceptamos ampliar el alcance a los entes descentralizados."


@pytest.fixture
def setting(live_server):
    """Villa Norte with staff, a resident and a draft ordinance open for participation."""
    app = live_server.app
    with app.app_context(), app.test_request_context("/"):
        municipality = villa_norte()
        staff = factories.member(
            municipality, "admin", email=STAFF_EMAIL, display_name="Staff Villa Norte"
        )
        spanish_speaker(CITIZEN_EMAIL, CITIZEN_NAME)
        now = utcnow()
        draft = services.create_draft(
            municipality,
            actor=staff,
            data={
                "title": TITLE,
                "kind": "ordinance",
                "summary": "Qué datos publica el municipio y cómo.",
                "destination_body": "Concejo Deliberante",
                "participation": "registered",
                "opens_at": now - timedelta(days=1),
                "closes_at": now + timedelta(days=20),
            },
        )
        services.publish_version(draft, actor=staff, source=SOURCE, change_note="Versión inicial")
        services.publish_draft(draft, actor=staff)
        db.session.commit()
    return live_server


def _select_with_mouse(page, container, phrase: str) -> None:
    """Drag the mouse over ``phrase`` inside ``container``, as a reader selecting text."""
    container.scroll_into_view_if_needed()
    box = container.evaluate(
        """(root, phrase) => {
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(phrase);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + phrase.length);
                const rects = range.getClientRects();
                const first = rects[0], last = rects[rects.length - 1];
                return {x1: first.left + 1, y1: first.top + first.height / 2,
                        x2: last.right - 1, y2: last.top + last.height / 2};
            }
            return null;
        }""",
        phrase,
    )
    assert box, f"{phrase!r} is not in the article text"
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move(box["x2"], box["y2"], steps=5)
    page.mouse.up()


def test_vote_comment_amend_then_version_two_and_report(page, setting, journey, console_errors):
    from playwright.sync_api import expect

    text, either, name = journey.text, journey.either, journey.name
    log_in, log_out = journey.log_in, journey.log_out
    names = ControlNames(page)

    def municipality_nav():
        return page.get_by_role("navigation", name=text("Municipality"))

    def open_draft():
        page.goto("/m/villa-norte/")
        municipality_nav().get_by_role("link", name=text("Legislation")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            text("Draft ordinances and regulations")
        )
        page.get_by_role("link", name=TITLE).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        names.check()

    def article_link(n: str, heading: str):
        return page.get_by_role("link", name=name(either("Article %(n)s", n=n) + r"\.", heading))

    # The resident reads the draft and votes on two articles, from the text itself.
    page.goto("/")
    log_in(CITIZEN_EMAIL)
    open_draft()
    expect(page.get_by_text(text("Open for participation"))).to_be_visible()
    recorded = text("Your vote has been recorded. You can change it until the draft closes.")
    for number, vote in (("1", "In favour"), ("2", "Against")):
        group = page.get_by_role("group", name=text("Your vote on article %(n)s", n=number))
        group.get_by_role("button", name=text(vote)).click()
        expect(page.get_by_text(recorded)).to_be_visible()
        group = page.get_by_role("group", name=text("Your vote on article %(n)s", n=number))
        expect(group.get_by_role("button", name=text(vote))).to_have_attribute(
            "aria-pressed", "true"
        )
    expect(
        page.get_by_role("article", name=name(either("Article %(n)s", n="2") + r"\.", "Alcance"))
    ).to_contain_text(re.compile(either("Against") + r":\s*1"))

    # A comment on a passage, chosen from the list of sentences (works without a mouse).
    article_link("1", "Objeto").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        name(either("Article %(n)s", n="1") + r"\.", "Objeto")
    )
    passage_form = page.locator("#passage-form")
    names.check()
    passage_form.get_by_label(text("Passage")).select_option(label=KEYBOARD_SENTENCE)
    passage_form.get_by_label(text("Your comment")).fill(KEYBOARD_COMMENT)
    passage_form.get_by_role("radio", name=text("Against")).check()
    passage_form.get_by_role("button", name=text("Publish comment")).click()
    expect(
        page.get_by_text(text("Your comment on the passage has been published."))
    ).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        text("Comments on a passage of %(label)s", label=lambda: _article_label("1"))
    )
    expect(page.locator("blockquote.passage-quote")).to_have_text(KEYBOARD_SENTENCE)
    expect(page.get_by_text(KEYBOARD_COMMENT)).to_be_visible()
    names.check()

    # Back on the article the passage is highlighted; a mouse selection fills the form too.
    page.get_by_role("link", name=re.compile(re.escape(TITLE) + r"\s*$")).first.click()
    expect(page.locator("#article-text mark.passage")).to_have_text(KEYBOARD_SENTENCE)
    passages = page.get_by_role("region", name=text("Comments on passages"))
    expect(passages.get_by_role("listitem")).to_have_count(1)
    _select_with_mouse(page, page.locator("#article-text"), MOUSE_QUOTE)
    chosen = page.get_by_text(text("Selected passage:", exact=False))
    expect(chosen).to_be_visible()
    expect(chosen).to_contain_text(f"“{MOUSE_QUOTE}”")
    passage_form.get_by_label(text("Your comment")).fill(MOUSE_COMMENT)
    passage_form.get_by_role("button", name=text("Publish comment")).click()
    expect(
        page.get_by_text(text("Your comment on the passage has been published."))
    ).to_be_visible()
    expect(page.locator("blockquote.passage-quote")).to_have_text(MOUSE_QUOTE)
    expect(page.get_by_text(MOUSE_COMMENT)).to_be_visible()

    # An amendment to article 2, shown as a word-level diff against the article.
    open_draft()
    article_link("2", "Alcance").click()
    amendment_form = page.locator("#amendment-form")
    names.check()
    wording = amendment_form.get_by_label(text("Your wording for the article"))
    expect(wording).to_have_value("Se aplica a todas las dependencias municipales.")
    wording.fill(AMENDED)
    amendment_form.get_by_label(text("Why this change")).fill(JUSTIFICATION)
    amendment_form.get_by_role("button", name=text("Publish amendment")).click()
    expect(page.get_by_text(text("Your amendment has been published."))).to_be_visible()
    amendment = page.locator("li.amendment")
    expect(amendment).to_have_count(1)
    expect(amendment.locator("ins")).to_contain_text("y a los entes descentralizados")
    expect(amendment).to_contain_text(JUSTIFICATION)
    log_out()

    # Staff accept the amendment...
    log_in(STAFF_EMAIL)
    open_draft()
    article_link("2", "Alcance").click()
    amendment.get_by_role("link", name=text("Accept or reject")).click()
    page.get_by_role("radio", name=text("Accept")).check()
    names.check()
    page.get_by_label(text("Reason")).fill(DECISION)
    page.get_by_role("button", name=text("Publish the decision")).click()
    expect(page.get_by_text(text("The decision has been published."))).to_be_visible()
    expect(amendment.get_by_text(text("Accepted", context="amendment state"))).to_be_visible()

    # ...publish version 2 with it in place, after reviewing the structure...
    page.get_by_role("link", name=re.compile(r"^\s*←\s*" + re.escape(TITLE))).click()
    staff_actions = page.get_by_role("navigation", name=text("Staff actions"))
    staff_actions.get_by_role("link", name=text("New version with accepted amendments")).click()
    expect(page.get_by_label(text("Text of the draft"))).to_have_value(
        re.compile(re.escape(AMENDED))
    )
    names.check()
    page.get_by_role("button", name=text("Review the structure")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        text("Review the structure before publishing")
    )
    expect(
        page.get_by_text(text("%(num)s article found.", "%(num)s articles found.", num=3))
    ).to_be_visible()
    answers = page.get_by_role("group", name=text("This change answers"))
    names.check()
    expect(answers.get_by_role("checkbox")).to_be_checked()
    page.get_by_label(text("What changed in this version")).fill(CHANGE_NOTE)
    page.get_by_role("button", name=text("Publish this version")).click()
    expect(
        page.get_by_text(text("Version %(n)s of the text has been published.", n=2))
    ).to_be_visible()
    draft_header = page.locator("header").filter(has=page.get_by_role("heading", level=1))
    expect(draft_header).to_contain_text(re.compile(either("Version %(n)s", n=2)))
    expect(page.get_by_text(AMENDED)).to_be_visible()

    # ...which readers compare with version 1, seeing the amendment the change answers.
    drafts_nav = page.get_by_role("navigation", name=text("Draft pages"))
    drafts_nav.get_by_role("link", name=text("Versions")).click()
    expect(page.get_by_text(CHANGE_NOTE)).to_be_visible()
    page.get_by_role("link", name=text("Changes from version %(n)s (inline)", n=1)).click()
    change = page.get_by_role("region", name=re.compile(either("Article %(n)s", n="2")))
    expect(change.locator("ins")).to_contain_text("y a los entes descentralizados")
    any_amendment = either("Amendment %(n)s", n="__N__").replace("__N__", r"\d+")
    expect(change.get_by_role("link", name=re.compile(any_amendment))).to_be_visible()

    # Staff close the participation (the report becomes public) and publish their response.
    open_draft()
    page.get_by_role("button", name=text("Close participation now")).click()
    expect(
        page.get_by_text(text("Participation is closed; the report is now public."))
    ).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        text("Participation report: %(title)s", title=TITLE)
    )
    page.get_by_role("link", name=re.compile(r"^\s*←\s*" + re.escape(TITLE))).click()
    page.get_by_role("link", name=text("Publish the response")).click()
    page.get_by_label(text("Response to participants")).fill(RESPONSE)
    names.check()
    page.get_by_role("button", name=text("Publish the response")).click()
    expect(page.get_by_text(text("The response has been published."))).to_be_visible()
    log_out()

    # A visitor, logged out, reads the report of the closed draft.
    open_draft()
    expect(page.get_by_text(text("Closed", context="draft status"))).to_be_visible()
    expect(page.get_by_role("button", name=text("In favour"))).to_have_count(0)
    page.get_by_role("navigation", name=text("Draft pages")).get_by_role(
        "link", name=text("Full report")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        text("Participation report: %(title)s", title=TITLE)
    )
    expect(page.get_by_text(RESPONSE)).to_be_visible()

    # The participation happened on version 1: its report holds the votes, the comments and the
    # amendment with its decision. (No page links to it yet: the report opens on the current
    # version, version 2, where every count is zero.)
    page.goto(page.url.split("?")[0] + "?version=1")
    names.check()
    expect(page.get_by_role("region", name=text("Participation"))).to_contain_text(
        re.compile(
            rf"{either('Participants')}\s*1\s*{either('Votes on articles')}\s*2\s*"
            rf"{either('Comments')}\s*2\s*{either('Amendments')}\s*1"
        )
    )
    expect(page.get_by_role("listitem").filter(has_text=DECISION)).to_be_visible()
    votes = page.get_by_role(
        "table", name=text("Votes in favour, against and abstentions on each article")
    )
    for number, tally in (("1", ["1", "0", "0"]), ("2", ["0", "1", "0"])):
        link = page.get_by_role("link", name=text("Article %(n)s", n=number))
        cells = votes.get_by_role("row").filter(has=link).get_by_role("cell")
        for index, count in enumerate(tally):
            expect(cells.nth(index)).to_have_text(count)
    ranked = page.get_by_role("table", name=text("Amendments, most supported first"))
    expect(ranked).to_contain_text(JUSTIFICATION)

    assert_no_console_errors(console_errors)
    names.assert_none()


def _article_label(number: str) -> str:
    from flask_babel import gettext

    return gettext("Article %(n)s", n=number)
