"""Large open datasets are built by a job into the upload storage and served as stored files;
small ones keep streaming, byte for byte as before."""

from __future__ import annotations

import gzip
import json

import pytest
from sqlalchemy import select

from participa.core import exports, jobs
from participa.core.models import AuditEntry, PreparedFile
from participa.core.storage import FolderStorage
from participa.extensions import db
from participa.opendata import prepared
from tests import factories
from tests.consultations.helpers import make_consultation, make_proposal
from tests.rows import count_rows

M = "/m/villa-norte/datos"
PROPOSALS = f"{M}/proposals.csv"


@pytest.fixture
def content(municipality):
    consultation = make_consultation(municipality, phase="supports", title="Plazas")
    for title in ("Bancos en la plaza", "=Veredas", "Árboles"):
        make_proposal(consultation, title=title)
    db.session.commit()
    return consultation


def _files() -> list[PreparedFile]:
    db.session.expire_all()
    return list(db.session.scalars(select(PreparedFile).order_by(PreparedFile.id)))


def _large(app, monkeypatch, rows: int = 1) -> None:
    # Every dataset with more than ``rows`` rows is prepared instead of streamed.
    monkeypatch.setitem(app.config, "OPENDATA_PREPARE_ROWS", rows)


def _direct(client, path: str, **kwargs):
    # What the download answered before prepared files existed: the streamed response.
    response = client.get(path, **kwargs)
    assert response.status_code == 200
    return response


def test_a_small_dataset_streams_as_before_and_prepares_nothing(client, content):
    csv = _direct(client, PROPOSALS)
    body = csv.get_data()
    assert body.startswith(b"\xef\xbb\xbfid,") and b"'=Veredas" in body
    assert _direct(client, f"{M}/proposals.json").get_json()
    assert _files() == []
    # The prepared build writes the very same bytes.
    assert prepared.body("proposals", "csv", content.municipality_id) == body


