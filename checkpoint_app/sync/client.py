"""The workstation's side of online sync: enroll, push the outbox, pull the policy pack.

Every public function here is plain, blocking Python meant for a worker thread: it takes
`is_cancelled` / `on_progress` where the work is long, opens nothing Qt, and returns a
typed result. Network trouble never escapes as an exception: it becomes a `SyncFailure`
with a Chinese message for the status bar.

The rule that keeps the county's count exact: a row is marked synced only for the
UUID+version the county acknowledged (accepted or already had) in a reply signed with
the county's pinned key. A timeout or a lost reply leaves the row unsynced; resending it
is harmless because the county answers "already had".
"""

from __future__ import annotations

import random
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlite_utils import Database

from checkpoint_app.storage.database import DATABASE_FILENAME, open_database
from checkpoint_app.storage.encryption import STORE_OPEN_ERRORS
from checkpoint_app.storage.staff import get_checkpoint
from checkpoint_app.storage.timefmt import from_db_time, to_db_time, utc_now
from checkpoint_app.sync import outbox
from checkpoint_app.sync.files import (
    MAX_CERTIFICATE_FILE_BYTES,
    FileRefused,
    read_chosen_file,
)
from checkpoint_app.sync.keys import (
    CA_FILENAME,
    EnrollmentInfo,
    KeyFileError,
    load_device_key,
    load_enrollment,
    next_sequence,
    save_enrollment,
    sync_dir,
    write_atomically,
)
from checkpoint_app.sync.protocol import (
    ACCEPTED,
    ALREADY_HAD,
    CONFLICT,
    ENROLL_PATH,
    ERROR_REPLAY,
    ERROR_REVOKED,
    HEADER_COUNTY_SIGNATURE,
    RECORDS_PATH,
    PolicyPack,
    WireFormatError,
    b64decode,
    b64encode,
    canonical_json,
    key_fingerprint,
    load_public_key,
    parse_wire_record,
    public_key_bytes,
    response_signing_bytes,
    sign_request,
    verify_signature,
)

DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=5.0)
# How far a signed replay refusal may lift the request counter at once: a data folder
# restored from a month-old backup is behind by a few hundred thousand at most.
MAX_SEQUENCE_LIFT = 10_000_000
# The longest wait a county's Retry-After is obeyed for.
MAX_RETRY_AFTER_S = 3600


def never_cancelled() -> bool:
    return False


def ignore_progress(_fraction: float) -> None:
    return None


class FailureKind(StrEnum):
    OFFLINE = "offline"
    TIMEOUT = "timeout"
    CERTIFICATE = "certificate"
    REVOKED = "revoked"
    NOT_ENROLLED = "not_enrolled"
    REJECTED = "rejected"
    SERVER_ERROR = "server_error"
    PROTOCOL = "protocol"
    LOCAL = "local"


class PullStatus(StrEnum):
    """What became of a county-signed document fetched (or imported): applied, the same as
    before, none published yet, refused (the old one stays) or not reached."""

    APPLIED = "applied"
    UNCHANGED = "unchanged"
    NONE_PUBLISHED = "none_published"
    REFUSED = "refused"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class SyncFailure:
    """Why a sync step stopped, in words for the status bar."""

    kind: FailureKind
    message: str
    # Seconds the county asked us to wait (Retry-After on a 503), bounded; None if it did not.
    retry_after: float | None = None


# ---------------------------------------------------------------------------- connection


@dataclass(frozen=True, slots=True)
class ConnectionInfo:
    """Everything needed to talk to the county, loaded from the data folder."""

    data_dir: Path
    server_url: str
    device_id: str
    device_key: Ed25519PrivateKey
    county_signing_key: Ed25519PublicKey
    county_sealing_key: bytes
    ca_file: Path | None = None
    timeout: httpx.Timeout = field(default_factory=lambda: DEFAULT_TIMEOUT)


