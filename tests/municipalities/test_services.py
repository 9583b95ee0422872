"""Municipality rules without HTTP: settings, members, residency and the census."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select, text
from werkzeug.datastructures import FileStorage

from participa.core.errors import DomainError
from participa.core.models import AuditEntry, OutboxMessage, Upload
from participa.extensions import db
from participa.municipalities import census, services
from participa.municipalities.models import CensusEntry, Membership, ResidencyRequest
from participa.municipalities.validation import contrast_with_white, is_valid_accent
from tests import factories
from tests.municipalities.factories_extra import png_bytes, residency_request
from tests.rows import count_rows


@pytest.fixture(autouse=True)
def _request(app):
    # Translated messages pick the locale from the request (core.i18n.select_locale).
    with app.test_request_context():
        yield


def _audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


# Settings ---------------------------------------------------------------------------------------


def test_update_settings_saves_and_audits(municipality, staff):
    services.update_settings(
        municipality,
        actor=staff,
        data={"name": "Villa Norte Nueva", "accent_color": "#0F5C8C", "website": "https://x.org"},
    )
    assert municipality.name == "Villa Norte Nueva"
    assert municipality.accent_color == "#0f5c8c"
    entry = db.session.scalars(select(AuditEntry)).one()
    assert entry.action == "municipalities.update_settings"
    assert set(entry.details["fields"]) == {"name", "accent_color", "website"}


@pytest.mark.parametrize(
    "data",
    [
        {"accent_color": "blue"},
        {"accent_color": "#ffff00"},  # white on yellow is unreadable
        {"timezone": "Mars/Olympus"},
        {"default_locale": "fr"},
        {"website": "javascript:alert(1)"},
        {"website": "ftp://example.org"},
        {"ocid_prefix": "OCDS-ABC"},
        {"name": "  "},
    ],
)
def test_update_settings_refuses_bad_values(municipality, staff, data):
    with pytest.raises(DomainError) as exc:
        services.update_settings(municipality, actor=staff, data=data)
    assert exc.value.status == 422


def test_contrast_rule():
    assert contrast_with_white("#000000") == pytest.approx(21, rel=1e-3)
    assert contrast_with_white("#ffffff") == pytest.approx(1)
    assert is_valid_accent("#1d4ed8")
    assert not is_valid_accent("#777777")  # 4.48:1, just below AA
    assert is_valid_accent("#767676")  # 4.54:1


def test_logo_that_is_not_an_image_is_refused_and_nothing_stored(municipality, staff):
    logo = FileStorage(io.BytesIO(b"<?php system($_GET['c']); ?>"), filename="logo.png")
    with pytest.raises(DomainError) as exc:
        services.update_settings(municipality, actor=staff, data={"name": "X"}, logo=logo)
    assert exc.value.status == 422
    db.session.rollback()
    assert count_rows(Upload) == 0
    assert municipality.name == "Villa Norte"


def test_logo_image_is_stored(municipality, staff):
    logo = FileStorage(io.BytesIO(png_bytes()), filename="logo.png")
    services.update_settings(municipality, actor=staff, data={}, logo=logo)
    assert municipality.logo.content_type == "image/png"
    assert municipality.logo.municipality_id == municipality.id


# Members ----------------------------------------------------------------------------------------


def test_add_member_by_email(municipality, staff):
    person = factories.UserFactory(email="mod@example.org")
    services.add_member(municipality, actor=staff, email=" MOD@example.org ", role="moderator")
    assert services.roles_of(person, municipality.id) == {"moderator"}
    assert _audit_actions() == ["municipalities.add_member"]


def test_add_member_unknown_email_says_so(municipality, staff):
    with pytest.raises(DomainError) as exc:
        services.add_member(municipality, actor=staff, email="nobody@example.org", role="admin")
    assert exc.value.status == 422
    assert "nobody@example.org" in str(exc.value.message)


def test_add_member_twice_conflicts(municipality, staff, moderator):
    with pytest.raises(DomainError) as exc:
        services.add_member(municipality, actor=staff, email=moderator.email, role="moderator")
    assert exc.value.status == 409


def test_add_member_refuses_the_resident_role(municipality, staff, user):
    with pytest.raises(DomainError):
        services.add_member(municipality, actor=staff, email=user.email, role="resident")


def _membership(user, municipality) -> Membership:
    return db.session.scalars(
        select(Membership).where(
            Membership.user_id == user.id, Membership.municipality_id == municipality.id
        )
    ).one()


def test_last_admin_cannot_be_removed(municipality, staff):
    with pytest.raises(DomainError) as exc:
        services.remove_member(
            municipality, actor=staff, membership=_membership(staff, municipality)
        )
    assert exc.value.status == 409


def test_admin_can_be_removed_when_another_remains(municipality, staff):
    second = factories.member(municipality, "admin")
    services.remove_member(municipality, actor=staff, membership=_membership(second, municipality))
    assert services.roles_of(second, municipality.id) == set()
    assert _audit_actions() == ["municipalities.remove_member"]


def test_remove_member_of_another_municipality_is_refused(
    municipality, other_municipality, staff, other_staff
):
    theirs = _membership(other_staff, other_municipality)
    with pytest.raises(DomainError):
        services.remove_member(municipality, actor=staff, membership=theirs)


# Residency --------------------------------------------------------------------------------------


def test_request_residency_creates_a_pending_request(municipality, user):
    request = services.request_residency(municipality, user=user, note="Barrio Centro")
    assert (request.status, request.method, request.note) == ("pending", "manual", "Barrio Centro")


def test_request_twice_while_pending_conflicts(municipality, user):
    services.request_residency(municipality, user=user)
    with pytest.raises(DomainError) as exc:
        services.request_residency(municipality, user=user)
    assert exc.value.status == 409


def test_unconfirmed_person_cannot_request(municipality):
    person = factories.UserFactory(email_confirmed_at=None)
    with pytest.raises(DomainError) as exc:
        services.request_residency(municipality, user=person)
    assert exc.value.status == 403


def test_rejected_person_may_ask_again_on_the_same_row(municipality, staff, user):
    first = services.request_residency(municipality, user=user)
    services.reject_residency(first, actor=staff, reason="No proof")
    again = services.request_residency(municipality, user=user, note="Here is proof")
    assert again.id == first.id
    assert (again.status, again.decision_reason, again.note) == ("pending", None, "Here is proof")
    assert count_rows(ResidencyRequest) == 1


def test_approve_makes_a_resident_mails_and_audits(municipality, staff, user):
    request = residency_request(municipality, user=user)
    services.approve_residency(request, actor=staff)
    assert request.status == "approved" and request.decided_by_id == staff.id
    assert services.roles_of(user, municipality.id) == {"resident"}
    mail = db.session.scalars(select(OutboxMessage)).one()
    assert mail.recipient == user.email
    assert "Villa Norte" in mail.subject and "Villa Norte" in mail.body_text
    assert _audit_actions() == ["municipalities.approve_residency"]


def test_approve_twice_conflicts(municipality, staff):
    request = residency_request(municipality)
    services.approve_residency(request, actor=staff)
    with pytest.raises(DomainError) as exc:
        services.approve_residency(request, actor=staff)
    assert exc.value.status == 409


def test_reject_sends_the_reason(municipality, staff, user):
    request = residency_request(municipality, user=user)
    services.reject_residency(request, actor=staff, reason="The address is outside the city.")
    assert request.status == "rejected"
    mail = db.session.scalars(select(OutboxMessage)).one()
    assert "The address is outside the city." in mail.body_text
    assert _audit_actions() == ["municipalities.reject_residency"]


def test_mail_goes_in_the_persons_language(municipality, staff):
    person = factories.UserFactory(locale="en")
    services.approve_residency(residency_request(municipality, user=person), actor=staff)
    mail = db.session.scalars(select(OutboxMessage)).one()
    assert "verified" in mail.subject


def test_revoke_removes_the_resident_role(municipality, staff, user):
    request = residency_request(municipality, user=user)
    services.approve_residency(request, actor=staff)
    services.revoke_residency(request, actor=staff, reason="Moved away")
    assert request.status == "rejected" and request.decision_reason == "Moved away"
    assert services.roles_of(user, municipality.id) == set()
    assert _audit_actions()[-1] == "municipalities.revoke_residency"


def test_revoke_needs_an_approved_request(municipality, staff):
    with pytest.raises(DomainError):
        services.revoke_residency(residency_request(municipality), actor=staff)


# Census -----------------------------------------------------------------------------------------


def test_normalise_and_hash():
    assert census.normalise_document(" 12.345.678-k ") == "12345678K"
    assert census.census_hash(1, "12345678") == census.census_hash(1, "12345678")
    assert census.census_hash(1, "12345678") != census.census_hash(2, "12345678")
    assert len(census.census_hash(1, "12345678")) == 64


def test_parse_csv_with_named_column_blanks_and_invalid_rows():
    data = b"name;document\nAna;12.345.678\n\nLuis;23-456-789\nEve;??\n"
    identifiers, invalid = census.parse_csv(data)
    assert identifiers == ["12345678", "23456789"]
    assert invalid == 1


def test_parse_csv_without_header_uses_first_column():
    identifiers, invalid = census.parse_csv(b"12345678\n 23 456 789 \n")
    assert identifiers == ["12345678", "23456789"] and invalid == 0


def test_parse_csv_skips_an_unnamed_header_and_reads_latin1():
    identifiers, _ = census.parse_csv("número\n12345678\n".encode("latin-1"))
    assert identifiers == ["12345678"]


@pytest.mark.parametrize("data", [b"\x00\x01\x02binary", b"", b"\n\n", b"name\nnobody\n"])
def test_parse_csv_refuses_files_without_identifiers(data):
    with pytest.raises(DomainError) as exc:
        census.parse_csv(data)
    assert exc.value.status == 422


def test_parse_csv_refuses_big_files():
    with pytest.raises(DomainError) as exc:
        census.parse_csv(b"12345678\n" * (census.MAX_CENSUS_BYTES // 9 + 1))
    assert exc.value.status == 413


def test_load_census_stores_only_keyed_hashes(municipality, staff):
    report = services.load_census(
        municipality, actor=staff, data=b"document\n12.345.678\n12345678\n87654321\nbad!\n"
    )
    assert (report.loaded, report.duplicates, report.invalid, report.claimed) == (2, 1, 1, 0)
    rows = db.session.execute(text("SELECT * FROM census_entries")).all()
    assert len(rows) == 2
    dump = repr(rows)
    assert "12345678" not in dump and "87654321" not in dump
    entry = db.session.scalars(select(AuditEntry)).one()
    assert entry.details == {"loaded": 2, "duplicates": 1, "invalid": 1, "claimed": 0}


def test_verify_by_census_verifies_at_once(municipality, staff, user):
    services.load_census(municipality, actor=staff, data=b"12345678\n")
    request = services.verify_by_census(municipality, user=user, document="12.345.678")
    assert (request.status, request.method) == ("approved", "census")
    assert services.roles_of(user, municipality.id) == {"resident"}
    entry = db.session.scalars(select(CensusEntry)).one()
    assert entry.claimed_by_id == user.id and entry.claimed_at is not None


def test_claimed_entry_cannot_verify_another_account(municipality, staff, user):
    services.load_census(municipality, actor=staff, data=b"12345678\n")
    services.verify_by_census(municipality, user=user, document="12345678")
    with pytest.raises(DomainError) as exc:
        services.verify_by_census(municipality, user=factories.UserFactory(), document="12345678")
    assert exc.value.status == 409


def test_census_of_another_municipality_does_not_count(
    municipality, other_municipality, staff, user
):
    services.load_census(other_municipality, actor=staff, data=b"12345678\n")
    with pytest.raises(DomainError) as exc:
        services.verify_by_census(municipality, user=user, document="12345678")
    assert exc.value.status == 422


def test_verified_person_cannot_claim_a_second_entry(municipality, staff, user):
    services.load_census(municipality, actor=staff, data=b"12345678\n87654321\n")
    services.verify_by_census(municipality, user=user, document="12345678")
    with pytest.raises(DomainError) as exc:
        services.verify_by_census(municipality, user=user, document="87654321")
    assert exc.value.status == 409


def test_reload_replaces_unclaimed_and_keeps_claimed(municipality, staff, user):
    services.load_census(municipality, actor=staff, data=b"12345678\n87654321\n")
    services.verify_by_census(municipality, user=user, document="12345678")
    report = services.load_census(municipality, actor=staff, data=b"12345678\n11112222\n")
    assert (report.loaded, report.claimed) == (1, 1)
    assert services.census_count(municipality) == (2, 1)
    with pytest.raises(DomainError):
        services.verify_by_census(municipality, user=factories.UserFactory(), document="87654321")


def test_revoke_frees_the_census_entry(municipality, staff, user):
    services.load_census(municipality, actor=staff, data=b"12345678\n")
    request = services.verify_by_census(municipality, user=user, document="12345678")
    services.revoke_residency(request, actor=staff, reason="Document belongs to someone else")
    owner = factories.UserFactory()
    assert services.verify_by_census(municipality, user=owner, document="12345678").status == (
        "approved"
    )
