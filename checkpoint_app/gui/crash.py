"""Unhandled exceptions in the workstation: a dialog in Chinese, a scrubbed report, a restart.

Every registration is committed before the form says "已保存" (WAL, synchronous=FULL),
and the open shift is a row in SQLite, so after an unexpected error the safest course is
to stop this process, start a fresh one with the same arguments and let the worker sign
in again: the shift continues and nothing saved is lost. Trying to carry on inside a
process whose state is unknown is what could lose or corrupt a record.

The report is meant to be handed to county IT, so it carries where the error happened
(files, lines, functions), versions and the platform, and never local variable values;
the exception messages are scrubbed of anything that looks like an ID number, a phone
number, a plate or a name field's value.
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, qVersion
from PySide6.QtWidgets import QApplication, QMessageBox

from checkpoint_app import APP_DISPLAY_NAME, __version__

CRASH_DIR_NAME = "crash-reports"
#: A crashed process exits with this code (EX_SOFTWARE) once it has started its successor.
CRASH_EXIT_CODE = 70
#: This many crashes within CRASH_LOOP_WINDOW_S stop the automatic restarts: an error that
#: comes back at every start would otherwise flash dialogs at the worker for ever.
CRASH_LOOP_LIMIT = 3
CRASH_LOOP_WINDOW_S = 600.0

CRASH_MESSAGE = "程序出错了。已保存的登记不会丢失，当前班次也会保留。"
RESTART_MESSAGE = "程序将自动重新启动，请重新登录后继续登记。"
NO_RESTART_MESSAGE = (
    "程序在短时间内多次出错，已停止自动重启。请联系县里的技术人员，"
    "并把错误报告文件夹交给他们。重新打开程序后可继续本班次。"
)

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]

# --- scrubbing -------------------------------------------------------------------------

_PLACEHOLDER = "<redacted>"  # not Chinese: _QUOTED_HAN must not match it again
# Field names whose values are personal data, in the record model, in forms and in reprs
# (`name='张三'`, `{"phone": "139…"}`, `旅客姓名：张三`). English keys must be whole words
# ("pin" is not in "mapping"); Chinese has no word boundaries, so its keys match anywhere.
_ASCII_KEYS = (
    r"name|full_?name|id_?number|document(?:_number)?|phone|mobile|tel|plate|address"
    r"|pin|password"
)
_HAN_KEYS = (
    r"姓名|名字|证件(?:号码?)?|身份证(?:号码?)?|手机(?:号码?)?|电话|车牌(?:号)?|住址|地址|密码"
)
_KEYED_VALUE = re.compile(
    rf"""(?P<key>["']?\b(?:{_ASCII_KEYS})\b["']?|(?:{_HAN_KEYS}))(?P<sep>\s*[=:：]\s*)"""
    r"""(?P<value>'[^']*'|"[^"]*"|[^\s,;，；)}\]]+)""",
    re.IGNORECASE,
)
# Resident ID numbers (17 digits and a digit or X), any run of 6 or more digits (other
# documents, phones, passports' digits), phone numbers written with separators, plates.
_ID_NUMBER = re.compile(r"\d{17}[\dXx]")
_LONG_DIGITS = re.compile(r"\d{6,}")
_SPACED_PHONE = re.compile(r"(?<!\d)1[3-9]\d[\s-]\d{4}[\s-]\d{4}(?!\d)")
_PLATE = re.compile(
    r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][A-Z0-9]{4,6}",
    re.IGNORECASE,
)
# A quoted string holding Chinese characters is most likely something a person typed
# (a name, an address, a reason); the app's own messages are not quoted in exceptions.
_QUOTED_HAN = re.compile(r"""(['"])[^'"\n]*[\u3400-\u9fff][^'"\n]*\1""")


def scrub(text: str) -> str:
    """`text` with personal data replaced by a placeholder (for crash reports)."""
    text = _KEYED_VALUE.sub(lambda m: f"{m['key']}{m['sep']}{_PLACEHOLDER}", text)
    text = _QUOTED_HAN.sub(lambda m: f"{m[1]}{_PLACEHOLDER}{m[1]}", text)
    text = _ID_NUMBER.sub(_PLACEHOLDER, text)
    text = _SPACED_PHONE.sub(_PLACEHOLDER, text)
    text = _LONG_DIGITS.sub(_PLACEHOLDER, text)
    return _PLATE.sub(_PLACEHOLDER, text)


# --- the report ------------------------------------------------------------------------


