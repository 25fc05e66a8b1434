"""Workstation benchmarks: cold start, scan → commit → table, a 1,000,000-record store, memory.

    .venv/bin/python bench/bench_workstation.py [--quick] [--rebuild-store] [--markdown]

Prints one table (metric, value, goal, verdict). Where the goal is a ratio, the
baseline is measured in the same run on the same machine:

- cold start: fresh processes, offscreen, from spawn until the window's first paint;
  a bare PySide6 QMainWindow against the real MainWindow on a prepared data folder
  (checkpoint, staff and an open shift with a demo shift's records; the Argon2 PIN
  check of the sign-in dialog is left out: the worker is typing at that moment);
- registrations: one process, the real MainWindow; each traveller is a wedge-scanner
  burst (an 18-digit ID, 3 ms per key, Enter) then the temperature typed at a person's
  pace and Enter, as key events with explicit timestamps sent to the focused widget;
  timed until `record_saved` fired with the new row on top of the table model;
- how many registrations one window process survives (PySide6 6.12.0 on Python 3.11
  lost a reference to None on every void call and aborted; pyproject pins below it);
- a store of 1,000,000 records (built once, cached in /tmp): searches, the shift list,
  counts, and a save with the refresh the window does after it;
- peak RSS (VmHWM) of the registering process, against the bare window's.

No timing here is asserted anywhere; the figures go to docs/PERFORMANCE.md.
"""

from __future__ import annotations

import time

_STARTED = time.perf_counter()  # child processes report their times relative to this

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import sqlite3  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from collections.abc import Callable, Iterator, Sequence  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from datetime import UTC, date, datetime, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from _table import print_table  # noqa: E402  (bench/ is on sys.path when a bench runs)

# Before anything can import Qt: no display is needed, and runs compare like with like.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
STORE_DIR = Path(tempfile.gettempdir()) / "checkpoint-bench"
# Bump when the generated store changes shape, so a cached file is rebuilt.
STORE_GENERATOR_VERSION = 1
RECORDS_PER_SHIFT = 1_000
READY_TIMEOUT_S = 120.0


# --------------------------------------------------------------------------- helpers


