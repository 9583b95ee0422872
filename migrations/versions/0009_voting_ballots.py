"""voting: secret ballot boxes (voter roll, anonymous ballots, receipts), ballots, questions,
options and paper totals

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 13:30:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ballot_boxes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), server_default='open', nullable=False),
    sa.Column('link_key', sa.LargeBinary(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('open', 'closed')", name=op.f('ck_ballot_boxes_status')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_ballot_boxes_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot_boxes'))
    )
    with op.batch_alter_table('ballot_boxes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_boxes_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('box_ballots',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('box_id', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('link', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['box_id'], ['ballot_boxes.id'], name=op.f('fk_box_ballots_box_id_ballot_boxes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_box_ballots')),
    sa.UniqueConstraint('box_id', 'link', name=op.f('uq_box_ballots_box_id_link'))
    )
    with op.batch_alter_table('box_ballots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_box_ballots_box_id'), ['box_id'], unique=False)

    op.create_table('box_receipts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('box_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['box_id'], ['ballot_boxes.id'], name=op.f('fk_box_receipts_box_id_ballot_boxes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_box_receipts')),
    sa.UniqueConstraint('box_id', 'code', name=op.f('uq_box_receipts_box_id_code'))
    )
    op.create_table('box_voters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('box_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("channel IN ('online', 'in_person')", name=op.f('ck_box_voters_channel')),
    sa.ForeignKeyConstraint(['box_id'], ['ballot_boxes.id'], name=op.f('fk_box_voters_box_id_ballot_boxes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_box_voters_recorded_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_box_voters_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_box_voters')),
    sa.UniqueConstraint('box_id', 'user_id', name=op.f('uq_box_voters_box_id_user_id'))
    )
    with op.batch_alter_table('box_voters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_box_voters_user_id'), ['user_id'], unique=False)

    op.create_table('ballots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('box_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('participation', sa.String(length=20), server_default='verified', nullable=False),
    sa.Column('status', sa.String(length=10), server_default='draft', nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('results', sa.JSON(), nullable=True),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("participation IN ('registered', 'verified')", name=op.f('ck_ballots_participation')),
    sa.CheckConstraint("status IN ('draft', 'open', 'closed')", name=op.f('ck_ballots_status')),
    sa.ForeignKeyConstraint(['box_id'], ['ballot_boxes.id'], name=op.f('fk_ballots_box_id_ballot_boxes')),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_ballots_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_ballots_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballots')),
    sa.UniqueConstraint('box_id', name=op.f('uq_ballots_box_id'))
    )
    with op.batch_alter_table('ballots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballots_consultation_id'), ['consultation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ballots_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('ballot_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ballot_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), server_default='0', nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('max_choices', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('single', 'multiple', 'approval', 'ranked')", name=op.f('ck_ballot_questions_kind')),
    sa.CheckConstraint('max_choices IS NULL OR max_choices >= 1', name=op.f('ck_ballot_questions_max_choices')),
    sa.ForeignKeyConstraint(['ballot_id'], ['ballots.id'], name=op.f('fk_ballot_questions_ballot_id_ballots'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot_questions'))
    )
    with op.batch_alter_table('ballot_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_questions_ballot_id'), ['ballot_id'], unique=False)

    op.create_table('ballot_stations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ballot_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('ballots_cast', sa.Integer(), server_default='0', nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ballots_cast >= 0', name=op.f('ck_ballot_stations_ballots_cast')),
    sa.ForeignKeyConstraint(['ballot_id'], ['ballots.id'], name=op.f('fk_ballot_stations_ballot_id_ballots'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot_stations')),
    sa.UniqueConstraint('ballot_id', 'name', name=op.f('uq_ballot_stations_ballot_id_name'))
    )
    with op.batch_alter_table('ballot_stations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_stations_ballot_id'), ['ballot_id'], unique=False)

    op.create_table('ballot_options',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), server_default='0', nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=True),
    sa.Column('online_votes', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_ballot_options_proposal_id_proposals'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['question_id'], ['ballot_questions.id'], name=op.f('fk_ballot_options_question_id_ballot_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot_options'))
    )
    with op.batch_alter_table('ballot_options', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_options_proposal_id'), ['proposal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ballot_options_question_id'), ['question_id'], unique=False)

    op.create_table('ballot_paper_tallies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('option_id', sa.Integer(), nullable=False),
    sa.Column('votes', sa.Integer(), nullable=False),
    sa.CheckConstraint('votes >= 0', name=op.f('ck_ballot_paper_tallies_votes')),
    sa.ForeignKeyConstraint(['option_id'], ['ballot_options.id'], name=op.f('fk_ballot_paper_tallies_option_id_ballot_options'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['station_id'], ['ballot_stations.id'], name=op.f('fk_ballot_paper_tallies_station_id_ballot_stations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot_paper_tallies')),
    sa.UniqueConstraint('station_id', 'option_id', name=op.f('uq_ballot_paper_tallies_station_id_option_id'))
    )
    with op.batch_alter_table('ballot_paper_tallies', schema=None) as batch_op:
        batch_op.create_index('ix_ballot_paper_tallies_option_id', ['option_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ballot_paper_tallies_station_id'), ['station_id'], unique=False)



def downgrade():
    with op.batch_alter_table('ballot_paper_tallies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballot_paper_tallies_station_id'))
        batch_op.drop_index('ix_ballot_paper_tallies_option_id')

    op.drop_table('ballot_paper_tallies')
    with op.batch_alter_table('ballot_options', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballot_options_question_id'))
        batch_op.drop_index(batch_op.f('ix_ballot_options_proposal_id'))

    op.drop_table('ballot_options')
    with op.batch_alter_table('ballot_stations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballot_stations_ballot_id'))

    op.drop_table('ballot_stations')
    with op.batch_alter_table('ballot_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballot_questions_ballot_id'))

    op.drop_table('ballot_questions')
    with op.batch_alter_table('ballots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballots_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_ballots_consultation_id'))

    op.drop_table('ballots')
    with op.batch_alter_table('box_voters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_box_voters_user_id'))

    op.drop_table('box_voters')
    op.drop_table('box_receipts')
    with op.batch_alter_table('box_ballots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_box_ballots_box_id'))

    op.drop_table('box_ballots')
    with op.batch_alter_table('ballot_boxes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballot_boxes_municipality_id'))

    op.drop_table('ballot_boxes')
