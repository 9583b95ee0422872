"""Ballot pages: voting, receipts and results for everyone; preparing and closing for staff."""

from __future__ import annotations

import json

from flask import abort, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participa.consultations.models import Consultation
from participa.consultations.services import with_phases
from participa.core.authz import can, require
from participa.core.downloads import attachment, csv_rows
from participa.core.errors import DomainError, field_of
from participa.core.params import parse_int
from participa.core.submit import Rendered, act, actor, page, run, submit
from participa.core.tenancy import get_or_404, one_of_or_404, visible_or_404
from participa.voting import box as boxes
from participa.voting import bp, results_view, services
from participa.voting.forms import (
    BallotForm,
    DeskForm,
    ProposalOptionsForm,
    QuestionForm,
    StationForm,
    VoteForm,
)
from participa.voting.models import Ballot, PollingStation, QuestionKind


def _load(ballot_id: int) -> Ballot:
    """The ballot, closed first if its voting phase has ended since the last visit."""
    # Drafts do not exist for the public; the policies ask for the consultation's open phase.
    ballot = visible_or_404(Ballot, ballot_id, "voting.view", with_phases(Ballot.consultation))
    if services.is_due(ballot):
        run(lambda: services.close_if_due(ballot))
    return ballot


def _detail_url(ballot: Ballot) -> str:
    return url_for("voting.detail", ballot_id=ballot.id)


# Everyone ---------------------------------------------------------------------------------------


@bp.get("/<int:ballot_id>")
def detail(ballot_id: int) -> Rendered:
    ballot = _load(ballot_id)
    return _render_detail(ballot, VoteForm(), None, 200)


def _render_detail(
    ballot: Ballot, form: VoteForm, choices: services.Choices | None, status: int
) -> Rendered:
    user = current_user
    if choices is None:
        own = boxes.own_content(ballot.box, user) or {}
        choices = services.Choices(content={k: list(v) for k, v in own.items()})
    return (
        render_template(
            "voting/detail.html",
            ballot=ballot,
            form=form,
            choices=choices,
            **vars(boxes.standing(ballot.box, user)),  # voted, in_person, receipt: one query
            may_vote=services.may_vote(user, ballot),
            voting_open=services.voting_is_open(ballot),
            ends_at=ballot.consultation.voting_ends_at,
            results=results_view.present(services.results(ballot)),
            **_staff_context(ballot),
        ),
        status,
    )


def _staff_context(ballot: Ballot) -> dict[str, object]:
    if not can(current_user, "voting.enter_paper", ballot) and not can(
        current_user, "voting.edit", ballot
    ):
        return {"voters": 0, "stations": []}
    return {"voters": boxes.voters(ballot.box), "stations": services.stations(ballot)}


@bp.post("/<int:ballot_id>/vote")
def vote(ballot_id: int) -> Rendered:
    ballot = _load(ballot_id)
    if not current_user.is_authenticated:
        require("voting.vote", ballot)  # sends anonymous people to the login page
    form = VoteForm()
    choices = services.read_choices(ballot, request.form.to_dict(flat=False))
    return submit(
        form,
        lambda: services.cast_ballot(ballot, user=actor(), choices=choices),
        render=lambda status: _render_detail(ballot, form, choices, status),
        # The id from the URL: after the commit, ballot.id would load the ballot again.
        then=lambda receipt: url_for(".detail", ballot_id=ballot_id, _anchor="receipt"),
        success=lambda receipt: _("Your vote is recorded. Your receipt code is %(code)s.",
                                  code=receipt),
    )  # fmt: skip


@bp.get("/<int:ballot_id>/receipts")
def receipts(ballot_id: int) -> Rendered:
    ballot = _load(ballot_id)
    form, checked, status = boxes.receipt_lookup(ballot.box, request.args)
    return (
        render_template(
            "voting/receipts.html",
            ballot=ballot,
            form=form,
            checked=checked,
            codes=boxes.receipts(ballot.box),
        ),
        status,
    )


def _published(ballot_id: int) -> tuple[Ballot, services.Results]:
    """The ballot and its results; 404 until they are published."""
    ballot = _load(ballot_id)
    results = services.results(ballot)
    if results is None:
        abort(404)
    return ballot, results


