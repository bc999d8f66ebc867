"""oral antidepressant stop reason

Revision ID: 0002_patients_chart_stop_reason
Revises: 0001
Create Date: 2026-11-27

Stopping a concurrent oral antidepressant keeps the row as history; the chart shows why it
was stopped (e.g. "side effects", "switched to bupropion"). Existing rows get "".
"""

import sqlalchemy as sa
from alembic import op

revision = '0002_patients_chart_stop_reason'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('concurrent_antidepressant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stop_reason', sa.String(length=200), nullable=False,
                                      server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('concurrent_antidepressant', schema=None) as batch_op:
        batch_op.drop_column('stop_reason')
