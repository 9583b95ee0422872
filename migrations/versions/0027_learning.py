"""learning (issue 17): exchanges by topic with participants and messages; the indicator
exchanges move into them

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-02 00:40:00

Each ``indicator_exchanges`` row becomes a ``learning_exchanges`` row with the same id, member,
indicator and kind; its partner becomes a participant. Status: pending -> open (partner
invited), accepted -> in progress (partner joined when it was decided), declined -> closed
without outcome (partner declined). The topic follows the indicator's dimension; the title
names the indicator; the message becomes the description. The downgrade moves back the rows
that have an indicator and another member (the first participant): open -> pending,
in progress and completed -> accepted, closed -> declined.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

TOPIC_BY_PREFIX = {
    "PAR": "participation",
    "TRA": "open_government",
    "DIG": "digital_government",
    "INN": "innovation_labs",
}
TO_NEW = {"pending": ("open", "invited"), "accepted": ("in_progress", "joined"),
          "declined": ("closed", "declined")}  # fmt: skip
TO_OLD = {"open": "pending", "in_progress": "accepted", "completed": "accepted",
          "closed": "declined"}  # fmt: skip


def _tables():
    meta = sa.MetaData()
    old = sa.Table(
        "indicator_exchanges", meta,
        sa.Column("id", sa.Integer), sa.Column("municipality_id", sa.Integer),
        sa.Column("partner_id", sa.Integer), sa.Column("indicator_id", sa.Integer),
        sa.Column("kind", sa.String), sa.Column("status", sa.String),
        sa.Column("message", sa.Text), sa.Column("created_by_id", sa.Integer),
        sa.Column("decided_by_id", sa.Integer), sa.Column("decided_at", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True)),
        sa.Column("updated_at", sa.DateTime(timezone=True)),
    )  # fmt: skip
    exchanges = sa.Table(
        "learning_exchanges", meta,
        sa.Column("id", sa.Integer), sa.Column("municipality_id", sa.Integer),
        sa.Column("kind", sa.String), sa.Column("topic", sa.String), sa.Column("title", sa.String),
        sa.Column("description", sa.Text), sa.Column("indicator_id", sa.Integer),
        sa.Column("status", sa.String), sa.Column("outcome", sa.Text),
        sa.Column("created_by_id", sa.Integer), sa.Column("finished_by_id", sa.Integer),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True)),
        sa.Column("updated_at", sa.DateTime(timezone=True)),
    )  # fmt: skip
    participants = sa.Table(
        "learning_participants", meta,
        sa.Column("id", sa.Integer), sa.Column("exchange_id", sa.Integer),
        sa.Column("municipality_id", sa.Integer), sa.Column("status", sa.String),
        sa.Column("invited_by_id", sa.Integer), sa.Column("answered_by_id", sa.Integer),
        sa.Column("created_at", sa.DateTime(timezone=True)),
        sa.Column("joined_at", sa.DateTime(timezone=True)),
    )  # fmt: skip
    indicators = sa.Table(
        "indicators", meta,
        sa.Column("id", sa.Integer), sa.Column("code", sa.String), sa.Column("name_es", sa.String),
    )  # fmt: skip
    return old, exchanges, participants, indicators


def _create_learning_tables():
    op.create_table(
        "learning_exchanges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("topic", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=12), server_default="open", nullable=False),
        sa.Column("outcome", sa.Text(), server_default="", nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("finished_by_id", sa.Integer(), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('offer', 'request')", name=op.f("ck_learning_exchanges_kind")),
        sa.CheckConstraint(
            "status IN ('open', 'in_progress', 'completed', 'closed')",
            name=op.f("ck_learning_exchanges_status"),
        ),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
            name=op.f("fk_learning_exchanges_created_by_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["finished_by_id"], ["users.id"],
            name=op.f("fk_learning_exchanges_finished_by_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["indicator_id"], ["indicators.id"],
            name=op.f("fk_learning_exchanges_indicator_id_indicators"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipalities.id"],
            name=op.f("fk_learning_exchanges_municipality_id_municipalities"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_exchanges")),
    )  # fmt: skip
    with op.batch_alter_table("learning_exchanges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_learning_exchanges_indicator_id"), ["indicator_id"])
        batch_op.create_index(
            batch_op.f("ix_learning_exchanges_municipality_id"), ["municipality_id"]
        )
        batch_op.create_index(batch_op.f("ix_learning_exchanges_topic"), ["topic"])
        batch_op.create_index(
            "ix_learning_exchanges_status_finished_at", ["status", "finished_at"]
        )
    op.create_table(
        "learning_participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exchange_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), server_default="joined", nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("status IN ('invited', 'joined', 'declined')",
            name=op.f("ck_learning_participants_status")),
        sa.ForeignKeyConstraint(["answered_by_id"], ["users.id"],
            name=op.f("fk_learning_participants_answered_by_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["exchange_id"], ["learning_exchanges.id"],
            name=op.f("fk_learning_participants_exchange_id_learning_exchanges"),
            ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["invited_by_id"], ["users.id"],
            name=op.f("fk_learning_participants_invited_by_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipalities.id"],
            name=op.f("fk_learning_participants_municipality_id_municipalities"),
            ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_participants")),
        sa.UniqueConstraint("exchange_id", "municipality_id",
            name=op.f("uq_learning_participants_exchange_id_municipality_id")),
    )  # fmt: skip
    with op.batch_alter_table("learning_participants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_learning_participants_exchange_id"), ["exchange_id"])
        batch_op.create_index(
            batch_op.f("ix_learning_participants_municipality_id"), ["municipality_id"]
        )
    op.create_table(
        "learning_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exchange_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"],
            name=op.f("fk_learning_messages_author_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["exchange_id"], ["learning_exchanges.id"],
            name=op.f("fk_learning_messages_exchange_id_learning_exchanges"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["member_id"], ["municipalities.id"],
            name=op.f("fk_learning_messages_member_id_municipalities"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipalities.id"],
            name=op.f("fk_learning_messages_municipality_id_municipalities"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_messages")),
    )  # fmt: skip
    with op.batch_alter_table("learning_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_learning_messages_author_id"), ["author_id"])
        batch_op.create_index(batch_op.f("ix_learning_messages_exchange_id"), ["exchange_id"])
        batch_op.create_index(
            batch_op.f("ix_learning_messages_municipality_id"), ["municipality_id"]
        )


def _create_old_table():
    op.create_table(
        "indicator_exchanges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), server_default="pending", nullable=False),
        sa.Column("message", sa.Text(), server_default="", nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('offer', 'request')",
            name=op.f("ck_indicator_exchanges_kind")),
        sa.CheckConstraint("status IN ('pending', 'accepted', 'declined')",
            name=op.f("ck_indicator_exchanges_status")),
        sa.CheckConstraint("partner_id <> municipality_id",
            name=op.f("ck_indicator_exchanges_partner")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
            name=op.f("fk_indicator_exchanges_created_by_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"],
            name=op.f("fk_indicator_exchanges_decided_by_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["indicator_id"], ["indicators.id"],
            name=op.f("fk_indicator_exchanges_indicator_id_indicators"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipalities.id"],
            name=op.f("fk_indicator_exchanges_municipality_id_municipalities"),
            ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["partner_id"], ["municipalities.id"],
            name=op.f("fk_indicator_exchanges_partner_id_municipalities"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_exchanges")),
    )  # fmt: skip
    with op.batch_alter_table("indicator_exchanges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_exchanges_indicator_id"), ["indicator_id"])
        batch_op.create_index(
            batch_op.f("ix_indicator_exchanges_municipality_id"), ["municipality_id"]
        )
        batch_op.create_index(batch_op.f("ix_indicator_exchanges_partner_id"), ["partner_id"])


def _reset_sequence(table):
    # Rows were copied with their ids: PostgreSQL's sequence must continue after them.
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        bind.execute(sa.text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 - our names
            f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        ))  # fmt: skip


def upgrade():
    _create_learning_tables()
    old, exchanges, participants, indicators = _tables()
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(old, indicators.c.code, indicators.c.name_es)
        .join(indicators, indicators.c.id == old.c.indicator_id)
        .order_by(old.c.id)
    ).mappings().all()  # fmt: skip
    for row in rows:
        status, joined = TO_NEW.get(row["status"], ("open", "invited"))
        code = row["code"] or ""
        bind.execute(exchanges.insert().values(
            id=row["id"], municipality_id=row["municipality_id"], kind=row["kind"],
            topic=TOPIC_BY_PREFIX.get(code.split("-")[0], "participation"),
            title=f"{code} · {row['name_es'] or ''}"[:200], description=row["message"] or "",
            indicator_id=row["indicator_id"], status=status, outcome="",
            created_by_id=row["created_by_id"],
            finished_by_id=row["decided_by_id"] if status == "closed" else None,
            finished_at=row["decided_at"] if status == "closed" else None,
            created_at=row["created_at"], updated_at=row["updated_at"],
        ))  # fmt: skip
        bind.execute(participants.insert().values(
            exchange_id=row["id"], municipality_id=row["partner_id"], status=joined,
            invited_by_id=row["created_by_id"], answered_by_id=row["decided_by_id"],
            created_at=row["created_at"],
            joined_at=row["decided_at"] if joined == "joined" else None,
        ))  # fmt: skip
    _reset_sequence("learning_exchanges")
    with op.batch_alter_table("indicator_exchanges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_exchanges_partner_id"))
        batch_op.drop_index(batch_op.f("ix_indicator_exchanges_municipality_id"))
        batch_op.drop_index(batch_op.f("ix_indicator_exchanges_indicator_id"))
    op.drop_table("indicator_exchanges")


def downgrade():
    _create_old_table()
    old, exchanges, participants, _indicators = _tables()
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(exchanges).where(exchanges.c.indicator_id.is_not(None)).order_by(exchanges.c.id)
    ).mappings().all()  # fmt: skip
    for row in rows:
        partner = bind.execute(
            sa.select(participants)
            .where(participants.c.exchange_id == row["id"],
                   participants.c.municipality_id != row["municipality_id"])
            .order_by(participants.c.id).limit(1)
        ).mappings().first()  # fmt: skip
        if partner is None:
            continue  # an exchange nobody else was part of has no place in the old model
        status = TO_OLD.get(row["status"], "pending")
        bind.execute(old.insert().values(
            id=row["id"], municipality_id=row["municipality_id"],
            partner_id=partner["municipality_id"], indicator_id=row["indicator_id"],
            kind=row["kind"], status=status, message=row["description"] or "",
            created_by_id=row["created_by_id"],
            decided_by_id=partner["answered_by_id"] if status != "pending" else None,
            decided_at=(
                (partner["joined_at"] or row["finished_at"]) if status != "pending" else None
            ),
            created_at=row["created_at"], updated_at=row["updated_at"],
        ))  # fmt: skip
    _reset_sequence("indicator_exchanges")
    with op.batch_alter_table("learning_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_learning_messages_municipality_id"))
        batch_op.drop_index(batch_op.f("ix_learning_messages_exchange_id"))
        batch_op.drop_index(batch_op.f("ix_learning_messages_author_id"))
    op.drop_table("learning_messages")
    with op.batch_alter_table("learning_participants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_learning_participants_municipality_id"))
        batch_op.drop_index(batch_op.f("ix_learning_participants_exchange_id"))
    op.drop_table("learning_participants")
    with op.batch_alter_table("learning_exchanges", schema=None) as batch_op:
        batch_op.drop_index("ix_learning_exchanges_status_finished_at")
        batch_op.drop_index(batch_op.f("ix_learning_exchanges_topic"))
        batch_op.drop_index(batch_op.f("ix_learning_exchanges_municipality_id"))
        batch_op.drop_index(batch_op.f("ix_learning_exchanges_indicator_id"))
    op.drop_table("learning_exchanges")
