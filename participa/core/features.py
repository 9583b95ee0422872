"""Feature manifests: the one way a feature plugs into the platform.

Each feature package has a ``manifest.py`` whose ``feature`` is a :class:`Feature` listing
everything the feature contributes. :func:`install` reads the installed features from
``app.config["FEATURES"]`` and wires them, in that order, when the application is built:
importing a feature registers nothing anywhere.

Shared systems (comments, moderation, notifications, profiles, personal data, ...) *serve*
named contributions; other features *contribute* entries to them as plain keyword mappings, so
a feature never imports another feature to plug into it, and a contribution to a system that is
not installed is simply unused. The core asks for what it needs (the roles of a person, the
municipality of a URL) through interfaces that one feature *provides*; the core imports no
feature.

Adding a feature, in ten lines::

    # participa/petitions/manifest.py
    feature = Feature(
        name="petitions",
        blueprints=(bp,),
        policies=policies.rules,
        nav=(NavItem("municipality", "petitions.list", _l("Petitions"), order=40),),
        contributes=registrations.contributions,  # followable, commentable, personal data...
        demo=load_demo,
    )

where ``registrations.contributions = Contributions()`` was filled with lines such as
``contributions.add("commentable", "petition", Petition, url=petition_url, ...)``; then add
``"petitions"`` to ``FEATURES`` in ``participa/config.py``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Any

from participa.extensions import db

if TYPE_CHECKING:
    import click
    from flask import Blueprint, Flask
    from sqlalchemy import ScalarSelect, Select

    from participa.core.authz import Visitor
    from participa.core.homes import Activity, Figure, OpenItem, StaffTask
    from participa.core.jobs import Job
    from participa.core.nav import NavItem
    from participa.core.results import ResultCount

logger = logging.getLogger(__name__)

Predicate = Callable[["Visitor", Any], bool]  # see core.authz
# (kind, item id), given as values or as bound parameters: see core.related.
Probe = Callable[[Any, Any], "Select[*tuple[Any, ...]]"]
# (reader's id, member's id, now) -> a scalar subquery about the signed-in reader (core.viewer).
Question = Callable[[Any, Any, Any], "ScalarSelect[Any]"]
# What an "indicator_evidence" provider finds for a member in a period: (label, link) pairs.
Evidence = list[tuple[Any, str]]
Acceptor = Callable[..., Any]
Entry = tuple[tuple[Any, ...], dict[str, Any]]


class Contributions(dict[str, list[Entry]]):
    """A feature's entries for the systems other features serve, collected without side effects.

    ``add("followable", "proposal", Proposal, url=proposal_url)`` records the arguments that the
    serving feature's acceptor will receive when the application is built.
    """

    def add(self, system: str, *args: Any, **kwargs: Any) -> None:
        self.setdefault(system, []).append((args, kwargs))

    def __or__(self, other: Mapping[str, list[Entry]]) -> Contributions:  # type: ignore[override]
        merged = Contributions({system: list(entries) for system, entries in self.items()})
        for system, entries in other.items():
            merged.setdefault(system, []).extend(entries)
        return merged


@dataclass(frozen=True)
class Feature:
    """What one feature contributes; every field is optional but the name."""

    name: str
    blueprints: Sequence[Blueprint] = ()
    # Actions ("<feature>.<verb>") and the predicates that decide them (core.authz).
    policies: Mapping[str, Predicate] = field(default_factory=dict)
    nav: Sequence[NavItem] = ()
    # Systems this feature serves: system name -> function receiving each contributed entry.
    serves: Mapping[str, Acceptor] = field(default_factory=dict)
    # Forget what was contributed before (called before every installation of the features).
    reset: Callable[[], None] | None = None
    # Entries for the systems that features serve (see Contributions).
    contributes: Mapping[str, Sequence[Entry]] = field(default_factory=dict)
    # Interfaces the core asks for ("roles", "municipality"), each provided by one feature.
    provides: Mapping[str, Callable[..., Any]] = field(default_factory=dict)
    # Takes what earlier loaders left in a shared dict (the demo password, who was made).
    demo: Callable[[dict[str, Any]], None] | None = None
    cli: Sequence[click.Command] = ()
    # Background work the feature queues with core.jobs.enqueue (or the worker runs periodically).
    jobs: Sequence[Job] = ()
    # Anything else to do with the application once (template globals, filters).
    setup: Callable[[Flask], None] | None = None
    # Labels (lazy_gettext) of the audit actions this feature records, by action code, and of
    # the tables (``__tablename__``) its audit targets live in: the audit page shows no codes.
    audit_labels: Mapping[str, Any] = field(default_factory=dict)
    audit_targets: Mapping[str, Any] = field(default_factory=dict)
    # What the homes show (core.homes), each a plain typed record; ``municipality_id`` None asks
    # for the whole network. Only what everyone may see: no drafts, hidden or archived items.
    # open_now(municipality_id, limit): what people may take part in now.
    open_now: Callable[[int | None, int], Sequence[OpenItem]] | None = None
    # activity(municipality_id, limit): the latest public events, newest first.
    activity: Callable[[int | None, int], Sequence[Activity]] | None = None
    # figures(municipality_id): key counts (participants, proposals, votes...).
    figures: Callable[[int | None], Sequence[Figure]] | None = None
    # staff_tasks(user, municipality): the staff home's links, only those the user may use.
    staff_tasks: Callable[[Visitor, Any], Sequence[StaffTask]] | None = None
    # The kinds of member (municipalities.models.MemberKind values) whose spaces this feature
    # serves; None serves every kind. A member's pages of a feature that does not serve its
    # kind answer 404 and leave its navigation.
    member_kinds: frozenset[str] | None = None
    # results(): the network's results dashboard counts (core.results), per member and month.
    results: Callable[[], Sequence[ResultCount]] | None = None
    # What this feature links to other features' items, by name: probe(kind, item_id) is a
    # select whose rows are the links (core.related asks all of them in one query).
    linked: Mapping[str, Probe] = field(default_factory=dict)
    # What this feature asks about the signed-in reader on most pages, by name: question(user_id,
    # municipality_id, now) is a scalar subquery (core.viewer asks all of them in one query).
    viewer: Mapping[str, Question] = field(default_factory=dict)


@dataclass
class Installed:
    """The features of the running application and what the core asks of them."""

    features: list[Feature] = field(default_factory=list)
    providers: dict[str, Callable[..., Any]] = field(default_factory=dict)
    # Blueprint name -> the member kinds its feature serves, for the features that declare
    # them: built once here so that a request checks its member's kind without a query.
    member_kinds: dict[str, frozenset[str]] = field(default_factory=dict)
    # Name -> probe, from every feature's ``linked`` (core.related).
    linked: dict[str, Probe] = field(default_factory=dict)
    linked_query: Any = None  # built by core.related on first use
    # Name -> question, from every feature's ``viewer`` (core.viewer).
    viewer: dict[str, Question] = field(default_factory=dict)
    viewer_query: Any = None  # built by core.viewer on first use
    # The person's row read beside the same questions, per model (core.viewer.load_reader).
    reader_queries: dict[Any, Any] = field(default_factory=dict)
    # The questions core.related asks, and the statements core.viewer.prefetch runs, built once.
    linked_questions: dict[str, Any] | None = None
    prefetch_queries: dict[tuple[int, ...], Any] = field(default_factory=dict)


# What install() wired last. Manifests are plain data, so every application built in one
# process (the tests build several) installs the same contents.
installed = Installed()


def load_manifests(names: Iterable[str]) -> list[Feature]:
    """Import ``participa.<name>.manifest`` for each installed feature, in order."""
    found = []
    for name in names:
        feature = import_module(f"participa.{name}.manifest").feature
        if feature.name != name:
            raise ValueError(f"participa.{name}.manifest declares feature {feature.name!r}")
        found.append(feature)
    return found


def install(app: Flask) -> Installed:
    """Wire the features listed in ``app.config["FEATURES"]`` into ``app``."""
    from participa.core import audit, authz, exports, jobs, mail, nav, related, viewer

    global installed
    features = load_manifests(app.config["FEATURES"])
    fresh = Installed(features=features)
    for feature in features:
        for name, provider_fn in feature.provides.items():
            if name in fresh.providers and fresh.providers[name] is not provider_fn:
                raise ValueError(f"interface {name!r} is provided twice")
            fresh.providers[name] = provider_fn
        for name, probe in feature.linked.items():
            if name in fresh.linked:
                raise ValueError(f"links {name!r} are declared twice")
            fresh.linked[name] = probe
        for name, question in feature.viewer.items():
            if name in fresh.viewer:
                raise ValueError(f"viewer question {name!r} is declared twice")
            fresh.viewer[name] = question
        if feature.member_kinds is not None:
            for blueprint in feature.blueprints:
                fresh.member_kinds[blueprint.name] = frozenset(feature.member_kinds)
    installed = fresh
    related.setup()
    viewer.setup()
    authz.reset()
    nav.reset()
    audit.reset()
    jobs.reset()
    jobs.register(mail.DELIVER)
    jobs.register(exports.CLEAN_JOB)
    servers = _servers(features)
    for feature in features:
        for blueprint in feature.blueprints:
            app.register_blueprint(blueprint)
        for action, predicate in feature.policies.items():
            authz.register(action, predicate)
        for item in feature.nav:
            nav.add_item(item)
        for command in feature.cli:
            app.cli.add_command(command)
        audit.register_labels(feature.audit_labels, feature.audit_targets)
        for job in feature.jobs:
            jobs.register(job)
    for feature in features:
        if feature.reset is not None:
            feature.reset()
    for feature in features:
        for system, entries in feature.contributes.items():
            accept = servers.get(system)
            if accept is None:
                logger.debug("%s contributes to %s, which no installed feature serves",
                             feature.name, system)  # fmt: skip
                continue
            for args, kwargs in entries:
                accept(*args, **kwargs)
    for feature in features:
        if feature.setup is not None:
            feature.setup(app)
    app.extensions["participa.features"] = fresh
    return fresh


def _servers(features: Sequence[Feature]) -> dict[str, Acceptor]:
    servers: dict[str, Acceptor] = {}
    for feature in features:
        for system, accept in feature.serves.items():
            if system in servers:
                raise ValueError(f"system {system!r} is served twice")
            servers[system] = accept
    return servers


def provider(name: str) -> Callable[..., Any]:
    """The interface ``name`` that one installed feature provides to the core."""
    try:
        return installed.providers[name]
    except KeyError:
        raise LookupError(f"no installed feature provides {name!r}") from None


def serves_kind(blueprints: Iterable[str], kind: str | None) -> bool:
    """Whether the features owning ``blueprints`` serve members of ``kind`` (None: any)."""
    if kind is None:
        return True
    for name in blueprints:
        kinds = installed.member_kinds.get(name)
        if kinds is not None and kind not in kinds:
            return False
    return True


def endpoint_serves(endpoint: str, member: Any) -> bool:
    """Whether the feature of ``endpoint`` ("budgets.detail") serves ``member``'s kind.

    ``member`` is a loaded member (its ``kind`` attribute is read) or None (the network).
    """
    return serves_kind((endpoint.rsplit(".", 1)[0],), _kind_of(member))


def feature_serves(name: str, member: Any) -> bool:
    """Whether the installed feature ``name`` serves ``member``'s kind (None: the network)."""
    kind = _kind_of(member)
    for feature in installed.features:
        if feature.name == name:
            return kind is None or feature.member_kinds is None or kind in feature.member_kinds
    return False


def features_for(kind: str | None) -> list[Feature]:
    """The installed features that serve members of ``kind`` (all of them for None)."""
    return [
        feature
        for feature in installed.features
        if kind is None or feature.member_kinds is None or kind in feature.member_kinds
    ]


def _kind_of(member: Any) -> str | None:
    # The core knows no member model: the kind is an attribute of whatever the feature loaded.
    kind = getattr(member, "kind", None)
    return None if kind is None else str(kind)


def demo_steps() -> list[Callable[[dict[str, Any]], None]]:
    """The demo loaders of the installed features, in installation order."""
    return [feature.demo for feature in installed.features if feature.demo is not None]


def load_demo(password: str, only: Container[str] | None = None) -> dict[str, Any]:
    """Run the demo loaders (of the features in ``only``, when given), flushing after each.

    Returns what the loaders left in their shared dict; the caller commits.
    """
    context: dict[str, Any] = {"password": password}
    for feature in installed.features:
        if feature.demo is not None and (only is None or feature.name in only):
            feature.demo(context)
            db.session.flush()
    return context
