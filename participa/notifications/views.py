"""Notification list, preferences, follows and one-click unsubscribe."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participa.core.authz import require
from participa.core.pagination import paginate
from participa.core.security import is_safe_next
from participa.core.submit import Rendered, actor, csrf_exempt, login_required, page, run, submit
from participa.extensions import db
from participa.notifications import bp
from participa.notifications import preferences as email_preferences
from participa.notifications import services as notifications
from participa.notifications.forms import PreferencesForm

if TYPE_CHECKING:
    from werkzeug.wrappers import Response as BaseResponse

    from participa.accounts.models import User

logger = logging.getLogger(__name__)
PER_PAGE = 20


# flask-login and flask-wtf ship no type information: their decorators, typed. Both return a view
# that takes and gives what ``view`` does.
@bp.app_context_processor
def _notification_globals() -> dict[str, Any]:
    def unread_notifications_count() -> int:
        # Lazy: one COUNT query, only when a template asks and only for signed-in people.
        if not current_user.is_authenticated:
            return 0
        if "_unread_notifications" not in g:
            g._unread_notifications = notifications.unread_count(current_user)
        count: int = g._unread_notifications
        return count

    return {"unread_notifications_count": unread_notifications_count}


bp.add_app_template_global(notifications.followable_kind, "followable_kind")


@bp.get("/", endpoint="list")
@login_required
def list_notifications() -> Rendered:
    page = paginate(notifications.notifications_query(current_user), per_page=PER_PAGE)
    # This page lies outside any municipality: show each time in its municipality's zone.
    zones = notifications.time_zones(page.items)
    return render_template("notifications/list.html", page=page, zones=zones)


@bp.get("/<int:notification_id>", endpoint="open")
@login_required
def open_notification(notification_id: int) -> Rendered:
    notification = notifications.get_notification(current_user, notification_id)
    if notification is None:
        abort(404)
    notifications.mark_read(notification)
    db.session.commit()
    if is_safe_next(notification.url):
        return redirect(notification.url)
    logger.warning("notification %s has an unsafe url; not following it", notification.id)
    flash(_("This notification's link is not available."), "info")
    return redirect(url_for("notifications.list"))


@bp.post("/read", endpoint="mark_all_read")
@login_required
def mark_all_read() -> Rendered:
    count = run(lambda: notifications.mark_all_read(actor()))
    if count:
        flash(_("All notifications marked as read."), "success")
    return redirect(url_for("notifications.list"))


@bp.route("/preferences", methods=["GET", "POST"], endpoint="preferences")
@login_required
def preferences() -> Rendered:
    form = PreferencesForm()
    if request.method == "GET":
        form.email_mode.data = email_preferences.email_mode_of(current_user)
    return submit(
        form,
        lambda: email_preferences.set_email_mode(actor(), form.email_mode.data),
        render=page("notifications/preferences.html", form=form),
        then=url_for("notifications.preferences"),
        success=_("Your notification preferences were saved."),
    )


def _load_followable(kind: str, target_id: int) -> tuple[notifications.Followable, Any]:
    from participa.municipalities.models import Municipality

    entry = notifications.followable(kind)
    if entry is None:
        abort(404)
    target = db.session.get(entry.model, target_id)
    if target is None:
        abort(404)
    municipality_id = getattr(target, "municipality_id", None)
    if municipality_id is not None:
        municipality = db.session.get(Municipality, municipality_id)
        if municipality is None or municipality.is_archived:
            abort(404)
    if entry.visible is not None and not entry.visible(current_user, target):
        abort(404)
    return entry, target


def _back(entry: notifications.Followable, target: Any) -> BaseResponse:
    target_url = request.form.get("next")
    if not is_safe_next(target_url):
        target_url = entry.url(target)
    return redirect(target_url)


def _change_following(
    kind: str, target_id: int, change: Callable[[User, Any], None], message: str
) -> Rendered:
    entry, target = _load_followable(kind, target_id)
    require("notifications.follow", target)
    run(lambda: change(actor(), target))
    flash(message, "success")
    return _back(entry, target)


@bp.post("/follow/<kind>/<int:target_id>", endpoint="follow")
def follow(kind: str, target_id: int) -> Rendered:
    message = _("You are following this. We will notify you of news.")
    return _change_following(kind, target_id, notifications.follow, message)


@bp.post("/unfollow/<kind>/<int:target_id>", endpoint="unfollow")
def unfollow(kind: str, target_id: int) -> Rendered:
    message = _("You no longer follow this.")
    return _change_following(kind, target_id, notifications.unfollow, message)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"], endpoint="unsubscribe")
@csrf_exempt  # RFC 8058 one-click POSTs come from mail clients; the signed token protects it.
def unsubscribe(token: str) -> Rendered:
    user = email_preferences.user_from_unsubscribe_token(token)
    if user is None:
        abort(400, _("This unsubscribe link is not valid."))
    if request.method == "POST":
        email_preferences.set_email_mode(user, "none")
        db.session.commit()
        logger.info("user %s unsubscribed from notification e-mails", user.id)
        return render_template("notifications/unsubscribe.html", token=token, done=True)
    return render_template("notifications/unsubscribe.html", token=token, done=False)
