"""Account pages: sign-up, login, confirmation, password reset, profile, export, deletion."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from participa.accounts import bp, personal_export, services
from participa.accounts.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    DeleteAccountForm,
    EmailOnlyForm,
    LoginForm,
    ProfileForm,
    ResetPasswordForm,
    SignupForm,
)
from participa.accounts.sections import sections_for
from participa.accounts.tokens import TokenError
from participa.core import exports, jobs
from participa.core.authz import require
from participa.core.errors import field_of
from participa.core.models import JobStatus
from participa.core.ratelimits import person_key
from participa.core.security import is_safe_next
from participa.core.submit import Rendered, page, submit
from participa.extensions import db, limiter

if TYPE_CHECKING:
    from flask_limiter import RouteLimit
    from flask_wtf import FlaskForm

    from participa.accounts.models import User
    from participa.core.submit import Success

logger = logging.getLogger(__name__)


def _limit(setting: str) -> RouteLimit:
    return limiter.limit(lambda: current_app.config[setting], methods=["POST"])


def _typed_address() -> str:
    return services.normalize_email(request.form.get("email"))


def _address_key() -> str:
    # Keyed by the address typed, not by the client, so rotating IP addresses buys nothing; only
    # a keyed digest reaches the limit storage, never the address itself.
    key = current_app.config["SECRET_KEY"].encode()
    return "address:" + hmac.new(key, _typed_address().encode(), hashlib.sha256).hexdigest()[:32]


# Only mails really sent count (a redirect to the inbox page), whichever form sent them.
_mail_to_address_limit = limiter.shared_limit(
    lambda: current_app.config["RATELIMIT_ADDRESS"],
    scope="mail-to-address",
    key_func=_address_key,
    methods=["POST"],
    exempt_when=lambda: not _typed_address(),
    deduct_when=lambda response: response.status_code == 302,
)
# Only failed attempts count, so that a person who types their password right is never held back.
_login_account_limit = limiter.limit(
    lambda: current_app.config["RATELIMIT_LOGIN_ACCOUNT"],
    key_func=_address_key,
    methods=["POST"],
    exempt_when=lambda: not _typed_address(),
    deduct_when=lambda response: response.status_code == 422,
)
# Pages that check the password of the signed-in person: a stolen session must not be able to
# guess the password from many addresses.
_password_check_limit = limiter.limit(
    lambda: current_app.config["RATELIMIT_LOGIN"], key_func=person_key, methods=["POST"]
)


def _stay_logged_in(user: User) -> None:
    """Log this browser back in after the session token changed, keeping "remember me"."""
    remember_cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    login_user(user, remember=remember_cookie in request.cookies)


def _form_page(template: str, form: FlaskForm, **context: Any) -> Rendered:
    """Render a form page: 422 when it was sent and needs fixing, 200 otherwise."""
    status = 422 if form.is_submitted() else 200
    return render_template(template, form=form, **context), status


def _account_form(
    template: str,
    form: FlaskForm,
    change: Callable[[], object],
    *,
    then: str,
    success: Success = None,
    **context: Any,
) -> Rendered:
    """An account form through core.submit; a broken rule shows on the field it names."""
    return submit(
        form,
        change,
        render=page(template, form=form, **context),
        then=then,
        success=success,
        error_field=field_of,
    )


def _token_invalid(exc: TokenError, retry_endpoint: str, retry_label: str) -> tuple[str, int]:
    return (
        render_template(
            "accounts/token_invalid.html",
            expired=exc.expired,
            retry_url=url_for(retry_endpoint),
            retry_label=retry_label,
        ),
        400,
    )


def _next_target(default: str) -> str:
    target = request.values.get("next")
    return target if is_safe_next(target) else default


# Sign-up and confirmation ----------------------------------------------------------------------


@bp.route("/signup", methods=["GET", "POST"])
@_limit("RATELIMIT_SIGNUP")
@_mail_to_address_limit
def signup() -> Rendered:
    if current_user.is_authenticated:
        return redirect(url_for(".profile"))
    form = SignupForm()

    def register() -> User | None:
        if form.website.data:
            # A bot filled the hidden field: answer like a success, create nothing.
            logger.info("sign-up honeypot filled from %s", request.remote_addr)
            return None
        return services.register_user(
            form.email.data,
            form.password.data,
            form.display_name.data,
            form.accept_terms.data,
            str(get_locale()),
        )

    return _account_form("accounts/signup.html", form, register, then=url_for(".check_inbox"))


@bp.get("/check-inbox")
def check_inbox() -> Rendered:
    return render_template("accounts/check_inbox.html")


@bp.get("/confirm/<token>")
def confirm(token: str) -> Rendered:
    try:
        user, first_use = services.confirm_email(token)
    except TokenError as exc:
        return _token_invalid(exc, ".resend_confirmation", _("Send me a new confirmation link"))
    if current_user.is_authenticated:
        # A link never swaps the account this browser is logged in with.
        db.session.commit()
        flash(_("Thank you, your e-mail address is confirmed."), "success")
        return redirect(_next_target(url_for(".profile")))
    if not first_use:
        # A used link is no key: whoever finds it in a mailbox later must log in.
        flash(_("Your e-mail address is already confirmed. Log in to continue."), "info")
        return redirect(url_for(".login"))
    # The unused link proves the person reads this mailbox, as a password reset link does.
    login_user(user)
    services.record_login(user)
    db.session.commit()
    flash(
        _(
            "Thank you, your e-mail address is confirmed and you are now logged in as %(email)s.",
            email=user.email,
        ),
        "success",
    )
    return redirect(_next_target(url_for(".profile")))


@bp.route("/confirm", methods=["GET", "POST"])
@_limit("RATELIMIT_RESET")
@_mail_to_address_limit
def resend_confirmation() -> Rendered:
    form = EmailOnlyForm()
    if request.method == "GET" and current_user.is_authenticated:
        form.email.data = current_user.email
    return _account_form(
        "accounts/resend_confirmation.html",
        form,
        lambda: services.resend_confirmation(form.email.data),
        then=url_for(".check_inbox"),
    )


# Login and logout ------------------------------------------------------------------------------


@bp.route("/login", methods=["GET", "POST"])
@_limit("RATELIMIT_LOGIN")
@_login_account_limit
def login() -> Rendered:
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if current_user.is_authenticated and request.method == "GET":
        return redirect(_next_target(url_for("site.home")))
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            # One message for unknown address and wrong password: no account enumeration.
            form.password.errors = [_("The e-mail address or the password is not correct.")]
            return _form_page("accounts/login.html", form)
        login_user(user, remember=form.remember.data)
        services.record_login(user)
        db.session.commit()
        if user.is_confirmed:
            flash(_("Welcome back, %(name)s.", name=user.display_name), "success")
        else:
            flash(
                _(
                    "Your e-mail address is not confirmed yet. Follow the link we sent you, or ask "
                    "for a new one from your account page."
                ),
                "info",
            )
        return redirect(_next_target(url_for("site.home")))
    return _form_page("accounts/login.html", form)


@bp.post("/logout")
def logout() -> Rendered:
    if current_user.is_authenticated:
        # Forgetting the cookie in this browser is not enough: a copy of it, or of the
        # "remember me" cookie, must stop working too.
        services.end_sessions(current_user._get_current_object())
        db.session.commit()
    logout_user()
    flash(_("You have logged out on this device and on every other one."), "info")
    return redirect(url_for("site.home"))


# Forgotten password ----------------------------------------------------------------------------


@bp.route("/forgot", methods=["GET", "POST"])
@_limit("RATELIMIT_RESET")
@_mail_to_address_limit
def forgot_password() -> Rendered:
    form = EmailOnlyForm()
    return _account_form(
        "accounts/forgot_password.html",
        form,
        lambda: services.request_password_reset(form.email.data),
        then=url_for(".check_inbox"),
    )


@bp.route("/reset/<token>", methods=["GET", "POST"])
@_limit("RATELIMIT_RESET")
def reset_password(token: str) -> Rendered:
    try:
        user = services.user_for_reset(token)
    except TokenError as exc:
        return _token_invalid(exc, ".forgot_password", _("Ask for a new link"))
    form = ResetPasswordForm(account=user)

    def reset() -> None:
        services.reset_password(token, form.password.data)
        logout_user()  # whoever was logged in here, that session token is stale now

    try:
        return _account_form(
            "accounts/reset_password.html",
            form,
            reset,
            then=url_for(".login"),
            success=_("Your password has been changed. You can log in with it now."),
        )
    except TokenError as exc:
        return _token_invalid(exc, ".forgot_password", _("Ask for a new link"))


# The person's own account ----------------------------------------------------------------------


@bp.route("/", methods=["GET", "POST"])
def profile() -> Rendered:
    require("accounts.edit_profile", current_user)
    user: User = current_user._get_current_object()
    form = ProfileForm(obj=user)
    return _account_form(
        "accounts/profile.html",
        form,
        lambda: services.update_profile(
            user, display_name=form.display_name.data, bio=form.bio.data, locale=form.locale.data
        ),
        then=url_for(".profile"),
        success=_("Your profile has been saved."),
        **_profile_context(user),
    )


def _profile_context(user: User) -> dict[str, object]:
    return {"account_sections": sections_for(user)}


@bp.route("/email", methods=["GET", "POST"])
@_limit("RATELIMIT_LOGIN")
@_password_check_limit
def change_email() -> Rendered:
    require("accounts.change_email", current_user)
    form = ChangeEmailForm()
    return _account_form(
        "accounts/change_email.html",
        form,
        lambda: services.request_email_change(
            current_user, form.new_email.data, form.password.data
        ),
        then=url_for(".profile"),
        success=lambda _result: (
            _(
                "We have sent a confirmation link to %(email)s. Your address changes when you "
                "follow it.",
                email=form.new_email.data.strip().lower(),
            ),
            "info",
        ),
    )


@bp.get("/email/<token>")
def confirm_email_change(token: str) -> Rendered:
    # Read before the change: afterwards this browser's session token is stale too.
    viewer = current_user._get_current_object()
    try:
        user = services.confirm_email_change(token)
    except TokenError as exc:
        return _token_invalid(exc, ".change_email", _("Ask for a new link"))
    db.session.commit()
    if viewer.is_authenticated and viewer.id == user.id:
        _stay_logged_in(user)
        flash(
            _("Your e-mail address has been changed. Other devices have been logged out."),
            "success",
        )
    else:
        flash(_("Your e-mail address has been changed. Log in with the new address."), "success")
    return redirect(url_for(".profile"))


@bp.route("/password", methods=["GET", "POST"])
@_limit("RATELIMIT_LOGIN")
@_password_check_limit
def change_password() -> Rendered:
    require("accounts.change_password", current_user)
    user: User = current_user._get_current_object()
    form = ChangePasswordForm(account=user)

    def change() -> None:
        services.change_password(user, form.current_password.data, form.new_password.data)
        # The session token changed: log this session back in, the others are gone.
        _stay_logged_in(user)

    return _account_form(
        "accounts/change_password.html",
        form,
        change,
        then=url_for(".profile"),
        success=_("Your password has been changed. Other devices have been logged out."),
    )


@bp.get("/export.json")
def export() -> Rendered:
    require("accounts.export", current_user)
    user: User = current_user._get_current_object()
    record = personal_export.prepare_if_large(user)
    if record is None:
        data = services.export_data(current_user)
        return _personal_file(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    # Much data: built by the worker, and the person is told in-app when it is ready.
    db.session.commit()
    if record.status == JobStatus.QUEUED and not jobs.is_queued():
        record = exports.run_now(record)  # no worker: build it now, as the download did
    body = exports.read(record) if exports.is_ready(record) else None
    if body is None:
        return exports.waiting(
            record, title=_("Preparing your data"), back=url_for(".profile"),
            note=_("You will also get a notification when it is ready."),
        )  # fmt: skip
    return _personal_file(body)


@bp.get("/exports/<int:file_id>")
def prepared_export(file_id: int) -> Rendered:
    require("accounts.export", current_user)
    record = personal_export.owned_or_none(current_user._get_current_object(), file_id)
    body = exports.read(record) if record is not None else None
    if body is None:
        abort(404)  # someone else's, expired or never made: as if it did not exist
    return _personal_file(body)


def _personal_file(body: str | bytes) -> Response:
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": f"attachment; filename={personal_export.FILENAME}",
            "Cache-Control": "no-store",
        },
    )


@bp.route("/delete", methods=["GET", "POST"])
@_limit("RATELIMIT_LOGIN")
@_password_check_limit
def delete() -> Rendered:
    require("accounts.delete", current_user)
    user: User = current_user._get_current_object()
    form = DeleteAccountForm()

    def erase() -> None:
        services.delete_account(user, form.password.data)
        logout_user()

    return _account_form(
        "accounts/delete.html",
        form,
        erase,
        then=url_for("site.home"),
        success=_("Your account has been deleted and your personal data erased."),
    )
