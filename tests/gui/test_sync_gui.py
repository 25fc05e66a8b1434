"""The workstation syncing with a real county server process, as the worker sees it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from checkpoint_app.gui.dialogs import EnrollDialog
from tests.county_fixtures import CountyServer

ID_1 = "411623199004151232"


def register_one(main_window, keyboard, qtbot, number=ID_1):
    keyboard.scan(number)
    keyboard.type("36.5")
    keyboard.press(Qt.Key.Key_F12)  # codes and NAT seen on the phone
    with qtbot.waitSignal(main_window.record_saved):
        keyboard.enter()


def test_unenrolled_workstation_says_so_and_counts_waiting_records(main_window, keyboard, qtbot):
    register_one(main_window, keyboard, qtbot)
    text = main_window._status_pending.text()
    assert "未注册到县平台" in text and "待同步 1 条" in text


def test_enrolled_workstation_sends_saved_records_in_the_background(
    main_window, keyboard, qtbot, county_server: CountyServer, workstation
):
    dialog = EnrollDialog(main_window)
    dialog.enroll_requested.connect(main_window.sync.enroll)
    dialog.ui.serverEdit.setText(county_server.url)
    dialog.ui.codeEdit.setText(county_server.enrollment_code())
    with qtbot.waitSignal(main_window.sync.enrollment_finished, timeout=15_000) as enrolled:
        dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()
    assert enrolled.args[0].ok
    register_one(main_window, keyboard, qtbot)
    main_window.sync.sync_now()  # rather than waiting for the timer
    qtbot.waitUntil(lambda: main_window.sync.status().pending == 0, timeout=20_000)
    qtbot.waitUntil(lambda: "待同步 0 条" in main_window._status_pending.text(), timeout=5_000)
    assert "县平台在线" in main_window._status_pending.text()
    assert main_window.model.index(0, 11).data() == "已同步"
    stored = (
        county_server.store.engine.connect()
        .exec_driver_sql("SELECT count(*) FROM records")
        .scalar()
    )
    assert stored >= 1


def test_sync_with_the_server_down_keeps_records_and_says_offline(
    main_window, keyboard, qtbot, county_server: CountyServer
):
    from checkpoint_app.sync.client import enroll

    data_dir = main_window.sync._data_dir
    assert enroll(data_dir, county_server.url, county_server.enrollment_code()).ok
    county_server.stop()
    try:
        register_one(main_window, keyboard, qtbot)
        with qtbot.waitSignal(main_window.sync.sync_finished, timeout=30_000) as finished:
            main_window.sync.sync_now()
        assert not finished.args[0].ok
        assert main_window.sync.status().pending == 1
        assert "离线" in main_window._status_pending.text()
        # The worker keeps registering while offline.
        register_one(main_window, keyboard, qtbot, "110105197001010011")
        assert main_window.sync.status().pending == 2
    finally:
        county_server.start()


def test_end_of_shift_export_writes_one_sealed_file(
    main_window, keyboard, qtbot, tmp_path, county_server: CountyServer
):
    from checkpoint_app.sync.client import enroll

    assert enroll(main_window.sync._data_dir, county_server.url, county_server.enrollment_code()).ok
    register_one(main_window, keyboard, qtbot)
    stick = tmp_path / "usb"
    stick.mkdir()
    with qtbot.waitSignal(main_window.sync.export_finished, timeout=20_000) as exported:
        main_window.sync.export_to(stick)
    report = exported.args[0]
    assert report.error == "" and report.record_count == 1
    files = list(stick.iterdir())
    assert files == [report.path]
    assert ID_1.encode() not in files[0].read_bytes()  # nothing readable on the stick
    assert "已导出 1 条记录" in main_window.ui.resultBanner.text()
    QApplication.processEvents()


def test_a_busy_county_s_retry_after_delays_the_next_automatic_round(
    main_window, keyboard, qtbot, county_server: CountyServer, forged_county
):
    from checkpoint_app.sync.client import enroll
    from checkpoint_app.sync.keys import ENROLLMENT_FILENAME, sync_dir

    data_dir = main_window.sync._data_dir
    assert enroll(data_dir, county_server.url, county_server.enrollment_code()).ok
    pinned = sync_dir(data_dir) / ENROLLMENT_FILENAME
    pinned.write_text(pinned.read_text("utf-8").replace(county_server.url, forged_county.url))
    forged_county.status = 503
    forged_county.body = {"error": "storage", "message": "县服务器磁盘已满"}
    forged_county.headers = {"Retry-After": "600"}
    register_one(main_window, keyboard, qtbot)
    with qtbot.waitSignal(main_window.sync.sync_finished, timeout=30_000) as finished:
        main_window.sync.sync_now()
    assert not finished.args[0].ok
    assert "约 10 分钟后重试" in main_window._status_pending.text()
    # Backoff alone would retry within seconds; the county asked for ten minutes.
    assert main_window.sync.next_delay_ms >= 600_000
    assert main_window.sync.status().pending == 1