def _vm_hwm_kb() -> int:
    """Peak resident set size of this process (Linux), in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _median(values: Sequence[float]) -> float:
    return statistics.median(values)


def _p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _timed_ms(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(region: str, birth: date, sequence: int) -> str:
    """A resident ID number with a valid GB 11643 check digit (ISO 7064 MOD 11-2).

    Computed here rather than with stdnum because the store builder makes a million.
    """
    body = f"{region}{birth:%Y%m%d}{sequence % 1000:03d}"
    total = sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


# --------------------------------------------------------------------------- child side
# The functions below run in fresh processes started by the parent (--child ...). They
# import Qt and the app lazily, so the bare-window child loads nothing but PySide6.


def _show_until_painted(app: Any, window: Any) -> None:
    """Show `window` and run the event loop until its first paint event arrived."""
    from PySide6.QtCore import QEvent, QObject

    painted: list[bool] = []

    class PaintSpy(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted.append(True)
            return False

    spy = PaintSpy()
    window.installEventFilter(spy)
    window.resize(1500, 920)
    window.show()
    deadline = time.monotonic() + READY_TIMEOUT_S
    while not painted and time.monotonic() < deadline:
        app.processEvents()
    window.removeEventFilter(spy)
    if not painted:
        raise RuntimeError("the window was never painted")


def _report(result: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()


def child_bare_window() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    _show_until_painted(app, window)
    _report({"ready_s": time.perf_counter() - _STARTED, "hwm_kb": _vm_hwm_kb()})


def _build_main_window(data_dir: Path, stages: dict[str, float] | None = None) -> tuple[Any, Any]:
    """The app's own start-up path after sign-in: store, settings, QApplication, window.

    `stages` receives the time (s since the script started) at which each step ended.
    """
    stamp: Callable[[str], None] = (
        (lambda name: stages.__setitem__(name, time.perf_counter() - _STARTED))
        if stages is not None
        else (lambda name: None)
    )
    from checkpoint_app.gui.application import create_application
    from checkpoint_app.gui.main_window import MainWindow
    from checkpoint_app.storage.database import DATABASE_FILENAME, open_database
    from checkpoint_app.storage.settings_store import load_settings
    from checkpoint_app.storage.staff import current_shift, get_checkpoint, list_staff

    stamp("imports")
    db = open_database(data_dir / DATABASE_FILENAME)
    settings = load_settings(db)
    checkpoint = get_checkpoint(db)
    shift = current_shift(db)
    assert checkpoint is not None and shift is not None, "prepare the data folder first"
    staff = next(s for s in list_staff(db) if s.id == shift.staff_id)
    stamp("store")
    app = create_application(settings.language)
    stamp("application")
    window = MainWindow(db, settings=settings, checkpoint=checkpoint, staff=staff, shift=shift)
    stamp("window")
    return app, window


def child_main_window(data_dir: Path) -> None:
    stages: dict[str, float] = {}
    app, window = _build_main_window(data_dir, stages)
    _show_until_painted(app, window)
    stages["painted"] = time.perf_counter() - _STARTED
    _report({"ready_s": stages["painted"], "hwm_kb": _vm_hwm_kb(), "stages": stages})


class _WedgeKeyboard:
    """Key events with explicit timestamps, sent to the focused widget like the OS does.

    The wedge filter tells scanner from person by the events' timestamps, so a burst
    needs no real waiting: timestamps 3 ms apart are a scanner, 150 ms apart a person.
    """

    def __init__(self) -> None:
        self.now_ms = 10_000_000

    def _send(self, char: str, gap_ms: int) -> None:
        from PySide6.QtCore import QEvent, Qt
        from PySide6.QtGui import QKeyEvent
        from PySide6.QtWidgets import QApplication

        self.now_ms += gap_ms
        target = QApplication.focusWidget()
        if target is None:
            raise RuntimeError("no widget has keyboard focus")
        if char == "\r":
            key, text = Qt.Key.Key_Return, ""
        elif char == ".":
            key, text = Qt.Key.Key_Period, char
        else:
            key, text = Qt.Key(ord(char.upper())), char
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)
            event.setTimestamp(self.now_ms)
            QApplication.sendEvent(target, event)

    def scan(self, payload: str) -> None:
        for char in payload:
            self._send(char, 3)
        self._send("\r", 3)

    def type(self, text: str) -> None:
        for char in text:
            self._send(char, 150)

    def enter(self) -> None:
        self._send("\r", 200)

    def pause(self, ms: int) -> None:
        self.now_ms += ms


@dataclass(frozen=True, slots=True)
class RegistrationTimes:
    """Milliseconds of one registration, all from the first key of the scan burst."""

    scan_ms: float  # burst + Enter handled: the ID is in its field, focus on temperature
    save_ms: float  # from the Enter after the temperature until record_saved
    to_table_ms: float  # until record_saved fired with the new row on top of the model
    to_paint_ms: float  # until the event loop has also repainted the window


def _registrations(app: Any, window: Any, seed: int) -> Iterator[RegistrationTimes]:
    """Register travellers through `window`, one per iteration, as a worker would."""
    from PySide6.QtWidgets import QApplication

    window.activateWindow()
    window.form.ui.scanEdit.setFocus()
    deadline = time.monotonic() + READY_TIMEOUT_S
    while QApplication.focusWidget() is not window.form.ui.scanEdit:
        if time.monotonic() > deadline:
            raise RuntimeError("the scan field never got the focus")
        app.processEvents()

    saved: list[tuple[float, bool]] = []

    def on_saved(uuid: str, _version: int) -> None:
        # record_saved fires after the window refreshed its model: the row must be on top.
        at = time.perf_counter()
        item = window.model.item_at(0)
        saved.append((at, item is not None and item.record.uuid == uuid))

    window.record_saved.connect(on_saved)
    rng = random.Random(seed)
    keyboard = _WedgeKeyboard()
    today = date.today()
    n = 0
    while True:
        number = id_number(
            rng.choice(("411623", "411602", "410105", "310115")),
            today - timedelta(days=rng.randint(18 * 365, 75 * 365)),
            rng.randint(0, 999),
        )
        temperature = f"{rng.gauss(36.5, 0.25):.1f}" if rng.random() > 0.03 else "38.1"
        before = len(saved)
        t0 = time.perf_counter()
        keyboard.scan(number)
        t1 = time.perf_counter()
        if QApplication.focusWidget() is not window.form.ui.temperatureEdit:
            raise RuntimeError(f"scan {n} of {number} was not taken as a scan")
        keyboard.type(temperature)
        t2 = time.perf_counter()
        keyboard.enter()
        if len(saved) != before + 1 or not saved[-1][1]:
            problem = window.form.ui.problemLabel.text()
            raise RuntimeError(f"registration {n} was not saved and shown: {problem}")
        t3 = saved.pop()[0]
        app.processEvents()  # the repaint the worker sees before the next traveller
        t4 = time.perf_counter()
        yield RegistrationTimes(
            (t1 - t0) * 1000, (t3 - t2) * 1000, (t3 - t0) * 1000, (t4 - t0) * 1000
        )
        keyboard.pause(5_000)
        n += 1


def child_registrations(data_dir: Path, count: int, seed: int) -> None:
    app, window = _build_main_window(data_dir)
    _show_until_painted(app, window)
    hwm_ready_kb = _vm_hwm_kb()
    times = [t for t, _ in zip(_registrations(app, window, seed), range(count), strict=False)]
    _report(
        {
            "count": count,
            "scan_ms": [t.scan_ms for t in times],
            "save_ms": [t.save_ms for t in times],
            "to_table_ms": [t.to_table_ms for t in times],
            "to_paint_ms": [t.to_paint_ms for t in times],
            "hwm_ready_kb": hwm_ready_kb,
            "hwm_kb": _vm_hwm_kb(),
        }
    )


def child_registrations_until_abort(data_dir: Path, limit: int, seed: int) -> None:
    """Register up to `limit` travellers with nothing kept alive; one line per registration."""
    app, window = _build_main_window(data_dir)
    _show_until_painted(app, window)
    for _ in zip(_registrations(app, window, seed), range(limit), strict=False):
        sys.stdout.write("saved\n")
        sys.stdout.flush()


# --------------------------------------------------------------------------- the big store

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜"
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂建国志红梅海燕玉春生文华"
_ORIGIN_CODES = ("411623",) * 8 + (
    "411602",
    "411603",
    "411622",
    "411624",
    "411681",
    "410105",
    "411700",
    "330100",
    "440300",
    "420100",
    "110105",
    "310115",
    "220100",
)
_TOWNSHIPS = ("谭庄镇", "城关乡", "张明乡", "郝岗镇", "大武乡", "白寺镇", "魏集镇", "东城街道")
_REASONS = ("返乡", "探亲访友", "务工", "物流运输", "公务", "就医", "过境")
_PLATE_CHARS = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
_SOURCES_JSON = json.dumps(
    {"document_number": "scanned", "temperature": "typed"}, ensure_ascii=False
)


@dataclass(frozen=True, slots=True)
class StoreInfo:
    path: Path
    records: int
    shifts: int
    build_s: float
    size_bytes: int
    built_now: bool


def _db_time(epoch_s: float) -> str:
    # The same text as storage.timefmt.to_db_time, from a number, a million times.
    return datetime.fromtimestamp(epoch_s, UTC).isoformat(timespec="milliseconds")


def _generated_rows(
    records: int, staff_ids: Sequence[int], first_shift_id: int, start_epoch: float, seed: int
) -> Iterator[dict[str, Any]]:
    """Record rows with the keys of storage.records._record_to_row, one shift after another."""
    import uuid

    from checkpoint_app.records.divisions import load_divisions

    divisions = load_divisions()
    origins = [(code, divisions.get(code)) for code in _ORIGIN_CODES]
    origin_names = [(code, d.full_name if d else "") for code, d in origins]
    rng = random.Random(seed)
    spacing_s = 8 * 3600 / RECORDS_PER_SHIFT  # one 8-hour shift per RECORDS_PER_SHIFT records
    for i in range(records):
        shift_index = i // RECORDS_PER_SHIFT
        checked_s = start_epoch + i * spacing_s + rng.uniform(0, spacing_s)
        origin_code, origin_name = rng.choice(origin_names)
        birth = date(1947, 1, 1) + timedelta(days=rng.randint(0, 57 * 365))
        document = id_number(rng.choice(("411623", "411602", origin_code)), birth, i)
        phone = f"1{rng.choice('3578')}{rng.randint(0, 999_999_999):09d}"
        roll = rng.random()
        plate = (
            ""
            if roll < 0.15
            else ("豫P" if roll < 0.9 else rng.choice(("沪B", "浙A", "粤B", "京A")))
            + "".join(rng.choice(_PLATE_CHARS) for _ in range(5))
        )
        fever = rng.random() < 0.01
        temperature = round(rng.uniform(37.4, 38.6) if fever else rng.gauss(36.5, 0.25), 1)
        health = rng.choices(("green", "yellow", "red"), weights=(94, 5, 1))[0]
        risky = origin_code in ("310115", "220100")
        nat_hours = rng.choice((6, 12, 20, 26, 31, 40, 44, 47, 52, 70))
        nat_expired = nat_hours > 48
        if fever:
            disposition = "fever_clinic"
        elif health == "red":
            disposition = "central_quarantine"
        elif risky and rng.random() < 0.7:
            disposition = "turn_back"
        elif health == "yellow" or risky:
            disposition = "home_monitoring"
        elif nat_expired:
            disposition = "release_test"
        else:
            disposition = "release"
        checked_at = _db_time(checked_s)
        yield {
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "version": 1,
            "is_current": 1,
            "shift_id": first_shift_id + shift_index,
            "staff_id": staff_ids[shift_index % len(staff_ids)],
            "checked_at": checked_at,
            "saved_at": _db_time(checked_s + rng.uniform(20, 90)),
            "document_type": "resident_id",
            "document_number": document,
            "document_tail": document[-4:],
            "name": rng.choice(_SURNAMES)
            + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2)))),
            "phone": phone,
            "phone_tail": phone[-4:],
            "plate": plate,
            "vehicle_id": None,
            "origin_code": origin_code,
            "origin_name": origin_name,
            "destination_township": rng.choice(_TOWNSHIPS),
            "reason": rng.choice(_REASONS),
            "temperature": temperature,
            "fever": int(fever),
            "health_colour": health,
            "health_payload": "",
            "health_issuer": "",
            "travel_colour": "yellow" if risky else "green",
            "travel_cities": '["上海市*"]' if origin_code == "310115" else "[]",
            "nat_result": "negative",
            "nat_sampled_at": _db_time(checked_s - nat_hours * 3600),
            "nat_expired": int(nat_expired),
            "vaccine_doses": rng.choice((2, 3, 3, 3)),
            "disposition": disposition,
            "override_reason": "来自中高风险地区，按县指挥部通知劝返"
            if disposition == "turn_back"
            else "",
            "notes": "",
            "sources": _SOURCES_JSON,
        }


def _row_keys() -> list[str]:
    """The column names RecordRepository.save writes, in its order."""
    from checkpoint_app.records.model import Disposition, TravellerRecord
    from checkpoint_app.storage.records import RecordFlags, _record_to_row

    sample = TravellerRecord(
        uuid="x", checked_at=datetime.now(UTC), disposition=Disposition.RELEASE
    )
    return list(_record_to_row(sample, RecordFlags(fever=False, nat_expired=False)))


def build_store(path: Path, records: int, seed: int) -> int:
    """A store of `records` records in shifts of RECORDS_PER_SHIFT; returns the shift count.

    Schema from the app's own migrations; rows inserted directly in one transaction
    with the migrations' indexes dropped and re-created afterwards (the fast way to
    bulk-load SQLite). Every record has its outbox row (all but the open shift synced),
    one scan artefact and a `record.saved` entry in a valid audit chain, like a save.
    """
    from checkpoint_app.records.model import CheckpointKind, StaffRole
    from checkpoint_app.storage.audit import _entry_hash
    from checkpoint_app.storage.database import open_database
    from checkpoint_app.storage.staff import add_staff, set_up_checkpoint

    keys = _row_keys()
    building = path.with_name(path.name + ".building")
    for leftover in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        leftover.unlink(missing_ok=True)
    db = open_database(building)
    _, admin = set_up_checkpoint(
        db,
        name="宁洛高速谭庄站",
        kind=CheckpointKind.TOLL_STATION,
        township="谭庄镇",
        admin_name="赵志刚",
        admin_pin="246810",
    )
    lead = add_staff(db, "李秀英", StaffRole.LEAD, "246810", by_staff_id=admin.id)
    registrar = add_staff(db, "王建国", StaffRole.REGISTRAR, "246810", by_staff_id=admin.id)
    staff_ids = (lead.id, admin.id, registrar.id)
    conn = db.conn
    conn.execute("PRAGMA journal_mode=OFF")  # a half-built file is thrown away anyway
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-200000")  # 200 MB: the index builds sort in memory
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        " AND tbl_name IN ('records', 'outbox', 'scan_artefacts')"
    ).fetchall()
    for name, _sql in indexes:
        conn.execute(f"DROP INDEX {name}")

    shifts = -(-records // RECORDS_PER_SHIFT)
    # The open shift began eight hours ago, the others one after another before it.
    start_epoch = time.time() - shifts * 8 * 3600
    conn.execute("BEGIN")
    first_shift_id = 1 + (conn.execute("SELECT coalesce(max(id), 0) FROM shifts").fetchone()[0])
    conn.executemany(
        "INSERT INTO shifts (id, staff_id, started_at, ended_at, handover_note)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (
                first_shift_id + s,
                staff_ids[s % len(staff_ids)],
                _db_time(start_epoch + s * 8 * 3600),
                None if s == shifts - 1 else _db_time(start_epoch + (s + 1) * 8 * 3600),
                "" if s == shifts - 1 else "交接正常",
            )
            for s in range(shifts)
        ],
    )
    insert_record = (
        f"INSERT INTO records ({', '.join(keys)}) VALUES ({', '.join(':' + k for k in keys)})"
    )
    prev_hash = conn.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0]
    batch: list[dict[str, Any]] = []
    audit: list[tuple[Any, ...]] = []
    for row in _generated_rows(records, staff_ids, first_shift_id, start_epoch, seed):
        if not batch and not audit and list(row) != keys:
            raise RuntimeError("generated rows no longer match RecordRepository's row shape")
        batch.append(row)
        details = json.dumps(
            {"disposition": row["disposition"]}, ensure_ascii=False, sort_keys=True
        )
        entry_hash = _entry_hash(
            prev_hash, row["saved_at"], row["staff_id"], "record.saved", row["uuid"], details
        )
        audit.append(
            (
                row["saved_at"],
                row["staff_id"],
                "record.saved",
                row["uuid"],
                details,
                prev_hash,
                entry_hash,
            )
        )
        prev_hash = entry_hash
        if len(batch) == 20_000:
            conn.executemany(insert_record, batch)
            conn.executemany(
                "INSERT INTO audit_log (at, staff_id, action, subject, details, prev_hash, hash)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                audit,
            )
            batch.clear()
            audit.clear()
    conn.executemany(insert_record, batch)
    conn.executemany(
        "INSERT INTO audit_log (at, staff_id, action, subject, details, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        audit,
    )
    last_shift_id = first_shift_id + shifts - 1
    conn.execute(
        "INSERT INTO outbox (record_uuid, record_version, queued_at, synced_at)"
        " SELECT uuid, version, saved_at, CASE WHEN shift_id < ? THEN saved_at END"
        " FROM records ORDER BY rowid",
        [last_shift_id],
    )
    conn.execute(
        "INSERT INTO scan_artefacts (record_uuid, record_version, source, payload_kind,"
        " created_at) SELECT uuid, version, 'wedge', 'id_number', saved_at FROM records"
        " ORDER BY rowid"
    )
    conn.execute("COMMIT")
    for _name, sql in indexes:
        conn.execute(sql)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    building.replace(path)
    return shifts


def ensure_store(records: int, *, rebuild: bool, seed: int) -> StoreInfo:
    """The cached store of `records` records under /tmp, built if missing or outdated."""
    path = STORE_DIR / f"checkpoint-{records}.db"
    meta_path = path.with_suffix(".json")
    meta: dict[str, Any] = {}
    if meta_path.exists():
        meta = json.loads(meta_path.read_text())
    fresh = (
        path.exists()
        and meta.get("generator") == STORE_GENERATOR_VERSION
        and meta.get("records") == records
    )
    built_now = False
    if rebuild or not fresh:
        STORE_DIR.mkdir(parents=True, exist_ok=True)
        meta_path.unlink(missing_ok=True)
        print(f"building a store of {records:,} records in {path} …", file=sys.stderr)
        started = time.perf_counter()
        shifts = build_store(path, records, seed)
        meta = {
            "generator": STORE_GENERATOR_VERSION,
            "records": records,
            "shifts": shifts,
            "build_s": time.perf_counter() - started,
            "size_bytes": path.stat().st_size,
            "built": datetime.now().astimezone().isoformat(timespec="seconds"),
        }
        meta_path.write_text(json.dumps(meta, indent=1))
        built_now = True
    return StoreInfo(path, records, meta["shifts"], meta["build_s"], meta["size_bytes"], built_now)


# --------------------------------------------------------------------------- parent side


@dataclass(frozen=True, slots=True)
class Row:
    metric: str
    value: str
    goal: str = "—"
    verdict: str = ""


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def _spawn_child(*args: str) -> tuple[float, dict[str, Any]]:
    """Run this script as `--child ARGS`; (seconds from spawn until its report, report)."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--child", *args],
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            cwd=ROOT,
        )
        assert proc.stdout is not None
        line = proc.stdout.readline()
        wall = time.perf_counter() - started
        proc.stdout.close()
        proc.wait(timeout=READY_TIMEOUT_S)
        if not line:
            errors.seek(0)
            raise RuntimeError(f"child {args} failed:\n{errors.read().decode()[-3000:]}")
    return wall, json.loads(line)


