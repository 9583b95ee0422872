"""hardening open contracting

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 10:30:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    _h2_upgrade()


def downgrade():
    _h2_downgrade()


# H2 (prefixes, imports, party conflicts, publication dates) -------------------------------------


def _h2_upgrade():
    # OCDS prefixes are unique across the installation. Empty text is no prefix; duplicates
    # cannot be resolved here (both may have published ocids), so the upgrade says which.
    op.execute("UPDATE municipalities SET ocid_prefix = NULL WHERE ocid_prefix = ''")
    duplicates = op.get_bind().execute(sa.text(
        "SELECT ocid_prefix, COUNT(*) FROM municipalities WHERE ocid_prefix IS NOT NULL "
        "GROUP BY ocid_prefix HAVING COUNT(*) > 1"
    )).all()
    if duplicates:
        raise RuntimeError(
            "Several municipalities share an OCDS prefix ("
            + ", ".join(f"{prefix}: {count}" for prefix, count in duplicates)
            + "). Give each municipality its own prefix, then run the upgrade again."
        )
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_municipalities_ocid_prefix'), ['ocid_prefix'],
                              unique=True)

    # Harvesting by publication on the platform (not by release date): a column per process,
    # filled from the releases' publication moments, and an index for the releases API.
    with op.batch_alter_table('procurement_processes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_platform_publication_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.create_index(batch_op.f('ix_procurement_processes_last_platform_publication_at'),
                              ['last_platform_publication_at'], unique=False)
    op.execute(
        "UPDATE procurement_processes SET last_platform_publication_at = ("
        "SELECT MAX(ocds_releases.published_at) FROM ocds_releases "
        "WHERE ocds_releases.process_id = procurement_processes.id)"
    )
    with op.batch_alter_table('ocds_releases', schema=None) as batch_op:
        batch_op.create_index('ix_ocds_releases_municipality_published',
                              ['municipality_id', 'published_at', 'id'], unique=False)


def _h2_downgrade():
    with op.batch_alter_table('ocds_releases', schema=None) as batch_op:
        batch_op.drop_index('ix_ocds_releases_municipality_published')
    with op.batch_alter_table('procurement_processes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_procurement_processes_last_platform_publication_at'))
        batch_op.drop_column('last_platform_publication_at')
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_municipalities_ocid_prefix'))
