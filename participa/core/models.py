"""Platform-wide records: audit log, mail outbox, uploaded files and background jobs."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.db import IdMixin, MunicipalityScopedMixin, cascade_fk, utcnow
from participa.extensions import db

if TYPE_CHECKING:
    # A type-only import: at run time the core imports no feature.
    from participa.accounts.models import User

    # db.Model is built at run time from this base, which mypy cannot follow.
    from participa.db import Base as Model
else:
    Model = db.Model


class AuditEntry(IdMixin, Model):
    """A state-changing staff action: who, what, on which object, when and why."""

    __tablename__ = "audit_entries"

    municipality_id: Mapped[int | None] = cascade_fk("municipalities.id")
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(80))
    target_type: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[int | None]
    reason: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    # Flask-SQLAlchemy annotates db.relationship as returning a RelationshipProperty, which is
    # not a Mapped; sqlalchemy.orm.relationship (what it calls) is typed for this.
    actor: Mapped[User | None] = db.relationship("User", lazy="joined")  # type: ignore[assignment]


class OutboxMessage(IdMixin, Model):
    """Every e-mail the platform sends; the whole story when no SMTP server is configured."""

    __tablename__ = "outbox_messages"

    recipient: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    headers: Mapped[dict[str, str] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    sent_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)


class Upload(IdMixin, Model):
    """A file checked by content and served under an unguessable token, never executed."""

    __tablename__ = "uploads"

    token: Mapped[str] = mapped_column(String(43), unique=True)
    # No foreign key: municipalities point at their logo upload, and a cycle of foreign keys
    # cannot be created or dropped on SQLite. Municipalities are archived, never deleted.
    municipality_id: Mapped[int | None] = mapped_column(index=True)
    uploader_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    content_type: Mapped[str] = mapped_column(String(80))
    size: Mapped[int]
    width: Mapped[int | None]
    height: Mapped[int | None]
    # The bytes live here when ``storage`` is "database"; otherwise under ``storage_key`` in the
    # storage named (core.storage), and ``data`` stays empty.
    data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    storage: Mapped[str] = mapped_column(String(20), default="database", server_default="database")
    storage_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A smaller copy of an image (core.uploads.IMAGE_WIDTHS) points at the original; it goes
    # with it. Originals have none.
    variant_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("uploads.id", ondelete="CASCADE"), index=True
    )
    # What an image shows, written by the person who uploaded it (the alt text).
    alt: Mapped[str | None] = mapped_column(String(300))
    # Served to anyone holding the token (site.upload); documents attached to content are not:
    # their own route checks that the content they belong to is visible.
    public: Mapped[bool] = mapped_column(default=True, server_default="1")
    variants: Mapped[list[Upload]] = relationship(
        lazy="selectin", order_by="Upload.width", cascade="all, delete-orphan", passive_deletes=True
    )


class BackgroundJob(IdMixin, MunicipalityScopedMixin, Model):
    """Work staff started in the background (a large import): what it is, how far it got."""

    __tablename__ = "background_jobs"

    # The job's name (core.jobs): "contracting.import".
    kind: Mapped[str] = mapped_column(String(60))
    # queued, running, done, failed (see JobStatus).
    status: Mapped[str] = mapped_column(String(20), default="queued", server_default="queued")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    filename: Mapped[str | None] = mapped_column(String(255))
    # The uploaded file, kept until the job has read it (then emptied).
    payload: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    # Progress: what the job is doing ("check", "store") and how many of how many rows.
    phase: Mapped[str | None] = mapped_column(String(20))
    done: Mapped[int] = mapped_column(default=0, server_default="0")
    total: Mapped[int] = mapped_column(default=0, server_default="0")
    problems: Mapped[list[str]] = mapped_column(JSON, default=list)
    # What the finished job made, for its page (counts, the import batch's id).
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class JobStatus:
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class PreparedFile(IdMixin, Model):
    """A large download built by a background job and kept in the upload storage (core.exports).

    One row per ``slot`` (what the file is: a dataset in a format in a municipality, a person's
    data): a changed ``version`` rebuilds it in place, so old files never pile up.
    """

    __tablename__ = "prepared_files"

    # "opendata:comments:csv:12", "accounts:personal:7": unique, so a file is built once.
    slot: Mapped[str] = mapped_column(String(200), unique=True)
    # The job that builds it (core.jobs): "opendata.build_export".
    kind: Mapped[str] = mapped_column(String(60), index=True)
    # Personal files have no municipality; datasets do (tenancy: staff see their own only).
    municipality_id: Mapped[int | None] = cascade_fk("municipalities.id")
    # The only person who may fetch it (personal data); None for public files.
    owner_id: Mapped[int | None] = cascade_fk("users.id")
    # What the builder needs (dataset name, format), JSON-like.
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The data version asked for (or, once built, the one built): the served ETag.
    version: Mapped[str] = mapped_column(String(64), default="", server_default="")
    # queued, running, done, failed (see JobStatus).
    status: Mapped[str] = mapped_column(String(20), default="queued", server_default="queued")
    filename: Mapped[str] = mapped_column(String(255), default="", server_default="")
    content_type: Mapped[str] = mapped_column(
        String(80), default="application/octet-stream", server_default="application/octet-stream"
    )
    size: Mapped[int] = mapped_column(default=0, server_default="0")
    # Where the bytes are: in ``data`` ("database") or under ``storage_key`` (core.storage).
    storage: Mapped[str | None] = mapped_column(String(20))
    storage_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    # When the newest row of the built data changed (Last-Modified).
    last_modified: Mapped[datetime | None]
    # Progress: rows written of rows to write.
    done: Mapped[int] = mapped_column(default=0, server_default="0")
    total: Mapped[int] = mapped_column(default=0, server_default="0")
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    # After this the file is removed (core.exports.clean) and built again when asked for.
    expires_at: Mapped[datetime | None] = mapped_column(index=True)
