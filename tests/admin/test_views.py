"""Platform admin pages: access, municipalities, archive, outbox, legal pages, platform admins."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participa.core.models import AuditEntry, OutboxMessage
from participa.extensions import db
from participa.municipalities.models import Membership, Municipality
from participa.site.models import LegalPage
from tests import factories
from tests.rows import count_rows

ADMIN_ROUTES = [
    ("get", "/admin/"),
    ("get", "/admin/municipalities/"),
    ("get", "/admin/municipalities/new"),
    ("post", "/admin/municipalities/new"),
    ("get", "/admin/municipalities/{m}"),
    ("post", "/admin/municipalities/{m}"),
    ("post", "/admin/municipalities/{m}/admins"),
    ("post", "/admin/municipalities/{m}/archive"),
    ("post", "/admin/municipalities/{m}/unarchive"),
    ("get", "/admin/outbox/"),
    ("get", "/admin/outbox/{message}"),
    ("get", "/admin/legal/"),
    ("get", "/admin/legal/terms/es"),
    ("post", "/admin/legal/terms/es"),
    ("get", "/admin/platform-admins/"),
    ("post", "/admin/platform-admins/"),
    ("post", "/admin/platform-admins/{admin}/revoke"),
]


@pytest.fixture
def ids(municipality, platform_admin):
    message = OutboxMessage(recipient="a@example.org", subject="Hi", body_text="Hello")
    db.session.add(message)
    db.session.commit()
    return {"m": municipality.id, "message": message.id, "admin": platform_admin.id}


@pytest.mark.parametrize(("method", "path"), ADMIN_ROUTES)
def test_anonymous_visitors_go_to_login(client, ids, method, path):
    response = getattr(client, method)(path.format(**ids))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login")


@pytest.mark.parametrize(("method", "path"), ADMIN_ROUTES)
def test_citizens_and_municipality_staff_are_forbidden(
    client, login, user, staff, ids, method, path
):
    for person in (user, staff):
        login(person)
        assert getattr(client, method)(path.format(**ids)).status_code == 403


@pytest.mark.parametrize(("method", "path"), [r for r in ADMIN_ROUTES if r[0] == "get"])
def test_platform_admin_pages_open(client, login, platform_admin, ids, method, path):
    login(platform_admin)
    assert client.get(path.format(**ids)).status_code == 200


def test_index_links_every_section(client, login, platform_admin):
    login(platform_admin)
    page = client.get("/admin/").text
    for path in ("/admin/municipalities/", "/admin/outbox/", "/admin/legal/",
                 "/admin/platform-admins/"):  # fmt: skip
        assert path in page


# Municipalities ---------------------------------------------------------------------------------

NEW = {
    "slug": "puerto-sur",
    "name": "Puerto Sur",
    "country": "UY",
    "default_locale": "es",
    "timezone": "America/Montevideo",
    "kind": "municipality",
}


def test_create_municipality(client, login, platform_admin):
    login(platform_admin)
    response = client.post("/admin/municipalities/new", data=NEW)
    assert response.status_code == 302
    created = db.session.scalars(
        select(Municipality).where(Municipality.slug == "puerto-sur")
    ).one()
    assert (created.country, created.timezone) == ("UY", "America/Montevideo")
    assert client.get("/m/puerto-sur/").status_code == 200
    assert count_rows(AuditEntry, AuditEntry.action == "admin.create_municipality") == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("slug", "Puerto Sur"),
        ("slug", "x"),
        ("slug", "villa-norte"),  # taken
        ("country", "XX"),
        ("country", "EU"),
        ("timezone", "Nowhere/City"),
        ("default_locale", "de"),
        ("name", ""),
    ],
)
def test_create_municipality_refuses_bad_input(
    client, login, platform_admin, municipality, field, value
):
    login(platform_admin)
    response = client.post("/admin/municipalities/new", data={**NEW, field: value})
    assert response.status_code == 422
    assert 'class="error"' in response.text
    assert count_rows(Municipality) == 1  # only the fixture's


def test_edit_slug_and_country(client, login, platform_admin, municipality):
    login(platform_admin)
    response = client.post(
        f"/admin/municipalities/{municipality.id}",
        data={"slug": "villa-del-norte", "country": "CL", "kind": "municipality"},
    )
    assert response.status_code == 302
    assert client.get("/m/villa-del-norte/").status_code == 200
    assert client.get("/m/villa-norte/").status_code == 404
    db.session.expire_all()
    assert db.session.get(Municipality, municipality.id).country == "CL"


def test_edit_to_a_taken_slug_answers_422(
    client, login, platform_admin, municipality, other_municipality
):
    login(platform_admin)
    response = client.post(
        f"/admin/municipalities/{municipality.id}", data={"slug": "otra-ciudad", "country": "AR"}
    )
    assert response.status_code == 422
    assert "already uses this address" in response.text


def test_unknown_municipality_answers_404(client, login, platform_admin):
    login(platform_admin)
    assert client.get("/admin/municipalities/9999").status_code == 404
    assert client.post("/admin/municipalities/9999/archive").status_code == 404


def test_archive_hides_the_municipality_and_unarchive_restores_it(
    client, login, platform_admin, municipality
):
    login(platform_admin)
    assert client.post(f"/admin/municipalities/{municipality.id}/archive").status_code == 302
    assert client.get("/m/villa-norte/").status_code == 404
    assert client.get("/m/villa-norte/staff/").status_code == 404
    assert "Villa Norte" not in client.get("/").text
    listing = client.get("/admin/municipalities/").text
    assert "Villa Norte" in listing and "Archived" in listing
    assert client.post(f"/admin/municipalities/{municipality.id}/archive").status_code == 409
    assert client.post(f"/admin/municipalities/{municipality.id}/unarchive").status_code == 302
    assert client.get("/m/villa-norte/").status_code == 200
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"admin.archive_municipality", "admin.unarchive_municipality"} <= actions


def test_appoint_first_admin(client, login, platform_admin, municipality):
    person = factories.UserFactory(email="alcaldia@example.org")
    login(platform_admin)
    response = client.post(
        f"/admin/municipalities/{municipality.id}/admins", data={"email": "alcaldia@example.org"}
    )
    assert response.status_code == 302
    assert count_rows(Membership, Membership.user_id == person.id, Membership.role == "admin") == 1
    login(person)
    assert client.get("/m/villa-norte/staff/").status_code == 200


def test_appoint_unknown_email_answers_422(client, login, platform_admin, municipality):
    login(platform_admin)
    response = client.post(
        f"/admin/municipalities/{municipality.id}/admins", data={"email": "ghost@example.org"}
    )
    assert response.status_code == 422
    assert "ghost@example.org" in response.text


# Outbox -----------------------------------------------------------------------------------------


def test_outbox_lists_newest_first_and_escapes_bodies(client, login, platform_admin):
    for n in range(3):
        db.session.add(
            OutboxMessage(
                recipient=f"p{n}@example.org",
                subject=f"Subject {n}",
                body_text=f"<script>alert({n})</script> body {n}",
            )
        )
        db.session.commit()
    login(platform_admin)
    page = client.get("/admin/outbox/").text
    assert page.index("Subject 2") < page.index("Subject 1") < page.index("Subject 0")
    newest = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    detail = client.get(f"/admin/outbox/{newest.id}").text
    assert "&lt;script&gt;alert(2)&lt;/script&gt; body 2" in detail
    assert "<script>alert(2)" not in detail
    assert client.get("/admin/outbox/9999").status_code == 404


# Legal pages ------------------------------------------------------------------------------------


def test_write_and_edit_a_legal_page(client, login, platform_admin):
    login(platform_admin)
    data = {"title": "Terms of use", "body": "Be **kind**."}
    assert client.post("/admin/legal/terms/en", data=data).status_code == 302
    page = db.session.scalars(select(LegalPage)).one()
    assert (page.slug, page.locale, page.title) == ("terms", "en", "Terms of use")
    client.post("/admin/legal/terms/en", data={"title": "Terms", "body": "Updated"})
    db.session.expire_all()
    assert db.session.scalars(select(LegalPage)).one().body == "Updated"
    assert count_rows(LegalPage) == 1
    assert count_rows(AuditEntry, AuditEntry.action == "admin.save_legal_page") == 2


def test_legal_page_needs_a_title_and_known_slug(client, login, platform_admin):
    login(platform_admin)
    assert client.post("/admin/legal/terms/en", data={"title": "", "body": "x"}).status_code == 422
    assert client.get("/admin/legal/cookies/en").status_code == 404
    assert client.get("/admin/legal/terms/fr").status_code == 404


# Platform admins --------------------------------------------------------------------------------


def test_grant_and_revoke_platform_admin(client, login, platform_admin):
    person = factories.UserFactory(email="root2@example.org")
    login(platform_admin)
    response = client.post("/admin/platform-admins/", data={"email": "root2@example.org"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(person), person.id).is_platform_admin
    assert client.post(f"/admin/platform-admins/{person.id}/revoke").status_code == 302
    db.session.expire_all()
    assert not db.session.get(type(person), person.id).is_platform_admin
    actions = list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions == ["admin.grant_platform_admin", "admin.revoke_platform_admin"]


def test_grant_unknown_email_answers_422(client, login, platform_admin):
    login(platform_admin)
    response = client.post("/admin/platform-admins/", data={"email": "ghost@example.org"})
    assert response.status_code == 422
    assert "ghost@example.org" in response.text


def test_last_platform_admin_stays(client, login, platform_admin):
    login(platform_admin)
    response = client.post(
        f"/admin/platform-admins/{platform_admin.id}/revoke", follow_redirects=True
    )
    assert "at least one platform admin" in response.text
    db.session.expire_all()
    assert db.session.get(type(platform_admin), platform_admin.id).is_platform_admin
