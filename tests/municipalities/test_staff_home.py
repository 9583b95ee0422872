"""The staff home: every task a staff member may do in the municipality, with its counts,
contributed by the features' manifests (core.homes.staff_tasks)."""

from __future__ import annotations

import pytest

from participa.db import utcnow
from participa.extensions import db
from participa.moderation.models import Report
from tests.actors import ACTORS, make_actors
from tests.consultations.helpers import make_consultation, make_proposal
from tests.english import _english  # noqa: F401 - an autouse fixture
from tests.legislation.support import make_draft
from tests.municipalities.factories_extra import residency_request

URL = "/m/villa-norte/staff/"
# Where each task of a full staff home links to.
ADMIN_LINKS = (
    "/m/villa-norte/consultations/",
    "/m/villa-norte/consultations/{consultation}/proposals/?state=published",
    "/m/villa-norte/legislation/",
    "/m/villa-norte/moderation/",
    "/m/villa-norte/staff/residents",
    "/m/villa-norte/contracting/staff/",
    "/m/villa-norte/indicators/assessments/",
    "/m/villa-norte/follow-up/",
    "/m/villa-norte/staff/settings",
)


@pytest.fixture
def waiting(municipality):
    """Two proposals waiting for an answer, one reported, a residency request, a draft."""
    consultation = make_consultation(municipality)
    first = make_proposal(consultation)
    make_proposal(consultation)
    answered = make_proposal(consultation, title="Answered")
    answered.state, answered.answered_at = "accepted", utcnow()
    make_proposal(consultation, title="Hidden", hidden_at=utcnow())
    db.session.add(Report(municipality_id=municipality.id, reportable_type="proposal",
                          reportable_id=first.id, reason="spam"))  # fmt: skip
    residency_request(municipality)
    make_draft(municipality, status="draft")
    db.session.commit()
    return consultation


# Who opens the staff home (status), and whether they see the admin's tasks.
EXPECTED = {
    "anonymous": (302, False),
    "unconfirmed": (403, False),
    "citizen": (403, False),
    "resident": (403, False),
    "moderator": (200, False),
    "admin": (200, True),
    "other_admin": (403, False),
    "platform_admin": (200, True),
}


@pytest.mark.parametrize("actor", ACTORS)
def test_who_opens_the_staff_home(client, login, municipality, other_municipality, waiting, actor):
    person = make_actors(municipality, other_municipality, [actor])[actor]
    if actor != "anonymous":
        login(person)
    response = client.get(URL)
    status, full = EXPECTED[actor]
    assert response.status_code == status
    if status != 200:
        return
    tasks = response.text.split('<ul class="card-list">', 1)[1].split("</ul>", 1)[0]
    for link in ADMIN_LINKS:
        href = 'href="' + link.format(consultation=waiting.id) + '"'
        # Moderators see the moderation queue only; admins every task.
        expected = full or link == "/m/villa-norte/moderation/"
        assert (href in tasks) is expected, link


def test_staff_home_counts_what_waits(client, login, staff, waiting):
    login(staff)
    page = client.get(URL).text
    assert "2 proposals wait for an official answer." in page
    assert "1 contribution waits for a moderator." in page
    assert "1 residency request is waiting." in page
    assert "1 draft not published yet." in page
    assert "1 consultation in a phase now." in page


def test_another_municipalitys_items_are_not_counted(
    client, login, staff, municipality, other_municipality
):
    consultation = make_consultation(other_municipality)
    make_proposal(consultation)
    residency_request(other_municipality)
    login(staff)
    page = client.get(URL).text
    assert "No proposal waits for an official answer." in page
    assert "0 residency requests are waiting." in page
    assert "0 consultations in a phase now." in page


def test_staff_home_is_linked_from_the_staff_navigation(client, login, staff, moderator):
    for person in (staff, moderator):
        login(person)
        assert 'href="/m/villa-norte/staff/"' in client.get("/m/villa-norte/").text


def test_staff_home_runs_a_constant_number_of_queries(
    client, login, staff, municipality, count_queries
):
    login(staff)
    consultation = make_consultation(municipality)
    make_proposal(consultation)
    client.get(URL)
    with count_queries() as few:
        client.get(URL)
    for n in range(4):
        more = make_consultation(municipality, title=f"More {n}")
        make_proposal(more)
        make_draft(municipality, status="draft")
        residency_request(municipality)
    with count_queries() as many:
        client.get(URL)
    assert few.count > 5
    assert many.count == few.count
