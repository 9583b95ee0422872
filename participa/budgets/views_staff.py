"""Budget pages for staff: prepare the money and the projects, import, open, close, export."""

from __future__ import annotations

from decimal import Decimal

from flask import abort, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from participa.budgets import bp, pabulib, rules, services
from participa.budgets.forms import (
    DISTRICT_ROWS,
    BudgetForm,
    FromProposalsForm,
    ImportForm,
    ProjectForm,
)
from participa.budgets.models import Budget, BudgetProject
from participa.budgets.views import detail_url, load_budget, load_project
from participa.consultations.models import Consultation
from participa.core.authz import require
from participa.core.downloads import attachment
from participa.core.errors import DomainError, field_of
from participa.core.params import parse_decimal, parse_int
from participa.core.submit import Rendered, act, actor, page, submit
from participa.core.tenancy import visible_or_404
from participa.core.uploads import upload_limit
from participa.places import services as places
from participa.proposals.models import Proposal


def _consultation(consultation_id: int) -> Consultation:
    return visible_or_404(Consultation, consultation_id, "consultations.view")


# The budget ------------------------------------------------------------------------------------


@bp.route("/new/<int:consultation_id>", methods=["GET", "POST"])
def create(consultation_id: int) -> Rendered:
    consultation = _consultation(consultation_id)
    require("budgets.create", consultation)
    form = BudgetForm()
    if request.method == "GET":
        form.participation.data = consultation.participation
    _pad_districts(form)
    return submit(
        form,
        lambda: services.create_budget(
            consultation, actor=actor(), data=form.settings(), districts=form.district_rows()
        ),
        render=lambda status: _render_form(form, None, consultation, status),
        then=detail_url,
        success=_("Budget saved as a draft. Add its projects, then open it."),
        error_field=field_of,
    )


@bp.route("/<int:budget_id>/edit", methods=["GET", "POST"])
def edit(budget_id: int) -> Rendered:
    budget = load_budget(budget_id)
    require("budgets.edit", budget)
    form = BudgetForm(obj=budget if request.method == "GET" else None)
    if request.method == "GET":
        for district in budget.districts:
            form.districts.append_entry(
                {"id": district.id, "name": district.name, "amount": district.amount}
            )
    _pad_districts(form)
    return submit(
        form,
        lambda: services.update_budget(
            budget, actor=actor(), data=form.settings(), districts=form.district_rows()
        ),
        render=lambda status: _render_form(form, budget, budget.consultation, status),
        then=detail_url(budget),
        success=_("Budget saved."),
        error_field=field_of,
    )


def _pad_districts(form: BudgetForm) -> None:
    # Empty rows for new districts (a POST keeps the rows it sent).
    if request.method == "GET":
        for _row in range(DISTRICT_ROWS):
            form.districts.append_entry()


def _render_form(
    form: BudgetForm, budget: Budget | None, consultation: Consultation, status: int
) -> Rendered:
    return (
        render_template(
            "budgets/form.html",
            form=form,
            budget=budget,
            consultation=consultation,
            currency=budget.currency if budget else services.default_currency(g.municipality),
        ),
        status,
    )


@bp.route("/import/<int:consultation_id>", methods=["GET", "POST"])
def import_pabulib(consultation_id: int) -> Rendered:
    consultation = _consultation(consultation_id)
    require("budgets.create", consultation)
    form = ImportForm()

    def change() -> Budget:
        upload = form.file.data
        data = upload.read(current_limit() + 1)
        if len(data) > current_limit():
            raise DomainError(_("The file is too large for this page."), status=413)
        election = pabulib.read(data)
        return services.import_budget(consultation, actor=actor(), election=election)

    return submit(
        form,
        change,
        render=page("budgets/import.html", form=form, consultation=consultation),
        then=detail_url,
        success=_("Budget imported as a draft: check its projects, then open it."),
        error_field="file",
    )


def current_limit() -> int:
    return upload_limit("BUDGETS_IMPORT_MAX_BYTES")


@bp.post("/<int:budget_id>/open")
def open_budget(budget_id: int) -> Rendered:
    budget = load_budget(budget_id)
    require("budgets.open", budget)
    return act(
        lambda: services.open_budget(budget, actor=actor()),
        then=detail_url(budget),
        success=_("The budget is open: people can vote during the voting phase."),
    )


