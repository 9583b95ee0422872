"""Budget pages: the ballot with its running totals (also without JavaScript), refusals that
keep the selection, receipts, results with charts and downloads, and the staff pages."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal

from PIL import Image
from sqlalchemy import select

from participa.budgets import services
from participa.budgets.models import Budget, BudgetProject, ProjectProposal
from participa.extensions import db
from participa.voting import box as boxes
from tests import factories
from tests.budgets.helpers import make_budget, projects, vote
from tests.consultations.helpers import make_consultation, make_proposal

M = "/m/villa-norte"


def _checked(html: str) -> list[int]:
    return sorted(
        int(i)
        for i in re.findall(r'value="(\d+)" data-cost="[^"]+" data-pool="[^"]+" checked', html)
    )


def _ids(budget, *positions):
    found = projects(budget)
    return [found[i].id for i in positions]


def test_anonymous_visitors_see_the_projects_and_are_asked_to_log_in(client, municipality):
    budget = make_budget(municipality)
    page = client.get(f"{M}/budgets/{budget.id}")
    assert page.status_code == 200
    assert "Plaza" in page.text and "Log in to vote" in page.text
    assert 'name="project"' not in page.text


def test_checking_the_totals_without_javascript(client, login, municipality, user):
    budget = make_budget(municipality)
    login(user)
    page = client.get(f"{M}/budgets/{budget.id}")
    assert 'name="project"' in page.text and "budget-totals.js" in page.text
    chosen = _ids(budget, 0, 2)
    page = client.post(f"{M}/budgets/{budget.id}/ballot",
                       data={"project": chosen, "action": "check"})  # fmt: skip
    assert page.status_code == 200
    assert "ARS70.00" in page.text and "ARS30.00" in page.text  # spent, still available
    assert _checked(page.text) == sorted(chosen)
    # Parque (50) no longer fits in the 30 left; Bicisenda (20) does.
    notes = {}
    for card in page.text.split('<li class="card budget-project">')[1:]:
        title = re.search(r"<strong>([^<]+)</strong>", card).group(1)
        notes[title] = "data-fit-note>" in card  # shown (not hidden)
    assert notes == {"Plaza": False, "Parque": True, "Costanera": False, "Bicisenda": False}
    assert not boxes.has_voted(budget.box, user)


def test_over_the_budget_keeps_the_selection_and_says_by_how_much(client, login, municipality,
                                                                 user):  # fmt: skip
    budget = make_budget(municipality)
    login(user)
    chosen = _ids(budget, 0, 1, 2)
    for action in ("check", "vote"):
        page = client.post(f"{M}/budgets/{budget.id}/ballot",
                           data={"project": chosen, "action": action})  # fmt: skip
        assert page.status_code == 422
        assert "Your selection is over the budget by ARS20.00" in page.text
        assert _checked(page.text) == sorted(chosen)
    assert boxes.count(budget.box) == 0


def test_voting_gives_a_receipt_and_the_vote_can_be_changed(client, login, municipality, user):
    budget = make_budget(municipality)
    login(user)
    response = client.post(f"{M}/budgets/{budget.id}/ballot",
                           data={"project": _ids(budget, 0, 3), "action": "vote"})  # fmt: skip
    assert response.status_code == 302 and response.location.endswith("#receipt")
    page = client.get(f"{M}/budgets/{budget.id}")
    receipt = boxes.own_receipt(budget.box, user)
    assert f"Your receipt code is {receipt}" in page.text and receipt in page.text
    assert _checked(page.text) == sorted(_ids(budget, 0, 3)) and "Change my vote" in page.text
    client.post(f"{M}/budgets/{budget.id}/ballot",
                data={"project": _ids(budget, 1), "action": "vote"})  # fmt: skip
    assert services.own_selection(budget, user) == _ids(budget, 1)
    assert boxes.count(budget.box) == 1


def test_garbage_in_the_form_is_a_422(client, login, municipality, user):
    budget = make_budget(municipality)
    login(user)
    for value in ("abc", "99999999999999999999", "-1", "²"):
        page = client.post(f"{M}/budgets/{budget.id}/ballot",
                           data={"project": value, "action": "vote"})  # fmt: skip
        assert page.status_code == 422 and "Choose among the listed projects." in page.text


def test_outside_the_voting_phase_the_vote_is_a_409(client, login, municipality, user):
    budget = make_budget(municipality, phase="results")
    login(user)
    page = client.post(f"{M}/budgets/{budget.id}/ballot",
                       data={"project": _ids(budget, 0), "action": "vote"})  # fmt: skip
    assert page.status_code == 409 and "voting phase" in page.text


def test_results_are_published_at_the_close_with_downloads(client, login, municipality, staff):
    budget = make_budget(municipality, staff=staff)
    assert client.get(f"{M}/budgets/{budget.id}/results").status_code == 404
    assert client.get(f"{M}/budgets/{budget.id}/results.csv").status_code == 404
    people = [factories.UserFactory(email=f"voter{i}@example.org", display_name=f"Voter {i}")
              for i in range(3)]  # fmt: skip
    receipts = [vote(budget, person, *picks)
                for person, picks in zip(people, [(0, 1), (0, 3), (1,)], strict=True)]  # fmt: skip
    login(staff)
    assert client.post(f"{M}/budgets/{budget.id}/close").status_code == 302
    page = client.get(f"{M}/budgets/{budget.id}/results")
    assert page.status_code == 200
    assert "Most voted first" in page.text and "<svg" in page.text and "<table>" in page.text
    assert "Plaza" in page.text and all(code in page.text for code in receipts)
    checked = client.get(f"{M}/budgets/{budget.id}/results?code={receipts[0]}")
    assert "the ballot was counted" in checked.text
    wrong = client.get(f"{M}/budgets/{budget.id}/results?code=AAAA-BBBB-CCCC")
    assert "is not in the list" in wrong.text
    rows = list(csv.reader(io.StringIO(client.get(f"{M}/budgets/{budget.id}/results.csv").text)))
    assert rows[0][0].lstrip("\ufeff") == "district" and len(rows) == 5
    assert {r[3]: (r[6], r[7]) for r in rows[1:]} == {
        "Plaza": ("2", "yes"), "Parque": ("2", "yes"), "Costanera": ("0", "no"),
        "Bicisenda": ("1", "no"),
    }  # fmt: skip
    data = json.loads(client.get(f"{M}/budgets/{budget.id}/results.json").text)
    assert data["budget"]["ballots"] == 3 and sorted(data["receipts"]) == sorted(receipts)
    everything = json.dumps(data) + "".join(",".join(r) for r in rows)
    for person in people:
        assert person.email not in everything and person.display_name not in everything
        assert f'"user_id": {person.id}' not in everything


def test_the_consultation_page_lists_its_budgets(client, login, municipality, staff):
    budget = make_budget(municipality, staff=staff)
    page = client.get(f"{M}/consultations/{budget.consultation_id}")
    assert "Participatory budget" in page.text and budget.title in page.text
    draft = make_budget(municipality, status="draft", consultation=budget.consultation)
    assert (
        f"/budgets/{draft.id}" not in client.get(f"{M}/consultations/{budget.consultation_id}").text
    )
    login(staff)
    page = client.get(f"{M}/consultations/{budget.consultation_id}")
    assert f"/budgets/{draft.id}" in page.text and "Import a Pabulib file" in page.text


def test_staff_prepare_a_budget_with_districts(client, login, municipality, staff):
    consultation = make_consultation(municipality, phase="voting")
    login(staff)
    assert client.get(f"{M}/budgets/new/{consultation.id}").status_code == 200
    form = {"title": "PP 2027", "total_amount": "1000", "participation": "registered",
            "vote_rule": "within_budget", "result_rule": "equal_shares",
            "districts-0-name": "Norte", "districts-0-amount": "400",
            "districts-1-name": "Sur", "districts-1-amount": "700"}  # fmt: skip
    page = client.post(f"{M}/budgets/new/{consultation.id}", data=form)
    assert page.status_code == 422 and "more than the money available" in page.text
    assert 'value="PP 2027"' in page.text
    form["districts-1-amount"] = "300"
    response = client.post(f"{M}/budgets/new/{consultation.id}", data=form)
    assert response.status_code == 302
    budget = db.session.scalars(select(Budget)).one()
    assert [(d.name, int(d.amount)) for d in budget.districts] == [("Norte", 400), ("Sur", 300)]
    # A project with an image checked by its content, in a district.
    png = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(png, "PNG")
    project = {"title": "Plaza norte", "cost": "120", "district_id": str(budget.districts[0].id)}
    bad = client.post(f"{M}/budgets/{budget.id}/projects/new",
                      data={**project, "image": (io.BytesIO(b"%PDF-1.4"), "x.png")},
                      content_type="multipart/form-data")  # fmt: skip
    assert bad.status_code == 422 and "not a PNG, JPEG, GIF or WebP image" in bad.text
    assert 'value="Plaza norte"' in bad.text
    good = client.post(f"{M}/budgets/{budget.id}/projects/new",
                       data={**project, "image": (io.BytesIO(png.getvalue()), "plaza.png"),
                             "image_alt": "La plaza del barrio"},
                       content_type="multipart/form-data")  # fmt: skip
    assert good.status_code == 302
    made = db.session.scalars(select(BudgetProject)).one()
    assert made.image is not None and made.district_id == budget.districts[0].id
    # A district with projects cannot be removed.
    edit = {**form, "districts-0-id": str(budget.districts[0].id), "districts-0-name": "",
            "districts-1-id": str(budget.districts[1].id)}  # fmt: skip
    page = client.post(f"{M}/budgets/{budget.id}/edit", data=edit)
    assert page.status_code == 422 and "still has projects" in page.text
    assert client.post(f"{M}/budgets/{budget.id}/open").status_code == 302
    db.session.expire_all()
    assert db.session.get(Budget, budget.id).is_open
    again = client.post(f"{M}/budgets/{budget.id}/projects/new", data=project)
    assert again.status_code == 403


def test_staff_turn_accepted_proposals_into_projects(client, login, municipality, staff):
    consultation = make_consultation(municipality, phase="voting")
    accepted = make_proposal(consultation, title="Juegos inclusivos", state="accepted")
    budget = make_budget(municipality, status="draft", consultation=consultation, projects=[],
                         staff=staff)  # fmt: skip
    login(staff)
    page = client.get(f"{M}/budgets/{budget.id}/from-proposals")
    assert "Juegos inclusivos" in page.text
    missing = client.post(f"{M}/budgets/{budget.id}/from-proposals",
                          data={"proposals": str(accepted.id)})  # fmt: skip
    assert missing.status_code == 422 and "Enter the cost of" in missing.text
    data = {"proposals": str(accepted.id), f"cost-{accepted.id}": "2500,50"}
    done = client.post(f"{M}/budgets/{budget.id}/from-proposals", data=data)
    assert done.status_code == 302
    link = db.session.scalars(select(ProjectProposal)).one()
    assert link.proposal_id == accepted.id
    page = client.get(f"{M}/budgets/projects/{link.project_id}")
    assert f"/proposals/{accepted.id}" in page.text and "ARS2,500.50" in page.text


def test_project_lists_do_not_grow_queries_with_projects(client, login, municipality, staff,
                                                         count_queries):  # fmt: skip
    counts = {}
    for n in (3, 12):
        consultation = make_consultation(municipality, phase="voting")
        specs = [(i % 2, f"Proyecto {i}", 5) for i in range(n)]
        budget = make_budget(municipality, consultation=consultation, projects=[], total=1000,
                             districts=[("Norte", 300), ("Sur", 300)], status="draft",
                             staff=staff)  # fmt: skip
        for i in range(n):
            proposal = make_proposal(consultation, title=f"Idea {i}", state="accepted")
            services.projects_from_proposals(
                budget, actor=staff,
                rows=[(proposal, Decimal(5), budget.districts[specs[i][0]].id)],
            )  # fmt: skip
        services.open_budget(budget, actor=staff)
        for _ in range(3):
            vote(budget, factories.UserFactory(), 0, 1)
        db.session.commit()
        login(staff)
        with count_queries() as detail:
            assert client.get(f"{M}/budgets/{budget.id}").status_code == 200
        services.close_budget(budget, actor=staff)
        db.session.commit()
        with count_queries() as results:
            assert client.get(f"{M}/budgets/{budget.id}/results").status_code == 200
        with count_queries() as downloads:
            assert client.get(f"{M}/budgets/{budget.id}/results.json").status_code == 200
        counts[n] = (detail.count, results.count, downloads.count)
    assert counts[3] == counts[12], counts
    assert all(c < 30 for c in counts[12])


def test_a_voter_s_budget_page_reads_the_roll_once_and_the_context_with_the_budget(
    client, login, municipality, user, count_queries
):
    from tests.voting.test_views import voter_page_reads

    budget = make_budget(municipality)
    receipt = vote(budget, user, 0)
    url = f"{M}/budgets/{budget.id}"  # read before counting: the test's own budget is expired
    login(user)
    statements = voter_page_reads(client, count_queries, url, receipt)
    assert not [s for s in statements if s.startswith("SELECT ballot_boxes.")]


def test_closed_budgets_are_an_open_dataset(client, municipality, staff):
    open_budget = make_budget(municipality, staff=staff)
    vote(open_budget, factories.UserFactory(), 0)
    closed = make_budget(municipality, staff=staff)
    vote(closed, factories.UserFactory(), 1, 3)
    services.close_budget(closed, actor=staff)
    db.session.commit()
    response = client.get(f"{M}/datos/budget-results.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert {r["budget_id"] for r in rows} == {str(closed.id)}  # never an open budget
    assert {r["project"]: (r["votes"], r["funded"]) for r in rows} == {
        "Plaza": ("0", "false"), "Parque": ("1", "true"), "Costanera": ("0", "false"),
        "Bicisenda": ("1", "true"),
    }  # fmt: skip
