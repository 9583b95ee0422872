"""Which features have something linked to the item a page shows, in one query.

A detail page offers sections of other features (a proposal's follow-up, the procurement
processes carrying it out, its documents, the events where it was presented). Most items have
none of them, yet each section used to cost its own query on every view. Features declare what
they link (``Feature.linked``: a probe per kind of link); the first section a page asks about
runs every probe for the item in one ``UNION ALL`` of ``EXISTS``, and each section then queries
its rows only when the probe found some.
"""

from __future__ import annotations

from sqlalchemy import Integer, String, bindparam, literal, select, union_all

from participa.core import features
from participa.core.memo import forget_on_flush
from participa.core.viewer import NotPrefetched, Probe, prefetched
from participa.extensions import db

_MEMO = "_participa_linked"


def has_linked(name: str, kind: str, item_id: int) -> bool:
    """Whether the links ``name`` (a ``Feature.linked`` key) reach item ``kind``/``item_id``.

    True when no installed feature declares ``name``: the caller then runs its own query.
    """
    from flask import g, has_app_context

    probes = features.installed.linked
    if name not in probes:
        return True
    if not has_app_context():
        return name in _probe(kind, item_id)
    memo: dict[tuple[str, int], set[str]] = g.setdefault(_MEMO, {})
    key = (kind, item_id)
    if key not in memo:
        try:
            memo[key] = {found for found in probes if prefetched(_key(kind, item_id, found))}
        except NotPrefetched:
            memo[key] = _probe(kind, item_id)
    return name in memo[key]


def linked_probes(kind: str, item_id: int) -> list[Probe]:
    """What :func:`has_linked` asks about item ``kind``/``item_id``, as questions a page may
    answer in advance with its other ones (``core.viewer.prefetch``)."""
    installed = features.installed
    questions = installed.linked_questions
    if questions is None:
        # Built once per installation, like the query has_linked runs alone.
        where = (bindparam("linked_kind", type_=String), bindparam("linked_item_id", type_=Integer))
        questions = installed.linked_questions = {
            name: probe(*where).exists() for name, probe in installed.linked.items()
        }
    params = {"linked_kind": kind, "linked_item_id": item_id}
    return [Probe(_key(kind, item_id, name), q, params) for name, q in questions.items()]


def _key(kind: str, item_id: int, name: str) -> tuple[str, str, int, str]:
    return ("linked", kind, item_id, name)


def _probe(kind: str, item_id: int) -> set[str]:
    installed = features.installed
    if installed.linked_query is None:
        # Built once per installation, with the item as parameters: building the statement
        # cost more than running it.
        where = (bindparam("kind", type_=String), bindparam("item_id", type_=Integer))
        queries = [
            select(literal(name)).where(probe(*where).exists())
            for name, probe in installed.linked.items()
        ]
        installed.linked_query = queries[0] if len(queries) == 1 else union_all(*queries)
    return set(db.session.scalars(installed.linked_query, {"kind": kind, "item_id": item_id}))


def setup() -> None:
    """Forget what was found whenever the session writes (called once at installation)."""
    forget_on_flush(_MEMO)
