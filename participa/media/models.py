"""Documents attached to other features' content (a consultation, a proposal, a draft...)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.db import IdMixin, MunicipalityScopedMixin, utcnow
from participa.extensions import db

if TYPE_CHECKING:
    from participa.core.models import Upload
    from participa.db import Base as Model
else:
    Model = db.Model


class Attachment(IdMixin, MunicipalityScopedMixin, Model):
    """A PDF or office document shown on a piece of content, with its title and language."""

    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_target", "target_kind", "target_id"),)

    # The kind the content is declared under in the ``attachable`` system, and its id.
    target_kind: Mapped[str] = mapped_column(String(30))
    target_id: Mapped[int]
    # The row goes with its file (core.uploads.delete_uploads removes both).
    upload_id: Mapped[int] = mapped_column(ForeignKey("uploads.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    # A language code ("es", "pt", "en"...): people choose a document they can read.
    language: Mapped[str] = mapped_column(String(10))
    uploader_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    upload: Mapped[Upload] = relationship("Upload", lazy="joined")
