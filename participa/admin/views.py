"""Platform admin pages: municipalities, outbox, legal pages and platform admins."""

from __future__ import annotations

import logging

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from participa.accounts.models import User
from participa.admin import bp, services
from participa.admin.forms import EmailForm, IdentityForm, LegalPageForm, MunicipalityForm
from participa.core.authz import require
from participa.core.errors import DomainError
from participa.core.models import OutboxMessage
from participa.core.pagination import paginate
from participa.extensions import db
from participa.municipalities.models import Municipality
from participa.site.models import LEGAL_SLUGS, LegalPage

logger = logging.getLogger(__name__)


@bp.before_request
def _only_platform_admins():
    require("admin.access")


def _actor():
    return current_user._get_current_object()


def _municipality_or_404(municipality_id: int) -> Municipality:
    municipality = db.session.get(Municipality, municipality_id)
    if municipality is None:
        abort(404)
    return municipality


@bp.get("/")
def index():
    return render_template("admin/index.html")


@bp.get("/municipalities/")
def municipalities():
    page = paginate(select(Municipality).order_by(Municipality.name), per_page=50)
    return render_template("admin/municipalities.html", page=page)


@bp.route("/municipalities/new", methods=["GET", "POST"])
def create_municipality():
    form = MunicipalityForm()
    if form.validate_on_submit():
        try:
            municipality = services.create_municipality(actor=_actor(), data=form.data)
        except DomainError as exc:
            db.session.rollback()
            form.slug.errors.append(exc.message)
            return render_template("admin/municipality_form.html", form=form), exc.status
        db.session.commit()
        flash(_("Municipality created. Now appoint its first admin."), "success")
        return redirect(url_for(".edit_municipality", municipality_id=municipality.id))
    status = 422 if form.errors else 200
    return render_template("admin/municipality_form.html", form=form), status


@bp.route("/municipalities/<int:municipality_id>", methods=["GET", "POST"])
def edit_municipality(municipality_id: int):
    municipality = _municipality_or_404(municipality_id)
    form = IdentityForm(obj=municipality)
    if form.validate_on_submit():
        try:
            services.update_identity(
                municipality, actor=_actor(), slug=form.slug.data, country=form.country.data
            )
        except DomainError as exc:
            db.session.rollback()
            form.slug.errors.append(exc.message)
            return _render_edit(municipality_id, form, EmailForm(formdata=None), exc.status)
        db.session.commit()
        flash(_("Municipality updated."), "success")
        return redirect(url_for(".edit_municipality", municipality_id=municipality_id))
    status = 422 if form.errors else 200
    return _render_edit(municipality_id, form, EmailForm(formdata=None), status)


def _render_edit(municipality_id: int, form, admin_form, status: int):
    municipality = _municipality_or_404(municipality_id)
    return (
        render_template(
            "admin/municipality_edit.html",
            municipality=municipality,
            form=form,
            admin_form=admin_form,
            admins=services.admins_of(municipality),
        ),
        status,
    )


@bp.post("/municipalities/<int:municipality_id>/admins")
def appoint_admin(municipality_id: int):
    municipality = _municipality_or_404(municipality_id)
    form = EmailForm()
    if form.validate_on_submit():
        try:
            services.appoint_admin(municipality, actor=_actor(), email=form.email.data)
        except DomainError as exc:
            db.session.rollback()
            form.email.errors.append(exc.message)
            return _render_edit(municipality_id, IdentityForm(obj=municipality), form, exc.status)
        db.session.commit()
        flash(_("Admin appointed."), "success")
        return redirect(url_for(".edit_municipality", municipality_id=municipality_id))
    return _render_edit(municipality_id, IdentityForm(formdata=None, obj=municipality), form, 422)


@bp.post("/municipalities/<int:municipality_id>/archive")
def archive_municipality(municipality_id: int):
    municipality = _municipality_or_404(municipality_id)
    try:
        services.archive_municipality(municipality, actor=_actor())
    except DomainError as exc:
        abort(exc.status, exc.message)
    db.session.commit()
    flash(_("Municipality archived: it is no longer public."), "success")
    return redirect(url_for(".municipalities"))


@bp.post("/municipalities/<int:municipality_id>/unarchive")
def unarchive_municipality(municipality_id: int):
    municipality = _municipality_or_404(municipality_id)
    try:
        services.unarchive_municipality(municipality, actor=_actor())
    except DomainError as exc:
        abort(exc.status, exc.message)
    db.session.commit()
    flash(_("Municipality restored: it is public again."), "success")
    return redirect(url_for(".municipalities"))


@bp.get("/outbox/")
def outbox():
    query = select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    return render_template("admin/outbox.html", page=paginate(query, per_page=50))


@bp.get("/outbox/<int:message_id>")
def outbox_message(message_id: int):
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        abort(404)
    return render_template("admin/outbox_message.html", message=message)


@bp.get("/legal/")
def legal_pages():
    pages = {(p.slug, p.locale): p for p in db.session.scalars(select(LegalPage))}
    return render_template(
        "admin/legal_pages.html",
        pages=pages,
        slugs=LEGAL_SLUGS,
        languages=current_app.config["LANGUAGES"],
    )


@bp.route("/legal/<slug>/<locale>", methods=["GET", "POST"])
def edit_legal_page(slug: str, locale: str):
    if slug not in LEGAL_SLUGS or locale not in current_app.config["LANGUAGES"]:
        abort(404)
    page = services.get_legal_page(slug, locale)
    form = LegalPageForm(obj=page)
    if form.validate_on_submit():
        services.save_legal_page(
            actor=_actor(), slug=slug, locale=locale, title=form.title.data, body=form.body.data
        )
        db.session.commit()
        flash(_("Page saved."), "success")
        return redirect(url_for(".legal_pages"))
    return (
        render_template(
            "admin/legal_page_form.html",
            form=form,
            slug=slug,
            locale=locale,
            language=current_app.config["LANGUAGES"][locale],
        ),
        422 if form.errors else 200,
    )


@bp.route("/platform-admins/", methods=["GET", "POST"])
def platform_admins():
    form = EmailForm()
    status = 200
    if form.validate_on_submit():
        try:
            services.grant_platform_admin(actor=_actor(), email=form.email.data)
        except DomainError as exc:
            db.session.rollback()
            form.email.errors.append(exc.message)
            status = exc.status
        else:
            db.session.commit()
            flash(_("Platform admin added."), "success")
            return redirect(url_for(".platform_admins"))
    elif form.errors:
        status = 422
    return (
        render_template("admin/platform_admins.html", form=form, admins=services.platform_admins()),
        status,
    )


@bp.post("/platform-admins/<int:user_id>/revoke")
def revoke_platform_admin(user_id: int):
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    try:
        services.revoke_platform_admin(user, actor=_actor())
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for(".platform_admins"))
    db.session.commit()
    flash(_("Platform admin rights removed."), "success")
    return redirect(url_for(".platform_admins"))
