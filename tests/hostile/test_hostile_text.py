"""Scanner, typed and free text with every control, bidi and zero-width character, and 1 MB strings.

0 crashes, and every input ends one of two ways: refused with a Chinese message and
nothing written, or stored exactly as the check returned it. The scanner path mirrors
RegisterForm.apply_scan (which field each kind of payload fills); the typed path runs
each field's validator, and free text (name, reason, travel cities, override reason,
notes) goes through check_free_text as RegisterForm.collect does: refused, naming the
field, when it hides a control, format or separator character or a lone surrogate;
otherwise kept exactly, less the spaces at either end. Both save through
RecordRepository into a real SQLite file and read the record back. Pre-registration codes
the county really signed and records on the wire are refused in the same words.
"""

from __future__ import annotations

import base64
import json
import sqlite3
import struct
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from checkpoint_app.records.model import (
    Disposition,
    DocumentType,
    TravellerRecord,
    new_record_uuid,
)
from checkpoint_app.records.preregistration import (
    PREFIX,
    SIGNING_CONTEXT,
    PreregistrationRejected,
    key_id,
    verify_preregistration,
)
from checkpoint_app.records.validation import (
    FREE_TEXT_LABELS,
    TRAVEL_CITIES_LABEL,
    ValidationError,
    check_document_number,
    check_free_text,
    check_phone,
    check_plate,
    check_temperature,
    parse_sampling_time,
)
from checkpoint_app.scanning.payload import (
    MAX_PAYLOAD_LENGTH,
    ParsedPayload,
    PayloadKind,
    PayloadRejected,
    parse_payload,
)
from checkpoint_app.scanning.wedge import WedgeConfig, WedgeDetector
from checkpoint_app.storage.database import DATABASE_FILENAME, open_database
from checkpoint_app.storage.records import RecordFlags, RecordRepository, ScanArtefact
from checkpoint_app.sync.protocol import (
    WireFormatError,
    parse_wire_record,
    public_key_bytes,
    record_to_wire,
)
from tests.hostile.strategies import (
    HOSTILE_CHARS,
    LONE_SURROGATES,
    MEGABYTE,
    any_char,
    free_text,
    has_hidden_char,
    has_hostile_char,
    hostile_or_huge_text,
    hostile_text,
    megabyte_text,
    spoiled_payload,
)

TODAY = date(2022, 4, 12)
NOW = datetime(2022, 4, 12, 9, 30, tzinfo=UTC)
CLEAR = RecordFlags(fever=False, nat_expired=False)
DB_EXAMPLES = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def is_chinese(message: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in message)


@pytest.fixture
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    # One store per test, shared by its examples: each example checks its own writes
    # (total_changes), so earlier examples cannot hide or fake a write.
    database = open_database(tmp_path_factory.mktemp("hostile") / DATABASE_FILENAME)
    yield database
    database.close()


def changes(db: Database) -> int:
    conn = db.conn
    assert isinstance(conn, sqlite3.Connection)
    return conn.total_changes


# ------------------------------------------------------------------------ scanner path


def record_from_scan(parsed: ParsedPayload) -> tuple[TravellerRecord, ScanArtefact]:
    """The record and artefact RegisterForm.apply_scan makes of one accepted scan."""
    fields: dict[str, object] = {}
    if parsed.kind is PayloadKind.ID_NUMBER:
        fields["document_number"] = parsed.value
    elif parsed.kind is PayloadKind.PLATE:
        fields["plate"] = parsed.value
    elif parsed.kind is PayloadKind.PHONE:
        fields["phone"] = parsed.value
    else:
        fields["health_payload"] = parsed.value
        fields["health_issuer"] = parsed.issuer
    record = TravellerRecord(
        uuid=new_record_uuid(), checked_at=NOW, disposition=Disposition.RELEASE, **fields
    )  # type: ignore[arg-type]
    artefact = ScanArtefact(
        source="wedge",
        payload_kind=parsed.kind.value,
        payload=parsed.value if parsed.kind is not PayloadKind.ID_NUMBER else "",
        issuer=parsed.issuer,
    )
    return record, artefact


def save_scan(db: Database, raw: str) -> TravellerRecord:
    """Parse a scan and save the record it fills; PayloadRejected before any write."""
    parsed = parse_payload(raw, today=TODAY)
    record, artefact = record_from_scan(parsed)
    RecordRepository(db).save(record, flags=CLEAR, artefacts=[artefact])
    return record


