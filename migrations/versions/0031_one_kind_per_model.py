"""one kind per model: drafts, processes and library entries keep one name in every system

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-03 08:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None

# (table, column, name before, name now): the same content was declared under two names, so a
# page asked twice whether anything was linked to it.
RENAMES = [
    ("attachments", "target_kind", "draft", "legislation_draft"),
    ("attachments", "target_kind", "process", "procurement_process"),
    ("search_documents", "kind", "draft", "legislation_draft"),
    ("search_documents", "kind", "procurement", "procurement_process"),
    ("event_links", "target_kind", "library_practice", "library_entry"),
]


def _rename(table: str, column: str, old: str, new: str) -> None:
    target = sa.table(table, sa.column(column, sa.String))
    op.execute(target.update().where(target.c[column] == old).values({column: new}))


def upgrade():
    for table, column, old, new in RENAMES:
        _rename(table, column, old, new)


def downgrade():
    for table, column, old, new in RENAMES:
        _rename(table, column, new, old)
