"""Initiative pages: the rules, the list, one initiative, starting, signing, review, answer."""

from __future__ import annotations

from flask import g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participa.core.authz import can, require
from participa.core.errors import DomainError
from participa.core.pagination import paginate
from participa.core.submit import Rendered, actor, page, perform, submit
from participa.core.tenancy import visible_or_404
from participa.db import utcnow
from participa.initiatives import bp, services, signatures
from participa.initiatives.forms import AnswerForm, InitiativeForm, ReviewForm, RulesForm
from participa.initiatives.listing import PUBLIC_FILTERS, STAFF_FILTERS, list_query
from participa.initiatives.models import Initiative

PER_PAGE = 20


def _initiative(initiative_id: int) -> Initiative:
    return visible_or_404(Initiative, initiative_id, "initiatives.view")


def _detail_url(initiative_id: int) -> str:
    # The id from the URL: after a commit, initiative.id would load the row again.
    return url_for(".detail", initiative_id=initiative_id)


@bp.get("/", endpoint="list")
def initiative_list() -> Rendered:
    staff = can(current_user, "initiatives.manage", g.municipality)
    filters = STAFF_FILTERS if staff else PUBLIC_FILTERS
    state = request.args.get("state")
    state = state if state in filters else None
    now = utcnow()
    found = paginate(
        list_query(g.municipality.id, state=state, staff=staff, now=now), PER_PAGE,
        key=Initiative.id,
    )  # fmt: skip
    return render_template(
        "initiatives/list.html",
        page=found,
        state=state,
        filters=[(code, services.state_label(code)) for code in filters],
        rules=services.rules_of(g.municipality),
        current_state=lambda i: services.current_state(i, now),
        state_label=services.state_label,
    )


@bp.get("/rules")
def rules() -> Rendered:
    """The member's published norm: threshold, collection and answer periods."""
    return render_template("initiatives/rules.html", rules=services.rules_of(g.municipality))


@bp.route("/staff/rules", methods=["GET", "POST"])
def configure() -> Rendered:
    require("initiatives.configure", g.municipality)
    current = services.rules_of(g.municipality)
    form = RulesForm(obj=None if request.method == "POST" else current)
    return submit(
        form,
        lambda: services.update_rules(
            g.municipality,
            actor=actor(),
            enabled=bool(form.enabled.data),
            signature_threshold=form.signature_threshold.data,
            collection_days=form.collection_days.data,
            answer_days=form.answer_days.data,
            reminder_days=form.reminder_days.data,
        ),
        render=page("initiatives/configure.html", form=form),
        then=url_for(".rules"),
        success=_("The rules for citizen initiatives have been saved."),
        error_field="reminder_days",
    )


@bp.route("/new", methods=["GET", "POST"])
def create() -> Rendered:
    if not current_user.is_authenticated:
        require("initiatives.create", g.municipality)  # to the login page
    if not services.rules_of(g.municipality).enabled:
        raise DomainError(_("%(name)s does not take citizen initiatives now.",
                            name=g.municipality.name))  # fmt: skip
    require("initiatives.create", g.municipality)
    form = InitiativeForm()
    return submit(
        form,
        lambda: services.start_initiative(
            g.municipality, author=actor(), title=form.title.data, body=form.body.data
        ),
        render=page("initiatives/form.html", form=form),
        then=lambda initiative: url_for(".detail", initiative_id=initiative.id),
        success=_("Your initiative has been sent. Staff will review it before it collects "
                  "signatures."),
        error_field="body",
    )  # fmt: skip


@bp.get("/<int:initiative_id>")
def detail(initiative_id: int) -> Rendered:
    initiative = _initiative(initiative_id)
    from participa.notifications.services import is_following

    return render_template(
        "initiatives/detail.html",
        initiative=initiative,
        state=services.current_state(initiative),
        state_label=services.state_label,
        signed=signatures.has_signed(current_user, initiative),
        following=is_following(current_user, initiative),
    )


@bp.post("/<int:initiative_id>/sign")
def sign(initiative_id: int) -> Rendered:
    initiative = _initiative(initiative_id)
    if not current_user.is_authenticated:
        # Back to the page after signing in (this address takes only POST).
        return redirect(url_for("accounts.login", next=_detail_url(initiative_id)))
    require("initiatives.sign", initiative)
    return perform(
        lambda: signatures.sign(initiative, user=actor()),
        then=_detail_url(initiative_id),
        success=_("Thank you: you signed this initiative."),
    )


@bp.post("/<int:initiative_id>/unsign")
def unsign(initiative_id: int) -> Rendered:
    initiative = _initiative(initiative_id)
    require("initiatives.sign", initiative)
    return perform(
        lambda: signatures.unsign(initiative, user=actor()),
        then=_detail_url(initiative_id),
        success=_("Your signature has been withdrawn."),
    )


@bp.route("/<int:initiative_id>/review", methods=["GET", "POST"])
def review(initiative_id: int) -> Rendered:
    initiative = _initiative(initiative_id)
    require("initiatives.review", initiative)
    form = ReviewForm()

    def decide() -> Initiative:
        decide_fn = services.admit if form.decision.data == "admit" else services.reject
        return decide_fn(initiative, actor=actor(), reason=form.reason.data)

    return submit(
        form,
        decide,
        render=page("initiatives/review.html", initiative=initiative, form=form,
                    rules=services.rules_of(g.municipality)),
        then=_detail_url(initiative_id),
        success=_("The decision has been published."),
        error_field="reason",
    )  # fmt: skip


@bp.route("/<int:initiative_id>/answer", methods=["GET", "POST"])
def answer(initiative_id: int) -> Rendered:
    initiative = _initiative(initiative_id)
    require("initiatives.answer", initiative)
    form = AnswerForm()
    return submit(
        form,
        lambda: services.answer(initiative, actor=actor(), text=form.answer.data),
        render=page("initiatives/answer.html", initiative=initiative, form=form),
        then=_detail_url(initiative_id),
        success=_("The answer has been published and signers told."),
        error_field="answer",
    )