@settings(max_examples=300, deadline=None)
@given(hostile_or_huge_text)
def test_any_scan_is_classified_or_refused_in_chinese(raw: str) -> None:
    try:
        parsed = parse_payload(raw, today=TODAY)
    except PayloadRejected as refused:
        assert is_chinese(refused.message)
        return
    assert not has_hostile_char(parsed.raw)
    assert not has_hostile_char(parsed.value)
    assert 0 < len(parsed.raw) <= MAX_PAYLOAD_LENGTH
    assert parsed.raw in raw


@settings(max_examples=200, deadline=None)
@given(spoiled_payload())
def test_a_hostile_character_inside_a_good_payload_is_refused(raw: str) -> None:
    with pytest.raises(PayloadRejected) as refused:
        parse_payload(raw, today=TODAY)
    assert is_chinese(refused.value.message)


@settings(max_examples=10, deadline=None)
@given(megabyte_text())
def test_a_megabyte_scan_is_refused_as_too_long(raw: str) -> None:
    with pytest.raises(PayloadRejected) as refused:
        parse_payload(raw + "A", today=TODAY)
    assert "过长" in refused.value.message


@DB_EXAMPLES
@given(raw=hostile_or_huge_text)
def test_an_accepted_scan_round_trips_from_sqlite_and_a_refused_one_writes_nothing(
    db: Database, raw: str
) -> None:
    before = changes(db)
    try:
        record = save_scan(db, raw)
    except PayloadRejected as refused:
        assert is_chinese(refused.message)
        assert changes(db) == before
        return
    assert changes(db) > before
    assert RecordRepository(db).get(record.uuid) == record
    stored = db.execute(
        "SELECT payload_kind, payload FROM scan_artefacts WHERE record_uuid = ?", [record.uuid]
    ).fetchall()
    parsed = parse_payload(raw, today=TODAY)
    expected_payload = parsed.value if parsed.kind is not PayloadKind.ID_NUMBER else ""
    assert stored == [(parsed.kind.value, expected_payload)]


# -------------------------------------------------------------------------- typed path

VALIDATORS: dict[str, Callable[[str], object]] = {
    "resident_id": lambda t: check_document_number(DocumentType.RESIDENT_ID, t, today=TODAY),
    "passport": lambda t: check_document_number(DocumentType.PASSPORT, t, today=TODAY),
    "other_document": lambda t: check_document_number(DocumentType.OTHER, t, today=TODAY),
    "phone": check_phone,
    "plate": check_plate,
    "temperature": check_temperature,
    "sampling_time": lambda t: parse_sampling_time(t, now=NOW),
}


@pytest.mark.parametrize("field", list(VALIDATORS))
@settings(max_examples=100, deadline=None)
@given(text=hostile_text)
def test_each_typed_field_is_normalised_clean_or_refused_in_chinese(field: str, text: str) -> None:
    check_typed(field, text)


@pytest.mark.parametrize("field", list(VALIDATORS))
@settings(max_examples=5, deadline=None)
@given(text=megabyte_text())
def test_a_megabyte_in_any_typed_field_is_refused_in_chinese(field: str, text: str) -> None:
    check_typed(field, text)


def check_typed(field: str, text: str) -> None:
    try:
        value = VALIDATORS[field](text)
    except ValidationError as refused:
        assert is_chinese(refused.message)
        return
    if isinstance(value, str):
        assert value and not has_hostile_char(value)
        assert len(value) <= 30


DB_EXAMPLES_TYPED = settings(DB_EXAMPLES, max_examples=60)
FREE_TEXT_FIELDS = ("name", "reason", "override_reason", "notes")


def check_cities(text: str) -> tuple[str, ...]:
    """Travel cities as RegisterForm.collect reads them: the whole box checked, then split."""
    checked = check_free_text(text, TRAVEL_CITIES_LABEL)
    return tuple(c.strip() for c in checked.replace("，", ",").split(",") if c.strip())


