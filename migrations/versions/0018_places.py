"""places: districts; where proposals, budget projects and procurement processes are

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 20:20:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

LATITUDE = "latitude IS NULL OR (latitude >= -90 AND latitude <= 90)"
LONGITUDE = "longitude IS NULL OR (longitude >= -180 AND longitude <= 180)"


def upgrade():
    op.create_table(
        "districts",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("boundary", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_districts_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_districts")),
        sa.UniqueConstraint("municipality_id", "name", name=op.f("uq_districts_municipality_id_name")),
    )
    with op.batch_alter_table("districts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_districts_municipality_id"), ["municipality_id"])

    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("district_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_proposals_district_id"), ["district_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_proposals_district_id_districts"),
            "districts", ["district_id"], ["id"], ondelete="SET NULL",
        )

    with op.batch_alter_table("budget_projects", schema=None) as batch_op:
        batch_op.add_column(sa.Column("latitude", sa.Double(), nullable=True))
        batch_op.add_column(sa.Column("longitude", sa.Double(), nullable=True))
        batch_op.add_column(sa.Column("area_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_budget_projects_area_id"), ["area_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_budget_projects_area_id_districts"),
            "districts", ["area_id"], ["id"], ondelete="SET NULL",
        )
        batch_op.create_check_constraint("latitude", LATITUDE)
        batch_op.create_check_constraint("longitude", LONGITUDE)

    with op.batch_alter_table("procurement_processes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("location_text", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("latitude", sa.Double(), nullable=True))
        batch_op.add_column(sa.Column("longitude", sa.Double(), nullable=True))
        batch_op.add_column(sa.Column("district_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_procurement_processes_district_id"), ["district_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_procurement_processes_district_id_districts"),
            "districts", ["district_id"], ["id"], ondelete="SET NULL",
        )
        batch_op.create_check_constraint("latitude", LATITUDE)
        batch_op.create_check_constraint("longitude", LONGITUDE)


def downgrade():
    with op.batch_alter_table("procurement_processes", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_procurement_processes_longitude"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_procurement_processes_latitude"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_procurement_processes_district_id_districts"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_procurement_processes_district_id"))
        batch_op.drop_column("district_id")
        batch_op.drop_column("longitude")
        batch_op.drop_column("latitude")
        batch_op.drop_column("location_text")

    with op.batch_alter_table("budget_projects", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_budget_projects_longitude"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_budget_projects_latitude"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_budget_projects_area_id_districts"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_budget_projects_area_id"))
        batch_op.drop_column("area_id")
        batch_op.drop_column("longitude")
        batch_op.drop_column("latitude")

    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_proposals_district_id_districts"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_proposals_district_id"))
        batch_op.drop_column("district_id")

    with op.batch_alter_table("districts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_districts_municipality_id"))
    op.drop_table("districts")
