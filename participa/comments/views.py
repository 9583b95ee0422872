"""Thin routes: post, reply, edit, delete and vote; every rule is in the services."""

from __future__ import annotations

import logging

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user

from participa.comments import bp, registry, services
from participa.comments.forms import VOTE_VALUES, CommentForm, EditForm, ReplyForm
from participa.comments.models import Comment
from participa.comments.threads import thread_for_request
from participa.core.authz import require
from participa.core.errors import DomainError
from participa.core.tenancy import get_or_404
from participa.extensions import db, limiter

logger = logging.getLogger(__name__)


def _actor():
    return current_user._get_current_object()


def _person_key() -> str:
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"ip:{get_remote_address()}"


def _limit(name: str, default: str):
    return lambda: current_app.config.get(name, default)


post_limit = limiter.shared_limit(
    _limit("COMMENT_RATE_LIMIT", "10 per minute;100 per day"),
    scope="comments-post",
    key_func=_person_key,
)
post_ip_limit = limiter.shared_limit(
    _limit("COMMENT_IP_RATE_LIMIT", "30 per minute;500 per day"),
    scope="comments-post-ip",
    key_func=get_remote_address,
)
vote_limit = limiter.limit(
    _limit("COMMENT_VOTE_RATE_LIMIT", "60 per minute;1000 per day"), key_func=_person_key
)


def _back(comment: Comment):
    return redirect(services.comment_url(comment))


def _form_page(
    form,
    *,
    action: str,
    back: str,
    status: int,
    message: str | None = None,
    title: str | None = None,
    comment: Comment | None = None,
):
    return (
        render_template(
            "comments/form.html",
            form=form,
            action=action,
            back=back,
            message=message,
            title=title or _("Your comment"),
            comment=comment,
        ),
        status,
    )


def _published(comment: Comment) -> None:
    if comment.pending_review:
        flash(_("Thank you. Your comment will be shown once a moderator approves it."), "info")
    else:
        flash(_("Your comment has been published."), "success")


@bp.get("/<kind>/<int:target_id>/")
def list(kind: str, target_id: int):
    target = registry.get_commentable(kind, target_id)
    thread = thread_for_request(target, kind, current_user)
    return render_template("comments/list.html", thread=thread)


@bp.post("/<kind>/<int:target_id>/")
@post_limit
@post_ip_limit
def create(kind: str, target_id: int):
    target = registry.get_commentable(kind, target_id)
    require("comments.participate", target)
    form = CommentForm()
    action = url_for(".create", kind=kind, target_id=target_id)
    back = registry.commentable(kind).url(target)
    if not form.validate_on_submit():
        return _form_page(form, action=action, back=back, status=422)
    try:
        comment = services.post_comment(
            kind,
            target,
            author=_actor(),
            body=form.body.data,
            alignment=form.alignment.data,
            honeypot=form.website.data,
        )
    except DomainError as exc:
        db.session.rollback()
        return _form_page(form, action=action, back=back, status=exc.status, message=exc.message)
    db.session.commit()
    _published(comment)
    return _back(comment)


@bp.post("/<int:comment_id>/reply")
@post_limit
@post_ip_limit
def reply(comment_id: int):
    parent = get_or_404(Comment, comment_id)
    require("comments.participate", parent)
    form = ReplyForm()
    action = url_for(".reply", comment_id=parent.id)
    back = services.comment_url(parent)
    title = _("Your reply")
    if not form.validate_on_submit():
        return _form_page(form, action=action, back=back, status=422, title=title)
    try:
        comment = services.reply_to(
            parent, author=_actor(), body=form.body.data, honeypot=form.website.data
        )
    except DomainError as exc:
        db.session.rollback()
        return _form_page(
            form, action=action, back=back, status=exc.status, message=exc.message, title=title
        )
    db.session.commit()
    _published(comment)
    return _back(comment)


@bp.route("/<int:comment_id>/edit", methods=["GET", "POST"])
def edit(comment_id: int):
    comment = get_or_404(Comment, comment_id)
    require("comments.edit", comment)
    form = EditForm(obj=comment)
    if comment.depth > 0:
        del form.alignment
    action = url_for(".edit", comment_id=comment.id)
    back = services.comment_url(comment)
    title = _("Edit your comment")
    if request.method == "GET":
        return _form_page(form, action=action, back=back, status=200, title=title, comment=comment)
    if not form.validate_on_submit():
        return _form_page(form, action=action, back=back, status=422, title=title, comment=comment)
    try:
        services.edit_comment(
            comment,
            actor=_actor(),
            body=form.body.data,
            alignment=form.alignment.data if "alignment" in form else None,
        )
    except DomainError as exc:
        db.session.rollback()
        return _form_page(
            form,
            action=action,
            back=back,
            status=exc.status,
            message=exc.message,
            title=title,
            comment=comment,
        )
    db.session.commit()
    flash(_("Your comment has been updated."), "success")
    return _back(comment)


@bp.post("/<int:comment_id>/delete")
def delete(comment_id: int):
    comment = get_or_404(Comment, comment_id)
    require("comments.delete", comment)
    services.delete_comment(comment, actor=_actor())
    db.session.commit()
    flash(_("Your comment has been deleted."), "success")
    return _back(comment)


@bp.post("/<int:comment_id>/vote")
@vote_limit
def vote(comment_id: int):
    comment = get_or_404(Comment, comment_id)
    require("comments.participate", comment)
    value = VOTE_VALUES.get(request.form.get("value", ""))
    if value is None:
        raise DomainError(_("Unknown vote."), status=422)
    target = services.target_of(comment)
    services.ensure_can_comment(_actor(), comment.commentable_type, target)
    services.vote_comment(comment, voter=_actor(), value=value)
    db.session.commit()
    return _back(comment)
