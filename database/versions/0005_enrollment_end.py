"""REMS patient enrollment keeps the day it ended, who ended it and why

Revision ID: 0005_enrollment_end
Revises: 0004_floor_form_clinic
Create Date: 2026-11-27

Ending an enrollment used to set the status to inactive and keep the day, the person and the
reason only in the audit trail. The enrollment row now carries them (`ended_on`,
`ended_by_id`, `end_reason`), so the chart and reports show them without reading the audit
trail. Enrollments already ended are backfilled from their "end" audit event (day in the
clinics' time zone, the actor, the reason); an inactive enrollment without one (recorded as
inactive) keeps NULLs.
"""

import json
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

import aurora_desktop.db.types

revision = '0005_enrollment_end'
down_revision = '0004_floor_form_clinic'
branch_labels = None
depends_on = None

FK = 'fk_rems_patient_enrollment_ended_by_id_staff_member'
CLINIC_TZ = ZoneInfo('America/New_York')


def upgrade() -> None:
    with op.batch_alter_table('rems_patient_enrollment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ended_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('ended_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('end_reason', sa.String(length=400), nullable=True))
        batch_op.create_foreign_key(FK, 'staff_member', ['ended_by_id'], ['id'])
    _backfill_from_audit()


def _backfill_from_audit() -> None:
    audit = sa.table('audit_event', sa.column('id', sa.Integer()),
                     sa.column('occurred_at', aurora_desktop.db.types.UTCDateTime(timezone=True)),
                     sa.column('actor_id', sa.Integer()), sa.column('action', sa.String()),
                     sa.column('entity', sa.String()), sa.column('entity_id', sa.String()),
                     sa.column('details', sa.Text()))
    enrollment = sa.table('rems_patient_enrollment', sa.column('id', sa.Integer()),
                          sa.column('status', sa.String()), sa.column('ended_on', sa.Date()),
                          sa.column('ended_by_id', sa.Integer()),
                          sa.column('end_reason', sa.String()))
    bind = op.get_bind()
    events = bind.execute(
        sa.select(audit.c.entity_id, audit.c.occurred_at, audit.c.actor_id, audit.c.details)
        .where(audit.c.entity == 'rems_patient_enrollment', audit.c.action == 'end')
        .order_by(audit.c.id)).all()
    for entity_id, occurred_at, actor_id, details in events:  # the last end of each wins
        try:
            reason = json.loads(details).get('reason')
        except (ValueError, AttributeError):
            reason = None
        bind.execute(
            enrollment.update()
            .where(enrollment.c.id == int(entity_id), enrollment.c.status == 'inactive')
            .values(ended_on=occurred_at.astimezone(CLINIC_TZ).date(), ended_by_id=actor_id,
                    end_reason=(str(reason)[:400] if reason else None)))


def downgrade() -> None:
    with op.batch_alter_table('rems_patient_enrollment', schema=None) as batch_op:
        batch_op.drop_constraint(FK, type_='foreignkey')
        batch_op.drop_column('end_reason')
        batch_op.drop_column('ended_by_id')
        batch_op.drop_column('ended_on')
