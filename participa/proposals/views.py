"""Proposal pages: list with filters and search, detail, submit, edit, supports, staff actions."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING

from flask import (
    flash,
    g,
    get_template_attribute,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from participa.consultations.models import Consultation
from participa.consultations.services import category_choices, with_phases
from participa.core.authz import can, require
from participa.core.cache import (
    Variants,
    anonymous_fragment,
    personal_fragment,
    shared,
    shared_parts,
    slot,
)
from participa.core.errors import DomainError
from participa.core.link_choices import Choice
from participa.core.pagination import Page, paginate
from participa.core.params import int_arg
from participa.core.related import linked_probes
from participa.core.security import is_safe_next
from participa.core.submit import Rendered, actor, attach_error, page, run, submit
from participa.core.tenancy import visible_or_404
from participa.core.text import render_markdown
from participa.core.viewer import prefetch
from participa.extensions import db
from participa.places import services as places
from participa.proposals import bp, services, supports
from participa.proposals.forms import AnswerForm, MergeForm, ProposalForm
from participa.proposals.listing import (
    CARD_ROW,
    MUNICIPALITY_SORTS,
    SORTS,
    ListingFilters,
    listing_query,
    load_heads,
    located,
    merge_candidates,
    municipality_query,
    public_consultations,
    shared_total_key,
)
from participa.proposals.models import STATES, Proposal

if TYPE_CHECKING:
    from participa.core.models import Upload

logger = logging.getLogger(__name__)
PER_PAGE = 20
SEED_KEY = "proposals_seed"


def _listing(
    name: str, filters: ListingFilters, render: Callable[[], str], audience: object = None
) -> Markup:
    """The listing's HTML, as an anonymous visitor's cached fragment ``name`` when it may be.

    When nothing on it is personal, signed-in readers who see the same items (``audience``:
    what decides which items they see) share one rendering as well.
    """
    if filters.sort == "random":
        # The random order is personal (a seed per visitor): never shared through the cache.
        return Markup(render())  # noqa: S704 - an autoescaped template
    if audience is not None and current_user.is_authenticated:
        key = (g.municipality.id, request.full_path, audience)
        return Markup(shared(name, render, *key))  # noqa: S704 - an autoescaped template
    return anonymous_fragment(name, render)


def _consultation(consultation_id: int) -> Consultation:
    # Its phases in the same query: the policies ask for the open phase.
    return visible_or_404(Consultation, consultation_id, "consultations.view", with_phases())


def _proposal(proposal_id: int) -> Proposal:
    # Its consultation and phases in the same query: every proposal page and action asks for
    # them (the policy, the open phase), which would cost two more round trips.
    return visible_or_404(
        Proposal, proposal_id, "proposals.view", with_phases(Proposal.consultation)
    )


def _filters(sorts: tuple[str, ...] = SORTS) -> ListingFilters:
    args = request.args
    sort = args.get("sort", sorts[0])
    filters = ListingFilters(
        category_id=int_arg("category", lenient=True),
        district_id=int_arg("district", lenient=True),
        consultation_id=int_arg("consultation", lenient=True),
        state=args.get("state") if args.get("state") in STATES else None,
        qualifying=args.get("qualifying") == "1",
        mine=args.get("mine") == "1",
        supported=args.get("supported") == "1",
        query=args.get("q", "").strip()[:200],
        sort=sort if sort in sorts else sorts[0],
    )
    if filters.sort == "random":
        # One seed per visitor: the order is fair across visitors and stable while paging.
        if SEED_KEY not in session:
            session[SEED_KEY] = secrets.randbelow(2**31)
        filters.seed = session[SEED_KEY]
    return filters


def _filter_choices() -> dict[str, list[Choice]]:
    # The same for everyone in the municipality: shared for a few seconds like the card heads
    # (a new topic may reach the filters that late). The proposal form reads them fresh.
    municipality = g.municipality

    def read() -> dict[str, list[Choice]]:
        return {
            "categories": category_choices(municipality),
            "districts": places.district_choices(municipality),
        }

    return shared("proposals.filter_choices", read, municipality.id)


@bp.get("/consultations/<int:consultation_id>/proposals/", endpoint="list")
def proposal_list(consultation_id: int) -> Rendered:
    consultation = _consultation(consultation_id)
    filters = _filters()
    include_hidden = can(current_user, "proposals.view_hidden", consultation)
    query = listing_query(
        consultation, viewer=current_user, filters=filters, include_hidden=include_hidden
    )
    # Bounded by the supports a person may give: which cards they support, and how many left.
    supported = supports.supported_in(current_user, consultation)
    remaining = supports.remaining_of(consultation, len(supported))

    def shared_listing() -> str:
        total_key = shared_total_key(filters, include_hidden, "consultation", consultation.id)
        page = paginate(query.options(*CARD_ROW), PER_PAGE, key=Proposal.id, shared_total=total_key)
        # Every card's support button is one of two (supported or not) for all who may do the
        # same on every card of the consultation: the list is shared between them but for that.
        refusal = supports.support_refusal(current_user, consultation)
        may = (
            current_user.is_authenticated, refusal.message if refusal else None, remaining > 0,
            consultation.is_published, consultation.current_phase,
        )  # fmt: skip
        key = (include_hidden, page.total, *may, *map(_card_version, page.items))
        return personal_fragment(
            "proposals.list",
            key,
            lambda: _render_listing(page, remaining),
            lambda proposal_id: 0 if proposal_id in supported else 1,
        )

    listing = _listing("proposals.list", filters, shared_listing)
    return render_template(
        "proposals/list.html",
        consultation=consultation,
        listing=listing,
        filter_form=_filter_form(filters),
        filter_args=_filter_args(filters),
        remaining=remaining,
    )


def _filter_form(filters: ListingFilters) -> Markup:
    """The list's filters, shared by everyone on the URL in a language for a few seconds."""
    signed_in = current_user.is_authenticated

    def render() -> str:
        return render_template(
            "proposals/_list_filters.html",
            filters=filters,
            signed_in=signed_in,
            **_filter_choices(),
            states=_states(),
        )

    html = shared("proposals.filters", render, g.municipality.id, request.full_path, signed_in)
    return Markup(html)  # noqa: S704 - an autoescaped template


