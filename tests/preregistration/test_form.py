"""Pre-registration codes at the checkpoint: the real main window, scanner and screenshot
paths, the county key pinned at enrollment, and what ends up in SQLite."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import segno
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from checkpoint_app.records.model import DocumentType, FieldSource
from checkpoint_app.records.preregistration import Preregistration, encode_preregistration
from checkpoint_app.storage.database import database_folder
from checkpoint_app.storage.records import RecordFilter, RecordRepository
from checkpoint_app.sync.keys import EnrollmentInfo, save_enrollment
from checkpoint_app.sync.protocol import b64encode, public_key_bytes

TRAVELLER = Preregistration(
    name="张伟",
    document_type=DocumentType.RESIDENT_ID,
    document_number="411623199004151232",
    phone="13812345678",
    plate="沪A12345",
    origin_code="310115",
    destination_township="谭庄镇",
    reason="探亲访友",
    plan="到谭庄镇父母家，住两周",
)
OTHER_ID = "411623198512030029"


@pytest.fixture(scope="module")
def county_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def _enroll(workstation, county_key: Ed25519PrivateKey) -> None:
    """Pin `county_key` as this workstation's county, as enrollment does."""
    info = EnrollmentInfo(
        server_url="http://127.0.0.1:9",
        device_id="device-test",
        checkpoint_name=workstation.checkpoint.name,
        county_signing_key=b64encode(public_key_bytes(county_key)),
        county_sealing_key=b64encode(bytes(32)),
        enrolled_at=datetime.now(UTC).isoformat(),
    )
    save_enrollment(database_folder(workstation.db), info, Ed25519PrivateKey.generate())


def _code(key: Ed25519PrivateKey, details: Preregistration = TRAVELLER, hours: float = 24) -> str:
    expires_at = datetime.now(UTC) + timedelta(hours=hours)
    return encode_preregistration(details, key, expires_at=expires_at)


@pytest.fixture
def enrolled_window(workstation, county_key, make_main_window, qtbot):
    _enroll(workstation, county_key)
    window = make_main_window()
    # The key is read when the window's services start, on the first turn of the loop.
    qtbot.waitUntil(lambda: window._services_started)
    yield window
    window.close()


def _saved(workstation):
    return RecordRepository(workstation.db).list_items(RecordFilter())[0].record


def _marked(widget: QWidget) -> bool:
    return bool(widget.property("fromPreregistration")) and widget.toolTip() == "来自预登记"


def test_scanned_code_fills_the_form_and_the_worker_adds_only_temperature(
    enrolled_window, keyboard, qtbot, workstation, county_key
):
    form = enrolled_window.form.ui
    keyboard.scan(_code(county_key))
    assert form.nameEdit.text() == "张伟"
    assert form.docNumberEdit.text() == "4116**********1232"  # masked until focused
    assert form.phoneEdit.text() == "138****5678"
    assert form.plateEdit.text() == "沪A12345"
    assert form.originEdit.text() == "上海市浦东新区"
    assert form.destinationCombo.currentText() == "谭庄镇"
    assert form.reasonCombo.currentText() == "探亲访友"
    for widget in (
        form.nameEdit,
        form.docNumberEdit,
        form.phoneEdit,
        form.plateEdit,
        form.originEdit,
        form.destinationCombo,
        form.reasonCombo,
        form.notesEdit,
    ):
        assert _marked(widget), widget.objectName()
    assert form.scanStatusLabel.text().startswith("来自预登记（有效至 ")
    assert QApplication.focusWidget() is form.temperatureEdit
    keyboard.type("36.5")
    keyboard.press(Qt.Key.Key_F12)  # codes and NAT seen on the phone
    with qtbot.waitSignal(enrolled_window.record_saved):
        keyboard.enter()

    record = _saved(workstation)
    assert (record.name, record.document_number, record.phone, record.plate) == (
        "张伟",
        "411623199004151232",
        "13812345678",
        "沪A12345",
    )
    assert (record.origin_code, record.origin_name) == ("310115", "上海市浦东新区")
    assert record.destination_township == "谭庄镇"
    assert record.reason == "探亲访友"
    assert record.notes == "行程：到谭庄镇父母家，住两周"
    assert record.temperature == 36.5
    for field in (
        "name",
        "document_number",
        "phone",
        "plate",
        "origin_code",
        "destination_township",
        "reason",
        "notes",
    ):
        assert record.sources[field] is FieldSource.PREREGISTERED, field
    # The code holds the whole ID and phone: the scan artefact keeps only its kind.
    artefacts = [dict(r) for r in workstation.db.query("SELECT * FROM scan_artefacts")]
    assert [(a["payload_kind"], a["payload"]) for a in artefacts] == [("preregistration", "")]
    # The next traveller starts with no marks.
    assert not _marked(form.nameEdit)


