"""Imported files: end-of-shift bundles and policy packs that lie, explode or were damaged.

Zip-slip member names, bombs, symlink and directory members, duplicate members and bit
flips in every region: each is refused with a Chinese reason before anything is written.
Bundles go through ``import_bundle_bytes`` (the one path of ``checkpoint-county import``
and the dashboard's upload) into a real county store, and every row of every county
table is compared before and after; policy packs go through ``import_policy_file`` (the
app's 导入策略包) into a real workstation store. Nothing may appear on disk either.
"""

from __future__ import annotations

import io
import json
import os
import stat
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from checkpoint_app.county.cli import main as county_main
from checkpoint_app.county.imports import MAX_BUNDLE_FILE_BYTES, import_bundle_bytes
from checkpoint_app.county.keys import CountyKeys, init_county_keys
from checkpoint_app.county.store import CountyStore, metadata
from checkpoint_app.policy.pull import PolicyStatus, import_policy_file
from checkpoint_app.records.model import CheckpointKind
from checkpoint_app.sync import outbox
from checkpoint_app.sync.bundle import (
    MANIFEST_NAME,
    MAX_MEMBER_BYTES,
    MAX_RECORD_LINE_BYTES,
    RECORDS_NAME,
    SIGNATURE_NAME,
    BundleRejected,
    export_bundle,
    open_bundle,
    seal,
)
from checkpoint_app.sync.client import FailureKind, enroll
from checkpoint_app.sync.files import (
    MAX_CERTIFICATE_FILE_BYTES,
    MAX_POLICY_FILE_BYTES,
    FileRefused,
    read_chosen_file,
)
from checkpoint_app.sync.keys import EnrollmentInfo, save_enrollment
from checkpoint_app.sync.protocol import (
    b64encode,
    canonical_json,
    public_key_bytes,
    sign_policy_pack,
)
from tests.county_fixtures import NOW, Station
from tests.hostile.bundles import Member, forge, genuine_members, standard, zip_members
from tests.hostile.special_files import HUGE_SPARSE, NOT_FILE_KINDS, not_files, sparse

Snapshot = dict[str, list[tuple[Any, ...]]]


BOOKKEEPING_TABLES = frozenset({"rate_counters"})


def snapshot(store: CountyStore) -> Snapshot:
    """Every row of every county table, in a stable order."""
    with store.engine.connect() as conn:
        return {
            table.name: sorted((tuple(row) for row in conn.execute(select(table))), key=repr)
            for table in metadata.sorted_tables
            # Request counters for the rate limits count refusals too: bookkeeping, not data.
            if table.name not in BOOKKEEPING_TABLES
        }


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@dataclass
class County:
    store: CountyStore
    keys: CountyKeys
    device_key: Ed25519PrivateKey
    genuine: bytes  # a genuine bundle of 3 records from the enrolled station

    @property
    def members(self) -> dict[str, bytes]:
        return genuine_members(self.genuine, self.keys)


@pytest.fixture
def county(county_store: CountyStore, station: Station, tmp_path: Path) -> County:
    """A county store with the station enrolled under a known key, and a genuine bundle."""
    keys = init_county_keys(tmp_path / "county-keys")[0]
    device_key = Ed25519PrivateKey.generate()
    checkpoint = county_store.add_checkpoint(
        station.checkpoint.name, CheckpointKind.TOLL_STATION, "谭庄镇"
    )
    code = county_store.issue_enrollment_code(checkpoint.id)
    county_store.enroll_device(code, station.checkpoint.device_id, public_key_bytes(device_key))
    save_enrollment(
        station.data_dir,
        EnrollmentInfo(
            server_url="http://127.0.0.1:9",
            device_id=station.checkpoint.device_id,
            checkpoint_name=station.checkpoint.name,
            county_signing_key=b64encode(keys.signing_public_raw),
            county_sealing_key=b64encode(keys.sealing_public_raw),
            enrolled_at="2022-04-10T09:30:00Z",
        ),
        device_key,
    )
    station.save(3)
    report = export_bundle(station.db, station.data_dir, tmp_path / "usb")
    assert report.path is not None, report.error
    return County(county_store, keys, device_key, report.path.read_bytes())


