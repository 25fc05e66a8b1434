"""records.pledge_*: how the traveller's pledge (承诺书) was signed at the check.

Revision ID: 0007
Revises: 0006

Records received before it have none (未签). The signature's strokes stay in the
record's wire text, which the county keeps whole as evidence.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN with a default (or nullable) works in place on SQLite and PostgreSQL.
    with op.batch_alter_table("records") as batch:
        batch.add_column(
            sa.Column("pledge_method", sa.String(16), nullable=False, server_default="none")
        )
        batch.add_column(sa.Column("pledge_version", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("pledge_at", sa.String(40), nullable=True))
        batch.add_column(sa.Column("pledge_slip", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("records") as batch:
        for column in ("pledge_slip", "pledge_at", "pledge_version", "pledge_method"):
            batch.drop_column(column)
