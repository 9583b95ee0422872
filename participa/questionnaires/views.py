"""Questionnaire pages: answering and results for everyone; preparing and moderating for staff."""

from __future__ import annotations

import json

from flask import abort, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_login import current_user

from participa.consultations.models import Consultation
from participa.core.authz import can, require
from participa.core.downloads import attachment, csv_rows
from participa.core.errors import DomainError, field_of
from participa.core.ratelimits import configured
from participa.core.submit import Rendered, act, actor, page, submit
from participa.core.tenancy import get_or_404, one_of_or_404, visible_or_404
from participa.extensions import limiter
from participa.questionnaires import bp, results, services
from participa.questionnaires.forms import ButtonForm, QuestionForm, QuestionnaireForm
from participa.questionnaires.models import Questionnaire


def phase_labels() -> dict[str, str]:
    return {
        "information": str(_l("Information")),
        "proposals": str(_l("Proposals")),
        "supports": str(_l("Supports")),
        "voting": str(_l("Voting")),
        "results": str(_l("Results")),
    }


def _load(questionnaire_id: int) -> Questionnaire:
    # Drafts look missing to the public.
    return visible_or_404(Questionnaire, questionnaire_id, "questionnaires.view")


def _detail_url(questionnaire: Questionnaire) -> str:
    return url_for("questionnaires.detail", questionnaire_id=questionnaire.id)


# Everyone ---------------------------------------------------------------------------------------


@bp.get("/<int:questionnaire_id>")
def detail(questionnaire_id: int) -> Rendered:
    questionnaire = _load(questionnaire_id)
    own = services.own_response(current_user, questionnaire)
    answers = services.answers_from_response(questionnaire, own)
    return _render_detail(questionnaire, ButtonForm(), answers, own is not None, 200)


def _render_detail(
    questionnaire: Questionnaire,
    form: ButtonForm,
    answers: services.Answers,
    answered: bool,
    status: int,
) -> Rendered:
    staff = can(current_user, "questionnaires.edit", questionnaire)
    return (
        render_template(
            "questionnaires/detail.html",
            questionnaire=questionnaire,
            form=form,
            answers=answers,
            answered=answered,
            accepting=services.is_accepting(questionnaire),
            over=services.is_over(questionnaire),
            closes_at=services.closes_at(questionnaire),
            refusal=services.response_refusal(current_user, questionnaire),
            frozen=staff and services.questions_frozen(questionnaire),
            staff=staff,
            phase_labels=phase_labels(),
        ),
        status,
    )


@bp.post("/<int:questionnaire_id>/respond")
@limiter.limit(
    configured("RATELIMIT_QUESTIONNAIRE_ANONYMOUS", "5 per hour"),
    key_func=get_remote_address,
    exempt_when=lambda: bool(current_user.is_authenticated),
)
def respond(questionnaire_id: int) -> Rendered:
    questionnaire = _load(questionnaire_id)
    require("questionnaires.respond", questionnaire)
    form = ButtonForm()
    answers = services.read_answers(questionnaire, request.form.to_dict(flat=False))
    answered = services.own_response(current_user, questionnaire) is not None
    signed_in = current_user.is_authenticated
    return submit(
        form,
        lambda: services.submit_response(questionnaire, user=current_user, answers=answers),
        render=lambda status: _render_detail(questionnaire, form, answers, answered, status),
        then=url_for(".detail", questionnaire_id=questionnaire_id, _anchor="answer"),
        success=(_("Thank you: your answers are saved. You can change them until the close.")
                 if signed_in else _("Thank you: your answers are saved.")),
    )  # fmt: skip


def _results_or_404(questionnaire_id: int) -> Questionnaire:
    questionnaire = _load(questionnaire_id)
    if not can(current_user, "questionnaires.view_results", questionnaire):
        abort(404)
    return questionnaire


@bp.get("/<int:questionnaire_id>/results")
def results_page(questionnaire_id: int) -> Rendered:
    questionnaire = _results_or_404(questionnaire_id)
    moderate = can(current_user, "questionnaires.moderate", questionnaire)
    res = results.results(questionnaire, include_hidden=moderate)
    return render_template(
        "questionnaires/results.html",
        questionnaire=questionnaire,
        res=res,
        views=results.present(res),
        moderate=moderate,
        form=ButtonForm(),
        visible=services.results_visible(questionnaire),
        smallest=results.SMALLEST_GROUP,
    )


def _filename(questionnaire: Questionnaire, what: str) -> str:
    return f"{g.municipality.slug}-questionnaire-{questionnaire.id}-{what}"


@bp.get("/<int:questionnaire_id>/results.csv")
def results_csv(questionnaire_id: int) -> Rendered:
    questionnaire = _results_or_404(questionnaire_id)
    res = results.results(questionnaire)
    body = "".join(csv_rows(results.CSV_HEADER, results.csv_lines(res)))
    return attachment(body, mimetype="text/csv", filename=_filename(questionnaire, "results.csv"))


@bp.get("/<int:questionnaire_id>/results.json")
def results_json(questionnaire_id: int) -> Rendered:
    questionnaire = _results_or_404(questionnaire_id)
    body = json.dumps(results.as_json(results.results(questionnaire)), ensure_ascii=False, indent=1)
    return attachment(
        body, mimetype="application/json", filename=_filename(questionnaire, "results.json")
    )


