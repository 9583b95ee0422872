"""events (issue 17): events of members and of the network, their agenda, registrations,
attendance counts, officials trained and links

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-02 00:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "events",
        sa.Column("municipality_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("kind", sa.String(length=20), server_default="meeting", nullable=False),
        sa.Column("format", sa.String(length=20), server_default="in_person", nullable=False),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("online_url", sa.String(length=500), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("time_zone", sa.String(length=64), server_default="UTC", nullable=False),
        sa.Column("topic", sa.String(length=40), nullable=True),
        sa.Column("status", sa.String(length=20), server_default="draft", nullable=False),
        sa.Column("registration_open", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("minutes", sa.Text(), nullable=True),
        sa.Column("minutes_published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attendance_total", sa.Integer(), nullable=True),
        sa.Column("attendance_recorded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "format IN ('in_person', 'online', 'hybrid')", name=op.f("ck_events_format")
        ),
        sa.CheckConstraint(
            "kind IN ('meeting', 'forum', 'training', 'webinar', 'workshop')",
            name=op.f("ck_events_kind"),
        ),
        sa.CheckConstraint(
            "status IN ('draft', 'published', 'cancelled')", name=op.f("ck_events_status")
        ),
        sa.CheckConstraint(
            "attendance_total IS NULL OR attendance_total >= 0", name=op.f("ck_events_attendance")
        ),
        sa.CheckConstraint("capacity IS NULL OR capacity >= 1", name=op.f("ck_events_capacity")),
        sa.CheckConstraint("ends_at >= starts_at", name=op.f("ck_events_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_events_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_events_municipality_id"), ["municipality_id"], unique=False
        )
        batch_op.create_index("ix_events_status_starts_at", ["status", "starts_at"], unique=False)

    op.create_table(
        "event_agenda_items",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        sa.Column("time", sa.String(length=20), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_agenda_items_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_agenda_items")),
    )
    with op.batch_alter_table("event_agenda_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_agenda_items_event_id"), ["event_id"], unique=False
        )

    op.create_table(
        "event_attendance_counts",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("dimension", sa.String(length=20), nullable=False),
        sa.Column("category", sa.String(length=120), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "dimension IN ('gender', 'age', 'territory')",
            name=op.f("ck_event_attendance_counts_dimension"),
        ),
        sa.CheckConstraint("count >= 0", name=op.f("ck_event_attendance_counts_count")),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_attendance_counts_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_attendance_counts")),
        sa.UniqueConstraint(
            "event_id",
            "dimension",
            "category",
            name=op.f("uq_event_attendance_counts_event_id_dimension_category"),
        ),
    )
    with op.batch_alter_table("event_attendance_counts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_attendance_counts_event_id"), ["event_id"], unique=False
        )

    op.create_table(
        "event_links",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("target_kind", sa.String(length=40), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_links_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_links")),
        sa.UniqueConstraint(
            "event_id",
            "target_kind",
            "target_id",
            name=op.f("uq_event_links_event_id_target_kind_target_id"),
        ),
    )
    with op.batch_alter_table("event_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_links_event_id"), ["event_id"], unique=False)
        batch_op.create_index(
            "ix_event_links_target_kind_target_id", ["target_kind", "target_id"], unique=False
        )

    op.create_table(
        "event_officials",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_officials_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_event_officials_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_event_officials_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_officials")),
        sa.UniqueConstraint(
            "event_id", "user_id", name=op.f("uq_event_officials_event_id_user_id")
        ),
    )
    with op.batch_alter_table("event_officials", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_officials_event_id"), ["event_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_event_officials_municipality_id"), ["municipality_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_event_officials_user_id"), ["user_id"], unique=False)

    op.create_table(
        "event_registrations",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), server_default="confirmed", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('confirmed', 'waiting')", name=op.f("ck_event_registrations_status")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_registrations_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_event_registrations_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_registrations")),
        sa.UniqueConstraint(
            "event_id", "user_id", name=op.f("uq_event_registrations_event_id_user_id")
        ),
    )
    with op.batch_alter_table("event_registrations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_registrations_event_id"), ["event_id"], unique=False
        )
        batch_op.create_index(
            "ix_event_registrations_event_id_status", ["event_id", "status", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_event_registrations_user_id"), ["user_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("event_registrations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_registrations_user_id"))
        batch_op.drop_index("ix_event_registrations_event_id_status")
        batch_op.drop_index(batch_op.f("ix_event_registrations_event_id"))

    op.drop_table("event_registrations")
    with op.batch_alter_table("event_officials", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_officials_user_id"))
        batch_op.drop_index(batch_op.f("ix_event_officials_municipality_id"))
        batch_op.drop_index(batch_op.f("ix_event_officials_event_id"))

    op.drop_table("event_officials")
    with op.batch_alter_table("event_links", schema=None) as batch_op:
        batch_op.drop_index("ix_event_links_target_kind_target_id")
        batch_op.drop_index(batch_op.f("ix_event_links_event_id"))

    op.drop_table("event_links")
    with op.batch_alter_table("event_attendance_counts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_attendance_counts_event_id"))

    op.drop_table("event_attendance_counts")
    with op.batch_alter_table("event_agenda_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_agenda_items_event_id"))

    op.drop_table("event_agenda_items")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_status_starts_at")
        batch_op.drop_index(batch_op.f("ix_events_municipality_id"))

    op.drop_table("events")
