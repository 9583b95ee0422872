"""The confirmation step before a stage publishes a release (public and immutable).

The stage form posts ``review``: the page shows the release it would publish and a confirm
button that posts the same fields again with ``confirm``, a token bound to them (an HMAC under
the application's secret). A publish without a token that matches what was reviewed is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from typing import Any

from flask import current_app
from werkzeug.datastructures import MultiDict

from participa.contracting.models import Release
from participa.contracting.validation import field_label

REVIEW = "review"
CONFIRM = "confirm"
BACK = "back"
_NOT_DATA = frozenset({"csrf_token", REVIEW, CONFIRM, BACK})


def posted_fields(form: MultiDict[str, str]) -> list[tuple[str, str]]:
    """The fields the person typed, in order (what the confirm button posts again)."""
    return [(name, value) for name, value in form.items(multi=True) if name not in _NOT_DATA]


def token(form: MultiDict[str, str]) -> str:
    """A token bound to exactly these field values."""
    payload = json.dumps(sorted(posted_fields(form)), ensure_ascii=False).encode()
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, b"contracting.publish\0" + payload, hashlib.sha256).hexdigest()


def asked_to_review(form: MultiDict[str, str]) -> bool:
    """Whether the post asks for the confirmation page."""
    return REVIEW in form and CONFIRM not in form


def is_confirmed(form: MultiDict[str, str]) -> bool:
    """Whether the post confirms exactly the fields that were reviewed."""
    given = form.get(CONFIRM) or ""
    return bool(given) and hmac.compare_digest(given, token(form))


def preview(release: Release | None) -> list[tuple[str, str]] | None:
    """The release's fields as (readable name, value) rows; None when nothing new is published."""
    if release is None:
        return None
    return list(_rows(release.data, ()))


def _rows(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _rows(inner, (*path, key))
    elif isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
        for index, inner in enumerate(value):
            yield from _rows(inner, (*path, index))
    elif value not in (None, "", []):
        shown = "; ".join(str(v) for v in value) if isinstance(value, list) else str(value)
        yield field_label(path), shown
