"""Public and participation pages of a draft: read, vote, comment on passages, amend, answer."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from participa.comments.services import thread_for
from participa.core.authz import can, require
from participa.core.errors import DomainError
from participa.core.params import int_arg, parse_int
from participa.core.related import linked_probes
from participa.core.security import is_safe_next
from participa.core.submit import Rendered, actor, perform, run, submit
from participa.core.tenancy import scoped
from participa.core.viewer import prefetch
from participa.extensions import db
from participa.legislation import bp, loading, participation, services
from participa.legislation import passages as passage_text
from participa.legislation.diffing import word_diff
from participa.legislation.forms import AmendmentForm, PassageForm, kind_labels, vote_labels
from participa.legislation.models import (
    DRAFT_KIND,
    Amendment,
    Draft,
    DraftStatus,
    Passage,
    Section,
    SectionSource,
)

if TYPE_CHECKING:
    from werkzeug.wrappers import Response

    from participa.comments.models import Comment

logger = logging.getLogger(__name__)


def _back(default: str) -> Response:
    target = request.form.get("next") or request.args.get("next")
    return redirect(target if is_safe_next(target) else default)


def amendment_url(amendment: Amendment) -> str:
    """Where an amendment is shown: under its article, on that article's page."""
    return (
        url_for(".article", draft_id=amendment.draft_id, section_id=amendment.section_id)
        + f"#amendment-{amendment.id}"
    )


def _labels() -> dict[str, dict[str, str]]:
    return {"kind_labels": kind_labels(), "vote_labels": vote_labels()}


@bp.get("/", endpoint="list")
def draft_list() -> Rendered:
    query = scoped(Draft).order_by(Draft.created_at.desc(), Draft.id.desc())
    if not can(current_user, "legislation.manage", g.municipality):
        query = query.where(Draft.status != DraftStatus.DRAFT)
    drafts = list(db.session.scalars(query.limit(200)))
    return render_template("legislation/list.html", drafts=drafts, **_labels())


@bp.get("/<int:draft_id>")
def detail(draft_id: int) -> Rendered:
    draft = loading.draft_or_404(draft_id)
    sections = services.sections_of(draft.current_version_id)
    ids = [s.id for s in sections]
    passages = participation.passages_of(ids)
    questions = services.questions_of(draft)
    from participa.notifications.services import following_probe, is_following

    # What the follow button and the linked features' sections (documents, events) will ask,
    # in one round trip.
    prefetch(following_probe(current_user, draft), *linked_probes(DRAFT_KIND, draft.id))
    version = draft.current_version
    return render_template(
        "legislation/detail.html",
        draft=draft,
        version=version,
        sections=sections,
        rendered={
            s.id: passage_text.highlight(s.body, passages.get(s.id, []))[0] for s in sections
        },
        my_votes=participation.votes_of(current_user, ids),
        # The first version has no earlier wording.
        vote_history=loading.vote_history(sections) if version and version.number > 1 else {},
        amendment_counts=loading.amendment_counts(ids),
        questions=questions,
        my_answers=participation.answers_of(current_user, [q.id for q in questions]),
        may_participate=can(current_user, "legislation.participate", draft),
        following=is_following(current_user, draft),
        **_labels(),
    )


def _article_page(
    draft: Draft,
    section: Section,
    *,
    amendment_form: AmendmentForm | None = None,
    passage_form: PassageForm | None = None,
    status: int = 200,
) -> Rendered:
    passages = participation.passages_of([section.id]).get(section.id, [])
    body, lost = passage_text.highlight(section.body, passages)
    amendments = loading.amendments_of(section)
    passage_form = passage_form or PassageForm(formdata=None)
    passage_form.sentence.choices = [
        (f"{s.start}-{s.end}", s.text) for s in passage_text.sentences(section.body)
    ]
    sources = loading.sources_of([section.id]).get(section.id, [])
    return (
        render_template(
            "legislation/article.html",
            draft=draft,
            section=section,
            body=body,
            passages=passages,
            lost_passages=set(lost),
            amendments=amendments,
            diffs={a.id: word_diff(section.body, a.text) for a in amendments},
            supported=participation.supported_ids(current_user, [a.id for a in amendments]),
            my_vote=participation.votes_of(current_user, [section.id]).get(section.id),
            vote_history=loading.vote_history([section]).get(section.id, []),
            is_current=section.version_id == draft.current_version_id,
            thread=thread_for(section, "article", current_user),
            amendment_form=amendment_form or AmendmentForm(formdata=None, text=section.body),
            passage_form=passage_form,
            sources=sources,
            may_participate=can(current_user, "legislation.participate", draft),
            **_labels(),
        ),
        status,
    )