def load_connection(data_dir: Path) -> ConnectionInfo | None:
    """The pinned connection, or None when not enrolled. Raises KeyFileError on damaged files."""
    info = load_enrollment(data_dir)
    if info is None:
        return None
    try:
        signing = load_public_key(b64decode(info.county_signing_key))
        sealing = b64decode(info.county_sealing_key)
    except WireFormatError as exc:
        raise KeyFileError("注册信息中的县指挥部公钥已损坏，请重新注册") from exc
    return ConnectionInfo(
        data_dir=data_dir,
        server_url=info.server_url.rstrip("/"),
        device_id=info.device_id,
        device_key=load_device_key(data_dir),
        county_signing_key=signing,
        county_sealing_key=sealing,
        ca_file=sync_dir(data_dir) / info.ca_file if info.ca_file else None,
    )


def http_client(server_url: str, ca_file: Path | None, timeout: httpx.Timeout) -> httpx.Client:
    # With a county certificate pinned, only that certificate (or its CA) is trusted.
    verify: ssl.SSLContext | bool = (
        ssl.create_default_context(cafile=str(ca_file)) if ca_file is not None else True
    )
    return httpx.Client(base_url=server_url, timeout=timeout, verify=verify, trust_env=False)


def _network_failure(exc: Exception) -> SyncFailure:
    if isinstance(exc, httpx.ConnectTimeout):
        return SyncFailure(FailureKind.OFFLINE, "断网或连接县服务器超时")
    if isinstance(exc, httpx.TimeoutException):
        return SyncFailure(FailureKind.TIMEOUT, "县服务器无响应（超时），稍后自动重试")
    if isinstance(exc, httpx.ConnectError) and "CERTIFICATE" in str(exc).upper():
        return SyncFailure(FailureKind.CERTIFICATE, "县服务器证书不符，已停止同步")
    if isinstance(exc, httpx.ConnectError | httpx.NetworkError):
        return SyncFailure(FailureKind.OFFLINE, "断网或无法连接县服务器")
    if isinstance(exc, ssl.SSLError):
        return SyncFailure(FailureKind.CERTIFICATE, "县服务器证书不符，已停止同步")
    return SyncFailure(FailureKind.PROTOCOL, "与县服务器通信出错")


def _error_reason(response: httpx.Response) -> tuple[str, dict[str, Any]]:
    try:
        data = response.json()
    except ValueError:
        return "", {}
    if not isinstance(data, dict):
        return "", {}
    return str(data.get("error", "")), data