def assert_refused_writing_nothing(county: County, data: bytes, tmp_path: Path) -> str:
    before, on_disk = snapshot(county.store), files_under(tmp_path)
    outcome = import_bundle_bytes(county.store, county.keys, "hostile.kdtb", data)
    assert not outcome.ok
    assert any("\u4e00" <= c <= "\u9fff" for c in outcome.refusal)
    assert snapshot(county.store) == before
    assert files_under(tmp_path) == on_disk
    return outcome.refusal


def test_the_genuine_bundle_imports_its_records(county: County) -> None:
    # The control: the forging below starts from a bundle that does write.
    before = snapshot(county.store)
    outcome = import_bundle_bytes(county.store, county.keys, "genuine.kdtb", county.genuine)
    assert outcome.ok and outcome.report is not None and outcome.report.new == 3
    assert len(snapshot(county.store)["records"]) == len(before["records"]) + 3


def test_a_resealed_genuine_zip_imports_so_each_forgery_below_fails_for_its_change(
    county: County,
) -> None:
    resealed = forge(standard(county.members, county.device_key), county.keys)
    outcome = import_bundle_bytes(county.store, county.keys, "resealed.kdtb", resealed)
    assert outcome.ok, outcome.refusal


# ------------------------------------------------------------------------- zip-slip

SLIP_NAMES = [
    "../records.jsonl",
    "../../../../etc/cron.d/records.jsonl",
    "/tmp/records.jsonl",
    "..\\..\\records.jsonl",
    "C:/Windows/records.jsonl",
    "records.jsonl/../../x",
    "./records.jsonl",
]


@pytest.mark.parametrize("name", SLIP_NAMES)
def test_a_zip_slip_name_for_the_records_is_refused(
    county: County, tmp_path: Path, name: str
) -> None:
    members = standard(county.members, county.device_key)
    members[2] = Member(name, members[2].data)
    assert_refused_writing_nothing(county, forge(members, county.keys), tmp_path)


@pytest.mark.parametrize("name", SLIP_NAMES[:5])
def test_a_zip_slip_member_beside_the_genuine_three_is_refused(
    county: County, tmp_path: Path, name: str
) -> None:
    members = [*standard(county.members, county.device_key), Member(name, b"x")]
    assert_refused_writing_nothing(county, forge(members, county.keys), tmp_path)


# ------------------------------------------------------------------- links and dirs


def test_records_as_a_symlink_member_are_refused(county: County, tmp_path: Path) -> None:
    # The "link target" is the genuine payload, so hash and signature match: only the
    # member's type is wrong. An extracting importer would create a link to that path.
    members = standard(
        county.members, county.device_key, records_member={"mode": stat.S_IFLNK | 0o777}
    )
    assert_refused_writing_nothing(county, forge(members, county.keys), tmp_path)


def test_a_manifest_symlink_to_a_system_file_is_refused(county: County, tmp_path: Path) -> None:
    members = standard(county.members, county.device_key)
    members[0] = Member(MANIFEST_NAME, b"/etc/passwd", mode=stat.S_IFLNK | 0o777)
    assert_refused_writing_nothing(county, forge(members, county.keys), tmp_path)


def test_a_directory_member_is_refused(county: County, tmp_path: Path) -> None:
    members = [*standard(county.members, county.device_key), Member("records/", b"")]
    assert_refused_writing_nothing(county, forge(members, county.keys), tmp_path)


# ------------------------------------------------------------------------ duplicates


@pytest.mark.parametrize("name", [MANIFEST_NAME, SIGNATURE_NAME, RECORDS_NAME])
def test_a_duplicated_member_is_refused_whichever_copy_a_reader_would_take(
    county: County, tmp_path: Path, name: str
) -> None:
    members = standard(county.members, county.device_key)
    original = next(m for m in members if m.name == name)
    with pytest.warns(UserWarning, match="Duplicate name"):
        data = forge([*members, Member(name, original.data + b"\n")], county.keys)
    assert_refused_writing_nothing(county, data, tmp_path)


def test_names_differing_only_in_case_are_refused(county: County, tmp_path: Path) -> None:
    members = standard(county.members, county.device_key)
    members[2] = Member("Records.jsonl", members[2].data)
    assert_refused_writing_nothing(county, forge(members, county.keys), tmp_path)