@bp.get("/<int:draft_id>/articles/<int:section_id>", endpoint="article")
def article(draft_id: int, section_id: int) -> Rendered:
    draft = loading.draft_or_404(draft_id)
    return _article_page(draft, loading.section_or_404(draft, section_id))


@bp.post("/<int:draft_id>/articles/<int:section_id>/vote", endpoint="vote")
def vote(draft_id: int, section_id: int) -> Rendered:
    draft = loading.draft_or_404(draft_id)
    section = loading.section_or_404(draft, section_id)
    require("legislation.participate", draft)
    value = request.form.get("value", "")
    # Built before the commit, which expires the draft and the article it names.
    back = url_for(".detail", draft_id=draft_id) + f"#section-{section.key}"
    run(lambda: participation.cast_vote(draft, section, voter=actor(), value=value))
    flash(_("Your vote has been recorded. You can change it until the draft closes."), "success")
    return _back(back)


@bp.post("/<int:draft_id>/articles/<int:section_id>/amendments", endpoint="amend")
def amend(draft_id: int, section_id: int) -> Rendered:
    draft = loading.draft_or_404(draft_id)
    section = loading.section_or_404(draft, section_id)
    require("legislation.participate", draft)
    form = AmendmentForm()
    return submit(
        form,
        lambda: participation.propose_amendment(
            draft,
            section,
            author=actor(),
            text=form.text.data,
            justification=form.justification.data,
        ),
        render=lambda status: _article_page(draft, section, amendment_form=form, status=status),
        then=amendment_url,
        success=_("Your amendment has been published."),
        error_field="text",
        shown=_invalid_text,
    )


def _invalid_text(exc: DomainError) -> bool:
    # A closed draft or a block is an error page; only a problem with the text goes on the form.
    return exc.status == 422


@bp.post("/<int:draft_id>/amendments/<int:amendment_id>/support", endpoint="support")
def support(draft_id: int, amendment_id: int) -> Rendered:
    draft = loading.draft_or_404(draft_id)
    amendment = loading.amendment_or_404(draft, amendment_id)
    require("legislation.participate", draft)
    if request.form.get("value") == "remove":
        run(lambda: participation.unsupport_amendment(draft, amendment, supporter=actor()))
        message = _("Your support has been withdrawn.")
    else:
        run(lambda: participation.support_amendment(draft, amendment, supporter=actor()))
        message = _("You support this amendment.")
    flash(message, "success")
    return redirect(amendment_url(amendment))


@bp.post("/<int:draft_id>/amendments/<int:amendment_id>/withdraw", endpoint="withdraw")
def withdraw(draft_id: int, amendment_id: int) -> Rendered:
    draft = loading.draft_or_404(draft_id)
    amendment = loading.amendment_or_404(draft, amendment_id)
    require("legislation.withdraw_amendment", amendment)
    return perform(
        lambda: participation.withdraw_amendment(draft, amendment, actor=actor()),
        then=url_for(".article", draft_id=draft.id, section_id=amendment.section_id),
        success=_("Your amendment has been withdrawn."),
    )