def _states() -> list[tuple[str, str]]:
    return [(s, services.state_label(s)) for s in STATES]


def _render_listing(page: Page, remaining: int) -> tuple[str, Variants]:
    """The list with a slot for each card's support button, and the button as supported and not."""
    control = get_template_attribute("proposals/_partials.html", "support_control")
    here = request.full_path.rstrip("?")
    buttons: Variants = {
        str(p.id): (str(control(p, True, remaining, here)), str(control(p, False, remaining, here)))
        for p in page.items
    }
    html = render_template(
        "proposals/_listing.html", page=page, heads=_card_heads(page.items), slot=slot
    )
    return html, buttons


def _card_heads(proposals: list[Proposal]) -> dict[int, Markup]:
    """What every visitor sees of each card, shared between signed-in visitors too: the cards
    are most of a list's rendering, and only their support button is personal."""
    head = get_template_attribute("proposals/_partials.html", "card_head")
    parts = shared_parts(
        "proposals.card",
        proposals,
        _card_version,
        lambda p: str(head(p, services.state_label)),
        prepare=load_heads,
    )
    return {p.id: part for p, part in zip(proposals, parts, strict=True)}


def _card_version(p: Proposal) -> tuple[object, ...]:
    # What must show at once when it changes; the rest may lag PAGE_CACHE_SECONDS.
    hidden = p.hidden_at is not None
    threshold = p.consultation.support_threshold
    return (p.id, p.supports_count, p.comments_count, p.state, hidden, p.merged_into_id, threshold)


@bp.get("/consultations/<int:consultation_id>/proposals/map", endpoint="map")
def proposal_map(consultation_id: int) -> Rendered:
    """The located proposals of a consultation, with the list's filters, on a map."""
    consultation = _consultation(consultation_id)
    filters = _filters()
    query = listing_query(
        consultation, viewer=current_user, filters=filters,
        include_hidden=can(current_user, "proposals.view_hidden", consultation),
    )  # fmt: skip
    return render_template(
        "proposals/map.html",
        consultation=consultation,
        points=_points(located(query)),
        filters=filters,
        filter_args=_filter_args(filters),
        **_filter_choices(),
        states=_states(),
    )


def _filter_args(filters: ListingFilters) -> dict[str, object]:
    """The filters as URL arguments, for the links between a list and its map."""
    args = {"q": filters.query, "category": filters.category_id, "state": filters.state,
            "district": filters.district_id, "sort": filters.sort}  # fmt: skip
    return {name: value for name, value in args.items() if value}


def _points(proposals: list[Proposal]) -> list[dict[str, object]]:
    return [
        {"lat": p.latitude, "lon": p.longitude, "title": p.title,
         "url": url_for(".detail", proposal_id=p.id)}
        for p in proposals
    ]  # fmt: skip


