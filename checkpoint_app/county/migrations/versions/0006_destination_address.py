"""records.destination_address: the village or address the traveller is going to.

Revision ID: 0006
Revises: 0005

Optional; records received before it have an empty address.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN with a default works in place on SQLite and PostgreSQL: no table copy.
    with op.batch_alter_table("records") as batch:
        batch.add_column(
            sa.Column("destination_address", sa.String(200), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("records") as batch:
        batch.drop_column("destination_address")