@bp.post("/<int:draft_id>/articles/<int:section_id>/passages", endpoint="comment_passage")
def comment_passage(draft_id: int, section_id: int) -> Rendered:
    draft = loading.draft_or_404(draft_id)
    section = loading.section_or_404(draft, section_id)
    require("legislation.participate", draft)
    form = PassageForm()

    def comment_on_passage() -> tuple[Passage, Comment]:
        start, end = form.range()
        return participation.comment_on_passage(
            draft, section, author=actor(), start=start, end=end, quote=form.quote.data,
            body=form.body.data, alignment=form.alignment.data, honeypot=form.website.data,
        )  # fmt: skip

    return submit(
        form,
        comment_on_passage,
        render=lambda status: _article_page(draft, section, passage_form=form, status=status),
        then=lambda done: (
            url_for(".passage", draft_id=draft.id, passage_id=done[0].id) + f"#comment-{done[1].id}"
        ),
        success=_("Your comment on the passage has been published."),
        error_field="sentence",
        shown=_invalid_text,
    )


@bp.get("/<int:draft_id>/passages/<int:passage_id>", endpoint="passage")
def passage(draft_id: int, passage_id: int) -> Rendered:
    draft = loading.draft_or_404(draft_id)
    found = loading.passage_or_404(draft, passage_id)
    section = found.section
    body, lost = passage_text.highlight(section.body, [found])
    return render_template(
        "legislation/passage.html",
        draft=draft,
        section=section,
        passage=found,
        body=body,
        lost=bool(lost),
        thread=thread_for(found, "passage", current_user),
    )


@bp.post("/<int:draft_id>/questions/<int:question_id>/answer", endpoint="answer")
def answer(draft_id: int, question_id: int) -> Rendered:
    draft = loading.draft_or_404(draft_id)
    question = loading.question_or_404(draft, question_id)
    require("legislation.participate", draft)
    choices = [parse_int(c) for c in request.form.getlist("choice")]
    run(lambda: participation.answer_question(
        draft, question, person=actor(), text=request.form.get("text", ""),
        choices=[c for c in choices if c is not None],
    ))  # fmt: skip
    flash(_("Your answer has been recorded."), "success")
    return redirect(url_for(".detail", draft_id=draft.id) + f"#question-{question.id}")


@bp.get("/<int:draft_id>/versions", endpoint="versions")
def versions(draft_id: int) -> Rendered:
    draft = loading.draft_or_404(draft_id)
    return render_template(
        "legislation/versions.html", draft=draft, versions=services.versions_of(draft)
    )


@bp.get("/<int:draft_id>/compare", endpoint="compare")
def compare(draft_id: int) -> Rendered:
    from participa.legislation.diffing import compare_sections

    draft = loading.draft_or_404(draft_id)
    history = services.versions_of(draft)
    if len(history) < 2:
        raise DomainError(_("This draft has only one version."), status=404)
    old_n = int_arg("from", history[-2].number, min=1)
    new_n = int_arg("to", history[-1].number, min=1)
    old, new = loading.version_by_number(draft, old_n), loading.version_by_number(draft, new_n)
    changes = compare_sections(services.sections_of(old.id), services.sections_of(new.id))
    mode = "side" if request.args.get("mode") == "side" else "inline"
    sources = loading.sources_of([c.new.id for c in changes if c.new is not None])
    return render_template(
        "legislation/compare.html",
        draft=draft,
        versions=history,
        old=old,
        new=new,
        changes=changes,
        mode=mode,
        only_changes=request.args.get("all") != "1",
        sources=sources,
        source_labels=_source_labels(sources),
    )


def _source_labels(
    sources: dict[int, list[SectionSource]],
) -> dict[tuple[str, int], tuple[Amendment | Comment, str]]:
    """Amendment excerpts and comment excerpts that provenance rows point to (two queries)."""
    from participa.comments.models import Comment
    from participa.comments.services import excerpt

    rows = [row for items in sources.values() for row in items]
    amendment_ids = [r.amendment_id for r in rows if r.amendment_id]
    comment_ids = [r.comment_id for r in rows if r.comment_id]
    labels: dict[tuple[str, int], tuple[Amendment | Comment, str]] = {}
    if amendment_ids:
        for a in db.session.scalars(select(Amendment).where(Amendment.id.in_(amendment_ids))):
            labels[("amendment", a.id)] = (a, excerpt(a.justification or a.text, 120))
    if comment_ids:
        for c in db.session.scalars(select(Comment).where(Comment.id.in_(comment_ids))):
            labels[("comment", c.id)] = (c, excerpt(c.body, 120))
    return labels
