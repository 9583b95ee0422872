"""Event pages of a member (``/m/<member>/events``) and of the network (``/network/events``):
lists, the event, calendar feeds, registration and the staff's forms."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from flask import Response, abort, render_template, request, url_for
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from participa.core.authz import can, require
from participa.core.charts import bar_chart
from participa.core.errors import DomainError
from participa.core.pagination import paginate
from participa.core.params import parse_int
from participa.core.submit import Rendered, act, actor, page, submit
from participa.core.tenancy import current_municipality
from participa.core.topics import topic_choices
from participa.db import utcnow
from participa.events import bp, feeds, listing, network_bp, services, trained
from participa.events.forms import (
    EventForm,
    LinkForm,
    MinutesForm,
    OfficialsForm,
    attendance_form,
    breakdown_of,
)
from participa.events.linkable import linkable, linkables
from participa.events.models import Event, EventLink, Registration
from participa.extensions import db

if TYPE_CHECKING:
    from participa.municipalities.models import Municipality

PER_PAGE = 20


def _both(rule: str, **options: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Serve a view for a member's events and for the network's, under the same endpoint name."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        bp.add_url_rule(rule, view_func=view, **options)
        network_bp.add_url_rule(rule, view_func=view, **options)
        return view

    return decorator


def _member() -> Municipality | None:
    return current_municipality()


def _event(event_id: int, action: str = "events.view") -> Event:
    """The event of this member (or of the network itself) by id; 404 elsewhere."""
    member = _member()
    owner = Event.municipality_id == member.id if member else Event.municipality_id.is_(None)
    event = db.session.scalars(select(Event).where(Event.id == event_id, owner)).first()
    if event is None or not can(current_user, "events.view", event):
        abort(404)
    if action != "events.view":
        require(action, event)
    return event


def _here(event: Event | None = None) -> str:
    if event is not None:
        return services.event_url(event)
    return url_for(".list")


# Lists and feeds ---------------------------------------------------------------------------------


@_both("/", endpoint="list")
def event_list() -> Rendered:
    member = _member()
    filters = listing.filters_from(request.args, network=member is None)
    query = listing.events_query(
        member,
        filters,
        now=utcnow(),
        include_drafts=member is not None and can(current_user, "events.create", member),
    )
    found = paginate(query, PER_PAGE, key=Event.id)
    return render_template(
        "events/list.html",
        page=found,
        filters=filters,
        members=listing.members_with_events() if member is None else [],
        may_create=can(current_user, "events.create", member),
        kind_label=services.kind_label,
        format_label=services.format_label,
        event_url=services.event_url,
        topics=topic_choices(),
        now=utcnow(),
    )


@_both("/calendar.ics", endpoint="calendar")
def calendar() -> Rendered:
    member = _member()
    body = feeds.calendar(member, listing.feed_events(member, since=utcnow() - timedelta(days=365)))
    return _ics(body, (member.slug if member else "network") + "-events.ics")


@_both("/<int:event_id>.ics", endpoint="event_ics")
def event_ics(event_id: int) -> Rendered:
    event = _event(event_id)
    if event.status == "draft":
        abort(404)  # feeds are for public events only, staff included
    return _ics(feeds.calendar(_member(), [event]), f"event-{event.id}.ics")


def _ics(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# The event ---------------------------------------------------------------------------------------


def _registration_state(event: Event) -> dict[str, Any]:
    registration = services.registration_of(current_user, event)
    left = services.places_left(event)
    position = None
    if registration is not None and registration.status == "waiting":
        position = services.waiting_position(registration)
    texts = []
    if left is not None and event.is_published and event.registration_open:
        texts.append(
            ngettext("%(num)s place left", "%(num)s places left", left)
            if left
            else _("No places left: new registrations join the waiting list.")
        )
    if registration is not None and position is not None:
        texts.append(
            ngettext(
                "You are on the waiting list, position %(num)s",
                "You are on the waiting list, position %(num)s",
                position,
            )
        )
    elif registration is not None:
        texts.append(_("You are registered: your place is confirmed."))
    return {"registration": registration, "texts": texts}


@_both("/<int:event_id>", endpoint="detail")
def detail(event_id: int) -> Rendered:
    event = _event(event_id)
    manage = can(current_user, "events.manage", event)
    attendance = services.attendance_of(event) if event.attendance_total is not None else {}
    charts = [
        (
            str(services.DIMENSION_LABELS[dimension]),
            bar_chart(rows, title=str(services.DIMENSION_LABELS[dimension])),
            [(label, format_decimal(n)) for label, n in rows],
        )
        for dimension, rows in attendance.items()
    ]
    confirmed, waiting = services.registration_counts(event) if manage else (0, 0)
    return render_template(
        "events/detail.html",
        event=event,
        manage=manage,
        state=_registration_state(event),
        closed=services.registration_closed(event),
        charts=charts,
        links=services.links_of(event, public_only=not manage),
        link_form=_link_form(event) if manage and event.municipality_id else None,
        confirmed=confirmed,
        waiting=waiting,
        kind_label=services.kind_label,
        format_label=services.format_label,
        status_label=lambda s: str(services.STATUS_LABELS.get(s, s)),
        now=utcnow(),
    )


def _link_choices(event: Event) -> list[tuple[str, str]]:
    choices = []
    for entry in linkables():
        for obj in entry.choices(event.municipality_id or 0):
            choices.append((f"{entry.kind}:{obj.id}", f"{entry.label}: {entry.title(obj)}"))
    return choices


def _link_form(event: Event) -> LinkForm:
    form = LinkForm()
    form.target.choices = _link_choices(event)
    return form


# Staff -------------------------------------------------------------------------------------------


@_both("/new", endpoint="create", methods=["GET", "POST"])
def create() -> Rendered:
    member = _member()
    require("events.create", member)
    form = EventForm()
    zone = member.timezone if member else "UTC"
    return submit(
        form,
        lambda: services.create_event(member, form.data_in(zone), actor=actor()),
        render=page("events/form.html", form=form, event=None, zone=zone),
        then=lambda event: services.event_url(event),
        success=_("The event was saved as a draft."),
    )


@_both("/<int:event_id>/edit", endpoint="edit", methods=["GET", "POST"])
def edit(event_id: int) -> Rendered:
    event = _event(event_id, "events.manage")
    form = EventForm()
    if request.method == "GET":
        form.fill(event)
    return submit(
        form,
        lambda: services.update_event(event, form.data_in(event.time_zone), actor=actor()),
        render=page("events/form.html", form=form, event=event, zone=event.time_zone),
        then=_here(event),
        success=_("The event was saved."),
    )


@_both("/<int:event_id>/publish", endpoint="publish", methods=["POST"])
def publish(event_id: int) -> Rendered:
    event = _event(event_id, "events.manage")
    return act(
        lambda: services.publish_event(event, actor=actor()),
        then=_here(event),
        success=_("The event is public."),
    )


@_both("/<int:event_id>/cancel", endpoint="cancel", methods=["POST"])
def cancel(event_id: int) -> Rendered:
    event = _event(event_id, "events.manage")
    return act(
        lambda: services.cancel_event(event, actor=actor()),
        then=_here(event),
        success=_("The event was cancelled; the registered people were told."),
    )


@_both("/<int:event_id>/register", endpoint="register", methods=["POST"])
def register(event_id: int) -> Rendered:
    event = _event(event_id)
    require("events.register", event)

    def done(registration: Registration) -> str:
        if registration.status == "waiting":
            return str(_("The event is full: you are on the waiting list."))
        return str(_("You are registered."))

    return act(lambda: services.register(event, user=actor()), then=_here(event), success=done)


@_both("/<int:event_id>/unregister", endpoint="unregister", methods=["POST"])
def unregister(event_id: int) -> Rendered:
    event = _event(event_id)
    if not current_user.is_authenticated:
        require("events.register", event)  # to the login page
    return act(
        lambda: services.unregister(event, user=actor()),
        then=_here(event),
        success=_("Your registration was cancelled."),
    )


@_both("/<int:event_id>/minutes", endpoint="minutes", methods=["GET", "POST"])
def minutes(event_id: int) -> Rendered:
    event = _event(event_id, "events.manage")
    form = MinutesForm()
    if request.method == "GET" and event.minutes:
        form.minutes.data = event.minutes
    return submit(
        form,
        lambda: services.publish_minutes(event, form.minutes.data, actor=actor()),
        render=page("events/minutes.html", form=form, event=event, event_url=_here(event)),
        then=_here(event),
        success=_("The minutes are published."),
    )


def _territories(event: Event) -> list[str]:
    if event.municipality is None:
        return []
    from participa.places.services import districts_of

    return [d.name for d in districts_of(event.municipality)]


@_both("/<int:event_id>/attendance", endpoint="attendance", methods=["GET", "POST"])
def attendance(event_id: int) -> Rendered:
    event = _event(event_id, "events.manage")
    territories = _territories(event)
    form = attendance_form(territories)
    if request.method == "GET" and event.attendance_total is not None:
        form.total.data = event.attendance_total
        for row in services.attendance_rows(event):
            name = services.attendance_field(row.dimension, row.category, territories)
            if name is not None:
                form[name].data = row.count
    return submit(
        form,
        lambda: services.record_attendance(
            event, form.total.data, breakdown_of(form, territories), actor=actor()
        ),
        render=page(
            "events/attendance.html",
            form=form,
            event=event,
            territories=territories,
            event_url=_here(event),
        ),
        then=_here(event),
        success=_("The attendance was recorded."),
    )


@_both("/<int:event_id>/officials", endpoint="officials", methods=["GET", "POST"])
def officials(event_id: int) -> Rendered:
    event = _event(event_id, "events.record_officials")
    form = OfficialsForm()
    candidates = services.staff_candidates(event)
    form.officials.choices = [
        (user.id, f"{user.display_name} ({municipality.name})") for user, municipality in candidates
    ]
    if request.method == "GET":
        form.officials.data = sorted(services.officials_of(event))
    return submit(
        form,
        lambda: services.record_officials(event, form.officials.data or [], actor=actor()),
        render=page("events/officials.html", form=form, event=event, event_url=_here(event)),
        then=_here(event),
        success=lambda n: ngettext("%(num)s official recorded.", "%(num)s officials recorded.", n),
    )


@bp.post("/<int:event_id>/links", endpoint="link")
def link(event_id: int) -> Rendered:
    event = _event(event_id, "events.manage")
    form = _link_form(event)

    def change() -> EventLink:
        if not form.validate_on_submit():
            raise DomainError(_("Choose what to link the event to."), status=422)
        kind, _sep, raw_id = form.target.data.partition(":")
        target_id = parse_int(raw_id, min=1)
        if linkable(kind) is None or target_id is None:
            raise DomainError(_("Choose what to link the event to."), status=422)
        return services.link_event(event, kind, target_id, actor=actor())

    # Bad input (422) goes to the error page with its status; "already linked" is flashed.
    return act(
        change,
        then=_here(event),
        success=_("The event was linked."),
        shown=lambda refusal: refusal.status == 409,
    )


@bp.post("/<int:event_id>/links/<int:link_id>/remove", endpoint="unlink")
def unlink(event_id: int, link_id: int) -> Rendered:
    event = _event(event_id, "events.manage")
    found = db.session.get(EventLink, link_id)
    if found is None or found.event_id != event.id:
        abort(404)
    return act(
        lambda: services.unlink_event(event, link_id, actor=actor()),
        then=_here(event),
        success=_("The link was removed."),
    )


# Officials trained across the network -----------------------------------------------------------


@network_bp.get("/trained", endpoint="trained")
def trained_page() -> Rendered:
    by_member, by_topic = trained.officials_trained()
    return render_template(
        "events/trained.html",
        by_member=[(name, format_decimal(n)) for name, n in by_member],
        by_topic=[(name, format_decimal(n)) for name, n in by_topic],
        member_chart=bar_chart(
            [(name, n) for name, n in by_member], title=_("Officials trained per member")
        ),
        topic_chart=bar_chart(
            [(name, n) for name, n in by_topic], title=_("Officials trained per topic")
        ),
    )


@network_bp.get("/trained.csv", endpoint="trained_csv")
def trained_csv() -> Rendered:
    by_member, by_topic = trained.officials_trained()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["breakdown", "name", "officials_trained"])
    writer.writerows(("member", name, n) for name, n in by_member)
    writer.writerows(("topic", name, n) for name, n in by_topic)
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="officials-trained.csv"'
    return response