def retry_after_seconds(response: httpx.Response) -> float | None:
    """The wait a 503 or 429 asks for, in seconds, within [1 s, MAX_RETRY_AFTER_S].

    Only the delta-seconds form is read (the county sends it); an HTTP date or garbage is
    ignored and the usual backoff applies. The cap keeps a hostile or broken server from
    parking the workstation for days.
    """
    if response.status_code not in (429, 503):
        return None
    text = response.headers.get("Retry-After", "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 12:
        return None
    return float(min(max(int(text), 1), MAX_RETRY_AFTER_S))


def _http_failure(response: httpx.Response) -> SyncFailure:
    reason, _data = _error_reason(response)
    status = response.status_code
    if status == 403 or reason == ERROR_REVOKED:
        return SyncFailure(FailureKind.REVOKED, "本设备已被县指挥部吊销，请联系县里重新注册")
    if status == 401:
        return SyncFailure(FailureKind.REJECTED, "县服务器拒绝了本设备的签名，请重新注册")
    if status in {503, 429}:
        wait = retry_after_seconds(response)
        later = f"，约 {int(wait // 60) or 1} 分钟后重试" if wait else "，稍后自动重试"
        message = f"县服务器暂时无法处理（HTTP {status}）{later}"
        return SyncFailure(FailureKind.SERVER_ERROR, message, wait)
    if status >= 500:
        return SyncFailure(FailureKind.SERVER_ERROR, f"县服务器出错（HTTP {status}），稍后自动重试")
    return SyncFailure(FailureKind.REJECTED, f"县服务器拒绝了请求（HTTP {status}）")


def _county_signed(response: httpx.Response, conn: ConnectionInfo, sequence: int) -> bool:
    signature = response.headers.get(HEADER_COUNTY_SIGNATURE, "")
    try:
        signature_bytes = b64decode(signature)
    except WireFormatError:
        return False
    status = response.status_code
    signed = response_signing_bytes(status, response.content, conn.device_id, sequence)
    return verify_signature(conn.county_signing_key, signature_bytes, signed)


def signed_call(
    http: httpx.Client,
    conn: ConnectionInfo,
    method: str,
    path: str,
    body: bytes = b"",
    extra_headers: dict[str, str] | None = None,
) -> httpx.Response | SyncFailure:
    """One signed request; the reply is returned only if the county's key signed it.

    A replay refusal (our counter behind the county's, e.g. a data folder restored from
    a backup) lifts the counter past the county's and tries once more, but only when the
    county's key signed it and the number is within MAX_SEQUENCE_LIFT of ours: anything
    unsigned changes nothing here, so a forged reply cannot push the counter out of reach.
    """
    at_least = 0
    for _ in range(2):
        sequence = next_sequence(conn.data_dir, at_least=at_least)
        headers = sign_request(conn.device_key, method, path, body, conn.device_id, sequence)
        headers["Content-Type"] = "application/json"
        headers.update(extra_headers or {})
        try:
            response = http.request(method, path, content=body, headers=headers)
        except (httpx.HTTPError, ssl.SSLError) as exc:
            return _network_failure(exc)
        reason, data = _error_reason(response) if response.status_code >= 400 else ("", {})
        if response.status_code == 401 and reason == ERROR_REPLAY:
            last = data.get("last_sequence")
            if (
                _county_signed(response, conn, sequence)
                and isinstance(last, int)
                and not isinstance(last, bool)
                and sequence <= last < sequence + MAX_SEQUENCE_LIFT
            ):
                at_least = last
                continue
            return SyncFailure(FailureKind.REJECTED, "县服务器认为请求重复（序号），请联系县里")
        if response.status_code >= 400:
            return _http_failure(response)
        if not _county_signed(response, conn, sequence):
            return SyncFailure(
                FailureKind.CERTIFICATE, "县服务器身份不符（应答签名无效），已停止同步"
            )
        return response
    return SyncFailure(FailureKind.REJECTED, "县服务器认为请求重复（序号），请联系县里")


@dataclass(frozen=True, slots=True)
class FetchedDocument:
    """What fetching a county-signed document gave: `status` PullStatus.UNCHANGED (304),
    NONE_PUBLISHED (204) or APPLIED meaning "new bytes to verify" (`envelope`, `etag`)."""

    status: PullStatus
    envelope: bytes = b""
    etag: str = ""


def fetch_signed_document(
    conn: ConnectionInfo, path: str, etag: str
) -> FetchedDocument | SyncFailure:
    """GET a county-signed document (policy pack, watch list, site list) with its ETag.

    The reply is the county's (signed_call); the document's own signature is the caller's
    to verify, with the kind it expects.
    """
    extra = {"If-None-Match": etag} if etag else {}
    with http_client(conn.server_url, conn.ca_file, conn.timeout) as http:
        result = signed_call(http, conn, "GET", path, b"", extra)
    if isinstance(result, SyncFailure):
        return result
    if result.status_code == 304:
        return FetchedDocument(PullStatus.UNCHANGED)
    if result.status_code == 204:
        return FetchedDocument(PullStatus.NONE_PUBLISHED)
    return FetchedDocument(PullStatus.APPLIED, result.content, result.headers.get("ETag", ""))


# ---------------------------------------------------------------------------- enroll


@dataclass(frozen=True, slots=True)
class Enrollment:
    """The result of enrolling; `failure` is None on success."""

    device_id: str = ""
    checkpoint_name: str = ""
    county_fingerprint: str = ""
    failure: SyncFailure | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None


def enroll(
    data_dir: Path,
    server_url: str,
    code: str,
    *,
    ca_file: Path | None = None,
    timeout: httpx.Timeout = DEFAULT_TIMEOUT,
) -> Enrollment:
    """Register this workstation with the county using a one-time enrollment code.

    Makes a fresh Ed25519 key pair, sends its public half with the code (signed by the new
    key, proving possession), and pins the county's keys from the reply. Safe on a worker
    thread (opens its own database connection).
    """
    try:
        db = open_database(data_dir / DATABASE_FILENAME)
    except STORE_OPEN_ERRORS as exc:
        return Enrollment(failure=SyncFailure(FailureKind.LOCAL, f"无法打开本地数据：{exc}"))
    try:
        checkpoint = get_checkpoint(db)
    finally:
        db.close()
    if checkpoint is None:
        return Enrollment(failure=SyncFailure(FailureKind.LOCAL, "请先完成卡点设置再注册"))
    ca_pem = b""
    if ca_file is not None:
        # Looked at before TLS loads it: a chosen path may be a FIFO or a device.
        try:
            ca_pem = read_chosen_file(ca_file, limit=MAX_CERTIFICATE_FILE_BYTES, what="证书文件")
        except FileRefused as exc:
            return Enrollment(failure=SyncFailure(FailureKind.CERTIFICATE, exc.message))
    key = Ed25519PrivateKey.generate()
    body = canonical_json(
        {
            "code": code.strip().upper().replace("-", "").replace(" ", ""),
            "device_id": checkpoint.device_id,
            "public_key": b64encode(public_key_bytes(key)),
            "checkpoint_name": checkpoint.name,
        }
    )
    headers = sign_request(key, "POST", ENROLL_PATH, body, checkpoint.device_id, 0)
    headers["Content-Type"] = "application/json"
    try:
        with http_client(server_url.rstrip("/"), ca_file, timeout) as http:
            response = http.post(ENROLL_PATH, content=body, headers=headers)
    except (httpx.HTTPError, ssl.SSLError) as exc:
        return Enrollment(failure=_network_failure(exc))
    if response.status_code in {400, 403}:
        _reason, data = _error_reason(response)
        message = str(data.get("message") or "注册码无效、已使用或已过期")
        return Enrollment(failure=SyncFailure(FailureKind.REJECTED, message))
    if response.status_code != 200:
        return Enrollment(failure=_http_failure(response))
    try:
        data = response.json()
        signing_raw = b64decode(data["county_signing_key"])
        sealing_raw = b64decode(data["county_sealing_key"])
        signing = load_public_key(signing_raw)
        checkpoint_name = str(data["checkpoint"]["name"])
    except (ValueError, KeyError, TypeError, WireFormatError):
        return Enrollment(failure=SyncFailure(FailureKind.PROTOCOL, "县服务器的应答格式不对"))
    # Trust on first use, bound to the one-time code: the reply must at least be signed by
    # the key it announces, so a garbled or spliced reply is not pinned.
    signature = response.headers.get(HEADER_COUNTY_SIGNATURE, "")
    try:
        signature_ok = verify_signature(
            signing,
            b64decode(signature),
            response_signing_bytes(200, response.content, checkpoint.device_id, 0),
        )
    except WireFormatError:
        signature_ok = False
    if not signature_ok or len(sealing_raw) != 32:
        return Enrollment(failure=SyncFailure(FailureKind.CERTIFICATE, "县服务器身份不符"))
    ca_name = ""
    if ca_file is not None:
        ca_name = CA_FILENAME
        write_atomically(sync_dir(data_dir) / CA_FILENAME, ca_pem, mode=0o644)
    save_enrollment(
        data_dir,
        EnrollmentInfo(
            server_url=server_url.rstrip("/"),
            device_id=checkpoint.device_id,
            checkpoint_name=checkpoint_name,
            county_signing_key=b64encode(signing_raw),
            county_sealing_key=b64encode(sealing_raw),
            enrolled_at=to_db_time(utc_now()),
            ca_file=ca_name,
        ),
        key,
    )
    return Enrollment(checkpoint.device_id, checkpoint_name, key_fingerprint(signing_raw))


# ---------------------------------------------------------------------------- push


@dataclass(frozen=True, slots=True)
class PushReport:
    """What one push did. `remaining` counts versions the county has not acknowledged."""

    sent: int = 0
    accepted: int = 0
    already_had: int = 0
    conflicts: int = 0
    remaining: int = 0
    cancelled: bool = False
    failure: SyncFailure | None = None


def push_pending(
    db: Database,
    conn: ConnectionInfo,
    *,
    is_cancelled: Callable[[], bool] = never_cancelled,
    on_progress: Callable[[float], None] = ignore_progress,
    batch_size: int = 200,
) -> PushReport:
    """Send the outbox to the county in batches and mark what it acknowledged.

    Runs on a worker thread with that thread's own `db` connection. Stops at the first
    network failure (the rest waits for the next attempt) or when `is_cancelled()`.
    """
    outbox.ensure_sync_schema(db)
    total = max(1, outbox.sendable_count(db))
    sent = accepted = already_had = conflicts = 0
    failure: SyncFailure | None = None
    cancelled = False
    after_id = 0
    with http_client(conn.server_url, conn.ca_file, conn.timeout) as http:
        while True:
            if is_cancelled():
                cancelled = True
                break
            items = outbox.load_pending(db, after_id=after_id, limit=batch_size)
            if not items:
                break
            after_id = items[-1].outbox_id
            items = _hold_back_refused(db, items)
            if not items:
                continue
            # "waiting" lets the county's dashboard show how much each checkpoint still holds;
            # it is inside the signed body, and a county that does not know it ignores it.
            body = canonical_json(
                {
                    "records": [item.wire for item in items],
                    "waiting": outbox.unsynced_count(db),
                }
            )
            result = signed_call(http, conn, "POST", RECORDS_PATH, body)
            sent += len(items)
            if isinstance(result, SyncFailure):
                with db.atomic():
                    outbox.note_attempt(db, [i.outbox_id for i in items], result.message)
                failure = result
                break
            answers = _parse_answers(result)
            if answers is None:
                failure = SyncFailure(FailureKind.PROTOCOL, "县服务器的应答格式不对")
                with db.atomic():
                    outbox.note_attempt(db, [i.outbox_id for i in items], failure.message)
                break
            acknowledged: list[int] = []
            unanswered: list[int] = []
            with db.atomic():
                for item in items:
                    status, county_hash = answers.get((item.uuid, item.version), ("", ""))
                    if status == ACCEPTED or (
                        status == ALREADY_HAD and county_hash in ("", item.content_hash)
                    ):
                        acknowledged.append(item.outbox_id)
                        accepted += status == ACCEPTED
                        already_had += status == ALREADY_HAD
                    elif status in (CONFLICT, ALREADY_HAD):
                        conflicts += 1
                        outbox.add_conflict(
                            db,
                            uuid=item.uuid,
                            version=item.version,
                            local_hash=item.content_hash,
                            county_hash=county_hash,
                            source="online",
                        )
                        outbox.note_attempt(db, [item.outbox_id], "与县里已有的同一版本内容不一致")
                    else:
                        unanswered.append(item.outbox_id)
                outbox.mark_synced(db, acknowledged)
                outbox.note_attempt(db, unanswered, "县服务器未确认")
            on_progress(min(1.0, (accepted + already_had + conflicts) / total))
    return PushReport(
        sent=sent,
        accepted=accepted,
        already_had=already_had,
        conflicts=conflicts,
        remaining=outbox.unsynced_count(db),
        cancelled=cancelled,
        failure=failure,
    )


def _hold_back_refused(db: Database, items: list[outbox.OutboxItem]) -> list[outbox.OutboxItem]:
    """The items the county can accept; the others keep their place with the reason.

    A version saved before hidden characters were refused at the form would have the
    county refuse its whole batch, and every record behind it would wait forever. It
    waits alone instead, until a lead corrects the record.
    """
    sendable: list[outbox.OutboxItem] = []
    with db.atomic():
        for item in items:
            try:
                parse_wire_record(item.wire)
            except WireFormatError as exc:
                outbox.note_attempt(db, [item.outbox_id], exc.message)
            else:
                sendable.append(item)
    return sendable


def _parse_answers(response: httpx.Response) -> dict[tuple[str, int], tuple[str, str]] | None:
    try:
        data = response.json()
    except ValueError:
        return None
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, list):
        return None
    answers: dict[tuple[str, int], tuple[str, str]] = {}
    for entry in results:
        if not isinstance(entry, dict):
            return None
        uuid, version, status = entry.get("uuid"), entry.get("version"), entry.get("status")
        if isinstance(uuid, str) and isinstance(version, int) and isinstance(status, str):
            answers[(uuid, version)] = (status, str(entry.get("county_hash", "")))
    return answers


