"""Thin routes: a member's library and the network's, an entry's page, staff forms and buttons."""

from __future__ import annotations

from typing import Any

from flask import abort, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from participa.core.authz import can, require
from participa.core.pagination import paginate
from participa.core.params import unknown_filter
from participa.core.submit import Rendered, act, actor, page, submit
from participa.core.tenancy import get_or_404, visible_or_404
from participa.core.topics import TOPICS
from participa.extensions import db
from participa.library import bp, network_bp, services
from participa.library.forms import EntryForm
from participa.library.models import LICENCES, LibraryEntry
from participa.municipalities.models import MemberKind, Municipality

PER_PAGE = 20


def _choice(name: str, allowed: Any) -> str | None:
    value = (request.args.get(name) or "").strip()
    if not value:
        return None
    if value not in allowed:
        raise unknown_filter()
    return value


def _filters(*, member_filters: bool) -> services.Filters:
    member = (request.args.get("member") or "").strip() or None
    if member is not None and (len(member) > 60 or not member.replace("-", "").isalnum()):
        raise unknown_filter()
    return services.Filters(
        q=(request.args.get("q") or "").strip()[:200],
        kind=_choice("kind", services.kind_labels()),
        topic=_choice("topic", TOPICS),
        language=_choice("language", services.LANGUAGES),
        licence=_choice("licence", LICENCES),
        member=member if member_filters else None,
        member_kind=_choice("member_kind", [k.value for k in MemberKind])
        if member_filters
        else None,
    )


def _labels() -> dict[str, Any]:
    return {
        "kinds": services.kind_labels(),
        "languages": services.language_labels(),
        "licences": services.licence_labels(),
        "licence_details": services.LICENCE_DETAILS,
        "member_kinds": services.member_kind_labels(),
        "statuses": services.status_labels(),
        "topics": {code: str(label) for code, label in TOPICS.items()},
    }


def _entry_page(entry: LibraryEntry) -> str:
    names = services.indicator_names(entry.cited_codes) if entry.cited_codes else {}
    return render_template("library/detail.html", entry=entry, indicator_names=names, **_labels())


def _form_page(form: EntryForm, entry: LibraryEntry | None, cancel: str) -> Any:
    return page("library/form.html", form=form, entry=entry, cancel=cancel, **_labels())


def _prefill(form: EntryForm, entry: LibraryEntry) -> None:
    if not form.is_submitted():
        form.process(obj=entry)
        form.links.data = services.links_text(entry)
        form.indicators.data = entry.cited_codes


_OPTIONS = (selectinload(LibraryEntry.links), selectinload(LibraryEntry.citations))


# The member's and the network's staff pages differ in how they load the entry and check who
# may manage it; what follows is the same.


def _create(member: Municipality | None, *, language: str, cancel: str, success: str) -> Rendered:
    form = EntryForm()
    if not form.is_submitted():
        form.language.data = language
        form.licence.data = "cc-by-4.0"
    return submit(
        form,
        lambda: services.create_entry(member, form.data_for_service(), actor=actor()),
        render=_form_page(form, None, cancel),
        then=services.entry_path,
        success=success,
    )


def _edit(entry: LibraryEntry) -> Rendered:
    form = EntryForm()
    _prefill(form, entry)
    return submit(
        form,
        lambda: services.update_entry(entry, form.data_for_service(), actor=actor()),
        render=_form_page(form, entry, services.entry_path(entry)),
        then=services.entry_path,
        success=_("Entry saved."),
    )


def _publish(entry: LibraryEntry) -> Rendered:
    return act(lambda: services.publish_entry(entry, actor=actor()),
               then=services.entry_path(entry), success=_("Entry published."))  # fmt: skip


def _unpublish(entry: LibraryEntry) -> Rendered:
    return act(lambda: services.unpublish_entry(entry, actor=actor()),
               then=services.entry_path(entry), success=_("Entry back to draft."))  # fmt: skip


# --- A member's library ---------------------------------------------------------------------


@bp.get("/", endpoint="list")
def member_list() -> Rendered:
    filters = _filters(member_filters=False)
    manage = can(current_user, "library.manage", g.municipality)
    query = services.find_entries(filters, municipality_id=g.municipality.id, drafts=manage)
    found = paginate(query, PER_PAGE, key=LibraryEntry.id)
    return render_template(
        "library/list.html", page=found, filters=filters, network=False, may_manage=manage,
        members=[], **_labels(),
    )  # fmt: skip


@bp.get("/<int:entry_id>")
def detail(entry_id: int) -> Rendered:
    entry = visible_or_404(LibraryEntry, entry_id, "library.view", *_OPTIONS)
    return _entry_page(entry)


@bp.route("/new", methods=["GET", "POST"])
def new() -> Rendered:
    require("library.manage", g.municipality)
    return _create(
        g.municipality,
        language=str(g.get("locale") or "es")[:2],
        cancel=url_for("library.list"),
        success=_("Entry saved as a draft. Attach its documents, then publish it."),
    )


@bp.route("/<int:entry_id>/edit", methods=["GET", "POST"])
def edit(entry_id: int) -> Rendered:
    entry = get_or_404(LibraryEntry, entry_id, *_OPTIONS)
    require("library.manage", entry)
    return _edit(entry)


@bp.post("/<int:entry_id>/publish")
def publish(entry_id: int) -> Rendered:
    entry = get_or_404(LibraryEntry, entry_id)
    require("library.manage", entry)
    return _publish(entry)


@bp.post("/<int:entry_id>/unpublish")
def unpublish(entry_id: int) -> Rendered:
    entry = get_or_404(LibraryEntry, entry_id)
    require("library.manage", entry)
    return _unpublish(entry)


# --- The network's library ------------------------------------------------------------------


@network_bp.get("/", endpoint="list")
def network_list() -> Rendered:
    filters = _filters(member_filters=True)
    found = paginate(services.find_entries(filters), PER_PAGE, key=LibraryEntry.id)
    return render_template(
        "library/list.html", page=found, filters=filters, network=True,
        may_manage=can(current_user, "library.manage", None),
        members=services.members_with_entries(), **_labels(),
    )  # fmt: skip


def _network_entry(entry_id: int, action: str) -> LibraryEntry:
    entry = db.session.get(LibraryEntry, entry_id, options=_OPTIONS)
    # A member's entry lives on the member's pages; a draft looks missing to the public.
    if entry is None or entry.municipality_id is not None or not can(current_user, action, entry):
        abort(404)
    return entry


@network_bp.get("/<int:entry_id>", endpoint="detail")
def network_detail(entry_id: int) -> Rendered:
    return _entry_page(_network_entry(entry_id, "library.view"))


@network_bp.route("/new", methods=["GET", "POST"], endpoint="new")
def network_new() -> Rendered:
    require("library.manage", None)
    return _create(
        None,
        language="es",
        cancel=url_for("library_network.list"),
        success=_("Entry saved as a draft."),
    )


@network_bp.route("/<int:entry_id>/edit", methods=["GET", "POST"], endpoint="edit")
def network_edit(entry_id: int) -> Rendered:
    require("library.manage", None)
    return _edit(_network_entry(entry_id, "library.manage"))


@network_bp.post("/<int:entry_id>/publish", endpoint="publish")
def network_publish(entry_id: int) -> Rendered:
    require("library.manage", None)
    return _publish(_network_entry(entry_id, "library.manage"))


@network_bp.post("/<int:entry_id>/unpublish", endpoint="unpublish")
def network_unpublish(entry_id: int) -> Rendered:
    require("library.manage", None)
    return _unpublish(_network_entry(entry_id, "library.manage"))
