"""Security headers on every response, safe redirect targets, and requests refused whole."""

from __future__ import annotations

import re
from typing import TypeGuard
from urllib.parse import urlsplit

from flask import Flask, Response, request
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from participa.core.errors import DomainError

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
_HOST = re.compile(r"^[A-Za-z0-9*.-]+(:[0-9]+)?\Z")


def tile_source(tile_url: str | None) -> str | None:
    """The CSP source of a map tile URL (``https://*.tile.example`` for ``{s}`` subdomains);
    None for the site's own tiles or a URL that is not a plain https/http address."""
    parts = urlsplit(tile_url or "")
    host = parts.netloc.replace("{s}", "*")
    if parts.scheme not in ("https", "http") or not _HOST.match(host):
        return None
    return f"{parts.scheme}://{host}"


def content_security_policy(tile_url: str | None = None) -> str:
    """The policy: everything from the site itself, and map tiles from their configured host."""
    source = tile_source(tile_url)
    if source is None:
        return CSP
    return CSP.replace("img-src 'self' data:;", f"img-src 'self' data: {source};")


def is_safe_next(target: str | None) -> TypeGuard[str]:
    """Accept only local paths: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


NUL = "\x00"
# NUL, which PostgreSQL refuses, and unpaired surrogates, which are not UTF-8 at all.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(text: str) -> bool:
    """Whether a database can hold ``text``. Forms cannot send such text past
    :func:`refuse_nul` and Werkzeug's decoding; a JSON escape (``\\u0000``, ``\\ud800``) can."""
    return _UNSTORABLE.search(text) is None


def unstorable_message() -> str:
    return str(
        _("What you sent holds a character that cannot be used (a null character). "
          "Remove it and try again.")
    )  # fmt: skip


def check_storable(text: str) -> None:
    """Refuse (422) text read from an uploaded file that no database can hold (a NUL)."""
    if not storable(text):
        raise DomainError(unstorable_message(), status=422)


def refuse_nul() -> None:
    """Refuse (400) a request whose address, query or form holds a NUL character.

    No form or address needs one, and PostgreSQL can neither store nor compare text holding
    it: let through, it would fail deep in a query as a 500. Checked before anything else of
    the request runs (the municipality of the address is looked up by its name).
    """
    texts = [request.path, *(text for pair in request.args.items(multi=True) for text in pair)]
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        try:
            form, files = request.form, request.files
        except RequestEntityTooLarge:
            pass  # the view answers it (some pages with their own advice)
        else:
            texts += [text for pair in form.items(multi=True) for text in pair]
            texts += [f.filename or "" for _name, f in files.items(multi=True)]
    if any(NUL in text for text in texts):
        raise DomainError(unstorable_message(), status=400)


def init_app(app: Flask) -> None:
    csp = content_security_policy(app.config.get("MAP_TILE_URL"))

    always = [
        ("Content-Security-Policy", csp),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Permissions-Policy", "geolocation=(), camera=(), microphone=()"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]
    names = [name for name, _value in always]

    @app.after_request
    def _headers(response: Response) -> Response:
        headers = response.headers
        if not any(name in headers for name in names):
            headers.extend(always)  # the usual case, at a sixth of six setdefault()s
        else:
            for name, value in always:
                headers.setdefault(name, value)
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
