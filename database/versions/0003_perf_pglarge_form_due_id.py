"""REMS form (status, due_on) index covers id on PostgreSQL

Revision ID: 0003_perf_pglarge_form_due_id
Revises: 0002_patients_chart_stop_reason
Create Date: 2026-11-27

The floor board fingerprints the set of overdue REMS forms by their count and the sum of their
ids. On PostgreSQL the (status, due_on) index lacked id, so every refresh read the heap pages
of every overdue form of the whole network (27,000 forms on 1,000,000 sessions: 58 ms per
clinic); with id included it is an index-only scan (~5 ms). SQLite indexes already carry the
rowid (= id), so nothing changes there.
"""

from alembic import op

revision = '0003_perf_pglarge_form_due_id'
down_revision = '0002_patients_chart_stop_reason'
branch_labels = None
depends_on = None

INDEX = 'ix_rems_monitoring_form_status_due'


def _recreate(include: list[str]) -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    with op.batch_alter_table('rems_monitoring_form', schema=None) as batch_op:
        batch_op.drop_index(INDEX)
        batch_op.create_index(INDEX, ['status', 'due_on'], unique=False, postgresql_include=include)


def upgrade() -> None:
    _recreate(['id'])


def downgrade() -> None:
    _recreate([])
