"""Domain errors and friendly, translated error pages."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from participa.core import transactions

logger = logging.getLogger(__name__)


class DomainError(Exception):
    """A rule of the domain was broken; views show ``message`` as a form error or a 409."""

    status = 409

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        if status is not None:
            self.status = status


class FieldError(DomainError):
    """A refusal about one field of a form (a 422 unless told), named so the form shows it there."""

    status = 422

    def __init__(self, message: str, field: str, status: int | None = None) -> None:
        super().__init__(message, status)
        self.field = field


def field_of(refusal: DomainError) -> str | None:
    """The form field a refusal names, if any (an ``error_field`` for ``core.submit``)."""
    return getattr(refusal, "field", None)


def required_text(value: str | None, limit: int, *, missing: str, too_long: str) -> str:
    """``value`` without surrounding blanks; a 422 with ``missing`` when nothing is left, with
    ``too_long`` when it has more than ``limit`` characters."""
    text = (value or "").strip()
    if not text:
        raise DomainError(missing, status=422)
    if len(text) > limit:
        raise DomainError(too_long, status=422)
    return text


TITLES = {
    400: _l("Bad request"),
    403: _l("You cannot do this"),
    404: _l("Page not found"),
    405: _l("Method not allowed"),
    409: _l("This conflicts with the current state"),
    413: _l("What you sent is too large"),
    422: _l("Some fields need your attention"),
    429: _l("Too many requests"),
    500: _l("Something went wrong on our side"),
}
EXPLANATIONS = {
    400: _l(
        "The request could not be understood. If you were sending a form, reload it and try again."
    ),
    403: _l("Your account does not have permission to do this here."),
    404: _l("The page you are looking for does not exist or is not available to you."),
    405: _l("This address does not accept that kind of request."),
    409: _l("The action could not be completed because of the current state of the page."),
    413: _l("The file or text you sent is larger than allowed. Please send something smaller."),
    422: _l("Please check the fields marked below."),
    429: _l("You have made too many attempts in a short time. Please wait a moment and try again."),
    500: _l("The error has been recorded. Please try again in a few minutes."),
}


def render_error(status: int, message: object = None) -> ResponseReturnValue:
    if request.accept_mimetypes.best == "application/json" or request.path.startswith("/api/"):
        return jsonify(error=str(TITLES.get(status, status)), message=str(message or "")), status
    return (
        render_template(
            "errors/error.html",
            status=status,
            title=TITLES.get(status, TITLES[500]),
            explanation=message or EXPLANATIONS.get(status, EXPLANATIONS[500]),
        ),
        status,
    )


def _too_large_message() -> str:
    """The 413 explanation with the request limit, localized ("5 MB")."""
    from flask import current_app
    from flask_babel import gettext

    from participa.core.uploads import format_size

    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if not limit:
        return str(EXPLANATIONS[413])
    return str(
        gettext(
            "The file or text you sent is larger than allowed: up to %(size)s at a time. "
            "Please send something smaller.",
            size=format_size(limit),
        )
    )


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(exc: CSRFError) -> ResponseReturnValue:
        from flask_babel import gettext

        return render_error(
            400,
            gettext(
                "Your session expired or the form was sent twice. Reload the page and try again."
            ),
        )

    @app.errorhandler(DomainError)
    def _domain(exc: DomainError) -> ResponseReturnValue:
        # A refusal saves nothing; and one raised over a database error (a unique index that
        # said no) leaves a transaction the page's own reads would fail in.
        transactions.refused()
        return render_error(exc.status, exc.message)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> ResponseReturnValue:
        if exc.code is None or exc.code < 400:
            return exc
        if exc.response is not None:
            return exc.response  # a page made for this error, such as a rate limit's on_breach
        message = None
        if (
            exc.code in (403, 404, 409)
            and exc.description
            and exc.description != type(exc).description
        ):
            message = exc.description
        if exc.code == 413:
            message = _too_large_message()
        return render_error(exc.code, message)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> ResponseReturnValue:
        if isinstance(exc, HTTPException):
            return _http(exc)
        logger.exception("unhandled error on %s", request.path)
        transactions.failed()
        return render_error(500)
