"""initial schema: installation, settings, members, terms, subcommittees

Revision ID: 0001
Revises: 
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    change_counter = op.create_table('change_counter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_counter'))
    )
    # The single counter row that every synced write increments.
    op.bulk_insert(change_counter, [{'id': 1, 'value': 0}])
    op.create_table('installation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('council_code', sa.String(length=20), nullable=False),
    sa.Column('council_name', sa.String(length=100), nullable=False),
    sa.Column('site_role', sa.String(length=10), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_installation'))
    )
    op.create_table('member',
    sa.Column('name', sa.String(length=30), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('affiliation', sa.String(length=100), nullable=False),
    sa.Column('position', sa.String(length=50), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('category', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('honorary_official', sa.Boolean(), nullable=False),
    sa.Column('pledge_on', sa.Date(), nullable=True),
    sa.Column('consent_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member'))
    )
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_member_name'), ['name'], unique=False)

    op.create_table('setting',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_setting'))
    )
    op.create_table('member_term',
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.Column('recommended_on', sa.Date(), nullable=True),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('end_on', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('end_reason', sa.String(length=20), nullable=True),
    sa.Column('end_note', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_member_term_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member_term'))
    )
    with op.batch_alter_table('member_term', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_term_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_member_term_member_id'), ['member_id'], unique=False)

    op.create_table('subcommittee',
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('service_areas', sa.String(length=200), nullable=False),
    sa.Column('lead_member_id', sa.String(length=36), nullable=True),
    sa.Column('founded_on', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['lead_member_id'], ['member.id'], name=op.f('fk_subcommittee_lead_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subcommittee'))
    )
    with op.batch_alter_table('subcommittee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subcommittee_change_seq'), ['change_seq'], unique=False)

    op.create_table('subcommittee_membership',
    sa.Column('subcommittee_id', sa.String(length=36), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.Column('joined_on', sa.Date(), nullable=False),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_subcommittee_membership_member_id_member')),
    sa.ForeignKeyConstraint(['subcommittee_id'], ['subcommittee.id'], name=op.f('fk_subcommittee_membership_subcommittee_id_subcommittee')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subcommittee_membership'))
    )
    with op.batch_alter_table('subcommittee_membership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subcommittee_membership_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_subcommittee_membership_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_subcommittee_membership_subcommittee_id'), ['subcommittee_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('subcommittee_membership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subcommittee_membership_subcommittee_id'))
        batch_op.drop_index(batch_op.f('ix_subcommittee_membership_member_id'))
        batch_op.drop_index(batch_op.f('ix_subcommittee_membership_change_seq'))

    op.drop_table('subcommittee_membership')
    with op.batch_alter_table('subcommittee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subcommittee_change_seq'))

    op.drop_table('subcommittee')
    with op.batch_alter_table('member_term', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_member_term_member_id'))
        batch_op.drop_index(batch_op.f('ix_member_term_change_seq'))

    op.drop_table('member_term')
    op.drop_table('setting')
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_member_name'))
        batch_op.drop_index(batch_op.f('ix_member_change_seq'))

    op.drop_table('member')
    op.drop_table('installation')
    op.drop_table('change_counter')
