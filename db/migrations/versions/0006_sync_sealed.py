"""Sync policies: the council's sibling devices, sealed items and absent fields per record;
a city keeps no plaintext of sealed fields

Revision ID: 0006
Revises: 0005_keyed_log
Create Date: 2026-11-30 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005_keyed_log'
branch_labels = None
depends_on = None

# The fields declared SEALED at this revision (app.areas). Written out here: a migration
# must do the same thing forever, whatever the registry says later.
_SEALED_AT_0005 = {"member": {"phone": "''", "birth_date": "NULL", "note": "''"}, "member_term": {"end_note": "''"}}


def upgrade() -> None:
    op.create_table('sync_sibling',
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('box_public', sa.LargeBinary(), nullable=False),
    sa.Column('sign_public', sa.LargeBinary(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('listed_at', sa.DateTime(), nullable=False),
    sa.Column('package_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('device_id', name=op.f('pk_sync_sibling'))
    )
    with op.batch_alter_table('sync_record_state', schema=None) as batch_op:
        batch_op.add_column(sa.Column('relay', sa.Text(), nullable=True))
    # A city that received plaintext sealed fields before this version forgets them: the
    # council's devices still hold them, and from now on they travel sealed.
    bind = op.get_bind()
    role = bind.execute(sa.text("SELECT site_role FROM installation")).scalar()
    if role == "city":
        for table, fields in _SEALED_AT_0005.items():
            assignments = ", ".join(f"{name} = {value}" for name, value in fields.items())
            bind.execute(sa.text(f"UPDATE {table} SET {assignments}"))


def downgrade() -> None:
    # Forgotten plaintext stays forgotten: there is nothing to put back.
    with op.batch_alter_table('sync_record_state', schema=None) as batch_op:
        batch_op.drop_column('relay')
    op.drop_table('sync_sibling')
