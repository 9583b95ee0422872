"""Challenge pages: the member's and the network's lists, a challenge with its submit form,
staff forms (challenge, partners, evaluation, report), solutions and their documents."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import (
    Response,
    abort,
    g,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user

from participa.challenges import bp, network_bp, queries, services
from participa.challenges.forms import (
    ChallengeForm,
    PartnerForm,
    ReportForm,
    ShortlistForm,
    SolutionForm,
)
from participa.challenges.models import Challenge, ChallengePartner, Solution
from participa.core import documents
from participa.core.authz import can, require
from participa.core.errors import DomainError
from participa.core.pagination import paginate
from participa.core.params import int_arg
from participa.core.ratelimits import configured, person_key
from participa.core.submit import Rendered, actor, page, perform, submit
from participa.core.tenancy import get_or_404, visible_or_404
from participa.core.topics import topic_choices
from participa.extensions import limiter

PER_PAGE = 20

_Part = TypeVar("_Part", Solution, ChallengePartner)


# Like comments: a person may not flood a challenge with solutions, nor one address with accounts.
post_limit = limiter.shared_limit(
    configured("CHALLENGE_SOLUTION_RATE_LIMIT", "5 per minute;30 per day"),
    scope="challenges-solution",
    key_func=person_key,
    methods=["POST"],
)
post_ip_limit = limiter.shared_limit(
    configured("CHALLENGE_SOLUTION_IP_RATE_LIMIT", "20 per minute;200 per day"),
    scope="challenges-solution-ip",
    key_func=get_remote_address,
    methods=["POST"],
)


def _choices() -> dict[str, Any]:
    return {
        "states": [(code, services.state_label(code)) for code in services.STATE_LABELS],
        "kinds": list(services.KIND_LABELS.items()),
        "topics": topic_choices(),
    }


def _listing(query: Any, template: str, endpoint: str, **context: Any) -> str:
    found = paginate(query, PER_PAGE, key=Challenge.id)
    return render_template(
        template,
        page=found,
        endpoint=endpoint,
        counts=services.solution_counts(c.id for c in found.items),
        phase=services.phase,
        kind_label=services.kind_label,
        state_label=services.state_label,
        **_choices(),
        **context,
    )


@bp.get("/", endpoint="list")
def challenge_list() -> ResponseReturnValue:
    filters = queries.Filters.of(request.args)
    staff = can(current_user, "challenges.create", g.municipality)
    if filters.state == "draft" and not staff:
        filters.state = None
    query = queries.listing_query(filters, municipality_id=g.municipality.id, with_drafts=staff)
    return _listing(query, "challenges/list.html", "challenges.list", filters=filters,
                    staff=staff)  # fmt: skip


@network_bp.get("/", endpoint="list")
def network_list() -> ResponseReturnValue:
    filters = queries.Filters.of(request.args, int_arg("member", lenient=True))
    if filters.state == "draft":
        filters.state = None
    return _listing(
        queries.listing_query(filters), "challenges/network.html", "challenges_network.list",
        filters=filters, members=queries.members_with_challenges(),
    )  # fmt: skip


def _challenge(challenge_id: int) -> Challenge:
    return visible_or_404(Challenge, challenge_id, "challenges.view")


def _detail(challenge: Challenge, form: SolutionForm | None = None, status: int = 200) -> Rendered:
    if form is None and can(current_user, "challenges.submit", challenge):
        form = SolutionForm()
    counts = services.solution_counts([challenge.id])
    return render_template(
        "challenges/detail.html",
        challenge=challenge,
        phase=services.phase(challenge),
        form=form,
        count=counts.get(challenge.id, 0),
        own=services.own_solutions(challenge, current_user),
        selected=services.selected_solutions(challenge) if challenge.is_closed else [],
        kind_label=services.kind_label,
        state_label=services.state_label,
        partner_kind_label=services.partner_kind_label,
        status_label=services.status_label,
    ), status


@bp.get("/<int:challenge_id>")
def detail(challenge_id: int) -> Rendered:
    return _detail(_challenge(challenge_id))


# Solutions -------------------------------------------------------------------------------------


@bp.post("/<int:challenge_id>/solutions")
@post_limit
@post_ip_limit
def submit_solution(challenge_id: int) -> Rendered:
    challenge = _challenge(challenge_id)
    require("challenges.submit", challenge)
    form = SolutionForm()
    return submit(
        form,
        lambda: services.submit_solution(
            challenge, author=actor(), data=form.values(), document=form.document.data
        ),
        render=lambda status: _detail(challenge, form, status),
        then=lambda s: url_for(".detail", challenge_id=challenge.id, _anchor=f"solution-{s.id}"),
        success=_("Your solution was submitted. Staff will see it; it is published if it is "
                  "shortlisted."),
        error_field=_file_refusal_on("document"),
    )  # fmt: skip


def _part(model: type[_Part], item_id: int, challenge_id: int) -> _Part:
    """A solution or partner of the challenge in the address; another challenge's looks missing."""
    item = get_or_404(model, item_id)
    if item.challenge_id != challenge_id:
        abort(404)
    return item


