"""hardening open contracting

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-01 10:30:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    _h2_upgrade()
    _h3_upgrade()


def downgrade():
    _h3_downgrade()
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
    # Parent tables are never rebuilt: on SQLite that drops them, cascading to their children.
    with op.batch_alter_table('municipalities', schema=None, recreate='never') as batch_op:
        batch_op.create_index(batch_op.f('ix_municipalities_ocid_prefix'), ['ocid_prefix'],
                              unique=True)

    # Harvesting by publication on the platform (not by release date): a column per process,
    # filled from the releases' publication moments, and an index for the releases API.
    with op.batch_alter_table('procurement_processes', schema=None, recreate='never') as batch_op:
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

    # Imports: where imported releases came from (publisher, extensions), and the conflicts
    # between imported organisations and the register, for staff to decide.
    op.create_table('contracting_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('processes', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_processes', sa.Integer(), server_default='0', nullable=False),
    sa.Column('releases', sa.Integer(), server_default='0', nullable=False),
    sa.Column('package_uri', sa.String(length=500), nullable=True),
    sa.Column('published_date', sa.String(length=40), nullable=True),
    sa.Column('publisher', sa.JSON(), nullable=True),
    sa.Column('license', sa.String(length=300), nullable=True),
    sa.Column('publication_policy', sa.String(length=300), nullable=True),
    sa.Column('declared_extensions', sa.JSON(), nullable=False),
    sa.Column('extensions', sa.JSON(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('package', 'csv')", name=op.f('ck_contracting_imports_kind')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_contracting_imports_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_contracting_imports_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contracting_imports'))
    )
    with op.batch_alter_table('contracting_imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contracting_imports_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('contracting_party_conflicts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.Column('ocid', sa.String(length=120), nullable=True),
    sa.Column('release_id', sa.String(length=200), nullable=True),
    sa.Column('differences', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=10), server_default='pending', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('pending', 'accepted', 'kept')", name=op.f('ck_contracting_party_conflicts_status')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_contracting_party_conflicts_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['import_id'], ['contracting_imports.id'], name=op.f('fk_contracting_party_conflicts_import_id_contracting_imports'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_contracting_party_conflicts_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['party_id'], ['contracting_parties.id'], name=op.f('fk_contracting_party_conflicts_party_id_contracting_parties'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contracting_party_conflicts'))
    )
    with op.batch_alter_table('contracting_party_conflicts', schema=None) as batch_op:
        batch_op.create_index('ix_contracting_party_conflicts_open', ['municipality_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_contracting_party_conflicts_import_id'), ['import_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contracting_party_conflicts_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contracting_party_conflicts_party_id'), ['party_id'], unique=False)

    # Rebuilt on SQLite to add the foreign key; nothing refers to ocds_releases.
    with op.batch_alter_table('ocds_releases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('import_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_ocds_releases_import_id'), ['import_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_ocds_releases_import_id_contracting_imports'), 'contracting_imports', ['import_id'], ['id'], ondelete='SET NULL')


def _h2_downgrade():
    with op.batch_alter_table('ocds_releases', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_ocds_releases_import_id_contracting_imports'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_ocds_releases_import_id'))
        batch_op.drop_column('import_id')
    with op.batch_alter_table('contracting_party_conflicts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contracting_party_conflicts_party_id'))
        batch_op.drop_index(batch_op.f('ix_contracting_party_conflicts_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_contracting_party_conflicts_import_id'))
        batch_op.drop_index('ix_contracting_party_conflicts_open')
    op.drop_table('contracting_party_conflicts')
    with op.batch_alter_table('contracting_imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contracting_imports_municipality_id'))
    op.drop_table('contracting_imports')
    with op.batch_alter_table('ocds_releases', schema=None) as batch_op:
        batch_op.drop_index('ix_ocds_releases_municipality_published')
    # Never rebuilt: on SQLite, dropping the old table would cascade to releases and parties.
    with op.batch_alter_table('procurement_processes', schema=None, recreate='never') as batch_op:
        batch_op.drop_index(batch_op.f('ix_procurement_processes_last_platform_publication_at'))
        batch_op.drop_column('last_platform_publication_at')
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_municipalities_ocid_prefix'))


# H3 (corrections, statuses, new-supplier flag on business dates, dates, search) -----------------


def _h3_upgrade():
    # The "new supplier" red flag rests on each supplier's earliest award or contract date,
    # kept per process and role, never on when an organisation row was created or imported.
    with op.batch_alter_table('procurement_process_parties', schema=None) as batch_op:
        batch_op.add_column(sa.Column('earliest_date', sa.DateTime(timezone=True), nullable=True))
    _h3_fill_earliest_dates()


def _h3_fill_earliest_dates():
    import json
    from datetime import datetime, timezone

    def moment(text):
        try:
            value = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
        except ValueError:
            return None
        return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).astimezone(
            timezone.utc)

    bind = op.get_bind()
    update = sa.text(
        "UPDATE procurement_process_parties SET earliest_date = :moment "
        "WHERE process_id = :process AND role = 'supplier' AND party_id IN ("
        "SELECT id FROM contracting_parties WHERE municipality_id = :municipality "
        "AND ocds_id = :party)"
    ).bindparams(sa.bindparam("moment", type_=sa.DateTime(timezone=True)))
    rows = bind.execute(sa.text(
        "SELECT id, municipality_id, compiled FROM procurement_processes "
        "WHERE compiled IS NOT NULL"
    )).all()
    for process_id, municipality_id, compiled in rows:
        compiled = json.loads(compiled) if isinstance(compiled, str) else compiled or {}
        awards = {a.get("id"): a for a in compiled.get("awards") or [] if isinstance(a, dict)}
        dated = [(a, a.get("date")) for a in awards.values()]
        dated += [(awards.get(c.get("awardID")) or {}, c.get("dateSigned"))
                  for c in compiled.get("contracts") or [] if isinstance(c, dict)]
        earliest = {}
        for award, text in dated:
            when = moment(text) if text else None
            for supplier in award.get("suppliers") or [] if when else []:
                key = supplier.get("id")
                if key and (key not in earliest or when < earliest[key]):
                    earliest[key] = when
        for party, when in earliest.items():
            bind.execute(update, {"moment": when, "process": process_id,
                                  "municipality": municipality_id, "party": party})


def _h3_downgrade():
    with op.batch_alter_table('procurement_process_parties', schema=None) as batch_op:
        batch_op.drop_column('earliest_date')