@bp.get("/<int:questionnaire_id>/answers.csv")
def answers_csv(questionnaire_id: int) -> Rendered:
    questionnaire = _results_or_404(questionnaire_id)
    lines = results.anonymised_answers(questionnaire)
    body = "".join(csv_rows(results.ANSWERS_HEADER, lines))
    return attachment(body, mimetype="text/csv", filename=_filename(questionnaire, "answers.csv"))


# Staff ------------------------------------------------------------------------------------------


def _phase_choices(consultation: Consultation) -> list[tuple[str, str]]:
    labels = phase_labels()
    return [(p.kind, labels[p.kind]) for p in consultation.phases if p.kind in labels]


@bp.route("/new/<int:consultation_id>", methods=["GET", "POST"])
def create(consultation_id: int) -> Rendered:
    consultation = get_or_404(Consultation, consultation_id)
    require("questionnaires.create", consultation)
    form = QuestionnaireForm()
    form.phase_kind.choices = _phase_choices(consultation)
    return submit(
        form,
        lambda: services.create_questionnaire(consultation, actor=actor(), data=form.data),
        render=page("questionnaires/form.html", form=form, questionnaire=None,
                    consultation=consultation),
        then=_detail_url,
        success=_("Questionnaire saved as a draft. Add its questions, then publish it."),
        error_field=field_of,
    )  # fmt: skip


@bp.route("/<int:questionnaire_id>/edit", methods=["GET", "POST"])
def edit(questionnaire_id: int) -> Rendered:
    questionnaire = _load(questionnaire_id)
    require("questionnaires.edit", questionnaire)
    form = QuestionnaireForm(obj=questionnaire if request.method == "GET" else None)
    form.phase_kind.choices = _phase_choices(questionnaire.consultation)
    return submit(
        form,
        lambda: services.update_questionnaire(questionnaire, actor=actor(), data=form.data),
        render=page("questionnaires/form.html", form=form, questionnaire=questionnaire,
                    consultation=questionnaire.consultation),
        then=_detail_url(questionnaire),
        success=_("Questionnaire saved."),
        error_field=field_of,
    )  # fmt: skip


@bp.route("/<int:questionnaire_id>/questions/new", methods=["GET", "POST"])
@bp.route("/<int:questionnaire_id>/questions/<int:question_id>/edit", methods=["GET", "POST"])
def question(questionnaire_id: int, question_id: int | None = None) -> Rendered:
    questionnaire = _load(questionnaire_id)
    require("questionnaires.edit_questions", questionnaire)
    existing = (
        one_of_or_404(questionnaire.questions, question_id) if question_id is not None else None
    )
    form = QuestionForm()
    if request.method == "GET" and existing is not None:
        form.title.data = existing.title
        form.help.data = existing.help
        form.kind.data = existing.kind
        form.profile.data = existing.profile or ""
        form.required.data = existing.required
        form.max_length.data = existing.max_length
        form.choices.data = "\n".join(existing.choices)
        form.rows.data = "\n".join(existing.rows)
    return submit(
        form,
        lambda: services.save_question(
            questionnaire, actor=actor(), data=form.data, question=existing
        ),
        render=page("questionnaires/question.html", form=form, questionnaire=questionnaire,
                    question=existing),
        then=_detail_url(questionnaire),
        success=_("Question saved."),
        error_field=field_of,
    )  # fmt: skip


@bp.post("/<int:questionnaire_id>/questions/<int:question_id>/delete")
def delete_question(questionnaire_id: int, question_id: int) -> Rendered:
    questionnaire = _load(questionnaire_id)
    require("questionnaires.edit_questions", questionnaire)
    existing = one_of_or_404(questionnaire.questions, question_id)
    return act(
        lambda: services.delete_question(existing, actor=actor()),
        then=_detail_url(questionnaire),
        success=_("Question removed."),
    )


@bp.post("/<int:questionnaire_id>/questions/<int:question_id>/move")
def move_question(questionnaire_id: int, question_id: int) -> Rendered:
    questionnaire = _load(questionnaire_id)
    require("questionnaires.reorder", questionnaire)
    existing = one_of_or_404(questionnaire.questions, question_id)
    direction = request.form.get("direction", "")
    if direction not in ("up", "down"):
        raise DomainError(_("Choose whether to move the question up or down."), status=400)
    return act(
        lambda: services.move_question(existing, actor=actor(), up=direction == "up"),
        then=_detail_url(questionnaire),
        success=_("Question moved."),
    )


@bp.post("/<int:questionnaire_id>/publish")
def publish(questionnaire_id: int) -> Rendered:
    questionnaire = _load(questionnaire_id)
    require("questionnaires.publish", questionnaire)
    return act(
        lambda: services.publish(questionnaire, actor=actor()),
        then=_detail_url(questionnaire),
        success=_("The questionnaire is published: people can answer it during its phase."),
    )


@bp.post("/<int:questionnaire_id>/answers/<int:answer_id>/visibility")
def answer_visibility(questionnaire_id: int, answer_id: int) -> Rendered:
    questionnaire = _load(questionnaire_id)
    require("questionnaires.moderate", questionnaire)
    answer = services.text_answer(questionnaire, answer_id)
    if answer is None:
        abort(404)
    hide = request.form.get("hide") == "1"
    return act(
        lambda: services.set_answer_hidden(answer, questionnaire, actor=actor(), hidden=hide),
        then=url_for(".results_page", questionnaire_id=questionnaire_id, _anchor="texts"),
        success=_("Answer hidden.") if hide else _("Answer shown again."),
    )
