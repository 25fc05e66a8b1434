"""Alembic environment for the county database.

county/schema.py always hands over an open connection inside its own transaction (which
holds the write lock on SQLite, or an advisory lock on PostgreSQL), so migrations never
open connections of their own and there is no offline (SQL script) mode.
"""

from __future__ import annotations

from alembic import context

from checkpoint_app.county.store import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run county migrations through checkpoint-county db upgrade")

# Batch mode: SQLite cannot ALTER most things in place, so Alembic copies the table.
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