@bp.get("/<int:ballot_id>/results.csv")
def results_csv(ballot_id: int) -> Rendered:
    ballot, results = _published(ballot_id)
    body = "".join(csv_rows(results_view.CSV_HEADER, results_view.csv_lines(results)))
    return attachment(
        body, mimetype="text/csv", filename=f"{g.municipality.slug}-ballot-{ballot.id}.csv"
    )


@bp.get("/<int:ballot_id>/results.json")
def results_json(ballot_id: int) -> Rendered:
    ballot, results = _published(ballot_id)
    body = json.dumps(results_view.as_json(ballot, results), ensure_ascii=False, indent=1)
    return attachment(
        body,
        mimetype="application/json",
        filename=f"{g.municipality.slug}-ballot-{ballot.id}.json",
    )


# Staff: preparing ------------------------------------------------------------------------------


@bp.route("/new/<int:consultation_id>", methods=["GET", "POST"])
def create(consultation_id: int) -> Rendered:
    consultation = get_or_404(Consultation, consultation_id)
    require("voting.create", consultation)
    form = BallotForm()
    return submit(
        form,
        lambda: services.create_ballot(consultation, actor=actor(), data=form.data),
        render=lambda status: _render_form(form, None, consultation, status),
        then=_detail_url,
        success=_("Ballot saved as a draft. Add its questions, then open it."),
    )


@bp.route("/<int:ballot_id>/edit", methods=["GET", "POST"])
def edit(ballot_id: int) -> Rendered:
    ballot = _load(ballot_id)
    require("voting.edit", ballot)
    form = BallotForm(obj=ballot if request.method == "GET" else None)
    return submit(
        form,
        lambda: services.update_ballot(ballot, actor=actor(), data=form.data),
        render=lambda status: _render_form(form, ballot, ballot.consultation, status),
        then=_detail_url(ballot),
        success=_("Ballot saved."),
    )


def _render_form(
    form: BallotForm, ballot: Ballot | None, consultation: Consultation, status: int
) -> Rendered:
    return (
        render_template("voting/form.html", form=form, ballot=ballot, consultation=consultation),
        status,
    )


@bp.route("/<int:ballot_id>/questions/new", methods=["GET", "POST"])
@bp.route("/<int:ballot_id>/questions/<int:question_id>/edit", methods=["GET", "POST"])
def question(ballot_id: int, question_id: int | None = None) -> Rendered:
    ballot = _load(ballot_id)
    require("voting.edit_questions", ballot)
    existing = one_of_or_404(ballot.questions, question_id) if question_id is not None else None
    form = QuestionForm()
    if request.method == "GET" and existing is not None:
        form.title.data = existing.title
        form.kind.data = existing.kind
        form.max_choices.data = existing.max_choices
        form.options.data = "\n".join(o.title for o in existing.options)
    return submit(
        form,
        lambda: services.save_question(ballot, actor=actor(), data=form.data, question=existing),
        render=page("voting/question.html", form=form, ballot=ballot, question=existing),
        then=_detail_url(ballot),
        success=_("Question saved."),
        error_field=field_of,
    )


@bp.post("/<int:ballot_id>/questions/<int:question_id>/delete")
def delete_question(ballot_id: int, question_id: int) -> Rendered:
    ballot = _load(ballot_id)
    require("voting.edit_questions", ballot)
    question = one_of_or_404(ballot.questions, question_id)
    return act(
        lambda: services.delete_question(question, actor=actor()),
        then=_detail_url(ballot),
        success=_("Question removed."),
    )


@bp.route("/<int:ballot_id>/questions/<int:question_id>/proposals", methods=["GET", "POST"])
def proposal_options(ballot_id: int, question_id: int) -> Rendered:
    ballot = _load(ballot_id)
    require("voting.edit_questions", ballot)
    question = one_of_or_404(ballot.questions, question_id)
    candidates = services.linkable_proposals(question)
    form = ProposalOptionsForm()
    form.proposals.choices = [(p.id, p.title) for p in candidates]
    by_id = {p.id: p for p in candidates}
    return submit(
        form,
        lambda: services.add_proposal_options(
            question, [by_id[i] for i in form.proposals.data], actor=actor()
        ),
        render=page("voting/proposal_options.html", form=form, ballot=ballot, question=question),
        then=_detail_url(ballot),
        success=_("Options added."),
    )


