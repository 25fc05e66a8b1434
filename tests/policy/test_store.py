"""Which policy is in force: the newest stored pack whose content is sound, else the default."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from checkpoint_app.policy.schema import POLICY_SCHEMA, default_policy
from checkpoint_app.policy.store import load_policy_in_force, policy_in_force
from checkpoint_app.storage.migrations import MIGRATIONS
from checkpoint_app.sync import outbox
from checkpoint_app.sync.protocol import PolicyPack
from tests.policy import schema_check
from tests.policy.conftest import example_content

PUBLISHED = datetime(2022, 4, 10, 8, 0, tzinfo=UTC)


def _store(db: Database, version: int, content: Any) -> None:
    """As the sync client does after the signature checked out."""
    pack = PolicyPack(version, PUBLISHED, content, json.dumps({"v": version}).encode())
    assert outbox.store_policy(db, pack, source="test")


def _sync_db() -> Database:
    """An in-memory store with the real schema (the audit log included) and the sync tables."""
    db = Database(memory=True)
    MIGRATIONS.apply(db)
    outbox.ensure_sync_schema(db)
    return db


def test_before_any_pack_the_default_policy_is_in_force(fresh_db: Database) -> None:
    assert policy_in_force(fresh_db) == default_policy()
    outbox.ensure_sync_schema(fresh_db)
    assert policy_in_force(fresh_db) == default_policy()


def test_a_stored_pack_is_in_force_with_its_version(fresh_db: Database) -> None:
    outbox.ensure_sync_schema(fresh_db)
    _store(fresh_db, 3, example_content())
    policy = policy_in_force(fresh_db)
    assert policy.pack_version == 3
    assert policy.risk_areas[0].name == "上海市"


def test_a_newer_pack_with_bad_content_leaves_the_previous_one_in_force(
    fresh_db: Database,
) -> None:
    outbox.ensure_sync_schema(fresh_db)
    _store(fresh_db, 3, example_content())
    broken = example_content()
    broken["rules"][0]["suggest"] = "shoot"
    _store(fresh_db, 4, broken)
    state = load_policy_in_force(fresh_db)
    assert state.policy.pack_version == 3
    assert state.refused_version == 4
    assert state.problem.startswith("第 4 版策略内容有误：rules[0].suggest ")
    assert state.problem.endswith("，继续使用第 3 版")


def test_a_first_pack_with_bad_content_leaves_the_default_in_force(fresh_db: Database) -> None:
    outbox.ensure_sync_schema(fresh_db)
    _store(fresh_db, 1, {"schema_version": 1})
    state = load_policy_in_force(fresh_db)
    assert state.policy == default_policy()
    assert state.problem.endswith("继续使用内置默认策略")


@st.composite
def _broken(draw: st.DrawFn) -> Any:
    content = example_content()
    # The sync client already refuses a pack whose content is not an object; edit inside it.
    points = [p for p in schema_check.mutation_points(POLICY_SCHEMA, content) if p[0]]
    return schema_check.mutate(content, *draw(st.sampled_from(points)))


@settings(max_examples=40, deadline=None)
@given(_broken())
def test_any_malformed_pack_keeps_the_old_policy_in_force(broken: Any) -> None:
    db = _sync_db()
    _store(db, 5, example_content())
    before = policy_in_force(db)
    _store(db, 6, broken)
    assert policy_in_force(db) == before
    assert load_policy_in_force(db).refused_version == 6
