"""OCDS prefixes: one municipality each (form and database), fixed once a release is out."""

from __future__ import annotations

import pytest
from flask import g
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from participa.contracting import services
from participa.contracting.models import ProcurementProcess
from participa.core.errors import DomainError
from participa.extensions import db
from participa.municipalities import services as municipality_services
from participa.municipalities.models import Municipality
from tests.contracting.conftest import PREFIX, make_process
from tests.municipalities.factories_extra import settings_data

SETTINGS = "/m/villa-norte/staff/settings"


@pytest.fixture(autouse=True)
def _request(app):
    # Translated messages pick the locale from the request.
    with app.test_request_context():
        yield


def _post_settings(client, **overrides):
    return client.post(SETTINGS, data=settings_data(**overrides),
                       content_type="multipart/form-data")  # fmt: skip


def _prefix_of(municipality) -> str | None:
    db.session.expire_all()
    return db.session.get(Municipality, municipality.id).ocid_prefix


def test_settings_form_refuses_another_municipality_prefix(
    client, login, staff, municipality, other_municipality
):
    login(staff)
    response = _post_settings(client, ocid_prefix="ocds-othr01")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="ocid_prefix-error"' in page
    assert "Another municipality already uses the OCDS prefix ocds-othr01" in page
    assert _prefix_of(municipality) == PREFIX


def test_two_municipalities_cannot_store_the_same_prefix(municipality, other_municipality):
    other_municipality.ocid_prefix = PREFIX
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_simultaneous_claim_answers_422_not_500(
    municipality, other_municipality, staff, monkeypatch
):
    # Both checks pass at the same moment; the unique index refuses the second writer.
    monkeypatch.setattr(municipality_services, "_check_ocid_prefix", lambda *a: None)
    with pytest.raises(municipality_services.SettingError) as exc:
        municipality_services.update_settings(
            municipality, actor=staff, data={"ocid_prefix": "ocds-othr01"}
        )
    assert exc.value.status == 422 and exc.value.field == "ocid_prefix"
    db.session.rollback()


def test_prefix_left_by_old_drafts_elsewhere_is_not_reused(municipality, other_municipality, staff):
    # Data from before the fix: a draft kept an ocid under a prefix its municipality left.
    db.session.add(ProcurementProcess(
        municipality_id=other_municipality.id, ocid="ocds-old001-2026-0001",
        identifier="2026-0001", title="Viejo", data={}, red_flags=[]))  # fmt: skip
    db.session.commit()
    with pytest.raises(DomainError, match="already uses the OCDS prefix ocds-old001"):
        municipality_services.update_settings(
            municipality, actor=staff, data={"ocid_prefix": "ocds-old001"}
        )


def test_prefix_is_fixed_once_a_release_is_published(client, login, staff, municipality, process):
    login(staff)
    page = client.get(SETTINGS).get_data(as_text=True)
    assert "readonly" in page and "Fixed: releases have been published" in page
    for value in ("ocds-new001", ""):
        response = _post_settings(client, ocid_prefix=value)
        assert response.status_code == 422
        assert f"The OCDS prefix {PREFIX} cannot be changed" in response.get_data(as_text=True)
    assert _prefix_of(municipality) == PREFIX
    # Other settings still save when the prefix is sent unchanged.
    assert _post_settings(client, ocid_prefix=PREFIX, name="Villa Norte Nueva").status_code == 302


def test_unpublished_drafts_follow_a_new_prefix(
    client, login, staff, municipality, other_municipality
):
    g.municipality = municipality
    draft = services.create_process(municipality, actor=staff, title="Borrador",
                                    identifier="2026-0001")  # fmt: skip
    db.session.commit()
    login(staff)
    assert "readonly" not in client.get(SETTINGS).get_data(as_text=True).split("ocid_prefix")[-1]
    assert _post_settings(client, ocid_prefix="ocds-new001").status_code == 302
    assert db.session.get(ProcurementProcess, draft.id).ocid == "ocds-new001-2026-0001"
    # The freed prefix can go elsewhere, and the same identifier there does not collide.
    municipality_services.update_settings(other_municipality, actor=staff,
                                          data={"ocid_prefix": PREFIX})  # fmt: skip
    db.session.commit()
    other = services.create_process(other_municipality, actor=staff, title="Otro",
                                    identifier="2026-0001")  # fmt: skip
    db.session.commit()
    assert other.ocid == f"{PREFIX}-2026-0001"
    ocids = set(db.session.scalars(select(ProcurementProcess.ocid)))
    assert ocids == {"ocds-new001-2026-0001", f"{PREFIX}-2026-0001"}


def test_published_process_keeps_its_ocid_in_the_lock_test(municipality, staff, buyer):
    process = make_process(municipality, staff, buyer)
    with pytest.raises(DomainError, match="cannot be changed"):
        municipality_services.update_settings(municipality, actor=staff,
                                              data={"ocid_prefix": "ocds-new001"})  # fmt: skip
    db.session.rollback()
    assert db.session.get(ProcurementProcess, process.id).ocid.startswith(PREFIX)
