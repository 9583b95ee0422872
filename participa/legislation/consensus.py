"""Opinion groups and group-aware consensus over the votes on a version (as Polis does).

Participants x items (the version's articles and their amendments) form a matrix: +1 in favour
or support, -1 against, 0 abstain or not supported. PCA projects it to two dimensions, KMeans
finds 2..5 groups (k chosen by silhouette, deterministic), and each item's consensus is the
product over groups of the Laplace-smoothed share in favour, so an item ranks high only when
every group supports it. Participants are never identified: only counts leave this module.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
from flask import current_app
from sqlalchemy import func, select

from participa.extensions import cache, db
from participa.legislation.models import (
    Amendment,
    AmendmentState,
    AmendmentSupport,
    ArticleVote,
    Section,
    SectionKind,
)

logger = logging.getLogger(__name__)

MIN_PARTICIPANTS = 10
MAX_GROUPS = 5
RANDOM_STATE = 0
SILHOUETTE_SAMPLE = 2000
_VALUE = {"in_favour": 1, "against": -1, "abstain": 0}


@dataclass
class Item:
    kind: str  # article | amendment
    id: int
    section_id: int
    label: str


@dataclass
class ItemScore:
    item: Item
    consensus: float
    shares: list[float]  # smoothed share in favour, per group
    agree: int
    seen: int


@dataclass
class Group:
    number: int
    size: int
    distinctive: list[tuple[Item, float, float]] = field(default_factory=list)


@dataclass
class Result:
    participants: int
    items: list[ItemScore]
    groups: list[Group]
    message: str | None = None
    silhouette: float | None = None


def group_labels(
    matrix: np.ndarray, *, max_groups: int = MAX_GROUPS, random_state: int = RANDOM_STATE
) -> tuple[np.ndarray, float] | None:
    """Cluster participants (rows) into 2..max_groups groups; None when there is no structure."""
    from sklearn.cluster import KMeans
    from sklearn.decomposition import PCA
    from sklearn.metrics import silhouette_score

    rows, cols = matrix.shape
    if rows < 3 or cols < 1:
        return None
    components = min(2, cols, rows)
    points = PCA(
        n_components=components, svd_solver="randomized", random_state=random_state
    ).fit_transform(matrix)
    distinct = len(np.unique(np.round(points, 9), axis=0))
    if distinct < 2:
        return None
    best: tuple[float, np.ndarray] | None = None
    # More groups than distinct points would leave KMeans with empty clusters.
    for k in range(2, min(max_groups, rows - 1, distinct) + 1):
        labels = KMeans(n_clusters=k, n_init=4, random_state=random_state).fit_predict(points)
        if len(set(labels)) < 2:
            continue
        score = silhouette_score(
            points, labels, sample_size=min(rows, SILHOUETTE_SAMPLE), random_state=random_state
        )
        if best is None or score > best[0] + 1e-9:
            best = (float(score), labels)
    if best is None:
        return None
    score, labels = best
    # Number the groups by size, largest first, so that the order does not depend on KMeans.
    order = sorted(set(labels), key=lambda g: (-int((labels == g).sum()), int(g)))
    mapping = {old: new for new, old in enumerate(order)}
    return np.array([mapping[g] for g in labels]), score


def smoothed_shares(
    agree: np.ndarray, seen: np.ndarray, labels: np.ndarray, groups: int
) -> np.ndarray:
    """groups x items: (agrees + 1) / (seen + 2) within each group."""
    shares = np.empty((groups, agree.shape[1]))
    for g in range(groups):
        members = labels == g
        shares[g] = (agree[members].sum(axis=0) + 1) / (seen[members].sum(axis=0) + 2)
    return shares


def score(
    items: list[Item],
    matrix: np.ndarray,
    seen: np.ndarray,
    *,
    min_participants: int = MIN_PARTICIPANTS,
) -> Result:
    """Group the participants and rank the items by group-aware consensus."""
    rows = matrix.shape[0]
    agree = (matrix > 0) & seen
    clustered = group_labels(matrix) if rows >= min_participants else None
    if clustered is None:
        labels, groups, silhouette = np.zeros(rows, dtype=int), 1, None
        message = "too-few" if rows < min_participants else "no-structure"
    else:
        labels, silhouette = clustered
        groups, message = int(labels.max()) + 1, None
    shares = smoothed_shares(agree, seen, labels, groups)
    consensus = shares.prod(axis=0)
    ranked = [
        ItemScore(
            item=item,
            consensus=float(consensus[i]),
            shares=[float(s) for s in shares[:, i]],
            agree=int(agree[:, i].sum()),
            seen=int(seen[:, i].sum()),
        )
        for i, item in enumerate(items)
    ]
    ranked.sort(key=lambda s: (-s.consensus, -s.agree, s.item.kind, s.item.id))
    result_groups = []
    if groups > 1:
        for g in range(groups):
            members = labels == g
            rest = smoothed_shares(
                agree[~members], seen[~members], np.zeros((~members).sum(), int), 1
            )[0]
            gap = shares[g] - rest
            top = np.argsort(-np.abs(gap), kind="stable")[:3]
            result_groups.append(
                Group(
                    number=g + 1,
                    size=int(members.sum()),
                    distinctive=[(items[i], float(shares[g][i]), float(rest[i])) for i in top],
                )
            )
    return Result(rows, ranked, result_groups, message, silhouette)


def for_version(version_id: int) -> Result:
    """The consensus of a version, recomputed only when its votes or supports changed.

    Clustering thousands of participants takes a noticeable fraction of a second, and reports
    are read far more often than votes change; one aggregate query tells whether they did.
    """
    seconds = current_app.config.get("CONSENSUS_CACHE_SECONDS", 0)
    if seconds <= 0:
        return compute_for_version(version_id)
    key = f"consensus:{version_id}:{_fingerprint(version_id)}"
    result = cache.get(key)
    if result is None:
        result = compute_for_version(version_id)
        cache.set(key, result, timeout=seconds)
    return result


def _fingerprint(version_id: int) -> str:
    articles = select(Section.id).where(Section.version_id == version_id).scalar_subquery()
    on_votes = ArticleVote.section_id.in_(articles)
    live = (Amendment.section_id.in_(articles), Amendment.state != AmendmentState.WITHDRAWN)
    on_supports = AmendmentSupport.amendment_id.in_(select(Amendment.id).where(*live))
    parts = [
        select(func.count()).select_from(ArticleVote).where(on_votes),
        select(func.max(ArticleVote.updated_at)).where(on_votes),
        select(func.count()).select_from(AmendmentSupport).where(on_supports),
        select(func.max(AmendmentSupport.created_at)).where(on_supports),
        select(func.count()).select_from(Amendment).where(*live),
        select(func.max(Amendment.id)).where(*live),
    ]
    row = db.session.execute(select(*(part.scalar_subquery() for part in parts))).one()
    return ":".join(str(value) for value in row)


def compute_for_version(version_id: int) -> Result:
    """Build the matrix from a version's votes and amendment supports (three queries)."""
    sections = db.session.execute(
        select(Section.id, Section.number)
        .where(Section.version_id == version_id, Section.kind == SectionKind.ARTICLE)
        .order_by(Section.position)
    ).all()
    section_ids = [s.id for s in sections]
    amendments = (
        db.session.execute(
            select(Amendment.id, Amendment.section_id)
            .where(
                Amendment.section_id.in_(section_ids), Amendment.state != AmendmentState.WITHDRAWN
            )
            .order_by(Amendment.id)
        ).all()
        if section_ids
        else []
    )
    items = [Item("article", s.id, s.id, s.number) for s in sections]
    items += [Item("amendment", a.id, a.section_id, str(a.id)) for a in amendments]
    column = {("article", i.id): n for n, i in enumerate(items)}
    column.update({("amendment", i.id): n for n, i in enumerate(items) if i.kind == "amendment"})
    votes = (
        db.session.execute(
            select(ArticleVote.user_id, ArticleVote.section_id, ArticleVote.value).where(
                ArticleVote.section_id.in_(section_ids)
            )
        ).all()
        if section_ids
        else []
    )
    supports = (
        db.session.execute(
            select(AmendmentSupport.user_id, AmendmentSupport.amendment_id).where(
                AmendmentSupport.amendment_id.in_([a.id for a in amendments])
            )
        ).all()
        if amendments
        else []
    )
    people = sorted({v.user_id for v in votes} | {s.user_id for s in supports})
    row = {user_id: n for n, user_id in enumerate(people)}
    matrix = np.zeros((len(people), len(items)), dtype=float)
    seen = np.zeros((len(people), len(items)), dtype=bool)
    for user_id, section_id, value in votes:
        index = column[("article", section_id)]
        matrix[row[user_id], index] = _VALUE[value]
        seen[row[user_id], index] = True
    by_section: dict[int, list[int]] = {}
    for a in amendments:
        by_section.setdefault(a.section_id, []).append(column[("amendment", a.id)])
    # Whoever voted on an article has read its amendments: not supporting one counts as seen.
    for user_id, section_id, _value in votes:
        for index in by_section.get(section_id, ()):
            seen[row[user_id], index] = True
    for user_id, amendment_id in supports:
        index = column[("amendment", amendment_id)]
        matrix[row[user_id], index] = 1
        seen[row[user_id], index] = True
    return score(items, matrix, seen)
