"""The personal-data download of a person with much data: prepared by a job, private to its
owner, announced in-app, removed with the account; small ones download at once as before."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from participa.accounts import personal_export, privacy, services
from participa.core import exports, jobs
from participa.core.models import PreparedFile
from participa.db import utcnow
from participa.extensions import db
from participa.notifications.models import Notification
from tests import factories

EXPORT = "/account/export.json"


@pytest.fixture
def busy(municipality):
    """A person with a few rows of data (memberships, residency)."""
    user = factories.member(municipality, "resident", bio="Vecina")
    factories.ResidencyRequestFactory(user=user, municipality_id=municipality.id)
    db.session.commit()
    return user


def _large(app, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "PERSONAL_EXPORT_PREPARE_ROWS", 0)


def _files() -> list[PreparedFile]:
    db.session.expire_all()
    return list(db.session.scalars(select(PreparedFile).order_by(PreparedFile.id)))


def test_a_person_with_little_data_downloads_it_at_once(client, login, busy):
    login(busy)
    response = client.get(EXPORT)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert json.loads(response.data)["account"]["bio"] == "Vecina"
    assert _files() == []
    assert sum(privacy.row_counts(busy).values()) >= 2


def test_without_a_queue_much_data_is_prepared_in_the_request_and_announced(
    app, client, login, busy, monkeypatch
):
    _large(app, monkeypatch)
    login(busy)
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=participa-my-data.json"
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.data)
    assert data["account"]["email"] == busy.email and data["residency_requests"]
    (record,) = _files()
    assert record.owner_id == busy.id and record.municipality_id is None
    assert record.status == "done" and record.expires_at is not None
    notice = db.session.scalars(select(Notification)).one()
    assert notice.user_id == busy.id and notice.event == "export_ready"
    assert notice.url == f"/account/exports/{record.id}"
    # The link in the notice fetches the same file; asking again builds nothing new.
    assert client.get(notice.url).data == response.data
    assert client.get(EXPORT).data == response.data
    assert _files()[0].attempts == 1


def test_someone_else_cannot_fetch_a_prepared_download(app, client, login, busy, monkeypatch):
    _large(app, monkeypatch)
    login(busy)
    client.get(EXPORT)
    (record,) = _files()
    other = factories.UserFactory()
    login(other)
    assert client.get(f"/account/exports/{record.id}").status_code == 404
    assert client.get(f"/account/exports/{record.id + 1}").status_code == 404
    login(busy)
    assert client.get(f"/account/exports/{record.id}").status_code == 200
    record.expires_at = utcnow()
    db.session.commit()
    assert client.get(f"/account/exports/{record.id}").status_code == 404


def test_with_a_queue_the_person_waits_then_downloads(app, redis_app, busy, login, monkeypatch):
    _large(redis_app, monkeypatch)
    client = login(busy, on=redis_app.test_client())
    waiting = client.get(EXPORT, headers={"Accept": "text/html"})
    assert waiting.status_code == 202 and waiting.headers["Cache-Control"] == "no-store"
    assert "notification when it is ready" in waiting.get_data(as_text=True)
    assert client.get(EXPORT, headers={"Accept": "application/json"}).status_code == 202
    with redis_app.app_context():
        assert jobs.queue_length() == 1
        jobs.work(redis_app, burst=True)
    ready = client.get(EXPORT)
    assert ready.status_code == 200 and json.loads(ready.data)["account"]["id"] == busy.id
    with redis_app.app_context():
        (record,) = db.session.scalars(select(PreparedFile)).all()
        personal_export.build(record.id)  # a second delivery: nothing new
        db.session.commit()
        assert db.session.get(PreparedFile, record.id).attempts == 1
        assert len(db.session.scalars(select(Notification)).all()) == 1


def test_the_prepared_download_goes_with_the_account(app, client, login, busy, monkeypatch):
    _large(app, monkeypatch)
    login(busy)
    client.get(EXPORT)
    assert len(_files()) == 1
    services.delete_account(busy, factories.PASSWORD)
    db.session.commit()
    assert _files() == []
    assert exports.find(personal_export.slot(busy.id)) is None
