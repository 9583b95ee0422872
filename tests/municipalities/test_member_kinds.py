"""Members of more kinds: a feature serves the kinds its manifest declares (Feature.member_kinds);
a member's pages of any other feature answer 404 and leave its navigation, homes and staff home."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import select

from participa.config import Config
from participa.core import homes
from participa.core.features import load_manifests
from participa.extensions import db
from participa.municipalities.models import MemberKind, Municipality
from tests import factories
from tests.budgets.helpers import make_budget

KINDS = [kind.value for kind in MemberKind]
MANIFESTS = load_manifests(Config.FEATURES)


def _kinds_of(endpoint: str) -> frozenset[str] | None:
    """What the manifests declare for the feature owning ``endpoint`` (nested blueprints too)."""
    for feature in MANIFESTS:
        for blueprint in feature.blueprints:
            if endpoint.startswith(blueprint.name + "."):
                return feature.member_kinds
    raise AssertionError(f"no feature owns {endpoint}")


def _member(kind: str, slug: str) -> Municipality:
    return factories.MunicipalityFactory(slug=slug, name=slug.title(), kind=kind)


def _member_pages() -> list[tuple[str, str]]:
    """(endpoint, path) of every member page that takes no argument but the member."""
    found = []
    for rule in current_app.url_map.iter_rules():
        if (
            rule.rule.startswith("/m/<municipality>")
            and rule.arguments == {"municipality"}
            and "GET" in (rule.methods or ())
        ):
            found.append((rule.endpoint, rule.rule))
    return sorted(found)


# The manifests ------------------------------------------------------------------------------


def test_every_manifest_declares_the_kinds_it_serves():
    # Explicit even when None, so that a new feature's author decides (CONTRIBUTING.md's table).
    for feature in MANIFESTS:
        source = Path(f"participa/{feature.name}/manifest.py").read_text(encoding="utf-8")
        keywords = {
            keyword.arg
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Feature"
            for keyword in node.keywords
        }
        assert "member_kinds" in keywords, feature.name
        assert feature.member_kinds is None or set(feature.member_kinds) <= set(KINDS)


def test_the_table_of_features_and_kinds():
    served = {f.name: f.member_kinds for f in MANIFESTS}
    m, legislature, a = MemberKind.MUNICIPALITY, MemberKind.LEGISLATURE, MemberKind.ASSOCIATION
    for name in ("contracting", "budgets", "voting", "places"):
        assert served[name] == {m}, name
    for name in ("consultations", "proposals", "legislation", "questionnaires", "followup"):
        assert served[name] == {m, legislature}, name
    for name in ("municipalities", "comments", "moderation", "media", "opendata", "search"):
        assert served[name] is None, name
    assert a not in (served["indicators"] or set(KINDS))


# Pages: role x page x kind ------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_members_pages_of_features_that_do_not_serve_it_answer_404(client, login, kind):
    # The member's own admin, who may open every staff page of a feature that serves the kind:
    # each page answers exactly as it does for a municipality, the others 404.
    reference = _member(MemberKind.MUNICIPALITY, "villa-referencia")
    member = _member(kind, f"miembro-{kind}")
    admin = factories.member(member, "admin")
    factories.MembershipFactory(user=admin, municipality=reference, role="admin")
    db.session.commit()
    login(admin)
    pages = _member_pages()
    assert len(pages) > 30  # the walk found the features' pages
    refused = []
    for endpoint, rule in pages:
        kinds = _kinds_of(endpoint)
        got = client.get(rule.replace("<municipality>", member.slug)).status_code
        if kinds is not None and kind not in kinds:
            assert got == 404, (endpoint, kind)
            refused.append(endpoint)
        else:
            expected = client.get(rule.replace("<municipality>", reference.slug)).status_code
            assert got == expected, (endpoint, kind)
    if kind == MemberKind.MUNICIPALITY:
        assert refused == []
    else:
        assert any(e.startswith("contracting.") for e in refused)
        assert "budgets.list" not in dict(pages) or "budgets.list" in refused


def test_an_object_of_a_feature_that_does_not_serve_the_kind_looks_missing(client, login):
    # Data left from before a change of kind stays in the database and out of sight.
    member = _member(MemberKind.MUNICIPALITY, "concejo")
    admin = factories.member(member, "admin")
    budget = make_budget(member, staff=admin)
    db.session.commit()
    login(admin)
    consultation_page = f"/m/concejo/consultations/{budget.consultation_id}"
    assert client.get(f"/m/concejo/budgets/{budget.id}").status_code == 200
    assert f"/budgets/{budget.id}" in client.get(consultation_page).text
    member.kind = MemberKind.LEGISLATURE
    db.session.commit()
    assert client.get(f"/m/concejo/budgets/{budget.id}").status_code == 404
    # The consultation stays (legislatures run consultations) without its budget section.
    page = client.get(consultation_page)
    assert page.status_code == 200
    assert f"/budgets/{budget.id}" not in page.text


@pytest.mark.parametrize(
    ("kind", "staff_of", "expected"),
    [
        (MemberKind.LEGISLATURE, "own", 200),  # a legislature runs consultations
        (MemberKind.LEGISLATURE, "other", 403),  # another member's staff, as for municipalities
        (MemberKind.ASSOCIATION, "own", 404),  # associations do not
        (MemberKind.ASSOCIATION, "other", 404),
    ],
)
def test_staff_x_consultation_form_x_kind(client, login, kind, staff_of, expected):
    member = _member(kind, "miembro")
    other = _member(MemberKind.MUNICIPALITY, "otra-ciudad")
    person = factories.member(member if staff_of == "own" else other, "admin")
    db.session.commit()
    login(person)
    assert client.get("/m/miembro/consultations/new").status_code == expected


def test_the_kind_check_costs_no_query(client, count_queries):
    _member(MemberKind.LEGISLATURE, "congreso")
    _member(MemberKind.MUNICIPALITY, "villa")
    db.session.commit()
    with count_queries() as refused:
        assert client.get("/m/congreso/contracting/").status_code == 404
    assert refused.count == 1  # loading the member, nothing else


# Navigation, homes, staff home ------------------------------------------------------------


def _nav(html: str) -> str:
    start = html.index('class="municipality-nav"')
    return html[start : html.index("</nav>", start)]


def test_the_navigation_shows_only_the_features_of_the_kind(client):
    for kind, slug in ((MemberKind.MUNICIPALITY, "villa"), (MemberKind.LEGISLATURE, "congreso"),
                       (MemberKind.ASSOCIATION, "asociacion")):  # fmt: skip
        _member(kind, slug)
    db.session.commit()
    municipality = _nav(client.get("/m/villa/").text)
    legislature = _nav(client.get("/m/congreso/").text)
    association = _nav(client.get("/m/asociacion/").text)
    assert "Open contracting" in municipality and "Consultations" in municipality
    assert "Consultations" in legislature and "Legislation" in legislature
    assert "Open contracting" not in legislature
    assert "Consultations" not in association and "Legislation" not in association
    assert "Open data" in association


def test_the_staff_home_lists_only_the_tasks_of_the_kind(client, login):
    member = _member(MemberKind.LEGISLATURE, "congreso")
    admin = factories.member(member, "admin")
    db.session.commit()
    login(admin)
    page = client.get("/m/congreso/staff/")
    assert page.status_code == 200
    assert "/m/congreso/contracting/" not in page.text
    assert "/m/congreso/legislation/" in page.text
    assert "/m/congreso/staff/settings" in page.text


def test_homes_ask_only_the_features_serving_the_kind(app):
    assert "open_now" in homes.sections(MemberKind.LEGISLATURE)
    assert "activity" in homes.sections(MemberKind.MUNICIPALITY)
    # No existing feature offers an association something open now: no empty section.
    association = homes.sections(MemberKind.ASSOCIATION)
    served = {
        f.name for f in MANIFESTS if f.member_kinds is None or "association" in f.member_kinds
    }
    assert ("open_now" in association) == any(
        f.open_now is not None for f in MANIFESTS if f.name in served
    )


def test_an_association_home_has_no_empty_sections(client):
    _member(MemberKind.ASSOCIATION, "asociacion")
    db.session.commit()
    html = client.get("/m/asociacion/").text
    assert "Association of municipalities" in html
    if "open_now" not in homes.sections(MemberKind.ASSOCIATION):
        assert "Open now" not in html


# Platform admin and the network directory -------------------------------------------------


def test_a_platform_admin_creates_a_legislature(client, login, platform_admin):
    login(platform_admin)
    form = client.get("/admin/municipalities/new").text
    assert ">Legislature</option>" in form and ">Association of municipalities</option>" in form
    response = client.post(
        "/admin/municipalities/new",
        data={"slug": "concejo-sur", "name": "Concejo Sur", "country": "UY",
              "default_locale": "es", "timezone": "America/Montevideo", "kind": "legislature"},
    )  # fmt: skip
    assert response.status_code == 302
    created = db.session.scalars(select(Municipality).where(Municipality.slug == "concejo-sur"))
    assert created.one().kind == "legislature"
    listing = client.get("/admin/municipalities/").text
    assert "Legislature" in listing and ">legislature<" not in listing


def test_an_unknown_kind_is_refused_and_kept_out(client, login, platform_admin, municipality):
    login(platform_admin)
    response = client.post(
        "/admin/municipalities/new",
        data={"slug": "x-sur", "name": "X", "country": "UY", "default_locale": "es",
              "timezone": "America/Montevideo", "kind": "province"},
    )  # fmt: skip
    assert response.status_code == 422
    assert 'value="x-sur"' in response.text  # the form keeps what was typed


def test_a_platform_admin_changes_a_members_kind(client, login, platform_admin, municipality):
    login(platform_admin)
    response = client.post(
        f"/admin/municipalities/{municipality.id}",
        data={"slug": municipality.slug, "country": "AR", "kind": "association"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Municipality, municipality.id).kind == "association"
    assert client.get(f"/m/{municipality.slug}/consultations/").status_code == 404


def test_the_directory_filters_members_by_kind_with_translated_labels(client):
    _member(MemberKind.MUNICIPALITY, "villa")
    _member(MemberKind.LEGISLATURE, "congreso")
    _member(MemberKind.ASSOCIATION, "asociacion")
    db.session.commit()
    everyone = client.get("/").text
    assert "Members of the network" in everyone
    for label in ("Legislatures (1)", "Associations of municipalities (1)", "Municipalities (1)"):
        assert label in everyone
    legislatures = client.get("/?kind=legislature").text
    assert "/m/congreso/" in legislatures and "/m/villa/" not in legislatures
    assert "Legislature ·" in legislatures
    spanish = client.get("/?kind=association", headers={"Accept-Language": "es"}).text
    assert "/m/asociacion/" in spanish and ">association<" not in spanish
    # An unknown kind filters nothing, like an unknown country.
    assert "/m/villa/" in client.get("/?kind=province").text


def test_a_members_open_data_has_only_the_datasets_of_its_features(client):
    _member(MemberKind.LEGISLATURE, "congreso")
    _member(MemberKind.MUNICIPALITY, "villa")
    db.session.commit()
    municipal = client.get("/m/villa/datos/").text
    legislative = client.get("/m/congreso/datos/").text
    for name in ("budget-results", "procurement-processes", "ballot-results"):
        assert f"/m/villa/datos/{name}.csv" in municipal, name
        assert f"/m/congreso/datos/{name}.csv" not in legislative, name
        assert client.get(f"/m/congreso/datos/{name}.csv").status_code == 404, name
        assert client.get(f"/m/congreso/datos/{name}.json").status_code == 404, name
    assert "/m/congreso/datos/legislation-drafts.csv" in legislative
    package = client.get("/m/congreso/datos/datapackage.json").get_json()
    names = {resource["name"] for resource in package["resources"]}
    assert "legislation-drafts" in names and "budget-results" not in names
    # The API answers alike.
    listed = client.get("/api/v1/municipalities/congreso/datasets").get_json()["data"]
    names = {dataset["name"] for dataset in listed}
    assert "legislation-drafts" in names and "budget-results" not in names
    assert client.get("/api/v1/municipalities/congreso/datasets/budget-results").status_code == 404
    assert client.get("/api/v1/municipalities/villa/datasets/budget-results").status_code == 200


def test_offered_says_whether_a_link_belongs_on_a_members_page(app):
    from types import SimpleNamespace

    from flask import g

    from participa.core.nav import offered

    with app.test_request_context("/"):
        assert offered("contracting.list")  # platform pages: any installed feature
        assert not offered("petitions.list")  # not installed
        g.municipality = SimpleNamespace(kind="legislature")
        assert offered("consultations.list") and offered("moderation.log")
        assert not offered("contracting.list") and not offered("budgets.detail")
        g.municipality = SimpleNamespace(kind="association")
        assert not offered("consultations.list") and offered("opendata.catalogue")
