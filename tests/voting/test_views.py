"""Ballot pages over HTTP: voting, changing, receipts, results and downloads, staff pages."""

from __future__ import annotations

import json
import re

from sqlalchemy import select

from participa.extensions import db
from participa.voting import box as boxes
from participa.voting.models import Ballot, BoxBallot
from tests import factories
from tests.budgets.helpers import make_budget
from tests.rows import count_rows
from tests.voting.helpers import make_ballot, vote

M = "/m/villa-norte"


def _form(ballot, **picks):
    return {f"q{ballot.questions[0].id}": [str(ballot.questions[0].options[i].id)
                                           for i in picks.get("first", [])]}  # fmt: skip


def test_vote_change_and_see_the_receipt(client, login, municipality, user):
    ballot = make_ballot(municipality)
    login(user)
    page = client.get(f"{M}/ballots/{ballot.id}").get_data(as_text=True)
    assert "Cast my vote" in page and 'type="radio"' in page
    response = client.post(f"{M}/ballots/{ballot.id}/vote", data=_form(ballot, first=[0]))
    assert response.status_code == 302
    page = client.get(f"{M}/ballots/{ballot.id}").get_data(as_text=True)
    receipt = re.search(r'class="receipt-code">([A-Z2-7-]+)<', page).group(1)
    assert "Change my vote" in page and "checked" in page
    client.post(f"{M}/ballots/{ballot.id}/vote", data=_form(ballot, first=[2]))
    assert count_rows(BoxBallot) == 1
    assert boxes.own_content(ballot.box, user) == {
        str(ballot.questions[0].id): [ballot.questions[0].options[2].id]
    }
    assert boxes.own_receipt(ballot.box, user) == receipt


def test_a_wrong_ballot_is_shown_again_with_what_was_chosen(client, login, municipality, user):
    ballot = make_ballot(municipality, questions=[("multiple", 1, ("A", "B", "C"))])
    login(user)
    response = client.post(f"{M}/ballots/{ballot.id}/vote", data=_form(ballot, first=[0, 2]))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose at most 1 option." in page
    assert page.count("checked") == 2
    assert not boxes.has_voted(ballot.box, user)
    junk = client.post(f"{M}/ballots/{ballot.id}/vote",
                       data={f"q{ballot.questions[0].id}": "99999999999999999999"})  # fmt: skip
    assert junk.status_code == 422


def test_anonymous_visitors_are_asked_to_log_in(client, municipality):
    ballot = make_ballot(municipality)
    assert "Log in to vote" in client.get(f"{M}/ballots/{ballot.id}").get_data(as_text=True)
    response = client.post(f"{M}/ballots/{ballot.id}/vote", data=_form(ballot, first=[0]))
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_results_receipts_and_downloads_after_the_close(client, login, municipality, staff):
    ballot = make_ballot(municipality, questions=[("ranked", None, ("Norte", "Centro", "Sur"))])
    people = [factories.UserFactory() for _ in range(5)]
    receipts = [vote(ballot, p, order) for p, order in
                zip(people, ([0, 1], [1, 0], [2, 1], [1], [0, 2]), strict=True)]  # fmt: skip
    assert client.get(f"{M}/ballots/{ballot.id}/results.csv").status_code == 404
    assert "published when voting closes" in client.get(
        f"{M}/ballots/{ballot.id}/receipts").get_data(as_text=True)  # fmt: skip
    login(staff)
    assert client.post(f"{M}/ballots/{ballot.id}/close").status_code == 302
    client.get("/account/logout")
    page = client.get(f"{M}/ballots/{ballot.id}").get_data(as_text=True)
    assert "Instant-runoff rounds" in page and "<svg" in page and "Winner:" in page
    assert "Centro" in page.split("Winner:")[1][:200]
    listing = client.get(f"{M}/ballots/{ballot.id}/receipts").get_data(as_text=True)
    assert all(code in listing for code in receipts)
    found = client.get(f"{M}/ballots/{ballot.id}/receipts", query_string={"code": receipts[0]})
    assert "the ballot was counted" in found.get_data(as_text=True)
    missing = client.get(f"{M}/ballots/{ballot.id}/receipts", query_string={"code": "AAAA"})
    assert "not in the list" in missing.get_data(as_text=True)
    csv_text = client.get(f"{M}/ballots/{ballot.id}/results.csv").get_data(as_text=True)
    data = client.get(f"{M}/ballots/{ballot.id}/results.json").get_json()
    assert data["online_ballots"] == 5 and len(data["questions"][0]["rounds"]) == 2
    for person in people:
        assert person.email not in csv_text and person.email not in json.dumps(data)
    assert all(code not in csv_text for code in receipts)


