"""Scanner and typed input with every control, bidi and zero-width character, and 1 MB strings.

0 crashes, and every input ends one of two ways: refused with a Chinese message and
nothing written, or stored exactly as the check returned it. The scanner path mirrors
RegisterForm.apply_scan (which field each kind of payload fills); the typed path runs
each field's validator; both save through RecordRepository into a real SQLite file and
read the record back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from checkpoint_app.records.model import (
    Disposition,
    DocumentType,
    TravellerRecord,
    new_record_uuid,
)
from checkpoint_app.records.validation import (
    ValidationError,
    check_document_number,
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
from tests.hostile.strategies import (
    HOSTILE_CHARS,
    MEGABYTE,
    any_char,
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


free_text = st.one_of(st.text(any_char, max_size=60), megabyte_text())
DB_EXAMPLES_TYPED = settings(DB_EXAMPLES, max_examples=60)


@DB_EXAMPLES_TYPED
@given(
    # Half good, half hostile, so that whole records pass often enough to be saved.
    number=st.one_of(st.sampled_from(["E12345678", "AB-1234", " ab 12-34 "]), hostile_text),
    phone=st.one_of(st.sampled_from(["13812345678", "+86 139-1234-5678"]), hostile_text),
    temperature=st.one_of(st.sampled_from(["36.5", "37,3℃", "３６．８", "365"]), hostile_text),
    name=free_text,
    notes=free_text,
    cities=st.lists(st.text(any_char, min_size=1, max_size=20), max_size=5),
)
def test_a_typed_record_is_stored_exactly_as_validated_or_refused_before_writing(
    db: Database, number: str, phone: str, temperature: str, name: str, notes: str, cities: list
) -> None:
    before = changes(db)
    try:
        record = TravellerRecord(
            uuid=new_record_uuid(),
            checked_at=NOW,
            disposition=Disposition.RELEASE,
            document_number=check_document_number(DocumentType.OTHER, number, today=TODAY),
            phone=check_phone(phone),
            temperature=check_temperature(temperature),
            # Free text is the worker's own words: kept as typed, control characters and all.
            name=name,
            notes=notes,
            travel_cities=tuple(cities),
        )
    except ValidationError as refused:
        assert is_chinese(refused.message)
        assert changes(db) == before
        return
    RecordRepository(db).save(record, flags=CLEAR)
    assert RecordRepository(db).get(record.uuid) == record


def test_free_text_with_every_hostile_character_and_a_megabyte_round_trips(
    db: Database,
) -> None:
    every = "".join(HOSTILE_CHARS)
    record = TravellerRecord(
        uuid=new_record_uuid(),
        checked_at=NOW,
        disposition=Disposition.TURN_BACK,
        name="张" + every + "伟",
        notes=(every + "备注") * (MEGABYTE // (len(every) + 2)),
        override_reason=every,
        travel_cities=(every, "郑州市"),
    )
    RecordRepository(db).save(record, flags=CLEAR)
    assert RecordRepository(db).get(record.uuid) == record


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
