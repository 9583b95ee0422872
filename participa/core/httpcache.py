"""HTTP caching headers, so a reverse proxy (or the browser) can keep anonymous pages.

An anonymous page is public for ``HTTP_CACHE_SECONDS`` when nothing in it belongs to the
visitor: a GET answered 200 with HTML, no session content (no CSRF token, flashed message,
chosen language or random-order seed) and no caching header of its own. It carries an ``ETag``
and answers ``304 Not Modified`` to a matching ``If-None-Match``. Pages of signed-in people
are ``private, no-store``: never kept by a shared cache.

The application keeps such pages itself too, for ``PAGE_CACHE_SECONDS``, in the shared cache
(Redis when configured): a visitor with no session cookie gets the kept page before any URL
preprocessor, before-request hook of a feature, query or template runs. The application-wide
hooks still run (request id, metrics, rate limits) and so do the after-request ones (security
and caching headers). A page is kept only when it was public by the rule above; what anonymous
visitors read may lag by that many seconds, as with the page parts of ``core.cache``.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, g, request, session
from flask_login import current_user
from werkzeug.http import generate_etag

from participa.extensions import cache

# Anonymous pages differ by language (Accept-Language) and never go to someone with a session.
VARY = ("Cookie", "Accept-Language")


def _is_public(response: Response) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and response.mimetype == "text/html"
        and not response.is_streamed
        and "Cache-Control" not in response.headers
        and not session  # empty and unchanged: nothing personal was put in the page
        and not session.modified
        and not current_user.is_authenticated
    )


def _headers(response: Response) -> Response:
    seconds = current_app.config.get("HTTP_CACHE_SECONDS", 0)
    # Answers to posts (redirects, forms with errors) are never stored by caches; asking who
    # is signed in after a write's commit would load the person again.
    if (
        request.method not in ("GET", "HEAD")
        or "Cache-Control" in response.headers
        or response.mimetype != "text/html"
    ):
        return response
    if current_user.is_authenticated:
        response.headers["Cache-Control"] = "private, no-store"
        return response
    if seconds <= 0 or not _is_public(response):
        return response
    response.cache_control.public = True
    response.cache_control.max_age = seconds
    for header in VARY:
        response.vary.add(header)
    response.add_etag()
    response.make_conditional(request)
    return response


# Bigger pages (a long list) are rare and cheap to skip; the cache keeps many small ones.
PAGE_MAX_BYTES = 512 * 1024
_PLAIN_HEADERS = {"content-type", "content-length"}


def _page_key() -> str | None:
    """The key of this request's kept page, or None when it may not have one."""
    config = current_app.config
    if request.method != "GET" or config.get("PAGE_CACHE_SECONDS", 0) <= 0:
        return None
    cookies = request.cookies
    if (
        config["SESSION_COOKIE_NAME"] in cookies
        or config.get("REMEMBER_COOKIE_NAME", "remember_token") in cookies
        or "Authorization" in request.headers
    ):
        return None  # perhaps someone: their page is theirs
    # What a page can depend on for a visitor without a session: the address, the language
    # the browser asks for (when the member sets none) and HTML or JSON.
    language = request.accept_languages.best_match(config["LANGUAGES"]) or ""
    kind = request.accept_mimetypes.best_match(["text/html", "application/json"]) or ""
    return "|".join(("page", request.host, language, kind, request.full_path))


def kept_page() -> Response | None:
    """The page kept for this anonymous request, if there is a fresh one."""
    key = _page_key()
    if key is None:
        return None
    found: dict[str, Any] | None = cache.get(key)
    if found is None:
        g.page_key = key  # _keep stores what the view answers
        return None
    response = Response(found["body"], status=200, content_type=found["content_type"])
    seconds = current_app.config.get("HTTP_CACHE_SECONDS", 0)
    if seconds > 0 and "etag" in found:
        # The headers _headers gives a public page, from what was kept with it: a kept page is
        # the most read answer, and working them out again was a fifth of its cost.
        response.headers["Cache-Control"] = f"public, max-age={seconds}"
        response.headers["Vary"] = ", ".join(VARY)
        response.set_etag(found["etag"])
        if "If-None-Match" in request.headers:
            response.make_conditional(request)
    return response


def _keep(response: Response) -> Response:
    key = g.pop("page_key", None)
    if (
        key is not None
        and _is_public(response)
        and response.content_length is not None
        and response.content_length <= PAGE_MAX_BYTES
        # Only the body and its type are kept: a page with headers of its own is not.
        and {name.lower() for name, _value in response.headers.items()} <= _PLAIN_HEADERS
    ):
        body = response.get_data()
        cache.set(
            key,
            {"body": body, "content_type": response.content_type, "etag": generate_etag(body)},
            timeout=current_app.config["PAGE_CACHE_SECONDS"],
        )
    return response


def init_app(app: Flask) -> None:
    app.after_request(_headers)
    app.after_request(_keep)  # after-request hooks run last first: it sees the view's answer
