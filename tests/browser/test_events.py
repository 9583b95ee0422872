"""Events in a real browser (issue 17): a resident takes the last place of a meeting, a second
one joins the waiting list and sees their position, and staff record the attendance of an event
that took place, with a breakdown shown as a chart and a table; at a desktop's and a phone's
width, and once without JavaScript. Every page visited has no sideways scroll and no serious
accessibility violation.
"""

from __future__ import annotations

import pytest

from participa.extensions import db
from tests.browser.conftest import at_each_width, spanish_speaker, villa_norte
from tests.events.helpers import make_event, past_event

pytestmark = pytest.mark.browser

FIRST = "lucia.events@example.org"
SECOND = "ramiro.events@example.org"
STAFF = "laura.events@example.org"


@pytest.fixture
def setting(live_server):
    with live_server.app.app_context():
        municipality = villa_norte()
        spanish_speaker(FIRST, "Lucía Fernández")
        spanish_speaker(SECOND, "Ramiro Sosa")
        staff = spanish_speaker(STAFF, "Laura Giménez", member_of=municipality, role="admin")
        meeting = make_event(municipality, actor=staff, title="Reunión abierta del barrio",
                             capacity=1)  # fmt: skip
        forum = past_event(municipality, actor=staff, kind="forum", title="Foro multiactor")
        db.session.commit()
        live_server.meeting_id = meeting.id  # type: ignore[attr-defined]
        live_server.forum_id = forum.id  # type: ignore[attr-defined]
    return live_server


@at_each_width
def test_register_waiting_list_and_attendance(setting, device):
    from playwright.sync_api import expect

    base = "/m/villa-norte/events"
    meeting = f"{base}/{setting.meeting_id}"
    problems = device.problems

    # The first resident takes the only place.
    with device.journey() as journey:
        page, text = journey.page, journey.text
        page.goto(f"{base}/")
        expect(page.get_by_role("link", name="Reunión abierta del barrio")).to_be_visible()
        assert problems(page) == []
        journey.log_in_on_its_page(FIRST, welcomed="Lucía Fernández")
        page.goto(meeting)
        expect(
            page.get_by_text(text("%(num)s place left", "%(num)s places left", num=1))
        ).to_be_visible()
        page.get_by_role("button", name=text("Register")).click()
        expect(
            page.get_by_text(text("You are registered: your place is confirmed."))
        ).to_be_visible()
        assert problems(page) == []

    # The second one joins the waiting list and sees their position.
    with device.journey() as journey:
        page, text = journey.page, journey.text
        journey.log_in_on_its_page(SECOND, welcomed="Ramiro Sosa")
        page.goto(meeting)
        page.get_by_role("button", name=text("Register")).click()
        expect(
            page.get_by_text(
                text(
                    "You are on the waiting list, position %(num)s",
                    "You are on the waiting list, position %(num)s",
                    num=1,
                )
            )
        ).to_be_visible()
        assert problems(page) == []

    # Staff record the forum's attendance, broken down by gender.
    with device.journey() as journey:
        page, text = journey.page, journey.text
        journey.log_in_on_its_page(STAFF, welcomed="Laura Giménez")
        page.goto(f"{base}/{setting.forum_id}/attendance")
        assert problems(page) == []
        page.get_by_label(text("Attendees")).fill("10")
        page.get_by_label(text("Women")).fill("7")
        page.get_by_label(text("Men")).fill("5")
        page.get_by_role("button", name=text("Save")).click()
        # Over the total: the form comes back with its error summary and what was typed.
        expect(page.locator(".error-summary").first).to_be_visible()
        expect(page.get_by_label(text("Women"))).to_have_value("7")
        page.get_by_label(text("Men")).fill("3")
        page.get_by_role("button", name=text("Save")).click()
        expect(
            page.get_by_text(text("%(num)s person attended.", "%(num)s people attended.", num=10))
        ).to_be_visible()
        expect(page.locator("svg").first).to_be_attached()
        expect(page.get_by_role("cell", name="7")).to_be_visible()
        assert problems(page) == []
