"""The county's storage, in SQLAlchemy Core so one code path serves SQLite and PostgreSQL.

Every statement that writes lives here (read-only reports for the dashboard, stats and
export are in reports.py); the HTTP handlers and the admin commands call these methods.
Times are ISO 8601 text in UTC (one spelling per instant, and text order is time order on
both databases).

The records table keeps every version: its key is (uuid, version). A version arriving
again with the same content hash is "already had"; with a different hash it is kept in
`record_conflicts` for a person and the stored version is never overwritten.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    false,
    func,
    select,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError

# Re-exported: the county modules import it from here.
from checkpoint_app.county.clock import county_today
from checkpoint_app.county.errors import CountyError as CountyError  # noqa: PLC0414
from checkpoint_app.records.model import CheckpointKind
from checkpoint_app.storage.timefmt import utc_now
from checkpoint_app.sync.protocol import (
    ACCEPTED,
    ALREADY_HAD,
    CONFLICT,
    WireRecord,
    b64decode,
    b64encode,
    canonical_json,
    format_time,
    load_public_key,
    sha256_hex,
    sign_policy_pack,
)

COUNTY_DB_FILENAME = "county.db"
ENROLLMENT_CODE_VALIDITY = timedelta(days=7)

# The schema as this release expects it. It is made and changed only by the Alembic
# migrations in county/migrations/ (see county/schema.py): a change here needs a new one.
metadata = MetaData()

checkpoints = Table(
    "checkpoints",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("kind", String(32), nullable=False),
    Column("township", String(100), nullable=False),
    Column("created_at", String(40), nullable=False),
)

enrollment_codes = Table(
    "enrollment_codes",
    metadata,
    Column("code", String(16), primary_key=True),
    Column("checkpoint_id", Integer, ForeignKey("checkpoints.id"), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("expires_at", String(40), nullable=False),
    Column("used_at", String(40)),
    Column("used_by_device", String(64)),
    # Set: the code re-enrolls exactly this existing device under a new key.
    Column("for_device", String(64)),
)

devices = Table(
    "devices",
    metadata,
    Column("device_id", String(64), primary_key=True),
    Column("checkpoint_id", Integer, ForeignKey("checkpoints.id"), nullable=False),
    Column("public_key", String(64), nullable=False),
    Column("last_sequence", BigInteger, nullable=False, default=0),
    Column("revoked", Boolean, nullable=False, default=False),
    Column("enrolled_at", String(40), nullable=False),
    Column("revoked_at", String(40)),
    Column("last_seen_at", String(40)),
)

records = Table(
    "records",
    metadata,
    Column("uuid", String(64), primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("content_hash", String(64), nullable=False),
    Column("wire", Text, nullable=False),
    Column("device_id", String(64), nullable=False),
    Column("checkpoint_id", Integer, ForeignKey("checkpoints.id"), nullable=False),
    Column("checked_at", String(40), nullable=False),
    Column("disposition", String(32), nullable=False),
    Column("health_colour", String(16), nullable=False),
    Column("fever", Boolean, nullable=False),
    Column("nat_expired", Boolean, nullable=False),
    # The policy's 须报告指挥部 at the check (migration 0005).
    Column("report", Boolean, nullable=False, server_default=false()),
    Column("destination_township", String(100), nullable=False),
    # The village or address given for the township's follow-up (migration 0006).
    Column("destination_address", String(200), nullable=False, server_default=""),
    # How the pledge (承诺书) was signed (migration 0007); the strokes stay in `wire`.
    Column("pledge_method", String(16), nullable=False, server_default="none"),
    Column("pledge_version", Integer),
    Column("pledge_at", String(40)),
    Column("pledge_slip", Integer),
    Column("source", String(16), nullable=False),
    Column("import_id", String(64)),
    Column("received_at", String(40), nullable=False),
)
Index("records_checkpoint_checked", records.c.checkpoint_id, records.c.checked_at)
Index("records_checked_at", records.c.checked_at)

record_conflicts = Table(
    "record_conflicts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uuid", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("wire", Text, nullable=False),
    Column("device_id", String(64), nullable=False),
    Column("source", String(16), nullable=False),
    Column("received_at", String(40), nullable=False),
    Column("resolved_at", String(40)),
    UniqueConstraint("uuid", "version", "content_hash", name="record_conflicts_once"),
)

imports = Table(
    "imports",
    metadata,
    Column("bundle_id", String(64), primary_key=True),
    Column("device_id", String(64), nullable=False),
    Column("file_sha256", String(64), nullable=False),
    Column("imported_at", String(40), nullable=False),
    Column("record_count", Integer, nullable=False),
    Column("new_count", Integer, nullable=False, default=0),
    Column("already_had_count", Integer, nullable=False, default=0),
    Column("conflict_count", Integer, nullable=False, default=0),
)

policy_packs = Table(
    "policy_packs",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("published_at", String(40), nullable=False),
    Column("envelope", Text, nullable=False),
    Column("etag", String(80), nullable=False),
)

dashboard_users = Table(
    "dashboard_users",
    metadata,
    Column("username", String(64), primary_key=True),
    Column("password_hash", String(200), nullable=False),
    Column("created_at", String(40), nullable=False),
)

# What each device last said about its own outbox. (A table of its own because releases
# before schema migrations could only add tables; new needs are columns and a migration.)
device_reports = Table(
    "device_reports",
    metadata,
    Column("device_id", String(64), ForeignKey("devices.device_id"), primary_key=True),
    Column("waiting", Integer, nullable=False),
    Column("reported_at", String(40), nullable=False),
)

# Who did what at the dashboard or the command line (policy published, watch-list entries,
# unmasked exports). Append-only by convention: nothing here updates or deletes a row.
county_audit = Table(
    "county_audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(40), nullable=False),
    Column("username", String(64), nullable=False),
    Column("action", String(64), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("details", Text, nullable=False),
)

# A table of its own for the same reason as device_reports; a user without a row has the
# least role (see county/roles.py).
dashboard_user_roles = Table(
    "dashboard_user_roles",
    metadata,
    Column("username", String(64), primary_key=True),
    Column("role", String(32), nullable=False),
    # A follow_up user's township (migration 0003); empty: the whole county.
    Column("township", String(100)),
    # A site user's receiving site (migration 0004).
    Column("site_id", Integer),
)

# Entries the county command adds by hand. The county holds full records anyway; the
# number is needed in clear because every list version hashes it under a new salt.
watch_entries = Table(
    "watch_entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_number", String(64), nullable=False),
    Column("reason", String(200), nullable=False),
    Column("expires_at", String(40), nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("removed_at", String(40)),
    Column("removed_by", String(64)),
)

watch_lists = Table(
    "watch_lists",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("published_at", String(40), nullable=False),
    Column("envelope", Text, nullable=False),
    Column("etag", String(80), nullable=False),
)


# Counters shared by every county process (login throttle, pre-registration rate limit).
rate_counters = Table(
    "rate_counters",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("window_started", String(40), nullable=False),
    Column("count", Integer, nullable=False),
    Column("next_at", String(40)),
)

# Signed-in dashboard sessions; the cookie holds the id, the table its SHA-256.
dashboard_sessions = Table(
    "dashboard_sessions",
    metadata,
    Column("sid_hash", String(64), primary_key=True),
    Column("username", String(64), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("expires_at", String(40), nullable=False),
)
Index("dashboard_sessions_username", dashboard_sessions.c.username)

# ---- follow-up work list and daily report (migration 0003)

# Every state a township cadre records for a followed-up person, one row per change (the
# last one entered is the person's state); never updated or deleted, so the history stays.
follow_up_states = Table(
    "follow_up_states",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("record_uuid", String(64), nullable=False),
    Column("state", String(32), nullable=False),
    Column("test_result", String(16)),
    Column("at", String(40), nullable=False),  # when it happened, as the cadre says
    Column("note", Text, nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", String(40), nullable=False),
)
Index("follow_up_states_record", follow_up_states.c.record_uuid)

# The county days a device synced or had a bundle imported: the daily report's 0 against 未报.
device_sync_days = Table(
    "device_sync_days",
    metadata,
    Column("device_id", String(64), primary_key=True),
    Column("day", String(10), primary_key=True),  # county date, 2022-04-10
    Column("first_at", String(40), nullable=False),
)
Index("device_sync_days_day", device_sync_days.c.day)

# ---- closed-loop transfers (migration 0004)

# The receiving sites the county names (集中隔离点, 发热门诊, 乡镇接回). A removed site stays,
# inactive, so that the transfers already sent to it keep their site.
sites = Table(
    "sites",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("kind", String(32), nullable=False),
    Column("township", String(100), nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", String(40), nullable=False),
)

# The signed versions of the active sites' list, as served to workstations.
site_lists = Table(
    "site_lists",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("published_at", String(40), nullable=False),
    Column("envelope", Text, nullable=False),
    Column("etag", String(80), nullable=False),
)

# One row per person a checkpoint sent to a site, with the site's receipt once confirmed.
transfers = Table(
    "transfers",
    metadata,
    Column("code", String(8), primary_key=True),
    Column("record_uuid", String(64), nullable=False),
    Column("device_id", String(64), ForeignKey("devices.device_id"), nullable=False),
    Column("checkpoint_id", Integer, ForeignKey("checkpoints.id"), nullable=False),
    Column("site_id", Integer, ForeignKey("sites.id"), nullable=False),
    Column("plate", String(16), nullable=False),
    Column("escort_name", String(40), nullable=False),
    Column("escort_phone", String(16), nullable=False),
    Column("departed_at", String(40), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("pushed_at", String(40), nullable=False),
    Column("received_at", String(40)),  # when the person arrived, as the site says
    Column("receipt_outcome", String(16)),
    Column("receipt_note", String(200)),
    Column("received_by", String(64)),
    Column("receipt_recorded_at", String(40)),
)
Index("transfers_site_received", transfers.c.site_id, transfers.c.received_at)
Index("transfers_device", transfers.c.device_id)


class SequenceReplayed(CountyError):
    def __init__(self, last_sequence: int) -> None:
        super().__init__("请求序号已用过（重放），已拒绝", "replay")
        self.last_sequence = last_sequence


class DeviceRevoked(CountyError):
    def __init__(self) -> None:
        super().__init__("设备已被吊销", "revoked")


class StorageProblem(CountyError):
    """The database cannot take a write now (disk full, database down): retry later."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "unavailable")


