"""Browser tests: a real server on a free localhost port, driven by Debian's headless chromium.

Without ``/usr/bin/chromium`` these tests skip, unless ``PARTICIPA_REQUIRE_BROWSER=1`` (as in
``.ci/run``) turns the skip into a failure. Playwright never downloads a browser of its own.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, got_request_exception
from flask_babel import force_locale, gettext, ngettext, npgettext, pgettext
from werkzeug.serving import make_server

from participa import create_app
from participa.config import TestConfig
from participa.extensions import db
from tests import factories
from tests.browser.checks import opened, page_problems

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
# Generous: CI shares its cores between the xdist workers, their live servers and chromium, and a
# journey that passes in 2 s alone has been seen to miss a 10 s wait there. Only a failure waits.
TIMEOUT_MS = 25_000

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


def browser_app(database: Path) -> Flask:
    """A fresh app with CSRF on, backed by a new SQLite file whose tables are created."""
    config = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    config.update(
        SQLALCHEMY_DATABASE_URI="sqlite:///" + str(database),
        WTF_CSRF_ENABLED=True,
        TESTING=False,
    )
    app = create_app(config)
    with app.app_context():
        db.create_all()
    return app


@contextmanager
def serving(app: Flask, name: str) -> Iterator[LiveServer]:
    """Serve ``app`` in a background thread on a free localhost port; no request may raise."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    live = LiveServer(app=app, url=f"http://127.0.0.1:{server.server_port}")

    def _record(sender, exception, **extra):
        live.errors.append(exception)

    got_request_exception.connect(_record, app)
    thread = threading.Thread(target=server.serve_forever, name=name, daemon=True)
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


@pytest.fixture
def live_server(tmp_path) -> Iterator[LiveServer]:
    """Serve a fresh app with CSRF on, backed by a new SQLite file, in a background thread."""
    with serving(browser_app(tmp_path / "browser.sqlite"), "live-server") as live:
        yield live


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


def alternatives(
    app: Flask, msgid: str, plural: str | None = None, context: str | None = None, **params: Any
) -> str:
    """A regular expression matching ``msgid`` in English or in Spanish (whitespace collapsed).

    With ``plural``, the message is an ngettext one counted by the ``num`` parameter; with
    ``context``, a pgettext one. A callable parameter is called in each language (for example a
    translated state label).
    """
    variants = []
    for locale in ("en", "es"):
        with app.test_request_context(), force_locale(locale):
            values = {key: value() if callable(value) else value for key, value in params.items()}
            if plural is None:
                message = (
                    gettext(msgid, **values)
                    if context is None
                    else pgettext(context, msgid, **values)
                )
            elif context is None:
                message = ngettext(msgid, plural, values.pop("num"), **values)
            else:
                message = npgettext(context, msgid, plural, values.pop("num"), **values)
            variants.append(" ".join(message.split()))
    return "(?:" + "|".join(re.escape(v) for v in dict.fromkeys(variants)) + ")"


def localized(
    app: Flask,
    msgid: str,
    plural: str | None = None,
    *,
    exact: bool = True,
    context: str | None = None,
    **params: Any,
) -> re.Pattern:
    """Match ``msgid`` in English or in Spanish, so a test holds in either language; whole
    (trimmed) unless ``exact`` is false."""
    either = alternatives(app, msgid, plural, context, **params)
    return re.compile(rf"^\s*{either}\s*$" if exact else either)


