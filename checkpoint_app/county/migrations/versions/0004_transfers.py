"""Closed-loop transfers: receiving sites, their signed list, transfers and receipts.

Revision ID: 0004
Revises: 0003

- sites: the receiving sites the county names (集中隔离点, 发热门诊, 乡镇接回) with a
  capacity; removed sites stay, inactive.
- site_lists: the signed versions of the active sites' list workstations pull.
- transfers: every person a checkpoint sent to a site, and the site's receipt.
- dashboard_user_roles.site_id: the one site a `site` user receives for.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sites",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("township", sa.String(length=100), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "site_lists",
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("published_at", sa.String(length=40), nullable=False),
        sa.Column("envelope", sa.Text(), nullable=False),
        sa.Column("etag", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("version"),
    )
    op.create_table(
        "transfers",
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("record_uuid", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("checkpoint_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("plate", sa.String(length=16), nullable=False),
        sa.Column("escort_name", sa.String(length=40), nullable=False),
        sa.Column("escort_phone", sa.String(length=16), nullable=False),
        sa.Column("departed_at", sa.String(length=40), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("pushed_at", sa.String(length=40), nullable=False),
        sa.Column("received_at", sa.String(length=40), nullable=True),
        sa.Column("receipt_outcome", sa.String(length=16), nullable=True),
        sa.Column("receipt_note", sa.String(length=200), nullable=True),
        sa.Column("received_by", sa.String(length=64), nullable=True),
        sa.Column("receipt_recorded_at", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(["device_id"], ["devices.device_id"]),
        sa.ForeignKeyConstraint(["checkpoint_id"], ["checkpoints.id"]),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"]),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_index("transfers_site_received", "transfers", ["site_id", "received_at"])
    op.create_index("transfers_device", "transfers", ["device_id"])
    # ADD COLUMN works in place on SQLite: no table copy.
    with op.batch_alter_table("dashboard_user_roles") as batch:
        batch.add_column(sa.Column("site_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dashboard_user_roles") as batch:
        batch.drop_column("site_id")
    op.drop_index("transfers_device", table_name="transfers")
    op.drop_index("transfers_site_received", table_name="transfers")
    op.drop_table("transfers")
    op.drop_table("site_lists")
    op.drop_table("sites")