#: How far one request's sequence number may run ahead of the last one seen. Workstations
#: count up by one per request; a number far ahead would leave the device unable to sync
#: with any honest number afterwards.
MAX_SEQUENCE_STEP = 1_000_000


def _is_disk_full(exc: DBAPIError) -> bool:
    code = getattr(exc.orig, "sqlstate", None)
    if code is not None:  # PostgreSQL: class 53, insufficient resources (53100 disk_full)
        return str(code).startswith("53")
    text = str(exc.orig).lower()
    return "disk is full" in text or "disk i/o error" in text


@contextmanager
def storage_errors() -> Iterator[None]:
    """Turn a database that cannot write into StorageProblem with a Chinese message."""
    try:
        yield
    except OperationalError as exc:
        if _is_disk_full(exc):
            raise StorageProblem(
                "县级服务器磁盘已满（或无法写入），数据未保存；请管理员清理磁盘后重试"
            ) from exc
        raise StorageProblem("县级数据库暂时无法使用，数据未保存，请稍后重试") from exc


@dataclass(frozen=True, slots=True)
class CheckpointInfo:
    id: int
    name: str
    kind: CheckpointKind
    township: str


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    device_id: str
    checkpoint_id: int
    checkpoint_name: str
    public_key: Ed25519PublicKey
    last_sequence: int
    revoked: bool
    enrolled_at: str
    last_seen_at: str | None


