"""The county's policy pack pulled over the wire or imported from a USB stick: verified,
checked as rules this app can apply, stored as the pack in force (or refused, audited)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlite_utils import Database

from checkpoint_app.policy.schema import PolicyError
from checkpoint_app.policy.store import check_pack
from checkpoint_app.storage.audit import append_audit
from checkpoint_app.sync import outbox
from checkpoint_app.sync.client import (
    ConnectionInfo,
    PullStatus,
    SyncFailure,
    fetch_signed_document,
    load_connection,
    never_cancelled,
)
from checkpoint_app.sync.files import MAX_POLICY_FILE_BYTES, FileRefused, read_chosen_file
from checkpoint_app.sync.keys import KeyFileError
from checkpoint_app.sync.protocol import (
    POLICY_PATH,
    WireFormatError,
    verify_policy_pack,
)

# ---------------------------------------------------------------------------- policy


# What became of a pulled or imported pack: one outcome type for every county document.
PolicyStatus = PullStatus


@dataclass(frozen=True, slots=True)
class PolicyReport:
    """The outcome of a policy pull or file import, and the pack in force afterwards."""

    status: PolicyStatus
    version: int | None = None
    published_at: datetime | None = None
    message: str = ""
    failure: SyncFailure | None = None


def _in_force(db: Database, status: PolicyStatus, message: str = "") -> PolicyReport:
    pack = outbox.current_policy(db)
    return PolicyReport(
        status,
        pack.version if pack else None,
        pack.published_at if pack else None,
        message,
    )


def _refuse_pack(db: Database, message: str, *, source: str, staff_id: int | None) -> PolicyReport:
    # The previous pack stays in force: a bad pack must never leave the station without one.
    with db.atomic():
        append_audit(
            db, "policy.refused", staff_id=staff_id, subject=source, details={"why": message}
        )
    return _in_force(db, PolicyStatus.REFUSED, f"{message}，继续使用原策略")


def _apply_envelope(
    db: Database,
    public_key: Ed25519PublicKey,
    envelope: bytes,
    *,
    source: str,
    etag: str,
    staff_id: int | None = None,
) -> PolicyReport:
    try:
        pack = verify_policy_pack(public_key, envelope)
    except WireFormatError as exc:
        return _refuse_pack(db, exc.message, source=source, staff_id=staff_id)
    try:
        check_pack(pack)  # signed is not enough: the content must be rules this app can apply
    except PolicyError as exc:
        return _refuse_pack(db, exc.message, source=source, staff_id=staff_id)
    if outbox.store_policy(db, pack, source=source, etag=etag, staff_id=staff_id):
        return _in_force(db, PolicyStatus.APPLIED, f"已更新防控策略（第 {pack.version} 版）")
    if etag:
        with db.atomic():
            outbox.set_state(db, "policy_etag", etag)
    return _in_force(db, PolicyStatus.UNCHANGED, "收到的策略不比现行策略新，未替换")


def pull_policy(
    db: Database,
    conn: ConnectionInfo,
    *,
    is_cancelled: Callable[[], bool] = never_cancelled,
) -> PolicyReport:
    """Fetch the county's policy pack (ETag), verify its signature and apply it atomically.

    Worker thread, own connection. A malformed, unsigned or older pack is refused and the
    previous one stays in force.
    """
    outbox.ensure_sync_schema(db)
    if is_cancelled():
        return _in_force(db, PolicyStatus.UNCHANGED)
    etag = outbox.get_state(db, "policy_etag") or ""
    result = fetch_signed_document(conn, POLICY_PATH, etag if outbox.current_policy(db) else "")
    if isinstance(result, SyncFailure):
        report = _in_force(db, PolicyStatus.FAILED, result.message)
        return PolicyReport(
            report.status, report.version, report.published_at, report.message, result
        )
    if result.status is PolicyStatus.UNCHANGED:
        return _in_force(db, PolicyStatus.UNCHANGED)
    if result.status is PolicyStatus.NONE_PUBLISHED:
        return _in_force(db, PolicyStatus.NONE_PUBLISHED, "县指挥部尚未发布防控策略")
    return _apply_envelope(
        db, conn.county_signing_key, result.envelope, source="online", etag=result.etag
    )


def import_policy_file(
    db: Database, data_dir: Path, path: Path, *, staff_id: int | None = None
) -> PolicyReport:
    """Apply a policy pack carried on a USB stick, verified with the pinned county key.

    Applied and refused packs are audited, with `staff_id` as the person who imported it.
    """
    outbox.ensure_sync_schema(db)
    try:
        conn = load_connection(data_dir)
    except KeyFileError as exc:
        return _in_force(db, PolicyStatus.REFUSED, exc.message)
    if conn is None:
        return _in_force(db, PolicyStatus.REFUSED, "本机尚未注册，无法核验策略包的签名")
    try:
        envelope = read_chosen_file(path, limit=MAX_POLICY_FILE_BYTES, what="策略包文件")
    except FileRefused as exc:
        return _in_force(db, PolicyStatus.REFUSED, exc.message)
    return _apply_envelope(
        db, conn.county_signing_key, envelope, source="file", etag="", staff_id=staff_id
    )
