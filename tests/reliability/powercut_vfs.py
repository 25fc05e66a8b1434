"""Power cuts under the store's own settings and SQL: a VFS that forgets what was never synced.

SQLite's own crash tests run the library over a VFS that remembers, per file, what an fsync
made durable, and throw away (or tear) everything written after it when the "power" goes.
This module does the same with an APSW VFS, then reopens what the disk would hold with
Python's own sqlite3 and checks it the way a restarted workstation would need it.

What is real:

* the schema: the template store is made by `open_database` (the real migrations) and holds
  a checkpoint, its administrator and an open shift made by the app's own functions;
* the SQL: every write a life replays is a statement that a real `RecordRepository.save`
  ran (record + outbox row + scan artefact + audit entry, BEGIN … COMMIT), captured with
  sqlite3's trace callback (bound values expanded into literals);
* the settings: each life opens its connection with `STORE_PRAGMAS` from
  checkpoint_app/storage/database.py, in order (the bite test swaps only `synchronous`);
  everything not in that list keeps SQLite's defaults, as in the app (4 KiB pages,
  1,000-page WAL auto-checkpoint);
* the check: the image left after the cut is written to real files and opened with the
  stdlib sqlite3 (WAL recovery included), `PRAGMA integrity_check`, the audit chain
  verified with `verify_audit_chain`, every acknowledged record looked up.

What is simulated:

* the SQLite library that writes: APSW links its own SQLite (3.54 here) while the app runs
  Python's; both speak the same WAL and fsync protocol, the pragmas are the same, and
  their compile options differ in nothing that touches durability (limits, extensions);
* the disk: file contents live in memory. The real files beside them are empty stand-ins
  that carry the locks and the `-shm` index of the base VFS (APSW cannot implement shared
  memory in Python). `-shm` is lost on every cut, as in SQLite's tests: it is memory;
* a cut: after a seeded number of xWrite/xSync calls on the database or its WAL, the power
  goes *before* that call. DROP keeps only what an xSync made durable; TEAR also keeps a
  random subset of the unsynced writes, some of them only in part (whole 512-byte sectors
  plus a partial one), and some unsynced truncations. Writes never touch bytes outside
  their own range (the power-safe overwrite SQLite's unix VFS reports). Directory entries
  (creations, deletions) are taken as durable at once;
* acknowledgement: a record is acknowledged when its COMMIT returned before the cut, which
  is when the form would say "已保存".

A chain of lives replays the captured saves in order: each life opens the image the
previous cut left (recovering its WAL without the lost -shm), continues with the first
save the image does not hold, and is cut, most lives within a few saves, some inside a
WAL checkpoint (see `run_power_cuts`). A chain ends when the captured saves run out or an
image fails its checks, and the next one starts from the template.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path

import apsw
from sqlite_utils import Database

from checkpoint_app.records.model import (
    CheckpointKind,
    CodeColour,
    Disposition,
    FieldSource,
    NatResult,
    TravellerRecord,
    new_record_uuid,
)
from checkpoint_app.storage.audit import verify_audit_chain
from checkpoint_app.storage.database import DATABASE_FILENAME, STORE_PRAGMAS, open_database
from checkpoint_app.storage.records import RecordFlags, RecordRepository, ScanArtefact
from checkpoint_app.storage.staff import open_shift, set_up_checkpoint

SECTOR = 512
WAL_SUFFIX = "-wal"
# Files whose writes count towards a cut and whose unsynced writes a cut forgets.
_TRACKED_FLAGS = apsw.SQLITE_OPEN_MAIN_DB | apsw.SQLITE_OPEN_WAL | apsw.SQLITE_OPEN_MAIN_JOURNAL
# Problems kept verbatim in a report; the counts carry the rest.
_MAX_PROBLEMS = 10


class CutMode(StrEnum):
    DROP = "drop"  # every unsynced write is lost
    TEAR = "tear"  # a random subset of them reached the platter, some only in part
    MIXED = "drop or tear"  # chosen at random for each cut


@dataclass(frozen=True, slots=True)
class Save:
    """One RecordRepository.save as the SQL it ran, BEGIN to COMMIT."""

    uuid: str
    statements: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Workload:
    """The template store's files and the saves to replay over it, in order."""

    template: Mapping[str, bytes]
    saves: tuple[Save, ...]


