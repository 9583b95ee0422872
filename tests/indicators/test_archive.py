"""The evidence archive: a copy fetched from the evidence address (http(s) only, public
addresses only, redirects checked, size-capped), or uploaded by staff when the site cannot be
reached; kept copies are never replaced."""

from __future__ import annotations

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock

import pytest
from sqlalchemy import select

from participa.core.models import AuditEntry
from participa.extensions import db
from participa.indicators import archive
from participa.indicators.fetch import FetchError, fetch, is_public_address
from tests.indicators.helpers import answer_form, answer_of, make_assessment

BASE = "/m/villa-norte/indicators"
PAGE = b"<html><body>Ordenanza 12/2024 de presupuesto participativo</body></html>"


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/page":
            self._send(200, PAGE, "text/html; charset=utf-8")
        elif self.path == "/big":
            self._send(200, b"x" * 5000, "application/pdf")
        elif self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/page")
            self.end_headers()
        elif self.path == "/to-private":
            self.send_response(301)
            self.send_header("Location", "http://10.0.0.1/admin")
            self.end_headers()
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        else:
            self._send(404, b"no", "text/plain")

    def _send(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def local(app):
    """Let the fetcher reach the local test server (refused everywhere else)."""
    app.config["INDICATOR_FETCH_ALLOW_PRIVATE"] = True
    yield
    app.config["INDICATOR_FETCH_ALLOW_PRIVATE"] = False


def _with_url(municipality, url, status="draft"):
    assessment = make_assessment(municipality, met={"PAR-01"}, status=status)
    answer = answer_of(assessment, "PAR-01")
    answer.evidence_url = url
    db.session.commit()
    return assessment, answer


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
     "0.0.0.0",  # noqa: S104 - an address the fetcher must refuse, nothing binds to it
     "240.0.0.1", "224.0.0.1", "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1",
     "not-an-address"],
)  # fmt: skip
def test_only_public_addresses_are_public(address):
    assert not is_public_address(address)


def test_a_public_address_is_public():
    assert is_public_address("93.184.216.34") and is_public_address("2606:4700::1111")


def test_the_page_is_fetched_stored_and_dated(app, framework, municipality, server, local):
    _assessment, answer = _with_url(municipality, f"{server}/moved")
    with app.test_request_context():
        archive.archive_evidence(answer.id)
        db.session.commit()
        again = archive.archive_evidence(answer.id)  # idempotent: nothing fetched twice
    assert again is answer
    assert answer.evidence_archive_status == "archived" and answer.evidence_captured_at
    copy = answer.evidence_archive
    assert copy.data == PAGE and copy.content_type == "text/html"
    assert copy.municipality_id == municipality.id
    assert db.session.scalar(select(db.func.count()).select_from(type(copy))) == 1


def test_the_archived_copy_is_served_sandboxed(app, client, framework, municipality, server, local):
    assessment, answer = _with_url(municipality, f"{server}/page", status="validated")
    with app.test_request_context():
        archive.archive_evidence(answer.id)
        db.session.commit()
    page = client.get(f"{BASE}/assessments/{assessment.id}").text
    assert "Archived copy" in page and "captured on" in page
    served = client.get(f"/uploads/{answer.evidence_archive.token}")
    assert served.data == PAGE and "sandbox" in served.headers["Content-Security-Policy"]
    export = client.get("/indicators/assessments.csv").text
    assert answer.evidence_archive.token in export


@pytest.mark.parametrize(
    ("path", "reason"), [("/big", "size"), ("/missing", "status"), ("/loop", "redirects")]
)
def test_refused_fetches_leave_the_answer_marked(
    app, framework, municipality, server, local, path, reason
):
    app.config["INDICATOR_ARCHIVE_MAX_BYTES"] = 1000
    _assessment, answer = _with_url(municipality, server + path)
    with app.test_request_context():
        with pytest.raises(FetchError) as exc:
            fetch(server + path)
        assert exc.value.reason == reason
        archive.archive_evidence(answer.id)
    assert answer.evidence_archive_status == "failed" and answer.evidence_archive_id is None


def test_a_redirect_to_a_private_address_is_refused(app, server, local):
    # The local server itself is allowed here; the redirect's target must be checked too, so
    # resolving it refuses it once private addresses are no longer allowed.
    allow = mock.patch("participa.indicators.fetch._allow_private", side_effect=[True, False])
    with app.test_request_context(), allow, pytest.raises(FetchError) as exc:
        fetch(f"{server}/to-private")
    assert exc.value.reason == "address"


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1/", "http://localhost/", "http://10.0.0.8/x", "http://169.254.169.254/",
     "http://[::1]/", "http://[fe80::1]/", "http://0x7f000001/", "http://2130706433/"],
)  # fmt: skip
def test_loopback_private_and_link_local_are_refused(app, url):
    with app.test_request_context(), pytest.raises(FetchError) as exc:
        fetch(url)
    assert exc.value.reason in ("address", "resolve")


