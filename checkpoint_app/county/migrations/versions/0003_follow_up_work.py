"""Follow-up work list: the states township cadres record per person, and the daily report.

Revision ID: 0003
Revises: 0002

- follow_up_states: every state a cadre records for a followed-up person (已联系, 已检测 …),
  one row per change, never overwritten; the newest row is the person's state.
- dashboard_user_roles.township: the one township a follow_up user works for (empty: the
  whole county, as follow_up users had before).
- device_sync_days: the county days on which a device synced or had a bundle imported, so
  the daily report can tell a checkpoint that reported nobody (0) from one that did not
  report at all (未报).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "follow_up_states",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("record_uuid", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("test_result", sa.String(length=16), nullable=True),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("follow_up_states_record", "follow_up_states", ["record_uuid"])
    op.create_table(
        "device_sync_days",
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("first_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("device_id", "day"),
    )
    op.create_index("device_sync_days_day", "device_sync_days", ["day"])
    # ADD COLUMN works in place on SQLite: no table copy.
    with op.batch_alter_table("dashboard_user_roles") as batch:
        batch.add_column(sa.Column("township", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dashboard_user_roles") as batch:
        batch.drop_column("township")
    op.drop_index("device_sync_days_day", table_name="device_sync_days")
    op.drop_table("device_sync_days")
    op.drop_index("follow_up_states_record", table_name="follow_up_states")
    op.drop_table("follow_up_states")