def test_without_a_queue_a_large_dataset_is_built_in_the_request_and_then_served(
    app, client, content, monkeypatch
):
    streamed = _direct(client, PROPOSALS)
    streamed_json = _direct(client, f"{M}/proposals.json").get_data()
    _large(app, monkeypatch)
    first = client.get(PROPOSALS)
    assert first.status_code == 200
    assert first.get_data() == streamed.get_data()
    assert first.headers["ETag"] == streamed.headers["ETag"]
    assert first.headers["Content-Disposition"] == streamed.headers["Content-Disposition"]
    assert first.mimetype == "text/csv"
    (record,) = _files()
    assert record.status == "done" and record.attempts == 1 and record.total == 3
    assert record.slot == prepared.slot("proposals", "csv", content.municipality_id)
    # Served again from the stored file: no new build.
    again = client.get(PROPOSALS)
    assert again.get_data() == streamed.get_data() and _files()[0].attempts == 1
    assert (
        client.get(PROPOSALS, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    )
    # JSON as json_response answers it: plain, gzip encoded or a gzip file.
    assert client.get(f"{M}/proposals.json").get_data() == streamed_json
    encoded = client.get(f"{M}/proposals.json", headers={"Accept-Encoding": "gzip"})
    assert encoded.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(encoded.get_data()) == streamed_json
    packed = client.get(f"{M}/proposals.json", query_string={"gzip": "1"})
    assert packed.mimetype == "application/gzip"
    assert gzip.decompress(packed.get_data()) == streamed_json


def test_running_the_build_twice_builds_once(app, client, content, monkeypatch):
    _large(app, monkeypatch)
    client.get(PROPOSALS)
    (record,) = _files()
    prepared.build(record.id)
    prepared.build(record.id)
    db.session.commit()
    (record,) = _files()
    assert record.status == "done" and record.attempts == 1


def test_a_changed_dataset_is_built_again_and_the_old_file_removed(
    app, client, content, monkeypatch, tmp_path
):
    _large(app, monkeypatch)
    folder = FolderStorage(tmp_path)
    monkeypatch.setitem(app.extensions, "participa.storage", folder)
    first = client.get(PROPOSALS)
    (record,) = _files()
    old_key = record.storage_key
    assert record.storage == "folder" and folder.get(old_key) == first.get_data()
    make_proposal(content, title="Nueva plaza")
    db.session.commit()
    second = client.get(PROPOSALS)
    assert second.status_code == 200 and b"Nueva plaza" in second.get_data()
    assert second.headers["ETag"] != first.headers["ETag"]
    (record,) = _files()  # the same slot, rebuilt in place
    assert record.storage_key != old_key and record.attempts == 2
    assert folder.get(old_key) is None and folder.get(record.storage_key) == second.get_data()


def test_a_failed_build_is_shown_to_staff_and_tried_again(
    app, client, content, monkeypatch, staff, login
):
    _large(app, monkeypatch)
    expected = prepared.body("proposals", "csv", content.municipality_id)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(prepared, "body", broken)
    failed = client.get(PROPOSALS, headers={"Accept": "text/html"})
    assert failed.status_code == 503 and failed.headers["Retry-After"] == "5"
    assert "could not be prepared" in failed.get_data(as_text=True)
    (record,) = _files()
    assert record.status == "failed" and record.error == "RuntimeError"
    login(staff)
    page = client.get(f"{M}/staff/exports").get_data(as_text=True)
    assert "Could not be prepared" in page and "Try again" in page and "disk full" not in page
    monkeypatch.undo()
    _large(app, monkeypatch)
    retried = client.post(f"{M}/staff/exports/{record.id}/retry")
    assert retried.status_code == 302
    (record,) = _files()
    assert record.status == "done" and record.attempts == 2
    audit = db.session.scalars(select(AuditEntry)).one()
    assert audit.action == "opendata.export_retried" and audit.target_id == record.id
    assert client.get(PROPOSALS).get_data() == expected
    # Retrying what has not failed changes nothing.
    client.post(f"{M}/staff/exports/{record.id}/retry")
    assert _files()[0].attempts == 2


def test_a_failed_build_is_tried_again_by_the_next_download(app, client, content, monkeypatch):
    _large(app, monkeypatch)
    monkeypatch.setattr(prepared, "body", lambda *a, **k: 1 / 0)
    assert client.get(PROPOSALS).status_code == 503
    monkeypatch.undo()
    _large(app, monkeypatch)
    assert client.get(PROPOSALS).status_code == 200
    assert _files()[0].attempts == 2


def test_staff_see_only_their_municipality_s_files(
    app, client, content, monkeypatch, login, other_municipality
):
    _large(app, monkeypatch)
    client.get(PROPOSALS)
    (record,) = _files()
    record.status = "failed"
    db.session.commit()
    login(factories.member(other_municipality, "admin"))
    other = client.get("/m/otra-ciudad/datos/staff/exports").get_data(as_text=True)
    assert "No large download has been prepared yet." in other
    assert client.post(f"/m/otra-ciudad/datos/staff/exports/{record.id}/retry").status_code == 404
    assert client.get(f"{M}/staff/exports").status_code == 403
    assert client.post(f"{M}/staff/exports/{record.id}/retry").status_code == 403
    assert _files()[0].status == "failed"


def test_the_staff_page_lists_files_in_a_fixed_number_of_queries(
    app, client, content, monkeypatch, staff, login, count_queries
):
    _large(app, monkeypatch, rows=0)
    client.get(PROPOSALS)
    client.get(f"{M}/proposals.json")
    login(staff)
    with count_queries() as one:
        assert client.get(f"{M}/staff/exports").status_code == 200
    client.get(f"{M}/consultations.csv")
    with count_queries() as more:
        page = client.get(f"{M}/staff/exports").get_data(as_text=True)
    assert len(_files()) == 3 and page.count("Ready") == 3
    assert more.count == one.count


def test_expired_files_are_cleaned_up(app, client, content, monkeypatch, tmp_path):
    _large(app, monkeypatch)
    folder = FolderStorage(tmp_path)
    monkeypatch.setitem(app.extensions, "participa.storage", folder)
    client.get(PROPOSALS)
    (record,) = _files()
    key = record.storage_key
    assert exports.clean() == 0
    from participa.db import utcnow

    record.expires_at = utcnow()
    db.session.commit()
    assert exports.clean() == 1
    db.session.commit()
    assert _files() == [] and folder.get(key) is None


def test_with_a_queue_the_request_answers_202_and_the_worker_builds_the_file(
    app, redis_app, content, monkeypatch
):
    streamed = _direct(redis_app.test_client(), PROPOSALS).get_data()
    _large(redis_app, monkeypatch)
    client = redis_app.test_client()
    waiting = client.get(PROPOSALS, headers={"Accept": "text/html"})
    assert waiting.status_code == 202 and waiting.headers["Retry-After"] == "5"
    page = waiting.get_data(as_text=True)
    assert "being prepared" in page and "Check again now" in page
    assert 'http-equiv="refresh"' not in page  # the reader decides when (WCAG 2.2.1)
    assert "<script>" not in page  # no inline script (CSP)
    as_json = client.get(PROPOSALS, headers={"Accept": "application/json"})
    assert as_json.status_code == 202
    assert as_json.get_json() == {"status": "queued", "done": 0, "total": 3, "retry_after": 5,
                                  "url": "http://localhost" + PROPOSALS}  # fmt: skip
    with redis_app.app_context():
        # Asked for three times, queued once.
        assert jobs.queue_length() == 1
        assert count_rows(PreparedFile) == 1
        jobs.work(redis_app, burst=True)
    ready = client.get(PROPOSALS)
    assert ready.status_code == 200 and ready.get_data() == streamed
    with redis_app.app_context():
        record = db.session.scalars(select(PreparedFile)).one()
        assert record.attempts == 1 and record.done == record.total == 3
        # A second delivery of the job builds nothing.
        prepared.build(record.id)
        db.session.commit()
        assert db.session.get(PreparedFile, record.id).attempts == 1
        assert jobs.queue_length() == 0
    # The data change: the next request queues a new build, served once the worker is done.
    with redis_app.app_context():
        make_proposal(db.session.merge(content), title="Nueva plaza")
        db.session.commit()
    assert client.get(PROPOSALS).status_code == 202
    with redis_app.app_context():
        jobs.work(redis_app, burst=True)
    fresh = client.get(PROPOSALS)
    assert fresh.status_code == 200 and b"Nueva plaza" in fresh.get_data()


def test_the_waiting_json_names_the_progress(app, client, content, monkeypatch):
    # A build another worker is running: the request waits for it, it does not start another.
    _large(app, monkeypatch)
    client.get(PROPOSALS)
    (record,) = _files()
    from participa.db import utcnow

    record.status, record.version, record.started_at = "running", "older", utcnow()
    record.done, record.total = 1, 3
    db.session.commit()
    monkeypatch.setitem(app.config, "JOBS_REDIS_URL", "redis://127.0.0.1:1/0")
    monkeypatch.setattr(jobs, "enqueue", lambda *a, **k: pytest.fail("queued twice"))
    record.version = prepared._version(record)
    db.session.commit()
    answer = client.get(PROPOSALS, headers={"Accept": "application/json"})
    assert answer.status_code == 202
    assert json.loads(answer.get_data())["done"] == 1
    page = client.get(PROPOSALS, headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "1 of 3 rows done" in page