# ---------------------------------------------------------------------------- status


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """What the status bar shows about sync, read from the store (cheap; GUI thread is fine)."""

    enrolled: bool
    pending: int
    open_conflicts: int
    last_success: datetime | None
    last_error: str
    policy_version: int | None
    policy_published_at: datetime | None


def sync_status(db: Database, data_dir: Path) -> SyncStatus:
    """The sync figures for the status bar."""
    outbox.ensure_sync_schema(db)
    try:
        enrolled = load_enrollment(data_dir) is not None
    except KeyFileError:
        enrolled = False
    pack = outbox.current_policy(db)
    return SyncStatus(
        enrolled=enrolled,
        pending=outbox.unsynced_count(db),
        open_conflicts=len(outbox.list_conflicts(db)),
        last_success=from_db_time(outbox.get_state(db, "last_success")),
        last_error=outbox.get_state(db, "last_error") or "",
        policy_version=pack.version if pack else None,
        policy_published_at=pack.published_at if pack else None,
    )


def next_delay(attempt: int, rng: random.Random, *, base: float = 5.0, cap: float = 900.0) -> float:
    """Seconds to wait before retry number `attempt` (0-based): exponential with jitter.

    Half the exponential step is fixed and half random ("equal jitter"), so fifty
    checkpoints coming back online together spread out instead of hammering the county,
    and no retry comes sooner than half the step.
    """
    ceiling = min(cap, base * 2 ** min(max(attempt, 0), 30))
    return float(ceiling / 2 + rng.uniform(0, ceiling / 2))


def policy_age_warning(pack: PolicyPack | None, *, max_age_hours: float, now: datetime) -> str:
    """A warning for the status bar when the pack in force is old (empty when fine)."""
    if pack is None:
        return "尚未收到县指挥部的防控策略"
    age_hours = (now - pack.published_at).total_seconds() / 3600
    if age_hours > max_age_hours:
        return f"防控策略已 {int(age_hours // 24)} 天 {int(age_hours % 24)} 小时未更新"
    return ""


__all__ = [
    "ConnectionInfo",
    "Enrollment",
    "FailureKind",
    "FetchedDocument",
    "PullStatus",
    "PushReport",
    "SyncFailure",
    "SyncStatus",
    "enroll",
    "fetch_signed_document",
    "http_client",
    "ignore_progress",
    "load_connection",
    "never_cancelled",
    "next_delay",
    "policy_age_warning",
    "push_pending",
    "retry_after_seconds",
    "signed_call",
    "sync_status",
]
