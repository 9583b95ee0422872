"""Opinion groups and group-aware consensus over the votes on a version (as Polis does).

Participants x items (the version's articles and their amendments) form a matrix: +1 in favour
or support, -1 against, 0 abstain or not supported, and a mask of what each person saw. The
method, also explained on the report page:

1. Only people who voted on at least ``MIN_VOTES`` items are grouped; everyone's votes still
   count in the totals.
2. What a person did not vote on is filled with the item's mean among those who did, so that not
   reading an item neither pulls anyone towards "against" nor groups people by what they read.
3. PCA projects the filled matrix to two dimensions and KMeans finds 2..5 groups there, the
   number chosen by silhouette (deterministic seeds).
4. The groups must be more than chance: opinion groups exist when votes on different items go
   together, so the share of the filled votes' variance that the two projected dimensions hold
   is compared with the same share in ``NULL_RUNS`` copies where each item's votes are shuffled
   among the people who voted on it (same people, same amount of reading, no link between
   items). Unless it stands ``MIN_Z`` standard deviations above the copies' mean and above
   every copy, the result is "no clear opinion groups".
5. Each item's consensus is the product over groups of the Laplace-smoothed share in favour, so
   an item ranks high only when every group supports it; a 90% interval comes from the Beta
   posterior of each group's share, and items are ranked by its lower end, so that an item few
   people saw does not outrank one that many agreed on.

Participants are never identified: only counts leave this module.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
from flask import current_app
from sqlalchemy import func, select

from participa.core import jobs
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
MIN_VOTES = 3
MAX_GROUPS = 5
NULL_RUNS = 8
MIN_Z = 5.0
INTERVAL = 0.90
DRAWS = 4000
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
    low: float = 0.0  # the 90% interval of the consensus
    high: float = 1.0


@dataclass
class Group:
    number: int
    size: int
    distinctive: list[tuple[Item, float, float]] = field(default_factory=list)


@dataclass(frozen=True)
class Separation:
    """How far the votes' structure stands above that of shuffled votes."""

    share: float  # of the variance held by the two projected dimensions
    chance: float  # its mean over the shuffled copies
    spread: float  # their standard deviation
    best_chance: float

    @property
    def z(self) -> float:
        return (self.share - self.chance) / max(self.spread, 1e-3)

    @property
    def clear(self) -> bool:
        return self.z >= MIN_Z and self.share > self.best_chance


@dataclass
class Result:
    participants: int
    items: list[ItemScore]
    groups: list[Group]
    message: str | None = None
    grouped: int = 0  # people who voted enough to be placed in a group
    separation: Separation | None = None


def method() -> dict[str, float | int]:
    """The settings the report page states when it explains how groups are found."""
    return {
        "min_votes": MIN_VOTES,
        "min_participants": MIN_PARTICIPANTS,
        "runs": NULL_RUNS,
        "min_z": MIN_Z,
        "max_groups": MAX_GROUPS,
        "interval": round(INTERVAL * 100),
    }


def filled(matrix: np.ndarray, seen: np.ndarray) -> np.ndarray:
    """The votes with every unseen cell set to its item's mean among those who voted on it."""
    counts = seen.sum(axis=0)
    sums = np.where(seen, matrix, 0.0).sum(axis=0)
    means = np.divide(sums, counts, out=np.zeros(matrix.shape[1]), where=counts > 0)
    return np.where(seen, matrix, means)


def _cluster(votes: np.ndarray, *, max_groups: int, random_state: int) -> np.ndarray | None:
    """Labels from KMeans on the two-dimensional projection, k chosen by silhouette."""
    from sklearn.cluster import KMeans
    from sklearn.decomposition import PCA
    from sklearn.metrics import silhouette_score

    rows, cols = votes.shape
    components = min(2, cols, rows)
    points = PCA(
        n_components=components, svd_solver="randomized", random_state=random_state
    ).fit_transform(votes)
    distinct = len(np.unique(np.round(points, 9), axis=0))
    if distinct < 2:
        return None
    best: tuple[float, np.ndarray] | None = None
    # More groups than distinct points would leave KMeans with empty clusters.
    for k in range(2, min(max_groups, rows - 1, distinct) + 1):
        labels = KMeans(n_clusters=k, n_init=3, random_state=random_state).fit_predict(points)
        if len(set(labels)) < 2:
            continue
        value = silhouette_score(
            points, labels, sample_size=min(rows, SILHOUETTE_SAMPLE), random_state=random_state
        )
        if best is None or value > best[0] + 1e-9:
            best = (float(value), labels)
    return None if best is None else best[1]


def _structure(votes: np.ndarray) -> float:
    """The share of the variance that the first two principal components hold."""
    centred = votes - votes.mean(axis=0)
    power = np.linalg.svd(centred, compute_uv=False) ** 2
    total = float(power.sum())
    return float(power[:2].sum()) / total if total > 0 else 0.0


def group_labels(
    matrix: np.ndarray,
    seen: np.ndarray | None = None,
    *,
    max_groups: int = MAX_GROUPS,
    random_state: int = RANDOM_STATE,
) -> tuple[np.ndarray, Separation] | None:
    """Cluster participants (rows) into 2..max_groups groups, and say how clearly; None when
    there is nothing to cluster."""
    if seen is None:
        seen = np.ones(matrix.shape, dtype=bool)
    rows, cols = matrix.shape
    if rows < 3 or cols < 1:
        return None
    votes = filled(matrix, seen)
    labels = _cluster(votes, max_groups=max_groups, random_state=random_state)
    if labels is None:
        return None
    rng = np.random.default_rng(random_state)
    chance = []
    for _run in range(NULL_RUNS):
        shuffled = matrix.copy()
        for column in range(cols):
            voters = np.flatnonzero(seen[:, column])
            shuffled[voters, column] = matrix[rng.permutation(voters), column]
        chance.append(_structure(filled(shuffled, seen)))
    separation = Separation(_structure(votes), float(np.mean(chance)), float(np.std(chance)),
                            float(np.max(chance)))  # fmt: skip
    # Number the groups by size, largest first, so that the order does not depend on KMeans.
    order = sorted(set(labels), key=lambda g: (-int((labels == g).sum()), int(g)))
    mapping = {old: new for new, old in enumerate(order)}
    return np.array([mapping[g] for g in labels]), separation


