"""meetings: attendance, agenda items, recusals, follow-ups, minutes versions, addenda, attachments

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('meeting',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('subcommittee_id', sa.String(length=36), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('start_time', sa.String(length=5), nullable=False),
    sa.Column('end_time', sa.String(length=5), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('called_by', sa.String(length=20), nullable=False),
    sa.Column('requested_by_count', sa.Integer(), nullable=True),
    sa.Column('notice_on', sa.Date(), nullable=True),
    sa.Column('urgent', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('recorder', sa.String(length=50), nullable=False),
    sa.Column('other_business', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('minutes_approved_on', sa.Date(), nullable=True),
    sa.Column('minutes_approved_by', sa.String(length=100), nullable=False),
    sa.Column('approved_at_meeting_id', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['subcommittee_id'], ['subcommittee.id'], name=op.f('fk_meeting_subcommittee_id_subcommittee')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting'))
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_held_on'), ['held_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_subcommittee_id'), ['subcommittee_id'], unique=False)

    op.create_table('agenda_item',
    sa.Column('meeting_id', sa.String(length=36), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('proposer', sa.String(length=100), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('discussion', sa.Text(), nullable=False),
    sa.Column('result', sa.String(length=20), nullable=True),
    sa.Column('result_note', sa.Text(), nullable=False),
    sa.Column('votes_yes', sa.Integer(), nullable=True),
    sa.Column('votes_no', sa.Integer(), nullable=True),
    sa.Column('votes_abstain', sa.Integer(), nullable=True),
    sa.Column('casting_vote', sa.String(length=3), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_agenda_item_meeting_id_meeting')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_item'))
    )
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_item_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_item_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('meeting_attachment',
    sa.Column('meeting_id', sa.String(length=36), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('mime_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('added_on', sa.Date(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_attachment_meeting_id_meeting')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_attachment'))
    )
    with op.batch_alter_table('meeting_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_attachment_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_attachment_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('meeting_attendance',
    sa.Column('meeting_id', sa.String(length=36), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.Column('member_name', sa.String(length=30), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_attendance_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_meeting_attendance_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_attendance'))
    )
    with op.batch_alter_table('meeting_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_attendance_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_attendance_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_attendance_member_id'), ['member_id'], unique=False)

    op.create_table('meeting_guest',
    sa.Column('meeting_id', sa.String(length=36), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=30), nullable=False),
    sa.Column('affiliation', sa.String(length=100), nullable=False),
    sa.Column('position', sa.String(length=50), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_guest_meeting_id_meeting')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_guest'))
    )
    with op.batch_alter_table('meeting_guest', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_guest_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_guest_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('minutes_addendum',
    sa.Column('meeting_id', sa.String(length=36), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('made_on', sa.Date(), nullable=False),
    sa.Column('made_by', sa.String(length=100), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_minutes_addendum_meeting_id_meeting')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes_addendum'))
    )
    with op.batch_alter_table('minutes_addendum', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_minutes_addendum_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_minutes_addendum_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('minutes_version',
    sa.Column('meeting_id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('approved_on', sa.Date(), nullable=False),
    sa.Column('approved_by', sa.String(length=100), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_minutes_version_meeting_id_meeting')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes_version'))
    )
    with op.batch_alter_table('minutes_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_minutes_version_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_minutes_version_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('action_item',
    sa.Column('item_id', sa.String(length=36), nullable=False),
    sa.Column('meeting_id', sa.String(length=36), nullable=False),
    sa.Column('what', sa.String(length=300), nullable=False),
    sa.Column('owner', sa.String(length=100), nullable=False),
    sa.Column('owner_member_id', sa.String(length=36), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('progress_note', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_item.id'], name=op.f('fk_action_item_item_id_agenda_item')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_action_item_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['owner_member_id'], ['member.id'], name=op.f('fk_action_item_owner_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_item'))
    )
    with op.batch_alter_table('action_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_item_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_item_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_item_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_item_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('agenda_recusal',
    sa.Column('item_id', sa.String(length=36), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_item.id'], name=op.f('fk_agenda_recusal_item_id_agenda_item')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_agenda_recusal_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_recusal'))
    )
    with op.batch_alter_table('agenda_recusal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_recusal_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_recusal_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_recusal_member_id'), ['member_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('agenda_recusal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_recusal_member_id'))
        batch_op.drop_index(batch_op.f('ix_agenda_recusal_item_id'))
        batch_op.drop_index(batch_op.f('ix_agenda_recusal_change_seq'))

    op.drop_table('agenda_recusal')
    with op.batch_alter_table('action_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_item_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_action_item_item_id'))
        batch_op.drop_index(batch_op.f('ix_action_item_due_on'))
        batch_op.drop_index(batch_op.f('ix_action_item_change_seq'))

    op.drop_table('action_item')
    with op.batch_alter_table('minutes_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_minutes_version_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_minutes_version_change_seq'))

    op.drop_table('minutes_version')
    with op.batch_alter_table('minutes_addendum', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_minutes_addendum_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_minutes_addendum_change_seq'))

    op.drop_table('minutes_addendum')
    with op.batch_alter_table('meeting_guest', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_guest_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_guest_change_seq'))

    op.drop_table('meeting_guest')
    with op.batch_alter_table('meeting_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_attendance_member_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_attendance_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_attendance_change_seq'))

    op.drop_table('meeting_attendance')
    with op.batch_alter_table('meeting_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_attachment_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_attachment_change_seq'))

    op.drop_table('meeting_attachment')
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_item_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_agenda_item_change_seq'))

    op.drop_table('agenda_item')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_subcommittee_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_kind'))
        batch_op.drop_index(batch_op.f('ix_meeting_held_on'))
        batch_op.drop_index(batch_op.f('ix_meeting_change_seq'))

    op.drop_table('meeting')
