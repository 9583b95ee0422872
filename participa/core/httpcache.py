"""HTTP caching headers, so a reverse proxy (or the browser) can keep anonymous pages.

An anonymous page is public for ``HTTP_CACHE_SECONDS`` when nothing in it belongs to the
visitor: a GET answered 200 with HTML, no session content (no CSRF token, flashed message,
chosen language or random-order seed) and no caching header of its own. It carries an ``ETag``
and answers ``304 Not Modified`` to a matching ``If-None-Match``. Pages of signed-in people
are ``private, no-store``: never kept by a shared cache.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request, session
from flask_login import current_user

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


def init_app(app: Flask) -> None:
    app.after_request(_headers)
