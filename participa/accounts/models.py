"""People who use the platform."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from participa.db import IdMixin, TimestampMixin
from participa.extensions import Model

DELETED_NAME = _l("deleted participant")


# flask-login ships no type information: to mypy, UserMixin is Any.
class User(IdMixin, UserMixin, TimestampMixin, Model):  # type: ignore[misc]
    """An account. After deletion the row stays, emptied, so public contributions keep an author."""

    __tablename__ = "users"

    # NULL once the account is deleted; unique while it exists (stored lower-cased).
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(80))
    locale: Mapped[str | None] = mapped_column(String(5))
    email_confirmed_at: Mapped[datetime | None]
    pending_email: Mapped[str | None] = mapped_column(String(254))
    terms_accepted_at: Mapped[datetime | None]
    is_platform_admin: Mapped[bool] = mapped_column(default=False, server_default="0")
    last_login_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
    # Changing it invalidates every session and "remember me" cookie of this account.
    session_token: Mapped[str] = mapped_column(String(32))
    bio: Mapped[str | None] = mapped_column(Text)

    @property
    def is_active(self) -> bool:  # Flask-Login: deleted accounts cannot log in
        return self.deleted_at is None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def public_name(self) -> str:
        return str(DELETED_NAME) if self.is_deleted else self.display_name

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def __repr__(self) -> str:
        return f"<User {self.id}>"
