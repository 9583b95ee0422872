"""Staff pages: create and edit drafts, publish versions (with review), decide, ask, respond."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from participa.core.authz import require
from participa.core.errors import DomainError
from participa.core.params import parse_int
from participa.core.submit import Rendered, actor, page, perform, submit
from participa.core.uploads import format_size
from participa.extensions import db
from participa.legislation import bp, loading, services
from participa.legislation.diffing import compare_sections
from participa.legislation.forms import (
    UPLOAD_MAX,
    DecisionForm,
    DraftForm,
    QuestionForm,
    ResponseForm,
    TextForm,
)
from participa.legislation.models import Amendment, AmendmentState, Draft, Section
from participa.legislation.parsing import ParseResult
from participa.legislation.views import amendment_url

if TYPE_CHECKING:
    from werkzeug.datastructures import MultiDict

    from participa.comments.models import Comment
    from participa.consultations.models import Consultation


def _consultations() -> list[Consultation]:
    from participa.consultations.models import Consultation

    return list(
        db.session.scalars(
            select(Consultation)
            .where(Consultation.municipality_id == g.municipality.id)
            .order_by(Consultation.title)
        )
    )


@bp.route("/new", methods=["GET", "POST"])
def create() -> Rendered:
    require("legislation.create", g.municipality)
    form = DraftForm(consultations=_consultations())
    return submit(
        form,
        lambda: services.create_draft(
            g.municipality, actor=actor(), data=form.draft_data(g.municipality.timezone)
        ),
        render=page("legislation/form.html", form=form, draft=None),
        then=lambda draft: url_for(".text", draft_id=draft.id),
        success=_("The draft has been created. Now add its text."),
        error_field="closes_at",
    )


@bp.route("/<int:draft_id>/edit", methods=["GET", "POST"])
def edit(draft_id: int) -> Rendered:
    draft = loading.draft_or_404(draft_id)
    require("legislation.manage", draft)
    form = DraftForm(obj=draft, consultations=_consultations())
    if request.method == "GET":
        form.fill_dates(draft, g.municipality.timezone)
    return submit(
        form,
        lambda: services.update_draft(
            draft, actor=actor(), data=form.draft_data(g.municipality.timezone)
        ),
        render=page("legislation/form.html", form=form, draft=draft),
        then=url_for(".detail", draft_id=draft.id),
        success=_("The draft has been saved."),
        error_field="closes_at",
    )


def _read_source(form: TextForm) -> str:
    upload = form.upload.data
    if upload and getattr(upload, "filename", ""):
        raw: bytes = upload.read(UPLOAD_MAX + 1)
        if len(raw) > UPLOAD_MAX:
            raise DomainError(
                _("The file is larger than %(size)s.", size=format_size(UPLOAD_MAX)), status=413
            )
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DomainError(_("The file must be UTF-8 text."), status=422) from None
    return form.source.data or ""


class _Candidates(TypedDict):
    amendments: list[Amendment]
    comments: list[Comment]


def _candidates(draft: Draft) -> dict[str, _Candidates]:
    """Per article key of the current text: its amendments and best comments, for provenance."""
    from participa.comments.models import Comment

    sections = services.sections_of(draft.current_version_id, articles_only=True)
    by_id = {s.id: s.key for s in sections}
    found: dict[str, _Candidates] = {
        key: {"amendments": [], "comments": []} for key in by_id.values()
    }
    if not by_id:
        return found
    for amendment in db.session.scalars(
        select(Amendment)
        .where(Amendment.section_id.in_(by_id), Amendment.state != AmendmentState.WITHDRAWN)
        .order_by(Amendment.supports_count.desc())
    ):
        found[by_id[amendment.section_id]]["amendments"].append(amendment)
    for comment in db.session.scalars(
        select(Comment)
        .where(
            Comment.commentable_type == "article",
            Comment.commentable_id.in_(by_id),
            Comment.parent_id.is_(None),
            Comment.deleted_at.is_(None),
            Comment.hidden_at.is_(None),
            Comment.pending_review.is_(False),
        )
        .order_by(Comment.score.desc(), Comment.id)
    ):
        bucket = found[by_id[comment.commentable_id]]["comments"]
        if len(bucket) < 10:
            bucket.append(comment)
    return found


def _provenance_from(form_data: MultiDict[str, str]) -> dict[str, list[tuple[str, int]]]:
    chosen: dict[str, list[tuple[str, int]]] = {}
    for raw in form_data.getlist("answers"):
        key, _sep, rest = raw.partition("|")
        kind, _sep, ident = rest.partition(":")
        number = parse_int(ident, min=1)
        if kind in ("amendment", "comment") and number is not None:
            chosen.setdefault(key, []).append((kind, number))
    return chosen


@bp.route("/<int:draft_id>/text", methods=["GET", "POST"])
def text(draft_id: int) -> Rendered:
    draft = loading.draft_or_404(draft_id)
    require("legislation.manage", draft)
    form = TextForm()
    if request.method == "GET":
        if request.args.get("start") == "amendments":
            form.source.data = services.source_with_accepted_amendments(draft)
        elif draft.current_version is not None:
            form.source.data = draft.current_version.source
    # Not core.submit: the text is checked and previewed first, then published on confirmation.
    if not form.validate_on_submit():
        return _text_page(form, draft, None, 422 if form.errors else 200)
    try:
        source = _read_source(form)
        result = services.check_source(source)
    except DomainError as exc:
        form.source.errors = [exc.message]
        return _text_page(form, draft, None, exc.status)
    form.source.data = source
    if form.confirm.data != "1":
        return _text_page(form, draft, result, 200)
    try:
        version = services.publish_version(
            draft, actor=actor(), source=source, change_note=form.change_note.data or "",
            provenance=_provenance_from(request.form),
        )  # fmt: skip
    except DomainError as exc:
        db.session.rollback()
        form.source.errors = [exc.message]
        return _text_page(form, draft, None, exc.status)
    services.announce_version(draft, version, actor=actor())
    db.session.commit()
    flash(_("Version %(n)s of the text has been published.", n=version.number), "success")
    return redirect(url_for(".detail", draft_id=draft.id))


def _text_page(form: TextForm, draft: Draft, result: ParseResult | None, status: int) -> Rendered:
    candidates: dict[str, _Candidates] = {}
    if result is not None and draft.current_version_id is not None:
        current = services.sections_of(draft.current_version_id)
        changes = [c for c in compare_sections(current, result.sections) if c.status != "same"]
        candidates = _candidates(draft)
    else:
        changes = []
    return (
        render_template(
            "legislation/text.html",
            form=form,
            draft=draft,
            result=result,
            changes=changes,
            candidates=candidates,
        ),
        status,
    )


@bp.post("/<int:draft_id>/publish", endpoint="publish")
def publish(draft_id: int) -> Rendered:
    draft = loading.draft_or_404(draft_id)
    require("legislation.manage", draft)
    return perform(
        lambda: services.publish_draft(draft, actor=actor()),
        then=url_for(".detail", draft_id=draft.id),
        success=_("The draft is public."),
    )


@bp.post("/<int:draft_id>/close", endpoint="close")
def close(draft_id: int) -> Rendered:
    draft = loading.draft_or_404(draft_id)
    require("legislation.manage", draft)
    return perform(
        lambda: services.close_draft(draft, actor=actor()),
        then=url_for(".report", draft_id=draft.id),
        success=_("Participation is closed; the report is now public."),
    )


@bp.route("/<int:draft_id>/amendments/<int:amendment_id>/decide", methods=["GET", "POST"])
def decide(draft_id: int, amendment_id: int) -> Rendered:
    draft = loading.draft_or_404(draft_id)
    amendment = loading.amendment_or_404(draft, amendment_id)
    require("legislation.decide_amendment", draft)
    form = DecisionForm()
    section = db.session.get(Section, amendment.section_id)
    return submit(
        form,
        lambda: services.decide_amendment(
            amendment, actor=actor(), accept=form.decision.data == "accept", note=form.note.data
        ),
        render=page(
            "legislation/decide.html", form=form, draft=draft, amendment=amendment, section=section
        ),
        then=amendment_url(amendment),
        success=_("The decision has been published."),
    )


@bp.route("/<int:draft_id>/questions", methods=["GET", "POST"])
def questions(draft_id: int) -> Rendered:
    draft = loading.draft_or_404(draft_id)
    require("legislation.manage", draft)
    form = QuestionForm()
    return submit(
        form,
        lambda: services.add_question(
            draft,
            actor=actor(),
            kind=form.kind.data,
            prompt=form.prompt.data,
            options=(form.options.data or "").splitlines(),
        ),
        render=lambda status: (
            render_template(
                "legislation/questions.html",
                form=form,
                draft=draft,
                questions=services.questions_of(draft),
            ),
            status,
        ),
        then=url_for(".questions", draft_id=draft.id),
        success=_("The question has been added."),
        error_field="options",
    )


@bp.route("/<int:draft_id>/response", methods=["GET", "POST"])
def response(draft_id: int) -> Rendered:
    draft = loading.draft_or_404(draft_id)
    require("legislation.respond", draft)
    form = ResponseForm(obj=draft)
    return submit(
        form,
        lambda: services.publish_response(draft, actor=actor(), text=form.response.data),
        render=page("legislation/response_form.html", form=form, draft=draft),
        then=url_for(".report", draft_id=draft.id) + "#response",
        success=_("The response has been published."),
    )