def _short_path(filename: str) -> str:
    """A frame's file relative to a package root: full paths carry the user's login name."""
    path = filename.replace("\\", "/")
    for marker in ("/site-packages/", "/_internal/", "/lib/python3"):
        if marker in path:
            return path.rsplit(marker, 1)[1]
    if "/checkpoint_app/" in path:
        return "checkpoint_app/" + path.rsplit("/checkpoint_app/", 1)[1]
    return path.rsplit("/", 1)[-1]


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and its causes/contexts, outermost last (as Python prints them)."""
    chain: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return list(reversed(chain))


def format_report(exc: BaseException, *, thread_name: str, now: datetime) -> str:
    """The crash report's text: frames, versions, platform; scrubbed messages, no locals."""
    import PySide6

    lines = [
        f"{APP_DISPLAY_NAME} crash report",
        f"time: {now.isoformat(timespec='seconds')}",
        f"app_version: {__version__}",
        f"frozen: {'yes' if getattr(sys, 'frozen', False) else 'no'}",
        f"python: {platform.python_version()} ({platform.python_implementation()})",
        f"platform: {platform.platform()}",
        f"qt: {qVersion()}, PySide6 {PySide6.__version__}",
        f"thread: {scrub(thread_name)}",
        "",
    ]
    for index, link in enumerate(_chain(exc)):
        if index:
            lines.append("")
            lines.append("which led to:")
        lines.append("Traceback (most recent call last):")
        # extract_tb keeps file, line and function only: no frame locals ever get here.
        for frame in traceback.extract_tb(link.__traceback__):
            lines.append(f"  {_short_path(frame.filename)}:{frame.lineno} in {frame.name}")
        kind = type(link)
        lines.append(f"{kind.__module__}.{kind.__qualname__}: {scrub(str(link))}")
    return "\n".join(lines) + "\n"


def write_report(crash_dir: Path, text: str, *, now: datetime) -> Path:
    """Write a report atomically (temp file, fsync, rename): a second crash while writing
    leaves a whole report or none, never half of one."""
    crash_dir.mkdir(parents=True, exist_ok=True)
    stem = f"crash-{now:%Y%m%d-%H%M%S}-{os.getpid()}"
    path = crash_dir / f"{stem}.txt"
    counter = 1
    while path.exists():
        counter += 1
        path = crash_dir / f"{stem}-{counter}.txt"
    temporary = path.with_suffix(".tmp")
    with temporary.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)
    return path


def recent_crash_count(crash_dir: Path, *, now: float, window_s: float) -> int:
    """How many reports were written in the last `window_s` seconds (this one included)."""
    if not crash_dir.is_dir():
        return 0
    return sum(
        1 for path in crash_dir.glob("crash-*.txt") if now - path.stat().st_mtime <= window_s
    )


# --- the restart -----------------------------------------------------------------------


def restart_command(
    *,
    executable: str | None = None,
    argv: Sequence[str] | None = None,
    orig_argv: Sequence[str] | None = None,
    frozen: bool | None = None,
) -> list[str]:
    """The command that starts this program again with the same arguments.

    Frozen, `sys.executable` is the app itself and `sys.argv[1:]` its arguments. From
    source, `sys.orig_argv` still holds the interpreter's own options and how the app was
    started (`-m checkpoint_app`, or the `checkpoint-app` script), which `sys.argv` lost.
    """
    executable = executable if executable is not None else sys.executable
    frozen = frozen if frozen is not None else bool(getattr(sys, "frozen", False))
    if frozen:
        args = argv if argv is not None else sys.argv
        return [executable, *args[1:]]
    original = orig_argv if orig_argv is not None else sys.orig_argv
    return [executable, *original[1:]]


def restart_environment(
    environ: Mapping[str, str] | None = None, *, frozen: bool | None = None
) -> dict[str, str]:
    """The environment for the new process.

    A PyInstaller one-file app would otherwise hand its unpacked folder to the child,
    which the dying parent then deletes; this variable makes the child a fresh instance.
    """
    env = dict(environ if environ is not None else os.environ)
    if frozen if frozen is not None else getattr(sys, "frozen", False):
        env["PYINSTALLER_RESET_ENVIRONMENT"] = "1"
    return env


def start_detached(command: Sequence[str], env: Mapping[str, str]) -> None:
    """Start `command` so that it outlives this process (own session / process group)."""
    if sys.platform == "win32":
        flags = subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP
        subprocess.Popen(list(command), env=dict(env), creationflags=flags, close_fds=True)
    else:
        subprocess.Popen(list(command), env=dict(env), start_new_session=True, close_fds=True)


# --- the dialog ------------------------------------------------------------------------


