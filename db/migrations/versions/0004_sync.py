"""USB synchronisation: identity keys, trusted sites, applied packages, record versions, conflicts

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 23:43:59.674481
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_applied_package',
    sa.Column('package_id', sa.String(length=36), nullable=False),
    sa.Column('sender_device', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('seq_to', sa.Integer(), nullable=False),
    sa.Column('applied_at', sa.DateTime(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('package_id', name=op.f('pk_sync_applied_package'))
    )
    with op.batch_alter_table('sync_applied_package', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_applied_package_sender_device'), ['sender_device'], unique=False)

    op.create_table('sync_conflict',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('council_code', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('package_id', sa.String(length=36), nullable=False),
    sa.Column('incoming_device', sa.String(length=36), nullable=False),
    sa.Column('local_vv', sa.Text(), nullable=False),
    sa.Column('local_data', sa.Text(), nullable=False),
    sa.Column('incoming_vv', sa.Text(), nullable=False),
    sa.Column('incoming_data', sa.Text(), nullable=False),
    sa.Column('base_hash', sa.String(length=64), nullable=True),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolved_by', sa.String(length=40), nullable=False),
    sa.Column('choices', sa.Text(), nullable=False),
    sa.Column('result_data', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_conflict'))
    )
    with op.batch_alter_table('sync_conflict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_conflict_record_id'), ['record_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sync_conflict_status'), ['status'], unique=False)

    op.create_table('sync_identity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('sign_key', sa.LargeBinary(), nullable=False),
    sa.Column('box_key', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('enrollment_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_identity'))
    )
    op.create_table('sync_record_state',
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('council_code', sa.String(length=20), nullable=False),
    sa.Column('vv', sa.Text(), nullable=False),
    sa.Column('local_seq', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('received_from', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('table_name', 'record_id', name=op.f('pk_sync_record_state')),
    sqlite_with_rowid=False
    )

    op.create_table('sync_site',
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('council_code', sa.String(length=20), nullable=False),
    sa.Column('council_name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('sign_public', sa.LargeBinary(), nullable=False),
    sa.Column('box_public', sa.LargeBinary(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('enrolled_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('last_package_at', sa.DateTime(), nullable=True),
    sa.Column('last_package_id', sa.String(length=36), nullable=False),
    sa.Column('acked_seq', sa.Integer(), nullable=False),
    sa.Column('received_seq', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('device_id', name=op.f('pk_sync_site'))
    )
    with op.batch_alter_table('sync_site', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_site_council_code'), ['council_code'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('sync_site', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_site_council_code'))

    op.drop_table('sync_site')
    op.drop_table('sync_record_state')
    op.drop_table('sync_identity')
    with op.batch_alter_table('sync_conflict', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_conflict_status'))
        batch_op.drop_index(batch_op.f('ix_sync_conflict_record_id'))

    op.drop_table('sync_conflict')
    with op.batch_alter_table('sync_applied_package', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_applied_package_sender_device'))

    op.drop_table('sync_applied_package')