@dataclass(frozen=True, slots=True)
class RecordOutcome:
    uuid: str
    version: int
    status: str  # accepted / already_had / conflict
    county_hash: str


@dataclass(frozen=True, slots=True)
class ImportReport:
    bundle_id: str
    device_id: str
    new: int
    already_had: int
    conflicts: int


@dataclass(frozen=True, slots=True)
class DashboardUser:
    username: str
    password_hash: str
    created_at: str


@dataclass(frozen=True, slots=True)
class StoredPolicy:
    version: int
    envelope: bytes
    etag: str


def normalise_db_url(url: str) -> str:
    """Accept `postgresql://…` as people write it and use psycopg 3 for it."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def default_db_url(data_dir: Path) -> str:
    """The embedded SQLite file in the county's data folder."""
    return f"sqlite:///{data_dir / COUNTY_DB_FILENAME}"


def make_engine(url: str) -> Engine:
    url = normalise_db_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        path = Path(parsed.database)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Every traveller's record is in this file: only the county's service account may
        # read it (SQLite gives the -wal and -shm files the same mode).
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_conn: Any, _record: Any) -> None:
        # The driver's own transaction handling is switched off so that every transaction
        # starts with BEGIN IMMEDIATE below: two concurrent writers then queue on the lock
        # instead of failing with "database is locked" when a read upgrades to a write.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _now() -> str:
    return format_time(utc_now())


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def new_enrollment_code() -> str:
    """Eight base32 characters (A–Z, 2–7): short to type, 40 bits from `secrets`."""
    return base64.b32encode(secrets.token_bytes(5)).decode("ascii")


