"""The workstation's main window: the registration form, the shift's list, the status bar."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMainWindow,
    QProgressBar,
    QWidget,
)
from sqlite_utils import Database

from checkpoint_app.gui.background import Task, run_in_background
from checkpoint_app.gui.dialogs import (
    ChangePinDialog,
    CheckpointDialog,
    EnrollDialog,
    ScannerTestDialog,
    SettingsDialog,
    SignInDialog,
    StaffDialog,
)
from checkpoint_app.gui.domain_text import translate_domain_text
from checkpoint_app.gui.forms.ui_main_window import Ui_MainWindow
from checkpoint_app.gui.idcard import IdCardReader
from checkpoint_app.gui.idcard_dialog import IdCardTestDialog
from checkpoint_app.gui.labels import COLOUR_HEX, combo_value, label
from checkpoint_app.gui.record_dialog import RecordDialog
from checkpoint_app.gui.records_model import RecordsTableModel
from checkpoint_app.gui.register_form import CarStep, Submission
from checkpoint_app.gui.scanner_input import (
    SerialScanner,
    WedgeScannerFilter,
    available_serial_ports,
)
from checkpoint_app.gui.screenshots import FolderWatcher, ScreenshotInputFilter, ScreenshotReader
from checkpoint_app.gui.sound import SoundCues
from checkpoint_app.gui.sync_controller import SyncController
from checkpoint_app.policy.schema import Policy
from checkpoint_app.policy.store import load_policy_in_force
from checkpoint_app.records.model import CodeColour, Disposition, StaffRole, TravellerRecord
from checkpoint_app.records.transfers import needs_transfer
from checkpoint_app.scanning.wedge import WedgeConfig
from checkpoint_app.settings import Settings
from checkpoint_app.storage.database import DATABASE_FILENAME, database_folder, open_database
from checkpoint_app.storage.pledge_slips import StoreSlipPad
from checkpoint_app.storage.records import (
    COUNT_CAP,
    RecordFilter,
    RecordRepository,
    StorageError,
)
from checkpoint_app.storage.settings_store import save_settings
from checkpoint_app.storage.staff import (
    Checkpoint,
    Shift,
    Staff,
    note_screen_locked,
    note_screen_unlocked,
)
from checkpoint_app.workstation.registration import earlier_use_of_code, register
from checkpoint_app.workstation.transfers import transfer_sites

if TYPE_CHECKING:  # sync's network and crypto libraries load after the window is up
    from checkpoint_app.gui.papers import PaperDialog
    from checkpoint_app.storage.retention import RetentionReport
    from checkpoint_app.sync.bundle import ExportReport
    from checkpoint_app.sync.client import Enrollment
    from checkpoint_app.workstation.sync import SyncReport

_BANNER_STYLE = (
    "QLabel {{ background: {bg}; color: white; font-size: 30px; font-weight: bold;"
    " border-radius: 8px; padding: 8px; }}"
)


class IdleWatcher(QObject):
    """Emits `idle_timed_out` after `minutes` with no key or mouse input anywhere in the app."""

    idle_timed_out = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle_timed_out.emit)
        self.set_minutes(minutes)

    def set_minutes(self, minutes: int) -> None:
        self._timer.setInterval(max(1, minutes) * 60_000)
        self._timer.start()

    def stop(self) -> None:
        """No more time-outs (the window closed): a closed window never locks."""
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseMove,
            QEvent.Type.Wheel,
        ):
            self._timer.start()
        return False


class MainWindow(QMainWindow):
    """Wires the form, the list and the scanners to the store. Saves on the GUI thread: a
    commit is a few milliseconds, and "保存成功" must only show after it returned."""

    record_saved = Signal(str, int)  # uuid, version
    save_failed = Signal(str)
    signed_out = Signal()
    screen_locked = Signal()
    retention_purged = Signal(object)  # RetentionReport

    def __init__(
        self,
        db: Database,
        *,
        settings: Settings,
        checkpoint: Checkpoint,
        staff: Staff,
        shift: Shift,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self._db = db
        self._repo = RecordRepository(db)
        self._settings = settings
        self._checkpoint = checkpoint
        self._staff = staff
        self._shift = shift
        self._locked = False
        self.setWindowTitle(self.tr("卡点通 — ") + checkpoint.name)

        self.form = self.ui.registerForm
        self._policy_problem = ""
        self.apply_policy()
        self.form.record_submitted.connect(self._save)
        self.form.submit_refused.connect(self._save_refused)
        self.form.person_discarded.connect(lambda: self.sounds.play("attention"))
        # A pre-registration code is one-use here: the form asks the store, and warns.
        self.form.set_preregistration_uses(
            lambda digest, current_uuid: earlier_use_of_code(
                self._db, digest, current_uuid=current_uuid
            )
        )
        self.form.scan_warned.connect(self._scan_warned)
        self.form.set_plate_province(settings.plate_province)
        # The paper pledge slips' next number is the workstation's, kept in its store.
        self.form.set_slip_pad(StoreSlipPad(lambda: self._db))
        self._queued_scans: list[tuple[str, str]] = []
        self._queued_cards: list[object] = []
        self.incoming_name = ""  # set by a handover: who signs in next

        self.model = RecordsTableModel(self._repo, self)
        self.ui.recordsTable.setModel(self.model)
        header = self.ui.recordsTable.horizontalHeader()
        # Sized once from the first page: ResizeToContents would measure every cell
        # after every save (~70 ms per save at a busy toll station).
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.ui.recordsTable.verticalHeader().hide()
        self.ui.recordsTable.doubleClicked.connect(lambda _i: self.open_selected_record())
        # The form takes what it needs (two columns fit 1366×768); the list gets the rest.
        self.ui.splitter.setSizes([self.form.minimumSizeHint().width() + 24, 520])
        self.ui.splitter.setStretchFactor(0, 0)
        self.ui.splitter.setStretchFactor(1, 1)
        # The form never clips sideways (it scrolls only up and down): its pane is at least
        # as wide as the form needs, in whichever language it is shown.
        scroll = self.ui.formScroll
        scroll.setMinimumWidth(
            self.form.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width()
        )
        self._set_up_filters()

        self.sounds = SoundCues(settings.sound_enabled, self)
        self.scanner = WedgeScannerFilter(
            WedgeConfig(settings.wedge_max_gap_ms, settings.wedge_min_length), self
        )
        self.scanner.scan_received.connect(self._scan_received)
        self.scanner.scan_refused.connect(self._scan_refused)
        QApplication.instance().installEventFilter(self.scanner)
        self.serial = SerialScanner(self)
        self.serial.scan_received.connect(lambda text: self._scan_received(text, "serial"))
        self.serial.error_occurred.connect(self._status_message)
        if settings.serial_port:
            self.serial.open(settings.serial_port, settings.serial_baud)
        # The second-generation ID-card reader: name and number exactly, off the chip.
        self.idcard_reader = IdCardReader(self)
        self.idcard_reader.card_read.connect(self._card_read)
        self.idcard_reader.reader_error.connect(self._status_message)
        if settings.idcard_port:
            self.idcard_reader.start(settings.idcard_driver, settings.idcard_port)

        self.screenshots = ScreenshotReader(
            self.form,
            db,
            max_age_minutes=self.policy.thresholds.screenshot_max_age_minutes,
            parent=self,
        )
        self._screenshot_input = ScreenshotInputFilter(self)
        QApplication.instance().installEventFilter(self._screenshot_input)
        self._screenshot_input.images_dropped.connect(self.read_screenshot_files)
        self._screenshot_input.image_pasted.connect(
            lambda data: self.screenshots.read([(data, self.tr("剪贴板图片"))])
        )
        self._progress = QProgressBar(self)
        self._progress.setMaximumWidth(160)
        self._progress.hide()
        self.statusBar().addWidget(self._progress)
        self.screenshots.batch_progressed.connect(self._screenshot_progress)
        self.screenshots.idle.connect(self._progress.hide)
        self.folder_watcher = FolderWatcher(self)
        self.folder_watcher.image_arrived.connect(self._offer_screenshot)
        self._offered: Path | None = None
        if settings.watch_folder:
            self.folder_watcher.watch(settings.watch_folder)

        self.sync = SyncController(db, database_folder(db), self)
        self.sync.status_changed.connect(lambda _status: self._show_sync_status())
        self.sync.sync_finished.connect(self._sync_finished)
        self.sync.export_finished.connect(self._export_finished)

        self.idle = IdleWatcher(settings.idle_lock_minutes, self)
        QApplication.instance().installEventFilter(self.idle)
        self.idle.idle_timed_out.connect(lambda: self.lock(idle=True))

        self._status_staff = QLabel(self)
        self._status_pending = QLabel(self)
        self._status_retention = QLabel(self)
        self._status_retention.setStyleSheet("color: #e65100; font-weight: bold;")
        self._status_retention.hide()
        for widget in (self._status_staff, self._status_pending, self._status_retention):
            widget.setTextFormat(Qt.TextFormat.PlainText)
            self.statusBar().addPermanentWidget(widget)
        self._status_staff.setText(
            f"{checkpoint.name} · {label(staff.role)} {staff.name} · "
            + self.tr("班次开始 ")
            + shift.started_at.astimezone().strftime("%m-%d %H:%M")
        )

        ui = self.ui
        ui.lockAction.triggered.connect(self.lock)
        ui.signOutAction.triggered.connect(self.sign_out)
        ui.quitAction.triggered.connect(self.close)
        ui.openRecordAction.triggered.connect(self.open_selected_record)
        ui.findAction.triggered.connect(
            lambda: (ui.searchEdit.setFocus(), ui.searchEdit.selectAll())
        )
        ui.newRecordAction.triggered.connect(self.form.start_new)
        ui.syncNowAction.triggered.connect(self.sync.sync_now)
        ui.exportAction.triggered.connect(self.export_shift)
        ui.enrollAction.triggered.connect(self.open_enroll)
        ui.enrollAction.setEnabled(staff.role is not StaffRole.REGISTRAR)
        ui.importPolicyAction.triggered.connect(self.import_policy)
        ui.importPolicyAction.setEnabled(staff.role is StaffRole.ADMIN)
        ui.openScreenshotAction.triggered.connect(self.open_screenshots)
        ui.readOfferedAction.triggered.connect(self.read_offered_screenshot)
        ui.watchFolderAction.triggered.connect(self.choose_watch_folder)
        ui.cameraAction.triggered.connect(self.open_camera)
        ui.scannerTestAction.triggered.connect(self.open_scanner_test)
        ui.serialPortAction.triggered.connect(self.choose_serial_port)
        ui.idcardTestAction.triggered.connect(self.open_idcard_test)
        ui.settingsAction.triggered.connect(self.open_settings)
        ui.settingsAction.setEnabled(staff.role is not StaffRole.REGISTRAR)
        ui.staffAction.triggered.connect(self.open_staff)
        ui.staffAction.setEnabled(staff.role is StaffRole.ADMIN)
        ui.checkpointAction.triggered.connect(self.open_checkpoint)
        ui.checkpointAction.setEnabled(staff.role is StaffRole.ADMIN)
        self._add_statistics_and_retention_actions()
        self._add_paper_action()
        self._add_transfer_action()
        self._transfer_dialog: QWidget | None = None
        self._slip_dialog: QWidget | None = None

        self._show_banner(self.tr("请扫码登记"), "#607d8b")
        self._services_started = False
        self.refresh()
        self._size_columns()
        # Sync starts once the window is up: its libraries are not needed to register.
        QTimer.singleShot(0, self, self._start_services)
        self.form.ui.scanEdit.setFocus()

    # ----- list and counts ------------------------------------------------------------
    # The widest text each column usually holds, by model column: widths come from these,
    # not from whichever records happen to be on the first page (a pinyin name, a long
    # origin), so a restart never pushes 体温 or 健康码 off the screen.
    _COLUMN_SAMPLES = (
        "12-02 23:59",
        "Ouyang Xiaoming",
        "4116**********123X",
        "138****5678",
        "豫PD12345 · 司机，共 3 人",
        "河南省周口市商水县",
        "37.3",
        "绿码",
        "绿码",
        "阴性 · 48 小时内",
        "放行+落地检",
        "已同步",
    )
    # What the worker looks at first, first: when, who, temperature, codes, decision.
    _VISUAL_ORDER = (0, 1, 6, 7, 10, 2, 3, 4, 8, 9, 5, 11)

    def _size_columns(self) -> None:
        table = self.ui.recordsTable
        header = table.horizontalHeader()
        metrics = table.fontMetrics()
        padding = 2 * table.style().pixelMetric(table.style().PixelMetric.PM_HeaderMargin) + 12
        for column, sample in enumerate(self._COLUMN_SAMPLES):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            icon = 18 if column in (7, 8) else 0
            width = max(metrics.horizontalAdvance(sample) + icon, metrics.horizontalAdvance(title))
            header.resizeSection(column, width + padding)
        for visual, logical in enumerate(self._VISUAL_ORDER):
            header.moveSection(header.visualIndex(logical), visual)

    def _set_up_filters(self) -> None:
        ui = self.ui
        ui.colourFilter.addItem(self.tr("全部颜色"), None)
        for colour in (CodeColour.GREEN, CodeColour.YELLOW, CodeColour.RED, CodeColour.GREY):
            ui.colourFilter.addItem(label(colour), colour)
        ui.dispositionFilter.addItem(self.tr("全部处置"), None)
        for disposition in Disposition:
            ui.dispositionFilter.addItem(label(disposition), disposition)
        ui.colourFilter.currentIndexChanged.connect(self._filters_changed)
        ui.dispositionFilter.currentIndexChanged.connect(self._filters_changed)
        ui.feverFilter.toggled.connect(self._filters_changed)
        ui.expiredNatFilter.toggled.connect(self._filters_changed)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self._filters_changed)
        ui.searchEdit.textChanged.connect(lambda _t: self._search_timer.start())

    def current_filter(self) -> RecordFilter:
        ui = self.ui
        text = ui.searchEdit.text().strip()
        return RecordFilter(
            # Search looks through every record; the filters alone show this shift.
            shift_id=None if text else self._shift.id,
            colour=combo_value(ui.colourFilter, CodeColour),
            disposition=combo_value(ui.dispositionFilter, Disposition),
            fever_only=ui.feverFilter.isChecked(),
            expired_nat_only=ui.expiredNatFilter.isChecked(),
            text=text,
        )

    def _filters_changed(self) -> None:
        self.model.set_filter(self.current_filter())
        self._update_counts()

    def refresh(self) -> None:
        self.model.set_filter(self.current_filter())
        self._update_counts()

    def _update_counts(self) -> None:
        counts = self._repo.disposition_counts(RecordFilter(shift_id=self._shift.id))
        total = sum(counts.values())
        parts = [self.tr("本班 %n 人", "", total)]
        parts += [f"{label(d)} {n}" for d, n in counts.items() if n]
        if self.ui.searchEdit.text().strip():
            if self.model.total > COUNT_CAP:
                parts.append(self.tr("查找结果超过 %n 条，请输入更多", "", COUNT_CAP))
            else:
                parts.append(self.tr("查找结果 %n 条", "", self.model.total))
        self.ui.countsLabel.setText(" · ".join(parts))
        self._status_pending.setText(self.tr("离线 · 待同步 %n 条", "", self._repo.pending_count()))

    # ----- scans and saves --------------------------------------------------------------
    def _scan_received(self, payload: str, source: str = "wedge") -> None:
        if self._locked:
            return
        modal = QApplication.activeModalWidget()
        if isinstance(modal, ScannerTestDialog):
            return  # the scanner test shows it instead
        if modal is not None:
            # A dialog is open: the scan waits for it to close instead of being lost.
            self._queued_scans.append((payload, source))
            self._status_message(self.tr("对话框打开时收到扫码，关闭对话框后填入登记表"))
            self.sounds.play("ok")
            QTimer.singleShot(200, self, self._apply_queued_scans)
            return
        self.form.apply_scan(payload, source)

    def _apply_queued_scans(self) -> None:
        if not self._queued_scans and not self._queued_cards:
            return
        if QApplication.activeModalWidget() is not None or self._locked:
            QTimer.singleShot(200, self, self._apply_queued_scans)
            return
        scans, self._queued_scans = self._queued_scans, []
        cards, self._queued_cards = self._queued_cards, []
        for card in cards:
            self.form.apply_id_card(card)  # type: ignore[arg-type]
        for payload, source in scans:
            self.form.apply_scan(payload, source)
        self._status_message(self.tr("已填入对话框打开时收到的扫码"))

    def _scan_refused(self, message: str) -> None:
        """A garbled or interrupted scan: nothing was filled; say so loudly."""
        if self._locked:
            return
        self._show_banner(translate_domain_text(message), "#6d4c41")
        self.sounds.play("attention")

    def _scan_warned(self, message: str) -> None:
        """A scan filled the form but the worker must look (a pre-registration code used
        here before): the warning in the banner, with the attention sound."""
        if self._locked:
            return
        self._show_banner("⚠ " + message, "#e65100")
        self.sounds.play("attention")

    def _save_refused(self, message: str) -> None:
        self._show_banner(self.tr("未保存：") + message, "#c62828")
        self.sounds.play("attention")
        self.save_failed.emit(message)

    def _save(self, submission: Submission) -> None:
        try:
            registered = register(
                self._db,
                submission,
                shift_id=self._shift.id,
                staff_id=self._staff.id,
                watch_list=self._watch_list,
            )
        except StorageError as exc:
            message = translate_domain_text(exc.message)
            self._show_banner(self.tr("未保存：") + message, "#6d4c41")
            self.sounds.play("attention")
            self.save_failed.emit(message)
            return
        record = registered.record
        attention = record.disposition not in (Disposition.RELEASE,) or submission.assessment.fever
        colour = {
            Disposition.RELEASE: COLOUR_HEX[CodeColour.GREEN],
            Disposition.RELEASE_TEST: "#2e7d32",
            Disposition.HOME_MONITORING: COLOUR_HEX[CodeColour.YELLOW],
            Disposition.HOME_QUARANTINE: COLOUR_HEX[CodeColour.YELLOW],
        }.get(record.disposition, COLOUR_HEX[CodeColour.RED])
        who = record.name or (self.tr("尾号 ") + record.document_number[-4:])
        car_text = (
            "\n" + self.tr("整车同处置，另改 %n 人", "", registered.car_changed)
            if submission.car_step is CarStep.WHOLE_CAR
            else ""
        )
        self._show_banner(
            f"{label(record.disposition)}\n{who} · "
            + ("" if record.temperature is None else f"{record.temperature:.1f}°C · ")
            + self.tr("已保存")
            + car_text,
            colour,
        )
        self.sounds.play("attention" if attention else "ok")
        if needs_transfer(record.disposition):
            self._offer_transfer(record)
        if submission.car_step is CarStep.NEXT_IN_CAR:
            self.form.start_next_in_car(record)
        else:
            self.form.start_new()
        self.refresh()
        self.sync.record_saved()
        self.record_saved.emit(record.uuid, record.version)

    def _show_banner(self, text: str, background: str) -> None:
        self.ui.resultBanner.setText(text)
        self.ui.resultBanner.setStyleSheet(_BANNER_STYLE.format(bg=background))

    def _status_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 10_000)

    def _start_services(self) -> None:
        self._services_started = True
        self._pin_county_key()  # reads the enrollment with the sync libraries, not at start-up
        self._apply_image_retention()
        if self._staff.role is not StaffRole.REGISTRAR:
            self.purge_expired_records(automatic=True)
        self.sounds.load()
        self.sync.start()

    # ----- sync and export -------------------------------------------------------------------
    def _show_sync_status(self) -> None:
        if not self._services_started:
            self._status_pending.setText(self.tr("待同步 %n 条", "", self._repo.pending_count()))
            return
        from checkpoint_app.sync.client import policy_age_warning
        from checkpoint_app.sync.outbox import current_policy

        now = datetime.now().astimezone()
        text = self.sync.describe(self.sync.status(), now=now)
        warning = policy_age_warning(current_policy(self._db), max_age_hours=72, now=now)
        if warning and self.sync.status().enrolled:
            text += " · " + warning
        if self._policy_problem:
            text += " · " + self._policy_problem
        self._status_pending.setText(text)

    def _sync_finished(self, report: SyncReport) -> None:
        self.model.reload()  # the 同步 column changes
        if report.policy is not None:
            self.apply_policy()  # a new pack takes effect for the next traveller
        if report.failure is None and report.push is not None and report.push.accepted:
            self._status_message(report.summary())

    def export_shift(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择U盘或导出文件夹"))
        if folder:
            self._status_message(self.tr("正在导出…"))
            self.sync.export_to(Path(folder))

    def _export_finished(self, report: ExportReport) -> None:
        if report.error:
            self._show_banner(self.tr("导出失败：") + report.error, "#6d4c41")
            return
        if report.path is None:
            self._status_message(self.tr("没有新的记录需要导出"))
            return
        from checkpoint_app.gui.background import reraise
        from checkpoint_app.workstation.handover import record_bundle_export

        # The audit row is written on a worker with its own connection, never on this thread.
        data_dir, staff_id, name = database_folder(self._db), self._staff.id, report.path.name
        run_in_background(
            lambda is_cancelled, on_progress: record_bundle_export(
                data_dir, staff_id=staff_id, file_name=name, records=report.record_count
            ),
            on_done=lambda _: None,
            on_error=reraise,  # a fault, not a refusal: the crash handler reports it
        )
        held = ""
        if report.held_back:
            held = "\n" + self.tr("%n 条未导出，需负责人更正：", "", report.held_back)
            held += report.held_back_reason
        self._show_banner(
            self.tr("已导出 %n 条记录", "", report.record_count) + "\n" + report.path.name + held,
            "#1565c0",
        )

    def _pin_county_key(self) -> None:
        """Hand the form the county key pinned at enrollment (verifies pre-registrations)."""
        import base64

        from checkpoint_app.sync.keys import KeyFileError, load_enrollment

        try:
            info = load_enrollment(database_folder(self._db))
        except KeyFileError:
            info = None
        key = base64.b64decode(info.county_signing_key) if info is not None else None
        self.form.set_county_key(key)

    def open_enroll(self) -> None:
        dialog = EnrollDialog(self)
        dialog.enroll_requested.connect(self.sync.enroll)

        def finished(result: Enrollment | None) -> None:
            if result is not None and result.ok:
                self._pin_county_key()
                dialog.show_result(self.tr("注册成功：") + result.checkpoint_name, ok=True)
            else:
                reason = result.failure.message if result and result.failure else ""
                dialog.show_result(self.tr("注册失败：") + reason, ok=False)

        self.sync.enrollment_finished.connect(finished)
        dialog.exec()
        self.sync.enrollment_finished.disconnect(finished)

    def import_policy(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择防控策略包"))
        if not path:
            return
        from checkpoint_app.policy.pull import import_policy_file

        report = import_policy_file(
            self._db, database_folder(self._db), Path(path), staff_id=self._staff.id
        )
        self._status_message(report.message)
        self.apply_policy()
        self._show_sync_status()

    # ----- screenshots ---------------------------------------------------------------------
    def read_screenshot_files(self, paths: list[Path]) -> None:
        self.screenshots.read([(path, path.name) for path in paths])

    def open_screenshots(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("打开截图"),
            self._settings.watch_folder or str(Path.home()),
            self.tr("图片 (*.png *.jpg *.jpeg *.webp *.bmp)"),
        )
        if files:
            self.read_screenshot_files([Path(f) for f in files])

    def _screenshot_progress(self, done: int, total: int) -> None:
        if total > 1:
            self._progress.setRange(0, total)
            self._progress.setValue(done)
            self._progress.setFormat(self.tr("截图 %v/%m"))
            self._progress.show()

    def _offer_screenshot(self, path: Path) -> None:
        self._offered = path
        self.ui.readOfferedAction.setEnabled(True)
        self._status_message(self.tr("收到新截图 ") + path.name + self.tr("，按 F10 读取"))

    def read_offered_screenshot(self) -> None:
        if self._offered is None:
            return
        path, self._offered = self._offered, None
        self.ui.readOfferedAction.setEnabled(False)
        self.read_screenshot_files([path])

    def choose_watch_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("选择要监视的截图文件夹"), self._settings.watch_folder or str(Path.home())
        )
        if folder:
            self.watch_folder(folder)

    def watch_folder(self, folder: str) -> None:
        if self.folder_watcher.watch(folder):
            self._settings = replace(self._settings, watch_folder=folder)
            save_settings(self._db, self._settings, staff_id=self._staff.id)
            self._status_message(self.tr("正在监视文件夹：") + folder)
        else:
            self._status_message(self.tr("无法监视该文件夹：") + folder)

    def open_camera(self) -> None:
        from checkpoint_app.gui.camera import CameraDialog

        dialog = CameraDialog(self._settings.camera_source, self)
        dialog.frame_captured.connect(
            lambda data: self.screenshots.read([(data, self.tr("摄像头画面"))])
        )
        dialog.exec()

    # ----- records ------------------------------------------------------------------------
    def open_selected_record(self) -> None:
        index = self.ui.recordsTable.currentIndex()
        item = self.model.item_at(index.row()) if index.isValid() else None
        if item is None:
            self._status_message(self.tr("请先在列表中选中一条记录"))
            return
        dialog = RecordDialog(
            self._repo,
            item.record.uuid,
            staff=self._staff,
            policy=self.policy,
            parent=self,
        )
        dialog.record_corrected.connect(lambda _u, _v: self.refresh())
        self.screen_locked.connect(dialog.remask)
        dialog.exec()
        self.screen_locked.disconnect(dialog.remask)

    # ----- tools ----------------------------------------------------------------------------
    def open_scanner_test(self) -> None:
        dialog = ScannerTestDialog(self.scanner, self)
        dialog.config_saved.connect(self._save_wedge_config)
        dialog.exec()

    def open_idcard_test(self) -> None:
        """工具 → 测试读卡器: raw frames and the masked card; the port has one user at a time."""
        self.idcard_reader.stop()
        settings = self._settings
        dialog = IdCardTestDialog(
            driver=settings.idcard_driver, port=settings.idcard_port, parent=self
        )
        worked: list[object] = []
        dialog.probe_finished.connect(
            lambda result: worked.append(result) if result.card is not None else None
        )
        dialog.exec()
        chosen = (dialog.chosen_driver(), dialog.chosen_port())
        if (
            worked
            and chosen != (settings.idcard_driver, settings.idcard_port)
            and self._staff.role is not StaffRole.REGISTRAR
        ):
            # A port that just read a card is the one to use from now on (audited).
            self.apply_settings(replace(settings, idcard_driver=chosen[0], idcard_port=chosen[1]))
            settings = self._settings
        if settings.idcard_port:
            self.idcard_reader.start(settings.idcard_driver, settings.idcard_port)

    def _card_read(self, card: object) -> None:
        if self._locked:
            return
        if QApplication.activeModalWidget() is not None:
            self._queued_cards.append(card)
            self._status_message(self.tr("对话框打开时读到身份证，关闭对话框后填入登记表"))
            QTimer.singleShot(200, self, self._apply_queued_scans)
            return
        self.form.apply_id_card(card)  # type: ignore[arg-type]
        self.sounds.play("ok")

    def _apply_image_retention(self) -> None:
        from checkpoint_app.storage.kept_images import purge_kept_images

        self.screenshots.data_dir = database_folder(self._db)
        self.screenshots.keep_images_days = self._settings.keep_images_days
        purge_kept_images(
            database_folder(self._db),
            keep_days=self._settings.keep_images_days,
            now=datetime.now().astimezone(),
        )

    def apply_policy(self) -> None:
        """Put the policy in force into the form: the county's pack once one has arrived,
        else the built-in rules with this workstation's own thresholds."""
        in_force = load_policy_in_force(self._db)
        policy = in_force.policy
        if policy.pack_version is None:
            policy = replace(
                policy,
                thresholds=replace(
                    policy.thresholds,
                    fever_celsius=self._settings.fever_threshold,
                    nat_valid_hours=self._settings.nat_valid_hours,
                    screenshot_max_age_minutes=self._settings.screenshot_max_age_minutes,
                ),
            )
        self.policy: Policy = policy
        self._policy_problem = in_force.problem
        self.form.set_policy(
            policy, (self._settings.temperature_low, self._settings.temperature_high)
        )
        if hasattr(self, "screenshots"):
            self.screenshots.max_age_minutes = policy.thresholds.screenshot_max_age_minutes
        from checkpoint_app.watchlist.store import current_watch_list

        # Pulled with the policy on every sync; the form warns on a listed document number.
        self._watch_list = current_watch_list(self._db)
        self.form.set_watch_list(self._watch_list)

    def open_checkpoint(self) -> None:
        """工具 → 卡点信息: an administrator changes the name, kind or township."""
        dialog = CheckpointDialog(
            self._db, admin=self._staff, checkpoint=self._checkpoint, parent=self
        )
        if dialog.exec() == CheckpointDialog.DialogCode.Accepted:
            self._checkpoint = dialog.checkpoint
            self.setWindowTitle(self.tr("卡点通 — ") + self._checkpoint.name)

    def open_staff(self) -> None:
        StaffDialog(self._db, admin=self._staff, parent=self).exec()

    def open_settings(self) -> None:
        county = self.policy.thresholds.retention_days if self.policy.pack_version else None
        dialog = SettingsDialog(self._settings, self, county_retention_days=county)
        if dialog.exec() == SettingsDialog.DialogCode.Accepted:
            self.apply_settings(dialog.settings())

    def apply_settings(self, settings: Settings) -> None:
        """Save (audited) and put new thresholds, idle lock and sound into effect at once."""
        save_settings(self._db, settings, staff_id=self._staff.id)
        self._settings = settings
        self.apply_policy()
        self.idle.set_minutes(settings.idle_lock_minutes)
        self._apply_image_retention()
        self.sounds.enabled = settings.sound_enabled

    def _save_wedge_config(self, config: WedgeConfig) -> None:
        self._settings = replace(
            self._settings, wedge_max_gap_ms=config.max_gap_ms, wedge_min_length=config.min_length
        )
        save_settings(self._db, self._settings, staff_id=self._staff.id)

    def choose_serial_port(self) -> None:
        ports = available_serial_ports()
        names = [self.tr("（不使用串口扫码枪）")] + [f"{n} — {d}" for n, d in ports]
        choice, ok = QInputDialog.getItem(
            self, self.tr("串口扫码枪"), self.tr("选择扫码枪所在的串口："), names, 0, False
        )
        if not ok:
            return
        port = "" if names.index(choice) == 0 else ports[names.index(choice) - 1][0]
        if port:
            if not self.serial.open(port, self._settings.serial_baud):
                return
            self._status_message(self.tr("串口扫码枪已连接：") + port)
        else:
            self.serial.close()
        self._settings = replace(self._settings, serial_port=port)
        save_settings(self._db, self._settings, staff_id=self._staff.id)

    # ----- lock and sign-out ---------------------------------------------------------------
    def lock(self, *, idle: bool = False) -> None:
        if self._locked or not self.isVisible():
            return  # a window that is not shown (or was closed) has nothing to hide
        self._locked = True
        self.centralWidget().setVisible(False)  # nothing of the travellers shows while locked
        note_screen_locked(self._db, self._staff, idle=idle)
        self.screen_locked.emit()  # e.g. an open record dialog masks its numbers again
        dialog = SignInDialog(self._db, self, unlock_for=self._staff)
        dialog.exec()
        note_screen_unlocked(self._db, self._staff, by=dialog.staff or self._staff)
        self.centralWidget().setVisible(True)
        self._locked = False
        self.form.ui.scanEdit.setFocus()

    @property
    def locked(self) -> bool:
        return self._locked

    # ----- statistics and retention ---------------------------------------------------------
    def _add_statistics_and_retention_actions(self) -> None:
        self.chartsAction = QAction(self.tr("统计图表…"), self)
        self.chartsAction.setShortcut(QKeySequence("Ctrl+T"))
        self.chartsAction.triggered.connect(self.open_charts)
        self.ui.recordsMenu.addSeparator()
        self.ui.recordsMenu.addAction(self.chartsAction)
        self.purgeAction = QAction(self.tr("清理超过保留期的记录…"), self)
        self.purgeAction.triggered.connect(lambda: self.purge_expired_records(automatic=False))
        self.purgeAction.setEnabled(self._staff.role is not StaffRole.REGISTRAR)
        self.ui.toolsMenu.addAction(self.purgeAction)
        self._purge_task: Task | None = None
        self.changePinAction = QAction(self.tr("修改PIN…"), self)
        self.changePinAction.triggered.connect(self.open_change_pin)
        self.ui.shiftMenu.insertAction(self.ui.signOutAction, self.changePinAction)

    # ----- closed-loop transfers -------------------------------------------------------------
    def _add_transfer_action(self) -> None:
        self.transferAction = QAction(self.tr("闭环转运…"), self)
        self.transferAction.setShortcut(QKeySequence("Ctrl+J"))
        self.transferAction.triggered.connect(self.open_transfer_dialog)
        self.ui.recordsMenu.addAction(self.transferAction)
        self.printSlipAction = QAction(self.tr("打印闭环转运单…"), self)
        self.printSlipAction.triggered.connect(self.open_transfer_slip)
        self.ui.recordsMenu.addAction(self.printSlipAction)

    def _offer_transfer(self, record: TravellerRecord) -> None:
        """After saving someone sent on in a closed loop: the transfer's details, at once.

        Without the county's list of receiving sites there is nothing to choose from: the
        banner says where to record it once the list has arrived.
        """
        if not transfer_sites(self._db, record.disposition):
            self.ui.resultBanner.setText(
                self.ui.resultBanner.text()
                + "\n"
                + self.tr("需闭环转运：收到县里的接收点名单后，在 记录 → 闭环转运…（Ctrl+J）登记")
            )
            return
        # After the banner has been painted; the dialog is modal, so a scan meanwhile is
        # queued for the form like during any other dialog.
        QTimer.singleShot(0, lambda: self._open_transfer_for(record))

    def open_transfer_dialog(self) -> None:
        """记录 → 闭环转运: the transfer of the selected record, else the newest one."""
        index = self.ui.recordsTable.currentIndex()
        item = self.model.item_at(index.row() if index.isValid() else 0)
        if item is None or not needs_transfer(item.record.disposition):
            self._status_message(self.tr("所选记录不需要闭环转运（集中隔离、转运发热门诊才需要）"))
            return
        self._open_transfer_for(item.record)

    def _open_transfer_for(self, record: TravellerRecord) -> None:
        from checkpoint_app.gui.transfer_dialog import show_transfer_dialog

        self._transfer_dialog = show_transfer_dialog(
            self,
            self._db,
            record,
            staff_id=self._staff.id,
            modal=True,
            print_slip=lambda _uuid: self._print_slip_for(record),
        )

    def open_transfer_slip(self) -> None:
        """记录 → 打印闭环转运单: the slip of the selected record's transfer."""
        from checkpoint_app.workstation.transfers import record_transfers

        index = self.ui.recordsTable.currentIndex()
        item = self.model.item_at(index.row() if index.isValid() else 0)
        if item is None or not record_transfers(self._db, item.record.uuid):
            self._status_message(self.tr("所选记录没有登记闭环转运，无转运单可打印"))
            return
        self._paper_dialog(item.record, slip_only=True).exec()

    def _print_slip_for(self, record: TravellerRecord) -> QWidget:
        """After a transfer was recorded: its slip, printed at once to the chosen printer
        (the receipt printer, else the print dialog); the paper dialog stays to say how
        it went. The transfer is stored already, whatever the printer does."""
        dialog = self._paper_dialog(record, slip_only=True)
        dialog.open()
        dialog.print_paper()
        self._slip_dialog = dialog
        return dialog

    # ----- papers for the traveller ---------------------------------------------------------
    def _add_paper_action(self) -> None:
        self.printPaperAction = QAction(self.tr("打印告知书…"), self)
        self.printPaperAction.setShortcut(QKeySequence("Ctrl+P"))
        self.printPaperAction.triggered.connect(self.open_paper_dialog)
        self.ui.recordsMenu.addAction(self.printPaperAction)

    def open_paper_dialog(self) -> None:
        """记录 → 打印告知书: papers for the selected record, else the newest in the list; a
        transferred person's 闭环转运单 first."""
        index = self.ui.recordsTable.currentIndex()
        item = self.model.item_at(index.row() if index.isValid() else 0)
        if item is None:
            self._status_message(self.tr("还没有登记记录可打印"))
            return
        self._paper_dialog(item.record).exec()

    def _paper_dialog(self, record: TravellerRecord, *, slip_only: bool = False) -> PaperDialog:
        from checkpoint_app.gui.papers import PaperDialog
        from checkpoint_app.reports.papers import PaperKind
        from checkpoint_app.workstation.papers import (
            issue_paper,
            issue_paper_apart,
            paper_kinds,
            preview_paper,
        )

        folder = database_folder(self._db)
        dialog = PaperDialog(
            kinds=(PaperKind.TRANSFER_SLIP,) if slip_only else paper_kinds(self._db, record),
            who=f"{record.name} · {label(record.disposition)}",
            settings=self._settings,
            preview=lambda kind: preview_paper(self._db, record.uuid, kind, policy=self.policy),
            issue=lambda kind, deliver: issue_paper(
                self._db,
                record.uuid,
                kind,
                policy=self.policy,
                staff_id=self._staff.id,
                data_dir=database_folder(self._db),
                deliver=deliver,
            ),
            issue_on_worker=lambda kind, deliver: issue_paper_apart(
                folder,  # read here: the GUI's connection is not for the worker's thread
                record.uuid,
                kind,
                policy=self.policy,
                staff_id=self._staff.id,
                deliver=deliver,
            ),
            parent=self,
        )
        dialog.settings_changed.connect(self.apply_settings)
        return dialog

    def open_change_pin(self) -> None:
        """班次 → 修改PIN: the signed-in person changes their own PIN."""
        dialog = ChangePinDialog(self._db, staff=self._staff, parent=self)
        dialog.pin_changed.connect(lambda _staff: self._status_message(self.tr("PIN 已修改")))
        dialog.exec()

    def open_charts(self) -> None:
        from checkpoint_app.gui.charts import ChartsDialog

        ChartsDialog(self._db, shift=self._shift, parent=self).exec()

    def retention_days(self) -> int:
        """The county's retention period once its pack arrived, else this workstation's."""
        from checkpoint_app.storage.retention import retention_days_in_force

        county = self.policy.thresholds.retention_days if self.policy.pack_version else None
        return retention_days_in_force(county, self._settings.retention_days)

    def purge_expired_records(self, *, automatic: bool) -> None:
        """Purge delivered records past the retention period (leads and admins; audited) and
        tell the lead about old records that never reached the county.

        The purge runs on a worker with its own connection (secure delete and the WAL
        truncation take seconds on a big store); the counts show in the status bar.
        """
        from checkpoint_app.storage.retention import purge_expired_records

        if self._staff.role is StaffRole.REGISTRAR or self._purge_task is not None:
            return
        days = self.retention_days()
        path = database_folder(self._db) / DATABASE_FILENAME
        staff_id = self._staff.id

        def purge(*, is_cancelled: Callable[[], bool], on_progress: object) -> RetentionReport:
            db = open_database(path)
            try:
                return purge_expired_records(
                    db,
                    retention_days=days,
                    now=datetime.now().astimezone(),
                    data_dir=path.parent,
                    staff_id=staff_id,
                    is_cancelled=is_cancelled,
                )
            finally:
                db.close()

        self.purgeAction.setEnabled(False)
        if not automatic:
            self._status_message(self.tr("正在清理超过保留期的记录…"))
        self._purge_task = run_in_background(
            purge,
            on_done=lambda report: self._purge_finished(report, automatic=automatic),
            on_error=self._purge_failed,
        )

    def _purge_finished(self, report: RetentionReport, *, automatic: bool) -> None:
        self._purge_task = None
        self.purgeAction.setEnabled(True)
        unsent = report.unsent
        if unsent.count:
            self._status_retention.setText(
                self.tr("%n 条超过保留期的记录尚未上报县指挥部，请尽快同步或导出", "", unsent.count)
            )
            self._status_retention.show()
        else:
            self._status_retention.hide()
        if report.records_purged:
            self.refresh()
        if report.records_purged or not automatic:
            self._status_message(
                self.tr("已清理 %n 条超过保留期的记录", "", report.records_purged)
                + self.tr("（保留 %1 天）").replace("%1", str(report.retention_days))
            )
        self.retention_purged.emit(report)

    def _purge_failed(self, exc: BaseException) -> None:
        task, self._purge_task = self._purge_task, None
        if task is not None and task.cancelled:
            return  # the window closed meanwhile
        self.purgeAction.setEnabled(True)
        self._status_message(self.tr("清理未完成：") + str(getattr(exc, "message", exc)))

    def sign_out(self) -> None:
        """交班: the handover report, signed off by this shift and acknowledged by the next."""
        from checkpoint_app.gui.handover import HandoverDialog

        dialog = HandoverDialog(
            self._db,
            shift=self._shift,
            staff=self._staff,
            checkpoint=self._checkpoint,
            parent=self,
        )
        handed_over: list[int] = []
        dialog.shift_handed_over.connect(handed_over.append)
        dialog.exec()
        if handed_over:
            # The incoming person signs in next and opens their own shift: the sign-in
            # dialog offers their name, never the outgoing person's.
            incoming = dialog.incoming_staff
            self.incoming_name = incoming.name if incoming is not None else ""
            self.signed_out.emit()
            self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.scanner)
            app.removeEventFilter(self.idle)
            app.removeEventFilter(self._screenshot_input)
        self.idle.stop()
        self.screenshots.cancel()
        if self._purge_task is not None:
            self._purge_task.cancel()  # its batches stop; what was purged stays purged
        self.sync.stop()
        self.serial.close()
        self.idcard_reader.stop()
        super().closeEvent(event)