def smoothed_shares(
    agree: np.ndarray, seen: np.ndarray, labels: np.ndarray, groups: int
) -> np.ndarray:
    """groups x items: (agrees + 1) / (seen + 2) within each group."""
    shares = np.empty((groups, agree.shape[1]))
    for g in range(groups):
        members = labels == g
        shares[g] = (agree[members].sum(axis=0) + 1) / (seen[members].sum(axis=0) + 2)
    return shares


def intervals(
    agree: np.ndarray, seen: np.ndarray, labels: np.ndarray, groups: int
) -> tuple[np.ndarray, np.ndarray]:
    """The 90% interval of each item's consensus, from each group's Beta posterior."""
    rng = np.random.default_rng(RANDOM_STATE)
    product = np.ones((agree.shape[1], DRAWS))
    for g in range(groups):
        members = labels == g
        yes = agree[members].sum(axis=0)
        total = seen[members].sum(axis=0)
        product *= rng.beta((yes + 1)[:, None], (total - yes + 1)[:, None],
                            size=(agree.shape[1], DRAWS))  # fmt: skip
    tail = (1 - INTERVAL) / 2 * 100
    return np.percentile(product, tail, axis=1), np.percentile(product, 100 - tail, axis=1)


def score(
    items: list[Item],
    matrix: np.ndarray,
    seen: np.ndarray,
    *,
    min_participants: int = MIN_PARTICIPANTS,
    min_votes: int = MIN_VOTES,
) -> Result:
    """Group the participants and rank the items by group-aware consensus."""
    rows = matrix.shape[0]
    agree = (matrix > 0) & seen
    enough = seen.sum(axis=1) >= min(min_votes, matrix.shape[1])
    grouped = int(enough.sum())
    clustered = group_labels(matrix[enough], seen[enough]) if grouped >= min_participants else None
    separation = clustered[1] if clustered else None
    labels = np.full(rows, -1)
    if clustered is None or not clustered[1].clear:
        # One group of everyone: consensus is the smoothed share in favour among all.
        labels[:], groups = 0, 1
        message = "too-few" if grouped < min_participants else "no-structure"
    else:
        labels[enough] = clustered[0]
        groups, message = int(clustered[0].max()) + 1, None
    shares = smoothed_shares(agree, seen, labels, groups)
    consensus = shares.prod(axis=0)
    low, high = intervals(agree, seen, labels, groups)
    ranked = [
        ItemScore(
            item=item,
            consensus=float(consensus[i]),
            shares=[float(s) for s in shares[:, i]],
            agree=int(agree[:, i].sum()),
            seen=int(seen[:, i].sum()),
            low=float(low[i]),
            high=float(high[i]),
        )
        for i, item in enumerate(items)
    ]
    ranked.sort(key=lambda s: (-round(s.low, 6), -s.consensus, -s.agree, s.item.kind, s.item.id))
    result_groups = []
    if groups > 1:
        inside = labels >= 0
        for g in range(groups):
            members = labels == g
            others = inside & ~members
            rest = smoothed_shares(agree[others], seen[others], np.zeros(others.sum(), int), 1)[0]
            gap = shares[g] - rest
            top = np.argsort(-np.abs(gap), kind="stable")[:3]
            result_groups.append(
                Group(
                    number=g + 1,
                    size=int(members.sum()),
                    distinctive=[(items[i], float(shares[g][i]), float(rest[i])) for i in top],
                )
            )
    return Result(rows, ranked, result_groups, message, grouped=grouped, separation=separation)


def for_version(version_id: int) -> Result:
    """The consensus of a version, recomputed only when its votes or supports changed.

    Clustering thousands of participants takes a noticeable fraction of a second, and reports
    are read far more often than votes change; one aggregate query tells whether they did.
    """
    seconds = current_app.config.get("CONSENSUS_CACHE_SECONDS", 0)
    if seconds <= 0:
        return compute_for_version(version_id)
    key = f"consensus:{version_id}:{_fingerprint(version_id)}"
    result: Result | None = cache.get(key)
    if result is None and jobs.is_queued():
        # With a worker, readers get the last groups at once while the worker recomputes them.
        stale: Result | None = cache.get(f"consensus:{version_id}:latest")
        if stale is not None:
            jobs.enqueue("legislation.refresh_consensus", version_id=version_id)
            return stale
    if result is None:
        result = refresh(version_id, key)
    return result


def refresh(version_id: int, key: str | None = None) -> Result:
    """Recompute a version's consensus and keep it for readers (safe to run twice)."""
    seconds = current_app.config.get("CONSENSUS_CACHE_SECONDS", 0)
    key = key or f"consensus:{version_id}:{_fingerprint(version_id)}"
    result = compute_for_version(version_id)
    if seconds > 0:
        cache.set(key, result, timeout=seconds)
        cache.set(f"consensus:{version_id}:latest", result, timeout=seconds)
    return result


def _refresh_job(version_id: int) -> None:
    refresh(version_id)


REFRESH_JOB = jobs.Job("legislation.refresh_consensus", _refresh_job, timeout=600, unique=True)


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
