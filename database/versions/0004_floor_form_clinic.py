"""REMS monitoring form carries its session's clinic, indexed for the floor board

Revision ID: 0004_floor_form_clinic
Revises: 0003_perf_pglarge_form_due_id
Create Date: 2026-11-27

The floor board's "REMS forms overdue" banner counts one clinic's overdue forms. Without the
clinic on the form it fingerprinted the whole network's overdue set (27,000 forms on the
1,000,000-session PostgreSQL set) and joined forms to sessions. `clinic_id` is backfilled from
the form's session (sessions never move clinic) and indexed (clinic_id, status, due_on, id), so
the count is an index-only range scan of that clinic's overdue forms.
"""

import sqlalchemy as sa
from alembic import op

revision = '0004_floor_form_clinic'
down_revision = '0003_perf_pglarge_form_due_id'
branch_labels = None
depends_on = None

INDEX = 'ix_rems_monitoring_form_clinic_status_due'
FK = 'fk_rems_monitoring_form_clinic_id_clinic'


def upgrade() -> None:
    with op.batch_alter_table('rems_monitoring_form', schema=None) as batch_op:
        batch_op.add_column(sa.Column('clinic_id', sa.Integer(), nullable=True))
    if op.get_bind().dialect.name == 'postgresql':
        # Same result as the correlated form below; a join is one pass on a million forms.
        op.execute('UPDATE rems_monitoring_form AS f SET clinic_id = s.clinic_id '
                   'FROM treatment_session AS s WHERE s.id = f.session_id')
    else:
        op.execute('UPDATE rems_monitoring_form SET clinic_id = (SELECT clinic_id FROM '
                   'treatment_session WHERE treatment_session.id = rems_monitoring_form.session_id)')
    with op.batch_alter_table('rems_monitoring_form', schema=None) as batch_op:
        batch_op.alter_column('clinic_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(FK, 'clinic', ['clinic_id'], ['id'])
        batch_op.create_index(INDEX, ['clinic_id', 'status', 'due_on', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('rems_monitoring_form', schema=None) as batch_op:
        batch_op.drop_index(INDEX)
        batch_op.drop_constraint(FK, type_='foreignkey')
        batch_op.drop_column('clinic_id')
