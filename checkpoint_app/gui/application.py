"""Starting the GUI: the QApplication, fonts, translations, and the sign-in → shift loop."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from checkpoint_app import APP_DISPLAY_NAME, APP_NAME, __version__
from checkpoint_app.resources import resource_path
from checkpoint_app.storage.database import DATABASE_FILENAME, open_database
from checkpoint_app.storage.settings_store import load_settings
from checkpoint_app.storage.staff import current_shift, get_checkpoint, open_shift

# Preferred CJK UI fonts: Windows, then Linux (Noto CJK / WenQuanYi), then macOS.
CJK_FAMILIES = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "WenQuanYi Micro Hei",
    "PingFang SC",
    "Source Han Sans SC",
)


def create_application(language: str = "zh_CN", argv: list[str] | None = None) -> QApplication:
    """The QApplication with a CJK font and the chosen language's translations installed."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setApplicationVersion(__version__)
    icon = resource_path("icons", "app.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    family = cjk_font_family()
    if family:
        font = QFont(family)
        font.setPointSize(11)
        app.setFont(font)
    install_translations(app, language)
    return app


def cjk_font_family() -> str | None:
    """A font that can show Simplified Chinese, or None (then text would show as boxes)."""
    for path in (
        sorted(resource_path("fonts").glob("*.[ot]t[fc]"))
        if resource_path("fonts").exists()
        else []
    ):
        QFontDatabase.addApplicationFont(str(path))
    available = set(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    for family in CJK_FAMILIES:
        if family in available:
            return family
    return next(iter(sorted(available)), None)


def install_translations(app: QApplication, language: str) -> list[str]:
    """Install the app's and Qt's own translations for `language`; returns what loaded."""
    loaded: list[str] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_translator = QTranslator(app)
    if qt_translator.load(QLocale(language), "qtbase", "_", qt_dir):
        app.installTranslator(qt_translator)
        loaded.append(f"qtbase_{language}")
    if language != "zh_CN":  # the source strings are Simplified Chinese
        own = QTranslator(app)
        if own.load(str(resource_path("translations", f"{APP_NAME}_{language}.qm"))):
            app.installTranslator(own)
            loaded.append(f"{APP_NAME}_{language}")
    return loaded


def run_gui(data_dir: Path, *, demo: bool, language: str | None) -> int:
    """Run the workstation until the window is closed. Returns the process exit code."""
    from checkpoint_app.gui.crash import install_crash_handler
    from checkpoint_app.gui.dialogs import FirstRunDialog, SignInDialog
    from checkpoint_app.gui.main_window import MainWindow

    try:
        db = open_database(data_dir / DATABASE_FILENAME)
    except Exception as exc:  # no GUI without a store: say why in words
        create_application(language or "zh_CN")
        QMessageBox.critical(
            None, APP_DISPLAY_NAME, f"无法打开数据文件：{data_dir / DATABASE_FILENAME}\n{exc}"
        )
        return 1
    settings = load_settings(db)
    app = create_application(language or settings.language)
    # From here an unhandled error shows a dialog, writes a scrubbed report under
    # data_dir/crash-reports and restarts into the same (persisted) shift.
    install_crash_handler(data_dir)
    hint = preset = ""
    if demo:
        from checkpoint_app.demo import seed_demo

        login = seed_demo(db, now=datetime.now().astimezone())
        hint, preset = f"演示数据：姓名 {login.name}，PIN {login.pin}", login.name
    checkpoint = get_checkpoint(db)
    if checkpoint is None:
        first_run = FirstRunDialog(db)
        if first_run.exec() != QDialog.DialogCode.Accepted:
            return 0
        checkpoint = get_checkpoint(db)
        assert checkpoint is not None
    while True:
        shift = current_shift(db)
        shift_hint = hint
        if shift is not None:
            shift_hint = (
                (hint + "\n" if hint else "")
                + "班次进行中，开始于 "
                + shift.started_at.astimezone().strftime("%m-%d %H:%M")
            )
        dialog = SignInDialog(db, hint=shift_hint, preset_name=preset)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.staff is None:
            return 0
        shift = open_shift(db, dialog.staff)
        window = MainWindow(
            db, settings=load_settings(db), checkpoint=checkpoint, staff=dialog.staff, shift=shift
        )
        signed_out: list[bool] = []
        window.signed_out.connect(lambda flags=signed_out: flags.append(True))
        window.showMaximized()
        app.exec()
        if not signed_out:
            return 0


def run_self_test(data_dir: Path | None) -> int:
    """Open the store, build the main window offscreen, check resources; print each check."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import tempfile

    from checkpoint_app.gui.main_window import MainWindow
    from checkpoint_app.records.divisions import load_divisions
    from checkpoint_app.scanning.payload import default_code_issuers
    from checkpoint_app.settings import Settings
    from checkpoint_app.storage.staff import set_up_checkpoint

    results: list[tuple[str, bool, str]] = []

    def check(name: str, ok: bool, detail: str = "") -> None:
        results.append((name, ok, detail))
        print(f"[{'ok' if ok else 'FAIL'}] {name}" + (f" — {detail}" if detail else ""))

    app = create_application("zh_CN")
    family = cjk_font_family()
    check(
        "CJK font", family is not None, family or "no font can show Chinese: install fonts-noto-cjk"
    )
    en = QTranslator()
    check(
        "English translation",
        en.load(str(resource_path("translations", f"{APP_NAME}_en.qm"))),
        str(resource_path("translations", f"{APP_NAME}_en.qm")),
    )
    check("divisions data", len(load_divisions()) > 3000, f"{len(load_divisions())} divisions")
    check(
        "health-code issuers",
        len(default_code_issuers()) > 0,
        f"{len(default_code_issuers())} issuers",
    )
    for sound in ("ok", "attention"):
        path = resource_path("sounds", f"{sound}.wav")
        check(f"sound {sound}.wav", path.is_file(), str(path))
    with tempfile.TemporaryDirectory() as tmp:
        store_dir = data_dir or Path(tmp)
        db = open_database(store_dir / DATABASE_FILENAME)
        mode = db.execute("PRAGMA journal_mode").fetchone()[0]
        sync = db.execute("PRAGMA synchronous").fetchone()[0]
        check(
            "store opens", mode == "wal" and sync == 2, f"journal_mode={mode}, synchronous={sync}"
        )
        if data_dir is None:
            from checkpoint_app.records.model import CheckpointKind

            checkpoint, staff = set_up_checkpoint(
                db,
                name="自检卡点",
                kind=CheckpointKind.VILLAGE_ROAD,
                township="城关乡",
                admin_name="自检",
                admin_pin="0000",
            )
            shift = open_shift(db, staff)
            window = MainWindow(
                db, settings=Settings(), checkpoint=checkpoint, staff=staff, shift=shift
            )
            window.show()
            app.processEvents()
            check("main window builds", window.isVisible(), window.windowTitle())
            window.close()
        db.close()
    failed = [name for name, ok, _ in results if not ok]
    print(f"self-test: {len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0
