"""What several features need to know about the signed-in reader, asked in one query.

Every page a signed-in person reads asks small questions about them: their roles in the page's
member, their unread notifications, whether a moderator blocked them, whether they review
assessments. Each used to cost its own query. Features declare these questions
(``Feature.viewer``: a name and a scalar subquery of the reader's id, the page's member id and
the time); the first one a request asks runs all of them in one ``SELECT``, and the rest are
answered from it. A question about someone else, or about another member, runs its own query
as before. Questions about the item a page shows (do they support, follow, have they reported
this proposal; how many comments they see on it) belong to the features of the page's parts:
each declares its question as a :class:`Probe`, the page gathers them and :func:`prefetch`
answers them all in one query.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any, NamedTuple

from flask import g, has_request_context
from flask_login import current_user
from sqlalchemy import ColumnElement, Integer, bindparam, select

from participa.core import features
from participa.core.features import Question
from participa.core.memo import forget_on_flush
from participa.db import UTCDateTime, utcnow
from participa.extensions import db

_MEMO = "_participa_viewer"
_PREFETCHED = "_participa_prefetched"


# Stands for "whatever member the page is in", for questions that do not depend on it.
ANY_MEMBER: Any = object()


def fact(
    name: str,
    question: Question,
    user_id: int,
    municipality_id: int | None = ANY_MEMBER,
) -> Any:
    """The value of ``question`` (declared as ``name`` in ``Feature.viewer``) about person
    ``user_id`` in a member (leave it out when the question does not depend on it).

    From the request's one query when the person is the signed-in reader and the member is the
    page's (``g.municipality``); from the question alone otherwise, or when the session holds
    unsaved changes that the answer might depend on.
    """
    member = g.get("municipality") if has_request_context() else None
    member_id = member.id if member is not None else None
    if not _from_the_one_query(name, user_id, municipality_id, member_id):
        alone = None if municipality_id is ANY_MEMBER else municipality_id
        return _alone(question, user_id, alone)
    memo = g.get(_MEMO)
    if memo is None or memo[0] != (user_id, member_id):
        memo = ((user_id, member_id), _ask(user_id, member_id))
        setattr(g, _MEMO, memo)
    return memo[1][name]


def _from_the_one_query(
    name: str, user_id: int, municipality_id: int | None, member_id: int | None
) -> bool:
    # The one query answers for the signed-in reader in the page's member, and only from what
    # the database holds: unsaved changes in the session may change an answer.
    return (
        has_request_context()
        and name in features.installed.viewer
        and municipality_id in (ANY_MEMBER, member_id)
        and current_user.is_authenticated
        and current_user.id == user_id
        and not (db.session.new or db.session.dirty or db.session.deleted)
    )


def _alone(question: Question, user_id: int, municipality_id: int | None) -> Any:
    return db.session.scalar(select(question(user_id, municipality_id, utcnow())))


def _labelled() -> list[Any]:
    # Every question, with the person, member and time as parameters.
    where = (
        bindparam("user_id", type_=Integer),
        bindparam("municipality_id", type_=Integer),
        bindparam("now", type_=UTCDateTime),
    )
    return [question(*where).label(name) for name, question in features.installed.viewer.items()]


def _ask(user_id: int, municipality_id: int | None) -> dict[str, Any]:
    installed = features.installed
    if installed.viewer_query is None:
        installed.viewer_query = select(*_labelled())  # built once per installation
    row = db.session.execute(
        installed.viewer_query,
        {"user_id": user_id, "municipality_id": municipality_id, "now": utcnow()},
    ).one()
    return dict(row._mapping)


def load_reader(entity: Any, user_id: int) -> Any:
    """The person ``user_id`` (a row of ``entity``), with the answers of the one query read in
    the same ``SELECT``: every page a signed-in person reads loads them and asks their roles or
    unread notifications, and that was two round trips. None when there is no such row."""
    installed = features.installed
    if not has_request_context() or not installed.viewer:
        return db.session.get(entity, user_id)
    statement = installed.reader_queries.get(entity)
    if statement is None:
        # Built once per installation: it runs on every signed-in request.
        statement = installed.reader_queries[entity] = select(entity, *_labelled()).where(
            entity.id == bindparam("user_id", type_=Integer)
        )
    member = g.get("municipality")
    member_id = member.id if member is not None else None
    row = db.session.execute(
        statement, {"user_id": user_id, "municipality_id": member_id, "now": utcnow()}
    ).one_or_none()
    if row is None:
        return None
    answers = dict(row._mapping)
    person = answers.pop(entity.__name__)
    setattr(g, _MEMO, ((user_id, member_id), answers))
    return person


def forget_reader() -> None:
    """Drop the answers :func:`load_reader` read (the person it loaded is not signed in)."""
    if has_request_context():
        g.pop(_MEMO, None)


class Probe(NamedTuple):
    """A question a part of a page will ask, under the ``key`` that the part looks its answer
    up by (see :func:`prefetched`): ``question`` is SQL giving one value, built once, whose bound
    parameters (named after its feature, so that they do not clash with other questions') take
    ``params``."""

    key: Hashable
    question: ColumnElement[Any]
    params: Mapping[str, Any]


class NotPrefetched(LookupError):
    """The question was not answered in advance: the part runs its own query."""


def prefetch(*probes: Probe | None) -> None:
    """Answer in one round trip the questions the parts of a page are about to ask.

    Each part still asks its own question through :func:`answer`, which runs it alone when it
    was not answered here (another page, or the session wrote since). None stands for a question
    that need not be asked (of an anonymous visitor); a question answered already is not asked
    again, so that a service may prefetch what it needs whether or not its page did.
    """
    if not has_request_context():
        return
    answers: dict[Hashable, Any] = g.setdefault(_PREFETCHED, {})
    asked = [probe for probe in probes if probe is not None and probe.key not in answers]
    if not asked:
        return
    row = db.session.execute(_statement(asked), _params(asked)).one()
    answers.update(zip((probe.key for probe in asked), row, strict=True))


def answer(probe: Probe) -> Any:
    """The answer to ``probe``: found by :func:`prefetch` when the page asked it in advance,
    otherwise asked alone (through the same statement, built once)."""
    answers = g.get(_PREFETCHED) if has_request_context() else None
    if answers is not None and probe.key in answers:
        return answers[probe.key]
    return db.session.execute(_statement([probe]), _params([probe])).scalar_one()


def _statement(asked: list[Probe]) -> Any:
    statements = features.installed.prefetch_queries
    # Questions are built once (by their features, or per installation), so their identities
    # name the statement: built once too, for each set of questions a page asks.
    shape = tuple(id(probe.question) for probe in asked)
    statement = statements.get(shape)
    if statement is None:
        columns = (probe.question.label(f"q{n}") for n, probe in enumerate(asked))
        statement = statements[shape] = select(*columns)
    return statement


def _params(asked: list[Probe]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for probe in asked:
        params.update(probe.params)
    return params


def prefetched(key: Hashable) -> Any:
    """The answer :func:`prefetch` found for ``key``; raises :class:`NotPrefetched` if none."""
    answers = g.get(_PREFETCHED) if has_request_context() else None
    if answers is None or key not in answers:
        raise NotPrefetched(key)
    return answers[key]


def setup() -> None:
    """Forget what was found whenever the session writes (called once at installation)."""
    forget_on_flush(_MEMO)
    forget_on_flush(_PREFETCHED)