@bp.get("/proposals/", endpoint="all")
def municipality_list() -> Rendered:
    """Every public proposal of the municipality, across its consultations."""
    filters = _filters(MUNICIPALITY_SORTS)
    include_hidden = can(current_user, "proposals.view_hidden", g.municipality)
    query = municipality_query(g.municipality, filters=filters, include_hidden=include_hidden)

    def render_listing() -> str:
        total_key = shared_total_key(filters, include_hidden, "municipality", g.municipality.id)
        page = paginate(query, PER_PAGE, key=Proposal.id, shared_total=total_key)
        return render_template(
            "proposals/_municipality_listing.html", page=page, state_label=services.state_label
        )

    listing = _listing("proposals.all", filters, render_listing, include_hidden)
    return render_template(
        "proposals/municipality_list.html",
        listing=listing,
        filters=filters,
        **_filter_choices(),
        consultations=public_consultations(g.municipality),
        states=_states(),
    )


@bp.get("/proposals/<int:proposal_id>")
def detail(proposal_id: int) -> Rendered:
    proposal = _proposal(proposal_id)
    from participa.comments.services import thread_for, thread_probe

    # What the thread, the reader's buttons and the sections of linked features ask, at once.
    prefetch(
        thread_probe(proposal, "proposal", current_user),
        *services.reader_probes(current_user, proposal),
        *linked_probes("proposal", proposal.id),
    )
    facts = services.reader_facts(current_user, proposal)
    return render_template(
        "proposals/detail.html",
        proposal=proposal,
        thread=thread_for(proposal, "proposal", current_user),
        reported=facts.reported,
        consultation=proposal.consultation,
        supported=facts.supported,
        remaining=facts.remaining,
        following=facts.following,
        state_label=services.state_label,
    )


@bp.route("/consultations/<int:consultation_id>/proposals/new", methods=["GET", "POST"])
def create(consultation_id: int) -> Rendered:
    consultation = _consultation(consultation_id)
    require("proposals.participate", consultation)
    if not can(current_user, "proposals.create", consultation):
        raise DomainError(_("Proposals can only be submitted during the proposals phase."))
    form = ProposalForm(
        categories=category_choices(g.municipality),
        districts=places.district_choices(g.municipality),
    )
    # Not core.submit: a preview step comes first, and it keeps the staged image for publishing.
    if not form.validate_on_submit():
        return _render_form(form, consultation, None, 422 if form.errors else 200)
    try:
        image = services.stage_image(
            consultation, author=actor(), image=form.image.data, alt=form.image_alt.data
        )
        image = image or services.staged_image(form.image_token.data, author=actor())
        if not form.publish.data:
            services.check_fields(consultation, form.fields_data())
            db.session.commit()  # keep the staged image for the publish step
            form.image_token.data = image.token if image else ""
            return _render_form(form, consultation, None, 200, preview=True, image=image)
        proposal = services.submit_proposal(
            consultation, author=actor(), data=form.fields_data(), image=image
        )
    except DomainError as exc:
        db.session.rollback()
        attach_error(form, exc, _error_field(form))
        return _render_form(form, consultation, None, exc.status)
    db.session.commit()
    flash(_("Your proposal has been published."), "success")
    return redirect(url_for(".detail", proposal_id=proposal.id))


@bp.route("/proposals/<int:proposal_id>/edit", methods=["GET", "POST"])
def edit(proposal_id: int) -> Rendered:
    proposal = _proposal(proposal_id)
    if not can(current_user, "proposals.edit", proposal):
        require("proposals.participate", proposal.consultation)  # anonymous → login
        raise DomainError(
            _("This proposal can no longer be edited: the edit window has passed or it "
              "already has supports."),
            status=403 if proposal.author_id != current_user.id else 409,
        )  # fmt: skip
    consultation = proposal.consultation
    choices = {
        "categories": category_choices(g.municipality),
        "districts": places.district_choices(g.municipality),
    }
    if request.method == "GET":
        form = ProposalForm(obj=proposal, **choices)
        form.category_id.data = proposal.category_id or 0
        form.district_id.data = proposal.district_id or 0
    else:
        form = ProposalForm(**choices)

    def save() -> None:
        image = services.stage_image(
            consultation, author=actor(), image=form.image.data, alt=form.image_alt.data
        )
        services.edit_proposal(proposal, actor=actor(), data=form.fields_data(), image=image)

    return submit(
        form,
        save,
        render=lambda status: _render_form(form, consultation, proposal, status),
        then=url_for(".detail", proposal_id=proposal.id),
        success=_("Your proposal has been saved."),
        error_field=_error_field(form),
    )


