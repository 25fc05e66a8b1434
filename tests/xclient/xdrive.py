"""Driving the real app on a real X display: Xvfb, a window manager, xdotool as the keyboard.

Used by the tests in this folder and by bench/bench_xdrive.py. Everything here is a real
process: the X server, openbox, the workstation started from its console script, xdotool
typing like a USB wedge scanner (a few milliseconds per key, Shift pressed for capitals
and symbols, then Return) or like a person (120-200 ms per key), and stress-ng saturating
the cores. The store is read back through the app's own storage code.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from stdnum.cn import ric

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / ".venv" / "bin" / "checkpoint-app"
SCREEN = (1366, 768)
TOOLS = ("Xvfb", "openbox", "xdotool", "xprop", "xwininfo", "import")
DEMO_PIN = "246810"
DEMO_ADMIN_SECRET = "DEMO-KADIAN-2022"


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


class XDriveError(RuntimeError):
    """The display, the window manager or the app did not come up as expected."""


def _kill(proc: subprocess.Popen[bytes] | None, *, grace: float = 3.0) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=grace)


@dataclass
class XServer:
    """Xvfb on a free display number (it picks one and says which via -displayfd)."""

    log_dir: Path
    display: str = ""
    _xvfb: subprocess.Popen[bytes] | None = None
    _wm: subprocess.Popen[bytes] | None = None

    def start(self) -> XServer:
        read_fd, write_fd = os.pipe()
        with (self.log_dir / "xvfb.log").open("wb") as log:
            self._xvfb = subprocess.Popen(
                [
                    "Xvfb",
                    "-displayfd",
                    str(write_fd),
                    "-screen",
                    "0",
                    f"{SCREEN[0]}x{SCREEN[1]}x24",
                    "-nolisten",
                    "tcp",
                ],
                pass_fds=(write_fd,),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()  # blocks until the server listens
        if not number:
            _kill(self._xvfb)
            raise XDriveError("Xvfb did not start: see " + str(self.log_dir / "xvfb.log"))
        self.display = ":" + number
        with (self.log_dir / "openbox.log").open("wb") as log:
            self._wm = subprocess.Popen(
                ["openbox", "--sm-disable"], env=self.env(), stdout=log, stderr=subprocess.STDOUT
            )
        # Until openbox has announced itself on the root window, windows neither maximise
        # nor take focus.
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            probe = subprocess.run(
                ["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"],
                env=self.env(),
                capture_output=True,
                check=False,
            )
            if b"window id" in probe.stdout:
                break
            time.sleep(0.1)
        else:
            self.stop()
            raise XDriveError("openbox did not start: see " + str(self.log_dir / "openbox.log"))
        return self

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["DISPLAY"] = self.display
        env.pop("QT_QPA_PLATFORM", None)  # the real xcb platform, not offscreen
        return env

    def stop(self) -> None:
        _kill(self._wm)
        _kill(self._xvfb)


@dataclass
class Keyboard:
    """xdotool as the keyboard of one X display."""

    env: dict[str, str]
    rng: random.Random = field(default_factory=lambda: random.Random(7))

    def _run(self, *args: str, timeout: float = 60) -> str:
        done = subprocess.run(
            ["xdotool", *args], env=self.env, capture_output=True, timeout=timeout, check=False
        )
        return done.stdout.decode()

    def scan(self, payload: str, *, delay_ms: int = 3) -> None:
        """A USB wedge scanner: the payload at machine pace, Shift for capitals, then Return
        about 5 ms later (`type` with a newline would send Linefeed, not Return)."""
        self._run("type", "--delay", str(delay_ms), "--", payload)
        time.sleep(0.005)
        self._run("key", "Return")

    def person(self, text: str, *, low_ms: int = 120, high_ms: int = 200) -> None:
        """A person typing: one key every 120-200 ms."""
        for char in text:
            self._run("type", "--delay", "0", "--", char)
            time.sleep(self.rng.uniform(low_ms, high_ms) / 1000)

    def key(self, *keys: str) -> None:
        """Named keys (xdotool keysyms, e.g. "F12", "alt+n", "Return"), one after another,
        at a person's pace."""
        for name in keys:
            self._run("key", name)
            time.sleep(self.rng.uniform(0.12, 0.2))

    def wait_window(self, name_regex: str, timeout: float = 30) -> str:
        """The id of the first window whose title matches, waiting for it to appear."""
        out = self._run("search", "--sync", "--onlyvisible", "--name", name_regex, timeout=timeout)
        ids = out.split()
        if not ids:
            raise XDriveError(f"no window named {name_regex!r}")
        return ids[0]

    def active_window_name(self) -> str:
        return self._run("getactivewindow", "getwindowname").strip()

    def wait_active(self, name_part: str, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if name_part in self.active_window_name():
                return
            time.sleep(0.1)
        raise XDriveError(
            f"the active window is {self.active_window_name()!r}, not one with {name_part!r}"
        )

    def window_geometry(self, window: str) -> tuple[int, int, int, int]:
        """(x, y, width, height) of a window's inside on the screen, as the X server has it
        (xwininfo: `xdotool getwindowgeometry` counts openbox's frame twice)."""
        out = self._run_tool("xwininfo", "-id", window)
        values = {}
        for line in out.splitlines():
            key, _, value = line.strip().partition(":")
            values[key] = value.strip()
        return (
            int(values["Absolute upper-left X"]),
            int(values["Absolute upper-left Y"]),
            int(values["Width"]),
            int(values["Height"]),
        )

    def _run_tool(self, *args: str) -> str:
        done = subprocess.run(args, env=self.env, capture_output=True, timeout=30, check=True)
        return done.stdout.decode()

    def clipboard(self) -> str:
        """The X clipboard's text, read by a Qt client of the same display."""
        env = dict(self.env, QT_QPA_PLATFORM="xcb")
        done = subprocess.run(
            [
                str(ROOT / ".venv" / "bin" / "python"),
                "-c",
                "from PySide6.QtWidgets import QApplication\n"
                "app = QApplication([])\n"
                "import sys; sys.stdout.buffer.write(app.clipboard().text().encode())",
            ],
            env=env,
            capture_output=True,
            timeout=30,
            check=True,
        )
        return done.stdout.decode()

    def screenshot(self, path: Path) -> Path:
        subprocess.run(
            ["import", "-window", "root", str(path)], env=self.env, check=True, timeout=30
        )
        return path


@dataclass
class RunningApp:
    """The real workstation as a subprocess, signed in as the demo's 王建国."""

    server: XServer
    data_dir: Path
    log_path: Path
    lang: str | None = None
    proc: subprocess.Popen[bytes] | None = None

    def start(self) -> RunningApp:
        env = self.server.env()
        home = self.data_dir.parent / "home"
        home.mkdir(exist_ok=True)
        # The app's own per-user folders stay inside the test's directory.
        env.update(
            HOME=str(home),
            XDG_DATA_HOME=str(home / "data"),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_RUNTIME_DIR=str(home),
        )
        command = [str(APP), "--data-dir", str(self.data_dir), "--demo"]
        if self.lang:
            command += ["--lang", self.lang]
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        keys = Keyboard(self.server.env())
        sign_in = "Sign in" if self.lang == "en" else "签到"
        keys.wait_window(sign_in, timeout=60)
        keys.wait_active(sign_in, timeout=15)
        # The demo preselects 王建国 and puts the focus in the PIN field.
        keys.person(DEMO_PIN)
        keys.key("Return")
        keys.wait_window("宁洛高速谭庄站", timeout=60)
        keys.wait_active("宁洛高速谭庄站", timeout=30)
        time.sleep(1.5)  # the divisions and their completer load just after the window shows
        return self

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            # The whole session: the app and anything it started.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)


@contextlib.contextmanager
def cpu_load(seconds: float, workers: int = 2) -> Iterator[None]:
    """Every core busy (stress-ng, or Python spinners without it), bounded and always ended."""
    if shutil.which("stress-ng"):
        command = [
            "stress-ng",
            "--cpu",
            str(workers),
            "--timeout",
            f"{int(seconds)}s",
            "--quiet",
        ]
    else:
        spin = f"import time\nend=time.monotonic()+{seconds}\nwhile time.monotonic()<end: pass"
        command = ["python3", "-c", f"import multiprocessing as m\n{spin}"]
    procs = [
        subprocess.Popen(command, start_new_session=True)
        for _ in range(1 if command[0] == "stress-ng" else workers)
    ]
    time.sleep(0.3)
    try:
        yield
    finally:
        for proc in procs:
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


# ----- travellers -----------------------------------------------------------------------
_SURNAMES = ("li", "wang", "zhang", "liu", "chen", "yang", "zhao", "huang", "zhou", "wu")
_GIVEN = ("wei", "fang", "min", "jing", "lei", "qiang", "jun", "yan", "tao", "ming")


def id_number(rng: random.Random, *, ends_in_x: bool) -> str:
    """A valid resident ID number of 商水县 (411623) or 淮阳 (411626); some end in X."""
    while True:
        region = rng.choice(("411623", "411626", "410722"))
        birth = f"{rng.randint(1950, 2004)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        body = f"{region}{birth}{rng.randint(0, 999):03d}"
        check = ric.calc_check_digit(body + "0")  # the function ignores the last character
        if (check == "X") == ends_in_x:
            return body + check


@dataclass(frozen=True, slots=True)
class Traveller:
    id_number: str
    name: str  # pinyin, typed by the worker
    temperature: str


def travellers(count: int, seed: int = 2022) -> list[Traveller]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        name = f"{rng.choice(_SURNAMES)} {rng.choice(_GIVEN)}"
        temperature = f"36.{rng.randint(1, 9)}"
        out.append(Traveller(id_number(rng, ends_in_x=i % 3 == 0), name, temperature))
    return out


# ----- the store, read through the app's own code ------------------------------------------
class StoreReader:
    """The demo data folder opened with the admin secret, read with RecordRepository."""

    def __init__(self, data_dir: Path) -> None:
        from checkpoint_app.storage.database import DATABASE_FILENAME, open_database
        from checkpoint_app.storage.records import RecordRepository
        from checkpoint_app.storage.unlock import unlock_with_admin

        key = unlock_with_admin(data_dir, DEMO_ADMIN_SECRET)
        self._db = open_database(data_dir / DATABASE_FILENAME, key)
        self._repo = RecordRepository(self._db)

    def count(self) -> int:
        from checkpoint_app.storage.records import RecordFilter

        return self._repo.count(RecordFilter())

    def newest(self, n: int) -> list[object]:
        """The n newest current records, oldest first."""
        from checkpoint_app.storage.records import RecordFilter

        items = self._repo.list_items(RecordFilter(), limit=n)
        return [item.record for item in reversed(items)]

    def wait_count(self, expected: int, timeout: float = 15) -> int:
        deadline = time.monotonic() + timeout
        while True:
            n = self.count()
            if n >= expected or time.monotonic() > deadline:
                return n
            time.sleep(0.05)

    def close(self) -> None:
        self._db.close()


def register(keys: Keyboard, traveller: Traveller, *, start_in: Sequence[str] = ()) -> None:
    """One traveller, keyboard only: the scan (from wherever `start_in` keys put the focus),
    the temperature, the name by Alt+N, F12 for the codes and NAT, Enter to save."""
    if start_in:
        keys.key(*start_in)
    keys.scan(traveller.id_number)
    time.sleep(0.15)  # the worker looks up from the scanner
    keys.person(traveller.temperature)  # the scan put the focus in 体温
    keys.key("alt+n")
    keys.person(traveller.name)
    keys.key("F12", "Return")
