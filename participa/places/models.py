"""Districts: named parts of a municipality, with an optional boundary."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.db import IdMixin, MunicipalityScopedMixin, utcnow
from participa.extensions import Model

if TYPE_CHECKING:
    from participa.municipalities.models import Municipality


class District(IdMixin, MunicipalityScopedMixin, Model):
    """A part of the municipality that proposals, projects and processes can be filed under."""

    __tablename__ = "districts"

    name: Mapped[str] = mapped_column(String(120))
    # A GeoJSON Polygon or MultiPolygon geometry (WGS 84), checked by services.parse_boundary.
    boundary: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    municipality: Mapped[Municipality] = relationship("Municipality")

    __table_args__ = (UniqueConstraint("municipality_id", "name"),)

    def __repr__(self) -> str:
        return f"<District {self.id} {self.name!r}>"