def prepare_data_dir(root: Path) -> Path:
    """A signed-in workstation's data folder: the demo checkpoint with an open shift."""
    from checkpoint_app.demo import seed_demo
    from checkpoint_app.storage.database import DATABASE_FILENAME, open_database

    data_dir = root / "data"
    db = open_database(data_dir / DATABASE_FILENAME)
    seed_demo(db, now=datetime.now().astimezone())
    db.close()
    return data_dir


def bench_cold_start(data_dir: Path, runs: int) -> tuple[list[Row], dict[str, float]]:
    # One unmeasured start of each warms the OS file cache, so neither side pays for disk.
    _spawn_child("bare")
    _spawn_child("window", str(data_dir))
    bare: list[float] = []
    real: list[float] = []
    bare_hwm: list[int] = []
    real_hwm: list[int] = []
    stages: list[dict[str, float]] = []
    for _ in range(runs):  # interleaved, so a busy moment on the machine hits both
        wall, report = _spawn_child("bare")
        bare.append(wall)
        bare_hwm.append(report["hwm_kb"])
        wall, report = _spawn_child("window", str(data_dir))
        real.append(wall)
        real_hwm.append(report["hwm_kb"])
        stages.append(report["stages"])
    # Each step's own duration, from the previous stamp (the first from the script's start).
    steps = {
        "imports (PySide6, sqlite-utils, the app)": "imports",
        "open store, settings, shift": "store",
        "create_application (fonts, translations)": "application",
        "MainWindow() (form, divisions, sound, model)": "window",
        "show until first paint": "painted",
    }
    names = list(steps.values())
    step_ms = {
        label: _median(
            [
                (s[key] - (s[names[names.index(key) - 1]] if names.index(key) else 0.0)) * 1000
                for s in stages
            ]
        )
        for label, key in steps.items()
    }
    ratio = _median(real) / _median(bare)
    rows = [
        Row(f"cold start: bare PySide6 window (median of {runs})", f"{_median(bare):.2f} s"),
        Row(
            f"cold start: 卡点通 main window, signed in (median of {runs})",
            f"{_median(real):.2f} s",
            "≤ 1.5 × bare",
            f"{ratio:.2f}× {_verdict(ratio <= 1.5)}",
        ),
        *(Row(f"  of which: {label}, median", f"{ms:.0f} ms") for label, ms in step_ms.items()),
    ]
    memory = {"bare_hwm_mb": _median(bare_hwm) / 1024, "window_hwm_mb": _median(real_hwm) / 1024}
    return rows, memory


