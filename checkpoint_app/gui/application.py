"""Starting the GUI: the QApplication, fonts, translations, and the sign-in → shift loop."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from sqlite_utils import Database

from checkpoint_app import APP_DISPLAY_NAME, APP_NAME, __version__
from checkpoint_app.gui.fonts import cjk_font_family
from checkpoint_app.records.model import StaffRole
from checkpoint_app.resources import resource_path
from checkpoint_app.settings import Settings
from checkpoint_app.storage.database import DATABASE_FILENAME, open_database
from checkpoint_app.storage.settings_store import load_settings
from checkpoint_app.storage.staff import Checkpoint, current_shift, get_checkpoint, open_shift
from checkpoint_app.storage.unlock import is_store_encrypted


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


def install_translations(app: QApplication, language: str) -> list[str]:
    """Install the app's and Qt's own translations for `language`; returns what loaded."""
    loaded: list[str] = []
    # Qt's own dialogs (file dialog sizes, dates, "Yes/No") follow the chosen language, not
    # the laptop's system locale: a Chinese UI never shows an English file dialog.
    QLocale.setDefault(QLocale(language))
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
    """Run the workstation until the window is closed. Returns the process exit code.

    A new data folder gets an encrypted store (storage/unlock.py): the first run shows the
    generated admin secret once. An encrypted store starts locked: the sign-in dialog
    unlocks it with a PIN, and sign-out locks it again once every active staff member can
    unlock with their own PIN on this device. A crash restart asks for the PIN again.
    """
    from checkpoint_app.gui.crash import install_crash_handler
    from checkpoint_app.gui.dialogs import FirstRunDialog, SignInDialog
    from checkpoint_app.gui.main_window import MainWindow
    from checkpoint_app.storage.unlock import discard_new_store, lock_unless_someone_unwrapped

    try:
        db, admin_secret = _open_store_at_start(data_dir, demo=demo)
    except Exception as exc:  # no GUI without a store: say why in words
        create_application(language or "zh_CN")
        QMessageBox.critical(
            None, APP_DISPLAY_NAME, f"无法打开数据文件：{data_dir / DATABASE_FILENAME}\n{exc}"
        )
        return 1
    settings = load_settings(db) if db is not None else Settings()
    app = create_application(language or settings.language)
    # From here an unhandled error shows a dialog, writes a scrubbed report under
    # data_dir/crash-reports and restarts into the same (persisted) shift.
    install_crash_handler(data_dir)
    hint = preset = ""
    if demo and db is not None:
        from checkpoint_app.demo import seed_demo

        login = seed_demo(db, now=datetime.now().astimezone())
        _wrap_demo_pins(data_dir, db, login.pin)
        hint, preset = f"演示数据：姓名 {login.name}，PIN {login.pin}", login.name
    if db is not None and get_checkpoint(db) is None:
        first_run = FirstRunDialog(db)
        first_run.exec()
        # Closing the wizard after the checkpoint was created only skips enrollment.
        if get_checkpoint(db) is None:
            if admin_secret is not None:  # nothing was kept: the next start begins afresh
                discard_new_store(data_dir, db)
            return 0
        if admin_secret is not None:
            show_admin_secret(admin_secret)
    while True:
        shift_hint = hint
        shift = current_shift(db) if db is not None else None
        if shift is not None:
            shift_hint = (
                (hint + "\n" if hint else "")
                + "班次进行中，开始于 "
                + shift.started_at.astimezone().strftime("%m-%d %H:%M")
            )
        dialog = SignInDialog(db, hint=shift_hint, preset_name=preset, data_dir=data_dir)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.staff is None:
            return 0
        db = dialog.db
        assert db is not None
        if dialog.staff.role is StaffRole.ADMIN and not is_store_encrypted(data_dir):
            db = offer_encryption(data_dir, db)
        checkpoint = get_checkpoint(db)
        if checkpoint is None:  # an encrypted store whose first run never finished
            QMessageBox.critical(None, APP_DISPLAY_NAME, "数据文件中没有卡点设置")
            return 1
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
        preset = window.incoming_name
        if is_store_encrypted(data_dir) and lock_unless_someone_unwrapped(data_dir, db):
            # The next person unlocks with their own PIN; the window goes before its store.
            window.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            db.close()
            db = None


def _open_store_at_start(data_dir: Path, *, demo: bool) -> tuple[Database | None, str | None]:
    """The store as start-up finds it: (open store or None when locked, new admin secret).

    A missing store is created encrypted, under a fresh admin secret (returned, to be shown
    once) or, for the demo, under the published demo secret. A plain store from before
    encryption opens as it is (`checkpoint-app encrypt-store` converts it).
    """
    from checkpoint_app.storage.keyfile import UnlockError, new_admin_secret
    from checkpoint_app.storage.unlock import (
        DEMO_ADMIN_SECRET,
        create_encrypted_store,
        unlock_with_admin,
    )

    path = data_dir / DATABASE_FILENAME
    if not path.exists():
        secret = DEMO_ADMIN_SECRET if demo else new_admin_secret()
        return create_encrypted_store(data_dir, secret), None if demo else secret
    if not is_store_encrypted(data_dir):
        return open_database(path), None
    if demo:
        try:
            unlock_with_admin(data_dir, DEMO_ADMIN_SECRET)
            return open_database(path), None
        except UnlockError:  # --demo on a real store: it stays locked
            pass
    return None, None


def _wrap_demo_pins(data_dir: Path, db: Database, pin: str) -> None:
    """Every demo staff member shares the published demo PIN; each needs a wrap once."""
    from checkpoint_app.storage.staff import list_staff
    from checkpoint_app.storage.unlock import ensure_pin_wrapped

    for person in list_staff(db):
        ensure_pin_wrapped(data_dir, person.name, pin)


def offer_encryption(data_dir: Path, db: Database) -> Database:
    """A store from before encryption: the administrator may encrypt it now (seconds).

    Returns the store to go on with: encrypted and unlocked, or the same plain one.
    """
    from checkpoint_app.storage.unlock import encrypt_open_store

    answer = QMessageBox.question(
        None,
        APP_DISPLAY_NAME,
        QCoreApplication.translate(
            "Startup",
            "本机数据文件尚未加密，电脑丢失时旅客信息可能泄露。现在加密吗？"
            "（需要几秒钟；完成后会显示管理密钥，请抄写保存）",
        ),
    )
    if answer != QMessageBox.StandardButton.Yes:
        return db
    try:
        encrypted, secret = encrypt_open_store(data_dir, db)
    except Exception as exc:  # the plain store is untouched: carry on with it
        QMessageBox.warning(
            None,
            APP_DISPLAY_NAME,
            QCoreApplication.translate("Startup", "加密未完成，数据文件保持原样：")
            + str(getattr(exc, "message", exc)),
        )
        return open_database(data_dir / DATABASE_FILENAME)
    show_admin_secret(secret)
    return encrypted


def show_admin_secret(secret: str) -> None:
    """Show the new admin secret once, for the administrator to write down."""
    box = QMessageBox(QMessageBox.Icon.Information, APP_DISPLAY_NAME, "")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(
        QCoreApplication.translate("Startup", "请抄写并妥善保管本卡点的管理密钥：")
        + "\n\n"
        + secret
    )
    box.setInformativeText(
        QCoreApplication.translate(
            "Startup",
            "数据文件已加密。忘记全部 PIN、更换电脑或在命令行处理数据时需要这个密钥；"
            "本软件不会再次显示它，丢失后数据无法恢复。",
        )
    )
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.exec()


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
        from checkpoint_app.storage.encryption import new_data_key

        # The bundle must carry SQLCipher: a new data folder gets an encrypted store.
        encrypted = open_database(Path(tmp) / "encrypted.db", new_data_key())
        cipher = encrypted.execute("PRAGMA cipher_version").fetchone()
        encrypted.close()
        check(
            "store encryption",
            bool(cipher and cipher[0]),
            f"SQLCipher {cipher[0] if cipher else '-'}",
        )
    if data_dir is not None and not (data_dir / DATABASE_FILENAME).exists():
        # A new data folder stays empty: a store made here would be plain SQLite that the
        # first real start then kept using. The first start makes the encrypted one.
        check("data folder", True, f"{data_dir}：尚无数据，首次启动时创建加密存储")
        data_dir = None
    with tempfile.TemporaryDirectory() as tmp:
        store_dir = data_dir or Path(tmp)
        if is_store_encrypted(store_dir):
            # A real station's store: only with the admin secret (CHECKPOINT_ADMIN_SECRET).
            from checkpoint_app.storage.unlock import ADMIN_SECRET_ENV, unlock_with_admin

            try:
                unlock_with_admin(store_dir, os.environ.get(ADMIN_SECRET_ENV, ""))
            except Exception as exc:
                check("store opens", False, f"{getattr(exc, 'message', exc)}（{ADMIN_SECRET_ENV}）")
                print(f"self-test: {len(results) - 1} passed, 1 failed")
                return 1
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
                admin_pin="246810",
            )
            shift = open_shift(db, staff)
            window = MainWindow(
                db, settings=Settings(), checkpoint=checkpoint, staff=staff, shift=shift
            )
            window.show()
            app.processEvents()
            check("main window builds", window.isVisible(), window.windowTitle())
            window.close()
            # The end-of-shift export goes to a USB stick as Excel: the bundle must carry
            # the workbook writer, not find out at the first handover.
            from checkpoint_app.reports.excel import export_records_xlsx

            sheet = Path(tmp) / "shift.xlsx"
            export = export_records_xlsx(db, sheet, shift_id=shift.id, staff_id=staff.id)
            check("shift export (Excel)", sheet.is_file(), f"{export.record_count} records")
            # Papers for the traveller: the QR library, Qt's PDF writer and the receipt
            # printer's commands (python-escpos reads its capabilities file at import).
            check(*_self_test_papers(db, checkpoint, Path(tmp)))
        db.close()
    failed = [name for name, ok, _ in results if not ok]
    print(f"self-test: {len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


def _self_test_papers(db: Database, checkpoint: Checkpoint, folder: Path) -> tuple[str, bool, str]:
    from datetime import UTC, datetime

    from checkpoint_app.gui.papers import write_pdf
    from checkpoint_app.policy.store import load_policy_in_force
    from checkpoint_app.records.model import Disposition, TravellerRecord, new_record_uuid
    from checkpoint_app.reports.papers import PaperKind, build_paper, receipt_bytes
    from checkpoint_app.workstation.papers import paper_texts

    now = datetime.now(UTC)
    record = TravellerRecord(
        uuid=new_record_uuid(), checked_at=now, disposition=Disposition.TURN_BACK, name="自检"
    )
    policy = load_policy_in_force(db).policy
    paper = build_paper(
        PaperKind.TURN_BACK,
        record,
        checkpoint,
        number=None,
        issued_at=now,
        texts=paper_texts(policy),
    )
    pdf = folder / "paper.pdf"
    write_pdf(paper, pdf, "A5")
    receipt = receipt_bytes(paper)
    ok = pdf.is_file() and pdf.read_bytes().startswith(b"%PDF") and len(receipt) > 100
    return "papers (PDF, receipt)", ok, f"{pdf.stat().st_size} B PDF, {len(receipt)} B ESC/POS"
