"""Thin routes: post, reply, edit, delete and vote; every rule is in the services."""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user
from flask_wtf import FlaskForm

from participa.comments import bp, registry, services
from participa.comments.forms import VOTE_VALUES, CommentForm, EditForm, ReplyForm
from participa.comments.models import Comment
from participa.core.authz import require
from participa.core.errors import DomainError
from participa.core.ratelimits import configured, person_key
from participa.core.submit import Rendered, actor, page, run, submit
from participa.core.tenancy import get_or_404
from participa.extensions import limiter

logger = logging.getLogger(__name__)


post_limit = limiter.shared_limit(
    configured("COMMENT_RATE_LIMIT", "10 per minute;100 per day"),
    scope="comments-post",
    key_func=person_key,
)
post_ip_limit = limiter.shared_limit(
    configured("COMMENT_IP_RATE_LIMIT", "30 per minute;500 per day"),
    scope="comments-post-ip",
    key_func=get_remote_address,
)
vote_limit = limiter.limit(
    configured("COMMENT_VOTE_RATE_LIMIT", "60 per minute;1000 per day"), key_func=person_key
)


def _back(comment: Comment) -> Rendered:
    return redirect(services.comment_url(comment))


def _form_page(
    form: FlaskForm,
    *,
    action: str,
    back: str,
    title: str | None = None,
    comment: Comment | None = None,
) -> Callable[[int], Rendered]:
    return page(
        "comments/form.html",
        form=form,
        action=action,
        back=back,
        title=title or _("Your comment"),
        comment=comment,
    )


def _published(comment: Comment) -> tuple[str, str]:
    if comment.pending_review:
        return _("Thank you. Your comment will be shown once a moderator approves it."), "info"
    return _("Your comment has been published."), "success"


@bp.get("/<kind>/<int:target_id>/")
def list(kind: str, target_id: int) -> Rendered:
    target = registry.get_commentable(kind, target_id)
    thread = services.thread_for(target, kind, current_user)
    return render_template("comments/list.html", thread=thread)


@bp.post("/<kind>/<int:target_id>/")
@post_limit
@post_ip_limit
def create(kind: str, target_id: int) -> Rendered:
    target = registry.get_commentable(kind, target_id)
    require("comments.participate", target)
    form = CommentForm()
    return submit(
        form,
        lambda: services.post_comment(
            kind,
            target,
            author=actor(),
            body=form.body.data,
            alignment=form.alignment.data,
            honeypot=form.website.data,
        ),
        render=_form_page(
            form,
            action=url_for(".create", kind=kind, target_id=target_id),
            back=registry.commentable(kind).url(target),
        ),
        then=services.comment_url,
        success=_published,
    )


@bp.post("/<int:comment_id>/reply")
@post_limit
@post_ip_limit
def reply(comment_id: int) -> Rendered:
    parent = get_or_404(Comment, comment_id)
    require("comments.participate", parent)
    form = ReplyForm()
    return submit(
        form,
        lambda: services.reply_to(
            parent, author=actor(), body=form.body.data, honeypot=form.website.data
        ),
        render=_form_page(
            form,
            action=url_for(".reply", comment_id=parent.id),
            back=services.comment_url(parent),
            title=_("Your reply"),
        ),
        then=services.comment_url,
        success=_published,
    )


@bp.route("/<int:comment_id>/edit", methods=["GET", "POST"])
def edit(comment_id: int) -> Rendered:
    comment = get_or_404(Comment, comment_id)
    require("comments.edit", comment)
    form = EditForm(obj=comment)
    if comment.depth > 0:
        del form.alignment
    return submit(
        form,
        lambda: services.edit_comment(
            comment,
            actor=actor(),
            body=form.body.data,
            alignment=form.alignment.data if "alignment" in form else None,
        ),
        render=_form_page(
            form,
            action=url_for(".edit", comment_id=comment.id),
            back=services.comment_url(comment),
            title=_("Edit your comment"),
            comment=comment,
        ),
        then=lambda _edited: services.comment_url(comment),
        success=_("Your comment has been updated."),
    )


@bp.post("/<int:comment_id>/delete")
def delete(comment_id: int) -> Rendered:
    comment = get_or_404(Comment, comment_id)
    require("comments.delete", comment)
    run(lambda: services.delete_comment(comment, actor=actor()))
    flash(_("Your comment has been deleted."), "success")
    return _back(comment)


@bp.post("/<int:comment_id>/vote")
@vote_limit
def vote(comment_id: int) -> Rendered:
    comment = get_or_404(Comment, comment_id)
    require("comments.participate", comment)
    value = VOTE_VALUES.get(request.form.get("value", ""))
    if value is None:
        raise DomainError(_("Unknown vote."), status=422)
    target = services.target_of(comment)
    services.ensure_can_comment(actor(), comment.commentable_type, target)
    run(lambda: services.vote_comment(comment, voter=actor(), value=value))
    return _back(comment)
