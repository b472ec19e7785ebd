"""keyring_state: the generation of the last MACed keyring the file saw

Empty until the first login after the upgrade, which MACs the keyring and records it.

Revision ID: 0007_keyring_state
Revises: 0006
Create Date: 2026-11-28 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007_keyring_state'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('keyring_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_keyring_state'))
    )


def downgrade() -> None:
    op.drop_table('keyring_state')
