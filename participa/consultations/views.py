"""Consultation pages: list, detail, staff editing, publishing and templates."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from flask import abort, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from participa.consultations import bp, hooks, network_bp, services
from participa.consultations.forms import (
    CategoryForm,
    ConsultationForm,
    TemplateForm,
    phase_labels,
)
from participa.consultations.models import PHASE_KINDS, Consultation
from participa.core.authz import can, require
from participa.core.cache import anonymous_fragment
from participa.core.pagination import paginate
from participa.core.related import linked_probes
from participa.core.shell import kept_part
from participa.core.submit import Rendered, act, actor, page, submit
from participa.core.tenancy import get_or_404, visible_or_404
from participa.core.viewer import prefetch

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.core.errors import DomainError

logger = logging.getLogger(__name__)


class _Transition(Protocol):
    """A service moving a consultation to another status (publish, archive)."""

    def __call__(self, consultation: Consultation, *, actor: User) -> Consultation: ...


@bp.get("/", endpoint="list")
def consultation_list() -> Rendered:
    staff = can(current_user, "consultations.view_draft", g.municipality)
    page = paginate(services.consultations_query(g.municipality, include_drafts=staff), 20)
    return render_template(
        "consultations/list.html", page=page, phase_labels=phase_labels(), staff=staff
    )


@bp.get("/<int:consultation_id>")
def detail(consultation_id: int) -> Rendered:
    # A draft does not exist for the public. Its phases in the same query: the page, its policies
    # and its sections all ask for the open phase.
    consultation = visible_or_404(
        Consultation, consultation_id, "consultations.view", services.with_phases()
    )
    from participa.comments.services import thread_for, thread_probe
    from participa.notifications.services import following_probe, is_following

    def render_main() -> str:
        # What the thread, the follow button, other features' values and sections will ask,
        # in one round trip.
        prefetch(
            thread_probe(consultation, "consultation", current_user),
            following_probe(current_user, consultation),
            *hooks.questions(current_user, consultation),
            *linked_probes("consultation", consultation.id),
        )
        current = consultation.current_phase
        context = {
            "proposals_count": consultation.proposals_count,
            "remaining": 0,
            "may_participate": False,
            **hooks.detail_context(current_user, consultation),
        }
        return render_template(
            "consultations/_detail_main.html",
            consultation=consultation,
            thread=thread_for(consultation, "consultation", current_user),
            phase_labels=phase_labels(),
            current=current,
            following=is_following(current_user, consultation),
            sections=hooks.sections(current_user, consultation),
            facts=_facts(consultation, current, context["proposals_count"]),
            **context,
        )

    # Drafts are seen by staff only, who are signed in: the cache serves published pages.
    main = anonymous_fragment("consultations.detail", render_main)
    return render_template("consultations/detail.html", consultation=consultation, main=main)


def _facts(consultation: Consultation, current: str | None, proposals_count: int) -> Markup:
    """The figures, timeline and text of the page, rendered once for every reader until one of
    the things they show changes."""
    key = (
        consultation.id,
        consultation.body,
        current,
        consultation.phase_override,
        proposals_count,
        consultation.supports_count,
        consultation.participants_count,
        consultation.comments_count,
        tuple((p.kind, p.starts_at, p.ends_at) for p in consultation.phases),
        g.municipality.timezone,
    )
    return kept_part(
        "consultations.facts",
        key,
        lambda: render_template(
            "consultations/_detail_facts.html",
            consultation=consultation,
            current=current,
            phase_labels=phase_labels(),
            proposals_count=proposals_count,
        ),
    )


@bp.route("/new", methods=["GET", "POST"])
def create() -> Rendered:
    require("consultations.create", g.municipality)
    form = ConsultationForm(categories=services.categories_of(g.municipality))
    return submit(
        form,
        lambda: services.create_consultation(
            g.municipality,
            actor=actor(),
            data=form.settings(),
            phases=form.phase_dates(g.municipality.timezone),
            cover=form.cover.data,
        ),
        render=page("consultations/form.html", form=form, consultation=None),
        then=lambda consultation: url_for(".detail", consultation_id=consultation.id),
        success=_("Draft saved. Only staff can see it until it is published."),
        error_field=_error_field(form),
    )


@bp.route("/<int:consultation_id>/edit", methods=["GET", "POST"])
def edit(consultation_id: int) -> Rendered:
    consultation = get_or_404(Consultation, consultation_id)
    require("consultations.edit", consultation)
    categories = services.categories_of(g.municipality)
    if request.method == "GET":
        form = ConsultationForm(obj=consultation, categories=categories)
        form.category_id.data = consultation.category_id or 0
        form.phase_override.data = consultation.phase_override or ""
        form.fill_phases(consultation.phases, g.municipality.timezone)
    else:
        form = ConsultationForm(categories=categories)
    return submit(
        form,
        lambda: services.edit_consultation(
            consultation,
            actor=actor(),
            data=form.settings(),
            phases=form.phase_dates(g.municipality.timezone),
            cover=form.cover.data,
        ),
        render=page("consultations/form.html", form=form, consultation=consultation),
        then=url_for(".detail", consultation_id=consultation.id),
        success=_("Consultation saved."),
        error_field=_error_field(form),
    )


def _error_field(form: ConsultationForm) -> Callable[[DomainError], str]:
    # A refusal concerns the cover when one was sent (size, type), the consultation otherwise.
    return lambda _exc: "cover" if getattr(form.cover.data, "filename", None) else "title"


@bp.post("/<int:consultation_id>/publish")
def publish(consultation_id: int) -> Rendered:
    consultation = get_or_404(Consultation, consultation_id)
    require("consultations.publish", consultation)
    return _transition(consultation, services.publish_consultation, _("Consultation published."))


@bp.post("/<int:consultation_id>/archive")
def archive(consultation_id: int) -> Rendered:
    consultation = get_or_404(Consultation, consultation_id)
    require("consultations.archive", consultation)
    return _transition(consultation, services.archive_consultation, _("Consultation archived."))


def _transition(consultation: Consultation, change: _Transition, message: str) -> Rendered:
    return act(
        lambda: change(consultation, actor=actor()),
        then=url_for(".detail", consultation_id=consultation.id),
        success=message,
    )


@bp.route("/<int:consultation_id>/use-as-template", methods=["GET", "POST"])
def use_as_template(consultation_id: int) -> Rendered:
    source = get_or_404(Consultation, consultation_id)
    if not can(current_user, "consultations.view", source) or source.is_draft:
        abort(404)
    require("consultations.use_as_template", source)
    targets = [
        m for m in services.administered_municipalities(actor())
        if can(current_user, "consultations.create", m)
    ]  # fmt: skip
    form = TemplateForm()
    form.municipality_id.choices = [(m.id, m.name) for m in targets]

    def copy() -> Consultation:
        target = next((m for m in targets if m.id == form.municipality_id.data), None)
        if target is None:
            abort(403)
        return services.copy_from_template(source, target, actor=actor())

    return submit(
        form,
        copy,
        render=page("consultations/template.html", source=source, form=form),
        then=lambda draft: url_for(
            ".edit", municipality=draft.municipality.slug, consultation_id=draft.id
        ),
        success=_("A draft copy has been created. Review its dates before publishing."),
    )


@bp.route("/categories", methods=["GET", "POST"])
def categories() -> Rendered:
    require("consultations.manage_categories", g.municipality)
    form = CategoryForm()
    return submit(
        form,
        lambda: services.create_category(g.municipality, actor=actor(), name=form.name.data),
        render=lambda status: (
            render_template(
                "consultations/categories.html",
                form=form,
                categories=services.categories_of(g.municipality),
            ),
            status,
        ),
        then=url_for(".categories"),
        success=_("Topic added."),
        error_field="name",
    )


@network_bp.get("/", endpoint="list")
def network_list() -> Rendered:
    country = request.args.get("country", "").strip()[:2] or None
    topic = request.args.get("topic", "").strip()[:80] or None
    phase: str | None = request.args.get("phase", "").strip()
    phase = phase if phase in PHASE_KINDS else None
    page = paginate(services.network_query(country=country, topic=topic, phase=phase), 24)
    return render_template(
        "consultations/network.html",
        page=page,
        country=country,
        topic=topic,
        phase=phase,
        countries=services.network_countries(),
        topics=services.network_topics(),
        phase_labels=phase_labels(),
    )