@dataclass
class Journey:
    """Steps every journey shares: find texts in either language, log in and out, and read the
    header's link to the notifications."""

    page: Any
    live: LiveServer

    def text(
        self,
        msgid: str,
        plural: str | None = None,
        *,
        exact: bool = True,
        context: str | None = None,
        **params: Any,
    ) -> re.Pattern:
        """The message in either language, as a pattern for locators and assertions."""
        return localized(self.live.app, msgid, plural, exact=exact, context=context, **params)

    def either(self, msgid: str, plural: str | None = None, **params: Any) -> str:
        """The message in either language, as a piece of a larger regular expression."""
        return alternatives(self.live.app, msgid, plural, **params)

    def name(self, *pieces: str) -> re.Pattern:
        """A whole accessible name made of regular-expression pieces separated by whitespace."""
        return re.compile(r"^\s*" + r"\s*".join(pieces) + r"\s*$")

    def log_in(self, email: str, password: str = factories.PASSWORD) -> None:
        from playwright.sync_api import expect

        page, text = self.page, self.text
        page.get_by_role("link", name=text("Log in")).first.click()
        page.get_by_label(text("E-mail address")).fill(email)
        page.get_by_label(text("Password")).fill(password)
        page.get_by_role("button", name=text("Log in")).click()
        expect(page.get_by_role("button", name=text("Log out"))).to_be_visible()

    def log_in_on_its_page(
        self, email: str, password: str = factories.PASSWORD, *, welcomed: str | None = None
    ) -> None:
        """Log in through the login page (at a phone's width the header's links sit behind its
        menu); with ``welcomed``, wait until the page welcomes that name back."""
        from playwright.sync_api import expect

        page, text = self.page, self.text
        page.goto("/account/login")
        page.get_by_label(text("E-mail address")).fill(email)
        page.get_by_label(text("Password")).fill(password)
        page.get_by_role("button", name=text("Log in")).click()
        if welcomed is None:
            expect(page).not_to_have_url(re.compile("/account/login"))
        else:
            expect(page.get_by_text(text("Welcome back, %(name)s.", name=welcomed))).to_be_visible()

    def log_out(self) -> None:
        from playwright.sync_api import expect

        self.page.get_by_role("button", name=self.text("Log out")).click()
        expect(self.page.get_by_role("link", name=self.text("Log in"))).to_be_visible()

    def notifications_link(self, unread: int = 0):
        """The header's link to the notifications, whose name says ``unread`` notifications are
        unread (0: the link shows no count at all)."""
        pieces = [self.either("Notifications")]
        if unread:
            pieces += [self.either("unread:"), str(unread)]
        account = self.page.get_by_role("navigation", name=self.text("Account"))
        return account.get_by_role("link", name=self.name(*pieces))


# A journey at a desktop's and a phone's width, and once without JavaScript.
at_each_width = pytest.mark.parametrize(
    ("width", "javascript"),
    [("desktop", True), ("phone", True), ("phone", False)],
    ids=["desktop", "phone", "phone-no-js"],
)


@dataclass
class Device:
    """How one ``at_each_width`` run browses: at its width, with or without JavaScript."""

    chromium: Any
    live: LiveServer
    width: str
    javascript: bool

    @contextmanager
    def journey(self) -> Iterator[Journey]:
        """A journey in a new browser context: nobody logged in yet."""
        with opened(
            self.chromium, self.live.url, width=self.width, javascript=self.javascript, axe=True
        ) as page:
            yield Journey(page=page, live=self.live)

    def problems(self, page: Any) -> list[str]:
        """The page's problems; without JavaScript, sideways scroll only (axe-core never
        settles in such a page)."""
        return page_problems(page, axe=self.javascript)


@pytest.fixture
def device(chromium, live_server, width, javascript) -> Device:
    """This run's device, on the live server (``width`` and ``javascript`` from
    ``at_each_width``)."""
    return Device(chromium=chromium, live=live_server, width=width, javascript=javascript)


@pytest.fixture
def journey(page, live_server) -> Journey:
    """The shared steps, on this test's page and live server."""
    return Journey(page=page, live=live_server)


def villa_norte(**fields: Any) -> Any:
    """The Spanish-speaking municipality the journeys happen in."""
    return factories.MunicipalityFactory(
        slug="villa-norte", name="Villa Norte", default_locale="es", **fields
    )


def spanish_speaker(
    email: str, display_name: str, *, member_of: Any = None, role: str = "admin"
) -> Any:
    """A confirmed account whose language is Spanish; with ``member_of``, holding ``role`` in
    that municipality."""
    fields = {"email": email, "display_name": display_name, "locale": "es"}
    if member_of is None:
        return factories.UserFactory(**fields)
    return factories.member(member_of, role, **fields)


def assert_no_console_errors(console_errors: list[str]) -> None:
    """No script error and no Content-Security-Policy violation on any page of the journey."""
    assert console_errors == [], f"the pages reported errors: {console_errors}"
