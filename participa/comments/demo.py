"""Demo comments, votes, a report and reason templates on the demo proposals and consultations.

Runs after the consultations and proposals demo steps; with nothing to comment on it does nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from participa.comments import registry
from participa.comments.models import Comment, CommentVote
from participa.db import utcnow
from participa.extensions import db
from participa.moderation.models import ReasonTemplate, Report

logger = logging.getLogger(__name__)

THREADS = [
    (
        "in_favour",
        "Muy buena idea. En mi cuadra hace falta desde hace años.",
        ["¿Sabés si el presupuesto alcanza?", "Creo que sí, lo dijeron en la reunión del barrio."],
    ),
    (
        "against",
        "No estoy de acuerdo: **primero** hay que arreglar las veredas.",
        ["Las dos cosas pueden hacerse a la vez."],
    ),
    ("neutral", "Me gustaría ver un mapa con la ubicación exacta antes de opinar.", []),
]
TEMPLATES = [
    ("Publicidad", "El comentario contiene publicidad, lo que no está permitido."),
    ("Agresión", "El comentario contiene insultos o ataques personales."),
    ("Datos personales", "El comentario publica datos personales de otra persona."),
]


def _targets() -> Iterator[tuple[str, Any]]:
    # The demo comments on proposals and consultations when those features are installed
    # (they declare themselves commentable); comments imports neither.
    kinds = [(k, entry.model) for k in ("proposal", "consultation") if (entry := registry.get(k))]
    for kind, model in kinds:
        query = select(model).order_by(model.id).limit(8)
        if hasattr(model, "hidden_at"):
            query = query.where(model.hidden_at.is_(None))
        for target in db.session.scalars(query):
            yield kind, target


def _add_comment(
    kind: str, target: Any, author_id: int, body: str, created_at: datetime, **thread: Any
) -> Comment:
    comment = Comment(
        municipality_id=target.municipality_id,
        commentable_type=kind,
        author_id=author_id,
        body=body,
        created_at=created_at,
        commentable_id=target.id,
        **thread,
    )
    db.session.add(comment)
    db.session.flush()
    return comment


def load_demo(context: dict[str, Any]) -> None:
    """Add a few threads to the first proposals and consultations of the demo."""
    people = list(context.get("users", {}).values())
    if len(people) < 4:
        return
    now = utcnow()
    added = 0
    for n, (kind, target) in enumerate(_targets()):
        on_target = 0
        for t, (alignment, body, replies) in enumerate(THREADS):
            author = people[(n + t) % len(people)]
            root = _add_comment(
                kind, target, author.id, body, now - timedelta(days=3, hours=t), alignment=alignment
            )
            on_target += 1
            parent = root
            for r, text in enumerate(replies):
                parent = _add_comment(
                    kind,
                    target,
                    people[(n + t + r + 1) % len(people)].id,
                    text,
                    now - timedelta(days=2, hours=r),
                    parent_id=parent.id,
                    root_id=root.id,
                    depth=parent.depth + 1,
                )
                on_target += 1
            voters = [p for p in people[:5] if p.id != author.id][: 3 - t]
            for voter in voters:
                db.session.add(CommentVote(user_id=voter.id, comment_id=root.id, value=1))
            root.upvotes = root.score = len(voters)
        added += on_target
        # Every demo comment is visible, so each counts (Comment.is_visible).
        if hasattr(type(target), "comments_count"):
            db.session.execute(
                update(type(target))
                .where(type(target).id == target.id)
                .values(comments_count=type(target).comments_count + on_target)
            )
        if n == 0:
            db.session.add(
                Report(
                    municipality_id=target.municipality_id,
                    reportable_type="comment",
                    reportable_id=root.id,
                    reporter_id=people[-1].id,
                    reason="off_topic",
                    note="No tiene relación con la propuesta.",
                )
            )
    for municipality in context.get("municipalities", {}).values():
        for title, text in TEMPLATES:
            db.session.add(ReasonTemplate(municipality_id=municipality.id, title=title, text=text))
    logger.info("demo: %s comments", added)