# ----------------------------------------------------------------------------- bombs


def test_a_member_declaring_more_than_the_limit_is_refused_unread(
    county: County, tmp_path: Path
) -> None:
    members = standard(county.members, county.device_key)
    members[2] = Member(RECORDS_NAME, members[2].data, declared_size=MAX_MEMBER_BYTES + 1)
    assert_refused_writing_nothing(county, forge(members, county.keys), tmp_path)


def test_a_member_that_inflates_past_its_declared_size_is_refused(
    county: County, tmp_path: Path
) -> None:
    bomb = b"\n" * 50_000_000
    members = standard(county.members, county.device_key, records=bomb)
    members[2] = Member(RECORDS_NAME, bomb, declared_size=1000)
    assert_refused_writing_nothing(county, forge(members, county.keys), tmp_path)


@pytest.mark.parametrize("name", [MANIFEST_NAME, SIGNATURE_NAME])
def test_a_deflate_bomb_in_the_small_members_is_refused(
    county: County, tmp_path: Path, name: str
) -> None:
    # 50 MB of zeros deflate to 50 kB; the manifest and its signature are a few hundred
    # bytes, and they are read before the device signature can be checked.
    members = standard(county.members, county.device_key)
    index = [m.name for m in members].index(name)
    members[index] = Member(name, b"\0" * 50_000_000)
    assert_refused_writing_nothing(county, forge(members, county.keys), tmp_path)


def test_a_records_bomb_signed_by_the_device_is_refused(county: County, tmp_path: Path) -> None:
    # Honest size, hash and signature: 50 MB of blank lines is no record.
    bomb = b"\n" * 50_000_000
    members = standard(county.members, county.device_key, records=bomb)
    assert_refused_writing_nothing(county, forge(members, county.keys), tmp_path)


def _refused(sealed: bytes, county: County) -> str:
    try:
        open_bundle(sealed, county.keys.sealing, county.store.active_device_keys())
    except BundleRejected as exc:
        return exc.message
    raise AssertionError("the bundle was accepted")


