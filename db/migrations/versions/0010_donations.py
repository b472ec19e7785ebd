"""Donations ledger (후원금품): ``donation`` (received) and ``distribution`` (handed out,
from a pool of kind, item, unit and purpose), in the Resources area

Revision ID: 0010_donations
Revises: 0009_cases
Create Date: 2026-11-28 10:11:28.090643
"""
from alembic import op
import sqlalchemy as sa


revision = '0010_donations'
down_revision = '0009_cases'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('donation',
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('donor_kind', sa.String(length=20), nullable=False),
    sa.Column('donor_name', sa.String(length=100), nullable=False),
    sa.Column('donor_contact', sa.String(length=50), nullable=False),
    sa.Column('organization_id', sa.String(length=36), nullable=True),
    sa.Column('donor_organization', sa.String(length=200), nullable=False),
    sa.Column('consent_to_name', sa.Boolean(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('item', sa.String(length=100), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('designated', sa.Boolean(), nullable=False),
    sa.Column('purpose', sa.String(length=200), nullable=False),
    sa.Column('receipt_number', sa.String(length=50), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('cancelled_on', sa.Date(), nullable=True),
    sa.Column('cancel_reason', sa.String(length=200), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_donation_organization_id_organization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_donation'))
    )
    with op.batch_alter_table('donation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_donation_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_donation_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_donation_received_on'), ['received_on'], unique=False)

    op.create_table('distribution',
    sa.Column('distributed_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('item', sa.String(length=100), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('purpose', sa.String(length=200), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.String(length=36), nullable=True),
    sa.Column('recipient', sa.String(length=100), nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('cancelled_on', sa.Date(), nullable=True),
    sa.Column('cancel_reason', sa.String(length=200), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_distribution_service_id_service')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_distribution'))
    )
    with op.batch_alter_table('distribution', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_distribution_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_distribution_distributed_on'), ['distributed_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_distribution_service_id'), ['service_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('distribution', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_distribution_service_id'))
        batch_op.drop_index(batch_op.f('ix_distribution_distributed_on'))
        batch_op.drop_index(batch_op.f('ix_distribution_change_seq'))

    op.drop_table('distribution')
    with op.batch_alter_table('donation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_donation_received_on'))
        batch_op.drop_index(batch_op.f('ix_donation_organization_id'))
        batch_op.drop_index(batch_op.f('ix_donation_change_seq'))

    op.drop_table('donation')
