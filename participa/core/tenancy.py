"""Municipality scoping: every tenant object is loaded through these helpers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from flask import Blueprint, abort, g, request
from flask_login import current_user
from sqlalchemy import Select, bindparam, select

from participa.core.authz import can
from participa.core.features import provider, serves_kind
from participa.extensions import db

if TYPE_CHECKING:
    from participa.municipalities.models import Municipality  # type only: see core.authz

T = TypeVar("T")


def current_municipality() -> Municipality | None:
    """Return the municipality of this request, or None on platform-wide pages."""
    municipality: Municipality | None = g.get("municipality")
    return municipality


def scoped(model: type[T]) -> Select[T]:
    """A select of ``model`` restricted to the current municipality."""
    # A mapped class's attributes are SQL expressions, which a TypeVar cannot express.
    columns: Any = model
    municipality = current_municipality()
    if municipality is None:
        raise RuntimeError("scoped() used outside a municipality request")
    return select(model).where(columns.municipality_id == municipality.id)


# Built once per model and options: every page and write loads its object through get_or_404,
# and building the statement (and its cache key) cost a third of running it.
_BY_ID: dict[tuple[Any, ...], Select[Any]] = {}
_MOST_KEPT = 512  # options built per call would otherwise grow it without end


def get_or_404(model: type[T], object_id: int, *options: Any) -> T:
    """Load ``model`` by id within the current municipality; other municipalities answer 404.

    ``options`` are loader options (say, the relationships every caller reads, in one query);
    pass the same objects on every call (built once, with ``functools.cache``: see
    ``consultations.services.with_phases``) so that the statement is built once too.
    """
    municipality = current_municipality()
    if municipality is None:
        raise RuntimeError("get_or_404() used outside a municipality request")
    key = (model, *options)
    query = _BY_ID.get(key)
    if query is None:
        columns: Any = model  # see scoped()
        query = (
            select(model)
            .where(
                columns.municipality_id == bindparam("tenancy_municipality"),
                columns.id == bindparam("tenancy_id"),
            )
            .options(*options)
        )
        if len(_BY_ID) < _MOST_KEPT:
            _BY_ID[key] = query
    params = {"tenancy_municipality": municipality.id, "tenancy_id": object_id}
    # unique(): a joined collection repeats the row once per item.
    obj: T | None = db.session.scalars(query, params).unique().first()
    if obj is None:
        abort(404)
    return obj


def one_of_or_404(items: Iterable[T], item_id: int) -> T:
    """The item of a collection already loaded (a ballot's questions) whose id is ``item_id``;
    404 when the parent has none: an id from another parent looks missing."""
    found = next((item for item in items if getattr(item, "id", None) == item_id), None)
    if found is None:
        abort(404)
    return found


def visible_or_404(model: type[T], object_id: int, action: str, *options: Any) -> T:
    """``get_or_404``, and 404 too when the visitor may not ``action`` it (drafts look missing)."""
    obj = get_or_404(model, object_id, *options)
    if not can(current_user, action, obj):
        abort(404)
    return obj


def municipality_blueprint(name: str, import_name: str, path: str = "") -> Blueprint:
    """A blueprint whose routes live under ``/m/<municipality><path>``.

    The URL processor loads the municipality into ``g.municipality`` (404 when unknown,
    archived, or of a kind the blueprint's feature does not serve: ``Feature.member_kinds``)
    and ``url_for`` fills it back in, so views and templates never pass it around.
    """
    bp = Blueprint(
        name, import_name, url_prefix=f"/m/<municipality>{path}", template_folder="templates"
    )
    bp.url_value_preprocessor(_load_municipality)
    bp.url_defaults(_add_municipality)
    return bp


def _load_municipality(endpoint: str | None, values: dict[str, Any] | None) -> None:
    slug = (values or {}).pop("municipality", None)
    # The feature that owns municipalities provides the loader; the core knows none of them.
    municipality = provider("municipality")(slug) if slug else None
    if municipality is None or municipality.is_archived:
        abort(404)
    # request.blueprints: a nested blueprint (the contracting API) answers for its parents too.
    if not serves_kind(request.blueprints, municipality.kind):
        abort(404)
    g.municipality = municipality
    # Kept apart: after a commit the municipality is expired, and a redirect's url_for would
    # load it again just for the slug the URL already gave.
    g.municipality_slug = municipality.slug


def _add_municipality(endpoint: str, values: dict[str, Any]) -> None:
    if "municipality" not in values and g.get("municipality") is not None:
        values["municipality"] = g.get("municipality_slug") or g.municipality.slug
