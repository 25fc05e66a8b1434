"""The sealed end-of-shift export: readable by the county only, refused when anything is off."""

from __future__ import annotations

import contextlib
import io
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkpoint_app.county.keys import CountyKeys, init_county_keys
from checkpoint_app.storage.timefmt import to_db_time, utc_now
from checkpoint_app.sync.bundle import (
    BUNDLE_SUFFIX,
    BundleRejected,
    export_bundle,
    open_bundle,
    seal,
)
from checkpoint_app.sync.keys import EnrollmentInfo, load_device_key, save_enrollment
from checkpoint_app.sync.protocol import b64encode, canonical_json
from tests.county_fixtures import Station, make_station


def enroll_offline(station: Station, county: CountyKeys) -> None:
    """What enrollment leaves in the data folder, made without a server for these tests."""
    save_enrollment(
        station.data_dir,
        EnrollmentInfo(
            server_url="http://127.0.0.1:9",
            device_id=station.checkpoint.device_id,
            checkpoint_name=station.checkpoint.name,
            county_signing_key=b64encode(county.signing_public_raw),
            county_sealing_key=b64encode(county.sealing_public_raw),
            enrolled_at=to_db_time(utc_now()),
        ),
        Ed25519PrivateKey.generate(),
    )


@pytest.fixture
def county(tmp_path: Path) -> CountyKeys:
    return init_county_keys(tmp_path / "county")[0]


@pytest.fixture
def sealed(station: Station, county: CountyKeys, tmp_path: Path):
    """A station with 4 records exported to a "USB stick" folder."""
    enroll_offline(station, county)
    records = station.save(4)
    report = export_bundle(station.db, station.data_dir, tmp_path / "usb")
    assert report.path is not None, report.error
    devices = {station.checkpoint.device_id: load_device_key(station.data_dir).public_key()}
    return report, records, devices


def test_export_then_open_gives_back_every_record_and_a_signed_manifest(sealed, county, station):
    report, records, devices = sealed
    opened = open_bundle(report.path.read_bytes(), county.sealing, devices)
    assert [w.record for w in opened.records] == records
    assert opened.manifest.device_id == station.checkpoint.device_id
    assert opened.manifest.record_count == 4 and opened.manifest.shift_ids == (station.shift.id,)
    assert opened.manifest.bundle_id == report.bundle_id


def test_nothing_readable_is_left_on_the_stick(sealed):
    report, records, _ = sealed
    files = list(report.path.parent.iterdir())
    assert files == [report.path] and report.path.suffix == BUNDLE_SUFFIX
    data = report.path.read_bytes()
    for needle in ["411623199004151232", "13812345678", "张伟", records[0].uuid, "records.jsonl"]:
        assert needle.encode() not in data


def test_since_last_export_takes_only_new_records(sealed, station, tmp_path, county):
    _, _, devices = sealed
    nothing = export_bundle(station.db, station.data_dir, tmp_path / "usb")
    assert nothing.path is None and "没有" in nothing.error
    (new,) = station.save(1)
    report = export_bundle(station.db, station.data_dir, tmp_path / "usb")
    opened = open_bundle(report.path.read_bytes(), county.sealing, devices)
    assert [w.record for w in opened.records] == [new]
    everything = export_bundle(
        station.db, station.data_dir, tmp_path / "usb2", since_last_export=False
    )
    assert everything.record_count == 5


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.floats(0, 1, exclude_max=True), bit=st.integers(0, 7))
def test_a_bit_flip_anywhere_is_refused(sealed, county, position, bit):
    report, _, devices = sealed
    data = bytearray(report.path.read_bytes())
    data[int(position * len(data))] ^= 1 << bit
    with pytest.raises(BundleRejected):
        open_bundle(bytes(data), county.sealing, devices)


@pytest.mark.parametrize("keep", [0, 7, 60, 127, 200, -1])
def test_a_truncated_bundle_is_refused(sealed, county, keep):
    report, _, devices = sealed
    data = report.path.read_bytes()
    with pytest.raises(BundleRejected):
        open_bundle(data[:keep], county.sealing, devices)


