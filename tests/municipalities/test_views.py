"""Municipality pages over HTTP: access rules, residency, census, settings and members."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select, text

from participa.core.models import AuditEntry, OutboxMessage, Upload
from participa.extensions import db
from participa.municipalities.models import CensusEntry, Membership, ResidencyRequest
from tests import factories
from tests.municipalities.factories_extra import png_bytes, residency_request, settings_data
from tests.rows import count_rows

STAFF_ROUTES = [
    ("get", "/staff/"),
    ("get", "/staff/settings"),
    ("post", "/staff/settings"),
    ("get", "/staff/members"),
    ("post", "/staff/members"),
    ("post", "/staff/members/{membership}/remove"),
    ("get", "/staff/residents"),
    ("post", "/staff/residents/{request}/approve"),
    ("post", "/staff/residents/{request}/reject"),
    ("post", "/staff/residents/{request}/revoke"),
    ("get", "/staff/census"),
    ("post", "/staff/census"),
    ("get", "/staff/audit"),
]


def _membership(person) -> Membership:
    """The one membership of someone made by ``factories.member``."""
    return db.session.scalars(select(Membership).where(Membership.user_id == person.id)).one()


@pytest.fixture
def targets(municipality, staff):
    return {"membership": _membership(staff).id, "request": residency_request(municipality).id}


def _url(slug: str, path: str, targets: dict) -> str:
    return f"/m/{slug}" + path.format(**targets)


@pytest.mark.parametrize(("method", "path"), STAFF_ROUTES)
def test_staff_routes_send_anonymous_visitors_to_login(client, targets, method, path):
    response = getattr(client, method)(_url("villa-norte", path, targets))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login")


@pytest.mark.parametrize(("method", "path"), STAFF_ROUTES)
def test_staff_routes_forbid_citizens(client, login, user, targets, method, path):
    login(user)
    assert getattr(client, method)(_url("villa-norte", path, targets)).status_code == 403


@pytest.mark.parametrize(("method", "path"), STAFF_ROUTES)
def test_staff_routes_forbid_moderators_and_residents(
    client, login, moderator, resident, targets, method, path
):
    # Moderators open the staff home (it lists the moderation queue for them), nothing else.
    for person in (resident,) if path == "/staff/" else (moderator, resident):
        login(person)
        assert getattr(client, method)(_url("villa-norte", path, targets)).status_code == 403


@pytest.mark.parametrize(("method", "path"), STAFF_ROUTES)
def test_staff_of_another_municipality_are_forbidden(
    client, login, other_staff, targets, method, path
):
    login(other_staff)
    assert getattr(client, method)(_url("villa-norte", path, targets)).status_code == 403


@pytest.mark.parametrize(("method", "path"), STAFF_ROUTES)
def test_unknown_municipality_answers_404(client, login, staff, targets, method, path):
    login(staff)
    assert getattr(client, method)(_url("nowhere", path, targets)).status_code == 404


@pytest.mark.parametrize("path", ["/staff/", "/staff/settings", "/staff/members",
                                  "/staff/residents", "/staff/census", "/staff/audit"])  # fmt: skip
def test_staff_pages_open_for_admins_and_platform_admins(
    client, login, staff, platform_admin, path
):
    for person in (staff, platform_admin):
        login(person)
        assert client.get(f"/m/villa-norte{path}").status_code == 200


@pytest.mark.parametrize("action", ["approve", "reject", "revoke"])
def test_request_of_another_municipality_answers_404(
    client, login, staff, other_municipality, action
):
    foreign = residency_request(other_municipality)
    login(staff)
    response = client.post(f"/m/villa-norte/staff/residents/{foreign.id}/{action}")
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(ResidencyRequest, foreign.id).status == "pending"


def test_membership_of_another_municipality_answers_404(client, login, staff, other_staff):
    theirs = _membership(other_staff)
    login(staff)
    assert client.post(f"/m/villa-norte/staff/members/{theirs.id}/remove").status_code == 404


# Home and staff dashboard ------------------------------------------------------------------------


def test_home_shows_description_contact_and_residency_link(client, municipality):
    municipality.description = "**Welcome** <script>alert(1)</script>"
    municipality.contact_email = "hola@villanorte.example"
    municipality.website = "https://villanorte.example"
    db.session.commit()
    response = client.get("/m/villa-norte/")
    assert "<strong>Welcome</strong>" in response.text
    assert "<script>alert(1)" not in response.text
    assert "hola@villanorte.example" in response.text
    assert "/m/villa-norte/residency" in response.text


def test_staff_dashboard_shows_pending_count(client, login, staff, municipality):
    residency_request(municipality)
    residency_request(municipality)
    login(staff)
    response = client.get("/m/villa-norte/staff/")
    assert "2 residency requests are waiting" in response.text
    for path in ("settings", "members", "residents", "census", "audit"):
        assert f"/m/villa-norte/staff/{path}" in response.text


# Residency --------------------------------------------------------------------------------------


def test_residency_page_needs_login(client, municipality):
    response = client.get("/m/villa-norte/residency")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_request_residency_then_see_pending(client, login, user, municipality):
    login(user)
    response = client.post("/m/villa-norte/residency", data={"note": "Barrio Centro"})
    assert response.status_code == 302
    page = client.get("/m/villa-norte/residency").text
    assert "Pending" in page and "Barrio Centro" in page
    request = db.session.scalars(select(ResidencyRequest)).one()
    assert (request.user_id, request.status) == (user.id, "pending")


def test_request_twice_answers_409(client, login, user, municipality):
    login(user)
    client.post("/m/villa-norte/residency", data={})
    response = client.post("/m/villa-norte/residency", data={})
    assert response.status_code == 409
    assert response.text.count("already waiting") == 1


def test_unconfirmed_account_cannot_request(client, login, municipality):
    person = factories.UserFactory(email_confirmed_at=None)
    login(person)
    page = client.get("/m/villa-norte/residency")
    assert page.status_code == 200 and "Confirm your e-mail" in page.text
    assert client.post("/m/villa-norte/residency", data={}).status_code == 403
    assert count_rows(ResidencyRequest) == 0


def test_rejected_request_shows_reason_and_can_be_sent_again(client, login, user, municipality):
    residency_request(municipality, user=user, status="rejected", decision_reason="No proof sent")
    login(user)
    page = client.get("/m/villa-norte/residency").text
    assert "Rejected" in page and "No proof sent" in page
    assert client.post("/m/villa-norte/residency", data={"note": "Proof"}).status_code == 302
    db.session.expire_all()
    request = db.session.scalars(select(ResidencyRequest)).one()
    assert (request.status, request.note) == ("pending", "Proof")


def test_staff_approve_from_the_queue(client, login, staff, municipality, user):
    request = residency_request(municipality, user=user, note="Calle 1")
    login(staff)
    queue = client.get("/m/villa-norte/staff/residents")
    assert user.display_name in queue.text and "Calle 1" in queue.text
    response = client.post(f"/m/villa-norte/staff/residents/{request.id}/approve")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ResidencyRequest, request.id).status == "approved"
    assert count_rows(Membership, Membership.user_id == user.id, Membership.role == "resident") == 1
    assert count_rows(OutboxMessage, OutboxMessage.recipient == user.email) == 1
    assert count_rows(AuditEntry, AuditEntry.action == "municipalities.approve_residency") == 1


def test_staff_reject_with_reason_and_person_sees_it(client, login, staff, municipality, user):
    request = residency_request(municipality, user=user)
    login(staff)
    client.post(
        f"/m/villa-norte/staff/residents/{request.id}/reject", data={"reason": "Wrong city"}
    )
    mail = db.session.scalars(select(OutboxMessage)).one()
    assert "Wrong city" in mail.body_text
    login(user)
    assert "Wrong city" in client.get("/m/villa-norte/residency").text


def test_approving_twice_answers_409(client, login, staff, municipality):
    request = residency_request(municipality, status="approved")
    login(staff)
    assert client.post(f"/m/villa-norte/staff/residents/{request.id}/approve").status_code == 409


def test_revoke_from_the_queue(client, login, staff, municipality, user):
    request = residency_request(municipality, user=user)
    login(staff)
    client.post(f"/m/villa-norte/staff/residents/{request.id}/approve")
    client.post(f"/m/villa-norte/staff/residents/{request.id}/revoke", data={"reason": "Moved"})
    db.session.expire_all()
    assert db.session.get(ResidencyRequest, request.id).status == "rejected"
    assert count_rows(Membership, Membership.user_id == user.id) == 0


def test_unknown_status_filter_answers_404(client, login, staff):
    login(staff)
    assert client.get("/m/villa-norte/staff/residents?status=nope").status_code == 404


# Census -----------------------------------------------------------------------------------------


def _upload_census(client, content: bytes, name: str = "census.csv"):
    return client.post(
        "/m/villa-norte/staff/census",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def test_census_upload_then_verify_by_document(client, login, staff, municipality, user):
    login(staff)
    response = _upload_census(client, b"document\n12.345.678\n12345678\n87-654-321\nxx\n")
    assert response.status_code == 302
    report = client.get("/m/villa-norte/staff/census").text
    assert "2 identifiers stored" in report and "1 duplicate," in report and "1 invalid" in report
    dump = repr(db.session.execute(text("SELECT * FROM census_entries")).all())
    dump += repr(db.session.execute(text("SELECT * FROM audit_entries")).all())
    assert "12345678" not in dump and "12.345.678" not in dump and "87654321" not in dump
    assert count_rows(CensusEntry) == 2

    login(user)
    assert "Verify at once" in client.get("/m/villa-norte/residency").text
    response = client.post("/m/villa-norte/residency/census", data={"document": "12 345 678"})
    assert response.status_code == 302
    assert "verified resident" in client.get("/m/villa-norte/residency").text
    db.session.expire_all()
    request = db.session.scalars(select(ResidencyRequest)).one()
    assert (request.user_id, request.status, request.method) == (user.id, "approved", "census")

    someone = factories.UserFactory()
    login(someone)
    response = client.post("/m/villa-norte/residency/census", data={"document": "12345678"})
    assert response.status_code == 409
    assert "already been used" in response.text
    assert 'value="12345678"' not in response.text
    assert count_rows(ResidencyRequest, ResidencyRequest.user_id == someone.id) == 0


def test_census_unknown_document_answers_422(client, login, staff, user):
    login(staff)
    _upload_census(client, b"12345678\n")
    login(user)
    response = client.post("/m/villa-norte/residency/census", data={"document": "99999999"})
    assert response.status_code == 422
    assert response.text.count("not in the census list") == 1
    assert "99999999" not in response.text  # a refused document is never echoed back


def test_malformed_census_file_answers_422(client, login, staff):
    login(staff)
    response = _upload_census(client, b"\x89PNG\r\n\x1a\n\x00\x00binary")
    assert response.status_code == 422
    assert "not a CSV text file" in response.text
    response = _upload_census(client, b"name\nnobody\n")
    assert response.status_code == 422
    assert "no valid identifiers" in response.text
    assert count_rows(CensusEntry) == 0


def test_census_upload_without_file_answers_422(client, login, staff):
    login(staff)
    response = client.post("/m/villa-norte/staff/census", data={})
    assert response.status_code == 422
    assert "Choose a CSV file" in response.text


# Settings ---------------------------------------------------------------------------------------


def _post_settings(client, **overrides):
    return client.post(
        "/m/villa-norte/staff/settings",
        data=settings_data(**overrides),
        content_type="multipart/form-data",
    )


def test_settings_are_saved(client, login, staff, municipality):
    login(staff)
    response = _post_settings(client, name="Villa Norte Renovada", accent_color="#0F5C8C")
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(type(municipality), municipality.id)
    assert (saved.name, saved.accent_color, saved.ocid_prefix) == (
        "Villa Norte Renovada",
        "#0f5c8c",
        "ocds-vn1234",
    )
    assert "#0f5c8c" in client.get("/m/villa-norte/theme.css").text
    assert count_rows(AuditEntry, AuditEntry.action == "municipalities.update_settings") == 1


def test_bad_colour_answers_422_and_keeps_typed_values(client, login, staff, municipality):
    login(staff)
    response = _post_settings(client, name="Nuevo nombre", accent_color="#ffff00")
    assert response.status_code == 422
    assert "contrast" in response.text and "4.5:1" in response.text
    assert 'value="Nuevo nombre"' in response.text and 'value="#ffff00"' in response.text
    response = _post_settings(client, accent_color="red")
    assert response.status_code == 422 and "#rrggbb" in response.text
    db.session.expire_all()
    assert db.session.get(type(municipality), municipality.id).name == "Villa Norte"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("timezone", "Mars/Olympus", "Unknown time zone"),
        ("website", "javascript:alert(1)", "http://"),
        ("ocid_prefix", "ocds-TOOLONG1", "ocds-abc123"),
        ("default_locale", "fr", ""),  # WTForms' own message, translated by WTForms
        ("contact_email", "not-an-email", "email"),
    ],
)
def test_bad_settings_answer_422(client, login, staff, field, value, message):
    login(staff)
    response = _post_settings(client, **{field: value})
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.text
    assert message.lower() in response.text.lower()


def test_logo_that_is_not_an_image_answers_422(client, login, staff, municipality):
    login(staff)
    response = _post_settings(
        client, name="Changed", logo=(io.BytesIO(b"<?php echo 1; ?>"), "x.png")
    )
    assert response.status_code == 422
    assert "not a PNG, JPEG, GIF or WebP image" in response.text
    assert count_rows(Upload) == 0
    db.session.expire_all()
    saved = db.session.get(type(municipality), municipality.id)
    assert saved.logo_id is None and saved.name == "Villa Norte"


def test_logo_too_big_answers_413(client, app, login, staff):
    login(staff)
    big = b"\x89PNG" + b"0" * app.config["MAX_IMAGE_BYTES"]
    response = _post_settings(client, logo=(io.BytesIO(big), "big.png"))
    assert response.status_code == 413
    assert "larger than" in response.text
    assert count_rows(Upload) == 0


def test_logo_is_stored_and_shown(client, login, staff, municipality):
    login(staff)
    response = _post_settings(client, logo=(io.BytesIO(png_bytes()), "logo.png"))
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(type(municipality), municipality.id)
    assert saved.logo is not None
    assert f"/uploads/{saved.logo.token}" in client.get("/m/villa-norte/").text


# Members ----------------------------------------------------------------------------------------


def test_members_lists_staff_and_residents(client, login, staff, moderator, resident):
    login(staff)
    page = client.get("/m/villa-norte/staff/members").text
    for person in (staff, moderator, resident):
        assert person.display_name in page


def test_add_member_by_email(client, login, staff, municipality):
    person = factories.UserFactory(email="nueva@example.org")
    login(staff)
    response = client.post(
        "/m/villa-norte/staff/members", data={"email": "nueva@example.org", "role": "moderator"}
    )
    assert response.status_code == 302
    assert (
        count_rows(Membership, Membership.user_id == person.id, Membership.role == "moderator") == 1
    )
    login(person)
    # The new moderator is still not an admin: the staff home offers the moderation queue only.
    response = client.get("/m/villa-norte/staff/")
    assert response.status_code == 200
    assert "/m/villa-norte/moderation/" in response.text
    assert "/m/villa-norte/staff/settings" not in response.text


def test_add_member_unknown_email_is_said_to_staff(client, login, staff):
    login(staff)
    response = client.post(
        "/m/villa-norte/staff/members", data={"email": "ghost@example.org", "role": "admin"}
    )
    assert response.status_code == 422
    assert "There is no account with the e-mail ghost@example.org" in response.text


def test_cannot_remove_the_last_admin(client, login, staff):
    membership = _membership(staff)
    login(staff)
    response = client.post(
        f"/m/villa-norte/staff/members/{membership.id}/remove", follow_redirects=True
    )
    assert "at least one admin" in response.text
    assert count_rows(Membership, Membership.id == membership.id) == 1


def test_remove_a_moderator(client, login, staff, moderator):
    membership = _membership(moderator)
    login(staff)
    assert client.post(f"/m/villa-norte/staff/members/{membership.id}/remove").status_code == 302
    assert count_rows(Membership, Membership.id == membership.id) == 0


# Audit ------------------------------------------------------------------------------------------


def test_audit_log_shows_only_this_municipality(client, login, staff, municipality, other_staff):
    login(staff)
    _post_settings(client)
    login(other_staff)
    client.post("/m/otra-ciudad/staff/members", data={"email": staff.email, "role": "moderator"})
    login(staff)
    page = client.get("/m/villa-norte/staff/audit").text
    assert "Configuración del municipio modificada" in page  # the label, never the code
    assert "municipalities.update_settings" not in page
    assert "Miembro del equipo agregado" not in page


def test_audit_page_shows_labels_not_codes(client, login, municipality, staff):
    db.session.add(
        AuditEntry(
            action="contracting.save_tender",
            actor_id=staff.id,
            municipality_id=municipality.id,
            target_type="procurement_processes",
            target_id=33,
            details={"tags": ["tender"], "release_id": "r-1"},
        )
    )
    db.session.commit()
    login(staff)
    page = client.get("/m/villa-norte/staff/audit").text
    assert "Tender saved" in page and "Procurement process #33" in page
    assert "tags: tender" in page
    for raw in ("contracting.save_tender", "procurement_processes", "['tender']", "[&#39;tender"):
        assert raw not in page
