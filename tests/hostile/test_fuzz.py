"""A short fuzz run of the payload parsers, the bundle reader and the image loader.

Hypothesis mutates real inputs (a scan, a pre-registration code, a wire record, a sealed
bundle's zip, a PNG/JPEG/WebP/BMP) by overwriting, inserting, deleting and truncating,
and checks that each parser answers with its own refusal or a result, never another
exception. Bounded by max_examples so the whole file runs in well under a minute;
bench/bench_hostile.py runs the same mutations for longer.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from checkpoint_app.records.model import DocumentType
from checkpoint_app.records.preregistration import (
    Preregistration,
    PreregistrationRejected,
    encode_preregistration,
    verify_preregistration,
)
from checkpoint_app.scanning.images import ImageRejected, load_image
from checkpoint_app.scanning.payload import PayloadRejected, parse_payload
from checkpoint_app.sync.bundle import BundleRejected, open_bundle, seal
from checkpoint_app.sync.protocol import (
    WireFormatError,
    canonical_json,
    format_time,
    parse_wire_record,
    public_key_bytes,
    record_to_wire,
    sha256_hex,
)
from tests.county_fixtures import traveller
from tests.hostile.strategies import GOOD_PAYLOADS, HOSTILE_CHARS
from tests.scanning.test_images import encode, screenshot

TODAY = date(2022, 4, 12)
NOW = datetime(2022, 4, 12, 9, 30, tzinfo=UTC)
FUZZ = settings(max_examples=600, deadline=None)


@st.composite
def mutated(draw: st.DrawFn, seeds: tuple[bytes, ...]) -> bytes:
    """One of `seeds` after 1–6 random edits: overwrite, insert, delete or truncate."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, max(0, len(data) - 1)))
        edit = draw(st.sampled_from(["overwrite", "insert", "delete", "truncate", "flip"]))
        if edit == "overwrite" and data:
            data[at] = draw(st.integers(0, 255))
        elif edit == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif edit == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif edit == "delete":
            del data[at : at + draw(st.integers(1, 16))]
        else:
            del data[at:]
    return bytes(data)


@st.composite
def mutated_text(draw: st.DrawFn, seeds: tuple[str, ...]) -> str:
    text = list(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        new = draw(st.one_of(st.sampled_from(HOSTILE_CHARS), st.characters()))
        if draw(st.booleans()) and at < len(text):
            text[at] = new
        else:
            text.insert(at, new)
    return "".join(text)


# ------------------------------------------------------------------------- scans


@FUZZ
@given(mutated_text(GOOD_PAYLOADS))
def test_fuzzed_scans_are_classified_or_refused(raw: str) -> None:
    try:
        parse_payload(raw, today=TODAY)
    except PayloadRejected as refused:
        assert refused.message


COUNTY_PREREG_KEY = Ed25519PrivateKey.generate()
PREREG_CODE = encode_preregistration(
    Preregistration(
        name="张伟",
        document_type=DocumentType.RESIDENT_ID,
        document_number="411623199004151232",
        phone="13812345678",
        plate="豫P12345",
        origin_code="410102",
        destination_township="谭庄镇",
        reason="返乡",
    ),
    COUNTY_PREREG_KEY,
    expires_at=datetime(2022, 4, 13, tzinfo=UTC),
)


@FUZZ
@given(mutated(seeds=(PREREG_CODE.encode(),)))
def test_fuzzed_preregistration_codes_are_refused_or_verified(code: bytes) -> None:
    text = code.decode("utf-8", errors="replace")
    try:
        verify_preregistration(text, public_key_bytes(COUNTY_PREREG_KEY), now=NOW)
    except PreregistrationRejected as refused:
        assert refused.message
    try:
        parse_payload(text, today=TODAY)
    except PayloadRejected as refused:
        assert refused.message


# -------------------------------------------------------------------- wire records

WIRE = canonical_json(record_to_wire(traveller(), fever=False, nat_expired=False))
SEALING = X25519PrivateKey.generate()
SEALING_PUBLIC = SEALING.public_key().public_bytes_raw()
DEVICE_KEY = Ed25519PrivateKey.generate()
DEVICES = {"device-fuzz": DEVICE_KEY.public_key()}


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def signed_bundle(records: bytes) -> bytes:
    """A bundle from an enrolled device whose signed manifest vouches for `records`."""
    manifest = canonical_json(
        {
            "format": 1,
            "bundle_id": "b-fuzz",
            "device_id": "device-fuzz",
            "checkpoint_name": "宁洛高速谭庄站",
            "created_at": format_time(NOW),
            "kind": "since_last",
            "shift_ids": [1],
            "first_outbox_id": 1,
            "last_outbox_id": 1,
            "sequence": 1,
            "record_count": 1,
            "payload_sha256": sha256_hex(records),
        }
    )
    members = {
        "manifest.json": manifest,
        "manifest.sig": DEVICE_KEY.sign(manifest),
        "records.jsonl": records,
    }
    return seal(_zip(members), SEALING_PUBLIC)


def test_the_unmutated_wire_record_opens_so_the_fuzz_below_reaches_the_parser() -> None:
    opened = open_bundle(signed_bundle(WIRE + b"\n"), SEALING, DEVICES)
    assert len(opened.records) == 1


@FUZZ
@given(mutated(seeds=(WIRE,)))
def test_fuzzed_wire_records_in_a_signed_bundle_are_refused_or_parsed(line: bytes) -> None:
    try:
        open_bundle(signed_bundle(line + b"\n"), SEALING, DEVICES)
    except BundleRejected as refused:
        assert refused.message


def test_a_wire_record_with_a_lone_surrogate_is_refused_in_words() -> None:
    wire = record_to_wire(traveller(), fever=False, nat_expired=False)
    with pytest.raises(WireFormatError):
        parse_wire_record({**wire, "name": "\ud800"})


# ------------------------------------------------------------------------ bundles

BUNDLE_ZIP = _zip(
    {"manifest.json": b'{"format":1}', "manifest.sig": bytes(64), "records.jsonl": WIRE + b"\n"}
)


@FUZZ
@given(mutated(seeds=(BUNDLE_ZIP,)))
def test_fuzzed_bundle_contents_are_refused_in_words(plaintext: bytes) -> None:
    # Sealed to the county like a real bundle, so the fuzz reaches the zip reader.
    with pytest.raises(BundleRejected) as refused:
        open_bundle(seal(plaintext, SEALING_PUBLIC), SEALING, {})
    assert refused.value.message


# ------------------------------------------------------------------------- images

IMAGE_SEEDS = tuple(
    encode(screenshot(48, 96), fmt, **options)
    for fmt, options in [
        ("PNG", {}),
        ("JPEG", {"quality": 60}),
        ("JPEG", {"quality": 60, "progressive": True}),
        ("WEBP", {}),
        ("BMP", {}),
    ]
)


@FUZZ
@given(mutated(seeds=IMAGE_SEEDS))
def test_fuzzed_images_are_loaded_or_refused(data: bytes) -> None:
    try:
        loaded = load_image(data)
    except ImageRejected as refused:
        assert refused.message and refused.reason
    else:
        assert loaded.bgr.ndim == 3 and loaded.bgr.shape[2] == 3
