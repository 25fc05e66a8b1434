"""An unhandled error: a Chinese dialog, a report without personal data, a restart, no loss."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from checkpoint_app import __version__
from checkpoint_app.gui.crash import (
    CRASH_DIR_NAME,
    CRASH_EXIT_CODE,
    CRASH_LOOP_LIMIT,
    CrashHandler,
    crash_dialog,
    restart_command,
    restart_environment,
)
from checkpoint_app.storage.database import DATABASE_FILENAME, open_database
from checkpoint_app.storage.records import RecordRepository

ROOT = Path(__file__).resolve().parents[2]
CANARY_ID = "41162319900415123X"
CANARY_PHONE = "13912345678"
CANARY_NAME = "欧阳建国"
CANARY_LOCAL = "local-value-7f3a"


class Recorder:
    """Stands in for os._exit and the process launcher, so nothing really exits or starts."""

    def __init__(self) -> None:
        self.exit_codes: list[int] = []
        self.launched: list[tuple[list[str], dict[str, str]]] = []

    def exit(self, code: int) -> None:
        self.exit_codes.append(code)

    def launch(self, command: Sequence[str], env: Mapping[str, str]) -> None:
        self.launched.append((list(command), dict(env)))


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def handler(qtbot: QtBot, data_dir: Path, recorder: Recorder) -> Iterator[CrashHandler]:
    crash_handler = CrashHandler(
        data_dir, show_dialog=False, exit_process=recorder.exit, launcher=recorder.launch
    )
    yield crash_handler
    crash_handler.deleteLater()


def save_traveller(id_number: str) -> None:
    nickname = CANARY_LOCAL  # a local variable: reports must never show frame locals
    assert nickname
    raise ValueError(f"无法保存 id_number={id_number}，电话 {CANARY_PHONE}，姓名：{CANARY_NAME}")


def crash_in_save(handler: CrashHandler) -> None:
    try:
        save_traveller(CANARY_ID)
    except ValueError:
        kind, exc, tb = sys.exc_info()
        assert kind is not None and exc is not None
        handler.excepthook(kind, exc, tb)


def only_report(data_dir: Path) -> str:
    reports = sorted((data_dir / CRASH_DIR_NAME).glob("crash-*.txt"))
    assert len(reports) == 1, reports
    return reports[0].read_text(encoding="utf-8")


def test_report_has_the_frames_and_versions_but_no_personal_data(
    handler: CrashHandler, data_dir: Path, recorder: Recorder
) -> None:
    crash_in_save(handler)

    report = only_report(data_dir)
    assert "test_crash.py" in report
    assert "in save_traveller" in report
    assert "in crash_in_save" in report
    assert "builtins.ValueError" in report
    assert f"app_version: {__version__}" in report
    assert re.search(r"^qt: 6\.\d+", report, re.MULTILINE)
    assert re.search(r"^platform: \S+", report, re.MULTILINE)
    for secret in (CANARY_ID, CANARY_PHONE, CANARY_NAME, CANARY_LOCAL, "1391234", "19900415"):
        assert secret not in report
    assert "<redacted>" in report
    assert recorder.exit_codes == [CRASH_EXIT_CODE]


def test_error_on_a_worker_thread_is_reported_and_finished_on_the_gui_thread(
    data_dir: Path, recorder: Recorder, qtbot: QtBot
) -> None:
    finished_on: list[bool] = []

    def exit_and_note_thread(code: int) -> None:
        finished_on.append(threading.current_thread() is threading.main_thread())
        recorder.exit(code)

    handler = CrashHandler(
        data_dir, show_dialog=False, exit_process=exit_and_note_thread, launcher=recorder.launch
    )

    def worker() -> None:
        save_traveller(CANARY_ID)

    previous = threading.excepthook
    threading.excepthook = handler.threading_excepthook
    try:
        thread = threading.Thread(target=worker, name="ocr-worker")
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: bool(recorder.exit_codes))
    finally:
        threading.excepthook = previous

    assert finished_on == [True]
    report = only_report(data_dir)
    assert "thread: ocr-worker" in report
    assert CANARY_ID not in report


def test_dialog_tells_the_worker_in_chinese_that_saved_records_are_safe(
    qtbot: QtBot, tmp_path: Path
) -> None:
    box = crash_dialog(tmp_path / "crash-1.txt", will_restart=True)
    qtbot.addWidget(box)

    assert box.text().startswith("程序出错了。已保存的登记不会丢失")
    assert "重新启动" in box.informativeText()
    assert [button.text() for button in box.buttons()] == ["重新启动"]
    assert f"错误报告（不含旅客个人信息）：\n{tmp_path / 'crash-1.txt'}" in box.informativeText()
    # Chinese throughout (the report's path aside): no English slipped into what the worker
    # reads, not even from Qt's own buttons such as "Show Details...".
    worker_reads = box.text() + box.informativeText().replace(str(tmp_path / "crash-1.txt"), "")
    assert not re.search(r"[A-Za-z]{3,}", worker_reads)


def test_dialog_after_repeated_crashes_says_restarts_stopped(qtbot: QtBot) -> None:
    box = crash_dialog(None, will_restart=False)
    qtbot.addWidget(box)

    assert "已停止自动重启" in box.informativeText()
    assert [button.text() for button in box.buttons()] == ["关闭"]


def test_restart_runs_the_same_program_with_the_same_arguments(
    handler: CrashHandler, recorder: Recorder
) -> None:
    crash_in_save(handler)

    assert recorder.launched == [(restart_command(), restart_environment())]
    assert restart_command() == [sys.executable, *sys.orig_argv[1:]]


def test_restart_command_from_source_keeps_interpreter_options_and_module() -> None:
    command = restart_command(
        executable="/opt/venv/bin/python3",
        orig_argv=["python3", "-X", "utf8", "-m", "checkpoint_app", "--data-dir", "D:/kadian"],
        argv=["/src/checkpoint_app/__main__.py", "--data-dir", "D:/kadian"],
        frozen=False,
    )
    assert command == [
        "/opt/venv/bin/python3",
        "-X",
        "utf8",
        "-m",
        "checkpoint_app",
        "--data-dir",
        "D:/kadian",
    ]


def test_restart_command_when_frozen_is_the_bundle_with_its_arguments() -> None:
    command = restart_command(
        executable=r"C:\Program Files\checkpoint-app\checkpoint-app.exe",
        argv=["checkpoint-app", "--data-dir", r"D:\kadian", "--lang", "en"],
        orig_argv=["ignored"],
        frozen=True,
    )
    assert command == [
        r"C:\Program Files\checkpoint-app\checkpoint-app.exe",
        "--data-dir",
        r"D:\kadian",
        "--lang",
        "en",
    ]
    # A one-file bundle's child must unpack its own copy, not reuse the dying parent's.
    assert restart_environment({}, frozen=True) == {"PYINSTALLER_RESET_ENVIRONMENT": "1"}
    assert restart_environment({"A": "1"}, frozen=False) == {"A": "1"}


def test_repeated_crashes_stop_the_automatic_restarts(
    handler: CrashHandler, recorder: Recorder
) -> None:
    for _ in range(CRASH_LOOP_LIMIT):
        crash_in_save(handler)
        handler._handling = False  # each crash is a new process in real life

    assert len(recorder.launched) == CRASH_LOOP_LIMIT - 1
    assert recorder.exit_codes == [CRASH_EXIT_CODE] * CRASH_LOOP_LIMIT


def test_records_saved_before_a_crash_are_there_after_it(data_dir: Path) -> None:
    child = subprocess.run(
        [sys.executable, "-m", "tests.gui.crash_child", str(data_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert child.returncode == CRASH_EXIT_CODE, child.stderr
    saved_uuid = child.stdout.split()[0]

    db = open_database(data_dir / DATABASE_FILENAME)
    try:
        record = RecordRepository(db).get(saved_uuid)
        assert record is not None
        open_shifts = db.execute("SELECT count(*) FROM shifts WHERE ended_at IS NULL").fetchone()
        assert open_shifts[0] == 1  # the restarted app continues this shift
        report = only_report(data_dir)
        assert "in save_next" in report
        for secret in (record.document_number, record.phone, record.name):
            assert secret and secret not in report
    finally:
        db.close()
