"""Declarative base, naming convention and mixins shared by every model."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, overload

from sqlalchemy import DateTime, Dialect, ForeignKey, MetaData, String, TypeDecorator
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    QueryableAttribute,
    Relationship,
    declared_attr,
    mapped_column,
    registry,
    relationship,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def _length(column: QueryableAttribute[Any]) -> int | None:
    kind = column.property.columns[0].type
    return kind.length if isinstance(kind, String) else None


def length_of(column: QueryableAttribute[Any]) -> int:
    """The most characters a text column holds (PostgreSQL refuses more; SQLite does not)."""
    length = _length(column)
    assert length, f"{column} is not a text of a set length"
    return length


@overload
def fit(column: QueryableAttribute[Any], value: None) -> None: ...
@overload
def fit(column: QueryableAttribute[Any], value: object) -> str: ...
def fit(column: QueryableAttribute[Any], value: object) -> str | None:
    """``value`` as text, cut to the length of ``column`` (None stays None).

    For text that comes from outside and is kept whole elsewhere (an imported release or
    file), where a column holds a summary of it: PostgreSQL refuses a longer value (SQLite
    would keep it), and refusing a whole import for one long title would be wrong. Forms never
    need it: their fields carry the column's length.
    """
    if value is None:
        return None
    text, length = str(value), _length(column)
    return text[:length] if length else text


class UTCDateTime(TypeDecorator[datetime]):
    """Store UTC; always hand back timezone-aware datetimes, also on SQLite."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None:
            if value.tzinfo is None:
                value = value.replace(tzinfo=UTC)
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


class IdMixin:
    """The integer primary key ``id`` that nearly every table has."""

    id: Mapped[int] = mapped_column(primary_key=True)


def cascade_fk(target: str) -> Any:
    """An indexed foreign key to ``target`` (``"table.id"``): the row goes when its parent goes."""
    return mapped_column(ForeignKey(target, ondelete="CASCADE"), index=True)


def sql_in(values: Iterable[str]) -> str:
    """``values`` quoted for a CHECK constraint's ``IN (...)``, so it lists what the enum lists.

    ``values`` may be a ``StrEnum`` class itself: its members format as their values.
    """
    return ", ".join(f"'{value}'" for value in values)


def ordered_children(target: str, back_populates: str) -> Relationship[Any]:
    """A parent's ``target`` rows (model name) in their ``position`` order, ties by id.

    They load with the parent (pages list them all) and go with it; the child names the
    parent in ``back_populates``.
    """
    return relationship(
        order_by=f"{target}.position, {target}.id",
        cascade="all, delete-orphan",
        lazy="selectin",
        back_populates=back_populates,
    )


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class MunicipalityScopedMixin:
    """Marks a table owned by one municipality; tenancy helpers filter on this column."""

    @declared_attr
    def municipality_id(cls) -> Mapped[int]:
        return mapped_column(
            ForeignKey("municipalities.id", ondelete="CASCADE"), index=True, nullable=False
        )