def _file_refusal_on(field: str) -> Callable[[DomainError], str | None]:
    """Refusals of the uploaded file (too large, not a document, scanner unavailable) show under
    ``field``; the others above the form."""
    return lambda exc: field if exc.status in (413, 422, 503) else None


@bp.route("/<int:challenge_id>/solutions/<int:solution_id>/edit", methods=["GET", "POST"])
def edit_solution(challenge_id: int, solution_id: int) -> Rendered:
    solution = _part(Solution, solution_id, challenge_id)
    require("challenges.edit_solution", solution)
    form = SolutionForm(obj=solution if request.method == "GET" else None)
    return submit(
        form,
        lambda: services.edit_solution(
            solution, actor=actor(), data=form.values(), document=form.document.data,
            remove_document=bool(form.remove_document.data),
        ),
        render=page("challenges/solution_form.html", form=form, solution=solution,
                    challenge=solution.challenge),
        then=lambda s: url_for(".detail", challenge_id=challenge_id, _anchor=f"solution-{s.id}"),
        success=_("Your solution was saved."),
        error_field=_file_refusal_on("document"),
    )  # fmt: skip


@bp.get("/<int:challenge_id>/solutions/<int:solution_id>/document")
def solution_document(challenge_id: int, solution_id: int) -> Response:
    solution = _part(Solution, solution_id, challenge_id)
    # Unseen solutions look missing, as their documents do.
    if not can(current_user, "challenges.view_solution", solution):
        abort(404)
    return documents.download(solution.document, solution.title)


@bp.get("/<int:challenge_id>/partners/<int:partner_id>/agreement")
def agreement(challenge_id: int, partner_id: int) -> Response:
    challenge = _challenge(challenge_id)
    partner = _part(ChallengePartner, partner_id, challenge.id)
    return documents.download(partner.agreement, partner.name)


# Staff -----------------------------------------------------------------------------------------


@bp.route("/new", methods=["GET", "POST"])
def create() -> Rendered:
    require("challenges.create", g.municipality)
    form = ChallengeForm()
    return submit(
        form,
        lambda: services.create_challenge(
            g.municipality, actor=actor(), data=form.values(g.municipality.timezone)
        ),
        render=page("challenges/form.html", form=form, challenge=None),
        then=lambda c: url_for(".detail", challenge_id=c.id),
        success=_("The challenge was saved as a draft: add its partners, then publish it."),
    )


@bp.route("/<int:challenge_id>/edit", methods=["GET", "POST"])
def edit(challenge_id: int) -> Rendered:
    challenge = get_or_404(Challenge, challenge_id)
    require("challenges.edit", challenge)
    form = ChallengeForm()
    if request.method == "GET":
        form.fill(challenge, g.municipality.timezone)
    return submit(
        form,
        lambda: services.edit_challenge(
            challenge, actor=actor(), data=form.values(g.municipality.timezone)
        ),
        render=page("challenges/form.html", form=form, challenge=challenge),
        then=lambda c: url_for(".detail", challenge_id=c.id),
        success=_("The challenge was saved."),
    )


def _advance(
    challenge_id: int,
    action: str,
    change: Callable[..., Any],
    *,
    success: str,
    then: str,
) -> Rendered:
    """Move a challenge to its next phase with ``change(challenge, actor=)``; a refusal goes to
    the error page with its status."""
    challenge = get_or_404(Challenge, challenge_id)
    require(action, challenge)
    return perform(
        lambda: change(challenge, actor=actor()),
        then=url_for(then, challenge_id=challenge.id),
        success=success,
    )