def bench_registrations(data_dir: Path, count: int, seed: int) -> tuple[list[Row], float]:
    _, report = _spawn_child("registrations", str(data_dir), str(count), str(seed))
    to_table = report["to_table_ms"]
    median = _median(to_table)
    rows = [
        Row(
            f"scan → commit → table: median of {count} registrations",
            f"{median:.1f} ms",
            "≤ 50 ms",
            _verdict(median <= 50),
        ),
        Row("scan → commit → table: p95", f"{_p95(to_table):.1f} ms"),
        Row(
            "  of which: scan burst (19 keys) → fields filled, median",
            f"{_median(report['scan_ms']):.1f} ms",
        ),
        Row(
            "  of which: Enter → committed → model reloaded, median",
            f"{_median(report['save_ms']):.1f} ms",
        ),
        Row(
            "  then repaint of the window, median",
            f"{_median(report['to_paint_ms']) - median:.1f} ms",
        ),
    ]
    return rows, report["hwm_kb"] / 1024


def bench_abort(data_dir: Path, limit: int, seed: int) -> Row:
    """How many registrations a fresh window process survives, with nothing kept alive."""
    proc = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "--child",
            "abort",
            str(data_dir),
            str(limit),
            str(seed),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdout is not None
    survived = sum(1 for _ in proc.stdout)
    proc.wait(timeout=READY_TIMEOUT_S)
    metric = f"registrations one window process survives (of {limit})"
    if proc.returncode == 0 and survived == limit:
        return Row(metric, f"{survived}", f"{limit}", "ok")
    return Row(metric, f"{survived}", f"{limit}", f"MISSED: died with exit code {proc.returncode}")