# --------------------------------------------------------------------------- capture


def _traveller(n: int, rng: random.Random, shift_id: int, staff_id: int) -> TravellerRecord:
    """A plausible, varied record (the indexes on document, name and plate see spread keys)."""
    checked_at = datetime(2022, 4, 10, 6, 0, tzinfo=UTC) + timedelta(seconds=20 * n)
    return TravellerRecord(
        uuid=new_record_uuid(),
        checked_at=checked_at,
        disposition=Disposition.RELEASE if n % 10 else Disposition.HOME_MONITORING,
        document_number=f"4116231990{rng.randrange(10**8):08d}",
        name=rng.choice(("王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆")),
        phone=f"139{rng.randrange(10**8):08d}",
        plate=f"豫P{rng.randrange(10**5):05d}",
        origin_code="411602",
        origin_name="河南省周口市川汇区",
        destination_township="谭庄镇",
        reason="返乡",
        temperature=round(rng.uniform(36.0, 37.2), 1),
        health_colour=CodeColour.GREEN if n % 10 else CodeColour.YELLOW,
        travel_colour=CodeColour.GREEN,
        travel_cities=("郑州市", "周口市"),
        nat_result=NatResult.NEGATIVE,
        nat_sampled_at=checked_at - timedelta(hours=rng.randrange(4, 40)),
        vaccine_doses=3,
        sources={"document_number": FieldSource.SCANNED, "temperature": FieldSource.TYPED},
        shift_id=shift_id,
        staff_id=staff_id,
    )


def capture_workload(folder: Path, saves: int, *, seed: int = 20220410) -> Workload:
    """Build the template store in `folder` and capture `saves` real saves over a copy of it.

    The capture copy runs with synchronous=OFF: durability does not change the SQL a save
    runs, only how long 1,000 fsyncs take.
    """
    rng = random.Random(seed)
    template_dir = folder / "template"
    db = open_database(template_dir / DATABASE_FILENAME)
    try:
        _, admin = set_up_checkpoint(
            db,
            name="宁洛高速谭庄站",
            kind=CheckpointKind.TOLL_STATION,
            township="谭庄镇",
            admin_name="赵志刚",
            admin_pin="246813",
        )
        shift = open_shift(db, admin)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()  # the last connection folds the WAL into the file and deletes it
    template = {p.name: p.read_bytes() for p in template_dir.iterdir() if p.is_file()}
    if set(template) != {DATABASE_FILENAME}:
        raise RuntimeError(f"template store left files behind: {sorted(template)}")

    capture_dir = folder / "capture"
    shutil.copytree(template_dir, capture_dir)
    db = open_database(capture_dir / DATABASE_FILENAME)
    try:
        db.execute("PRAGMA synchronous=OFF")
        repo = RecordRepository(db)
        trace: list[str] = []
        db.conn.set_trace_callback(trace.append)
        captured: list[Save] = []
        for n in range(saves):
            record = _traveller(n, rng, shift.id, admin.id)
            trace.clear()
            repo.save(
                record,
                flags=RecordFlags(fever=False, nat_expired=False),
                artefacts=[ScanArtefact(source="wedge", payload_kind="id_number")],
                staff_id=admin.id,
            )
            # Lines starting with "--" are trigger bodies, which SQLite runs by itself.
            statements = tuple(s for s in trace if not s.lstrip().startswith("--"))
            if statements[0] != "BEGIN" or statements[-1] != "COMMIT":
                raise RuntimeError(f"a save is not one transaction: {statements[:1]}…")
            captured.append(Save(record.uuid, statements))
        db.conn.set_trace_callback(None)
    finally:
        db.close()
    return Workload(template, tuple(captured))


