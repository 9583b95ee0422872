"""Public municipality pages, the residency page and the staff area."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from flask import (
    Response,
    abort,
    current_app,
    g,
    make_response,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_limiter.util import get_remote_address
from flask_login import current_user
from flask_wtf import FlaskForm

from participa.core import audit as audit_log
from participa.core import homes
from participa.core.authz import require
from participa.core.errors import DomainError, field_of
from participa.core.models import AuditEntry
from participa.core.pagination import paginate
from participa.core.participation import Participation, may_take_part
from participa.core.submit import Rendered, act, actor, perform, submit
from participa.core.tenancy import get_or_404, scoped
from participa.extensions import db, limiter
from participa.municipalities import bp, services
from participa.municipalities.census import MAX_CENSUS_BYTES, census_hash, normalise_document
from participa.municipalities.forms import (
    AddMemberForm,
    CensusUploadForm,
    CensusVerificationForm,
    DecisionForm,
    ResidencyRequestForm,
    SettingsForm,
)
from participa.municipalities.models import Membership, ResidencyRequest, VerificationStatus

if TYPE_CHECKING:
    from flask_limiter import RequestLimit, RouteLimit

    from participa.municipalities.census import CensusReport

logger = logging.getLogger(__name__)


def _census_limit_key() -> str:
    # Per account: document numbers are guessable, so attempts are counted per person.
    if current_user.is_authenticated:
        return f"census:user:{current_user.id}"
    return f"census:ip:{get_remote_address()}"


def _census_document_key() -> str:
    # Per document number, whichever account or address tries it; only the census digest (keyed
    # with the secret) reaches the limit storage, never the number itself.
    document = normalise_document(request.form.get("document"))
    return f"census:document:{census_hash(g.municipality.id, document)}"


def _census_breached(_limit: RequestLimit) -> Response | None:
    if not current_user.is_authenticated:
        return None  # the generic "too many requests" page
    message = _(
        "You have tried too many document numbers in a short time. Try again later, or ask "
        "staff to verify you instead."
    )
    return make_response(_render_residency(status=429, error=message))


def _census_limit(setting: str, key_func: Callable[[], str]) -> RouteLimit:
    return limiter.limit(
        lambda: current_app.config[setting], key_func=key_func, on_breach=_census_breached
    )


@bp.get("/")
def home() -> Rendered:
    municipality = g.municipality
    residency = services.residency_of(current_user, municipality)
    return render_template(
        "municipalities/home.html",
        municipality=municipality,
        residency=residency,
        # Signed-out visitors and people neither verified here nor asking to be.
        newcomer=residency is None
        and not may_take_part(current_user, municipality, Participation.VERIFIED),
        open_now=homes.open_now(municipality.id, kind=municipality.kind),
        activity=homes.activity(municipality.id, kind=municipality.kind),
        figures=homes.figures(municipality.id, kind=municipality.kind),
        sections=homes.sections(municipality.kind),
    )


@bp.get("/welcome")
def welcome() -> Rendered:
    municipality = g.municipality
    open_items = homes.open_now(municipality.id, kind=municipality.kind)
    census_total, _claimed = services.census_count(municipality)
    return render_template(
        "municipalities/welcome.html",
        municipality=municipality,
        residency=services.residency_of(current_user, municipality),
        open_now=open_items,
        open_to_anyone=[i for i in open_items if i.participation != Participation.VERIFIED],
        residents_only=[i for i in open_items if i.participation == Participation.VERIFIED],
        has_census=census_total > 0,
    )


@bp.get("/theme.css")
def theme() -> Rendered:
    # The accent colour is validated as #rrggbb on save; served as CSS because the CSP forbids
    # inline styles.
    css = f":root {{ --accent: {g.municipality.accent_color}; }}\n"
    response = Response(css, mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


# Residency --------------------------------------------------------------------------------------


def _render_residency(
    form: ResidencyRequestForm | None = None,
    census_form: CensusVerificationForm | None = None,
    status: int = 200,
    error: str | None = None,
) -> Rendered:
    municipality = g.municipality
    error = error or _take_refusal(form) or _take_refusal(census_form)
    total, _claimed = services.census_count(municipality)
    return (
        render_template(
            "municipalities/residency.html",
            municipality=municipality,
            residency=services.residency_of(current_user, municipality),
            form=form or ResidencyRequestForm(formdata=None),
            census_form=census_form or CensusVerificationForm(formdata=None),
            has_census=total > 0,
            error=error,
        ),
        status,
    )


def _take_refusal(form: FlaskForm | None) -> str | None:
    # Shown on top of the page, not in the form: the new status may hide the form it concerns.
    if form is None or not form.form_errors:
        return None
    message = " ".join(str(m) for m in form.form_errors)
    form.form_errors = []
    return message


@bp.route("/residency", methods=["GET", "POST"])
def residency() -> Rendered:
    require("municipalities.view_residency", g.municipality)
    if request.method == "GET":
        return _render_residency()
    require("municipalities.request_residency", g.municipality)
    form = ResidencyRequestForm()
    return submit(
        form,
        lambda: services.request_residency(g.municipality, user=actor(), note=form.note.data),
        render=lambda status: _render_residency(form=form, status=status),
        then=url_for(".residency"),
        success=_("Your request has been sent. Staff will review it."),
    )


@bp.post("/residency/census")
@_census_limit("RATELIMIT_CENSUS", _census_limit_key)
@_census_limit("RATELIMIT_CENSUS_DOCUMENT", _census_document_key)
@_census_limit("RATELIMIT_CENSUS_IP", get_remote_address)
def residency_census() -> Rendered:
    require("municipalities.request_residency", g.municipality)
    form = CensusVerificationForm()

    def render(status: int) -> Rendered:
        if form.form_errors:
            form.document.data = ""  # never echo a refused identity document back
        return _render_residency(census_form=form, status=status)

    return submit(
        form,
        lambda: services.verify_by_census(
            g.municipality, user=actor(), document=form.document.data
        ),
        render=render,
        then=url_for(".residency"),
        success=_("You are now a verified resident of %(name)s.", name=g.municipality.name),
    )


# Staff area -------------------------------------------------------------------------------------


@bp.get("/staff/")
def staff() -> Rendered:
    require("municipalities.staff_home", g.municipality)
    return render_template(
        "municipalities/staff.html",
        municipality=g.municipality,
        tasks=homes.staff_tasks(current_user, g.municipality),
    )


@bp.route("/staff/settings", methods=["GET", "POST"])
def settings() -> Rendered:
    municipality = g.municipality
    require("municipalities.edit_settings", municipality)
    form = SettingsForm(obj=municipality)
    if services.ocid_prefix_locked(municipality):
        form.lock_ocid_prefix()

    def error_field(exc: DomainError) -> str:
        # The setting the service names, else the logo when one was sent, else the name.
        named = field_of(exc)
        if named and named in form:
            return named
        return "logo" if getattr(form.logo.data, "filename", None) else "name"

    return submit(
        form,
        lambda: services.update_settings(
            municipality, actor=actor(), data=form.settings(), logo=form.logo.data
        ),
        render=lambda status: (
            render_template("municipalities/settings.html", municipality=g.municipality, form=form),
            status,
        ),
        then=url_for(".settings"),
        success=_("Settings saved."),
        error_field=error_field,
    )


@bp.route("/staff/members", methods=["GET", "POST"])
def members() -> Rendered:
    municipality = g.municipality
    require("municipalities.manage_members", municipality)
    form = AddMemberForm()
    return submit(
        form,
        lambda: services.add_member(
            municipality, actor=actor(), email=form.email.data, role=form.role.data
        ),
        render=lambda status: (
            render_template(
                "municipalities/members.html",
                municipality=municipality,
                memberships=db.session.scalars(services.members_query(municipality)).all(),
                form=form,
            ),
            status,
        ),
        then=url_for(".members"),
        success=_("Role added."),
        error_field="email",
    )


@bp.post("/staff/members/<int:membership_id>/remove")
def remove_member(membership_id: int) -> Rendered:
    membership = get_or_404(Membership, membership_id)
    require("municipalities.manage_members", g.municipality)
    return act(
        lambda: services.remove_member(g.municipality, actor=actor(), membership=membership),
        then=url_for(".members"),
        success=_("Role removed."),
    )


@bp.get("/staff/residents")
def residents() -> Rendered:
    municipality = g.municipality
    require("municipalities.verify_residents", municipality)
    status = request.args.get("status", VerificationStatus.PENDING)
    if status not in set(VerificationStatus):
        abort(404)
    page = paginate(services.requests_query(municipality, status), per_page=25)
    return render_template(
        "municipalities/residents.html",
        municipality=municipality,
        page=page,
        status=status,
        statuses=list(VerificationStatus),
        pending=services.pending_count(municipality),
        form=DecisionForm(formdata=None),
    )


def _decide(
    request_id: int,
    decide: Callable[[ResidencyRequest, str | None], ResidencyRequest],
    success: str,
) -> Rendered:
    residency_request = get_or_404(ResidencyRequest, request_id)
    require("municipalities.verify_residents", g.municipality)
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(422, _("The reason is too long."))
    return perform(
        lambda: decide(residency_request, form.reason.data),
        then=url_for(".residents"),
        success=success,
    )


@bp.post("/staff/residents/<int:request_id>/approve")
def approve_residency(request_id: int) -> Rendered:
    return _decide(
        request_id,
        lambda item, reason: services.approve_residency(item, actor=actor()),
        _("Residency approved; the person has been notified."),
    )


@bp.post("/staff/residents/<int:request_id>/reject")
def reject_residency(request_id: int) -> Rendered:
    return _decide(
        request_id,
        lambda item, reason: services.reject_residency(item, actor=actor(), reason=reason),
        _("Request rejected; the person has been notified."),
    )


@bp.post("/staff/residents/<int:request_id>/revoke")
def revoke_residency(request_id: int) -> Rendered:
    return _decide(
        request_id,
        lambda item, reason: services.revoke_residency(item, actor=actor(), reason=reason),
        _("Residency revoked; the person has been notified."),
    )


@bp.route("/staff/census", methods=["GET", "POST"])
def census() -> Rendered:
    municipality = g.municipality
    require("municipalities.upload_census", municipality)
    form = CensusUploadForm()

    def render(status: int) -> Rendered:
        total, claimed = services.census_count(municipality)
        return render_template(
            "municipalities/census.html",
            municipality=municipality,
            form=form,
            total=total,
            claimed=claimed,
        ), status

    return submit(
        form,
        lambda: services.load_census(
            municipality, actor=actor(), data=form.file.data.read(MAX_CENSUS_BYTES + 1)
        ),
        render=render,
        then=url_for(".census"),
        success=_census_loaded,
        error_field="file",
    )


def _census_loaded(report: CensusReport) -> str:
    return str(
        _(
            "Census loaded: %(loaded)s, %(duplicates)s, %(invalid)s, %(claimed)s.",
            loaded=ngettext(
                "%(num)s identifier stored", "%(num)s identifiers stored", report.loaded
            ),
            duplicates=ngettext("%(num)s duplicate", "%(num)s duplicates", report.duplicates),
            invalid=ngettext("%(num)s invalid row", "%(num)s invalid rows", report.invalid),
            claimed=ngettext("%(num)s already claimed", "%(num)s already claimed", report.claimed),
        )
    )


@bp.get("/staff/audit")
def audit() -> Rendered:
    require("municipalities.view_audit_log", g.municipality)
    query = scoped(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    page = paginate(query, per_page=50)
    return render_template(
        "municipalities/audit.html", municipality=g.municipality, page=page, audit=audit_log
    )
