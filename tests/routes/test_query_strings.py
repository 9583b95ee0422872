"""Odd query strings never give a 500: a meta-test over every GET page of the route table.

Every GET route of :mod:`tests.routes.table` is requested by its allowed actor (the rows of
``ROUTES`` and ``HIDDEN_OBJECTS``; a visitor for the e-mailed links), and every ``PUBLIC`` and
``EXEMPT`` page by an anonymous visitor, with objects the public may see (``VISIBLE`` builds
them). Three requests find the names the page
reads from the query string (``request.args`` records them, even those absent): one without a
query, one with every name of ``NAMES`` set to "1", one with every name set to an odd value of
``VALUES``. Then each name read gets every value of ``VALUES``, alone and with the other names
read set to "1" (a page stopping at the first bad parameter would hide the others); a page that
walks the whole query string (not just to repeat it in its links) also gets one request for
each other name of ``NAMES``. Every answer must be below 500: a page reading a parameter it
cannot use answers 4xx with a message, or ignores it.

``test_every_read_parameter_is_tried`` keeps ``NAMES`` complete: a view reading a new query
parameter by name (``request.args.get("x")``, ``int_arg("x")``...) fails it until it is listed.
``test_route_permissions`` sends one fixed set of junk values with its allowed calls; this test
is the thorough one for query strings.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from flask import Request
from sqlalchemy import select
from werkzeug.datastructures import ImmutableMultiDict

from participa.extensions import db
from tests.english import _english  # noqa: F401 - an autouse fixture
from tests.routes import world as w
from tests.routes.table import EXEMPT, HIDDEN_OBJECTS, PUBLIC, ROUTES
from tests.routes.test_route_permissions import JUNK, _call, _path, _rule_of
from tests.routes.world import Builder, Place, World

# Every name some view reads from the query string (see test_every_read_parameter_is_tried;
# the recording below finds the others), the usual names of filters and paging, and the junk
# names of test_route_permissions.
READ = [
    "all", "category", "changed_since", "comments_page", "comments_sort", "consultation",
    "country", "cursor", "district", "end", "flag", "flagged", "format", "from", "gzip", "id",
    "indicator", "invite", "kind", "limit", "locale", "member", "method", "mine", "mode",
    "municipality", "next", "page", "parties", "partner", "period", "phase", "pool", "q",
    "qualifying", "rows", "size", "sort", "stage", "start", "state", "status", "supported",
    "to", "topic", "version", "year", "code", "receipt", "buyer", "supplier", "member_kind",
    "when", "language", "licence",
]  # fmt: skip
USUAL = ["per_page", "order", "since", "until", "lang", "fields", "offset", "date", "type",
         "search", "tag", "view", "min", "max", "budget", "amount", "title"]  # fmt: skip
NAMES: list[str] = list(dict.fromkeys([*READ, *USUAL, *JUNK]))

LIST = object()  # the name twice, with two different values
VALUES: list[Any] = [
    "", "abc", "-1", "0", "99999999999999999999", "1e309", "nan", "%00", "\x00", "<script>",
    "a" * 5000, LIST, "2026-13-45", "../../etc/passwd",
    # The ends of the calendar: a day there, moved to UTC with an offset, leaves it.
    "9999-12-31", "0001-01-01T00:00:00+23:59",
]  # fmt: skip


def _pairs(name: str, value: Any) -> list[tuple[str, str]]:
    if value is LIST:
        return [(name, "1"), (name, "abc")]
    return [(name, value)]


def _all_odd() -> str:
    """Every name at once, each with another odd value."""
    spread = {name: VALUES[n % len(VALUES)] for n, name in enumerate(NAMES)}
    return urlencode([pair for name, value in spread.items() for pair in _pairs(name, value)])


def _one_odd(name: str, value: Any, others: list[str]) -> str:
    """``name`` with an odd value, the ``others`` with a plain one (so the page goes on)."""
    return urlencode([*((other, "1") for other in others), *_pairs(name, value)])


# --- Which names a page reads -------------------------------------------------------------------


class _Reads:
    def __init__(self) -> None:
        self.names: set[str] = set()
        self.everything = False


_reads: _Reads | None = None
# Walking the query string there reads no parameter: the NUL check, templates repeating it in
# their links. Frames of werkzeug and Jinja are skipped to find who asked.
_WALKERS_OK = (str(Path("participa", "core", "security.py")), ".html")
_PLUMBING = re.compile(r"[/\\](werkzeug|jinja2)[/\\]")


class _RecordingArgs(ImmutableMultiDict[str, str]):
    """``request.args`` noting the names asked for, and whether something walked them all."""

    def _read(self, key: object) -> None:
        if _reads is not None and isinstance(key, str):
            _reads.names.add(key)

    def _walked(self) -> None:
        if _reads is None:
            return
        frame = sys._getframe(1)
        while frame.f_back is not None and (
            frame.f_code in _OWN or _PLUMBING.search(frame.f_code.co_filename)
        ):
            frame = frame.f_back  # this class, werkzeug's own walks, Jinja calling for a template
        if not frame.f_code.co_filename.endswith(_WALKERS_OK):
            _reads.everything = True

    def __getitem__(self, key: str) -> str:
        self._read(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self._read(key)
        return super().__contains__(key)

    def get(self, key: str, default: Any = None, type: Any = None) -> Any:
        self._read(key)
        return super().get(key, default, type)

    def getlist(self, key: str, type: Any = None) -> Any:
        self._read(key)
        return super().getlist(key, type)

    def items(self, multi: bool = False) -> Any:
        self._walked()
        return super().items(multi)

    def to_dict(self, flat: bool = True) -> Any:
        self._walked()
        return super().to_dict(flat)

    def keys(self) -> Any:
        self._walked()
        return super().keys()

    def values(self) -> Any:
        self._walked()
        return super().values()

    def lists(self) -> Any:
        self._walked()
        return super().lists()

    def __iter__(self) -> Iterator[str]:
        self._walked()
        return super().__iter__()


_OWN = {f.__code__ for f in vars(_RecordingArgs).values() if hasattr(f, "__code__")}


class _RecordingRequest(Request):
    parameter_storage_class = _RecordingArgs


@contextmanager
def _recording() -> Iterator[_Reads]:
    global _reads
    _reads = _Reads()
    try:
        yield _reads
    finally:
        _reads = None


@pytest.fixture
def recording_app(app, monkeypatch):
    monkeypatch.setattr(app, "request_class", _RecordingRequest)
    return app


# --- The requests --------------------------------------------------------------------------------


def _failures(app, actor, url: str) -> list[str]:
    failures = []

    def get(query: str) -> None:
        response = _call(app, actor, "GET", f"{url}?{query}" if query else url)
        if response.status_code >= 500:
            failures.append(f"GET {url}?{query[:300]}: {response.status_code}")

    with _recording() as reads:
        for query in ("", urlencode([(name, "1") for name in NAMES]), _all_odd()):
            get(query)
    read = sorted(reads.names)
    for name in read:
        others = [other for other in read if other != name]
        for value in VALUES:
            get(_one_odd(name, value, []))
            if others:
                get(_one_odd(name, value, others))
    if reads.everything:  # a name is as good as another: one request each, values in turn
        for n, name in enumerate(sorted(set(NAMES) - reads.names)):
            get(_one_odd(name, VALUES[n % len(VALUES)], []))
    return failures


@pytest.mark.parametrize("route", ROUTES + HIDDEN_OBJECTS, ids=lambda r: r.id)
def test_odd_query_strings_for_the_allowed_actor(
    recording_app, municipality, other_municipality, route
):
    app = recording_app
    rule = _rule_of(app, route)
    if "GET" not in (rule.methods or set()):
        pytest.skip("no GET")
    world = World(app, municipality, other_municipality)
    values = world.build(route.build, world.a)
    # Links sent by e-mail (TOKEN), that nobody opens without their token: a visitor.
    actor = world.actor(route.allowed_actor or "anonymous", world.a)
    url = _path(rule, world.a.slug, values)
    failures = _failures(app, actor, url)
    assert not failures, "\n".join(failures)


# --- Public pages, for anonymous visitors: what they may see ------------------------------------


def _process(place: Place, wd: World) -> Any:
    from participa.contracting.models import ProcurementProcess

    return db.session.get(ProcurementProcess, w.process(place, wd)["process_id"])


def _ocds(place: Place, wd: World) -> dict[str, Any]:
    from participa.contracting.models import Release

    process = _process(place, wd)
    release = db.session.scalars(select(Release).where(Release.process_id == process.id)).first()
    assert release is not None
    return {"ocid": process.ocid, "release_id": release.release_id}


def _supplier(place: Place, wd: World) -> dict[str, Any]:
    from participa.contracting.models import Party

    process = _process(place, wd)
    found = db.session.scalars(
        select(Party).where(Party.municipality_id == process.municipality_id,
                            Party.name == "Constructora Sur S.A.")
    ).first()  # fmt: skip
    assert found is not None
    return {"party_id": found.id}


def _passage(place: Place, wd: World) -> dict[str, Any]:
    from participa.legislation import participation

    values = w.article(place, wd)
    from participa.legislation.models import Draft, Section

    draft = db.session.get(Draft, values["draft_id"])
    section = db.session.get(Section, values["section_id"])
    found = participation.find_or_create_passage(draft, section, author=place.author, start=0,
                                                 end=5)  # fmt: skip
    return {"draft_id": draft.id, "passage_id": found.id}


def _validated_assessment(place: Place, wd: World) -> dict[str, Any]:
    from tests.indicators.helpers import make_assessment

    w._framework()
    return {"assessment_id": make_assessment(place.municipality, status="validated").id}


def _attachment(place: Place, wd: World) -> dict[str, Any]:
    from participa.media.models import Attachment

    found = db.session.get(Attachment, w.proposal_attachment(place, wd)["attachment_id"])
    assert found is not None
    return {"token": found.upload.token}


def _open_project(place: Place, wd: World) -> dict[str, Any]:
    from participa.budgets import services
    from tests.budgets.helpers import make_budget

    budget = make_budget(place.municipality, status="open", staff=place.admin)
    return {"project_id": services.projects_of(budget)[0].id}


def _closed_ballot(place: Place, wd: World) -> dict[str, Any]:
    return {"ballot_id": w._ballot(place, "closed").id}


def _public_questionnaire(place: Place, wd: World) -> dict[str, Any]:
    return {"questionnaire_id": w._questionnaire(place, "published", results_public=True).id}


def _partner(place: Place, wd: World) -> dict[str, Any]:
    return w.challenge_partner(place, wd)


def _slug(place: Place, wd: World) -> dict[str, Any]:
    return {"slug": place.slug}


def _dataset(place: Place, wd: World) -> dict[str, Any]:
    w.proposal(place, wd)
    return {"slug": place.slug, "name": "proposals"}


def _year(place: Place, wd: World) -> dict[str, Any]:
    from participa.db import utcnow

    _process(place, wd)
    return {"year": utcnow().year}


def _processes(place: Place, wd: World) -> dict[str, Any]:
    _process(place, wd)  # the bulk downloads answer 404 with nothing in them
    return {}


def _two_versions(place: Place, wd: World) -> dict[str, Any]:
    from participa.legislation import services
    from tests.legislation.support import SOURCE, make_draft

    draft = make_draft(place.municipality, staff=place.admin)
    services.publish_version(draft, actor=place.admin, source=SOURCE + "\n\nUn párrafo más.")
    return {"draft_id": draft.id}


def _legal_page(place: Place, wd: World) -> dict[str, Any]:
    from participa.site.models import LegalPage

    db.session.add(LegalPage(slug="terms", locale="en", title="Terms", body="The terms."))
    return {"slug": "terms"}


def _image(place: Place, wd: World) -> dict[str, Any]:
    from participa.core.uploads import store_upload

    stored = store_upload(b"GIF89a", content_type="image/gif", municipality=place.municipality)
    return {"token": stored.token}


def _fixed(**values: Any) -> Builder:
    def build(place: Place, wd: World) -> dict[str, Any]:
        return dict(values)

    return build


# The public pages that show one object: something the public may see.
# fmt: off
VISIBLE: dict[str, Builder] = {
    "api_v1.datasets": _slug,
    "api_v1.rows": _dataset,
    "budgets.detail": w.open_budget,
    "budgets.project": _open_project,
    "budgets.results": w.closed_budget,
    "budgets.results_csv": w.closed_budget,
    "budgets.results_json": w.closed_budget,
    "challenges.agreement": _partner,
    "challenges.detail": w.challenge,
    "comments.list": w.followable_proposal,
    "consultations.detail": w.consultation,
    "contracting.api.record": lambda p, wd: {"ocid": _ocds(p, wd)["ocid"]},
    "contracting.api.release": _ocds,
    "contracting.bulk_records": _processes,
    "contracting.bulk_releases": _processes,
    "contracting.detail": w.process,
    "contracting.flat_zip": _processes,
    "contracting.record": lambda p, wd: {"ocid": _ocds(p, wd)["ocid"]},
    "contracting.release": _ocds,
    "contracting.release_package": lambda p, wd: {"ocid": _ocds(p, wd)["ocid"]},
    "contracting.supplier": _supplier,
    "contracting.year_records": _year,
    "contracting.year_releases": _year,
    "events.detail": w.event,
    "events.event_ics": w.event,
    "events_network.detail": w.network_event,
    "events_network.event_ics": w.network_event,
    "followup.detail": w.result,
    "indicators.detail": _validated_assessment,
    "indicators_network.static": _fixed(filename="indicators.css"),
    "initiatives.detail": w.collecting_initiative,
    "learning.detail": w.learning_exchange,
    "legislation.article": w.article,
    "legislation.compare": _two_versions,
    "legislation.detail": w.draft,
    "legislation.passage": _passage,
    "legislation.versions": w.draft,
    "library.detail": w.library_entry,
    "library_network.detail": w.network_library_entry,
    "media.download": _attachment,
    "opendata.download_csv": _fixed(name="proposals"),
    "opendata.download_json": _fixed(name="proposals"),
    "profiles.detail": w.person,
    "proposals.detail": w.proposal,
    "proposals.list": w.consultation,
    "proposals.map": w.consultation,
    "questionnaires.answers_csv": _public_questionnaire,
    "questionnaires.detail": w.open_questionnaire,
    "questionnaires.results_csv": _public_questionnaire,
    "questionnaires.results_json": _public_questionnaire,
    "questionnaires.results_page": _public_questionnaire,
    "site.legal": _legal_page,
    "site.upload": _image,
    "static": _fixed(filename="css/participa.css"),
    "voting.detail": w.open_ballot,
    "voting.receipts": _closed_ballot,
    "voting.results_csv": _closed_ballot,
    "voting.results_json": _closed_ballot,
}
# fmt: on


def _rules_of(app, endpoint: str) -> list[Any]:
    rules = [r for r in app.url_map.iter_rules() if r.endpoint == endpoint]
    return sorted((r for r in rules if "GET" in (r.methods or set())), key=lambda r: r.rule)


# The public pages, and the visitors' own pages (login, sign-up...: "next" is theirs).
@pytest.mark.parametrize("endpoint", sorted({*PUBLIC, *EXEMPT}))
def test_odd_query_strings_for_anonymous_visitors(
    recording_app, municipality, other_municipality, endpoint
):
    app = recording_app
    if not _rules_of(app, endpoint):
        pytest.skip("no GET")
    world = World(app, municipality, other_municipality)
    failures = []
    for rule in _rules_of(app, endpoint):
        values = world.build(VISIBLE.get(endpoint, w.nothing), world.a)
        missing = set(rule.arguments) - {"municipality"} - set(values)
        assert not missing, f"{endpoint}: add a builder of {missing} to VISIBLE"
        url = _path(rule, world.a.slug, values)
        failures += _failures(app, world.anonymous, url)
    assert not failures, "\n".join(failures)


# --- NAMES is complete ---------------------------------------------------------------------------

_READS = re.compile(
    r"""(?:request\.args(?:\.get|\.getlist)?\(|request\.args\[|int_arg\(|args\.get\(|"""
    r"""args\.getlist\()\s*["']([A-Za-z_][A-Za-z0-9_]*)["']"""
)


def test_every_read_parameter_is_tried():
    root = Path(__file__).resolve().parents[2] / "participa"
    read = {name for path in root.rglob("*.py") for name in _READS.findall(path.read_text())}
    assert read, "the pattern finds nothing: update _READS"
    missing = sorted(read - set(NAMES))
    assert not missing, f"add these query parameters to READ: {missing}"


def test_the_recording_sees_reads_by_name_and_walks(app, monkeypatch):
    monkeypatch.setattr(app, "request_class", _RecordingRequest)
    with _recording() as reads, app.test_request_context("/?a=1&b=2"):
        from flask import request

        assert request.args.get("a") == "1" and "c" not in request.args
        assert request.args.getlist("d") == [] and not reads.everything
        assert reads.names == {"a", "c", "d"}
        dict(request.args.items())
        assert reads.everything
