"""The budget page filters its projects by the municipality's district (places), like every list:
a GET form for browsing, and inside the ballot a filter that never drops a selection."""

from __future__ import annotations

import re

from participa.budgets import services
from participa.extensions import db
from participa.voting import box as boxes
from tests import factories
from tests.budgets.helpers import make_budget, projects, vote
from tests.consultations.helpers import make_consultation
from tests.places.helpers import make_district

M = "/m/villa-norte"
TITLES = ("Plaza", "Parque", "Costanera", "Bicisenda")


def _placed(municipality):
    """The default budget with Plaza and Costanera in Centro, Parque and Bicisenda in Norte."""
    budget = make_budget(municipality)
    centro, norte = make_district(municipality, "Centro"), make_district(municipality, "Norte")
    for project, district in zip(projects(budget), (centro, norte, centro, norte), strict=True):
        project.area_id = district.id
    db.session.commit()
    return budget, centro, norte


def _listed(html: str) -> list[str]:
    cards = html.split('<li class="card budget-project">')[1:]
    return [t for card in cards for t in TITLES if f">{t}<" in card]


def _checked(html: str) -> list[int]:
    return sorted(int(i) for i in re.findall(r'value="(\d+)" data-cost="[^"]+" '
                                              r'data-pool="[^"]+" checked', html))  # fmt: skip


def test_the_projects_are_filtered_by_district_without_javascript(client, municipality):
    budget, centro, norte = _placed(municipality)
    url = f"{M}/budgets/{budget.id}"
    page = client.get(url).text
    assert _listed(page) == list(TITLES)
    assert '<form method="get"' in page and '<label for="district">District</label>' in page
    page = client.get(f"{url}?district={centro.id}").text
    assert _listed(page) == ["Plaza", "Costanera"]
    assert f'<option value="{centro.id}" selected>Centro</option>' in page
    assert _listed(client.get(f"{url}?district={norte.id}").text) == ["Parque", "Bicisenda"]


def test_a_district_of_another_municipality_or_garbage_is_ignored(
    client, municipality, other_municipality
):
    budget, _centro, _norte = _placed(municipality)
    foreign = make_district(other_municipality, "Ajeno")
    # A project of the budget filed (wrongly) under the foreign district must not show
    # through the filter: the filter is never applied with another municipality's id.
    projects(budget)[0].area_id = foreign.id
    db.session.commit()
    url = f"{M}/budgets/{budget.id}"
    for value in (str(foreign.id), "abc", "-1", "99999999999999999999", ""):
        page = client.get(f"{url}?district={value}")
        assert page.status_code == 200
        assert _listed(page.text) == list(TITLES)
        assert " selected>" not in page.text.split('id="district"')[1].split("</select>")[0]
        assert "Ajeno" not in page.text


def test_no_districts_no_filter(client, municipality):
    budget = make_budget(municipality)
    page = client.get(f"{M}/budgets/{budget.id}").text
    assert 'id="district"' not in page and _listed(page) == list(TITLES)


def test_a_saved_vote_stays_listed_and_checked_whatever_the_filter(
    client, login, municipality, user
):
    budget, centro, _norte = _placed(municipality)
    vote(budget, user, 1)  # Parque, in Norte
    login(user)
    page = client.get(f"{M}/budgets/{budget.id}?district={centro.id}").text
    assert _listed(page) == ["Plaza", "Parque", "Costanera"]
    assert _checked(page) == [projects(budget)[1].id]
    assert "Projects you chose in other districts stay listed." in page


def test_filtering_the_ballot_keeps_the_ticks_not_yet_voted(client, login, municipality, user):
    budget, centro, norte = _placed(municipality)
    login(user)
    found = projects(budget)
    ballot = f"{M}/budgets/{budget.id}/ballot"
    page = client.get(f"{M}/budgets/{budget.id}").text
    # Inside the ballot the filter posts with the ticks (a GET form would lose them).
    form = page.split('class="budget-ballot"')[1]
    assert 'name="district"' in form and 'name="action" value="filter"' in form
    ticked = [found[3].id]  # Bicisenda, in Norte, ticked but not voted
    page = client.post(ballot, data={"project": ticked, "district": centro.id,
                                     "action": "filter"})  # fmt: skip
    assert page.status_code == 200 and "error-summary" not in page.text
    assert _listed(page.text) == ["Plaza", "Costanera", "Bicisenda"]
    assert _checked(page.text) == ticked
    assert f'<option value="{centro.id}" selected>' in page.text
    # An empty selection filtered is no problem either (problems wait for a check or a vote).
    page = client.post(ballot, data={"district": norte.id, "action": "filter"})
    assert page.status_code == 200 and "error-summary" not in page.text
    assert _listed(page.text) == ["Parque", "Bicisenda"]
    # The totals keep counting the whole selection; the vote submits it all.
    chosen = [found[0].id, found[3].id]
    page = client.post(ballot, data={"project": chosen, "district": norte.id,
                                     "action": "check"})  # fmt: skip
    assert page.status_code == 200 and "ARS60.00" in page.text
    assert _listed(page.text) == ["Plaza", "Parque", "Bicisenda"]
    done = client.post(ballot, data={"project": chosen, "district": norte.id,
                                     "action": "vote"})  # fmt: skip
    assert done.status_code == 302
    assert sorted(services.own_selection(budget, user)) == sorted(chosen)
    assert boxes.count(budget.box) == 1


def test_the_filtered_page_does_not_grow_queries_with_projects(client, municipality, count_queries):
    centro = make_district(municipality, "Centro")
    norte = make_district(municipality, "Norte")
    counts = []
    for n in (3, 15):
        consultation = make_consultation(municipality, phase="voting")
        specs = [(None, f"Proyecto {i}", 5) for i in range(n)]
        budget = make_budget(municipality, consultation=consultation, projects=specs, total=1000)
        for i, project in enumerate(projects(budget)):
            project.area_id = (centro if i % 2 else norte).id
        for _ in range(2):
            vote(budget, factories.UserFactory(), 0, 1)
        db.session.commit()
        with count_queries() as seen:
            page = client.get(f"{M}/budgets/{budget.id}?district={centro.id}")
        assert page.status_code == 200 and page.text.count('class="card budget-project"') == n // 2
        counts.append(seen.count)
    assert counts[0] == counts[1], counts


def test_after_the_close_a_district_sees_its_projects_results(client, municipality, staff):
    # The results page counts per pool of money (its figures are the pool's): the filtered
    # budget page is where a district's projects show their votes and whether they are funded.
    budget, centro, _norte = _placed(municipality)
    vote(budget, factories.UserFactory(), 0, 2)
    services.close_budget(budget, actor=staff)
    db.session.commit()
    page = client.get(f"{M}/budgets/{budget.id}?district={centro.id}").text
    assert _listed(page) == ["Plaza", "Costanera"]
    assert page.count("1 vote") == 2 and page.count("status-approved") >= 2
