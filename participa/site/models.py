"""Platform-wide pages edited by the platform admin (terms of use, privacy policy)."""

from __future__ import annotations

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from participa.db import IdMixin, TimestampMixin
from participa.extensions import Model

LEGAL_SLUGS = ("terms", "privacy")


class LegalPage(IdMixin, TimestampMixin, Model):
    """A legal page in one language; the Spanish version is the fallback."""

    __tablename__ = "legal_pages"

    slug: Mapped[str] = mapped_column(String(40))
    locale: Mapped[str] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("slug", "locale"),)
