"""Case work (사례관리·사례회의): client (대상자), consent per purpose, case_record with its
steps, case_plan_item, case_check, case_conference with conference_attendee,
conference_case, conference_role and conference_leave, and referral

Revision ID: 0009_cases
Revises: 0008_resources
Create Date: 2026-11-28 10:12:17.814481
"""
from alembic import op
import sqlalchemy as sa


revision = '0009_cases'
down_revision = '0008_resources'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_conference',
    sa.Column('held_on', sa.Date(), nullable=True),
    sa.Column('place', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_conference'))
    )
    with op.batch_alter_table('case_conference', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_conference_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_conference_held_on'), ['held_on'], unique=False)

    op.create_table('client',
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('place', sa.Text(), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('phone', sa.Text(), nullable=False),
    sa.Column('household_type', sa.String(length=20), nullable=False),
    sa.Column('household_size', sa.Integer(), nullable=True),
    sa.Column('found_source', sa.String(length=20), nullable=False),
    sa.Column('found_by', sa.Text(), nullable=False),
    sa.Column('found_on', sa.Date(), nullable=True),
    sa.Column('crisis_level', sa.String(length=10), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_client'))
    )
    with op.batch_alter_table('client', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_client_change_seq'), ['change_seq'], unique=False)

    op.create_table('case_record',
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('worker', sa.String(length=40), nullable=False),
    sa.Column('found_on', sa.Date(), nullable=True),
    sa.Column('counselled_on', sa.Date(), nullable=True),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('assessed_on', sa.Date(), nullable=True),
    sa.Column('conferred_on', sa.Date(), nullable=True),
    sa.Column('classified_on', sa.Date(), nullable=True),
    sa.Column('planned_on', sa.Date(), nullable=True),
    sa.Column('providing_on', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('follow_up_on', sa.Date(), nullable=True),
    sa.Column('classification', sa.String(length=20), nullable=False),
    sa.Column('crisis_level', sa.String(length=10), nullable=False),
    sa.Column('next_check_on', sa.Date(), nullable=True),
    sa.Column('closing_reason', sa.String(length=20), nullable=False),
    sa.Column('closing_note', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_case_record_client_id_client')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_record'))
    )
    with op.batch_alter_table('case_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_record_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_record_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_record_closed_on'), ['closed_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_record_worker'), ['worker'], unique=False)

    op.create_table('conference_attendee',
    sa.Column('conference_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=True),
    sa.Column('organization_id', sa.String(length=36), nullable=True),
    sa.Column('agency_name', sa.Text(), nullable=False),
    sa.Column('person_name', sa.Text(), nullable=False),
    sa.Column('position', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['conference_id'], ['case_conference.id'], name=op.f('fk_conference_attendee_conference_id_case_conference')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_conference_attendee_member_id_member')),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_conference_attendee_organization_id_organization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conference_attendee'))
    )
    with op.batch_alter_table('conference_attendee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conference_attendee_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_conference_attendee_conference_id'), ['conference_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conference_attendee_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conference_attendee_organization_id'), ['organization_id'], unique=False)

    op.create_table('consent',
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('recipient_kind', sa.String(length=20), nullable=False),
    sa.Column('recipient_organization_id', sa.String(length=36), nullable=True),
    sa.Column('recipient_name', sa.Text(), nullable=False),
    sa.Column('given_on', sa.Date(), nullable=True),
    sa.Column('items', sa.Text(), nullable=False),
    sa.Column('retention', sa.Text(), nullable=False),
    sa.Column('given_how', sa.String(length=20), nullable=False),
    sa.Column('guardian_name', sa.Text(), nullable=False),
    sa.Column('guardian_relation', sa.Text(), nullable=False),
    sa.Column('withdrawn_on', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_consent_client_id_client')),
    sa.ForeignKeyConstraint(['recipient_organization_id'], ['organization.id'], name=op.f('fk_consent_recipient_organization_id_organization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent'))
    )
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_consent_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consent_recipient_organization_id'), ['recipient_organization_id'], unique=False)

    op.create_table('case_check',
    sa.Column('case_record_id', sa.String(length=36), nullable=False),
    sa.Column('checked_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('next_check_on', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['case_record_id'], ['case_record.id'], name=op.f('fk_case_check_case_record_id_case_record')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_check'))
    )
    with op.batch_alter_table('case_check', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_check_case_record_id'), ['case_record_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_check_change_seq'), ['change_seq'], unique=False)

    op.create_table('case_plan_item',
    sa.Column('case_record_id', sa.String(length=36), nullable=False),
    sa.Column('what', sa.Text(), nullable=False),
    sa.Column('who', sa.Text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['case_record_id'], ['case_record.id'], name=op.f('fk_case_plan_item_case_record_id_case_record')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_plan_item'))
    )
    with op.batch_alter_table('case_plan_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_plan_item_case_record_id'), ['case_record_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_plan_item_change_seq'), ['change_seq'], unique=False)

    op.create_table('conference_case',
    sa.Column('conference_id', sa.String(length=36), nullable=False),
    sa.Column('case_record_id', sa.String(length=36), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('next_check_on', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['case_record_id'], ['case_record.id'], name=op.f('fk_conference_case_case_record_id_case_record')),
    sa.ForeignKeyConstraint(['conference_id'], ['case_conference.id'], name=op.f('fk_conference_case_conference_id_case_conference')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conference_case'))
    )
    with op.batch_alter_table('conference_case', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conference_case_case_record_id'), ['case_record_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conference_case_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_conference_case_conference_id'), ['conference_id'], unique=False)

    op.create_table('referral',
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('case_record_id', sa.String(length=36), nullable=True),
    sa.Column('consent_id', sa.String(length=36), nullable=False),
    sa.Column('service_id', sa.String(length=36), nullable=True),
    sa.Column('organization_id', sa.String(length=36), nullable=True),
    sa.Column('agency_name', sa.Text(), nullable=False),
    sa.Column('referred_on', sa.Date(), nullable=True),
    sa.Column('referred_by', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('service_requested', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('decline_reason', sa.String(length=20), nullable=False),
    sa.Column('replied_on', sa.Date(), nullable=True),
    sa.Column('result', sa.Text(), nullable=False),
    sa.Column('holds_unit', sa.Boolean(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['case_record_id'], ['case_record.id'], name=op.f('fk_referral_case_record_id_case_record')),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_referral_client_id_client')),
    sa.ForeignKeyConstraint(['consent_id'], ['consent.id'], name=op.f('fk_referral_consent_id_consent')),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_referral_organization_id_organization')),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_referral_service_id_service')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral'))
    )
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_case_record_id'), ['case_record_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referral_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_referral_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referral_consent_id'), ['consent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referral_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referral_referred_on'), ['referred_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_referral_service_id'), ['service_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referral_status'), ['status'], unique=False)

    op.create_table('conference_leave',
    sa.Column('conference_case_id', sa.String(length=36), nullable=False),
    sa.Column('attendee_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['attendee_id'], ['conference_attendee.id'], name=op.f('fk_conference_leave_attendee_id_conference_attendee')),
    sa.ForeignKeyConstraint(['conference_case_id'], ['conference_case.id'], name=op.f('fk_conference_leave_conference_case_id_conference_case')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conference_leave'))
    )
    with op.batch_alter_table('conference_leave', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conference_leave_attendee_id'), ['attendee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conference_leave_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_conference_leave_conference_case_id'), ['conference_case_id'], unique=False)

    op.create_table('conference_role',
    sa.Column('conference_case_id', sa.String(length=36), nullable=False),
    sa.Column('organization_id', sa.String(length=36), nullable=True),
    sa.Column('agency_name', sa.Text(), nullable=False),
    sa.Column('person_name', sa.Text(), nullable=False),
    sa.Column('service', sa.Text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['conference_case_id'], ['conference_case.id'], name=op.f('fk_conference_role_conference_case_id_conference_case')),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_conference_role_organization_id_organization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conference_role'))
    )
    with op.batch_alter_table('conference_role', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conference_role_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_conference_role_conference_case_id'), ['conference_case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conference_role_organization_id'), ['organization_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('conference_role', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conference_role_organization_id'))
        batch_op.drop_index(batch_op.f('ix_conference_role_conference_case_id'))
        batch_op.drop_index(batch_op.f('ix_conference_role_change_seq'))

    op.drop_table('conference_role')
    with op.batch_alter_table('conference_leave', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conference_leave_conference_case_id'))
        batch_op.drop_index(batch_op.f('ix_conference_leave_change_seq'))
        batch_op.drop_index(batch_op.f('ix_conference_leave_attendee_id'))

    op.drop_table('conference_leave')
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_status'))
        batch_op.drop_index(batch_op.f('ix_referral_service_id'))
        batch_op.drop_index(batch_op.f('ix_referral_referred_on'))
        batch_op.drop_index(batch_op.f('ix_referral_organization_id'))
        batch_op.drop_index(batch_op.f('ix_referral_consent_id'))
        batch_op.drop_index(batch_op.f('ix_referral_client_id'))
        batch_op.drop_index(batch_op.f('ix_referral_change_seq'))
        batch_op.drop_index(batch_op.f('ix_referral_case_record_id'))

    op.drop_table('referral')
    with op.batch_alter_table('conference_case', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conference_case_conference_id'))
        batch_op.drop_index(batch_op.f('ix_conference_case_change_seq'))
        batch_op.drop_index(batch_op.f('ix_conference_case_case_record_id'))

    op.drop_table('conference_case')
    with op.batch_alter_table('case_plan_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_plan_item_change_seq'))
        batch_op.drop_index(batch_op.f('ix_case_plan_item_case_record_id'))

    op.drop_table('case_plan_item')
    with op.batch_alter_table('case_check', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_check_change_seq'))
        batch_op.drop_index(batch_op.f('ix_case_check_case_record_id'))

    op.drop_table('case_check')
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_recipient_organization_id'))
        batch_op.drop_index(batch_op.f('ix_consent_client_id'))
        batch_op.drop_index(batch_op.f('ix_consent_change_seq'))

    op.drop_table('consent')
    with op.batch_alter_table('conference_attendee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conference_attendee_organization_id'))
        batch_op.drop_index(batch_op.f('ix_conference_attendee_member_id'))
        batch_op.drop_index(batch_op.f('ix_conference_attendee_conference_id'))
        batch_op.drop_index(batch_op.f('ix_conference_attendee_change_seq'))

    op.drop_table('conference_attendee')
    with op.batch_alter_table('case_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_record_worker'))
        batch_op.drop_index(batch_op.f('ix_case_record_closed_on'))
        batch_op.drop_index(batch_op.f('ix_case_record_client_id'))
        batch_op.drop_index(batch_op.f('ix_case_record_change_seq'))

    op.drop_table('case_record')
    with op.batch_alter_table('client', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_client_change_seq'))

    op.drop_table('client')
    with op.batch_alter_table('case_conference', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_conference_held_on'))
        batch_op.drop_index(batch_op.f('ix_case_conference_change_seq'))

    op.drop_table('case_conference')