def _error_field(form: ProposalForm) -> Callable[[DomainError], str]:
    # A refusal names its field (the place's), or concerns the image when one was sent or it
    # is too large, the text otherwise.
    return lambda exc: (
        getattr(exc, "field", None)
        or ("image" if exc.status == 413 or getattr(form.image.data, "filename", None) else "body")
    )


def _render_form(
    form: ProposalForm,
    consultation: Consultation,
    proposal: Proposal | None,
    status: int,
    *,
    preview: bool = False,
    image: Upload | None = None,
) -> tuple[str, int]:
    return (
        render_template(
            "proposals/form.html", form=form, consultation=consultation, proposal=proposal,
            preview=render_markdown(form.body.data) if preview else None, image=image,
        ),
        status,
    )  # fmt: skip


@bp.post("/proposals/<int:proposal_id>/withdraw")
def withdraw(proposal_id: int) -> Rendered:
    proposal = _proposal(proposal_id)
    require("proposals.withdraw", proposal)
    run(lambda: services.withdraw_proposal(proposal, actor=actor()))
    flash(_("Your proposal has been withdrawn."), "success")
    return redirect(url_for(".detail", proposal_id=proposal.id))


@bp.post("/proposals/<int:proposal_id>/support")
def support(proposal_id: int) -> Rendered:
    proposal = _proposal(proposal_id)
    if not current_user.is_authenticated:
        # Back to the page the button was on after signing in (this address takes only POST).
        return redirect(url_for("accounts.login", next=_back_target(proposal_id)))
    require("proposals.support", proposal)
    run(lambda: supports.support_proposal(proposal, user=actor()))
    flash(_("Thank you: you support this proposal."), "success")
    return _back(proposal_id)


@bp.post("/proposals/<int:proposal_id>/unsupport")
def unsupport(proposal_id: int) -> Rendered:
    proposal = _proposal(proposal_id)
    # The consultation's rule: a support given to a proposal withdrawn since can be taken back.
    require("proposals.support", proposal.consultation)
    run(lambda: supports.unsupport_proposal(proposal, user=actor()))
    flash(_("Your support has been withdrawn."), "success")
    return _back(proposal_id)


def _back_target(proposal_id: int) -> str:
    # The id from the URL: after the commit, proposal.id would load the proposal again.
    target = request.form.get("next")
    if target and is_safe_next(target):
        return target
    return url_for(".detail", proposal_id=proposal_id)


def _back(proposal_id: int) -> Rendered:
    return redirect(_back_target(proposal_id))


@bp.route("/proposals/<int:proposal_id>/answer", methods=["GET", "POST"])
def answer(proposal_id: int) -> Rendered:
    proposal = _proposal(proposal_id)
    require("proposals.answer", proposal)
    form = AnswerForm(obj=None if request.method == "POST" else _answer_defaults(proposal))
    return submit(
        form,
        lambda: services.answer_proposal(
            proposal,
            actor=actor(),
            state=form.state.data,
            answer=form.answer.data,
            details=form.details.data,
        ),
        render=page("proposals/answer.html", proposal=proposal, form=form),
        then=url_for(".detail", proposal_id=proposal.id),
        success=_("The answer has been published and followers notified."),
        error_field="answer",
    )


def _answer_defaults(proposal: Proposal) -> type[object]:
    class Defaults:
        state = proposal.state if proposal.is_answered else "under_evaluation"
        answer = proposal.answer_text
        details = proposal.answer_details

    return Defaults


@bp.route("/proposals/<int:proposal_id>/merge", methods=["GET", "POST"])
def merge(proposal_id: int) -> Rendered:
    proposal = _proposal(proposal_id)
    require("proposals.merge", proposal)
    query = request.args.get("q", "").strip()[:200]
    candidates, total = merge_candidates(proposal, query)
    form = MergeForm()
    form.target_id.choices = [(0, _("Choose a proposal"))] + [
        (c.id, _("No. %(number)s: %(title)s", number=c.id, title=c.title)) for c in candidates
    ]

    def merge_into() -> Proposal:
        target = next(c for c in candidates if c.id == form.target_id.data)
        services.merge_proposals(proposal, target, actor=actor())
        return target

    return submit(
        form,
        merge_into,
        render=lambda status: (
            render_template(
                "proposals/merge.html",
                proposal=proposal,
                form=form,
                query=query,
                shown=len(candidates),
                total=total,
            ),
            status,
        ),
        then=lambda target: url_for(".detail", proposal_id=target.id),
        success=_("The proposals have been merged."),
        error_field="target_id",
    )
