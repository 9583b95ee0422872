"""Budgets from draft to close: rules checked by the server, the box holding the votes, the
count at the close, and nothing changing afterwards."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from participa.budgets import hooks, services
from participa.budgets.models import BudgetProject, ProjectProposal
from participa.core.errors import DomainError
from participa.core.models import AuditEntry
from participa.extensions import db
from participa.voting import box as boxes
from tests import factories
from tests.budgets.helpers import make_budget, projects, vote
from tests.consultations.helpers import make_consultation, make_proposal


@pytest.fixture
def app_request(app, municipality):
    from flask import g

    with app.test_request_context("/"):
        g.municipality = municipality
        yield


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_a_budget_has_its_own_box_and_the_municipality_currency(municipality, staff):
    budget = make_budget(municipality, status="draft", staff=staff)
    assert budget.box is not None and budget.box.is_open
    assert budget.currency == "ARS"
    assert budget.is_draft
    assert _actions()[:2] == ["budgets.create", "budgets.save_project"]


def test_the_settings_are_checked(municipality, staff):
    consultation = make_consultation(municipality, phase="voting")
    data = {"title": "PP", "total_amount": Decimal(100), "participation": "registered",
            "vote_rule": "at_most", "max_projects": None, "result_rule": "greedy"}  # fmt: skip
    with pytest.raises(services.FieldError) as refused:
        services.create_budget(consultation, actor=staff, data=data)
    assert refused.value.field == "max_projects"
    data.update(vote_rule="within_budget")
    with pytest.raises(services.FieldError, match="more than the money available"):
        services.create_budget(consultation, actor=staff, data=data,
                               districts=[{"name": "Norte", "amount": Decimal(60)},
                                          {"name": "Sur", "amount": Decimal(50)}])  # fmt: skip
    with pytest.raises(services.FieldError, match="same name"):
        services.create_budget(consultation, actor=staff, data=data,
                               districts=[{"name": "Norte", "amount": Decimal(10)},
                                          {"name": "norte", "amount": Decimal(10)}])  # fmt: skip


def test_a_selection_within_the_money_is_recorded_and_can_be_changed(municipality, user):
    budget = make_budget(municipality)
    receipt = vote(budget, user, 0, 1)  # 40 + 50 of 100
    assert services.own_selection(budget, user) == [p.id for p in projects(budget)[:2]]
    again = vote(budget, user, 2, 3)
    assert again == receipt
    assert boxes.count(budget.box) == 1
    assert services.own_selection(budget, user) == [p.id for p in projects(budget)[2:]]


def test_over_the_budget_is_refused_saying_by_how_much(municipality, user):
    budget = make_budget(municipality)
    with pytest.raises(DomainError) as refused:
        vote(budget, user, 0, 1, 2)  # 120 of 100
    assert refused.value.status == 422
    assert "over the budget by ARS20.00" in refused.value.message
    assert not boxes.has_voted(budget.box, user)


@pytest.mark.parametrize(
    ("settings", "positions", "message"),
    [
        ({"min_spend_percent": 50}, (3,), "worth at least ARS50.00 (50% of the budget)"),
        ({"vote_rule": "at_most", "max_projects": 2}, (0, 2, 3), "Choose at most 2 projects."),
        ({}, (), "Choose at least one project."),
    ],
)
def test_the_voting_rules(municipality, user, settings, positions, message):
    budget = make_budget(municipality, **settings)
    with pytest.raises(DomainError, match=message.replace("(", r"\(").replace(")", r"\)")):
        vote(budget, user, *positions)


def test_approval_takes_any_number_over_the_money(municipality, user):
    budget = make_budget(municipality, vote_rule="approval")
    vote(budget, user, 0, 1, 2, 3)
    assert len(services.own_selection(budget, user)) == 4


def test_unknown_projects_are_refused(municipality, user):
    budget = make_budget(municipality)
    other = make_budget(municipality)
    with pytest.raises(DomainError, match="listed projects"):
        services.cast_vote(budget, user=user, chosen=[projects(other)[0].id])


def test_voting_needs_an_open_budget_in_the_voting_phase(municipality, user):
    budget = make_budget(municipality, phase="supports")
    with pytest.raises(DomainError, match="voting phase") as refused:
        vote(budget, user, 0)
    assert refused.value.status == 409
    draft = make_budget(municipality, status="draft")
    with pytest.raises(DomainError, match="voting phase"):
        vote(draft, user, 0)


def test_verified_residents_only(municipality, user, resident):
    budget = make_budget(municipality, participation="verified")
    with pytest.raises(DomainError, match="verified residents") as refused:
        vote(budget, user, 0)
    assert refused.value.status == 403
    vote(budget, resident, 0)


def test_per_district_money(municipality, user):
    budget = make_budget(
        municipality, total=100, districts=[("Norte", 30), ("Sur", 30)],
        projects=[(0, "Plaza norte", 20), (0, "Club norte", 15), (1, "Plaza sur", 25),
                  (None, "Parque central", 40)],
    )  # fmt: skip
    vote(budget, user, 0, 2, 3)  # 20 of 30, 25 of 30, 40 of 40
    with pytest.raises(DomainError, match=r"Norte is over its budget by ARS5\.00"):
        vote(budget, user, 0, 1)
    vote(budget, factories.UserFactory(), 1)
    services.close_budget(budget, actor=factories.member(municipality, "admin"))
    norte, sur = budget.districts
    # Each pool counts the ballots that chose something in it (its equal shares).
    assert budget.pool_voters == {str(norte.id): 2, str(sur.id): 1, "all": 1}
    assert [p.title for p in projects(budget) if p.funded] == [
        "Plaza norte", "Plaza sur", "Parque central"]  # fmt: skip
    with pytest.raises(services.FieldError, match="choose the project's district"):
        services.save_project(
            make_budget(municipality, status="draft", total=60, districts=[("Norte", 60)],
                        projects=[]),
            actor=factories.member(municipality, "admin"),
            data={"title": "Sin distrito", "cost": Decimal(5)},
        )  # fmt: skip


def test_closing_counts_once_and_funds_by_the_rule(municipality, staff):
    budget = make_budget(municipality, staff=staff)
    people = [factories.UserFactory() for _ in range(5)]
    for person, picks in zip(people, [(0, 1), (0, 1), (1, 3), (2, 3), (0, 2)], strict=True):
        vote(budget, person, *picks)
    received = []
    hooks.add_closed_receiver(lambda b, *, funded, actor: received.append((b, funded, actor)))
    try:
        funded = services.close_budget(budget, actor=staff)
    finally:
        hooks._closed_receivers.pop()
    db.session.commit()
    votes = {p.title: (p.votes, p.funded) for p in projects(budget)}
    # Plaza 3 (40), Parque 3 (50), Costanera 2 (30), Bicisenda 2 (20): 40 + 50 fit, then
    # Costanera does not (30 > 10), Bicisenda does not (20 > 10).
    assert votes == {"Plaza": (3, True), "Parque": (3, True), "Costanera": (2, False),
                     "Bicisenda": (2, False)}  # fmt: skip
    assert [p.title for p in funded] == ["Plaza", "Parque"]
    assert received == [(budget, funded, staff)]
    assert budget.ballots_count == 5 == boxes.count(budget.box) == len(boxes.receipts(budget.box))
    assert budget.pool_voters == {"all": 5}
    assert "budgets.close" in _actions() and "voting.box_sealed" in _actions()


def test_equal_shares_gives_the_minority_its_part(municipality, staff):
    # Three voters want the big project, two the small ones: greedy gives all to the majority,
    # equal shares lets the two pay for what they chose with their two fifths of the money.
    specs = [(None, "Grande", 60), (None, "Chica A", 20), (None, "Chica B", 20)]
    picks = [(0,), (0,), (0,), (1, 2), (1, 2)]
    outcomes = {}
    for rule in ("greedy", "equal_shares"):
        budget = make_budget(municipality, total=60, projects=specs, result_rule=rule,
                             staff=staff)  # fmt: skip
        for pick in picks:
            vote(budget, factories.UserFactory(), *pick)
        services.close_budget(budget, actor=staff)
        outcomes[rule] = sorted(p.title for p in projects(budget) if p.funded)
    assert outcomes == {"greedy": ["Grande"], "equal_shares": ["Chica A", "Chica B"]}


def test_a_closed_budget_cannot_change(municipality, staff, user):
    budget = make_budget(municipality, status="closed", staff=staff)
    project = projects(budget)[0]
    attempts = [
        lambda: services.close_budget(budget, actor=staff),
        lambda: services.open_budget(budget, actor=staff),
        lambda: services.update_budget(budget, actor=staff, data={
            "title": "Otro", "total_amount": Decimal(100), "participation": "registered",
            "vote_rule": "within_budget", "result_rule": "greedy"}),
        lambda: services.save_project(budget, actor=staff, project=project,
                                      data={"title": "Otro", "cost": Decimal(1)}),
        lambda: services.delete_project(project, actor=staff),
        lambda: vote(budget, user, 0),
    ]  # fmt: skip
    for attempt in attempts:
        with pytest.raises(DomainError) as refused:
            attempt()
        assert refused.value.status == 409
        db.session.rollback()
    assert db.session.get(BudgetProject, project.id).title == "Plaza"


def test_open_budgets_keep_their_money_and_rules(municipality, staff):
    budget = make_budget(municipality, staff=staff)
    data = {"title": "Nuevo título", "description": "Texto", "total_amount": Decimal(100),
            "participation": "registered", "vote_rule": "within_budget",
            "result_rule": "greedy"}  # fmt: skip
    services.update_budget(budget, actor=staff, data=data)
    assert budget.title == "Nuevo título"
    with pytest.raises(DomainError, match="cannot change once voting has opened"):
        services.update_budget(budget, actor=staff, data={**data, "total_amount": Decimal(90)})
    with pytest.raises(DomainError, match="cannot change once voting has opened"):
        services.save_project(budget, actor=staff, data={"title": "Más", "cost": Decimal(5)})


def test_accepted_proposals_become_projects_keeping_the_link(municipality, staff):
    consultation = make_consultation(municipality, phase="voting")
    accepted = make_proposal(consultation, title="Juegos inclusivos", state="accepted",
                             location_text="Plaza Rivadavia")  # fmt: skip
    pending = make_proposal(consultation, title="Otra idea")
    budget = make_budget(municipality, status="draft", consultation=consultation,
                         projects=[], staff=staff)  # fmt: skip
    assert [p.id for p in services.convertible_proposals(budget)] == [accepted.id]
    made = services.projects_from_proposals(budget, actor=staff,
                                            rows=[(accepted, Decimal(25), None)])  # fmt: skip
    assert [(p.title, p.cost, p.location_text) for p in made] == [
        ("Juegos inclusivos", Decimal("25.00"), "Plaza Rivadavia")
    ]
    links = db.session.scalars(select(ProjectProposal)).all()
    assert [(link.project_id, link.proposal_id) for link in links] == [(made[0].id, accepted.id)]
    assert services.convertible_proposals(budget) == []
    with pytest.raises(DomainError, match="accepted proposals"):
        services.projects_from_proposals(budget, actor=staff, rows=[(pending, Decimal(5), None)])
    assert "budgets.projects_from_proposals" in _actions()
