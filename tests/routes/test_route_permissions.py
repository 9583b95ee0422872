"""Every route turns away whoever may not use it, and another municipality's ids answer 404.

``test_every_route_is_in_the_table`` enumerates ``app.url_map``: a route missing from
:mod:`tests.routes.table` fails it. ``test_route`` then runs, for each row of the table:

1. each denied actor (anonymous, a person without a role, another municipality's admin, the
   municipality's own staff on platform pages...) on every method of the route: anonymous
   visitors go to the login page (or get 404), signed-in people get 403 or 404, and nothing in
   the database changes;
2. the URL of the *other* municipality carrying this municipality's ids (all of them, or one at
   a time among the other municipality's own ids), for the other municipality's allowed actor
   and for a platform admin: 404, and nothing changes;
3. the allowed actor, in both municipalities: neither 403 nor 404, no login page, no 5xx, which
   proves that the URLs above reach a real object and that the 404s are not an accident.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import pytest
from sqlalchemy import text

from participa.extensions import db
from tests.english import _english  # noqa: F401 - an autouse fixture
from tests.routes.table import (
    EXEMPT,
    HIDDEN,
    HIDDEN_OBJECTS,
    NOT_TENANT_VALUES,
    PUBLIC,
    ROUTES,
    TOKEN,
    Route,
)
from tests.routes.world import Place, World

CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
# What a visitor may type or tamper with: unparsable, negative and huge numbers, codes that do
# not exist, impossible dates, NUL bytes, an overlong text, an outside "next" address. Every
# route must answer it with a message (4xx) or ignore it, never with a 500.
JUNK = {
    "page": "abc", "per_page": "-5", "sort": "zz", "q": "\x00<b>", "kind": "zz", "state": "zz",
    "status": "zz", "topic": "zz", "member": "zz", "category": "99999999999999999999",
    "district": "-1", "year": "99999", "from": "2026-13-45", "to": "2026-02-30", "next": "//evil",
    "title": "x" * 5000, "body": "\x00", "amount": "1e400", "value": "zz", "id": "-1",
}  # fmt: skip
CALLED = CHANGING | {"GET"}
LOGIN_PATH = "/account/login"
MUNICIPALITY_PREFIX = "/m/<municipality>"


@pytest.fixture
def world(app, municipality, other_municipality) -> World:
    return World(app, municipality, other_municipality)


# --- The table covers the URL map ----------------------------------------------------------------


def _rules_by_endpoint(app) -> dict[str, list]:
    found: dict[str, list] = {}
    for rule in app.url_map.iter_rules():
        found.setdefault(rule.endpoint, []).append(rule)
    return found


def _rule_of(app, route: Route):
    rules = _rules_by_endpoint(app).get(route.endpoint, [])
    if route.path is not None:
        rules = [r for r in rules if r.rule == route.path]
    assert len(rules) == 1, f"{route.id}: {len(rules)} rules match; name the rule in path="
    return rules[0]


def test_every_route_is_in_the_table(app):
    rows: dict[str, list[Route]] = {}
    for route in ROUTES:
        rows.setdefault(route.endpoint, []).append(route)
    problems = []
    by_endpoint = _rules_by_endpoint(app)
    for endpoint, rules in sorted(by_endpoint.items()):
        listed = [name for name, table in (("ROUTES", rows), ("PUBLIC", PUBLIC),
                                           ("EXEMPT", EXEMPT)) if endpoint in table]  # fmt: skip
        if len(listed) > 1:
            problems.append(f"{endpoint} is in both {' and '.join(listed)}")
        if endpoint in PUBLIC:
            for rule in rules:
                if (rule.methods or set()) & CHANGING:
                    problems.append(f"{endpoint} changes state ({rule.rule}): it cannot be PUBLIC")
                if "/staff/" in rule.rule or "/admin/" in rule.rule:
                    problems.append(f"{endpoint} is a staff or admin page: it cannot be PUBLIC")
            continue
        if endpoint in EXEMPT:
            continue
        for rule in rules:
            matching = [r for r in rows.get(endpoint, []) if r.path in (None, rule.rule)]
            if not matching:
                problems.append(
                    f"add a row for endpoint {endpoint} ({rule.rule}) to tests/routes/table.py"
                )
            elif len(rules) > 1 and any(r.path is None for r in matching):
                problems.append(f"{endpoint} has several rules: give each row its path=")
    known = set(by_endpoint)
    for endpoint in sorted(set(rows) | set(PUBLIC) | set(EXEMPT)):
        if endpoint not in known:
            problems.append(f"{endpoint} is in tests/routes/table.py but no longer a route")
    for route in HIDDEN_OBJECTS:
        if route.endpoint not in PUBLIC:
            problems.append(f"{route.id} is in HIDDEN_OBJECTS: it must be a PUBLIC page")
    for route in ROUTES + HIDDEN_OBJECTS:
        if route.path is not None and not any(
            r.rule == route.path for r in by_endpoint.get(route.endpoint, [])
        ):
            problems.append(f"{route.id}: no such rule")
    assert not problems, "\n".join(problems)


def test_the_table_is_not_empty_and_has_no_duplicates():
    ids = [route.id for route in ROUTES]
    assert len(ids) == len(set(ids))
    assert len(ids) > 120
    hidden = [route.id for route in HIDDEN_OBJECTS]
    assert len(hidden) == len(set(hidden))


# --- One route, every actor --------------------------------------------------------------------

_ARGUMENT = re.compile(r"<(?:[a-z]+(?:\([^)]*\))?:)?(?P<name>\w+)>")


def _path(rule, slug: str, values: dict[str, Any]) -> str:
    def value(match: re.Match) -> str:
        name = match.group("name")
        return quote(slug if name == "municipality" else str(values[name]), safe="")

    return _ARGUMENT.sub(value, rule.rule)


def _snapshot() -> dict[str, Any]:
    """Every table's rows (on PostgreSQL a digest of them, in one round trip)."""
    names = [table.name for table in db.metadata.sorted_tables]
    with db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            digests = [f"(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                       f'FROM "{name}" t)' for name in names]  # fmt: skip
            return dict(zip(names, conn.execute(text("SELECT " + ", ".join(digests))).one(),
                            strict=True))  # fmt: skip
        return {table.name: sorted(repr(tuple(r)) for r in conn.execute(table.select()))
                for table in db.metadata.sorted_tables}  # fmt: skip


def _changed(before: dict, after: dict) -> list[str]:
    return [name for name in before if before[name] != after[name]]


def _call(app, user, method: str, url: str, data: dict[str, str] | None = None):
    client = app.test_client()
    if getattr(user, "is_authenticated", False):
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
    return client.open(url, method=method, data=data or {})


def _went_to_login(response) -> bool:
    return response.status_code in (302, 303) and (
        urlsplit(response.headers.get("Location", "")).path == LOGIN_PATH
    )


def _refused(route: Route, actor: str, response) -> bool:
    if route.access is TOKEN:
        return response.status_code in (400, 404)
    if actor == "anonymous":
        return _went_to_login(response) or response.status_code in (401, 404)
    if route.access is HIDDEN:
        return response.status_code == 404  # it does not exist for them
    return response.status_code in (403, 404)


def _allowed(response) -> bool:
    return (
        response.status_code not in (401, 403, 404, 405)
        and response.status_code < 500
        and (not _went_to_login(response))
    )


def _methods(rule) -> list[str]:
    return sorted((rule.methods or set()) & CALLED)


def _tenant_names(rule, values: dict[str, Any]) -> list[str]:
    if not rule.rule.startswith(MUNICIPALITY_PREFIX):
        return []
    return [name for name, value in values.items()
            if isinstance(value, int) and name not in NOT_TENANT_VALUES]  # fmt: skip


def _mixes(names: list[str], own: dict, foreign: dict) -> list[dict]:
    """The other municipality's values with this one's ids: all of them, then one at a time."""
    mixes = [{**own, **{n: foreign[n] for n in names}}]
    if len(names) > 1:
        mixes += [{**own, name: foreign[name]} for name in names]
    return mixes


@pytest.mark.parametrize("route", ROUTES + HIDDEN_OBJECTS, ids=lambda r: r.id)
def test_route(app, world: World, route: Route):
    rule = _rule_of(app, route)
    a, b = world.a, world.b
    values = world.build(route.build, a)
    tenant = _tenant_names(rule, values)
    values_b = world.build(route.build, b) if tenant else None
    failures: list[str] = []
    for name in (*route.denied_actors, route.allowed_actor or "citizen"):
        world.actor(name, a)  # some people are made on first use: before the snapshot
    state = {"last": _snapshot()}

    def check(actor_name: str, place: Place, url: str, expect, what: str) -> None:
        actor = world.actor(actor_name, place)
        for method in _methods(rule):
            response = _call(app, actor, method, url)
            verdict = expect(response)
            changed = []
            if expect is not _allowed:  # the allowed calls come last and may change things
                now = _snapshot()
                changed, state["last"] = _changed(state["last"], now), now
            if not verdict or changed:
                where = response.headers.get("Location", "")
                failures.append(
                    f"{method} {url} as {actor_name} ({what}): {response.status_code} {where}"
                    + (f"; changed {', '.join(changed)}" if changed else "")
                )

    url_a = _path(rule, a.slug, values)
    for actor_name in route.denied_actors:
        check(actor_name, a, url_a, lambda r, n=actor_name: _refused(route, n, r), "denied")
    if tenant:
        for mix in _mixes(tenant, values_b, values):
            url = _path(rule, b.slug, mix)
            for actor_name in dict.fromkeys((route.allowed_actor, "platform_admin")):
                check(actor_name, b, url, lambda r: r.status_code == 404, "another's id")
    if route.allowed_actor is not None:
        check(route.allowed_actor, a, url_a, _allowed, "allowed")
        if tenant:
            check(route.allowed_actor, b, _path(rule, b.slug, values_b), _allowed, "allowed")
        actor = world.actor(route.allowed_actor, a)
        for method in _methods(rule):
            if method == "GET":
                response = _call(app, actor, method, f"{url_a}?{urlencode(JUNK)}")
            else:
                response = _call(app, actor, method, url_a, JUNK)
            if response.status_code >= 500:
                failures.append(f"{method} {url_a} with junk input: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_public_pages_answer_anonymous_visitors(app, world):
    # Those that need no object: a staff page wrongly listed as public would go to login.
    from tests.routes import world as builders

    world.build(builders.process, world.a)  # the bulk downloads answer 404 with nothing in them
    failures = []
    for endpoint, rules in sorted(_rules_by_endpoint(app).items()):
        if endpoint not in PUBLIC:
            continue
        for rule in rules:
            if set(rule.arguments) - {"municipality"}:
                continue
            url = _path(rule, world.a.slug, {})
            response = _call(app, world.anonymous, "GET", url)
            if response.status_code != 200:
                failures.append(f"GET {url}: {response.status_code}")
            response = _call(app, world.anonymous, "GET", f"{url}?{urlencode(JUNK)}")
            if response.status_code >= 500:
                failures.append(f"GET {url} with junk input: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_the_snapshot_sees_a_change(app, world):
    # The "nothing changed" checks above rest on this: a changed row shows.
    before = _snapshot()
    db.session.execute(text("UPDATE users SET display_name = 'Changed' WHERE id = :id"),
                       {"id": world.citizen.id})  # fmt: skip
    db.session.commit()
    assert _changed(before, _snapshot()) == ["users"]
