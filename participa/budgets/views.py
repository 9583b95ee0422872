"""Budget pages for everyone: the projects and the vote, the results and their downloads."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from flask import abort, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from participa.budgets import bp, hooks, results_view, rules, services
from participa.budgets.forms import VoteForm
from participa.budgets.models import Budget, BudgetProject
from participa.consultations.services import with_phases
from participa.core.authz import can, require
from participa.core.downloads import attachment, csv_rows
from participa.core.errors import DomainError
from participa.core.params import parse_int
from participa.core.submit import Rendered, actor, submit
from participa.core.tenancy import get_or_404, visible_or_404
from participa.places import services as places
from participa.places.models import District
from participa.voting import box as boxes


def load_budget(budget_id: int) -> Budget:
    """The budget of this municipality, if the visitor may see it (drafts look missing)."""
    return visible_or_404(Budget, budget_id, "budgets.view", *_with_context())


def load_project(project_id: int) -> BudgetProject:
    """A project of a budget the visitor may see."""
    project = get_or_404(BudgetProject, project_id, _project_with_context())
    if not can(current_user, "budgets.view", project.budget):
        abort(404)
    return project


@cache
def _with_context() -> tuple[Any, ...]:
    # What the policies and the page read (the consultation's open phase, the ballot box) in
    # the budget's query. One object, built on first use: get_or_404 builds its statement once.
    return (with_phases(Budget.consultation), joinedload(Budget.box))


@cache
def _project_with_context() -> Any:
    return joinedload(BudgetProject.budget).options(*_with_context())


def detail_url(budget: Budget) -> str:
    return url_for("budgets.detail", budget_id=budget.id)


@bp.get("/<int:budget_id>")
def detail(budget_id: int) -> Rendered:
    budget = load_budget(budget_id)
    return render_detail(budget, VoteForm(), None, [], 200)


def render_detail(
    budget: Budget,
    form: VoteForm,
    chosen: list[int] | None,
    errors: list[str],
    status: int,
    *,
    checking: bool | None = None,
) -> Rendered:
    user = current_user
    projects = services.projects_of(budget)
    if checking is None:
        checking = chosen is not None
    if chosen is None:
        chosen = services.own_selection(budget, user)
    tally = rules.tally(budget, projects, chosen)
    districts = places.districts_of(budget.municipality)
    area_id = _area(districts)
    # The filter narrows what is listed, never the ballot: the totals count the whole
    # selection, and a chosen project stays listed (checked) so the vote still submits it.
    shown = {p.id for p in services.in_area(projects, area_id, keep=tally.chosen_ids)}
    return (
        render_template(
            "budgets/detail.html",
            budget=budget,
            form=form,
            projects=projects,
            shown=shown,
            districts=districts,
            area_id=area_id,
            proposals=services.linked_proposals(projects),
            tally=tally,
            # Problems are shown once the person asked for a check or tried to vote.
            problems=tally.problems if checking else [],
            errors=errors,
            rule_summary=rules.rule_summary(budget),
            money=lambda amount: rules.money(amount, budget.currency),
            may_vote=services.may_vote(user, budget),
            voting_open=services.voting_is_open(budget),
            **vars(boxes.standing(budget.box, user)),  # voted, in_person, receipt: one query
            voters=boxes.voters(budget.box) if can(user, "budgets.edit", budget) else 0,
        ),
        status,
    )


def _area(districts: list[District]) -> int | None:
    """The district filter (``district``, in the query or the ballot posted to filter).

    Like the proposal lists, a filter typed by hand that makes no sense is ignored: here also
    an id that is not one of the municipality's districts (another municipality's, say), so the
    select always shows what the list shows.
    """
    value = parse_int(request.values.get("district") or "")
    return value if value in {d.id for d in districts} else None


@bp.post("/<int:budget_id>/ballot")
def vote(budget_id: int) -> Rendered:
    budget = load_budget(budget_id)
    require("budgets.participate", budget)
    form = VoteForm()
    errors: list[str] = []
    try:
        chosen = services.read_selection(request.form.getlist("project"))
    except DomainError as exc:
        return render_detail(budget, form, [], [exc.message], exc.status)
    if request.form.get("action") == "filter":
        # The district filter inside the ballot: posted with the ticks (also those not yet
        # voted, without JavaScript), so filtering never drops a selection.
        return render_detail(budget, form, chosen, errors, 200, checking=False)
    if request.form.get("action") == "check":
        # Without JavaScript, the form posts back here to show the totals of the selection.
        problems = rules.tally(budget, services.projects_of(budget), chosen).problems
        return render_detail(budget, form, chosen, errors, 422 if problems else 200)

    def show(exc: DomainError) -> None:
        if exc.status != 422:  # the rule's problems are shown with the totals
            errors.append(exc.message)

    return submit(
        form,
        lambda: services.cast_vote(budget, user=actor(), chosen=chosen),
        render=lambda status: render_detail(budget, form, chosen, errors, status),
        then=lambda receipt: url_for(".detail", budget_id=budget.id, _anchor="receipt"),
        success=lambda receipt: _("Your vote is recorded. Your receipt code is %(code)s.",
                                  code=receipt),
        show_error=show,
    )  # fmt: skip


@bp.get("/projects/<int:project_id>")
def project(project_id: int) -> Rendered:
    found = load_project(project_id)
    return render_template(
        "budgets/project.html",
        project=found,
        budget=found.budget,
        proposals=services.linked_proposals([found]).get(found.id, []),
        money=lambda amount: rules.money(amount, found.budget.currency),
        links=hooks.project_links(found),
    )


def _closed(budget_id: int) -> Budget:
    budget = load_budget(budget_id)
    if not can(current_user, "budgets.view_results", budget):
        raise DomainError(_("The results are published when voting closes."), status=404)
    return budget


@bp.get("/<int:budget_id>/results")
def results(budget_id: int) -> Rendered:
    budget = _closed(budget_id)
    projects = services.projects_of(budget)
    pools = services.results_of(budget, projects)
    form, checked, status = boxes.receipt_lookup(budget.box, request.args)
    return (
        render_template(
            "budgets/results.html",
            budget=budget,
            pools=results_view.present(budget, pools),
            form=form,
            checked=checked,
            receipts=boxes.receipts(budget.box),
            money=lambda amount: rules.money(amount, budget.currency),
        ),
        status,
    )


@bp.get("/<int:budget_id>/results.csv")
def results_csv(budget_id: int) -> Rendered:
    budget = _closed(budget_id)
    pools = services.results_of(budget)
    body = "".join(csv_rows(results_view.CSV_HEADER, results_view.csv_lines(budget, pools)))
    return attachment(
        body, mimetype="text/csv", filename=f"{g.municipality.slug}-budget-{budget.id}.csv"
    )


@bp.get("/<int:budget_id>/results.json")
def results_json(budget_id: int) -> Rendered:
    budget = _closed(budget_id)
    projects = services.projects_of(budget)
    pools = services.results_of(budget, projects)
    proposals = {pid: [p.id for p in found]
                 for pid, found in services.linked_proposals(projects).items()}  # fmt: skip
    data = results_view.as_json(budget, pools, proposals, boxes.receipts(budget.box))
    return attachment(
        json.dumps(data, ensure_ascii=False, indent=1),
        mimetype="application/json",
        filename=f"{g.municipality.slug}-budget-{budget.id}.json",
    )
