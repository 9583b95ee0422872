"""Platform admin pages: municipalities, outbox, legal pages and platform admins."""

from __future__ import annotations

import logging

from flask import abort, current_app, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from participa.accounts.models import User
from participa.admin import bp, services
from participa.admin.forms import EmailForm, IdentityForm, LegalPageForm, MunicipalityForm
from participa.core.authz import require
from participa.core.models import OutboxMessage
from participa.core.pagination import paginate
from participa.core.submit import Rendered, act, actor, page, perform, submit
from participa.extensions import db
from participa.municipalities.models import Municipality
from participa.site.models import LEGAL_SLUGS, LegalPage

logger = logging.getLogger(__name__)


@bp.before_request
def _only_platform_admins() -> None:
    require("admin.access")


@bp.get("/")
def index() -> Rendered:
    return render_template("admin/index.html")


@bp.get("/municipalities/")
def municipalities() -> Rendered:
    page = paginate(select(Municipality).order_by(Municipality.name), per_page=50)
    return render_template("admin/municipalities.html", page=page)


@bp.route("/municipalities/new", methods=["GET", "POST"])
def create_municipality() -> Rendered:
    form = MunicipalityForm()
    return submit(
        form,
        lambda: services.create_municipality(actor=actor(), data=form.data),
        render=page("admin/municipality_form.html", form=form),
        then=lambda municipality: url_for(".edit_municipality", municipality_id=municipality.id),
        success=_("Member created. Now appoint its first admin."),
        error_field="slug",
    )


@bp.route("/municipalities/<int:municipality_id>", methods=["GET", "POST"])
def edit_municipality(municipality_id: int) -> Rendered:
    municipality = db.get_or_404(Municipality, municipality_id)
    form = IdentityForm(obj=municipality)
    return submit(
        form,
        lambda: services.update_identity(
            municipality,
            actor=actor(),
            slug=form.slug.data,
            country=form.country.data,
            kind=form.kind.data,
        ),
        render=lambda status: _render_edit(municipality_id, form, EmailForm(formdata=None), status),
        then=url_for(".edit_municipality", municipality_id=municipality_id),
        success=_("Member updated."),
        error_field="slug",
    )


def _render_edit(
    municipality_id: int, form: IdentityForm, admin_form: EmailForm, status: int
) -> Rendered:
    municipality = db.get_or_404(Municipality, municipality_id)
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
def appoint_admin(municipality_id: int) -> Rendered:
    municipality = db.get_or_404(Municipality, municipality_id)
    form = EmailForm()
    return submit(
        form,
        lambda: services.appoint_admin(municipality, actor=actor(), email=form.email.data),
        render=lambda status: _render_edit(
            municipality_id, IdentityForm(formdata=None, obj=municipality), form, status
        ),
        then=url_for(".edit_municipality", municipality_id=municipality_id),
        success=_("Admin appointed."),
        error_field="email",
    )


@bp.post("/municipalities/<int:municipality_id>/archive")
def archive_municipality(municipality_id: int) -> Rendered:
    municipality = db.get_or_404(Municipality, municipality_id)
    return perform(
        lambda: services.archive_municipality(municipality, actor=actor()),
        then=url_for(".municipalities"),
        success=_("Municipality archived: it is no longer public."),
    )


@bp.post("/municipalities/<int:municipality_id>/unarchive")
def unarchive_municipality(municipality_id: int) -> Rendered:
    municipality = db.get_or_404(Municipality, municipality_id)
    return perform(
        lambda: services.unarchive_municipality(municipality, actor=actor()),
        then=url_for(".municipalities"),
        success=_("Municipality restored: it is public again."),
    )


@bp.get("/outbox/")
def outbox() -> Rendered:
    query = select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    return render_template("admin/outbox.html", page=paginate(query, per_page=50))


@bp.get("/outbox/<int:message_id>")
def outbox_message(message_id: int) -> Rendered:
    message = db.get_or_404(OutboxMessage, message_id)
    return render_template("admin/outbox_message.html", message=message)


@bp.get("/legal/")
def legal_pages() -> Rendered:
    pages = {(p.slug, p.locale): p for p in db.session.scalars(select(LegalPage))}
    return render_template(
        "admin/legal_pages.html",
        pages=pages,
        slugs=LEGAL_SLUGS,
        languages=current_app.config["LANGUAGES"],
    )


@bp.route("/legal/<slug>/<locale>", methods=["GET", "POST"])
def edit_legal_page(slug: str, locale: str) -> Rendered:
    if slug not in LEGAL_SLUGS or locale not in current_app.config["LANGUAGES"]:
        abort(404)
    form = LegalPageForm(obj=services.get_legal_page(slug, locale))
    return submit(
        form,
        lambda: services.save_legal_page(
            actor=actor(), slug=slug, locale=locale, title=form.title.data, body=form.body.data
        ),
        render=page(
            "admin/legal_page_form.html",
            form=form,
            slug=slug,
            locale=locale,
            language=current_app.config["LANGUAGES"][locale],
        ),
        then=url_for(".legal_pages"),
        success=_("Page saved."),
    )


@bp.route("/platform-admins/", methods=["GET", "POST"])
def platform_admins() -> Rendered:
    form = EmailForm()
    return submit(
        form,
        lambda: services.grant_platform_admin(actor=actor(), email=form.email.data),
        render=lambda status: (
            render_template(
                "admin/platform_admins.html", form=form, admins=services.platform_admins()
            ),
            status,
        ),
        then=url_for(".platform_admins"),
        success=_("Platform admin added."),
        error_field="email",
    )


@bp.post("/platform-admins/<int:user_id>/revoke")
def revoke_platform_admin(user_id: int) -> Rendered:
    user = db.get_or_404(User, user_id)
    return act(
        lambda: services.revoke_platform_admin(user, actor=actor()),
        then=url_for(".platform_admins"),
        success=_("Platform admin rights removed."),
    )
