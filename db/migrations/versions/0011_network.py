"""Network (네트워크): joint projects (특화사업·공동사업) with their partner organizations,
and the plan items of the 지역사회보장계획 per subcommittee tied to meeting decisions

Revision ID: 0011_network
Revises: 0010_donations
Create Date: 2026-11-28 10:26:51.520007
"""
from alembic import op
import sqlalchemy as sa


revision = '0011_network'
down_revision = '0010_donations'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('plan_item',
    sa.Column('subcommittee_id', sa.String(length=36), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['subcommittee_id'], ['subcommittee.id'], name=op.f('fk_plan_item_subcommittee_id_subcommittee')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_item'))
    )
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_item_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_item_subcommittee_id'), ['subcommittee_id'], unique=False)

    op.create_table('joint_project',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('subcommittee_id', sa.String(length=36), nullable=True),
    sa.Column('plan_item_id', sa.String(length=36), nullable=True),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('end_on', sa.Date(), nullable=True),
    sa.Column('budget', sa.Integer(), nullable=False),
    sa.Column('spending', sa.Integer(), nullable=False),
    sa.Column('beneficiaries', sa.Integer(), nullable=True),
    sa.Column('progress_note', sa.Text(), nullable=False),
    sa.Column('result', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['plan_item_id'], ['plan_item.id'], name=op.f('fk_joint_project_plan_item_id_plan_item')),
    sa.ForeignKeyConstraint(['subcommittee_id'], ['subcommittee.id'], name=op.f('fk_joint_project_subcommittee_id_subcommittee')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_joint_project'))
    )
    with op.batch_alter_table('joint_project', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_joint_project_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_joint_project_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_joint_project_plan_item_id'), ['plan_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_joint_project_start_on'), ['start_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_joint_project_subcommittee_id'), ['subcommittee_id'], unique=False)

    op.create_table('joint_project_partner',
    sa.Column('joint_project_id', sa.String(length=36), nullable=False),
    sa.Column('organization_id', sa.String(length=36), nullable=False),
    sa.Column('role', sa.String(length=100), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['joint_project_id'], ['joint_project.id'], name=op.f('fk_joint_project_partner_joint_project_id_joint_project')),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_joint_project_partner_organization_id_organization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_joint_project_partner'))
    )
    with op.batch_alter_table('joint_project_partner', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_joint_project_partner_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_joint_project_partner_joint_project_id'), ['joint_project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_joint_project_partner_organization_id'), ['organization_id'], unique=False)

    op.create_table('plan_item_decision',
    sa.Column('plan_item_id', sa.String(length=36), nullable=False),
    sa.Column('agenda_item_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_item.id'], name=op.f('fk_plan_item_decision_agenda_item_id_agenda_item')),
    sa.ForeignKeyConstraint(['plan_item_id'], ['plan_item.id'], name=op.f('fk_plan_item_decision_plan_item_id_plan_item')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_item_decision'))
    )
    with op.batch_alter_table('plan_item_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_item_decision_agenda_item_id'), ['agenda_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_item_decision_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_item_decision_plan_item_id'), ['plan_item_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('plan_item_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_item_decision_plan_item_id'))
        batch_op.drop_index(batch_op.f('ix_plan_item_decision_change_seq'))
        batch_op.drop_index(batch_op.f('ix_plan_item_decision_agenda_item_id'))

    op.drop_table('plan_item_decision')
    with op.batch_alter_table('joint_project_partner', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_joint_project_partner_organization_id'))
        batch_op.drop_index(batch_op.f('ix_joint_project_partner_joint_project_id'))
        batch_op.drop_index(batch_op.f('ix_joint_project_partner_change_seq'))

    op.drop_table('joint_project_partner')
    with op.batch_alter_table('joint_project', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_joint_project_subcommittee_id'))
        batch_op.drop_index(batch_op.f('ix_joint_project_start_on'))
        batch_op.drop_index(batch_op.f('ix_joint_project_plan_item_id'))
        batch_op.drop_index(batch_op.f('ix_joint_project_name'))
        batch_op.drop_index(batch_op.f('ix_joint_project_change_seq'))

    op.drop_table('joint_project')
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_item_subcommittee_id'))
        batch_op.drop_index(batch_op.f('ix_plan_item_change_seq'))

    op.drop_table('plan_item')