class CountyStore:
    """The county's database. Thread-safe: each method takes its own connection."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        """Open the county database; with `migrate`, bring its schema up to date first.

        Without `migrate` (a worker of a multi-process server, whose parent upgraded) a
        schema other than this release's head is refused. A schema newer than this
        release knows is always refused (SchemaError), never written to.
        """
        from checkpoint_app.county.schema import require_current_schema, upgrade_schema

        self.engine = make_engine(url)
        self._insert_ignore_statements: dict[str, Any] = {}
        try:
            if migrate:
                upgrade_schema(self.engine)
            else:
                require_current_schema(self.engine)
        except BaseException:
            self.engine.dispose()
            raise

    def close(self) -> None:
        self.engine.dispose()

    def _insert_ignore(self, conn: Connection, table: Table, values: dict[str, Any]) -> bool:
        """INSERT that does nothing on a key clash (a concurrent duplicate); True if inserted."""
        # RETURNING rather than rowcount: SQLAlchemy 2.1 with psycopg reports rowcount -1 for
        # an INSERT, which made this loop forever on PostgreSQL. A skipped row returns nothing.
        return conn.execute(self._insert_ignore_statement(table), values).first() is not None

    def _insert_ignore_row(self, table: Table, values: dict[str, Any]) -> bool:
        """_insert_ignore in a transaction of its own (for modules outside this one)."""
        with self.engine.begin() as conn:
            return self._insert_ignore(conn, table, values)

    def _insert_ignore_statement(self, table: Table) -> Any:
        # One statement per table, values bound at execute time: building a new
        # .values(...) statement per record cost ~1 ms each on bundle imports.
        stmt = self._insert_ignore_statements.get(table.name)
        if stmt is None:
            if self.engine.dialect.name == "postgresql":
                from sqlalchemy.dialects.postgresql import insert as pg_insert

                stmt = pg_insert(table).on_conflict_do_nothing()
            else:
                from sqlalchemy.dialects.sqlite import insert as sqlite_insert

                stmt = sqlite_insert(table).on_conflict_do_nothing()
            stmt = stmt.returning(*table.primary_key.columns)
            self._insert_ignore_statements[table.name] = stmt
        return stmt

    # ------------------------------------------------------------------ checkpoints

    def add_checkpoint(self, name: str, kind: CheckpointKind, township: str) -> CheckpointInfo:
        name = name.strip()
        if not name:
            raise CountyError("请填写卡点名称")
        with self.engine.begin() as conn:
            if conn.execute(select(checkpoints.c.id).where(checkpoints.c.name == name)).first():
                raise CountyError(f"已有名为「{name}」的卡点")
            result = conn.execute(
                checkpoints.insert().values(
                    name=name, kind=kind.value, township=township, created_at=_now()
                )
            )
            assert result.inserted_primary_key is not None
            checkpoint_id = int(result.inserted_primary_key[0])
        return CheckpointInfo(checkpoint_id, name, kind, township)

    def find_checkpoint(self, name: str) -> CheckpointInfo | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(checkpoints).where(checkpoints.c.name == name)).first()
        if row is None:
            return None
        return CheckpointInfo(row.id, row.name, CheckpointKind(row.kind), row.township)

    def list_checkpoints(self) -> list[CheckpointInfo]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(checkpoints).order_by(checkpoints.c.name)).all()
        return [CheckpointInfo(r.id, r.name, CheckpointKind(r.kind), r.township) for r in rows]

    def issue_enrollment_code(
        self,
        checkpoint_id: int,
        *,
        valid_for: timedelta = ENROLLMENT_CODE_VALIDITY,
        for_device: str | None = None,
    ) -> str:
        """A one-time code with which one workstation enrolls for this checkpoint.

        With `for_device`, the code re-enrolls that existing (unrevoked) device under a new
        key, e.g. a reinstalled laptop; an ordinary code only enrolls new device ids.
        """
        if for_device is not None:
            device = self.device(for_device)
            if device is None or device.checkpoint_id != checkpoint_id:
                raise CountyError(f"该卡点没有设备 {for_device}")
            if device.revoked:
                raise CountyError("设备已被吊销，不能重新注册")
        now = utc_now()
        with self.engine.begin() as conn:
            while True:
                code = new_enrollment_code()
                if self._insert_ignore(
                    conn,
                    enrollment_codes,
                    {
                        "code": code,
                        "checkpoint_id": checkpoint_id,
                        "created_at": format_time(now),
                        "expires_at": format_time(now + valid_for),
                        "for_device": for_device,
                    },
                ):
                    return code

    # ------------------------------------------------------------------ devices

    def enroll_device(self, code: str, device_id: str, public_key_raw: bytes) -> CheckpointInfo:
        """Spend `code` to register a device with its public key.

        A device id belongs to one key: an enrolled id is enrolled again only with the same
        key, or under a new key with a code issued for that very device; a revoked id stays
        revoked. Otherwise a new code plus another laptop's id would take that laptop over.
        """
        load_public_key(public_key_raw)  # refuse a key that is not an Ed25519 key
        now = _now()
        with storage_errors(), self.engine.begin() as conn:
            row = conn.execute(
                select(enrollment_codes.c.checkpoint_id, enrollment_codes.c.for_device).where(
                    enrollment_codes.c.code == code,
                    enrollment_codes.c.used_at.is_(None),
                    enrollment_codes.c.expires_at > now,
                )
            ).first()
            if row is None:
                raise CountyError("注册码无效、已使用或已过期", "bad_code")
            existing = conn.execute(
                select(devices.c.public_key, devices.c.revoked).where(
                    devices.c.device_id == device_id
                )
            ).first()
            key_text = b64encode(public_key_raw)
            if existing is not None and existing.revoked:
                raise CountyError("该设备已被吊销，不能重新注册", "revoked")
            if row.for_device is not None and row.for_device != device_id:
                raise CountyError("该注册码只能用于重新注册指定的设备", "bad_code")
            if (
                existing is not None
                and existing.public_key != key_text
                and (row.for_device != device_id)
            ):
                raise CountyError(
                    "该设备编号已在县指挥部注册，不能用新注册码接管；"
                    "如确是这台电脑重装，请县指挥部签发重新注册码",
                    "bad_code",
                )
            conn.execute(
                update(enrollment_codes)
                .where(enrollment_codes.c.code == code)
                .values(used_at=now, used_by_device=device_id)
            )
            checkpoint_id = int(row.checkpoint_id)
            values = {
                "checkpoint_id": checkpoint_id,
                "public_key": key_text,
                "last_sequence": 0,
                "revoked": False,
                "enrolled_at": now,
                "revoked_at": None,
            }
            if existing is None:
                if not self._insert_ignore(conn, devices, {"device_id": device_id, **values}):
                    raise CountyError("该设备编号正在注册，请稍后重试", "bad_code")
            elif existing.public_key != key_text:
                # Re-enrolled under a new key (the old one is void): its sequence starts over,
                # which is safe because nothing signed by the old key verifies any more.
                conn.execute(update(devices).where(devices.c.device_id == device_id).values(values))
            cp = conn.execute(select(checkpoints).where(checkpoints.c.id == checkpoint_id)).one()
        return CheckpointInfo(cp.id, cp.name, CheckpointKind(cp.kind), cp.township)

    def _device_query(self) -> Any:
        return select(devices, checkpoints.c.name.label("checkpoint_name")).join(
            checkpoints, checkpoints.c.id == devices.c.checkpoint_id
        )

    @staticmethod
    def _device_info(row: Any) -> DeviceInfo:
        return DeviceInfo(
            row.device_id,
            row.checkpoint_id,
            row.checkpoint_name,
            load_public_key(b64decode(row.public_key)),
            int(row.last_sequence),
            bool(row.revoked),
            row.enrolled_at,
            row.last_seen_at,
        )

    def device(self, device_id: str) -> DeviceInfo | None:
        with self.engine.connect() as conn:
            row = conn.execute(self._device_query().where(devices.c.device_id == device_id)).first()
        return None if row is None else self._device_info(row)

    def list_devices(self) -> list[DeviceInfo]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                self._device_query().order_by(checkpoints.c.name, devices.c.enrolled_at)
            ).all()
        return [self._device_info(r) for r in rows]

    def active_device_keys(self) -> dict[str, Ed25519PublicKey]:
        """Enrolled, unrevoked devices and their keys (whose bundles the county accepts)."""
        return {d.device_id: d.public_key for d in self.list_devices() if not d.revoked}

    def revoke_device(self, device_id_or_prefix: str) -> DeviceInfo:
        """Revoke a device by its id or a unique prefix of it (at least 4 characters)."""
        prefix = device_id_or_prefix.strip()
        matches = [
            d
            for d in self.list_devices()
            if d.device_id == prefix or (len(prefix) >= 4 and d.device_id.startswith(prefix))
        ]
        if not matches:
            raise CountyError(f"找不到设备 {prefix}")
        if len(matches) > 1:
            raise CountyError(f"设备编号 {prefix} 不唯一，请写全")
        with self.engine.begin() as conn:
            conn.execute(
                update(devices)
                .where(devices.c.device_id == matches[0].device_id)
                .values(revoked=True, revoked_at=_now())
            )
        revoked = self.device(matches[0].device_id)
        assert revoked is not None
        return revoked

    def _claim_sequence(self, conn: Connection, device_id: str, sequence: int) -> int:
        """Take `sequence` for `device_id` inside the caller's transaction; the checkpoint id.

        The conditional UPDATE is the replay guard: it matches only when the number is
        higher than every number seen before, and concurrent requests serialise on it.
        """
        result = conn.execute(
            update(devices)
            .where(
                devices.c.device_id == device_id,
                devices.c.last_sequence < sequence,
                devices.c.last_sequence + MAX_SEQUENCE_STEP >= sequence,
                devices.c.revoked.is_(False),
            )
            .values(last_sequence=sequence, last_seen_at=_now())
        )
        row = conn.execute(
            select(devices.c.last_sequence, devices.c.revoked, devices.c.checkpoint_id).where(
                devices.c.device_id == device_id
            )
        ).one()
        if result.rowcount != 1:
            if row.revoked:
                raise DeviceRevoked()
            if sequence > int(row.last_sequence):
                raise CountyError("请求序号跳跃过大，已拒绝", "bad_request")
            raise SequenceReplayed(int(row.last_sequence))
        self._mark_sync_day(conn, device_id)
        return int(row.checkpoint_id)

    def _mark_sync_day(self, conn: Connection, device_id: str) -> None:
        """Note that `device_id` reported today (county time), for the daily report."""
        moment = utc_now()
        row = {"device_id": device_id, "day": county_today(moment).isoformat()}
        self._insert_ignore(conn, device_sync_days, {**row, "first_at": format_time(moment)})

    def claim_sequence(self, device_id: str, sequence: int) -> None:
        """Take a sequence number for a request that writes nothing else (a policy pull)."""
        with storage_errors(), self.engine.begin() as conn:
            self._claim_sequence(conn, device_id, sequence)

    # ------------------------------------------------------------------ records

    def ingest_online(
        self,
        device_id: str,
        sequence: int,
        batch: Sequence[WireRecord],
        *,
        waiting: int | None = None,
    ) -> list[RecordOutcome]:
        """Store a signed batch: the sequence number and the records in one transaction.

        `waiting` is the device's count of unacknowledged versions before this batch (sent
        by newer workstations); what is left after this batch is kept for the dashboard.
        """
        with storage_errors(), self.engine.begin() as conn:
            checkpoint_id = self._claim_sequence(conn, device_id, sequence)
            outcomes = self._ingest(conn, device_id, checkpoint_id, batch, "online", None)
            if waiting is not None:
                acknowledged = sum(o.status in (ACCEPTED, ALREADY_HAD) for o in outcomes)
                self._report_waiting(conn, device_id, max(0, waiting - acknowledged))
            return outcomes

    def _report_waiting(self, conn: Connection, device_id: str, waiting: int) -> None:
        values = {"waiting": waiting, "reported_at": _now()}
        if not self._insert_ignore(conn, device_reports, {"device_id": device_id, **values}):
            conn.execute(
                update(device_reports).where(device_reports.c.device_id == device_id).values(values)
            )

    def _ingest(
        self,
        conn: Connection,
        device_id: str,
        checkpoint_id: int,
        batch: Sequence[WireRecord],
        source: str,
        import_id: str | None,
    ) -> list[RecordOutcome]:
        stored: dict[tuple[str, int], str] = {}
        # A record belongs to the device that created it: versions from any other device
        # (another checkpoint pushing a higher version of its UUID) are conflicts.
        owner: dict[str, str] = {}
        uuids = sorted({w.record.uuid for w in batch})
        for chunk in _chunks(uuids, 500):
            for row in conn.execute(
                select(
                    records.c.uuid, records.c.version, records.c.content_hash, records.c.device_id
                )
                .where(records.c.uuid.in_(chunk))
                .order_by(records.c.uuid, records.c.version)
            ):
                stored[(row.uuid, row.version)] = row.content_hash
                owner.setdefault(row.uuid, row.device_id)
        received_at = _now()
        outcomes = []
        for w in batch:
            key = (w.record.uuid, w.record.version)
            wire_text = canonical_json(dict(w.wire)).decode("utf-8")
            county_hash = stored.get(key)
            foreign = owner.setdefault(key[0], device_id) != device_id
            if county_hash is None and not foreign:
                if self._insert_ignore(
                    conn,
                    records,
                    {
                        "uuid": key[0],
                        "version": key[1],
                        "content_hash": w.content_hash,
                        "wire": wire_text,
                        "device_id": device_id,
                        "checkpoint_id": checkpoint_id,
                        "checked_at": w.wire["checked_at"],
                        "disposition": w.record.disposition.value,
                        "health_colour": w.record.health_colour.value,
                        "fever": w.fever,
                        "nat_expired": w.nat_expired,
                        "report": w.report,
                        "destination_township": w.record.destination_township,
                        "destination_address": w.record.destination_address,
                        "pledge_method": w.record.pledge.method.value,
                        "pledge_version": w.record.pledge.version,
                        "pledge_at": (w.wire.get("pledge") or {}).get("at"),
                        "pledge_slip": w.record.pledge.slip,
                        "source": source,
                        "import_id": import_id,
                        "received_at": received_at,
                    },
                ):
                    stored[key] = w.content_hash
                    outcomes.append(RecordOutcome(key[0], key[1], ACCEPTED, w.content_hash))
                    continue
                # Someone else inserted it between our read and our write.
                county_hash = conn.execute(
                    select(records.c.content_hash).where(
                        records.c.uuid == key[0], records.c.version == key[1]
                    )
                ).scalar_one()
            if county_hash == w.content_hash:
                outcomes.append(RecordOutcome(key[0], key[1], ALREADY_HAD, county_hash))
                continue
            if county_hash is None:
                # Another device's record, at a version the county does not hold.
                county_hash = ""
            # Different content under the same UUID+version: never overwrite; keep it for a
            # person (once per distinct content).
            self._insert_ignore(
                conn,
                record_conflicts,
                {
                    "uuid": key[0],
                    "version": key[1],
                    "content_hash": w.content_hash,
                    "wire": wire_text,
                    "device_id": device_id,
                    "source": source,
                    "received_at": received_at,
                },
            )
            outcomes.append(RecordOutcome(key[0], key[1], CONFLICT, county_hash))
        return outcomes

    def import_bundle(
        self, device_id: str, bundle_id: str, file_sha256: str, batch: Sequence[WireRecord]
    ) -> ImportReport:
        """Import a verified bundle's records with the same idempotency as online sync.

        The bundle id is recorded in the same transaction, so a second import of the same
        file is refused as a replay and writes nothing.
        """
        with storage_errors(), self.engine.begin() as conn:
            device = conn.execute(
                select(devices.c.checkpoint_id, devices.c.revoked).where(
                    devices.c.device_id == device_id
                )
            ).first()
            if device is None or device.revoked:
                raise CountyError("导出包来自未登记或已吊销的设备，已拒绝", "revoked")
            if not self._insert_ignore(
                conn,
                imports,
                {
                    "bundle_id": bundle_id,
                    "device_id": device_id,
                    "file_sha256": file_sha256,
                    "imported_at": _now(),
                    "record_count": len(batch),
                },
            ):
                raise CountyError("该导出包已导入过，未重复导入", "replay")
            self._mark_sync_day(conn, device_id)
            outcomes = self._ingest(
                conn, device_id, int(device.checkpoint_id), batch, "bundle", bundle_id
            )
            report = ImportReport(
                bundle_id,
                device_id,
                sum(o.status == ACCEPTED for o in outcomes),
                sum(o.status == ALREADY_HAD for o in outcomes),
                sum(o.status == CONFLICT for o in outcomes),
            )
            conn.execute(
                update(imports)
                .where(imports.c.bundle_id == bundle_id)
                .values(
                    new_count=report.new,
                    already_had_count=report.already_had,
                    conflict_count=report.conflicts,
                )
            )
        return report

    def is_imported(self, bundle_id: str) -> bool:
        with self.engine.connect() as conn:
            return (
                conn.execute(
                    select(imports.c.bundle_id).where(imports.c.bundle_id == bundle_id)
                ).first()
                is not None
            )

    def record_versions(self, uuid: str) -> list[tuple[int, str]]:
        """(version, content hash) of every stored version of one record, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(records.c.version, records.c.content_hash)
                .where(records.c.uuid == uuid)
                .order_by(records.c.version)
            ).all()
        return [(r.version, r.content_hash) for r in rows]

    def record_count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(records)).scalar_one())

    def conflict_count(self) -> int:
        with self.engine.connect() as conn:
            return int(
                conn.execute(select(func.count()).select_from(record_conflicts)).scalar_one()
            )

    def conflicts(self) -> list[tuple[str, int, str]]:
        """Open conflicts: (uuid, version, device id) for the person who settles them."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(
                    record_conflicts.c.uuid,
                    record_conflicts.c.version,
                    record_conflicts.c.device_id,
                )
                .where(record_conflicts.c.resolved_at.is_(None))
                .order_by(record_conflicts.c.id)
            ).all()
        return [(r.uuid, r.version, r.device_id) for r in rows]

    # ------------------------------------------------------------------ policy

    def publish_policy(
        self, signing_key: Ed25519PrivateKey, content: dict[str, Any], *, at: datetime | None = None
    ) -> StoredPolicy:
        """Sign `content` as the next policy version and store it."""
        with self.engine.begin() as conn:
            current = conn.execute(select(func.max(policy_packs.c.version))).scalar_one()
            version = int(current or 0) + 1
            published_at = at or utc_now()
            envelope = sign_policy_pack(
                signing_key, version=version, published_at=published_at, content=content
            )
            etag = f'"v{version}-{sha256_hex(envelope)[:16]}"'
            conn.execute(
                policy_packs.insert().values(
                    version=version,
                    published_at=format_time(published_at),
                    envelope=envelope.decode("utf-8"),
                    etag=etag,
                )
            )
        return StoredPolicy(version, envelope, etag)

    def store_policy_envelope(self, version: int, envelope: bytes) -> StoredPolicy:
        """Store an envelope as given (tests use it to publish a badly signed pack)."""
        etag = f'"v{version}-{sha256_hex(envelope)[:16]}"'
        with self.engine.begin() as conn:
            conn.execute(
                policy_packs.insert().values(
                    version=version,
                    published_at=_now(),
                    envelope=envelope.decode("utf-8"),
                    etag=etag,
                )
            )
        return StoredPolicy(version, envelope, etag)

    def latest_policy(self) -> StoredPolicy | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(policy_packs).order_by(policy_packs.c.version.desc()).limit(1)
            ).first()
        return None if row is None else StoredPolicy(row.version, row.envelope.encode(), row.etag)

    # ------------------------------------------------------------------ dashboard users

    def add_user(self, username: str, password_hash: str) -> DashboardUser:
        """Create a dashboard user; refuses a name that exists (use `set_password`)."""
        username = username.strip()
        if not username or len(username) > 64:
            raise CountyError("用户名应为 1–64 个字符")
        user = DashboardUser(username, password_hash, _now())
        with self.engine.begin() as conn:
            if not self._insert_ignore(
                conn,
                dashboard_users,
                {
                    "username": user.username,
                    "password_hash": user.password_hash,
                    "created_at": user.created_at,
                },
            ):
                raise CountyError(f"已有用户「{username}」，修改密码请用 user passwd")
        return user

    def set_password(self, username: str, password_hash: str) -> None:
        """Replace a user's password hash (which also ends that user's open sessions)."""
        with self.engine.begin() as conn:
            result = conn.execute(
                update(dashboard_users)
                .where(dashboard_users.c.username == username)
                .values(password_hash=password_hash)
            )
            conn.execute(
                dashboard_sessions.delete().where(dashboard_sessions.c.username == username)
            )
        if result.rowcount != 1:
            raise CountyError(f"找不到用户「{username}」")

    @staticmethod
    def _end_sessions(conn: Connection, username: str) -> None:
        conn.execute(dashboard_sessions.delete().where(dashboard_sessions.c.username == username))

    def remove_user(self, username: str) -> None:
        with self.engine.begin() as conn:
            result = conn.execute(
                dashboard_users.delete().where(dashboard_users.c.username == username)
            )
            conn.execute(
                dashboard_sessions.delete().where(dashboard_sessions.c.username == username)
            )
        if result.rowcount != 1:
            raise CountyError(f"找不到用户「{username}」")

    def user(self, username: str) -> DashboardUser | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(dashboard_users).where(dashboard_users.c.username == username)
            ).first()
        return (
            None if row is None else DashboardUser(row.username, row.password_hash, row.created_at)
        )

    def list_users(self) -> list[DashboardUser]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(dashboard_users).order_by(dashboard_users.c.username)).all()
        return [DashboardUser(r.username, r.password_hash, r.created_at) for r in rows]
