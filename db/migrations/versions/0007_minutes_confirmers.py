"""Minutes name their two 확인자 (the members who confirm them by signing)

Revision ID: 0007_minutes_confirmers
Revises: 0006
Create Date: 2026-12-01 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007_minutes_confirmers'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confirmer1_member_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('confirmer2_member_id', sa.String(length=36), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_meeting_confirmer1_member_id_member'), 'member',
                                    ['confirmer1_member_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_meeting_confirmer2_member_id_member'), 'member',
                                    ['confirmer2_member_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_meeting_confirmer2_member_id_member'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_meeting_confirmer1_member_id_member'), type_='foreignkey')
        batch_op.drop_column('confirmer2_member_id')
        batch_op.drop_column('confirmer1_member_id')
