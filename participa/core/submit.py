"""The one shape of a state-changing view.

Every form view runs: load → check permission → validate → service → commit or rollback →
flash → redirect, or re-render the form with the error and a 4xx status. Loading and the
permission check stay in the view (they differ); the rest is :func:`submit`. Buttons without
a form of their own (publish, remove) use :func:`act` when a refusal is flashed on the page
they come from, and :func:`perform` (or :func:`run`, which only commits) when it goes to the
error page with its status.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import flask_login
from flask import flash, redirect, render_template
from flask_login import current_user
from flask_wtf import FlaskForm

from participa.core.errors import DomainError
from participa.extensions import csrf, db

if TYPE_CHECKING:
    # Type-only imports: at run time the core imports no feature.
    from participa.accounts.models import User

T = TypeVar("T")
P = ParamSpec("P")
Rendered = Any  # what a view may return: a string, a (body, status) tuple, a Response
# The message to flash after a change, or a function of its result giving the message or a
# (message, category) pair.
Success = str | Callable[[Any], str | tuple[str, str] | None] | None
# Which refusals the page shows itself; the others go to the error page with their status.
Shown = Callable[[DomainError], bool] | None


def login_required(view: Callable[P, T]) -> Callable[P, T]:
    """``flask_login.login_required`` with the view's own type (flask-login ships none)."""
    guarded: Callable[P, T] = flask_login.login_required(view)
    return guarded


def csrf_exempt(view: Callable[P, T]) -> Callable[P, T]:
    """``csrf.exempt`` with the view's own type (flask-wtf ships none); returns ``view``."""
    exempted: Callable[P, T] = csrf.exempt(view)
    return exempted


def actor() -> User:
    """The signed-in person as a plain object (services take it explicitly)."""
    person: User = current_user._get_current_object()  # views call it after require()
    return person


def run(change: Callable[[], T]) -> T:
    """Run ``change`` and commit; a broken rule rolls back and answers with its status."""
    try:
        result = change()
    except DomainError:
        db.session.rollback()
        raise
    db.session.commit()
    return result


def page(template: str, /, **context: Any) -> Callable[[int], Rendered]:
    """A ``render`` for :func:`submit`: ``template`` with ``context``, answered with the status."""
    return lambda status: (render_template(template, **context), status)


def submit(
    form: FlaskForm,
    change: Callable[[], T],
    *,
    render: Callable[[int], Rendered],
    then: Callable[[T], str] | str,
    success: Success = None,
    error_field: str | Callable[[DomainError], str | None] | None = None,
    show_error: Callable[[DomainError], None] | None = None,
    shown: Shown = None,
) -> Rendered:
    """Validate ``form``, run ``change`` and commit, then flash ``success`` and redirect.

    ``render(status)`` shows the form again: 200 on first display, 422 when a field is
    invalid, the error's own status (409, 403, 413...) when the service refuses, with what the
    person typed kept. ``then`` is the address to go to, or a function of ``change``'s result.
    A refusal is attached to ``error_field`` (a field name, or a function choosing one), or
    shown above the form when there is none; ``show_error`` replaces both for pages that show
    it their own way (several fields, a list).
    """
    if not form.validate_on_submit():
        return render(422 if form.errors else 200)
    result, refusal = _attempt(change, shown)
    if refusal is not None:
        if show_error is not None:
            show_error(refusal)
        else:
            attach_error(form, refusal, error_field)
        return render(refusal.status)
    return _done(result, success, then)


def act(
    change: Callable[[], T],
    *,
    then: str,
    success: Success = None,
    shown: Shown = None,
    refused_code: int = 302,
) -> Rendered:
    """Run a button's ``change`` and commit, then flash ``success`` and go to ``then``.

    A refusal is rolled back and flashed as an error on the way back to ``then``.
    """
    result, refusal = _attempt(change, shown)
    if refusal is not None:
        flash(refusal.message, "error")
        return redirect(then, refused_code)
    return _done(result, success, then)


def perform(
    change: Callable[[], T], *, then: Callable[[T], str] | str, success: Success
) -> Rendered:
    """Run a button's ``change`` and commit, then flash ``success`` and go to ``then``.

    A refusal is rolled back and answered with its own status, as :func:`run` does.
    """
    result, _ = _attempt(change, lambda refusal: False)
    return _done(result, success, then)


def _attempt(change: Callable[[], Any], shown: Shown) -> tuple[Any, DomainError | None]:
    """Run ``change``: its result, or its refusal rolled back (raised when the page shows none)."""
    try:
        return change(), None
    except DomainError as exc:
        db.session.rollback()
        if shown is not None and not shown(exc):
            raise
        return None, exc


def _done(result: Any, success: Success, then: Callable[[Any], str] | str) -> Rendered:
    """Commit the change, flash ``success`` and go to ``then`` (or ``then(result)``)."""
    db.session.commit()
    message = success(result) if callable(success) else success
    if isinstance(message, tuple):
        flash(*message)
    elif message:
        flash(message, "success")
    return redirect(then(result) if callable(then) else then)


def attach_error(
    form: FlaskForm,
    exc: DomainError,
    error_field: str | Callable[[DomainError], str | None] | None = None,
) -> None:
    """Show a service's refusal on the field it concerns, or on the whole form."""
    name = error_field(exc) if callable(error_field) else error_field
    field = form._fields.get(name) if name else None
    if field is not None:
        field.errors = [*field.errors, exc.message]
    else:
        form.form_errors.append(exc.message)
