"""Public municipality pages, the residency page and the staff area."""

from __future__ import annotations

import logging

from flask import (
    Response,
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_limiter.util import get_remote_address
from flask_login import current_user

from participa.core.authz import require
from participa.core.errors import DomainError
from participa.core.models import AuditEntry
from participa.core.pagination import paginate
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

logger = logging.getLogger(__name__)


def _actor():
    return current_user._get_current_object()


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


def _census_breached(_limit) -> Response | None:
    if not current_user.is_authenticated:
        return None  # the generic "too many requests" page
    message = _(
        "You have tried too many document numbers in a short time. Try again later, or ask "
        "staff to verify you instead."
    )
    return make_response(_render_residency(status=429, error=message))


def _census_limit(setting: str, key_func):
    return limiter.limit(
        lambda: current_app.config[setting], key_func=key_func, on_breach=_census_breached
    )


@bp.get("/")
def home():
    residency = services.residency_of(current_user, g.municipality)
    return render_template(
        "municipalities/home.html", municipality=g.municipality, residency=residency
    )


@bp.get("/theme.css")
def theme():
    # The accent colour is validated as #rrggbb on save; served as CSS because the CSP forbids
    # inline styles.
    css = f":root {{ --accent: {g.municipality.accent_color}; }}\n"
    response = Response(css, mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


# Residency --------------------------------------------------------------------------------------


def _render_residency(form=None, census_form=None, status: int = 200, error=None):
    municipality = g.municipality
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


@bp.route("/residency", methods=["GET", "POST"])
def residency():
    require("municipalities.view_residency", g.municipality)
    if request.method == "GET":
        return _render_residency()
    require("municipalities.request_residency", g.municipality)
    form = ResidencyRequestForm()
    if not form.validate_on_submit():
        return _render_residency(form=form, status=422)
    try:
        services.request_residency(g.municipality, user=_actor(), note=form.note.data)
    except DomainError as exc:
        db.session.rollback()
        return _render_residency(form=form, status=exc.status, error=exc.message)
    db.session.commit()
    flash(_("Your request has been sent. Staff will review it."), "success")
    return redirect(url_for(".residency"))


@bp.post("/residency/census")
@_census_limit("RATELIMIT_CENSUS", _census_limit_key)
@_census_limit("RATELIMIT_CENSUS_DOCUMENT", _census_document_key)
@_census_limit("RATELIMIT_CENSUS_IP", get_remote_address)
def residency_census():
    require("municipalities.request_residency", g.municipality)
    form = CensusVerificationForm()
    if not form.validate_on_submit():
        return _render_residency(census_form=form, status=422)
    try:
        services.verify_by_census(g.municipality, user=_actor(), document=form.document.data)
    except DomainError as exc:
        db.session.rollback()
        form.document.data = ""  # never echo an identity document back
        return _render_residency(census_form=form, status=exc.status, error=exc.message)
    db.session.commit()
    flash(_("You are now a verified resident of %(name)s.", name=g.municipality.name), "success")
    return redirect(url_for(".residency"))


# Staff area -------------------------------------------------------------------------------------


@bp.get("/staff/")
def staff():
    require("municipalities.manage", g.municipality)
    total, claimed = services.census_count(g.municipality)
    return render_template(
        "municipalities/staff.html",
        municipality=g.municipality,
        pending=services.pending_count(g.municipality),
        census_total=total,
        census_claimed=claimed,
    )


@bp.route("/staff/settings", methods=["GET", "POST"])
def settings():
    municipality = g.municipality
    require("municipalities.edit_settings", municipality)
    form = SettingsForm(obj=municipality)
    if services.ocid_prefix_locked(municipality):
        form.lock_ocid_prefix()
    if form.validate_on_submit():
        try:
            services.update_settings(
                municipality, actor=_actor(), data=form.settings(), logo=form.logo.data
            )
        except DomainError as exc:
            db.session.rollback()
            field = getattr(form, getattr(exc, "field", None) or "", None)
            if field is None:
                field = form.logo if getattr(form.logo.data, "filename", None) else form.name
            field.errors.append(exc.message)
            return _render_settings(form, exc.status)
        db.session.commit()
        flash(_("Settings saved."), "success")
        return redirect(url_for(".settings"))
    return _render_settings(form, 422 if form.errors else 200)


def _render_settings(form: SettingsForm, status: int):
    return (
        render_template("municipalities/settings.html", municipality=g.municipality, form=form),
        status,
    )


@bp.route("/staff/members", methods=["GET", "POST"])
def members():
    municipality = g.municipality
    require("municipalities.manage_members", municipality)
    form = AddMemberForm()
    status = 200
    if form.validate_on_submit():
        try:
            services.add_member(
                municipality, actor=_actor(), email=form.email.data, role=form.role.data
            )
        except DomainError as exc:
            db.session.rollback()
            form.email.errors.append(exc.message)
            status = exc.status
        else:
            db.session.commit()
            flash(_("Role added."), "success")
            return redirect(url_for(".members"))
    elif form.errors:
        status = 422
    memberships = db.session.scalars(services.members_query(municipality)).all()
    return (
        render_template(
            "municipalities/members.html",
            municipality=municipality,
            memberships=memberships,
            form=form,
        ),
        status,
    )


@bp.post("/staff/members/<int:membership_id>/remove")
def remove_member(membership_id: int):
    membership = get_or_404(Membership, membership_id)
    require("municipalities.manage_members", g.municipality)
    try:
        services.remove_member(g.municipality, actor=_actor(), membership=membership)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for(".members"))
    db.session.commit()
    flash(_("Role removed."), "success")
    return redirect(url_for(".members"))


@bp.get("/staff/residents")
def residents():
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


def _decide(request_id: int, decide, success: str):
    residency_request = get_or_404(ResidencyRequest, request_id)
    require("municipalities.verify_residents", g.municipality)
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(422, _("The reason is too long."))
    try:
        decide(residency_request, form.reason.data)
    except DomainError as exc:
        db.session.rollback()
        abort(exc.status, exc.message)
    db.session.commit()
    flash(success, "success")
    return redirect(url_for(".residents"))


@bp.post("/staff/residents/<int:request_id>/approve")
def approve_residency(request_id: int):
    return _decide(
        request_id,
        lambda item, reason: services.approve_residency(item, actor=_actor()),
        _("Residency approved; the person has been notified."),
    )


@bp.post("/staff/residents/<int:request_id>/reject")
def reject_residency(request_id: int):
    return _decide(
        request_id,
        lambda item, reason: services.reject_residency(item, actor=_actor(), reason=reason),
        _("Request rejected; the person has been notified."),
    )


@bp.post("/staff/residents/<int:request_id>/revoke")
def revoke_residency(request_id: int):
    return _decide(
        request_id,
        lambda item, reason: services.revoke_residency(item, actor=_actor(), reason=reason),
        _("Residency revoked; the person has been notified."),
    )


@bp.route("/staff/census", methods=["GET", "POST"])
def census():
    municipality = g.municipality
    require("municipalities.upload_census", municipality)
    form = CensusUploadForm()
    status = 200
    if form.validate_on_submit():
        try:
            data = form.file.data.read(MAX_CENSUS_BYTES + 1)
            report = services.load_census(municipality, actor=_actor(), data=data)
        except DomainError as exc:
            db.session.rollback()
            form.file.errors.append(exc.message)
            status = exc.status
        else:
            db.session.commit()
            flash(
                _(
                    "Census loaded: %(loaded)s, %(duplicates)s, %(invalid)s, %(claimed)s.",
                    loaded=ngettext(
                        "%(num)s identifier stored",
                        "%(num)s identifiers stored",
                        report.loaded,
                    ),
                    duplicates=ngettext(
                        "%(num)s duplicate", "%(num)s duplicates", report.duplicates
                    ),
                    invalid=ngettext("%(num)s invalid row", "%(num)s invalid rows", report.invalid),
                    claimed=ngettext(
                        "%(num)s already claimed", "%(num)s already claimed", report.claimed
                    ),
                ),
                "success",
            )
            return redirect(url_for(".census"))
    elif form.errors:
        status = 422
    total, claimed = services.census_count(municipality)
    return (
        render_template(
            "municipalities/census.html",
            municipality=municipality,
            form=form,
            total=total,
            claimed=claimed,
        ),
        status,
    )


@bp.get("/staff/audit")
def audit():
    require("municipalities.view_audit_log", g.municipality)
    query = scoped(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    page = paginate(query, per_page=50)
    return render_template("municipalities/audit.html", municipality=g.municipality, page=page)