def test_the_local_server_is_refused_without_the_test_setting(app, server):
    with app.test_request_context(), pytest.raises(FetchError) as exc:
        fetch(f"{server}/page")
    assert exc.value.reason == "address"


@pytest.mark.parametrize(
    "url", ["ftp://example.org/a", "file:///etc/passwd", "gopher://x/", "http://user:pw@x.org/"]
)
def test_other_schemes_are_refused(app, url):
    with app.test_request_context(), pytest.raises(FetchError) as exc:
        fetch(url)
    assert exc.value.reason == "scheme"


def test_the_connection_goes_to_the_checked_address(app):
    """A host resolving to a public address and then (rebinding) to a private one is reached
    at the first: the fetcher never resolves twice."""
    answers = iter([[(2, 1, 6, "", ("93.184.216.34", 80))], [(2, 1, 6, "", ("127.0.0.1", 80))]])
    connected = []

    def create_connection(address, timeout=None):
        connected.append(address)
        raise OSError("stop here")

    with (
        app.test_request_context(),
        mock.patch(
            "participa.indicators.fetch.socket.getaddrinfo",
            side_effect=lambda *a, **k: next(answers),
        ),
        mock.patch("participa.indicators.fetch.socket.create_connection", create_connection),
        pytest.raises(FetchError),
    ):
        fetch("http://rebinding.example/")
    assert connected == [("93.184.216.34", 80)]


def test_saving_an_answer_archives_its_address(
    app, client, login, framework, municipality, staff, server, local
):
    app.config["INDICATOR_ARCHIVE_ON_SAVE"] = True
    assessment = make_assessment(municipality, met=0)
    login(staff)
    response = client.post(
        f"{BASE}/assessments/{assessment.id}/dimensions/PAR",
        data=answer_form("PAR-01", "yes", evidence_url=f"{server}/page"),
    )
    assert response.status_code == 302
    answer = answer_of(assessment, "PAR-01")
    assert answer.evidence_archive_status == "archived" and answer.evidence_archive.data == PAGE
    # A new address is captured anew.
    client.post(
        f"{BASE}/assessments/{assessment.id}/dimensions/PAR",
        data=answer_form("PAR-01", "yes", evidence_url=f"{server}/missing"),
    )
    db.session.expire_all()
    answer = answer_of(assessment, "PAR-01")
    assert answer.evidence_archive_status == "failed" and answer.evidence_archive_id is None


PDF = b"%PDF-1.4\n% copia\n"


def test_staff_upload_a_copy_when_the_site_is_unreachable(
    app, client, login, framework, municipality, staff
):
    assessment, answer = _with_url(municipality, "https://caido.example/ordenanza")
    answer.evidence_archive_status = "failed"
    db.session.commit()
    login(staff)
    url = f"{BASE}/assessments/{assessment.id}/answers/{answer.id}/archive"
    page = client.get(url)
    assert page.status_code == 200 and "Upload a copy" in page.text
    bad = client.post(url, data={"document": (io.BytesIO(b"<script>"), "x.html")},
                      content_type="multipart/form-data")  # fmt: skip
    assert bad.status_code == 422
    good = client.post(url, data={"document": (io.BytesIO(PDF), "copia.pdf")},
                       content_type="multipart/form-data")  # fmt: skip
    assert good.status_code == 302
    db.session.expire_all()
    answer = answer_of(assessment, "PAR-01")
    assert answer.evidence_archive_status == "uploaded" and answer.evidence_archive.data == PDF
    assert answer.evidence_captured_at
    assert db.session.scalar(
        select(AuditEntry.id).where(AuditEntry.action == "indicators.upload_evidence_copy")
    )
    again = client.post(url, data={"document": (io.BytesIO(PDF), "otra.pdf")},
                        content_type="multipart/form-data")  # fmt: skip
    assert again.status_code == 409  # a kept copy is never replaced
    assert client.post(url, data={"fetch": ""}).status_code == 409


def test_fetching_again_is_audited(app, client, login, framework, municipality, staff):
    assessment, answer = _with_url(municipality, "http://127.0.0.1:9/closed")
    login(staff)
    url = f"{BASE}/assessments/{assessment.id}/answers/{answer.id}/archive"
    response = client.post(url, data={"fetch": ""})
    assert response.status_code == 302
    db.session.expire_all()
    assert answer_of(assessment, "PAR-01").evidence_archive_status == "failed"
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "indicators.archive_evidence")
    ).one()
    assert entry.details["result"] == "failed"


def test_an_answer_of_another_assessment_is_404(client, login, framework, municipality, staff):
    assessment, _answer = _with_url(municipality, "https://x.example/")
    other = make_assessment(municipality, period="2027-S1")
    login(staff)
    url = f"{BASE}/assessments/{assessment.id}/answers/{other.answers[0].id}/archive"
    assert client.get(url).status_code == 404
