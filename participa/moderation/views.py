"""Thin routes for reporting, the moderation queue, appeals, blocks, settings and the public log."""

from __future__ import annotations

import logging
from typing import Any

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_limiter.util import get_remote_address
from wtforms import SelectChoice

from participa.core.authz import require
from participa.core.params import int_arg, invalid_number, parse_int
from participa.core.ratelimits import configured, person_key
from participa.core.submit import Rendered, actor, page, perform, run, submit
from participa.core.tenancy import get_or_404, scoped
from participa.db import utcnow
from participa.extensions import db, limiter
from participa.moderation import blocks as block_services
from participa.moderation import bp, queries, registry, rules, services
from participa.moderation import settings as moderation_settings
from participa.moderation.forms import (
    ActionForm,
    AppealDecisionForm,
    AppealForm,
    BlockForm,
    LiftBlockForm,
    ReasonTemplateForm,
    ReportForm,
    SettingsForm,
)
from participa.moderation.models import REASON_LABELS, Appeal, ParticipationBlock, ReasonTemplate

logger = logging.getLogger(__name__)

QUEUE_PER_PAGE = 50


report_limit = limiter.limit(
    configured("REPORT_RATE_LIMIT", "10 per minute;50 per day"),
    key_func=person_key,
    methods=["POST"],
)
report_ip_limit = limiter.limit(
    configured("REPORT_IP_RATE_LIMIT", "30 per minute;200 per day"),
    key_func=get_remote_address,
    methods=["POST"],
)


# --- Reporting and appealing (any signed-in person) -----------------------------------------


def _item(kind: str, item_id: int, permission: str) -> tuple[Any, registry.Reportable]:
    """The item a report or an appeal is about, with its registration (404, then 403)."""
    obj = registry.get_reportable(kind, item_id)
    require(permission, obj)
    return obj, registry.reportable(kind)


@bp.route("/report/<kind>/<int:item_id>", methods=["GET", "POST"])
@report_limit
@report_ip_limit
def report(kind: str, item_id: int) -> Rendered:
    obj, entry = _item(kind, item_id, "moderation.report")
    form = ReportForm()
    return submit(
        form,
        lambda: services.report_content(
            kind, obj, reporter=actor(), reason=form.reason.data, note=form.note.data
        ),
        render=page(
            "moderation/report.html", form=form, title=entry.title(obj), back=entry.url(obj)
        ),
        then=entry.url(obj),
        success=_("Thank you. Moderators will review your report."),
    )


@bp.route("/appeal/<kind>/<int:item_id>", methods=["GET", "POST"])
def appeal(kind: str, item_id: int) -> Rendered:
    obj, entry = _item(kind, item_id, "moderation.appeal")
    form = AppealForm()
    return submit(
        form,
        lambda: services.appeal_hiding(kind, obj, author=actor(), text=form.text.data),
        render=lambda status: (
            render_template(
                "moderation/appeal.html",
                form=form,
                title=entry.title(obj),
                back=entry.url(obj),
                existing=services.appeal_of(kind, obj.id),
            ),
            status,
        ),
        then=entry.url(obj),
        success=_("Your appeal has been sent. Another moderator will decide it."),
    )


# --- Public log -----------------------------------------------------------------------------


@bp.get("/log")
def log() -> Rendered:
    require("moderation.view_log", g.municipality)
    stats = queries.public_log(g.municipality.id)
    return render_template("moderation/log.html", stats=stats, reason_labels=REASON_LABELS)


# --- Queue and decisions (moderators) -------------------------------------------------------


def _templates() -> list[ReasonTemplate]:
    return list(db.session.scalars(scoped(ReasonTemplate).order_by(ReasonTemplate.title)))


def _action_form(templates: list[ReasonTemplate]) -> ActionForm:
    form = ActionForm()
    form.template.choices = [SelectChoice("", _("No template"))] + [
        SelectChoice(str(t.id), t.title) for t in templates
    ]
    return form


