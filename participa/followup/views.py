"""Public follow-up pages (a municipality's list, a result, the network list) and staff forms."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from flask import abort, g, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_currency, format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from participa.core.authz import require
from participa.core.charts import bar_chart
from participa.core.errors import field_of
from participa.core.pagination import paginate
from participa.core.params import int_arg
from participa.core.related import has_linked
from participa.core.submit import Rendered, actor, page, perform, submit
from participa.core.tenancy import get_or_404
from participa.extensions import db
from participa.followup import bp, chain, network_bp, queries, services
from participa.followup.forms import MilestoneForm, ResultForm, UpdateForm
from participa.followup.models import STATUSES, Milestone, Result
from participa.notifications import services as notifications

logger = logging.getLogger(__name__)
PER_PAGE = 20


def _filters(*, network: bool = False) -> queries.Filters:
    args = request.args
    status = args.get("status", "")
    sort = args.get("sort", "recent")
    municipality_id = int_arg("municipality", lenient=True) if network else None
    # Districts are a municipality's own words: across the network they need one municipality.
    district = args.get("district", "").strip()[: services.DISTRICT_MAX] or None
    return queries.Filters(
        status=status if status in STATUSES else None,
        district=district if (not network or municipality_id) else None,
        municipality_id=municipality_id,
        sort=sort if sort in queries.SORTS else "recent",
    )


def money(amount: Any, currency: str | None) -> str:
    """An amount in its currency, localized (a bare number when the currency is unknown)."""
    if amount is None:
        return "—"
    return str(format_currency(amount, currency) if currency else format_decimal(amount))


def _totals_chart(t: queries.Money) -> Markup:
    def value(amount: float) -> str:
        return money(amount, t.currency)

    return bar_chart(
        [(_("Voted"), float(t.voted)), (_("Awarded"), float(t.awarded)),
         (_("Paid"), float(t.paid))],
        title=_("Voted, awarded and paid (%(currency)s)", currency=t.currency or "—"),
        description=_("Money citizens decided, awarded in procurement and paid so far."),
        value_format=value,
    )  # fmt: skip


def _status_chart(counts: dict[str, int]) -> Markup:
    labels = services.status_labels()
    return bar_chart([(labels[s], c) for s, c in counts.items()], title=_("Results by status"),
                     value_format=lambda v: str(format_decimal(int(v))))  # fmt: skip


def _listing(query: Any, template: str, **context: Any) -> str:
    page = paginate(query, PER_PAGE)
    totals = queries.totals(query)
    counts = queries.status_counts(query)
    return render_template(
        template, page=page, figures=queries.figures(page.items), totals=totals,
        totals_charts=[(t, _totals_chart(t)) for t in totals], counts=counts,
        status_chart=_status_chart(counts),
        statuses=services.status_labels(), money=money, **context,
    )  # fmt: skip


@bp.get("/", endpoint="list")
def result_list() -> ResponseReturnValue:
    filters = _filters()
    return _listing(
        queries.listing_query(g.municipality, filters), "followup/list.html", filters=filters,
        districts=queries.districts(g.municipality.id),
    )  # fmt: skip


@network_bp.get("/", endpoint="list")
def network_list() -> ResponseReturnValue:
    filters = _filters(network=True)
    return _listing(
        queries.network_query(filters), "followup/network.html", filters=filters,
        municipalities=queries.municipalities_with_results(),
        districts=queries.districts(filters.municipality_id) if filters.municipality_id else [],
    )  # fmt: skip


@bp.get("/<int:result_id>")
def detail(result_id: int) -> ResponseReturnValue:
    result = get_or_404(Result, result_id)
    found = services.source_of(result)
    steps = list(found[0].steps(found[1])) if found and found[0].steps else []
    figures = queries.figures([result])[result.id]
    return render_template(
        "followup/detail.html", result=result, source=found, steps=steps,
        history=services.history(result), milestones=services.milestones_of(result),
        links=chain.procurement(result), figures=figures,
        following=notifications.is_following(current_user, result),
        statuses=services.status_labels(), money=money,
    )  # fmt: skip


# Staff ----------------------------------------------------------------------------------------


def _staff_result(result_id: int) -> Result:
    result = get_or_404(Result, result_id)
    require("followup.manage", result)
    return result


def _back(result: Result) -> str:
    return url_for(".detail", result_id=result.id)


@bp.route("/staff/<int:result_id>/update", methods=["GET", "POST"])
def publish_update(result_id: int) -> Rendered:
    result = _staff_result(result_id)
    form = UpdateForm()
    if request.method == "GET":
        form.status.data, form.progress.data = result.status, result.progress
    return submit(
        form,
        lambda: services.update_result(result, actor=actor(), status=form.status.data,
                                       progress=form.progress.data, note=form.note.data),
        render=page("followup/update.html", form=form, result=result),
        then=_back(result),
        success=_("The update was published and followers were notified."),
        error_field=field_of,
    )  # fmt: skip


@bp.route("/staff/<int:result_id>/edit", methods=["GET", "POST"])
def edit(result_id: int) -> Rendered:
    result = _staff_result(result_id)
    form = ResultForm(obj=result)
    return submit(
        form,
        lambda: services.edit_result(result, actor=actor(), details=services.Details(
            title=form.title.data, description=form.description.data,
            district=form.district.data, start_date=form.start_date.data,
            end_date=form.end_date.data, amount=form.amount.data)),
        render=page("followup/edit.html", form=form, result=result),
        then=_back(result),
        success=_("The result was saved."),
        error_field=field_of,
    )  # fmt: skip


def _milestone_of(result: Result, milestone_id: int) -> Milestone:
    milestone = db.session.scalars(
        select(Milestone).where(Milestone.id == milestone_id, Milestone.result_id == result.id,
                                Milestone.municipality_id == g.municipality.id)
    ).first()  # fmt: skip
    if milestone is None:
        abort(404)
    return milestone


def _save_milestone(
    result: Result, milestone: Milestone | None, save: Callable[..., Milestone], success: str
) -> Rendered:
    """The add and edit pages: one form and page, only the service and the message differ."""
    form = MilestoneForm(obj=milestone)
    return submit(
        form,
        lambda: save(actor=actor(), title=form.title.data, due_date=form.due_date.data,
                     done_date=form.done_date.data),
        render=page("followup/milestone.html", form=form, result=result, milestone=milestone),
        then=_back(result) + "#milestones",
        success=success,
        error_field=field_of,
    )  # fmt: skip


@bp.route("/staff/<int:result_id>/milestones/new", methods=["GET", "POST"])
def add_milestone(result_id: int) -> Rendered:
    result = _staff_result(result_id)
    return _save_milestone(
        result, None, partial(services.add_milestone, result), _("The milestone was added.")
    )


@bp.route("/staff/<int:result_id>/milestones/<int:milestone_id>/edit", methods=["GET", "POST"])
def edit_milestone(result_id: int, milestone_id: int) -> Rendered:
    result = _staff_result(result_id)
    milestone = _milestone_of(result, milestone_id)
    return _save_milestone(
        result,
        milestone,
        partial(services.edit_milestone, result, milestone),
        _("The milestone was saved."),
    )


@bp.post("/staff/<int:result_id>/milestones/<int:milestone_id>/delete")
def delete_milestone(result_id: int, milestone_id: int) -> Rendered:
    result = _staff_result(result_id)
    milestone = _milestone_of(result, milestone_id)
    return perform(
        lambda: services.delete_milestone(result, milestone, actor=actor()),
        then=_back(result) + "#milestones",
        success=_("The milestone was removed."),
    )


@bp.app_template_global("followup_result_of")
def _result_of(kind: str, source_id: int) -> Result | None:
    """The follow-up of a source, for the pages of other features (a proposal's page)."""
    municipality = g.get("municipality")
    if municipality is None or not has_linked("followup", kind, source_id):
        return None
    return services.result_of(municipality, kind, source_id)


bp.add_app_template_global(services.status_label, "followup_status_label")