@bp.post("/<int:challenge_id>/publish")
def publish(challenge_id: int) -> Rendered:
    return _advance(
        challenge_id,
        "challenges.publish",
        services.publish_challenge,
        success=_("The challenge is published and takes solutions."),
        then=".detail",
    )


@bp.post("/<int:challenge_id>/start-evaluation")
def start_evaluation(challenge_id: int) -> Rendered:
    return _advance(
        challenge_id,
        "challenges.start_evaluation",
        services.evaluate_challenge,
        success=_("The challenge no longer takes solutions: evaluate them."),
        then=".evaluation",
    )


@bp.route("/<int:challenge_id>/close", methods=["GET", "POST"])
def close(challenge_id: int) -> Rendered:
    challenge = get_or_404(Challenge, challenge_id)
    require("challenges.close", challenge)
    form = ReportForm()
    return submit(
        form,
        lambda: services.close_challenge(challenge, actor=actor(), report=form.report.data),
        render=page("challenges/close.html", form=form, challenge=challenge),
        then=lambda c: url_for(".detail", challenge_id=c.id, _anchor="report"),
        success=_("The report is published and the challenge is closed."),
    )


@bp.get("/<int:challenge_id>/evaluation")
def evaluation(challenge_id: int) -> Rendered:
    challenge = get_or_404(Challenge, challenge_id)
    require("challenges.view_solutions", challenge)
    return _evaluation(challenge)


def _evaluation(
    challenge: Challenge, failed: tuple[int, ShortlistForm] | None = None, status: int = 200
) -> Rendered:
    solutions = services.solutions_of(challenge)
    forms = {}
    for solution in solutions:
        if failed is not None and failed[0] == solution.id:
            forms[solution.id] = failed[1]
        else:
            forms[solution.id] = ShortlistForm(
                prefix=f"s{solution.id}", status=solution.status, note=solution.note,
                formdata=None,
            )  # fmt: skip
    return render_template(
        "challenges/evaluation.html", challenge=challenge, solutions=solutions, forms=forms,
        phase=services.phase(challenge), state_label=services.state_label,
        status_label=services.status_label,
    ), status  # fmt: skip


@bp.post("/<int:challenge_id>/solutions/<int:solution_id>/shortlist")
def shortlist(challenge_id: int, solution_id: int) -> Rendered:
    solution = _part(Solution, solution_id, challenge_id)
    challenge = solution.challenge
    require("challenges.evaluate", challenge)
    form = ShortlistForm(prefix=f"s{solution.id}")
    return submit(
        form,
        lambda: services.shortlist_solution(
            solution, actor=actor(), status=form.status.data, note=form.note.data
        ),
        render=lambda status: _evaluation(challenge, (solution.id, form), status),
        then=lambda s: url_for(".evaluation", challenge_id=challenge_id,
                               _anchor=f"solution-{s.id}"),
        success=_("The evaluation was saved."),
    )  # fmt: skip


@bp.route("/<int:challenge_id>/partners/new", methods=["GET", "POST"])
def add_partner(challenge_id: int) -> Rendered:
    challenge = get_or_404(Challenge, challenge_id)
    require("challenges.partners", challenge)
    form = PartnerForm()
    return submit(
        form,
        lambda: services.add_partner(
            challenge, actor=actor(), name=form.name.data, kind=form.kind.data,
            agreement_url=form.agreement_url.data, agreement=form.agreement.data,
            ends_on=form.ends_on.data,
        ),
        render=page("challenges/partner_form.html", form=form, challenge=challenge),
        then=lambda p: url_for(".detail", challenge_id=challenge_id, _anchor="partners"),
        success=_("The partner was added."),
        error_field=_file_refusal_on("agreement"),
    )  # fmt: skip


@bp.post("/<int:challenge_id>/partners/<int:partner_id>/delete")
def remove_partner(challenge_id: int, partner_id: int) -> Rendered:
    partner = _part(ChallengePartner, partner_id, challenge_id)
    require("challenges.partners", partner)
    return perform(
        lambda: services.remove_partner(partner, actor=actor()),
        then=url_for(".detail", challenge_id=challenge_id, _anchor="partners"),
        success=_("The partner was removed."),
    )
