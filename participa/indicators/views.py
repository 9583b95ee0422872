"""A municipality's indicator pages: public dashboard and peers, staff self-assessment,
reviewer decisions."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import CombinedMultiDict

from participa.core import jobs
from participa.core.authz import can, require
from participa.core.errors import DomainError
from participa.core.submit import Rendered, act, actor, page, run
from participa.core.submit import submit as submit_form
from participa.core.tenancy import get_or_404, one_of_or_404
from participa.extensions import db
from participa.indicators import (
    archive,
    bp,
    dashboards,
    presenters,
    scoring,
    services,
)
from participa.indicators.forms import (
    AnswerForm,
    ArchiveCopyForm,
    PageForm,
    PeriodForm,
    ReviewAnswerForm,
)
from participa.indicators.framework import framework_version_indicators
from participa.indicators.models import Answer, Assessment, ReviewStatus
from participa.indicators.suggestions import suggest_evidence

logger = logging.getLogger(__name__)


@bp.app_template_filter("indicator_percent")
def _percent(share: float | None) -> str:
    return presenters.percent(share)


@bp.app_template_global("indicator_met")
def _met(score: scoring.Score) -> str:
    return presenters.met_text(score)


def _formdata() -> CombinedMultiDict[str, Any] | None:
    return CombinedMultiDict((request.files, request.form)) if request.method == "POST" else None


# Public -----------------------------------------------------------------------------------------


@bp.get("/", endpoint="dashboard")
def dashboard() -> Rendered:
    board = dashboards.municipality_dashboard(g.municipality)
    groups = services.answers_by_dimension(board.latest.assessment) if board else []
    charts = []
    if board is not None:
        dimensions = [d for d, _a in groups]
        charts.append(
            presenters.radar(g.municipality.name, dimensions, board.latest.by_dimension,
                             dashboards.network_medians())
        )  # fmt: skip
        charts.append(presenters.dimension_chart(dimensions, board.latest.by_dimension))
        if len(board.history) > 1:
            charts.append(presenters.trend_chart(g.municipality.name, board.history))
    return render_template("indicators/dashboard.html", board=board, groups=groups, charts=charts)


@bp.get("/peers")
def peers() -> Rendered:
    assessment = _base_assessment()
    if assessment is not None:
        indicators = [a.indicator for _d, answers in services.answers_by_dimension(assessment)
                      for a in answers if a.value is not True]  # fmt: skip
    else:
        indicators = framework_version_indicators()
    found = dashboards.peers_meeting([i.code for i in indicators], exclude=g.municipality)
    return render_template(
        "indicators/peers.html", assessment=assessment, indicators=indicators, found=found
    )


def _base_assessment() -> Assessment | None:
    """The latest validated assessment; staff fall back to their latest draft."""
    validated = dashboards.validated_assessments(g.municipality)
    if validated:
        return validated[0]
    if can(current_user, "indicators.edit", g.municipality):
        drafts = services.assessments_of(g.municipality)
        return drafts[0] if drafts else None
    return None


# Staff: assessments -----------------------------------------------------------------------------


@bp.route("/assessments/", methods=["GET", "POST"], endpoint="list")
def assessment_list() -> Rendered:
    require("indicators.edit", g.municipality)
    form = PeriodForm()

    def render(status: int) -> Rendered:
        assessments = services.assessments_of(g.municipality)
        scored = dashboards.score_assessments(assessments)
        scores = dict(zip(assessments, scored, strict=True))
        trend = (
            presenters.trend_chart(g.municipality.name, list(reversed(scored)))
            if len(scored) > 1
            else None
        )
        return render_template(
            "indicators/list.html", form=form, assessments=assessments, scores=scores,
            trend=trend,
        ), status  # fmt: skip

    return submit_form(
        form,
        lambda: services.open_assessment(
            g.municipality,
            actor=actor(),
            period=form.period.data,
            cutoff_date=form.cutoff_date.data,
            copy_previous=bool(form.copy_previous.data),
        ),
        render=render,
        then=lambda assessment: url_for(".detail", assessment_id=assessment.id),
        success=_("Assessment opened. Answers are saved as you go."),
        error_field="period",
    )


@bp.get("/assessments/<int:assessment_id>")
def detail(assessment_id: int) -> Rendered:
    assessment = get_or_404(Assessment, assessment_id)
    if not can(current_user, "indicators.view_assessment", assessment):
        if current_user.is_authenticated:
            abort(404)  # an unvalidated assessment does not exist for the public
        require("indicators.view_assessment", assessment)
    groups = services.answers_by_dimension(assessment)
    scores = dashboards.scores_of_answers(assessment, groups)
    return render_template(
        "indicators/detail.html",
        assessment=assessment,
        groups=groups,
        scores=scores,
        by_dimension=scores.by_dimension,
        overall=scores.overall,
        submit_form=PageForm(),
        internal=can(current_user, "indicators.edit", assessment)
        or can(current_user, "indicators.review", assessment),
    )


@bp.route("/assessments/<int:assessment_id>/dimensions/<code>", methods=["GET", "POST"])
def edit(assessment_id: int, code: str) -> Rendered:
    assessment = get_or_404(Assessment, assessment_id)
    require("indicators.edit", assessment)
    services.ensure_editable(assessment)
    groups = services.answers_by_dimension(assessment)
    position = next((i for i, (d, _a) in enumerate(groups) if d.code == code), None)
    if position is None:
        abort(404)
    dimension, answers = groups[position]
    forms = {a.indicator_id: _answer_form(a) for a in answers}
    page = PageForm()
    status = 200
    # Not core.submit: one form per answer, and the refusal names the answers it concerns.
    if request.method == "POST":
        valid = [form.validate() for form in forms.values()]
        if page.validate_on_submit() and all(valid):
            inputs = {indicator_id: form.to_input() for indicator_id, form in forms.items()}
            if not _committed(services.save_answers, assessment, forms, "value", inputs=inputs):
                status = 422
            else:
                _archive_evidence(assessment)
                flash(_("Answers saved."), "success")
                following = groups[position + 1][0].code if position + 1 < len(groups) else None
                if "continue" in request.form and following:
                    return redirect(url_for(".edit", assessment_id=assessment.id, code=following))
                if "continue" in request.form:
                    return redirect(url_for(".detail", assessment_id=assessment.id))
                return redirect(url_for(".edit", assessment_id=assessment.id, code=code))
        else:
            status = 422
    suggestions = suggest_evidence(g.municipality, [a.indicator for a in answers])
    if request.method == "GET":
        # Propose the platform's own page as evidence where nothing was given yet.
        for answer in answers:
            if answer.indicator_id in suggestions and not answer.has_evidence:
                forms[answer.indicator_id].evidence_link.data = suggestions[answer.indicator_id][
                    0
                ].link
    return (
        render_template(
            "indicators/form.html", assessment=assessment, groups=groups, dimension=dimension,
            answers=answers, forms=forms, page=page, suggestions=suggestions,
            has_next=position + 1 < len(groups),
        ),
        status,
    )  # fmt: skip


def _archive_evidence(assessment: Assessment) -> None:
    """Capture the new evidence addresses: by the worker, or right after this request without
    a queue (core.jobs)."""
    if not current_app.config.get("INDICATOR_ARCHIVE_ON_SAVE", True):
        return
    for answer_id in archive.pending(assessment):
        jobs.enqueue(archive.ARCHIVE_JOB.name, answer_id=answer_id)
    db.session.commit()


@bp.route(
    "/assessments/<int:assessment_id>/answers/<int:answer_id>/archive",
    methods=["GET", "POST"],
)
def archive_copy(assessment_id: int, answer_id: int) -> Rendered:
    assessment = get_or_404(Assessment, assessment_id)
    require("indicators.archive_evidence", assessment)
    answer = one_of_or_404(assessment.answers, answer_id)
    form = ArchiveCopyForm()
    if request.method == "POST" and "fetch" in request.form:
        if not PageForm().validate_on_submit():
            abort(400)
        run(lambda: archive.fetch_again(answer, actor=actor()))
        if answer.evidence_archive_status == "archived":
            flash(_("A copy of the evidence is archived."), "success")
        else:
            flash(_("The address could not be fetched. Upload a copy instead."), "error")
        return redirect(url_for(".archive_copy", assessment_id=assessment_id,
                                answer_id=answer_id))  # fmt: skip
    return submit_form(
        form,
        lambda: archive.upload_copy(answer, actor=actor(), file=form.document.data),
        render=page("indicators/archive.html", assessment=assessment, answer=answer, form=form),
        then=url_for(".detail", assessment_id=assessment_id),
        success=_("Copy of the evidence kept."),
        error_field="document",
    )


def _committed(
    change: Callable[..., Any],
    assessment: Assessment,
    forms: dict[int, Any],
    field: str,
    **inputs: Any,
) -> bool:
    """Run ``change`` on the assessment and commit; False when it refuses some answers.

    Each refused answer gets its message on ``field`` of its form, and nothing is kept.
    """
    try:
        change(assessment, actor=actor(), **inputs)
    except services.AnswerErrors as exc:
        db.session.rollback()
        for indicator_id, message in exc.errors.items():
            getattr(forms[indicator_id], field).errors = [message]
        return False
    db.session.commit()
    return True


def _answer_form(answer: Answer) -> AnswerForm:
    form = AnswerForm(
        _formdata(),
        prefix=f"a{answer.indicator_id}",
        data={
            "value": None if answer.value is None else ("yes" if answer.value else "no"),
            "evidence_url": answer.evidence_url,
            "evidence_link": answer.evidence_link,
            "note": answer.note,
            "evidence_date": answer.evidence_date,
            "visibility": "public" if answer.evidence_public else "internal",
        },
    )
    return form


@bp.post("/assessments/<int:assessment_id>/submit")
def submit(assessment_id: int) -> Rendered:
    assessment = get_or_404(Assessment, assessment_id)
    require("indicators.edit", assessment)
    if not PageForm().validate_on_submit():
        abort(400)
    # Unanswered questions are flashed on the page; any other refusal is an error page.
    return act(
        lambda: services.submit_assessment(assessment, actor=actor()),
        then=url_for(".detail", assessment_id=assessment_id),
        success=_("Assessment submitted. A platform reviewer will check every answer."),
        shown=lambda exc: exc.status == 422,
        refused_code=303,
    )


# Reviewers --------------------------------------------------------------------------------------


@bp.route("/assessments/<int:assessment_id>/review", methods=["GET", "POST"])
def review(assessment_id: int) -> Rendered:
    assessment = get_or_404(Assessment, assessment_id)
    require("indicators.review", assessment)
    if assessment.status != "submitted":
        raise DomainError(_("Only submitted assessments can be reviewed."))
    groups = services.answers_by_dimension(assessment)
    forms = {
        a.indicator_id: ReviewAnswerForm(_formdata(), prefix=f"r{a.indicator_id}")
        for _d, answers in groups
        for a in answers
        if a.review_status == ReviewStatus.PENDING
    }
    page = PageForm()
    status = 200
    # Not core.submit: one form per pending answer, and the refusal names the answers.
    if request.method == "POST":
        if not page.validate_on_submit() or not all([f.validate() for f in forms.values()]):
            status = 422
        else:
            decisions = _decisions(forms, accept_rest="accept_rest" in request.form)
            validated = {i: forms[i].validated_value() for i in decisions}
            review_answers = services.review_answers
            if not _committed(
                review_answers, assessment, forms, "comment", decisions=decisions,
                validated=validated,
            ):  # fmt: skip
                status = 422
            else:
                flash(_message_for(assessment.status), "success")
                if assessment.status == "submitted":
                    return redirect(url_for(".review", assessment_id=assessment.id))
                return redirect(url_for(".detail", assessment_id=assessment.id))
    return (
        render_template(
            "indicators/review.html", assessment=assessment, groups=groups, forms=forms,
            page=page,
        ),
        status,
    )  # fmt: skip


def _decisions(
    forms: dict[int, ReviewAnswerForm], *, accept_rest: bool
) -> dict[int, tuple[str, str | None]]:
    decisions: dict[int, tuple[str, str | None]] = {}
    for indicator_id, form in forms.items():
        decision = form.decision.data
        if decision not in (services.ACCEPT, services.RETURN):
            if not accept_rest:
                continue
            decision = services.ACCEPT
        decisions[indicator_id] = (decision, form.comment.data)
    return decisions


def _message_for(status: str) -> str:
    if status == "validated":
        return str(_("Every answer is accepted: the assessment is validated and published."))
    if status == "returned":
        return str(_("The assessment went back to the municipality with your comments."))
    return str(_("Decisions saved. Some answers are still pending."))
