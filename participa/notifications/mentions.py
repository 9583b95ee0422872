"""Finding the people mentioned in a text, so features can notify them.

:func:`mentioned_user_ids` finds ``@Display Name`` (up to five words) or ``@display_name``
(underscores stand for spaces) and matches active accounts' display names ignoring case; the
longest matching name wins, so ``@Ana María López`` beats ``@Ana``.
"""

from __future__ import annotations

import re

from sqlalchemy import func, or_, select

from participa.accounts.models import User
from participa.extensions import db

MAX_MENTIONS = 10

_WORD = r"[^\W_][\w.'\u2019-]*"
_MENTION = re.compile(rf"(?<![\w@])@({_WORD}(?:[ _]{_WORD}){{0,4}})")
_TRAILING = ".'\u2019-"


def _candidates(raw: str) -> list[str]:
    """Every name a mention could stand for, longest first."""
    words = re.split(r"[ _]", raw)
    names = []
    for size in range(len(words), 0, -1):
        name = " ".join(words[:size]).rstrip(_TRAILING)
        if name:
            names.append(name)
    return names


def mentioned_user_ids(text: str, municipality_id: int | None) -> list[int]:
    """Return the active accounts mentioned in ``text`` as ``@Display Name`` or ``@display_name``.

    ``municipality_id`` is accepted so callers pass their context; any active account can be
    mentioned, because participants need not be members of the municipality.
    """
    mentions = [_candidates(m) for m in _MENTION.findall(text or "")]
    mentions = mentions[:MAX_MENTIONS]
    if not mentions:
        return []
    wanted = {name.lower() for names in mentions for name in names}
    exact = {name for names in mentions for name in names}
    # SQLite lower() folds only ASCII, so names with accented capitals also match as typed.
    rows = db.session.execute(
        select(User.id, User.display_name).where(
            User.deleted_at.is_(None),
            or_(func.lower(User.display_name).in_(wanted), User.display_name.in_(exact)),
        )
    ).all()
    by_name: dict[str, list[int]] = {}
    for user_id, display_name in rows:
        by_name.setdefault(display_name.lower(), []).append(user_id)
    found: list[int] = []
    for names in mentions:
        for name in names:  # longest first
            matched = by_name.get(name.lower())
            if matched:
                found.extend(i for i in sorted(matched) if i not in found)
                break
    return found