def test_staff_prepare_open_and_close_a_ballot(client, login, municipality, staff):
    from tests.consultations.helpers import make_consultation

    consultation = make_consultation(municipality, phase="voting")
    login(staff)
    section = client.get(f"{M}/consultations/{consultation.id}").get_data(as_text=True)
    assert "Add a ballot" in section
    response = client.post(f"{M}/ballots/new/{consultation.id}",
                           data={"title": "Consulta", "participation": "registered"})  # fmt: skip
    ballot = db.session.scalars(select(Ballot)).one()
    assert response.headers["Location"].endswith(f"/ballots/{ballot.id}")
    bad = client.post(f"{M}/ballots/{ballot.id}/questions/new",
                      data={"title": "¿?", "kind": "multiple", "options": "A\nB"})  # fmt: skip
    assert bad.status_code == 422 and "Say how many options" in bad.get_data(as_text=True)
    assert "A\nB</textarea>" in bad.get_data(as_text=True)
    client.post(f"{M}/ballots/{ballot.id}/questions/new",
                data={"title": "¿Cuál?", "kind": "single", "options": "A\nB"})  # fmt: skip
    assert client.post(f"{M}/ballots/{ballot.id}/open").status_code == 302
    db.session.refresh(ballot)
    assert ballot.is_open
    edit = client.post(f"{M}/ballots/{ballot.id}/questions/new",
                       data={"title": "Otra", "kind": "single", "options": "A\nB"})  # fmt: skip
    assert edit.status_code == 403
    station = client.post(
        f"{M}/ballots/{ballot.id}/stations/new",
        data={"name": "Escuela", "ballots_cast": "2",
              f"t{ballot.questions[0].options[0].id}": "5"},
    )  # fmt: skip
    assert station.status_code == 422 and "more votes" in station.get_data(as_text=True)
    assert 'value="5"' in station.get_data(as_text=True)
    public = client.get(f"{M}/consultations/{consultation.id}").get_data(as_text=True)
    assert "Voting open" in public


def test_the_desk_page(client, login, municipality, staff):
    ballot = make_ballot(municipality)
    voter = factories.UserFactory()
    login(staff)
    response = client.post(f"{M}/ballots/{ballot.id}/desk", data={"email": voter.email})
    assert response.status_code == 302
    again = client.post(f"{M}/ballots/{ballot.id}/desk", data={"email": voter.email})
    assert again.status_code == 409 and "already recorded" in again.get_data(as_text=True)
    assert client.post(f"{M}/ballots/{ballot.id}/desk", data={"email": "x"}).status_code == 422


def test_the_ballot_page_runs_a_fixed_number_of_queries(
    client, login, municipality, staff, count_queries
):
    counts = []
    for n in (2, 8):
        ballot = make_ballot(municipality, staff=staff,
                             questions=[("approval", None, [f"O{i}" for i in range(n)])] * 3,
                             status="closed")  # fmt: skip
        login(staff)
        with count_queries() as counter:
            assert client.get(f"{M}/ballots/{ballot.id}").status_code == 200
        counts.append(len(counter.statements))
    assert counts[0] == counts[1] and counts[0] < 30


def voter_page_reads(client, count_queries, url: str, receipt: str) -> list[str]:
    """The statements of the voter's page at ``url`` (which shows their receipt), after checking
    that it reads the voter roll once and the consultation's phases with its owner's row."""
    with count_queries() as counter:
        page = client.get(url).get_data(as_text=True)
    assert receipt in page
    roll = [s for s in counter.statements if "FROM box_voters" in s]
    phases = [s for s in counter.statements if s.startswith("SELECT consultation_phases.")]
    assert (len(roll), len(phases)) == (1, 0), counter.statements
    return counter.statements


def test_a_voter_s_ballot_page_reads_the_roll_once_and_the_phases_with_the_ballot(
    client, login, municipality, user, count_queries
):
    ballot = make_ballot(municipality)
    receipt = vote(ballot, user, [0])
    url = f"{M}/ballots/{ballot.id}"  # read before counting: the test's own ballot is expired
    login(user)
    voter_page_reads(client, count_queries, url, receipt)


def test_box_pages_send_unverified_people_to_verify(client, login, municipality, user, staff):
    # Ballots and budgets share the prompt and the staff card (voting/_box.html).
    pages = (f"{M}/ballots/{make_ballot(municipality, participation='verified').id}",
             f"{M}/budgets/{make_budget(municipality, participation='verified').id}")  # fmt: skip
    login(user)
    ballot, budget = (client.get(url).get_data(as_text=True) for url in pages)
    assert "Only verified residents can vote in this ballot." in ballot
    assert "Only verified residents can vote on this budget." in budget
    for page in (ballot, budget):
        assert "· Verified residents vote" in page and "Verify your residency" in page
        assert "staff-heading" not in page
    client.get("/account/logout")
    login(staff)
    for url in pages:
        assert "0 people have voted so far." in client.get(url).get_data(as_text=True)