def bench_store(info: StoreInfo, samples: int, seed: int) -> list[Row]:
    from checkpoint_app.gui.records_model import RecordsTableModel
    from checkpoint_app.records.model import Disposition, TravellerRecord, new_record_uuid
    from checkpoint_app.storage.database import open_database
    from checkpoint_app.storage.records import RecordFilter, RecordFlags, RecordRepository
    from checkpoint_app.storage.staff import current_shift

    db = open_database(info.path)
    repo = RecordRepository(db)
    rng = random.Random(seed)
    max_rowid = db.execute("SELECT max(rowid) FROM records").fetchone()[0]
    picks: list[tuple[str, str, str, str]] = []
    while len(picks) < samples:
        row = db.execute(
            "SELECT document_number, document_tail, name, plate FROM records"
            " WHERE rowid = ? AND plate != ''",
            [rng.randint(1, max_rowid)],
        ).fetchone()
        if row is not None:
            picks.append(row)

    def search_ms(text: str, expect: Callable[[Any], bool]) -> float:
        started = time.perf_counter()
        items = repo.list_items(RecordFilter(text=text))
        elapsed = (time.perf_counter() - started) * 1000
        if not any(expect(item.record) for item in items):
            raise RuntimeError(f"search for {text!r} did not find the record it came from")
        return elapsed

    by_id = [search_ms(doc, lambda r, d=doc: r.document_number == d) for doc, *_ in picks]
    by_tail = [
        search_ms(tail, lambda r, t=tail: r.document_number.endswith(t)) for _, tail, *_ in picks
    ]
    by_name = [search_ms(name, lambda r, n=name: r.name == n) for *_, name, _ in picks]
    by_plate = [search_ms(plate, lambda r, p=plate: r.plate == p) for *_, plate in picks]

    open_shift = current_shift(db)
    assert open_shift is not None
    shift_ids = [open_shift.id] + [rng.randint(1, open_shift.id - 1) for _ in range(samples - 1)]
    model = RecordsTableModel(repo)
    shift_open_ms: list[float] = []
    for shift_id in shift_ids:
        shift_open_ms.append(
            _timed_ms(lambda s=shift_id: model.set_filter(RecordFilter(shift_id=s)))
        )
        if model.rowCount() == 0:
            raise RuntimeError(f"shift {shift_id} showed no records")
    shift_counts_ms = [
        _timed_ms(lambda s=s: repo.disposition_counts(RecordFilter(shift_id=s))) for s in shift_ids
    ]
    store_counts_ms = [_timed_ms(lambda: repo.disposition_counts(RecordFilter())) for _ in range(3)]
    # What the window runs (count + first page) once the 250 ms pause after typing ends:
    # the worker has typed only the start of a plate, or a surname.
    short_search_ms = {
        text: _timed_ms(lambda t=text: model.set_filter(RecordFilter(text=t)))
        for text in ("豫P", "王")
    }

    # A save as MainWindow._save does it, with the refresh it runs afterwards. These few
    # records stay in the cached store (the audit log allows no deletion).
    shift_filter = RecordFilter(shift_id=open_shift.id)
    save_ms: list[float] = []
    for n in range(20):
        record = TravellerRecord(
            uuid=new_record_uuid(),
            checked_at=datetime.now(UTC),
            disposition=Disposition.RELEASE,
            document_number=id_number("411623", date(1990, 4, 15), n),
            temperature=36.5,
            notes="bench_workstation",
            shift_id=open_shift.id,
            staff_id=open_shift.staff_id,
        )

        def save_and_refresh(record: TravellerRecord = record) -> None:
            repo.save(record, flags=RecordFlags(False, False), staff_id=open_shift.staff_id)
            model.set_filter(shift_filter)
            repo.disposition_counts(shift_filter)
            repo.pending_count()

        save_ms.append(_timed_ms(save_and_refresh))
    db.close()

    n = f"{info.records:,}"
    size_mb = info.size_bytes / 1e6
    cached = "built in this run" if info.built_now else "cached from an earlier run"
    return [
        Row(f"store of {n} records: build time ({cached})", f"{info.build_s:.0f} s"),
        Row(f"store of {n} records: file size", f"{size_mb:,.0f} MB"),
        Row(
            f"search by 18-digit ID (list_items), median of {samples}",
            f"{_median(by_id):.2f} ms",
            "≤ 5 ms",
            _verdict(_median(by_id) <= 5),
        ),
        Row("search by ID tail (4 digits), median", f"{_median(by_tail):.2f} ms"),
        Row("search by name, median", f"{_median(by_name):.2f} ms"),
        Row("search by plate, median", f"{_median(by_plate):.2f} ms"),
        *(
            Row(
                f"window search (count + first page) for a prefix typed so far: {text!r}",
                f"{ms:,.0f} ms",
                "≤ 50 ms (as a list)",
                _verdict(ms <= 50),
            )
            for text, ms in short_search_ms.items()
        ),
        Row(
            f"shift list opens ({RECORDS_PER_SHIFT:,}-record shift, first page), median",
            f"{_median(shift_open_ms):.1f} ms",
            "≤ 50 ms",
            _verdict(_median(shift_open_ms) <= 50),
        ),
        Row("count per disposition, one shift, median", f"{_median(shift_counts_ms):.1f} ms"),
        Row(f"count per disposition, all {n} records", f"{_median(store_counts_ms):.0f} ms"),
        Row(
            f"save + window refresh in the {n}-record store, median of 20",
            f"{_median(save_ms):.1f} ms",
        ),
    ]