def _records_bomb(members: list[Member], size: int) -> bytes:
    """The zip of `members` with records.jsonl replaced by `size` zeros, deflated as it is
    written (about size/1000 bytes), so making it costs no memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member in members[:2]:
            archive.writestr(member.name, member.data)
        with archive.open(RECORDS_NAME, "w", force_zip64=True) as out:
            chunk = b"\0" * (1 << 20)
            for _ in range(size >> 20):
                out.write(chunk)
    return buffer.getvalue()


BOMB_BYTES = 400 * 1024 * 1024  # the member inflates to 400 MB; the sealed file is ~400 kB


def test_a_records_bomb_from_an_unknown_device_is_refused_without_inflating_it(
    county: County,
) -> None:
    stranger = Ed25519PrivateKey.generate()
    members = standard(county.members, stranger)  # a manifest signed by no enrolled device
    manifest = json.loads(members[0].data)
    manifest["device_id"] = "no-such-device"
    body = canonical_json(manifest)
    members[0], members[1] = (
        Member(MANIFEST_NAME, body),
        Member(SIGNATURE_NAME, stranger.sign(body)),
    )
    sealed = seal(_records_bomb(members, BOMB_BYTES), county.keys.sealing_public_raw)
    assert len(sealed) < 1_000_000
    peak = peak_bytes_while(lambda: _refused(sealed, county))
    assert "未登记" in _refused(sealed, county)
    # Refused on the manifest alone: what was decrypted, never what the bomb inflates to.
    assert peak < 8 * len(sealed) + 4_000_000


def test_a_records_bomb_under_a_genuine_signature_stops_at_what_the_manifest_declares(
    county: County, tmp_path: Path
) -> None:
    members = standard(county.members, county.device_key)  # signed: 3 records declared
    sealed = seal(_records_bomb(members, BOMB_BYTES), county.keys.sealing_public_raw)
    assert "过大" in _refused(sealed, county)
    peak = peak_bytes_while(lambda: _refused(sealed, county))
    assert peak < 8 * len(sealed) + 3 * MAX_RECORD_LINE_BYTES + 4_000_000
    assert_refused_writing_nothing(county, sealed, tmp_path)


def test_an_unsupported_compression_method_is_refused(county: County, tmp_path: Path) -> None:
    members = standard(county.members, county.device_key)
    data = bytearray(zip_members(members))
    # Method 99 (AES) in every local and central header.
    for signature, at in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        start = 0
        while (found := data.find(signature, start)) >= 0:
            data[found + at : found + at + 2] = (99).to_bytes(2, "little")
            start = found + 4
    sealed = seal(bytes(data), county.keys.sealing_public_raw)
    assert_refused_writing_nothing(county, sealed, tmp_path)


@pytest.mark.parametrize(
    "manifest",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"format": 1, "bundle_id": NaN}',
        b'{"format": 1, "sequence": ' + b"9" * 5000 + b"}",
        b'{"format": 1, "device_id": "\\ud800"}',
        b"\xff\xfe{}",
    ],
    ids=["nested-100000-deep", "nan", "5000-digit-number", "lone-surrogate", "not-utf8"],
)
def test_a_hostile_manifest_is_refused_before_its_signature_is_checked(
    county: County, tmp_path: Path, manifest: bytes
) -> None:
    members = standard(county.members, county.device_key)
    members[0] = Member(MANIFEST_NAME, manifest)
    members[1] = Member(SIGNATURE_NAME, county.device_key.sign(manifest))
    assert_refused_writing_nothing(county, forge(members, county.keys), tmp_path)


@pytest.mark.parametrize(
    "line",
    [b"[" * 100_000 + b"]" * 100_000, b'{"uuid": ' + b"9" * 5000 + b"}", b'{"a": NaN}'],
    ids=["nested-100000-deep", "5000-digit-number", "nan"],
)
def test_a_hostile_record_line_signed_by_the_device_is_refused(
    county: County, tmp_path: Path, line: bytes
) -> None:
    members = standard(county.members, county.device_key, records=line + b"\n")
    assert_refused_writing_nothing(county, forge(members, county.keys), tmp_path)


# ------------------------------------------------------------------------- bit flips

# Offsets into the sealed file: magic, county key id, ephemeral key, key-wrap nonce,
# wrapped key and its tag, payload nonce, then the ciphertext's start, middle and tag.
REGIONS = {
    "magic": 0,
    "key-id": 8,
    "ephemeral-key": 24,
    "wrap-nonce": 56,
    "wrapped-key": 68,
    "wrap-tag": 110,
    "payload-nonce": 116,
    "ciphertext-start": 128,
    "ciphertext-middle": None,
    "payload-tag": -1,
}


@pytest.mark.parametrize("region", list(REGIONS))
def test_a_bit_flip_in_each_region_of_the_sealed_file_is_refused(
    county: County, tmp_path: Path, region: str
) -> None:
    data = bytearray(county.genuine)
    at = REGIONS[region]
    data[len(data) // 2 if at is None else at] ^= 0x10
    assert_refused_writing_nothing(county, bytes(data), tmp_path)


def test_a_bit_flip_in_any_byte_of_the_zip_inside_is_refused_or_harmless(
    county: County,
) -> None:
    """Re-sealed after the flip (as a holder of the public key could): each byte of the
    headers, names, compressed data, central directory and end record in turn."""
    members = county.members
    plaintext = zip_members(standard(members, county.device_key))
    devices = county.store.active_device_keys()
    genuine_records = open_bundle(county.genuine, county.keys.sealing, devices).records
    outcomes = {"refused": 0, "same records": 0}
    for offset in range(len(plaintext)):
        flipped = bytearray(plaintext)
        flipped[offset] ^= 1 << (offset % 8)
        sealed = seal(bytes(flipped), county.keys.sealing_public_raw)
        try:
            opened = open_bundle(sealed, county.keys.sealing, devices)
        except BundleRejected as refused:
            assert refused.message
            outcomes["refused"] += 1
        else:
            # A flip in a timestamp or a spare header field changes nothing signed.
            assert opened.records == genuine_records, offset
            outcomes["same records"] += 1
    assert outcomes["refused"] > len(plaintext) // 2, outcomes


# ------------------------------------------------------------------------ policy packs


@dataclass
class Workstation:
    station: Station
    county_key: Ed25519PrivateKey
    pack: bytes  # a genuine signed pack

    def import_file(self, path: Path) -> tuple[PolicyStatus, str]:
        report = import_policy_file(self.station.db, self.station.data_dir, path)
        return report.status, report.message

    def changes(self) -> int:
        """Rows changed so far, leaving out the audit log: a refusal is audited, nothing else."""
        total: int = self.station.db.conn.total_changes  # type: ignore[attr-defined]
        audited = self.station.db.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'policy.refused'"
        ).fetchone()[0]
        return total - int(audited)


@pytest.fixture
def workstation(station: Station, tmp_path: Path) -> Iterator[Workstation]:
    from tests.policy.conftest import example_content

    keys = init_county_keys(tmp_path / "county-keys")[0]
    save_enrollment(
        station.data_dir,
        EnrollmentInfo(
            server_url="http://127.0.0.1:9",
            device_id=station.checkpoint.device_id,
            checkpoint_name=station.checkpoint.name,
            county_signing_key=b64encode(keys.signing_public_raw),
            county_sealing_key=b64encode(keys.sealing_public_raw),
            enrolled_at="2022-04-10T09:30:00Z",
        ),
        Ed25519PrivateKey.generate(),
    )
    content = example_content()
    outbox.ensure_sync_schema(station.db)  # the tables, as any sync start makes them
    pack = sign_policy_pack(keys.signing, version=7, published_at=NOW, content=content)
    yield Workstation(station, keys.signing, pack)


def refused_writing_nothing(ws: Workstation, path: Path) -> str:
    before, on_disk = ws.changes(), files_under(path.parent)
    status, message = ws.import_file(path)
    assert status is PolicyStatus.REFUSED, message
    assert any("\u4e00" <= c <= "\u9fff" for c in message)
    assert ws.changes() == before
    assert files_under(path.parent) == on_disk
    return message


def test_the_genuine_pack_applies(workstation: Workstation, tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    path.write_bytes(workstation.pack)
    assert workstation.import_file(path)[0] is PolicyStatus.APPLIED


def test_a_bit_flip_in_any_byte_of_a_policy_pack_is_refused_or_harmless(
    workstation: Workstation, tmp_path: Path
) -> None:
    path = tmp_path / "policy.json"
    genuine = json.loads(workstation.pack)
    # About 800 positions spread over the whole file: every field of the envelope, pack
    # and content (bench/bench_hostile.py flips every byte).
    for offset in range(0, len(workstation.pack), max(1, len(workstation.pack) // 800)):
        flipped = bytearray(workstation.pack)
        flipped[offset] ^= 1 << (offset % 8)
        path.write_bytes(bytes(flipped))
        before = workstation.changes()
        status, message = workstation.import_file(path)
        if status is PolicyStatus.REFUSED:
            assert workstation.changes() == before, offset
            continue
        # Whitespace or a key's case can flip without touching what was signed.
        stored = workstation.station.db.execute(
            "SELECT content FROM policy_packs ORDER BY version DESC LIMIT 1"
        ).fetchone()
        assert json.loads(stored[0]) == genuine["pack"]["content"], (offset, message)


def test_duplicate_keys_cannot_smuggle_unsigned_content(
    workstation: Workstation, tmp_path: Path
) -> None:
    genuine = workstation.pack.decode()
    path = tmp_path / "policy.json"
    # A second "pack" after the signed one: JSON readers keep the last.
    forged = genuine[:-1] + ',"pack":{"version":99,"content":{}}}'
    path.write_text(forged, "utf-8")
    refused_writing_nothing(workstation, path)
    # Before the signed one: the signed one wins, so the pack is the genuine one.
    forged = '{"pack":{"version":99,"content":{}},' + genuine[1:]
    path.write_text(forged, "utf-8")
    assert workstation.import_file(path)[0] is PolicyStatus.APPLIED
    stored = workstation.station.db.execute("SELECT max(version) FROM policy_packs").fetchone()
    assert stored[0] == 7


def test_a_policy_file_that_is_a_directory_or_empty_or_huge_is_refused(
    workstation: Workstation, tmp_path: Path
) -> None:
    folder = tmp_path / "looks-like-a-file.json"
    folder.mkdir()
    refused_writing_nothing(workstation, folder)
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    refused_writing_nothing(workstation, empty)
    huge = tmp_path / "huge.json"
    huge.write_bytes(b" " * 50_000_000 + b"{}")
    refused_writing_nothing(workstation, huge)


def test_a_symlinked_policy_file_is_verified_like_any_other(
    workstation: Workstation, tmp_path: Path
) -> None:
    real = tmp_path / "real.json"
    real.write_bytes(workstation.pack[:-5])
    link = tmp_path / "policy.json"
    link.symlink_to(real)
    refused_writing_nothing(workstation, link)
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "nowhere")
    refused_writing_nothing(workstation, dangling)


HOSTILE_PACKS: dict[str, Callable[[bytes], bytes]] = {
    "nested-100000-deep": lambda genuine: (
        b'{"format":1,"pack":' + b"[" * 100_000 + b"]" * 100_000 + b',"signature":"AA=="}'
    ),
    "nan-in-pack": lambda genuine: b'{"format":1,"pack":{"a":NaN},"signature":"AA=="}',
    "5000-digit-number": lambda genuine: (
        b'{"format":1,"pack":{"a":' + b"9" * 5000 + b'},"signature":"AA=="}'
    ),
    "lone-surrogate": lambda genuine: b'{"format":1,"pack":{"a":"\\ud800"},"signature":"AA=="}',
}


@pytest.mark.parametrize("name", list(HOSTILE_PACKS))
def test_a_hostile_json_policy_pack_is_refused_not_raised(
    workstation: Workstation, tmp_path: Path, name: str
) -> None:
    path = tmp_path / "policy.json"
    path.write_bytes(HOSTILE_PACKS[name](workstation.pack))
    refused_writing_nothing(workstation, path)


# ------------------------------------------------------------- files that are not files
#
# A chosen path may name a FIFO (opening it waits for a writer forever), /dev/zero (never
# ends), a directory, a symlink to one of these, or a sparse file far over the cap. Each
# entry point refuses them in Chinese before reading, writes nothing and holds no more
# than a few kilobytes while doing so.


def peak_bytes_while(action: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


needs_posix = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/zero are POSIX")


@needs_posix
@pytest.mark.parametrize("kind", NOT_FILE_KINDS)
def test_read_chosen_file_refuses_what_is_not_a_small_regular_file(
    tmp_path: Path, fifo: Path, kind: str
) -> None:
    path = not_files(tmp_path, fifo, 1024)[kind]
    with pytest.raises(FileRefused) as refused:
        read_chosen_file(path, limit=1024, what="测试文件")
    assert refused.value.message.startswith(("测试文件", "无法读取测试文件"))
    expected = {"folder": "文件夹", "over-cap-by-one": "过大", "terabyte": "过大"}
    assert expected.get(kind.removeprefix("symlink-to-"), "不是普通文件") in refused.value.message


def test_read_chosen_file_reads_a_file_of_exactly_the_cap_and_follows_a_symlink(
    tmp_path: Path,
) -> None:
    real = tmp_path / "real.bin"
    real.write_bytes(b"x" * 1024)
    link = tmp_path / "link.bin"
    link.symlink_to(real)
    assert read_chosen_file(link, limit=1024, what="测试文件") == b"x" * 1024


@needs_posix
@pytest.mark.parametrize("kind", NOT_FILE_KINDS)
def test_the_county_import_command_refuses_unread_what_is_not_a_bundle_file(
    county: County, tmp_path: Path, fifo: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = not_files(tmp_path, fifo, MAX_BUNDLE_FILE_BYTES)[kind]
    before, on_disk = snapshot(county.store), files_under(tmp_path)
    url = county.store.engine.url.render_as_string(hide_password=False)
    argv = ["import", str(path), "--db", url, "--data-dir", str(tmp_path / "county-keys")]
    status: list[int] = []
    peak = peak_bytes_while(lambda: status.append(county_main(argv)))
    assert status == [1]
    out = capsys.readouterr().out
    assert f"{path.name}：已拒绝 — 交班导出包" in out
    assert snapshot(county.store) == before
    assert files_under(tmp_path) == on_disk
    assert peak < 4 * 1024 * 1024, f"{peak:,} bytes held while refusing"


def test_the_county_import_command_still_imports_a_genuine_bundle_beside_a_refused_one(
    county: County, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    genuine = tmp_path / "genuine.kdtb"
    genuine.write_bytes(county.genuine)
    huge = sparse(tmp_path / "huge.kdtb", HUGE_SPARSE)
    url = county.store.engine.url.render_as_string(hide_password=False)
    argv = ["import", str(huge), str(genuine), "--db", url]
    assert county_main([*argv, "--data-dir", str(tmp_path / "county-keys")]) == 1
    out = capsys.readouterr().out
    assert "huge.kdtb：已拒绝 — 交班导出包过大（1,048,576 MB，最多 512 MB），未读取" in out
    assert "genuine.kdtb：" in out and "新增 3 条" in out


@needs_posix
@pytest.mark.parametrize("kind", NOT_FILE_KINDS)
def test_the_county_policy_publish_command_refuses_unread_what_is_not_a_policy_file(
    county: County, tmp_path: Path, fifo: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = not_files(tmp_path, fifo, MAX_POLICY_FILE_BYTES)[kind]
    before = snapshot(county.store)
    url = county.store.engine.url.render_as_string(hide_password=False)
    argv = ["policy", "publish", str(path), "--db", url]
    argv += ["--data-dir", str(tmp_path / "county-keys")]
    status: list[int] = []
    peak = peak_bytes_while(lambda: status.append(county_main(argv)))
    assert status == [1]
    assert capsys.readouterr().err.startswith("策略文件")
    assert snapshot(county.store) == before
    assert peak < 4 * 1024 * 1024, f"{peak:,} bytes held while refusing"


@pytest.mark.parametrize(
    "content",
    [b"[" * 100_000 + b"]" * 100_000, b'{"a":NaN}', b'{"a":' + b"9" * 5000 + b"}", b"\xff{}"],
    ids=["nested", "nan", "5000-digits", "not-utf8"],
)
def test_a_hostile_policy_content_file_is_refused_in_words(
    county: County, tmp_path: Path, content: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "content.json"
    path.write_bytes(content)
    before = snapshot(county.store)
    url = county.store.engine.url.render_as_string(hide_password=False)
    argv = ["policy", "publish", str(path), "--db", url]
    assert county_main([*argv, "--data-dir", str(tmp_path / "county-keys")]) == 1
    assert capsys.readouterr().err.startswith("策略文件")
    assert snapshot(county.store) == before


@needs_posix
@pytest.mark.parametrize("kind", NOT_FILE_KINDS)
def test_the_apps_policy_import_refuses_unread_what_is_not_a_policy_file(
    workstation: Workstation, tmp_path: Path, fifo: Path, kind: str
) -> None:
    path = not_files(tmp_path, fifo, MAX_POLICY_FILE_BYTES)[kind]
    messages: list[str] = []
    peak = peak_bytes_while(lambda: messages.append(refused_writing_nothing(workstation, path)))
    assert messages[0].startswith("策略包文件")
    assert peak < 4 * 1024 * 1024, f"{peak:,} bytes held while refusing"


@needs_posix
@pytest.mark.parametrize("kind", NOT_FILE_KINDS)
def test_enrolling_with_a_certificate_path_that_is_not_a_file_fails_before_any_connection(
    station: Station, tmp_path: Path, fifo: Path, kind: str
) -> None:
    path = not_files(tmp_path, fifo, MAX_CERTIFICATE_FILE_BYTES)[kind]
    on_disk = files_under(station.data_dir)
    # Port 9 (discard) on loopback: were the file read and a connection tried, the failure
    # would be a network one, not the certificate's.
    result = enroll(station.data_dir, "https://127.0.0.1:9", "ABCD-EFGH", ca_file=path)
    assert result.failure is not None
    assert result.failure.kind is FailureKind.CERTIFICATE
    assert result.failure.message.startswith("证书文件")
    assert files_under(station.data_dir) == on_disk
