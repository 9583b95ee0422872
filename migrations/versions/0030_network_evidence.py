"""network evidence: the indicators that events, initiatives and challenges prove

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-02 02:20:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None

# code -> (suggestion before, suggestion now): installed frameworks learn the new providers.
CHANGES = {
    "PAR-06": ("citizen_initiative", "citizen_initiative initiatives"),
    "PAR-07": (None, "event_forum_minutes"),
    "PAR-08": ("in_person_ballot participant_profile",
               "in_person_ballot participant_profile event_attendance"),
    "INN-04": (None, "codesign_report"),
    "INN-06": (None, "open_innovation_call"),
    "INN-07": (None, "formal_partnership"),
}  # fmt: skip


def _set(code, old, new):
    # Only where the installed framework still says what this release's framework said before.
    if old is None:
        sql = "UPDATE indicators SET suggestion = :new WHERE code = :code AND suggestion IS NULL"
    else:
        sql = "UPDATE indicators SET suggestion = :new WHERE code = :code AND suggestion = :old"
    op.get_bind().execute(sa.text(sql), {"new": new, "code": code, "old": old})


def upgrade():
    # Several activities may prove one indicator: the space-separated list outgrew 40 characters.
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.alter_column(
            "suggestion", existing_type=sa.String(length=40), type_=sa.String(length=200),
            existing_nullable=True,
        )  # fmt: skip
    for code, (old, new) in CHANGES.items():
        _set(code, old, new)


def downgrade():
    for code, (old, new) in CHANGES.items():
        _set(code, new, old)
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.alter_column(
            "suggestion", existing_type=sa.String(length=200), type_=sa.String(length=40),
            existing_nullable=True,
        )  # fmt: skip
