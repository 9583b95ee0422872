"""Challenges in a real browser (issue 17): staff prepare an open-innovation challenge with its
rules and publish it, a person submits a solution with a document, staff shortlist it and
publish the report, which then shows the winning solution to everyone; at a desktop's and a
phone's width, and once without JavaScript. Every page visited has no sideways scroll and no
serious accessibility violation.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from participa.db import utcnow
from participa.media.demo import pdf
from tests.browser.conftest import at_each_width, spanish_speaker, villa_norte

pytestmark = pytest.mark.browser

STAFF_EMAIL = "laura.staff@example.org"
PERSON_EMAIL = "ana.quiroga@example.org"
TITLE = "Datos abiertos para colectivos puntuales"
SOLUTION = "Colectivo a tiempo"


@pytest.fixture
def setting(live_server):
    with live_server.app.app_context():
        municipality = villa_norte()
        spanish_speaker(STAFF_EMAIL, "Laura Giménez", member_of=municipality, role="admin")
        spanish_speaker(PERSON_EMAIL, "Ana Quiroga")
    return live_server


@at_each_width
def test_staff_publish_a_person_submits_staff_shortlist_and_report(setting, device):
    from playwright.sync_api import expect

    base = "/m/villa-norte/challenges"
    problems = device.problems

    # Staff prepare the challenge as a draft, then publish it.
    with device.journey() as journey:
        page, text = journey.page, journey.text
        journey.log_in_on_its_page(STAFF_EMAIL, welcomed="Laura Giménez")
        page.goto(f"{base}/")
        assert problems(page) == []
        page.get_by_role("link", name=text("New challenge")).click()
        page.get_by_label(text("Kind")).select_option("open_innovation")
        page.get_by_label(text("Title")).fill(TITLE)
        page.get_by_label(text("Topic")).select_option("open_data")
        page.get_by_label(text("Problem statement")).fill("Los colectivos no avisan cuándo llegan.")
        page.get_by_label(text("Rules")).fill("Pueden participar **personas y equipos**.")
        deadline = (utcnow() + timedelta(days=5, hours=12)).strftime("%Y-%m-%dT%H:%M")
        page.get_by_label(text("Deadline for solutions")).fill(deadline)
        assert problems(page) == []
        page.get_by_role("button", name=text("Save")).click()
        expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
        expect(page.get_by_text(text("Draft"))).to_be_visible()
        page.get_by_role("button", name=text("Publish")).click()
        expect(page.get_by_text(text("The challenge is published and takes solutions."))
               ).to_be_visible()  # fmt: skip
        expect(page.get_by_text(text("Closes in %(count)s day", "Closes in %(count)s days",
                                     num=5, count="5"))).to_be_visible()  # fmt: skip
        assert problems(page) == []
        url = page.url

    # A person reads the rules and submits a solution with a document.
    with device.journey() as journey:
        page, text = journey.page, journey.text
        journey.log_in_on_its_page(PERSON_EMAIL, welcomed="Ana Quiroga")
        page.goto(url)
        rules = page.get_by_role("region", name=text("Rules"))
        expect(rules.get_by_text("personas y equipos")).to_be_visible()
        submit = page.get_by_role("region", name=text("Submit a solution"))
        submit.get_by_label(text("Title")).fill(SOLUTION)
        submit.get_by_label(text("Description")).fill("Una aplicación web con la llegada estimada.")
        submit.get_by_label(text("Document")).set_input_files(
            {"name": "plan.pdf", "mimeType": "application/pdf", "buffer": pdf("Plan")}
        )
        assert problems(page) == []
        submit.get_by_role("button", name=text("Submit the solution")).click()
        expect(page.get_by_role("heading", name=SOLUTION)).to_be_visible()
        expect(page.get_by_text(text("%(num)s solution", "%(num)s solutions", num=1))
               ).to_be_visible()  # fmt: skip
        assert problems(page) == []

    # Staff shortlist it as the winner and publish the report.
    with device.journey() as journey:
        page, text = journey.page, journey.text
        journey.log_in_on_its_page(STAFF_EMAIL, welcomed="Laura Giménez")
        page.goto(url)
        page.get_by_role("link", name=text("Evaluate the solutions")).click()
        expect(page.get_by_role("heading", name=SOLUTION)).to_be_visible()
        assert problems(page) == []
        page.get_by_label(text("Evaluation")).select_option("winner")
        page.get_by_label(text("Note")).fill("La más simple de usar.")
        page.get_by_role("button", name=text("Save the evaluation of “%(title)s”",
                                             title=SOLUTION)).click()  # fmt: skip
        expect(page.get_by_text(text("The evaluation was saved."))).to_be_visible()
        page.get_by_role("link", name=text("Publish the report")).click()
        page.get_by_label(text("Final report")).fill("## Resultado\n\nGanó *Colectivo a tiempo*.")
        assert problems(page) == []
        page.get_by_role("button", name=text("Publish the report and close")).click()
        expect(page.get_by_text(text("The report is published and the challenge is closed."))
               ).to_be_visible()  # fmt: skip

    # Everyone sees the report and the winning solution.
    with device.journey() as journey:
        page, text = journey.page, journey.text
        page.goto(url)
        report = page.get_by_role("region", name=text("Final report"))
        expect(report.get_by_role("heading", name=SOLUTION)).to_be_visible()
        expect(report.get_by_text(text("Winner", context="challenge solution"))).to_be_visible()
        expect(report.get_by_text("La más simple de usar.")).to_be_visible()
        assert problems(page) == []
        page.goto("/challenges/")
        expect(page.get_by_role("link", name=TITLE)).to_be_visible()
        assert problems(page) == []