@bp.post("/<int:ballot_id>/open")
def open_ballot(ballot_id: int) -> Rendered:
    ballot = _load(ballot_id)
    require("voting.open", ballot)
    return act(
        lambda: services.open_ballot(ballot, actor=actor()),
        then=_detail_url(ballot),
        success=_("The ballot is open: people can vote during the voting phase."),
    )


@bp.post("/<int:ballot_id>/close")
def close_ballot(ballot_id: int) -> Rendered:
    ballot = _load(ballot_id)
    require("voting.close", ballot)
    return act(
        lambda: services.close_ballot(ballot, actor=actor()),
        then=_detail_url(ballot),
        success=_("The ballot is closed and its results are published."),
    )


# Staff: paper ballots and the desk --------------------------------------------------------------


def _read_tallies(ballot: Ballot) -> tuple[dict[int, int], list[str]]:
    tallies: dict[int, int] = {}
    for q in ballot.questions:
        if q.kind == QuestionKind.RANKED:
            continue
        for option in q.options:
            raw = request.form.get(f"t{option.id}", "").strip()
            number = parse_int(raw, max=10_000_000) if raw else 0
            if number is None:
                return tallies, [_("Enter whole numbers of votes, 0 or more.")]
            tallies[option.id] = number
    return tallies, []


def _station(ballot: Ballot, station_id: int) -> PollingStation:
    found = next((s for s in services.stations(ballot) if s.id == station_id), None)
    if found is None:
        abort(404)
    return found


@bp.route("/<int:ballot_id>/stations/new", methods=["GET", "POST"])
@bp.route("/<int:ballot_id>/stations/<int:station_id>/edit", methods=["GET", "POST"])
def station(ballot_id: int, station_id: int | None = None) -> Rendered:
    ballot = _load(ballot_id)
    require("voting.enter_paper", ballot)
    existing = _station(ballot, station_id) if station_id is not None else None
    form = StationForm(obj=existing if request.method == "GET" else None)
    typed = {t.option_id: t.votes for t in existing.tallies} if existing else {}
    tallies, problems = ({}, []) if request.method == "GET" else _read_tallies(ballot)

    def change() -> PollingStation:
        if problems:
            raise DomainError(problems[0], status=422)
        return services.save_station(
            ballot, actor=actor(), name=form.name.data, ballots_cast=form.ballots_cast.data,
            tallies=tallies, station=existing,
        )  # fmt: skip

    def render(status: int) -> Rendered:
        values: dict[str, object] = {str(k): v for k, v in typed.items()}
        if request.method == "POST":
            values = {k[1:]: v for k, v in request.form.items() if k.startswith("t")}
        return (
            render_template(
                "voting/station.html", form=form, ballot=ballot, station=existing, values=values
            ),
            status,
        )

    return submit(
        form, change, render=render, then=_detail_url(ballot), success=_("Paper totals saved.")
    )


@bp.post("/<int:ballot_id>/stations/<int:station_id>/delete")
def delete_station(ballot_id: int, station_id: int) -> Rendered:
    ballot = _load(ballot_id)
    require("voting.enter_paper", ballot)
    existing = _station(ballot, station_id)
    return act(
        lambda: services.delete_station(existing, ballot, actor=actor()),
        then=_detail_url(ballot),
        success=_("Polling station removed."),
    )


@bp.route("/<int:ballot_id>/desk", methods=["GET", "POST"])
def desk(ballot_id: int) -> Rendered:
    ballot = _load(ballot_id)
    require("voting.record_in_person", ballot)
    form = DeskForm()
    return submit(
        form,
        lambda: services.record_in_person_by_email(ballot, email=form.email.data, actor=actor()),
        render=page("voting/desk.html", form=form, ballot=ballot),
        then=url_for(".desk", ballot_id=ballot.id),
        success=_("Recorded: this person voted in person and cannot vote online."),
        error_field="email",
    )
