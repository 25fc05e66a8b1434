"""records.report: the policy asked for this traveller to be reported (须报告指挥部).

Revision ID: 0005
Revises: 0004

Records received before it were not flagged (false).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN with a default works in place on SQLite and PostgreSQL: no table copy.
    with op.batch_alter_table("records") as batch:
        batch.add_column(
            sa.Column("report", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("records") as batch:
        batch.drop_column("report")