def test_a_bundle_for_another_county_key_is_refused_in_words(sealed):
    report, _, devices = sealed
    with pytest.raises(BundleRejected) as refused:
        open_bundle(report.path.read_bytes(), X25519PrivateKey.generate(), devices)
    assert "本县的密钥" in refused.value.message


def test_a_bundle_from_an_unknown_device_or_key_is_refused(sealed, county, station):
    report, _, _ = sealed
    data = report.path.read_bytes()
    with pytest.raises(BundleRejected, match="未登记"):
        open_bundle(data, county.sealing, {})
    impostor = {station.checkpoint.device_id: Ed25519PrivateKey.generate().public_key()}
    with pytest.raises(BundleRejected, match="签名无效"):
        open_bundle(data, county.sealing, impostor)


def test_a_bundle_already_imported_is_refused_as_a_replay(sealed, county):
    report, _, devices = sealed
    with pytest.raises(BundleRejected, match="已导入过"):
        open_bundle(
            report.path.read_bytes(), county.sealing, devices, already_imported={report.bundle_id}
        )


def _forge(members: list[tuple[str, bytes]], county: CountyKeys) -> bytes:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        for name, data in members:
            archive.writestr(name, data)
    return seal(inner.getvalue(), county.sealing_public_raw)


@pytest.mark.parametrize(
    "names",
    [
        ["manifest.json", "manifest.sig", "../../records.jsonl"],
        ["manifest.json", "manifest.sig", "records.jsonl", "/etc/cron.d/x"],
        ["manifest.json", "manifest.sig", "records.jsonl", "records.jsonl"],
        ["manifest.json", "manifest.sig", "..\\records.jsonl"],
    ],
)
def test_zip_slip_style_or_extra_member_names_are_refused(county, station, tmp_path, names):
    # Properly sealed and signed by a known device: only the member names are wrong.
    key = Ed25519PrivateKey.generate()
    manifest = canonical_json({"format": 1})
    members = [
        (
            n,
            key.sign(manifest)
            if n == "manifest.sig"
            else manifest
            if n == "manifest.json"
            else b"",
        )
        for n in names
    ]
    duplicate = names.count("records.jsonl") > 1
    with pytest.warns(UserWarning) if duplicate else contextlib.nullcontext():
        data = _forge(members, county)
    with pytest.raises(BundleRejected, match="不应有的文件"):
        open_bundle(data, county.sealing, {station.checkpoint.device_id: key.public_key()})


def test_export_before_enrollment_says_why(tmp_path):
    station = make_station(tmp_path)
    station.save(1)
    report = export_bundle(station.db, station.data_dir, tmp_path / "usb")
    assert report.path is None and "注册" in report.error
    assert not (tmp_path / "usb").exists()
    station.db.close()


def test_a_version_the_county_would_refuse_stays_behind_and_the_rest_is_carried(
    station, county, tmp_path
):
    """A name saved with a hidden character (before the form refused them) must not make the
    county refuse the whole stick; it waits, and "since last export" does not move past it."""
    enroll_offline(station, county)
    (before,) = station.save(1)
    (hidden,) = station.save(1, name="张\u202e伟")
    (after,) = station.save(1)
    report = export_bundle(station.db, station.data_dir, tmp_path / "usb")
    assert report.path is not None, report.error
    assert report.record_count == 2 and report.held_back == 1
    assert "姓名" in report.held_back_reason
    devices = {station.checkpoint.device_id: load_device_key(station.data_dir).public_key()}
    opened = open_bundle(report.path.read_bytes(), county.sealing, devices)
    assert [w.record for w in opened.records] == [before, after]
    assert opened.manifest.record_count == 2
    # The next "since last export" starts again at the version left behind.
    again = export_bundle(station.db, station.data_dir, tmp_path / "usb2")
    assert again.held_back == 1 and again.record_count == 1
    assert hidden.uuid not in {w.record.uuid for w in opened.records}
