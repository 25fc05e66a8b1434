"""Shared state for a county on several processes, and codes bound to one device.

Revision ID: 0002
Revises: 0001

- rate_counters: login throttling and the pre-registration page's rate limit, counted in
  the database so that every worker process sees the same counts.
- dashboard_sessions: server-side sessions, so a logout, a new password or a new role
  ends a session everywhere at once.
- enrollment_codes.for_device: a code the county issued to re-enroll one existing device
  under a new key; an ordinary code can no longer take over an enrolled device id.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_counters",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("window_started", sa.String(length=40), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("next_at", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "dashboard_sessions",
        sa.Column("sid_hash", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.Column("expires_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("sid_hash"),
    )
    op.create_index("dashboard_sessions_username", "dashboard_sessions", ["username"])
    # ADD COLUMN works in place on SQLite: no table copy, so no foreign-key trouble.
    with op.batch_alter_table("enrollment_codes") as batch:
        batch.add_column(sa.Column("for_device", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("enrollment_codes") as batch:
        batch.drop_column("for_device")
    op.drop_index("dashboard_sessions_username", table_name="dashboard_sessions")
    op.drop_table("dashboard_sessions")
    op.drop_table("rate_counters")