def _machine() -> str:
    import PySide6

    cpu = "?"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return (
        f"{datetime.now().astimezone():%Y-%m-%d %H:%M %Z} · {platform.system()} "
        f"{platform.release()} · {cpu}, {os.cpu_count()} cores · Python "
        f"{platform.python_version()} · PySide6 {PySide6.__version__} · "
        f"SQLite {sqlite3.sqlite_version}"
    )


def run_child(args: list[str]) -> None:
    kind = args[0]
    if kind == "bare":
        child_bare_window()
    elif kind == "window":
        child_main_window(Path(args[1]))
    elif kind == "registrations":
        child_registrations(Path(args[1]), int(args[2]), int(args[3]))
    elif kind == "abort":
        child_registrations_until_abort(Path(args[1]), int(args[2]), int(args[3]))
    else:
        raise SystemExit(f"unknown child {kind!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, a 100,000-record store")
    parser.add_argument("--rebuild-store", action="store_true", help="ignore the cached store")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--seed", type=int, default=20220410)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child)
        sys.stdout.flush()
        os._exit(0)  # skip Qt's teardown: the parent has its figures already

    cold_runs, registrations, records, samples = (
        (3, 100, 100_000, 20) if args.quick else (5, 500, 1_000_000, 50)
    )
    started = time.perf_counter()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-workstation-") as tmp:
        data_dir = prepare_data_dir(Path(tmp))
        cold_rows, memory = bench_cold_start(data_dir, cold_runs)
        rows += cold_rows
        registration_rows, registration_hwm_mb = bench_registrations(
            data_dir, registrations, args.seed
        )
        rows += registration_rows
        # Past the 80-120 registrations at which PySide6 6.12 on Python 3.11 aborts.
        rows.append(bench_abort(data_dir, max(registrations, 300), args.seed))
    rows += bench_store(
        ensure_store(records, rebuild=args.rebuild_store, seed=args.seed), samples, args.seed
    )
    rows += [
        Row("peak RSS: bare PySide6 window", f"{memory['bare_hwm_mb']:.0f} MB"),
        Row("peak RSS: main window at start", f"{memory['window_hwm_mb']:.0f} MB"),
        Row(
            f"peak RSS: main window after {registrations} registrations",
            f"{registration_hwm_mb:.0f} MB",
            "≤ 250 MB",
            _verdict(registration_hwm_mb <= 250),
        ),
    ]
    print(_machine())
    print_table(rows, markdown=args.markdown)
    print(f"(whole benchmark: {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