@DB_EXAMPLES_TYPED
@given(
    # Half good, half hostile, so that whole records pass often enough to be saved.
    number=st.one_of(st.sampled_from(["E12345678", "AB-1234", " ab 12-34 "]), hostile_text),
    phone=st.one_of(st.sampled_from(["13812345678", "+86 139-1234-5678"]), hostile_text),
    temperature=st.one_of(st.sampled_from(["36.5", "37,3℃", "３６．８", "365"]), hostile_text),
    texts=st.fixed_dictionaries({field: free_text for field in FREE_TEXT_FIELDS}),
    cities=free_text,
)
def test_a_typed_record_is_stored_exactly_as_validated_or_refused_before_writing(
    db: Database, number: str, phone: str, temperature: str, texts: dict[str, str], cities: str
) -> None:
    before = changes(db)
    hidden = [
        field for field, text in [*texts.items(), ("cities", cities)] if has_hidden_char(text)
    ]
    try:
        record = TravellerRecord(
            uuid=new_record_uuid(),
            checked_at=NOW,
            disposition=Disposition.RELEASE,
            document_number=check_document_number(DocumentType.OTHER, number, today=TODAY),
            phone=check_phone(phone),
            temperature=check_temperature(temperature),
            travel_cities=check_cities(cities),
            **{
                field: check_free_text(text, FREE_TEXT_LABELS[field])
                for field, text in texts.items()
            },
        )
    except ValidationError as refused:
        assert is_chinese(refused.message)
        assert changes(db) == before
        return
    assert not hidden, f"accepted hidden characters in {hidden}"
    RecordRepository(db).save(record, flags=CLEAR)
    stored = RecordRepository(db).get(record.uuid)
    assert stored == record
    # Exactly as typed, less the spaces at either end.
    for field, text in texts.items():
        assert getattr(stored, field) == text.strip(" \u3000\u00a0")


@settings(max_examples=300, deadline=None)
@given(text=free_text)
def test_free_text_is_refused_exactly_when_it_hides_a_character(text: str) -> None:
    try:
        kept = check_free_text(text, "备注")
    except ValidationError as refused:
        assert has_hidden_char(text)
        assert refused.message.startswith("备注第")
        assert "请删除后重新填写" in refused.message
        return
    assert not has_hidden_char(text)
    assert kept == text.strip(" \u3000\u00a0")


HIDDEN_EXAMPLES = [*HOSTILE_CHARS, *LONE_SURROGATES, "\u2028", "\u2029", "\u00ad"]


@pytest.mark.parametrize("field", [*FREE_TEXT_LABELS, "travel_cities"])
@pytest.mark.parametrize("char", HIDDEN_EXAMPLES, ids=lambda c: f"U+{ord(c):04X}")
def test_each_hidden_character_in_each_free_text_field_is_refused_naming_it(
    field: str, char: str
) -> None:
    label = FREE_TEXT_LABELS.get(field, TRAVEL_CITIES_LABEL)
    with pytest.raises(ValidationError) as refused:
        check_free_text("张" + char + "伟", label)
    assert refused.value.message.startswith(f"{label}第2个字符是")
    assert f"（U+{ord(char):04X}）" in refused.value.message
    # The wire refuses it as well, in the same words.
    wire = record_to_wire(
        TravellerRecord(uuid=new_record_uuid(), checked_at=NOW, disposition=Disposition.RELEASE)
    )
    wire[field] = ["郑州市", "张" + char + "伟"] if field == "travel_cities" else "张" + char + "伟"
    with pytest.raises(WireFormatError) as on_the_wire:
        parse_wire_record(wire)
    assert on_the_wire.value.message == refused.value.message


def test_a_lone_surrogate_cannot_be_saved_so_the_check_refuses_it_before_any_write(
    db: Database,
) -> None:
    record = TravellerRecord(
        uuid=new_record_uuid(), checked_at=NOW, disposition=Disposition.RELEASE, name="张\ud800"
    )
    before = changes(db)
    with pytest.raises(UnicodeEncodeError):
        RecordRepository(db).save(record, flags=CLEAR)
    assert changes(db) == before
    with pytest.raises(ValidationError) as refused:
        check_free_text(record.name, "姓名")
    assert refused.value.message == "姓名第2个字符是无法保存的残缺字符（U+D800），请删除后重新填写"


