"""Encryption at rest: what SQLCipher and the key file cost the workstation.

    .venv/bin/python bench/bench_encryption.py [--quick] [--markdown]

Two stores are built in the same run on the same disk, one plain SQLite and one SQLCipher
(raw 256-bit key, the app's settings: WAL, synchronous=FULL, secure_delete), each with a
checkpoint, staff and an open shift, then filled with the same travellers:

- save: one record as the window saves it (record + outbox + audit in one transaction,
  committed with an fsync), median and p95 over many saves;
- bulk insert: records per second inside one transaction (how migration and imports run);
- search on the filled store: the ID-number tail, an ID prefix, a name, the shift list;
- open: a worker thread opening its own connection (encrypted: keying included);
- sign-in: the encrypted store's unlock (Argon2id of PIN + device secret, AES-GCM unwrap,
  open, then the usual in-store PIN check) against the plain store's PIN check alone;
- migration: `encrypt_store` of the filled plain store.

Every ratio is encrypted ÷ plain from this run. No timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from _table import print_table  # noqa: E402  (bench/ is on sys.path when a bench runs)
from sqlite_utils import Database  # noqa: E402

from checkpoint_app.records.model import (  # noqa: E402
    CheckpointKind,
    CodeColour,
    Disposition,
    NatResult,
    StaffRole,
    TravellerRecord,
    new_record_uuid,
)
from checkpoint_app.storage import keyfile  # noqa: E402
from checkpoint_app.storage.database import DATABASE_FILENAME, open_database  # noqa: E402
from checkpoint_app.storage.encryption import encrypt_store, new_data_key  # noqa: E402
from checkpoint_app.storage.records import RecordFilter, RecordFlags, RecordRepository  # noqa: E402
from checkpoint_app.storage.staff import add_staff, open_shift, set_up_checkpoint, sign_in  # noqa: E402
from checkpoint_app.storage.unlock import (  # noqa: E402
    create_encrypted_store,
    ensure_pin_wrapped,
    lock_store,
    unlock_and_sign_in,
)

NOW = datetime(2022, 4, 10, 9, 30, tzinfo=UTC)
CLEAR = RecordFlags(fever=False, nat_expired=False)
NAMES = ("张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰", "吴霞")
PIN = "246813"
SECRET = "BENC-HBEN-CHBE-NCHB"


@dataclass(frozen=True, slots=True)
class Row:
    metric: str
    value: str
    goal: str
    verdict: str


def _traveller(rng: random.Random, shift_id: int, staff_id: int, i: int) -> TravellerRecord:
    number = f"4116{rng.randrange(10**13):013d}{i % 10}"
    return TravellerRecord(
        uuid=new_record_uuid(),
        checked_at=NOW + timedelta(seconds=i),
        disposition=Disposition.RELEASE,
        document_number=number,
        name=rng.choice(NAMES),
        phone=f"138{rng.randrange(10**8):08d}",
        plate=f"豫P{rng.randrange(10**5):05d}",
        temperature=36.5,
        health_colour=CodeColour.GREEN,
        travel_colour=CodeColour.GREEN,
        nat_result=NatResult.NEGATIVE,
        nat_sampled_at=NOW - timedelta(hours=20),
        shift_id=shift_id,
        staff_id=staff_id,
    )


def _set_up(db: Database) -> tuple[int, int]:
    _, admin = set_up_checkpoint(
        db,
        name="宁洛高速谭庄站",
        kind=CheckpointKind.TOLL_STATION,
        township="谭庄镇",
        admin_name="赵志刚",
        admin_pin=PIN,
    )
    registrar = add_staff(db, "王建国", StaffRole.REGISTRAR, PIN, by_staff_id=admin.id)
    return open_shift(db, registrar).id, registrar.id


def _times(action: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        out.append(time.perf_counter() - start)
    return out


def _ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def _p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95) - 1] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer records and repeats")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    saves = 60 if args.quick else 300
    bulk = 5_000 if args.quick else 50_000
    searches = 10 if args.quick else 40
    sign_ins = 2 if args.quick else 5

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-encryption-") as tmp:
        plain_dir, enc_dir = Path(tmp) / "plain", Path(tmp) / "encrypted"
        plain_dir.mkdir()
        device_path = Path(tmp) / "device-secret"
        plain = open_database(plain_dir / DATABASE_FILENAME)
        encrypted = create_encrypted_store(enc_dir, SECRET)
        stores = {"plain": plain, "encrypted": encrypted}
        ids = {name: _set_up(db) for name, db in stores.items()}
        ensure_pin_wrapped(enc_dir, "王建国", PIN, device_secret_path=device_path)
        rng = random.Random(7)

        # Interleaved so that both see the same disk and the same background load.
        save_times: dict[str, list[float]] = {name: [] for name in stores}
        for i in range(saves):
            for name, db in stores.items():
                shift_id, staff_id = ids[name]
                record = _traveller(rng, shift_id, staff_id, i)
                start = time.perf_counter()
                RecordRepository(db).save(record, flags=CLEAR, staff_id=staff_id)
                save_times[name].append(time.perf_counter() - start)

        bulk_rate: dict[str, float] = {}
        probe: dict[str, TravellerRecord] = {}
        for name, db in stores.items():
            shift_id, staff_id = ids[name]
            local = random.Random(11)
            records = [_traveller(local, shift_id, staff_id, i) for i in range(bulk)]
            repo = RecordRepository(db)
            start = time.perf_counter()
            with db.atomic():
                for record in records:
                    repo.save(record, flags=CLEAR, staff_id=staff_id)
            bulk_rate[name] = bulk / (time.perf_counter() - start)
            probe[name] = records[bulk // 2]

        queries = {
            "search: ID tail (4 digits)": lambda r: RecordFilter(text=r.document_number[-4:]),
            "search: ID prefix (10)": lambda r: RecordFilter(text=r.document_number[:10]),
            "search: name": lambda r: RecordFilter(text=r.name),
            "shift list (first 200)": lambda r: RecordFilter(shift_id=r.shift_id),
        }
        search_times: dict[str, dict[str, list[float]]] = {}
        for label, make in queries.items():
            search_times[label] = {}
            for name, db in stores.items():
                flt = make(probe[name])
                repo = RecordRepository(db)
                repo.list_items(flt)  # warm the page cache like a second search would
                search_times[label][name] = _times(
                    lambda repo=repo, flt=flt: repo.list_items(flt), searches
                )

        def open_plain() -> None:
            open_database(plain_dir / DATABASE_FILENAME).close()

        key = new_data_key()
        key_dir = Path(tmp) / "keyed"
        open_database(key_dir / DATABASE_FILENAME, key).close()

        def open_encrypted() -> None:
            open_database(key_dir / DATABASE_FILENAME, key).close()

        open_times = {
            "plain": _times(open_plain, searches),
            "encrypted": _times(open_encrypted, searches),
        }

        sizes = {
            "plain": (plain_dir / DATABASE_FILENAME).stat().st_size,
            "encrypted": (enc_dir / DATABASE_FILENAME).stat().st_size,
        }
        encrypted.close()
        lock_store(enc_dir)

        def plain_sign_in() -> None:
            sign_in(plain, "王建国", PIN)

        def unlock() -> None:
            db, _ = unlock_and_sign_in(enc_dir, "王建国", PIN, device_secret_path=device_path)
            db.close()
            lock_store(enc_dir)

        sign_in_times = {
            "plain": _times(plain_sign_in, sign_ins),
            "encrypted": _times(unlock, sign_ins),
        }
        admin_unlock = _times(
            lambda: keyfile.unlock_with_admin_secret(
                keyfile.key_file_path(enc_dir / DATABASE_FILENAME), SECRET
            ),
            sign_ins,
        )
        plain.close()
        start = time.perf_counter()
        encrypt_store(plain_dir / DATABASE_FILENAME, new_data_key())
        migration_s = time.perf_counter() - start

    def ratio_row(
        metric: str,
        values: dict[str, list[float]],
        goal: float,
        p95: bool = False,
        unnoticed_ms: float = 5.0,
    ) -> Row:
        # Below `unnoticed_ms` nobody at the checkpoint can tell; a ratio of tiny times is noise.
        plain_ms, enc_ms = _ms(values["plain"]), _ms(values["encrypted"])
        ratio = enc_ms / plain_ms
        text = f"{enc_ms:.2f} ms vs {plain_ms:.2f} ms plain (×{ratio:.2f})"
        if p95:
            text += f"; p95 {_p95(values['encrypted']):.2f} vs {_p95(values['plain']):.2f} ms"
        ok = ratio <= goal or enc_ms < unnoticed_ms
        return Row(
            metric, text, f"≤ ×{goal:g} plain or < {unnoticed_ms:g} ms", "ok" if ok else "over"
        )

    rows.append(ratio_row(f"save one record (median of {saves})", save_times, 1.5, p95=True))
    b_ratio = bulk_rate["plain"] / bulk_rate["encrypted"]
    rows.append(
        Row(
            f"bulk insert, one transaction ({bulk:,} records)",
            f"{bulk_rate['encrypted']:,.0f}/s vs {bulk_rate['plain']:,.0f}/s plain"
            f" (×{b_ratio:.2f} time)",
            "≤ ×1.5 plain",
            "ok" if b_ratio <= 1.5 else "over",
        )
    )
    for label in queries:
        rows.append(ratio_row(f"{label}, {saves + bulk:,} records", search_times[label], 2.0))
    rows.append(ratio_row("open a connection (worker thread)", open_times, 3.0))
    unlock_ms = _ms(sign_in_times["encrypted"])
    rows.append(
        Row(
            "sign-in: PIN unlock + open + PIN check",
            f"{unlock_ms:.0f} ms vs {_ms(sign_in_times['plain']):.0f} ms plain PIN check",
            "≤ 1500 ms",
            "ok" if unlock_ms <= 1500 else "over",
        )
    )
    rows.append(
        Row(
            "admin secret unwrap (command line)",
            f"{_ms(admin_unlock):.0f} ms",
            "≤ 2000 ms",
            "ok" if _ms(admin_unlock) <= 2000 else "over",
        )
    )
    rows.append(
        Row(
            f"encrypt-store of the filled plain store ({sizes['plain'] / 2**20:.1f} MB)",
            f"{migration_s:.2f} s",
            "info",
            "",
        )
    )
    rows.append(
        Row(
            "file size",
            f"{sizes['encrypted'] / 2**20:.1f} MB vs {sizes['plain'] / 2**20:.1f} MB plain",
            "info",
            "",
        )
    )
    print_table(rows, markdown=args.markdown)


if __name__ == "__main__":
    main()