@pytest.mark.parametrize(
    ("make_code", "message"),
    [
        (lambda key: _code(key, hours=-1), "过期"),
        (lambda key: _code(Ed25519PrivateKey.generate()), "不是本县指挥部签发的预登记码"),
        (
            lambda key: _code(key)[:-6] + ("AAAAAA" if _code(key)[-6:] != "AAAAAA" else "BBBBBB"),
            "签名无效",
        ),
        (
            lambda key: _code(key, replace(TRAVELLER, document_number="411623199004151238")),
            "校验位不符",
        ),
    ],
    ids=["expired", "foreign", "tampered", "bad-id-number"],
)
def test_a_bad_code_is_refused_with_a_message_and_fills_nothing(
    enrolled_window, keyboard, county_key, make_code, message
):
    form = enrolled_window.form.ui
    form.travelCitiesEdit.setFocus()
    keyboard.type("上海", gap_ms=150)  # something the worker already typed stays
    refused: list[str] = []
    enrolled_window.form.scan_rejected.connect(refused.append)
    keyboard.scan(make_code(county_key))
    assert len(refused) == 1 and message in refused[0]
    assert message in form.scanStatusLabel.text()
    assert (form.nameEdit.text(), form.docNumberEdit.text(), form.phoneEdit.text()) == ("", "", "")
    assert form.originEdit.text() == "" and form.destinationCombo.currentIndex() == 0
    assert form.travelCitiesEdit.text() == "上海"
    assert not _marked(form.nameEdit)


def test_without_an_enrollment_codes_are_refused(main_window, keyboard, qtbot, county_key):
    qtbot.waitUntil(lambda: main_window._services_started)
    keyboard.scan(_code(county_key))
    assert "尚未注册到县平台" in main_window.form.ui.scanStatusLabel.text()
    assert main_window.form.ui.nameEdit.text() == ""


def test_a_code_for_another_person_than_the_scanned_card_starts_that_persons_registration(
    enrolled_window, keyboard, county_key
):
    form = enrolled_window.form.ui
    keyboard.scan(OTHER_ID)
    first_uuid = enrolled_window.form.record_uuid
    keyboard.scan(_code(county_key))
    # Never two travellers in one form: the card's person is dropped, the code's fills it.
    assert enrolled_window.form.record_uuid != first_uuid
    assert form.nameEdit.text() == TRAVELLER.name
    form.docNumberEdit.setFocus()
    assert form.docNumberEdit.text() == TRAVELLER.document_number


def test_a_field_the_worker_corrects_loses_its_mark_and_counts_as_typed(
    enrolled_window, keyboard, qtbot, workstation, county_key
):
    form = enrolled_window.form.ui
    keyboard.scan(_code(county_key))
    form.nameEdit.setFocus()
    form.nameEdit.end(False)
    keyboard.type("华", gap_ms=150)
    assert not _marked(form.nameEdit)
    assert _marked(form.phoneEdit)
    form.temperatureEdit.setFocus()
    keyboard.type("36.6")
    keyboard.press(Qt.Key.Key_F12)  # codes and NAT seen on the phone
    with qtbot.waitSignal(enrolled_window.record_saved):
        keyboard.enter()
    record = _saved(workstation)
    assert record.name == "张伟华"
    assert record.sources["name"] is FieldSource.TYPED
    assert record.sources["phone"] is FieldSource.PREREGISTERED


def test_a_screenshot_of_the_code_fills_the_form_like_a_scan(enrolled_window, qtbot, county_key):
    buffer = io.BytesIO()
    segno.make(_code(county_key), error="l", micro=False).save(buffer, kind="png", scale=6)
    form = enrolled_window.form
    with qtbot.waitSignal(enrolled_window.screenshots.text_read, timeout=60_000):
        enrolled_window.screenshots.read([(buffer.getvalue(), "预登记截图.png")])
    assert form.ui.nameEdit.text() == "张伟"
    assert _marked(form.ui.docNumberEdit)
    assert form.ui.scanStatusLabel.text().startswith("来自预登记")
    assert not form.ui.warningsLabel.isVisible()  # health-code warnings do not apply


