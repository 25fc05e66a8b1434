"""Baseline: the county schema as the last release made it with `metadata.create_all`.

Revision ID: 0001
Revises: (none)

Frozen: this is what county databases in the field hold, column for column. Those
releases created each missing table at start-up (device_reports, dashboard_user_roles,
the watch list and the audit log came one release at a time), so a table is created here
only when it is absent: an unversioned database whose tables all match (see
county/schema.py) is brought to this revision by filling in what its release lacked.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _create(name: str, *elements: sa.Column[object] | sa.Constraint) -> bool:
    """Create table `name` unless it exists; True if it was created."""
    if sa.inspect(op.get_bind()).has_table(name):
        return False
    op.create_table(name, *elements)
    return True


def upgrade() -> None:
    _create(
        "checkpoints",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("township", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    _create(
        "enrollment_codes",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("checkpoint_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.Column("expires_at", sa.String(length=40), nullable=False),
        sa.Column("used_at", sa.String(length=40), nullable=True),
        sa.Column("used_by_device", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["checkpoint_id"], ["checkpoints.id"]),
        sa.PrimaryKeyConstraint("code"),
    )
    _create(
        "devices",
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("checkpoint_id", sa.Integer(), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("last_sequence", sa.BigInteger(), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.Column("enrolled_at", sa.String(length=40), nullable=False),
        sa.Column("revoked_at", sa.String(length=40), nullable=True),
        sa.Column("last_seen_at", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(["checkpoint_id"], ["checkpoints.id"]),
        sa.PrimaryKeyConstraint("device_id"),
    )
    if _create(
        "records",
        sa.Column("uuid", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("wire", sa.Text(), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("checkpoint_id", sa.Integer(), nullable=False),
        sa.Column("checked_at", sa.String(length=40), nullable=False),
        sa.Column("disposition", sa.String(length=32), nullable=False),
        sa.Column("health_colour", sa.String(length=16), nullable=False),
        sa.Column("fever", sa.Boolean(), nullable=False),
        sa.Column("nat_expired", sa.Boolean(), nullable=False),
        sa.Column("destination_township", sa.String(length=100), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("import_id", sa.String(length=64), nullable=True),
        sa.Column("received_at", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["checkpoint_id"], ["checkpoints.id"]),
        sa.PrimaryKeyConstraint("uuid", "version"),
    ):
        op.create_index("records_checked_at", "records", ["checked_at"])
        op.create_index("records_checkpoint_checked", "records", ["checkpoint_id", "checked_at"])
    _create(
        "record_conflicts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("uuid", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("wire", sa.Text(), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("received_at", sa.String(length=40), nullable=False),
        sa.Column("resolved_at", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uuid", "version", "content_hash", name="record_conflicts_once"),
    )
    _create(
        "imports",
        sa.Column("bundle_id", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.String(length=40), nullable=False),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.Column("new_count", sa.Integer(), nullable=False),
        sa.Column("already_had_count", sa.Integer(), nullable=False),
        sa.Column("conflict_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("bundle_id"),
    )
    _create(
        "policy_packs",
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("published_at", sa.String(length=40), nullable=False),
        sa.Column("envelope", sa.Text(), nullable=False),
        sa.Column("etag", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("version"),
    )
    _create(
        "dashboard_users",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("username"),
    )
    _create(
        "device_reports",
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("waiting", sa.Integer(), nullable=False),
        sa.Column("reported_at", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["device_id"], ["devices.device_id"]),
        sa.PrimaryKeyConstraint("device_id"),
    )
    _create(
        "county_audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    _create(
        "dashboard_user_roles",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("username"),
    )
    _create(
        "watch_entries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("document_number", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("expires_at", sa.String(length=40), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.Column("removed_at", sa.String(length=40), nullable=True),
        sa.Column("removed_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    _create(
        "watch_lists",
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("published_at", sa.String(length=40), nullable=False),
        sa.Column("envelope", sa.Text(), nullable=False),
        sa.Column("etag", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("version"),
    )


def downgrade() -> None:
    # Before the baseline there was no versioned schema to go back to.
    raise NotImplementedError("the baseline cannot be downgraded")
