"""compartments: sealed fields are text (member.birth_date, member.phone, contact.private_phone)

The columns only change type here: a migration holds no key, so the values stay as they
were until the first login by an administrator, which creates the compartment keys and
seals every value in one transaction (``app.security.key_access``). Until then a viewer's
password still shows them, as before the upgrade; the README says so.

Revision ID: 0012_compartments
Revises: 0011_network
Create Date: 2026-12-05 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0012_compartments'
down_revision = '0011_network'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.alter_column('birth_date', existing_type=sa.Date(), type_=sa.Text(), existing_nullable=True)
        batch_op.alter_column('phone', existing_type=sa.String(length=20), type_=sa.Text(), existing_nullable=False)
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.alter_column('private_phone', existing_type=sa.String(length=20), type_=sa.Text(),
                              existing_nullable=False)


def downgrade() -> None:
    # Sealed values stay sealed text: going back needs the program's keys, not a schema.
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.alter_column('private_phone', existing_type=sa.Text(), type_=sa.String(length=20),
                              existing_nullable=False)
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.alter_column('phone', existing_type=sa.Text(), type_=sa.String(length=20), existing_nullable=False)
        batch_op.alter_column('birth_date', existing_type=sa.Text(), type_=sa.Date(), existing_nullable=True)
