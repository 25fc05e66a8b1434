"""The county schema's version: upgrade with Alembic, refuse what this release does not know.

`upgrade_schema` runs in ONE transaction that first takes the database's write lock
(BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL): several county processes
starting together then upgrade once, one after another, and a failed migration leaves
the database as it was.

A database made before migrations existed (tables made by `create_all`, no
`alembic_version`) is recognised when every county table it has carries exactly the
baseline's columns; the baseline then adds the tables its release lacked and the
database is stamped. Anything else with county tables is refused rather than guessed at.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, create_engine, inspect

from checkpoint_app.county.errors import CountyError

BASELINE_REVISION = "0001"
# Any constant works; it only has to be the same in every county process.
_PG_UPGRADE_LOCK = 0x6B64_746F_6E67


class SchemaError(CountyError):
    """The database's schema cannot be used or upgraded by this release (Chinese message)."""


@dataclass(frozen=True, slots=True)
class SchemaReport:
    before: str | None  # revision before, None for an empty or unversioned database
    after: str
    legacy: bool  # made by a release before migrations, recognised and stamped

    @property
    def changed(self) -> bool:
        return self.before != self.after


def _script_location() -> Path:
    location = files("checkpoint_app.county") / "migrations"
    if not isinstance(location, Path):
        # Alembic reads its migration scripts from a real folder.
        raise SchemaError("找不到数据库迁移脚本（安装不完整），请重新安装县级服务器")
    return location


def _config(conn: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_script_location()))
    config.attributes["connection"] = conn
    return config


@functools.cache
def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def head_revision() -> str:
    head = _script().get_current_head()
    assert head is not None
    return head


def _current(conn: Connection) -> str | None:
    heads = MigrationContext.configure(conn).get_current_heads()
    if len(heads) > 1:
        raise SchemaError(f"数据库结构版本不唯一（{', '.join(heads)}），请联系技术支持")
    return heads[0] if heads else None


def refuse_unknown(revision: str | None) -> None:
    if revision is None:
        return
    try:
        known = _script().get_revision(revision)
    except CommandError:
        known = None
    if known is None:
        raise SchemaError(
            f"数据库结构（版本 {revision}）比本程序新，本程序无法使用它。"
            "请安装与数据库相同或更新版本的县级服务器；不要用旧版本打开，以免损坏数据。"
        )


@functools.cache
def baseline_columns() -> dict[str, frozenset[str]]:
    """Each baseline table's column names, as the baseline migration makes them."""
    engine = create_engine("sqlite://")
    try:
        with engine.begin() as conn:
            command.upgrade(_config(conn), BASELINE_REVISION)
            inspector = inspect(conn)
            return {
                name: frozenset(c["name"] for c in inspector.get_columns(name))
                for name in inspector.get_table_names()
                if name != "alembic_version"
            }
    finally:
        engine.dispose()


def _check_legacy(conn: Connection) -> bool:
    """True if the unversioned database holds county tables that match the baseline."""
    baseline = baseline_columns()
    inspector = inspect(conn)
    present = [name for name in inspector.get_table_names() if name in baseline]
    if not present:
        return False
    for name in present:
        columns = frozenset(c["name"] for c in inspector.get_columns(name))
        if columns != baseline[name]:
            missing = "、".join(sorted(baseline[name] - columns)) or "无"
            extra = "、".join(sorted(columns - baseline[name])) or "无"
            raise SchemaError(
                f"数据库中的表 {name} 与已知的县级数据库结构不符（缺少列：{missing}；"
                f"多出列：{extra}），未做任何修改。请联系技术支持。"
            )
    return True


def _lock(conn: Connection) -> None:
    # SQLite: the engine's BEGIN IMMEDIATE already holds the write lock.
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_UPGRADE_LOCK})")


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return _current(conn)


def upgrade_schema(engine: Engine, revision: str | None = None) -> SchemaReport:
    """Bring the database to `revision` (default: this release's head); SchemaError if it
    cannot. Tests name an older revision to check one migration at a time."""
    target = revision or head_revision()
    with engine.begin() as conn:
        _lock(conn)
        before = _current(conn)
        refuse_unknown(before)
        legacy = before is None and _check_legacy(conn)
        if before != target:
            command.upgrade(_config(conn), target)
    return SchemaReport(before, target, legacy)


def require_current_schema(engine: Engine) -> None:
    """Refuse a database that is not at this release's head (neither older nor newer)."""
    revision = current_revision(engine)
    refuse_unknown(revision)
    if revision != head_revision():
        raise SchemaError(
            f"数据库结构版本为 {revision or '无'}，需要 {head_revision()}："
            "请先运行 checkpoint-county db upgrade"
        )
