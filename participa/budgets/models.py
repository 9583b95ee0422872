"""Participatory budgets: the money, its districts, the projects and where they come from.

The votes themselves live in the secret ballot box (``participa.voting.box``): a budget owns one
box, and its rows here never say who chose what.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.core.participation import DraftOpenClosed, Participation
from participa.db import (
    IdMixin,
    MunicipalityScopedMixin,
    TimestampMixin,
    cascade_fk,
    ordered_children,
    sql_in,
    utcnow,
)
from participa.extensions import Model
from participa.places.models import District

if TYPE_CHECKING:
    from participa.consultations.models import Consultation
    from participa.core.models import Upload
    from participa.municipalities.models import Municipality
    from participa.voting.models import BallotBox


class BudgetStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class VoteRule(StrEnum):
    """What a voter may select (as Decidim and CONSUL offer it)."""

    WITHIN_BUDGET = "within_budget"  # projects whose costs fit the money (knapsack)
    AT_MOST = "at_most"  # at most N projects
    APPROVAL = "approval"  # any number of projects


class ResultRule(StrEnum):
    """How the funded projects are chosen from the votes."""

    GREEDY = "greedy"
    EQUAL_SHARES = "equal_shares"


STATUSES = tuple(s.value for s in BudgetStatus)
VOTE_RULES = tuple(r.value for r in VoteRule)
RESULT_RULES = tuple(r.value for r in ResultRule)


class Budget(IdMixin, MunicipalityScopedMixin, TimestampMixin, DraftOpenClosed, Model):
    """An amount of public money whose use residents decide by voting on projects."""

    __tablename__ = "budgets"

    consultation_id: Mapped[int] = cascade_fk("consultations.id")
    # The secret ballot box holding the votes; one box per budget.
    box_id: Mapped[int] = mapped_column(ForeignKey("ballot_boxes.id"), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The whole amount; with districts, what the districts do not take goes to projects for
    # the whole municipality.
    total_amount: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    currency: Mapped[str] = mapped_column(String(3))
    participation: Mapped[str] = mapped_column(
        String(20), default=Participation.REGISTERED, server_default="registered"
    )
    vote_rule: Mapped[str] = mapped_column(
        String(20), default=VoteRule.WITHIN_BUDGET, server_default="within_budget"
    )
    # AT_MOST: how many projects a voter may choose (per district).
    max_projects: Mapped[int | None]
    # WITHIN_BUDGET: the least share of the money (percent) a selection must spend.
    min_spend_percent: Mapped[int | None]
    result_rule: Mapped[str] = mapped_column(
        String(20), default=ResultRule.GREEDY, server_default="greedy"
    )
    status: Mapped[str] = mapped_column(
        String(20), default=BudgetStatus.DRAFT, server_default="draft"
    )
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    # Counted at the close: the ballots, and per pool of money (a district's id, or "all" for
    # the whole municipality) the ballots that chose something in it.
    ballots_count: Mapped[int] = mapped_column(default=0, server_default="0")
    pool_voters: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)

    municipality: Mapped[Municipality] = relationship(lazy="joined")
    consultation: Mapped[Consultation] = relationship()
    box: Mapped[BallotBox] = relationship()
    districts: Mapped[list[BudgetDistrict]] = ordered_children("BudgetDistrict", "budget")

    __table_args__ = (
        CheckConstraint(f"status IN ({sql_in(STATUSES)})", name="status"),
        CheckConstraint(f"vote_rule IN ({sql_in(VOTE_RULES)})", name="vote_rule"),
        CheckConstraint(f"result_rule IN ({sql_in(RESULT_RULES)})", name="result_rule"),
        CheckConstraint(f"participation IN ({sql_in(Participation)})", name="participation"),
        CheckConstraint("total_amount > 0", name="total_amount"),
        CheckConstraint("max_projects IS NULL OR max_projects >= 1", name="max_projects"),
        CheckConstraint("min_spend_percent IS NULL OR "
                        "(min_spend_percent >= 0 AND min_spend_percent <= 100)",
                        name="min_spend_percent"),
        CheckConstraint("ballots_count >= 0", name="ballots_count"),
    )  # fmt: skip

    def __repr__(self) -> str:
        return f"<Budget {self.id} {self.status}>"


class BudgetDistrict(IdMixin, MunicipalityScopedMixin, Model):
    """A part of the municipality with its own share of the budget."""

    __tablename__ = "budget_districts"

    budget_id: Mapped[int] = cascade_fk("budgets.id")
    name: Mapped[str] = mapped_column(String(120))
    amount: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    position: Mapped[int] = mapped_column(default=0, server_default="0")

    budget: Mapped[Budget] = relationship(back_populates="districts")

    __table_args__ = (
        UniqueConstraint("budget_id", "name"),
        CheckConstraint("amount > 0", name="amount"),
    )

    def __repr__(self) -> str:
        return f"<BudgetDistrict {self.id} {self.name!r}>"


class BudgetProject(IdMixin, MunicipalityScopedMixin, Model):
    """A costed project that voters may choose; funded or not once the budget closes."""

    __tablename__ = "budget_projects"

    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id", ondelete="CASCADE"))
    # No ON DELETE: a district with projects cannot go, but a deleted budget takes both.
    district_id: Mapped[int | None] = mapped_column(ForeignKey("budget_districts.id"), index=True)
    # The project's id in a Pabulib file it was imported from (else its own id is used).
    code: Mapped[str | None] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    cost: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    location_text: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    # The municipality's district (places), not the budget's own district above.
    area_id: Mapped[int | None] = mapped_column(
        ForeignKey("districts.id", ondelete="SET NULL"), index=True
    )
    image_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(default=0, server_default="0")
    # Filled at the close: the ballots that chose the project, and whether the budget's rule
    # funds it.
    votes: Mapped[int] = mapped_column(default=0, server_default="0")
    funded: Mapped[bool] = mapped_column(default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    budget: Mapped[Budget] = relationship()
    district: Mapped[BudgetDistrict | None] = relationship(lazy="joined")
    image: Mapped[Upload | None] = relationship(lazy="joined")
    area: Mapped[District | None] = relationship(District, lazy="joined")

    __table_args__ = (
        UniqueConstraint("budget_id", "code"),
        CheckConstraint("cost > 0", name="cost"),
        CheckConstraint("votes >= 0", name="votes"),
        CheckConstraint(
            "latitude IS NULL OR (latitude >= -90 AND latitude <= 90)", name="latitude"
        ),
        CheckConstraint(
            "longitude IS NULL OR (longitude >= -180 AND longitude <= 180)", name="longitude"
        ),
        Index("ix_budget_projects_budget_id_position", "budget_id", "position"),
    )

    @property
    def key(self) -> str:
        """The project's name in Pabulib files and in the rules' computations."""
        return self.code or str(self.id)

    def __repr__(self) -> str:
        return f"<BudgetProject {self.id} {self.title!r}>"


class ProjectProposal(IdMixin, MunicipalityScopedMixin, Model):
    """A proposal a project comes from (a project may merge several)."""

    __tablename__ = "budget_project_proposals"

    project_id: Mapped[int] = cascade_fk("budget_projects.id")
    proposal_id: Mapped[int] = cascade_fk("proposals.id")

    __table_args__ = (UniqueConstraint("project_id", "proposal_id"),)