# ------------------------------------------------------------- key events per traveller


class CountingKeyboard:
    """The GUI tests' Keyboard, counting what the worker does (scanner bursts apart).

    A CJK character counts as one key event, as the test delivers it (an input-method
    commit); real pinyin typing needs several keystrokes per character, so the count for
    typed Chinese is a lower bound. Moving to a field counts one action (a click or its
    Alt shortcut).
    """

    def __init__(self, keyboard) -> None:
        self.keyboard = keyboard
        self.keys = 0
        self.scans = 0

    def scan(self, payload: str) -> None:
        self.scans += 1
        self.keyboard.scan(payload)

    def type(self, text: str) -> None:
        self.keys += len(text)
        self.keyboard.type(text, gap_ms=150)

    def press(self, key: Qt.Key, widget: QWidget | None = None) -> None:
        """One key; to `widget` when given (a completer's popup takes keys itself)."""
        self.keys += 1
        if widget is None:
            self.keyboard.press(key)
        else:
            self.keyboard.qtbot.keyClick(widget, key)

    def enter(self) -> None:
        self.keys += 1
        self.keyboard.enter()

    def go_to(self, widget: QWidget) -> None:
        self.keys += 1
        widget.window().activateWindow()  # as a click does, also after a completer's list
        widget.setFocus()


def _common_checks(worker: CountingKeyboard, form, window, qtbot) -> None:
    """Temperature and NAT sampling time: the same in both flows, then Enter."""
    if QApplication.focusWidget() is not form.temperatureEdit:
        worker.go_to(form.temperatureEdit)
    worker.type("36.5")
    worker.go_to(form.natTimeEdit)
    worker.type("20")
    worker.press(Qt.Key.Key_F12)  # codes and the NAT result seen on the phone
    with qtbot.waitSignal(window.record_saved):
        worker.enter()


def test_key_events_per_traveller_with_and_without_preregistration(
    enrolled_window, keyboard, qtbot, workstation, county_key
):
    form = enrolled_window.form.ui

    # Without: the ID card is scanned, everything else is typed at the table.
    without = CountingKeyboard(keyboard)
    without.scan(TRAVELLER.document_number)
    without.go_to(form.nameEdit)
    without.type(TRAVELLER.name)
    without.go_to(form.phoneEdit)
    without.type(TRAVELLER.phone)
    without.go_to(form.plateEdit)
    without.type(TRAVELLER.plate)
    without.go_to(form.originEdit)
    without.type("浦东新区")
    popup = form.originEdit.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    without.press(Qt.Key.Key_Down, popup)
    without.press(Qt.Key.Key_Return, popup)
    qtbot.waitUntil(lambda: form.originEdit.text() == "上海市浦东新区")
    without.go_to(form.destinationCombo)
    without.type("谭")
    without.go_to(form.reasonCombo)
    without.press(Qt.Key.Key_Down)  # 返乡 → 探亲访友
    without.go_to(form.notesEdit)
    without.type("行程：" + TRAVELLER.plan)
    _common_checks(without, form, enrolled_window, qtbot)
    typed = _saved(workstation)

    # With: one scan of the traveller's code.
    with_code = CountingKeyboard(keyboard)
    with_code.scan(_code(county_key))
    _common_checks(with_code, form, enrolled_window, qtbot)
    records = RecordRepository(workstation.db).list_items(RecordFilter())
    preregistered = next(item.record for item in records if item.record.uuid != typed.uuid)

    # Both flows register the same traveller.
    fields = (
        "name",
        "document_number",
        "phone",
        "plate",
        "origin_code",
        "destination_township",
        "reason",
        "notes",
        "temperature",
    )
    assert [getattr(typed, f) for f in fields] == [getattr(preregistered, f) for f in fields]
    print(
        "\nkey events per traveller: without pre-registration "
        f"{without.keys} (+{without.scans} scan), with pre-registration "
        f"{with_code.keys} (+{with_code.scans} scan); ratio {with_code.keys / without.keys:.2f}"
    )
    assert with_code.keys * 5 <= without.keys  # the goal: at most one fifth