def crash_dialog(report_path: Path | None, *, will_restart: bool) -> QMessageBox:
    """The message box the worker sees (Chinese; built, not shown, so tests can read it)."""
    box = QMessageBox(QMessageBox.Icon.Critical, APP_DISPLAY_NAME, CRASH_MESSAGE)
    informative = RESTART_MESSAGE if will_restart else NO_RESTART_MESSAGE
    if report_path is not None:
        # Not setDetailedText: its "Show Details..." button is English without Qt's own
        # translations, and county IT needs the path on the screen the worker photographs.
        informative += f"\n\n错误报告（不含旅客个人信息）：\n{report_path}"
    box.setInformativeText(informative)
    box.addButton("重新启动" if will_restart else "关闭", QMessageBox.ButtonRole.AcceptRole)
    box.setWindowModality(Qt.WindowModality.ApplicationModal)
    return box


# --- the handler -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CrashOutcome:
    report_path: Path | None
    restarted: bool


class CrashHandler(QObject):
    """Receives every unhandled exception of the GUI process, on any thread.

    Exceptions on worker threads are reported there and the dialog is shown on the GUI
    thread through a queued signal: a worker must never touch a widget.
    """

    _crashed_off_main_thread = Signal(object)  # ExcInfo

    def __init__(
        self,
        data_dir: Path,
        *,
        show_dialog: bool = True,
        restart: bool = True,
        exit_process: Callable[[int], None] = os._exit,
        launcher: Callable[[Sequence[str], Mapping[str, str]], None] = start_detached,
    ) -> None:
        super().__init__()
        self.crash_dir = data_dir / CRASH_DIR_NAME
        self._show_dialog = show_dialog
        self._restart = restart
        self._exit_process = exit_process
        self._launcher = launcher
        self._lock = threading.Lock()
        self._handling = False
        self._crashed_off_main_thread.connect(self._finish, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        sys.excepthook = self.excepthook
        threading.excepthook = self.threading_excepthook

    def excepthook(
        self,
        kind: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):  # Ctrl+C in a terminal is not a crash
            sys.__excepthook__(kind, exc, tb)
            return
        self.handle((kind, exc, tb), thread_name=threading.current_thread().name)

    def threading_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        thread_name = args.thread.name if args.thread is not None else "?"
        self.handle((args.exc_type, args.exc_value, args.exc_traceback), thread_name=thread_name)

    def handle(self, exc_info: ExcInfo, *, thread_name: str) -> Path | None:
        """Write the report, then finish on the GUI thread (dialog, restart, exit)."""
        exc = exc_info[1]
        if exc.__traceback__ is None and exc_info[2] is not None:
            exc = exc.with_traceback(exc_info[2])
        with self._lock:
            first = not self._handling
            self._handling = True
        path: Path | None = None
        try:
            text = format_report(exc, thread_name=thread_name, now=datetime.now().astimezone())
            path = write_report(self.crash_dir, text, now=datetime.now())
        except Exception:  # a full disk must not stop the restart
            path = None
        _say(f"{APP_DISPLAY_NAME}: 未处理的错误，报告：{path}")
        if not first:
            return path  # an error while the first one is being handled: reported, that's all
        if threading.current_thread() is threading.main_thread():
            self._finish(path)
        else:
            self._crashed_off_main_thread.emit(path)
        return path

    def _finish(self, path: Path | None) -> None:
        will_restart = self._restart and (
            recent_crash_count(self.crash_dir, now=time.time(), window_s=CRASH_LOOP_WINDOW_S)
            < CRASH_LOOP_LIMIT
        )
        if self._show_dialog and QApplication.instance() is not None:
            crash_dialog(path, will_restart=will_restart).exec()
        if will_restart:
            try:
                self._launcher(restart_command(), restart_environment())
            except OSError as error:
                _say(f"{APP_DISPLAY_NAME}: 无法重新启动：{error}")
        # Not a normal exit: Qt's and Python's teardown would run in a state nobody
        # planned for. Everything saved is already committed.
        self._exit_process(CRASH_EXIT_CODE)


def _say(line: str) -> None:
    """A line on stderr for whoever started the app from a terminal. A windowed Windows
    program has no stderr at all (sys.stderr is None)."""
    if sys.stderr is not None:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()


def install_crash_handler(
    data_dir: Path, *, show_dialog: bool = True, restart: bool = True
) -> CrashHandler:
    """Install the GUI's handler for unhandled exceptions (after the QApplication exists).

    Keep the returned handler alive as long as the hooks should stay installed.
    """
    handler = CrashHandler(data_dir, show_dialog=show_dialog, restart=restart)
    handler.install()
    return handler
