"""Browser tests: a real server on a free localhost port, driven by Debian's headless chromium.

Without ``/usr/bin/chromium`` these tests skip, unless ``PARTICIPA_REQUIRE_BROWSER=1`` (as in
``.ci/run``) turns the skip into a failure. Playwright never downloads a browser of its own.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from flask import Flask, got_request_exception
from werkzeug.serving import make_server

from participa import create_app
from participa.config import TestConfig
from participa.extensions import db

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")


def _unavailable(reason: str) -> None:
    if os.environ.get("PARTICIPA_REQUIRE_BROWSER") == "1":
        pytest.fail(f"PARTICIPA_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _app_context():
    """Replace the suite's per-test context: browser tests use their own app and database."""
    yield


@dataclass
class LiveServer:
    app: Flask
    url: str
    errors: list[BaseException] = field(default_factory=list)


@pytest.fixture
def live_server(tmp_path) -> Iterator[LiveServer]:
    """Serve a fresh app with CSRF on, backed by a new SQLite file, in a background thread."""
    config = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    config.update(
        SQLALCHEMY_DATABASE_URI="sqlite:///" + str(tmp_path / "browser.sqlite"),
        WTF_CSRF_ENABLED=True,
        TESTING=False,
    )
    app = create_app(config)
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    live = LiveServer(app=app, url=f"http://127.0.0.1:{server.server_port}")

    def _record(sender, exception, **extra):
        live.errors.append(exception)

    got_request_exception.connect(_record, app)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield live
    finally:
        server.shutdown()
        thread.join(timeout=10)
        got_request_exception.disconnect(_record, app)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    assert not live.errors, f"the server raised during the test: {live.errors!r}"


@pytest.fixture(scope="session")
def chromium():
    """One headless Debian chromium for the whole session."""
    if not os.path.exists(CHROMIUM):
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def console_errors() -> list[str]:
    """Errors the page reported: script errors and Content-Security-Policy violations."""
    return []


@pytest.fixture
def page(chromium, live_server, console_errors):
    """A page in a new Spanish-speaking browser context, relative URLs on the live server."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    context = chromium.new_context(base_url=live_server.url, locale="es-AR")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: console_errors.append(str(exc)))
    yield page
    context.close()