def _render_queue(form: ActionForm, status: int = 200) -> Rendered:
    page = int_arg("page", 1, min=1, lenient=True)
    reported, total = queries.reported_items(
        g.municipality.id, limit=QUEUE_PER_PAGE, offset=(page - 1) * QUEUE_PER_PAGE
    )
    return render_template(
        "moderation/queue.html",
        form=form,
        reported=reported,
        pending=queries.pending_items(g.municipality.id),
        page=page,
        pages=max(1, -(-total // QUEUE_PER_PAGE)),
        total=total,
        reason_labels=REASON_LABELS,
        appeals_count=len(queries.open_appeals(g.municipality.id)),
    ), status


@bp.get("/")
def queue() -> Rendered:
    require("moderation.moderate", g.municipality)
    return _render_queue(_action_form(_templates()))


def _parse_items(values: list[str]) -> list[tuple[str, int]]:
    items = []
    for value in values:
        kind, _sep, raw_id = value.partition(":")
        if not registry.is_registered(kind):
            abort(400)
        item_id = parse_int(raw_id, min=1)
        if item_id is None:
            raise invalid_number()
        items.append((kind, item_id))
    return items


@bp.post("/act")
def act() -> Rendered:
    require("moderation.moderate", g.municipality)
    templates = _templates()
    form = _action_form(templates)

    def moderate() -> int:
        reason = (form.reason.data or "").strip()
        if not reason and form.template.data:
            chosen = next((t for t in templates if str(t.id) == form.template.data), None)
            if chosen is None:
                abort(404)
            reason = chosen.text
        return services.moderate_many(
            g.municipality,
            _parse_items(form.items.data),
            actor=actor(),
            action=form.action.data,
            reason=reason,
            category=form.category.data or None,
        )

    return submit(
        form,
        moderate,
        render=lambda status: _render_queue(form, status),
        then=url_for(".queue"),
        success=lambda done: ngettext("Done: %(num)s item.", "Done: %(num)s items.", done),
        shown=lambda exc: exc.status != 404,  # an item of another municipality does not exist
    )


# --- Appeals ----------------------------------------------------------------------------------


@bp.get("/appeals")
def appeals() -> Rendered:
    require("moderation.moderate", g.municipality)
    return render_template(
        "moderation/appeals.html",
        appeals=queries.open_appeals(g.municipality.id),
        form=AppealDecisionForm(formdata=None),
    )


@bp.post("/appeals/<int:appeal_id>/decide")
def decide_appeal(appeal_id: int) -> Rendered:
    require("moderation.moderate", g.municipality)
    appeal = get_or_404(Appeal, appeal_id)
    form = AppealDecisionForm()
    if not form.validate_on_submit():
        flash(_("Choose a decision and give a reason."), "error")
        return redirect(url_for(".appeals")), 303
    run(
        lambda: services.decide_appeal(
            appeal, actor=actor(), outcome=form.outcome.data, response=form.response.data
        )
    )
    flash(_("The appeal has been decided."), "success")
    return redirect(url_for(".appeals"))


# --- Blocks -----------------------------------------------------------------------------------


@bp.get("/blocks")
def blocks() -> Rendered:
    require("moderation.moderate", g.municipality)
    return render_template(
        "moderation/blocks.html",
        blocks=queries.blocks(g.municipality.id),
        lift_form=LiftBlockForm(formdata=None),
        now=utcnow(),
    )


@bp.route("/blocks/new/<int:user_id>", methods=["GET", "POST"])
def block(user_id: int) -> Rendered:
    require("moderation.moderate", g.municipality)
    from participa.accounts.models import User

    person = db.session.get(User, user_id)
    if person is None or person.is_deleted:
        abort(404)
    form = BlockForm()
    return submit(
        form,
        lambda: block_services.block_person(
            g.municipality,
            actor=actor(),
            user=person,
            days=form.days.data,
            reason=form.reason.data,
        ),
        render=lambda status: (
            render_template(
                "moderation/block.html",
                form=form,
                person=person,
                current=rules.active_block(person, g.municipality.id),
            ),
            status,
        ),
        then=url_for(".blocks"),
        success=_("%(name)s is blocked.", name=person.public_name),
    )


@bp.post("/blocks/<int:block_id>/lift")
def lift_block(block_id: int) -> Rendered:
    require("moderation.moderate", g.municipality)
    block = get_or_404(ParticipationBlock, block_id)
    form = LiftBlockForm()
    return perform(
        lambda: block_services.lift_block(block, actor=actor(), reason=form.reason.data or ""),
        then=url_for(".blocks"),
        success=_("The block has been lifted."),
    )


# --- Reason templates and settings (admins) ---------------------------------------------------


@bp.get("/reasons")
def reasons() -> Rendered:
    require("moderation.moderate", g.municipality)
    return render_template("moderation/reasons.html", templates=_templates())


@bp.route("/reasons/new", methods=["GET", "POST"])
@bp.route("/reasons/<int:template_id>/edit", methods=["GET", "POST"])
def edit_reason(template_id: int | None = None) -> Rendered:
    require("moderation.moderate", g.municipality)
    template = get_or_404(ReasonTemplate, template_id) if template_id else None
    form = ReasonTemplateForm(obj=template)
    return submit(
        form,
        lambda: moderation_settings.save_reason_template(
            g.municipality,
            actor=actor(),
            title=form.title.data,
            text=form.text.data,
            template=template,
        ),
        render=page("moderation/reason_form.html", form=form, template=template),
        then=url_for(".reasons"),
        success=_("The reason template has been saved."),
    )


@bp.post("/reasons/<int:template_id>/delete")
def delete_reason(template_id: int) -> Rendered:
    require("moderation.moderate", g.municipality)
    template = get_or_404(ReasonTemplate, template_id)
    run(
        lambda: moderation_settings.delete_reason_template(
            template, actor=actor(), municipality=g.municipality
        )
    )
    flash(_("The reason template has been deleted."), "success")
    return redirect(url_for(".reasons"))


@bp.route("/settings", methods=["GET", "POST"])
def settings() -> Rendered:
    require("moderation.configure", g.municipality)
    current = moderation_settings.settings_for(g.municipality.id)
    form = SettingsForm(obj=current)

    def update() -> None:
        data = {name: getattr(form, name).data for name in moderation_settings.SETTINGS_FIELDS}
        for name in ("premoderate_new_accounts_days", "new_account_days", "new_account_link_limit"):
            if data[name] is None:
                data[name] = 0
        moderation_settings.update_settings(g.municipality, actor=actor(), data=data)

    return submit(
        form,
        update,
        render=page("moderation/settings.html", form=form),
        then=url_for(".settings"),
        success=_("Moderation settings saved."),
    )
