"""A questionnaire of a consultation phase, its questions, and the responses people give.

Answers are stored one row per question answered (``QuestionnaireAnswer.value`` holds the
choice positions or the typed text). Choice positions are stable because questions are frozen
once the first response exists (see ``services.questions_frozen``).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.db import (
    IdMixin,
    MunicipalityScopedMixin,
    TimestampMixin,
    cascade_fk,
    ordered_children,
)
from participa.extensions import Model

if TYPE_CHECKING:
    from participa.consultations.models import Consultation
    from participa.municipalities.models import Municipality


class Status(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class Kind(StrEnum):
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    SINGLE = "single"
    MULTIPLE = "multiple"
    RANKING = "ranking"
    GRID = "grid"


KINDS = tuple(kind.value for kind in Kind)
TEXT_KINDS = (Kind.SHORT_TEXT.value, Kind.LONG_TEXT.value)


class Profile(StrEnum):
    """Profile questions: single choice, only ever shown aggregated with small groups hidden."""

    AGE_BAND = "age_band"
    GENDER = "gender"
    NEIGHBOURHOOD = "neighbourhood"


PROFILES = tuple(p.value for p in Profile)


class Questionnaire(IdMixin, MunicipalityScopedMixin, TimestampMixin, Model):
    """A questionnaire answered during one phase of a consultation."""

    __tablename__ = "questionnaires"

    consultation_id: Mapped[int] = cascade_fk("consultations.id")
    # The phase by kind (a consultation has one phase of each kind): phases may be rewritten
    # when staff edit the timeline, the kind stays.
    phase_kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[str] = mapped_column(String(10), default=Status.DRAFT, server_default="draft")
    allow_anonymous: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Staff may show the results while the phase is still open; after the close they are public.
    results_public: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    published_at: Mapped[datetime | None]
    responses_count: Mapped[int] = mapped_column(default=0, server_default="0")

    municipality: Mapped[Municipality] = relationship()
    consultation: Mapped[Consultation] = relationship(lazy="joined")
    questions: Mapped[list[QuestionnaireQuestion]] = ordered_children(
        "QuestionnaireQuestion", "questionnaire"
    )

    __table_args__ = (
        CheckConstraint("status IN ('draft', 'published')", name="status"),
        CheckConstraint("responses_count >= 0", name="responses_count"),
    )

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT


class QuestionnaireQuestion(IdMixin, Model):
    """One question of a questionnaire."""

    __tablename__ = "questionnaire_questions"

    questionnaire_id: Mapped[int] = cascade_fk("questionnaires.id")
    position: Mapped[int] = mapped_column(default=0, server_default="0")
    kind: Mapped[str] = mapped_column(String(12))
    profile: Mapped[str | None] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    help: Mapped[str] = mapped_column(String(500), default="", server_default="")
    required: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Text answers: at most this many characters.
    max_length: Mapped[int | None]
    # Choice, ranking and grid columns; grid rows. Lists of labels, answered by position.
    choices: Mapped[list[str]] = mapped_column(JSON, default=list)
    rows: Mapped[list[str]] = mapped_column(JSON, default=list)

    questionnaire: Mapped[Questionnaire] = relationship(back_populates="questions")

    __table_args__ = (
        CheckConstraint(
            "kind IN ('short_text', 'long_text', 'single', 'multiple', 'ranking', 'grid')",
            name="kind",
        ),
        CheckConstraint(
            "profile IS NULL OR (kind = 'single' AND "
            "profile IN ('age_band', 'gender', 'neighbourhood'))",
            name="profile",
        ),
        CheckConstraint("max_length IS NULL OR max_length >= 1", name="max_length"),
    )

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS


class QuestionnaireResponse(IdMixin, MunicipalityScopedMixin, TimestampMixin, Model):
    """One person's response (or an anonymous one, without ``user_id``)."""

    __tablename__ = "questionnaire_responses"

    questionnaire_id: Mapped[int] = cascade_fk("questionnaires.id")
    # NULL for anonymous responses and once the respondent's account is deleted. No IP address
    # or other trace of an anonymous respondent is stored.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    answers: Mapped[list[QuestionnaireAnswer]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", back_populates="response"
    )

    __table_args__ = (
        # One response per person; NULLs (anonymous) are distinct in SQLite and PostgreSQL.
        UniqueConstraint("questionnaire_id", "user_id"),
    )


class QuestionnaireAnswer(IdMixin, Model):
    """The answer to one question: choice positions, a grid, a ranking or a text."""

    __tablename__ = "questionnaire_answers"

    response_id: Mapped[int] = cascade_fk("questionnaire_responses.id")
    question_id: Mapped[int] = cascade_fk("questionnaire_questions.id")
    # single/multiple: [positions]; ranking: positions in order; grid: one column per row
    # (None when a row is left blank); text kinds: None.
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    text: Mapped[str | None] = mapped_column(Text)
    # Staff hide a text answer from the public results and downloads (moderation).
    hidden_at: Mapped[datetime | None]

    response: Mapped[QuestionnaireResponse] = relationship(back_populates="answers")

    __table_args__ = (UniqueConstraint("response_id", "question_id"),)
