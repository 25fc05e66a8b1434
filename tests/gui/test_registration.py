"""Registering travellers in the real main window, keyboard and scanner only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from checkpoint_app.records.model import CodeColour, Disposition, FieldSource, NatResult
from checkpoint_app.storage.records import RecordFilter, RecordRepository

ID_1 = "411623199004151232"  # valid check digits (GB 11643)
ID_2 = "411623198512030029"
ID_3 = "110105197001010011"


def rows(db, sql="SELECT * FROM records ORDER BY checked_at"):
    return [dict(r) for r in db.query(sql)]


def test_id_numbers_used_here_pass_the_validator():
    from datetime import date

    from checkpoint_app.records.validation import check_id_number

    for number in (ID_1, ID_2, ID_3):
        assert check_id_number(number, today=date(2022, 4, 10)).number == number


def test_worker_registers_three_travellers_with_keyboard_only(
    main_window, keyboard, qtbot, workstation
):
    form = main_window.form.ui
    # 1. The common case: scan the ID card, type the temperature, Enter.
    keyboard.scan(ID_1)
    assert QApplication.focusWidget() is form.temperatureEdit
    keyboard.type("36.5")
    keyboard.press(Qt.Key.Key_F12)  # codes and NAT seen on the phone
    with qtbot.waitSignal(main_window.record_saved):
        keyboard.enter()
    # 2. A fever: the suggestion follows, Enter saves it.
    keyboard.scan(ID_2)
    keyboard.type("38.1")
    keyboard.press(Qt.Key.Key_F12)  # codes and NAT seen on the phone
    with qtbot.waitSignal(main_window.record_saved):
        keyboard.enter()
    # 3. A yellow code with a plate and a name typed in Chinese; F6 = home health monitoring.
    keyboard.scan("P12345")  # a scanner cannot type 豫: the default province
    keyboard.scan(ID_3)
    keyboard.type("36.8")
    keyboard.press(Qt.Key.Key_F12)  # travel card and NAT seen on the phone …
    keyboard.press(Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # … and a yellow code
    keyboard.press(Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)  # → document type
    form.nameEdit.setFocus()
    keyboard.type("张伟")
    keyboard.press(Qt.Key.Key_F6)
    with qtbot.waitSignal(main_window.record_saved):
        keyboard.enter()

    saved = rows(workstation.db)
    assert [r["document_number"] for r in saved] == [ID_1, ID_2, ID_3]
    assert [r["temperature"] for r in saved] == [36.5, 38.1, 36.8]
    assert [r["disposition"] for r in saved] == [
        Disposition.RELEASE.value,
        Disposition.FEVER_CLINIC.value,
        Disposition.HOME_MONITORING.value,
    ]
    assert saved[1]["fever"] == 1
    assert saved[2]["health_colour"] == CodeColour.YELLOW.value
    assert saved[2]["name"] == "张伟"
    assert saved[2]["plate"] == "豫P12345"
    assert all(r["shift_id"] == workstation.shift.id for r in saved)
    assert all(r["nat_result"] == NatResult.NEGATIVE.value for r in saved)
    assert '"document_number": "scanned"' in saved[0]["sources"]
    # Every record waits in the outbox for the county.
    assert (
        workstation.db.execute("SELECT count(*) FROM outbox WHERE synced_at IS NULL").fetchone()[0]
        == 3
    )
    # The table shows them, newest first, with masked numbers.
    model = main_window.model
    assert model.rowCount() == 3
    assert model.index(0, 1).data() == "张伟"
    assert model.index(0, 2).data() == "1101**********0011"
    assert model.index(1, 10).data() == "转运发热门诊"
    assert "本班 3 人" in main_window.ui.countsLabel.text()


def test_scanner_burst_reaches_scan_handler_while_name_field_has_focus(
    main_window, keyboard, qtbot
):
    form = main_window.form.ui
    form.nameEdit.setFocus()
    with qtbot.waitSignal(main_window.scanner.scan_received) as scanned:
        keyboard.scan(ID_1)
    assert scanned.args == [ID_1]
    assert form.nameEdit.text() == ""
    assert main_window.form._doc.value() == ID_1
    assert "已读取证件号" in form.scanStatusLabel.text()


def test_typing_at_80ms_per_key_is_not_taken_for_a_scan(main_window, keyboard, qtbot):
    form = main_window.form.ui
    form.nameEdit.setFocus()
    with qtbot.assertNotEmitted(main_window.scanner.scan_received, wait=0):
        keyboard.type(ID_1, gap_ms=80)
        keyboard.press(Qt.Key.Key_Tab)
    assert form.nameEdit.text() == ID_1
    assert main_window.form._doc.value() == ""


def test_fever_blocks_release_without_written_reason(main_window, keyboard, qtbot, workstation):
    form = main_window.form.ui
    keyboard.scan(ID_1)
    keyboard.type("37.9")
    assert "发热" in form.temperatureHintLabel.text()
    keyboard.press(Qt.Key.Key_F1)  # release, against the suggestion
    with qtbot.assertNotEmitted(main_window.record_saved, wait=0):
        keyboard.enter()
    assert "必须填写原因" in form.problemLabel.text()
    assert QApplication.focusWidget() is form.overrideReasonEdit
    assert rows(workstation.db) == []
    keyboard.type("复测36.9，医生确认")
    keyboard.press(Qt.Key.Key_F12)  # codes and NAT seen on the phone
    with qtbot.waitSignal(main_window.record_saved):
        keyboard.enter()
    [saved] = rows(workstation.db)
    assert saved["disposition"] == "release"
    assert saved["override_reason"] == "复测36.9，医生确认"


def test_escape_starts_over_with_a_new_record_uuid(main_window, keyboard):
    form = main_window.form
    first_uuid = form.record_uuid
    keyboard.scan(ID_1)
    keyboard.type("36.6")
    keyboard.press(Qt.Key.Key_Escape)
    assert form.record_uuid != first_uuid
    assert form.ui.temperatureEdit.text() == ""
    assert form._doc.value() == ""
    assert QApplication.focusWidget() is form.ui.scanEdit


def test_wrong_id_number_is_explained_and_nothing_is_saved(
    main_window, keyboard, qtbot, workstation
):
    form = main_window.form.ui
    form.docNumberEdit.setFocus()
    keyboard.type("411623199004151238", gap_ms=90)  # last digit wrong
    assert "校验位" in form.docHintLabel.text()
    form.temperatureEdit.setFocus()
    keyboard.type("36.5")
    with qtbot.assertNotEmitted(main_window.record_saved, wait=0):
        keyboard.enter()
    assert "校验位" in form.problemLabel.text()
    assert rows(workstation.db) == []


def test_valid_id_shows_birth_date_and_sex(main_window, keyboard):
    main_window.form.ui.docNumberEdit.setFocus()
    keyboard.type(ID_2, gap_ms=90)
    assert main_window.form.ui.docHintLabel.text() == "出生日期 1985-12-03 · 女"


def test_id_number_is_masked_once_the_field_loses_focus(main_window, keyboard):
    form = main_window.form.ui
    keyboard.scan(ID_1)
    assert form.docNumberEdit.text() == "4116**********1232"
    form.docNumberEdit.setFocus()
    assert form.docNumberEdit.text() == ID_1


def test_scanner_garbage_is_refused_and_the_form_keeps_its_data(main_window, keyboard):
    form = main_window.form.ui
    keyboard.scan(ID_1)
    keyboard.type("36.5")
    main_window._scan_received("abc\u202edef123", "wedge")
    assert "方向" in form.scanStatusLabel.text() or "控制" in form.scanStatusLabel.text()
    assert main_window.form._doc.value() == ID_1
    assert form.temperatureEdit.text() == "36.5"


def test_health_code_payload_is_kept_with_its_issuer(main_window, keyboard, qtbot, workstation):
    payload = "https://hnykm.cn/qr?t=abc123"
    keyboard.scan(payload)
    assert "豫康码" in main_window.form.ui.scanStatusLabel.text()
    keyboard.scan(ID_1)
    keyboard.type("36.4")
    keyboard.press(Qt.Key.Key_F12)  # codes and NAT seen on the phone
    with qtbot.waitSignal(main_window.record_saved):
        keyboard.enter()
    [saved] = rows(workstation.db)
    assert saved["health_payload"] == payload
    assert saved["health_issuer"] == "豫康码"
    artefacts = rows(workstation.db, "SELECT * FROM scan_artefacts ORDER BY id")
    assert [a["payload_kind"] for a in artefacts] == ["health_code", "id_number"]
    # The ID number itself is kept once, in the record, not again among the artefacts.
    assert artefacts[1]["payload"] == ""


def test_filters_and_search_find_records(main_window, keyboard, qtbot):
    for number, temperature in ((ID_1, "36.5"), (ID_2, "38.4"), (ID_3, "36.7")):
        keyboard.scan(number)
        keyboard.type(temperature)
        keyboard.press(Qt.Key.Key_F12)  # codes and NAT seen on the phone
        with qtbot.waitSignal(main_window.record_saved):
            keyboard.enter()
    ui = main_window.ui
    ui.feverFilter.setChecked(True)
    assert main_window.model.rowCount() == 1
    assert main_window.model.index(0, 2).data() == "4116**********0029"
    ui.feverFilter.setChecked(False)
    ui.dispositionFilter.setCurrentIndex(ui.dispositionFilter.findData(Disposition.RELEASE))
    assert main_window.model.rowCount() == 2
    ui.dispositionFilter.setCurrentIndex(0)
    ui.searchEdit.setText("0011")
    qtbot.waitUntil(lambda: main_window.model.rowCount() == 1)
    assert main_window.model.index(0, 2).data() == "1101**********0011"
    assert "查找结果 1 条" in ui.countsLabel.text()


def test_labels_that_show_traveller_data_are_plain_text(main_window):
    from PySide6.QtWidgets import QLabel

    for name in ("resultBanner", "countsLabel"):
        assert main_window.findChild(QLabel, name).textFormat() == Qt.TextFormat.PlainText
    for name in (
        "scanStatusLabel",
        "docHintLabel",
        "phoneHintLabel",
        "plateHintLabel",
        "temperatureHintLabel",
        "natStatusLabel",
        "suggestionLabel",
        "problemLabel",
    ):
        assert main_window.form.findChild(QLabel, name).textFormat() == Qt.TextFormat.PlainText


def test_saved_banner_and_sound_differ_for_attention(main_window, keyboard, qtbot):
    played = []
    main_window.sounds.played.connect(played.append)
    keyboard.scan(ID_1)
    keyboard.type("36.5")
    keyboard.press(Qt.Key.Key_F12)  # codes and NAT seen on the phone
    with qtbot.waitSignal(main_window.record_saved):
        keyboard.enter()
    assert main_window.ui.resultBanner.text().startswith("放行\n")
    assert "已保存" in main_window.ui.resultBanner.text()
    keyboard.scan(ID_2)
    keyboard.type("38.5")
    keyboard.press(Qt.Key.Key_F12)  # codes and NAT seen on the phone
    with qtbot.waitSignal(main_window.record_saved):
        keyboard.enter()
    assert main_window.ui.resultBanner.text().startswith("转运发热门诊\n")
    assert played == ["ok", "attention"]


def test_sources_mark_scanned_and_typed_fields(main_window, keyboard, qtbot, workstation):
    keyboard.scan(ID_1)
    main_window.form.ui.phoneEdit.setFocus()
    keyboard.type("13812345678", gap_ms=100)
    main_window.form.ui.temperatureEdit.setFocus()
    keyboard.type("36.2")
    keyboard.press(Qt.Key.Key_F12)  # codes and NAT seen on the phone
    with qtbot.waitSignal(main_window.record_saved):
        keyboard.enter()
    record = RecordRepository(workstation.db).list_items(RecordFilter())[0].record
    assert record.sources["document_number"] is FieldSource.SCANNED
    assert record.sources["phone"] is FieldSource.TYPED
    assert record.phone == "13812345678"


def test_a_red_code_shows_that_the_traveller_must_be_reported(main_window, keyboard, qtbot):
    keyboard.scan(ID_1)
    keyboard.type("36.5")
    keyboard.press(Qt.Key.Key_F12)  # travel card and NAT seen on the phone …
    label = main_window.form.ui.suggestionLabel
    assert "须报告县指挥部" not in label.text()
    keyboard.press(Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # … and a red code

    assert "须报告县指挥部" in label.text() and "集中隔离" in label.text()


def test_the_destination_address_is_typed_saved_and_kept_for_the_next_in_the_car(
    main_window, keyboard, qtbot, workstation
):
    form = main_window.form.ui
    keyboard.scan(ID_1)
    keyboard.type("36.5")
    keyboard.press(Qt.Key.Key_F12)
    form.destinationAddressEdit.setFocus()
    keyboard.type("李庄村3组12号")
    with qtbot.waitSignal(main_window.record_saved):
        keyboard.enter()
    (saved,) = rows(workstation.db)
    assert saved["destination_address"] == "李庄村3组12号"
    assert '"destination_address": "typed"' in saved["sources"]
    # The next traveller starts clean: nobody else's address is kept by accident.
    assert form.destinationAddressEdit.text() == ""


def test_the_suggestion_follows_the_vaccine_doses_when_the_county_rules_on_them(
    main_window, keyboard
):
    from checkpoint_app.policy.schema import parse_policy
    from tests.policy.conftest import example_content

    content = example_content()
    content["rules"].append(
        {
            "id": "no_booster",
            "when": {"vaccine_doses_below": 3},
            "suggest": "release_test",
            "allow": ["release_test", "release"],
            "reason": "{vaccine}，未加强免疫",
        }
    )
    main_window.form.set_policy(parse_policy(content), (34.0, 43.0))
    form = main_window.form.ui
    keyboard.scan(ID_1)
    keyboard.type("36.5")
    keyboard.press(Qt.Key.Key_F12)
    # Nobody recorded the doses yet: the careful side.
    assert "疫苗未查验，未加强免疫" in form.suggestionLabel.text()
    form.vaccineSpin.setValue(3)
    assert "未加强免疫" not in form.suggestionLabel.text()
    form.vaccineSpin.setValue(2)
    assert "已接种 2 剂，未加强免疫" in form.suggestionLabel.text()