def with_synchronous(pragmas: Sequence[str], level: str) -> tuple[str, ...]:
    """`pragmas` with only its synchronous setting changed (so the bite test shares the rest)."""
    changed = tuple(
        f"synchronous={level}" if p.lower().startswith("synchronous=") else p for p in pragmas
    )
    if changed == tuple(pragmas) and f"synchronous={level}" not in pragmas:
        raise ValueError("the pragma list sets no synchronous level to change")
    return changed


# --------------------------------------------------------------------------- the disk model


@dataclass(eq=False)
class FileImage:
    """What the OS shows for a file (`current`) and what survives a power cut (`durable`)."""

    current: bytearray
    # Bytes until the first sync of a life (most main-file lives never sync), then a copy.
    durable: bytes | bytearray
    # Writes (offset, data) and truncations (new size) since the last sync, in order.
    pending: list[tuple[int, bytes] | int] = field(default_factory=list)

    @classmethod
    def from_durable(cls, data: bytes) -> FileImage:
        return cls(bytearray(data), data)

    def write(self, offset: int, data: bytes) -> None:
        _apply_write(self.current, offset, data)
        self.pending.append((offset, data))

    def truncate(self, size: int) -> None:
        del self.current[size:]
        self.pending.append(size)

    def sync(self) -> None:
        if not self.pending:
            return
        durable = self.durable
        if not isinstance(durable, bytearray):
            durable = self.durable = bytearray(durable)
        for op in self.pending:
            if isinstance(op, int):
                del durable[op:]
            else:
                _apply_write(durable, *op)
        self.pending.clear()

    def after_cut(self, mode: CutMode, rng: random.Random) -> bytes:
        """The bytes the disk holds once the power is back."""
        if mode is CutMode.DROP or not self.pending:
            return bytes(self.durable)
        image = bytearray(self.durable)
        for op in self.pending:
            if isinstance(op, int):
                if rng.random() < 0.5:
                    del image[op:]
                continue
            offset, data = op
            fate = rng.randrange(3)
            if fate == 1:
                _apply_write(image, offset, data)
            elif fate == 2:
                for start, piece in _torn_pieces(data, rng):
                    _apply_write(image, offset + start, piece)
        return bytes(image)


def _apply_write(buffer: bytearray, offset: int, data: bytes) -> None:
    if offset > len(buffer):
        buffer.extend(bytes(offset - len(buffer)))  # a hole reads as zeros
    buffer[offset : offset + len(data)] = data


