"""A municipality's open-data settings: the licence of its datasets."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from participa.db import TimestampMixin
from participa.extensions import Model

DEFAULT_LICENCE = "CC-BY-4.0"


class OpenDataSettings(TimestampMixin, Model):
    """How one municipality licenses its open data (CC BY 4.0 until it says otherwise)."""

    __tablename__ = "open_data_settings"

    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), primary_key=True
    )
    licence: Mapped[str] = mapped_column(String(40), default=DEFAULT_LICENCE)