def test_a_clean_megabyte_of_notes_round_trips(db: Database) -> None:
    notes = ("复测正常 ok 　" * (MEGABYTE // 9))[:MEGABYTE]
    record = TravellerRecord(
        uuid=new_record_uuid(),
        checked_at=NOW,
        disposition=Disposition.TURN_BACK,
        name=check_free_text(" 阿卜杜勒·艾尼 ", "姓名"),
        notes=check_free_text(notes, "备注"),
        override_reason=check_free_text("领导同意　", "处置原因"),
        travel_cities=check_cities("郑州市，上海市*, 北京市"),
    )
    RecordRepository(db).save(record, flags=CLEAR)
    assert RecordRepository(db).get(record.uuid) == record
    assert (record.name, record.override_reason) == ("阿卜杜勒·艾尼", "领导同意")
    assert record.travel_cities == ("郑州市", "上海市*", "北京市")


@settings(max_examples=5, deadline=None)
@given(text=megabyte_text())
def test_a_megabyte_of_free_text_is_refused_or_kept_whole(text: str) -> None:
    try:
        kept = check_free_text(text, "备注")
    except ValidationError as refused:
        assert has_hidden_char(text) and is_chinese(refused.message)
        return
    assert kept == text.strip(" \u3000\u00a0")


# -------------------------------------------------------------- pre-registration codes

PREREG_KEY = Ed25519PrivateKey.generate()
PREREG_FIELDS = [
    "张伟",
    "R",
    "411623199004151232",
    "13812345678",
    "",
    "310115",
    "谭庄镇",
    "返乡",
    "",
]


def signed_code(fields: list[str]) -> str:
    """A code the county key really signed, with JSON escapes (so lone surrogates travel)."""
    public_raw = public_key_bytes(PREREG_KEY)
    header = struct.pack(">B4sI", 1, key_id(public_raw), int(NOW.timestamp()) + 3600)
    body = json.dumps(fields, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    signature = PREREG_KEY.sign(SIGNING_CONTEXT + header + body)
    raw = header + body + signature
    return PREFIX + base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def test_the_clean_signed_code_verifies_so_the_refusals_below_are_for_the_character() -> None:
    verified = verify_preregistration(
        signed_code(PREREG_FIELDS), public_key_bytes(PREREG_KEY), now=NOW
    )
    assert verified.details.name == "张伟"


@pytest.mark.parametrize(("index", "label"), [(0, "姓名"), (6, "目的乡镇"), (8, "行程安排")])
@pytest.mark.parametrize(
    "char", ["\u202e", "\u2067", "\u200b", "\ufeff", "\t", "\n", "\x85", "\ud800", "\udfff"]
)
def test_a_signed_preregistration_code_hiding_a_character_fills_nothing(
    index: int, label: str, char: str
) -> None:
    fields = list(PREREG_FIELDS)
    fields[index] = (fields[index] or "到父母家")[:1] + char + (fields[index] or "到父母家")[1:]
    with pytest.raises(PreregistrationRejected) as refused:
        verify_preregistration(signed_code(fields), public_key_bytes(PREREG_KEY), now=NOW)
    assert f"{label}第2个字符是" in refused.value.message
    assert f"（U+{ord(char):04X}）" in refused.value.message


# --------------------------------------------------------------------- wedge scanner

key_event = st.tuples(
    st.sampled_from(["text", "text", "text", "terminator", "other", "timer"]),
    any_char,
    st.integers(min_value=0, max_value=400),
)


@settings(max_examples=300, deadline=None)
@given(events=st.lists(key_event, max_size=120), config_gap=st.integers(1, 60))
def test_the_wedge_rule_loses_duplicates_or_reorders_no_key(
    events: list[tuple[str, str, int]], config_gap: int
) -> None:
    """Whatever the keys and timing: typed text plus scans is exactly what was keyed."""
    config = WedgeConfig(max_gap_ms=config_gap, min_length=6)
    detector: WedgeDetector[int] = WedgeDetector(config)
    keyed: list[str] = []
    delivered: list[str] = []
    now = 0
    for kind, char, gap in events:
        now += gap
        if kind == "text":
            keyed.append(char)
            step = detector.on_text_key(char, now, len(keyed))
        elif kind == "terminator":
            step = detector.on_terminator(now)
        elif kind == "other":
            step = detector.on_other_key()
        else:
            step = detector.release_held()
        delivered.extend(held.text for held in step.replay)
        if step.scan is not None:
            assert len(step.scan) >= config.min_length
            delivered.append(step.scan)
    delivered.extend(held.text for held in detector.release_held().replay)
    assert "".join(delivered) == "".join(keyed)


def test_a_long_wedge_burst_is_one_scan_that_the_parser_refuses() -> None:
    # 100,000 keys (a real scanner would need five minutes to type them); a megabyte goes
    # straight to the parser above, where it costs nothing per key.
    detector: WedgeDetector[None] = WedgeDetector(WedgeConfig(max_gap_ms=30, min_length=6))
    burst = ("豫P\u202e12345" * (MEGABYTE // 80 + 1))[: MEGABYTE // 10]
    for i, char in enumerate(burst):
        detector.on_text_key(char, i * 2, None)
    step = detector.on_terminator(len(burst) * 2)
    assert step.scan == burst
    with pytest.raises(PayloadRejected) as refused:
        parse_payload(step.scan, today=TODAY)
    assert "过长" in refused.value.message