def _torn_pieces(data: bytes, rng: random.Random) -> Iterator[tuple[int, bytes]]:
    """Some whole sectors of a write, and perhaps the first bytes of one more."""
    partial = rng.randrange(max(1, len(data) // SECTOR))
    for start in range(0, len(data), SECTOR):
        sector = data[start : start + SECTOR]
        if start // SECTOR == partial and rng.random() < 0.5:
            yield start, sector[: rng.randrange(1, len(sector) + 1)]
        elif rng.random() < 0.5:
            yield start, sector


@dataclass(frozen=True, slots=True)
class CutPoint:
    """Where the power went: before the `op`-th counted call, on which file, doing what."""

    op: int
    file: str
    call: str  # "xWrite" or "xSync"
    unsynced_writes: int  # over all files, at that moment
    mode: CutMode  # DROP or TEAR


class PowerCutVFS(apsw.VFS):
    """Keeps the database and WAL in memory as (current, durable, pending); cuts on a count.

    One life at a time: `begin_life` gives the folder and the durable images to start
    from and arms the cut; after the cut `crash_images` holds what the disk kept and the
    VFS stops recording (SQLite's further writes land only in `current`).
    """

    def __init__(self, name: str, rng: random.Random) -> None:
        super().__init__(name, base="")
        self.vfs_name = name
        self.rng = rng
        self.images: dict[str, FileImage] = {}
        self.mode = CutMode.DROP
        self.cut_before_op = 0
        self.cut_on: str | None = None
        self.ops = 0
        self.armed_ops = 0
        self.cut: CutPoint | None = None
        self.crash_images: dict[str, bytes] = {}

    def begin_life(
        self,
        folder: Path,
        durable: Mapping[str, bytes],
        *,
        cut_before_op: int,
        mode: CutMode,
        cut_on: str | None = None,
    ) -> None:
        """Place empty stand-ins in `folder` (locks, -shm) and load `durable` as the disk.

        The cut comes before the `cut_before_op`-th xWrite/xSync, counting only the calls
        on the file named `cut_on` when given.
        """
        folder.mkdir(parents=True)
        for name in durable:
            (folder / name).touch()
        # Keyed by file name: a life has a folder of its own, and SQLite may resolve links.
        self.images = {n: FileImage.from_durable(d) for n, d in durable.items()}
        self.mode = mode
        self.cut_before_op = cut_before_op
        self.cut_on = cut_on
        self.ops = 0
        self.armed_ops = 0
        self.cut = None
        self.crash_images = {}

    def count(self, file: str, call: str) -> bool:
        """Count one xWrite/xSync on `file` (a name); True while the power is on."""
        if self.cut is not None:
            return False
        self.ops += 1
        if self.cut_on is None or file == self.cut_on:
            self.armed_ops += 1
        if self.armed_ops < self.cut_before_op:
            return True
        unsynced = sum(len(i.pending) for i in self.images.values())
        mode = self.mode
        if mode is CutMode.MIXED:
            mode = self.rng.choice((CutMode.DROP, CutMode.TEAR))
        self.cut = CutPoint(self.ops, file, call, unsynced, mode)
        self.crash_images = {n: image.after_cut(mode, self.rng) for n, image in self.images.items()}
        return False

    def xOpen(self, name: str | apsw.URIFilename | None, flags: list[int]) -> apsw.VFSFile:
        if name is None or not flags[0] & _TRACKED_FLAGS:
            return apsw.VFSFile("", name, flags)  # temporary files: never durable, not cut
        file = Path(name.filename() if isinstance(name, apsw.URIFilename) else name).name
        image = self.images.get(file)
        if image is None:
            # Created in this life (a new WAL): the directory entry is durable, no content.
            image = self.images[file] = FileImage.from_durable(b"")
        return _CutFile(self, file, name, flags, image)

    def xDelete(self, filename: str, syncdir: bool) -> None:
        super().xDelete(filename, syncdir)
        if self.cut is None:
            self.images.pop(Path(filename).name, None)


class _CutFile(apsw.VFSFile):
    """Contents from memory; the base VFS's file underneath only for locks and shared memory."""

    def __init__(
        self,
        vfs: PowerCutVFS,
        file: str,
        name: str | apsw.URIFilename,
        flags: list[int],
        image: FileImage,
    ) -> None:
        super().__init__("", name, flags)
        self._vfs = vfs
        self._file = file
        self._image = image

    def xRead(self, amount: int, offset: int) -> bytes:
        # Fewer bytes than asked is a short read: SQLite zero-fills the rest.
        return bytes(self._image.current[offset : offset + amount])

    def xWrite(self, data: bytes, offset: int) -> None:
        if self._vfs.count(self._file, "xWrite"):
            self._image.write(offset, bytes(data))
        else:
            _apply_write(self._image.current, offset, bytes(data))

    def xSync(self, flags: int) -> None:
        # No real fsync: the durable image is the model of the platter.
        if self._vfs.count(self._file, "xSync"):
            self._image.sync()

    def xTruncate(self, newsize: int) -> None:
        if self._vfs.cut is None:
            self._image.truncate(newsize)
        else:
            del self._image.current[newsize:]

    def xFileSize(self) -> int:
        return len(self._image.current)


# --------------------------------------------------------------------------- the harness


@contextmanager
def scratch_folder(fallback: Path) -> Iterator[Path]:
    """A folder in memory (/dev/shm) when there is one, else `fallback`: every cut writes a
    few MB of image to check, which no disk needs to see."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        with tempfile.TemporaryDirectory(dir=shm, prefix="powercut-") as name:
            yield Path(name)
    else:
        yield fallback


@dataclass(frozen=True, slots=True)
class PowerLossReport:
    """What a run of cuts found. `lost`, `corrupt` and `torn_transactions` must be 0 under FULL."""

    pragmas: tuple[str, ...]
    mode: CutMode
    cuts: int
    chains: int
    acknowledged: int  # COMMITs that returned before a cut, over all lives
    lost: int  # acknowledged records missing from the image after a cut
    cuts_losing: int  # cuts after which at least one acknowledged record was missing
    corrupt: int  # images that would not open or failed PRAGMA integrity_check
    torn_transactions: int  # a record without its outbox row, artefact or audit entry
    cuts_in_checkpoint: int  # cuts on a write or sync of the main file (WAL checkpoints)
    cuts_with_unsynced_writes: int
    torn_cuts: int  # cuts whose unsynced writes were torn rather than dropped
    problems: tuple[str, ...]

    @property
    def synchronous(self) -> str:
        return next(p.split("=", 1)[1] for p in self.pragmas if p.startswith("synchronous="))


@dataclass(frozen=True, slots=True)
class ImageCheck:
    present: int  # records in the image; they must be the first `present` saves
    missing_acknowledged: int
    corrupt: bool
    torn: bool
    problem: str


def check_image(
    folder: Path, images: Mapping[str, bytes], workload: Workload, acked: int
) -> ImageCheck:
    """Open what the disk kept with the stdlib sqlite3 and check it as a restart would."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, data in images.items():
        (folder / name).write_bytes(data)
    uuids = [s.uuid for s in workload.saves]
    try:
        with closing(sqlite3.connect(folder / DATABASE_FILENAME)) as conn:
            verdict = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            if verdict != ["ok"]:
                return ImageCheck(0, acked, True, False, f"integrity_check: {verdict[:3]}")
            present = {r[0] for r in conn.execute("SELECT uuid FROM records")}
            counts = conn.execute(
                "SELECT (SELECT count(*) FROM records), (SELECT count(*) FROM outbox),"
                " (SELECT count(*) FROM scan_artefacts),"
                " (SELECT count(*) FROM audit_log WHERE action = 'record.saved')"
            ).fetchone()
            audit_problems = verify_audit_chain(Database(conn))
    except sqlite3.DatabaseError as exc:
        return ImageCheck(0, acked, True, False, f"does not open: {exc}")
    missing = sum(1 for u in uuids[:acked] if u not in present)
    count = len(present)
    problem = ""
    if missing:
        problem = f"{missing} of {acked} acknowledged records missing"
    if present != set(uuids[:count]):
        problem = problem or "the records kept are not the first saves in order"
        return ImageCheck(count, missing, False, True, problem)
    if len(set(counts)) != 1 or audit_problems:
        problem = f"records/outbox/artefacts/audit {counts}; audit chain: {audit_problems[:2]}"
        return ImageCheck(count, missing, False, True, problem)
    return ImageCheck(count, missing, False, False, problem)


def run_power_cuts(
    workload: Workload,
    scratch: Path,
    *,
    cuts: int,
    seed: int,
    mode: CutMode,
    pragmas: Sequence[str] = STORE_PRAGMAS,
    max_ops_per_life: int = 200,
    checkpoint_share: float = 0.15,
    max_checkpoint_ops: int = 60,
) -> PowerLossReport:
    """Cut the power `cuts` times over lives that replay `workload` under `pragmas`.

    Most lives are cut after 1…`max_ops_per_life` calls (a few saves). A checkpoint (the
    WAL folded into the main file, once 1,000 pages have gathered) is only a few percent
    of the calls, so `checkpoint_share` of the lives count only the main file's calls,
    1…`max_checkpoint_ops` of them: those lives run on until a checkpoint and are cut in it.
    """
    rng = random.Random(seed)
    vfs = PowerCutVFS(f"powercut-{seed}-{mode}-{id(workload):x}", random.Random(rng.random()))
    acknowledged = lost = cuts_losing = corrupt = torn = 0
    in_checkpoint = with_unsynced = torn_cuts = chains = done = lives = 0
    problems: list[str] = []
    try:
        while done < cuts:
            chains += 1
            images: dict[str, bytes] = dict(workload.template)
            next_save = acked = chain_cuts = 0
            while done < cuts and next_save < len(workload.saves):
                lives += 1
                life = scratch / f"life-{lives % 2}"  # the previous life's folder is free again
                shutil.rmtree(life, ignore_errors=True)
                if rng.random() < checkpoint_share:
                    cut_before_op, cut_on = rng.randint(1, max_checkpoint_ops), DATABASE_FILENAME
                else:
                    cut_before_op, cut_on = rng.randint(1, max_ops_per_life), None
                vfs.begin_life(life, images, cut_before_op=cut_before_op, mode=mode, cut_on=cut_on)
                acked_now = replay_life(vfs, life, pragmas, workload.saves, next_save)
                acknowledged += acked_now - next_save
                acked = max(acked, acked_now)
                if vfs.cut is None:
                    break  # the captured saves ran out before the power did
                done += 1
                chain_cuts += 1
                in_checkpoint += vfs.cut.file == DATABASE_FILENAME
                with_unsynced += vfs.cut.unsynced_writes > 0
                torn_cuts += vfs.cut.mode is CutMode.TEAR
                images = vfs.crash_images
                check = check_image(scratch / "check", images, workload, acked)
                lost += check.missing_acknowledged
                cuts_losing += check.missing_acknowledged > 0
                corrupt += check.corrupt
                torn += check.torn
                if check.problem and len(problems) < _MAX_PROBLEMS:
                    problems.append(f"chain {chains}, cut {done} ({vfs.cut}): {check.problem}")
                if check.corrupt or check.torn:
                    break  # nothing sensible to continue from: start a new chain
                # Saves the cut took are replayed, as the worker would save them again.
                next_save = acked = check.present
            if chain_cuts == 0:
                raise ValueError("the workload ran out before any cut: capture more saves")
    finally:
        vfs.unregister()
    return PowerLossReport(
        tuple(pragmas),
        mode,
        done,
        chains,
        acknowledged,
        lost,
        cuts_losing,
        corrupt,
        torn,
        in_checkpoint,
        with_unsynced,
        torn_cuts,
        tuple(problems),
    )


def replay_life(
    vfs: PowerCutVFS, folder: Path, pragmas: Sequence[str], saves: Sequence[Save], first: int
) -> int:
    """Open the store, replay saves from `first` until the cut; the index after the last
    save whose COMMIT returned with the power still on."""
    conn = apsw.Connection(str(folder / DATABASE_FILENAME), vfs=vfs.vfs_name)
    acked = first
    try:
        for pragma in pragmas:
            conn.execute(f"PRAGMA {pragma}").fetchall()
        for index in range(first, len(saves)):
            for statement in saves[index].statements:
                if vfs.cut is not None:
                    return acked
                conn.execute(statement).fetchall()
            if vfs.cut is None:
                acked = index + 1
    except apsw.Error:
        if vfs.cut is None:
            raise
    finally:
        # A life ends as the power goes: no checkpoint on close.
        conn.config(apsw.SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1)
        conn.close()
    return acked
