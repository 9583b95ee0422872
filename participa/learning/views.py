"""Thin routes of the learning space: the network's and a member's exchanges, an exchange's page,
its staff forms, and the indicator exchanges' former addresses (permanent redirects)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from flask import g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from participa.core.authz import can, require
from participa.core.pagination import paginate
from participa.core.params import int_arg
from participa.core.ratelimits import configured, person_key
from participa.core.submit import Rendered, act, actor, page, submit
from participa.core.tenancy import get_or_404
from participa.core.topics import TOPICS, topic_choices
from participa.extensions import db, limiter
from participa.indicators.models import Indicator
from participa.learning import bp, labels, legacy_bp, legacy_network_bp, network_bp, services
from participa.learning.forms import ExchangeForm, InviteForm, JoinForm, MessageForm, OutcomeForm
from participa.learning.models import LearningExchange
from participa.municipalities.models import Municipality

PER_PAGE = 20
MemberFormT = TypeVar("MemberFormT", JoinForm, InviteForm)


message_limit = limiter.shared_limit(
    configured("LEARNING_MESSAGE_RATE_LIMIT", "10 per minute;100 per day"),
    scope="learning-message",
    key_func=person_key,
)


def _filters(member_id: int | None = None) -> services.Filters:
    topic = request.args.get("topic") or None
    kind = request.args.get("kind") or None
    status = request.args.get("status") or None
    # Unknown codes in a shared address filter nothing rather than fail.
    return services.Filters(
        topic=topic if topic in TOPICS else None,
        kind=kind if kind in labels.KINDS else None,
        status=status if status in labels.statuses() else None,
        member_id=member_id if member_id is not None else int_arg("member", lenient=True),
    )


def _list(template: str, filters: services.Filters, **context: Any) -> str:
    found = paginate(services.exchanges_query(filters), PER_PAGE, key=LearningExchange.id)
    return render_template(
        template,
        page=found,
        filters=filters,
        topics=topic_choices(),
        kinds=labels.KINDS,
        statuses=labels.statuses(),
        **context,
    )


@network_bp.get("/")
def index() -> str:
    return _list("learning/index.html", _filters(), members=services.members())


@bp.get("/")
def member() -> str:
    return _list("learning/member.html", _filters(g.municipality.id))


@bp.route("/new", methods=["GET", "POST"])
def create() -> Rendered:
    require("learning.open", g.municipality)
    form = ExchangeForm()
    form.topic.choices = [("", _("Choose a topic")), *topic_choices()]
    indicators = services.current_indicators()
    form.indicator_id.choices = [
        (None, _("None")),
        *((i.id, f"{i.code} · {i.name}") for i in indicators),
    ]
    others = [m for m in services.members() if m.id != g.municipality.id]
    form.invite_id.choices = [(None, _("Nobody yet")), *((m.id, m.name) for m in others)]
    if not form.is_submitted():
        form.indicator_id.data = int_arg("indicator", lenient=True)
        form.invite_id.data = int_arg("invite", lenient=True)
        if request.args.get("kind") in labels.KINDS:
            form.kind.data = request.args["kind"]
    return submit(
        form,
        lambda: services.open_exchange(
            g.municipality,
            actor=actor(),
            kind=form.kind.data,
            topic=form.topic.data,
            title=form.title.data,
            description=form.description.data,
            indicator=db.session.get(Indicator, form.indicator_id.data)
            if form.indicator_id.data
            else None,
            invite=db.session.get(Municipality, form.invite_id.data)
            if form.invite_id.data
            else None,
        ),
        render=page("learning/form.html", form=form),
        then=lambda exchange: url_for(".detail", exchange_id=exchange.id),
        success=_("Exchange opened. Other members of the network can now join it."),
        error_field=lambda exc: "invite_id" if exc.status == 409 else None,
    )


def _exchange(exchange_id: int) -> LearningExchange:
    return get_or_404(LearningExchange, exchange_id)


def _members_form(form: MemberFormT, members: Iterable[Municipality]) -> MemberFormT:
    """``form`` offering ``members`` to choose from."""
    form.member_id.choices = [(m.id, m.name) for m in members]
    return form


def _detail(exchange: LearningExchange, status: int = 200, **forms: Any) -> Rendered:
    may_read = can(current_user, "learning.read_messages", exchange)
    join_form = _members_form(
        forms.get("join_form") or JoinForm(), services.joinable_members(current_user, exchange)
    )
    invite_form = _members_form(
        forms.get("invite_form") or InviteForm(),
        services.invitable_members(exchange)
        if can(current_user, "learning.manage", exchange)
        else [],
    )
    return render_template(
        "learning/detail.html",
        exchange=exchange,
        messages=services.messages_of(exchange) if may_read else None,
        may_read=may_read,
        message_form=forms.get("message_form") or MessageForm(),
        join_form=join_form,
        invite_form=invite_form,
        kinds=labels.KINDS,
        statuses=labels.statuses(),
        participant_statuses=labels.participant_statuses(),
    ), status


@bp.get("/<int:exchange_id>")
def detail(exchange_id: int) -> Rendered:
    return _detail(_exchange(exchange_id))


def _submit_member(
    exchange: LearningExchange,
    form_name: str,
    form: JoinForm | InviteForm,
    change: Callable[..., Any],
    success: str,
) -> Rendered:
    """Submit a form naming a member: ``change(exchange, actor=, member=)``; ``form_name`` is
    the form's place on the exchange's page, where a refusal shows."""
    return submit(
        form,
        lambda: change(
            exchange, actor=actor(), member=db.session.get(Municipality, form.member_id.data)
        ),
        render=lambda status: _detail(exchange, status, **{form_name: form}),
        then=url_for(".detail", exchange_id=exchange.id),
        success=success,
        error_field="member_id",
    )


@bp.post("/<int:exchange_id>/join")
def join(exchange_id: int) -> Rendered:
    exchange = _exchange(exchange_id)
    require("learning.join", exchange)
    form = _members_form(JoinForm(), services.joinable_members(current_user, exchange))
    return _submit_member(exchange, "join_form", form, services.join, _("You joined the exchange."))


@bp.post("/<int:exchange_id>/invite")
def invite(exchange_id: int) -> Rendered:
    exchange = _exchange(exchange_id)
    require("learning.manage", exchange)
    form = _members_form(InviteForm(), services.invitable_members(exchange))
    success = _("Member invited. Its staff join the exchange to accept.")
    return _submit_member(exchange, "invite_form", form, services.invite_member, success)


@bp.post("/<int:exchange_id>/messages")
@message_limit
def post_message(exchange_id: int) -> Rendered:
    exchange = _exchange(exchange_id)
    require("learning.post", exchange)
    form = MessageForm()
    return submit(
        form,
        lambda: services.post_message(exchange, actor=actor(), body=form.body.data),
        render=lambda status: _detail(exchange, status, message_form=form),
        then=lambda message: url_for(".detail", exchange_id=exchange.id,
                                     _anchor=f"message-{message.id}"),
        success=_("Message posted."),
        error_field="body",
    )  # fmt: skip


@bp.route("/<int:exchange_id>/complete", methods=["GET", "POST"])
def complete(exchange_id: int) -> Rendered:
    exchange = _exchange(exchange_id)
    require("learning.manage", exchange)
    form = OutcomeForm()
    return submit(
        form,
        lambda: services.complete(exchange, actor=actor(), outcome=form.outcome.data),
        render=page("learning/complete.html", form=form, exchange=exchange),
        then=url_for(".detail", exchange_id=exchange.id),
        success=_("Exchange completed. Its outcome is public."),
        error_field="outcome",
    )


@bp.post("/<int:exchange_id>/close")
def close(exchange_id: int) -> Rendered:
    exchange = _exchange(exchange_id)
    require("learning.manage", exchange)
    return act(
        lambda: services.close(exchange, actor=actor()),
        then=url_for(".detail", exchange_id=exchange.id),
        success=_("Exchange closed without an outcome."),
    )


# The indicator exchanges' former addresses ------------------------------------------------------


@legacy_network_bp.get("")
def legacy_network() -> Response:
    return redirect(url_for("learning_network.index"), 301)


@legacy_bp.get("/")
def legacy_member() -> Response:
    return redirect(url_for("learning.member"), 301)


@legacy_bp.get("/new")
def legacy_create() -> Response:
    args: dict[str, Any] = {"kind": "request"}
    indicator = int_arg("indicator", lenient=True)
    partner = int_arg("partner", lenient=True)
    if indicator:
        args["indicator"] = str(indicator)
    if partner:
        args["invite"] = str(partner)
    return redirect(url_for("learning.create", **args), 301)
