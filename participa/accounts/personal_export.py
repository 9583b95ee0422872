"""The personal-data download of a person with much data, prepared by the background worker.

A person with more than ``PERSONAL_EXPORT_PREPARE_ROWS`` rows (comments, votes, notifications...)
gets their download built by a job (:mod:`participa.core.exports`) instead of inside the
request; they are told in-app when it is ready. The file is private: only its owner may fetch it
(anyone else gets a 404), for ``PERSONAL_EXPORT_KEEP_SECONDS``; then it is removed. People with
less data download it at once, as before.
"""

from __future__ import annotations

import hashlib
import json

from flask import current_app, url_for

from participa.accounts import privacy
from participa.accounts.models import User
from participa.core import exports, jobs
from participa.core.features import Contributions
from participa.core.mail import url_context
from participa.core.models import PreparedFile
from participa.extensions import db

BUILD = "accounts.build_export"
FILENAME = "participa-my-data.json"


def threshold() -> int:
    """People with more rows than this get their download prepared by a job."""
    return int(current_app.config.get("PERSONAL_EXPORT_PREPARE_ROWS", 5000))


def slot(user_id: int) -> str:
    """What identifies a person's prepared download."""
    return f"accounts:personal:{user_id}"


def body(user: User) -> bytes:
    """The download, as the request has always built it."""
    data = privacy.export_data(user)
    return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode("utf-8")


def _version(user: User, counts: dict[str, int]) -> str:
    # Rows added or removed, or the account changed: a new file. Edits that change neither are
    # in the next file, at the latest when this one expires.
    text = f"{user.id}|{user.updated_at.isoformat() if user.updated_at else ''}|{counts}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def prepare_if_large(user: User) -> PreparedFile | None:
    """The person's prepared download (queued when missing or out of date); None when their
    data is small enough to download at once."""
    counts = privacy.row_counts(user)
    total = sum(counts.values())
    if total <= threshold():
        return None
    return exports.prepare(
        slot(user.id), kind=BUILD, version=_version(user, counts), filename=FILENAME,
        content_type="application/json", owner_id=user.id, total=total,
    )  # fmt: skip


def owned_or_none(user: User, file_id: int) -> PreparedFile | None:
    """The ready download ``file_id`` when it is ``user``'s own, else None (a 404 for others)."""
    record = db.session.get(PreparedFile, file_id)
    if record is None or record.kind != BUILD or record.owner_id != user.id:
        return None
    return record if exports.is_ready(record) else None


def _owner(record: PreparedFile) -> User:
    user = db.session.get(User, record.owner_id)
    assert user is not None  # the file goes with its owner (cascade)
    return user


def _current(record: PreparedFile) -> str:
    user = _owner(record)
    return _version(user, privacy.row_counts(user))


def _produce(record: PreparedFile, progress: exports.Progress) -> exports.Built:
    data = body(_owner(record))
    progress(record.total, record.total)
    return exports.Built(data=data)


def _ready(record: PreparedFile) -> None:
    with url_context():
        url = url_for("accounts.prepared_export", file_id=record.id)
    privacy.announce_ready(_owner(record), url)


BUILDER = exports.Builder(version=_current, produce=_produce, ready=_ready)


def build(file_id: int) -> None:
    """Build the personal download ``file_id`` (safe to run twice)."""
    exports.build(file_id, BUILDER)


def erase(user: User) -> None:
    """Remove the person's prepared downloads (and their stored bytes) with the account."""
    exports.remove(PreparedFile.owner_id == user.id)


contributions = Contributions()
contributions.add("personal_data_cover", PreparedFile, "owner_id", privacy.OnErase.DELETE,
                  erase=erase)  # fmt: skip

BUILD_JOB = jobs.Job(BUILD, build, retry_delays=(30,), timeout=1800, unique=True)
JOBS = (BUILD_JOB,)
