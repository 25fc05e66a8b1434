"""A pre-registration code is one use at the checkpoint that reads it: saving a traveller
from it records the use with the record; the same code scanned again still fills the form
but warns (a screenshot passed around a car or a chat group). Real main window, real
SQLite, real upgrade of a store made by the earlier migrations."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt
from sqlite_utils import Database

from checkpoint_app.policy.schema import default_policy
from checkpoint_app.records.divisions import load_divisions
from checkpoint_app.records.model import CodeColour, Disposition, FieldSource, NatResult
from checkpoint_app.storage.database import (
    DATABASE_FILENAME,
    configure_connection,
    open_database,
)
from checkpoint_app.storage.migrations import MIGRATIONS
from checkpoint_app.storage.records import (
    RecordFilter,
    RecordFlags,
    RecordRepository,
    StorageError,
)
from checkpoint_app.workstation.registration import (
    FormValues,
    RegistrationContext,
    Submission,
    build_submission,
    earlier_use_of_code,
    register,
)
from tests.factories import make_record
from tests.preregistration.test_form import OTHER_ID, TRAVELLER, _code, _enroll

DATA = Path(__file__).resolve().parent.parent / "data"
NEW_MIGRATION = "0003_preregistration_uses"


@pytest.fixture(scope="module")
def county_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def enrolled_window(workstation, county_key, make_main_window, qtbot):
    _enroll(workstation, county_key)
    window = make_main_window()
    qtbot.waitUntil(lambda: window._services_started)
    yield window
    window.close()


def _uses(db: Database) -> list[dict[str, object]]:
    return [dict(r) for r in db.query("SELECT * FROM preregistration_uses ORDER BY rowid")]


def _finish_and_save(window, keyboard, qtbot) -> None:
    """What the worker adds to a pre-registered traveller: temperature, F12, Enter."""
    window.form.ui.temperatureEdit.setFocus()
    keyboard.type("36.5")
    keyboard.press(Qt.Key.Key_F12)
    with qtbot.waitSignal(window.record_saved):
        keyboard.enter()


def _saved_records(workstation):
    items = RecordRepository(workstation.db).list_items(RecordFilter())
    return sorted((item.record for item in items), key=lambda r: r.checked_at)


def _warning(window) -> str:
    label = window.form.ui.warningsLabel
    return label.text() if label.isVisible() else ""


def test_saving_a_traveller_from_a_code_records_its_use_once_with_the_record(
    enrolled_window, keyboard, qtbot, workstation, county_key
):
    keyboard.scan(_code(county_key))
    assert _uses(workstation.db) == []  # scanning alone is no use
    _finish_and_save(enrolled_window, keyboard, qtbot)

    (record,) = _saved_records(workstation)
    (use,) = _uses(workstation.db)
    assert use["record_uuid"] == record.uuid
    assert datetime.fromisoformat(str(use["used_at"])) == record.checked_at


def test_the_stored_digest_is_not_the_code_and_holds_no_personal_data(
    enrolled_window, keyboard, qtbot, workstation, county_key
):
    code = _code(county_key)
    keyboard.scan(code)
    _finish_and_save(enrolled_window, keyboard, qtbot)

    (use,) = _uses(workstation.db)
    assert set(use) == {"digest", "record_uuid", "used_at"}
    digest = str(use["digest"])
    assert len(digest) == 64 and all(c in "0123456789abcdef" for c in digest)
    assert digest not in code and code[len("KDT1:") :] not in digest
    personal = (TRAVELLER.name, TRAVELLER.document_number, TRAVELLER.phone, TRAVELLER.plate)
    row_text = "|".join(str(value) for value in use.values())
    for value in personal:
        assert value not in row_text
        # Not a plain hash of a personal value either (could be found by trying numbers).
        assert digest != hashlib.sha256(value.encode()).hexdigest()


def test_a_second_traveller_scanning_the_same_code_is_warned_and_the_form_still_fills(
    enrolled_window, keyboard, qtbot, workstation, county_key
):
    code = _code(county_key)
    keyboard.scan(code)
    _finish_and_save(enrolled_window, keyboard, qtbot)
    (first,) = _saved_records(workstation)
    played: list[str] = []
    enrolled_window.sounds.played.connect(played.append)

    keyboard.scan(code)  # the screenshot, shown by someone else in the car

    form = enrolled_window.form.ui
    assert form.nameEdit.text() == TRAVELLER.name  # filled: it may be the same person back
    when = first.checked_at.astimezone().strftime("%m-%d %H:%M")
    expected = f"此预登记码已于 {when} 在本卡点使用过（登记给 张*）— 请核对是否本人"
    assert expected in _warning(enrolled_window)
    assert expected in enrolled_window.ui.resultBanner.text()
    assert expected in form.scanStatusLabel.text()
    assert played == ["attention"]
    assert "张伟" not in _warning(enrolled_window)  # the earlier traveller's name is masked

    # Saved anyway after the worker's check: both uses are kept, the next scan counts them.
    _finish_and_save(enrolled_window, keyboard, qtbot)
    assert [u["record_uuid"] for u in _uses(workstation.db)] == [
        r.uuid for r in _saved_records(workstation)
    ]
    keyboard.scan(code)
    assert expected in _warning(enrolled_window) and "已用 2 次" in _warning(enrolled_window)


def test_a_different_code_does_not_warn(enrolled_window, keyboard, qtbot, workstation, county_key):
    keyboard.scan(_code(county_key))
    _finish_and_save(enrolled_window, keyboard, qtbot)
    played: list[str] = []
    enrolled_window.sounds.played.connect(played.append)

    other = replace(TRAVELLER, name="李娜", document_number=OTHER_ID, phone="13987654321")
    keyboard.scan(_code(county_key, other))
    assert enrolled_window.form.ui.nameEdit.text() == "李娜"
    assert _warning(enrolled_window) == ""
    assert "使用过" not in enrolled_window.ui.resultBanner.text()
    # The same traveller's new code from the page (a new expiry) is a code of its own.
    keyboard.press(Qt.Key.Key_Escape)  # 李娜 is not registered after all
    keyboard.scan(_code(county_key, hours=12))
    assert enrolled_window.form.ui.nameEdit.text() == TRAVELLER.name
    assert _warning(enrolled_window) == ""
    assert played == []


def test_rescanning_the_code_of_the_traveller_still_on_the_form_does_not_warn(
    enrolled_window, keyboard, workstation, county_key
):
    code = _code(county_key)
    keyboard.scan(code)
    keyboard.scan(code)  # the worker scans it again before saving
    assert enrolled_window.form.ui.nameEdit.text() == TRAVELLER.name
    assert _warning(enrolled_window) == ""
    assert "使用过" not in enrolled_window.form.ui.scanStatusLabel.text()


def test_a_save_the_form_refuses_records_no_use(
    enrolled_window, keyboard, qtbot, workstation, county_key
):
    code = _code(county_key)
    keyboard.scan(code)
    with qtbot.waitSignal(enrolled_window.save_failed):
        keyboard.enter()  # no temperature, nothing checked: refused
    assert _saved_records(workstation) == []
    assert _uses(workstation.db) == []
    enrolled_window.form.start_new()
    keyboard.scan(code)  # so the next scan is no "second use"
    assert _warning(enrolled_window) == ""


# ------------------------------------------------------------- the workstation layer


def _submission(digest: str, **changes: object) -> Submission:
    values = FormValues(
        uuid=make_record().uuid,
        document_number=TRAVELLER.document_number,
        name=TRAVELLER.name,
        temperature="36.5",
        health_colour=CodeColour.GREEN,
        travel_colour=CodeColour.GREEN,
        nat_result=NatResult.NEGATIVE,
        disposition=Disposition.RELEASE,
        sources={k: FieldSource.VIEWED for k in ("health_colour", "travel_colour", "nat_result")},
        preregistration_digest=digest,
    )
    context = RegistrationContext(default_policy(), load_divisions(), plate_province="豫")
    result = build_submission(replace(values, **changes), context, now=datetime.now(UTC))  # type: ignore[arg-type]
    assert isinstance(result, Submission)
    return result


def test_a_save_the_store_refuses_records_no_use_and_a_repeat_is_one_use(workstation):
    digest_a, digest_b = "a" * 64, "b" * 64
    submission = _submission(digest_a)
    register(workstation.db, submission, shift_id=None, staff_id=None, watch_list=None)
    # The same submission again (a double Enter reaching the store): refused, still one use.
    with pytest.raises(StorageError):
        register(workstation.db, submission, shift_id=None, staff_id=None, watch_list=None)
    # The same record from another code: refused, and that code is not marked used.
    with pytest.raises(StorageError):
        register(
            workstation.db,
            replace(submission, preregistration_digest=digest_b),
            shift_id=None,
            staff_id=None,
            watch_list=None,
        )
    assert [(u["digest"], u["record_uuid"]) for u in _uses(workstation.db)] == [
        (digest_a, submission.record.uuid)
    ]
    assert earlier_use_of_code(workstation.db, digest_b, current_uuid="x") is None


def test_a_save_without_a_code_records_no_use(workstation):
    register(workstation.db, _submission(""), shift_id=None, staff_id=None, watch_list=None)
    assert _uses(workstation.db) == []


def test_the_earlier_use_names_the_record_masked_and_skips_the_current_traveller(workstation):
    submission = _submission("c" * 64)
    register(workstation.db, submission, shift_id=None, staff_id=None, watch_list=None)
    use = earlier_use_of_code(workstation.db, "c" * 64, current_uuid="someone-else")
    assert use is not None
    assert (use.record_uuid, use.masked_name, use.uses) == (submission.record.uuid, "张*", 1)
    saved = RecordRepository(workstation.db).get(submission.record.uuid)
    assert saved is not None and use.used_at == saved.checked_at
    own = earlier_use_of_code(workstation.db, "c" * 64, current_uuid=submission.record.uuid)
    assert own is None


# ------------------------------------------------------------- upgrading a store


def _store_of_the_previous_schema(path: Path) -> None:
    """A store with travellers that has not had the uses migration (later ones have run:
    today's code writes today's record columns; the first released store file is below)."""
    db = Database(path)
    configure_connection(db)
    MIGRATIONS.apply(db)
    repo = RecordRepository(db)
    for name in ("张伟", "李娜"):
        repo.save(make_record(name=name), flags=RecordFlags(fever=False, nat_expired=False))
    with db.conn:
        db.execute("DROP TABLE preregistration_uses")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = ?", [NEW_MIGRATION])
    assert not db["preregistration_uses"].exists()
    db.close()


def test_a_store_of_the_previous_schema_gets_the_uses_table_and_keeps_its_records(tmp_path):
    path = tmp_path / DATABASE_FILENAME
    _store_of_the_previous_schema(path)

    db = open_database(path)
    assert NEW_MIGRATION in [m.name for m in MIGRATIONS.applied(db)]
    assert MIGRATIONS.pending(db) == []
    assert db["preregistration_uses"].exists() and _uses(db) == []
    records = RecordRepository(db).list_items(RecordFilter())
    assert sorted(item.record.name for item in records) == ["张伟", "李娜"]
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # And the upgraded store takes uses.
    register(db, _submission("d" * 64), shift_id=None, staff_id=None, watch_list=None)
    assert len(_uses(db)) == 1
    db.close()


def test_the_first_released_store_upgrades_with_the_uses_table(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(DATA / "schema_0001.db", path)
    db = open_database(path)
    assert MIGRATIONS.pending(db) == []
    assert db["preregistration_uses"].exists()
    assert RecordRepository(db).count(RecordFilter()) == 3
    db.close()