@bp.post("/<int:budget_id>/close")
def close_budget(budget_id: int) -> Rendered:
    budget = load_budget(budget_id)
    require("budgets.close", budget)
    return act(
        lambda: services.close_budget(budget, actor=actor()),
        then=url_for(".results", budget_id=budget.id),
        success=_("The budget is closed and its results are published."),
    )


@bp.get("/<int:budget_id>/pabulib.pb")
def export_pabulib(budget_id: int) -> Rendered:
    budget = load_budget(budget_id)
    require("budgets.export", budget)
    projects = services.projects_of(budget)
    pools = rules.pools(budget, projects)
    wanted = request.args.get("pool", "all")
    pool = next(
        (p for p in pools if (str(p.district_id) if p.district_id else "all") == wanted), None
    )
    if pool is None:
        abort(404)
    suffix = f"-{pool.district_id}" if pool.district_id else ""
    return attachment(
        pabulib.export(budget, projects, pool),
        mimetype="text/plain",
        filename=f"{g.municipality.slug}-budget-{budget.id}{suffix}.pb",
    )


# Projects ---------------------------------------------------------------------------------------


def _district_choices(budget: Budget) -> list[tuple[int, str]]:
    whole = [(0, rules.whole_municipality())]
    return whole + [(d.id, d.name) for d in budget.districts]


@bp.route("/<int:budget_id>/projects/new", methods=["GET", "POST"])
def create_project(budget_id: int) -> Rendered:
    budget = load_budget(budget_id)
    require("budgets.edit_projects", budget)
    return _project_form(budget, None)


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
def edit_project(project_id: int) -> Rendered:
    found = load_project(project_id)
    require("budgets.edit_projects", found.budget)
    return _project_form(found.budget, found)


def _project_form(budget: Budget, project: BudgetProject | None) -> Rendered:
    form = ProjectForm(obj=project if request.method == "GET" else None)
    form.district_id.choices = _district_choices(budget)
    form.area_id.choices = [(0, _("No district"))] + [
        (d.id, d.name) for d in places.districts_of(budget.municipality)
    ]
    if request.method == "GET" and project is not None:
        form.district_id.data = project.district_id or 0
        form.area_id.data = project.area_id or 0
    return submit(
        form,
        lambda: services.save_project(
            budget, actor=actor(), data=form.data, image=form.image.data, project=project
        ),
        render=page("budgets/project_form.html", form=form, budget=budget, project=project),
        then=detail_url(budget),
        success=_("Project saved."),
        error_field=lambda exc: "image" if exc.status == 413 else field_of(exc),
    )


@bp.post("/projects/<int:project_id>/delete")
def delete_project(project_id: int) -> Rendered:
    found = load_project(project_id)
    budget = found.budget
    require("budgets.edit_projects", budget)
    return act(
        lambda: services.delete_project(found, actor=actor()),
        then=detail_url(budget),
        success=_("Project removed."),
    )


@bp.route("/<int:budget_id>/from-proposals", methods=["GET", "POST"])
def from_proposals(budget_id: int) -> Rendered:
    budget = load_budget(budget_id)
    require("budgets.edit_projects", budget)
    candidates = services.convertible_proposals(budget)
    by_id = {p.id: p for p in candidates}
    form = FromProposalsForm()
    form.proposals.choices = [(p.id, p.title) for p in candidates]
    districts = {d.id for d in budget.districts}

    def change() -> list[BudgetProject]:
        rows: list[tuple[Proposal, Decimal | None, int | None]] = []
        for proposal_id in form.proposals.data:
            cost = parse_decimal(request.form.get(f"cost-{proposal_id}"))
            district = parse_int(request.form.get(f"district-{proposal_id}") or "0")
            if cost is not None and cost <= 0:
                cost = None
            if district is None or (district and district not in districts):
                raise DomainError(_("Choose one of the budget's districts."), status=422)
            rows.append((by_id[proposal_id], cost, district or None))
        return services.projects_from_proposals(budget, actor=actor(), rows=rows)

    return submit(
        form,
        change,
        render=lambda status: (
            render_template(
                "budgets/from_proposals.html",
                form=form,
                budget=budget,
                candidates=candidates,
                districts=_district_choices(budget),
                values=request.form,
            ),
            status,
        ),
        then=detail_url(budget),
        success=lambda made: ngettext(
            "%(num)s project added from proposals.",
            "%(num)s projects added from proposals.",
            len(made),
        ),
    )
