"""The registration form: one traveller, keyboard first.

A dumb view: data in through setters (`start_new`, `load_record`, `apply_scan`,
`set_policy`, `set_townships`), one meaningful signal out (`record_submitted`).
It validates as the worker types, with the pure validators from records/.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCompleter,
    QLineEdit,
    QPushButton,
    QWidget,
)

from checkpoint_app.gui.domain_text import translate_domain_text
from checkpoint_app.gui.forms.ui_register_form import Ui_RegisterForm
from checkpoint_app.gui.labels import COLOUR_HEX, combo_value, label, sex_label
from checkpoint_app.gui.pledge_dialog import ask_pledge
from checkpoint_app.policy.schema import Policy, default_policy
from checkpoint_app.records.divisions import Division, DivisionIndex, load_divisions
from checkpoint_app.records.masking import mask_id_number, mask_phone
from checkpoint_app.records.model import (
    CodeColour,
    Disposition,
    DocumentType,
    FieldSource,
    NatResult,
    TravellerRecord,
    new_record_uuid,
)
from checkpoint_app.records.pledge import NO_PLEDGE, Pledge, PledgeMethod
from checkpoint_app.records.preregistration import (
    PreregistrationRejected,
    VerifiedPreregistration,
    is_preregistration_text,
    verify_preregistration,
)
from checkpoint_app.records.validation import (
    ValidationError,
    check_document_number,
    check_id_number,
    check_phone,
    check_plate,
)
from checkpoint_app.resources import resource_path
from checkpoint_app.scanning.payload import PayloadKind, PayloadRejected, parse_payload
from checkpoint_app.storage.records import ScanArtefact, StorageError
from checkpoint_app.workstation.registration import (
    CarStep,
    FormValues,
    Problem,
    RegistrationContext,
    Submission,
    assess,
    build_submission,
    pledge_for,
    with_province,
)

# Stored in Chinese whatever the UI language: the county's reports are in Chinese.
if TYPE_CHECKING:  # OpenCV and OCR load on the first screenshot, not at start-up
    from checkpoint_app.scanning.idcard.model import IdCard
    from checkpoint_app.scanning.screenshot import ScreenshotCodes, ScreenshotText
    from checkpoint_app.watchlist.model import WatchList
    from checkpoint_app.workstation.registration import PreregistrationUse

    # (code digest, the form's record UUID) → where this checkpoint already used the code.
    PreregistrationUseLookup = Callable[[str, str], PreregistrationUse | None]

REASONS = (
    QT_TRANSLATE_NOOP("RegisterForm", "返乡"),
    QT_TRANSLATE_NOOP("RegisterForm", "探亲访友"),
    QT_TRANSLATE_NOOP("RegisterForm", "务工"),
    QT_TRANSLATE_NOOP("RegisterForm", "物流运输"),
    QT_TRANSLATE_NOOP("RegisterForm", "公务"),
    QT_TRANSLATE_NOOP("RegisterForm", "就医"),
    QT_TRANSLATE_NOOP("RegisterForm", "过境"),
    QT_TRANSLATE_NOOP("RegisterForm", "其他"),
)
_ERROR_STYLE = "color: #c62828;"
_FIELD_NAMES = {
    "nat_result": QT_TRANSLATE_NOOP("RegisterForm", "核酸结果"),
    "nat_sampled_at": QT_TRANSLATE_NOOP("RegisterForm", "采样时间"),
    "vaccine_doses": QT_TRANSLATE_NOOP("RegisterForm", "疫苗"),
    "travel_cities": QT_TRANSLATE_NOOP("RegisterForm", "途经城市"),
}
_OK_STYLE = "color: #2e7d32;"


# Plate province abbreviations (GA 36): a wedge scanner cannot type them, the worker picks one.
PLATE_PROVINCES = (
    ("豫", "河南"), ("京", "北京"), ("津", "天津"), ("冀", "河北"), ("晋", "山西"),
    ("蒙", "内蒙古"), ("辽", "辽宁"), ("吉", "吉林"), ("黑", "黑龙江"), ("沪", "上海"),
    ("苏", "江苏"), ("浙", "浙江"), ("皖", "安徽"), ("闽", "福建"), ("赣", "江西"),
    ("鲁", "山东"), ("鄂", "湖北"), ("湘", "湖南"), ("粤", "广东"), ("桂", "广西"),
    ("琼", "海南"), ("渝", "重庆"), ("川", "四川"), ("贵", "贵州"), ("云", "云南"),
    ("藏", "西藏"), ("陕", "陕西"), ("甘", "甘肃"), ("青", "青海"), ("宁", "宁夏"),
    ("新", "新疆"),
)  # fmt: skip


def now_local() -> datetime:
    return datetime.now().astimezone()


def load_townships() -> list[str]:
    data = json.loads(resource_path("data", "townships.json").read_text(encoding="utf-8"))
    return [str(t) for t in data["townships"]]


class SlipPad:
    """The numbered paper pledge slips in memory, for a form without a store behind it."""

    def __init__(self) -> None:
        self._next = 1

    def next(self) -> int:
        return self._next

    def set_next(self, number: int) -> None:
        self._next = number


@dataclass(frozen=True, slots=True)
class Car:
    """The car being registered: its id (the group key), plate and people saved so far."""

    vehicle_id: str
    plate: str
    saved: int


class _WheelGuard(QObject):
    """The mouse wheel over a combo or spin box scrolls the form, not the value under it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Wheel
            and isinstance(watched, QWidget)
            and not watched.hasFocus()
        ):
            event.ignore()
            return True
        return False


class MaskedField(QObject):
    """Shows an ID number or phone in full only while its field has focus."""

    def __init__(self, edit: QLineEdit, mask: Callable[[str], str]) -> None:
        super().__init__(edit)
        self._edit = edit
        self._mask = mask
        self._value = ""
        self._masked = False
        edit.installEventFilter(self)

    def value(self) -> str:
        return self._value if self._masked else self._edit.text()

    def set_value(self, value: str) -> None:
        self._value = value
        self._masked = False
        self._edit.setText(value)
        if not self._edit.hasFocus():
            self._show_masked()

    def _show_masked(self) -> None:
        self._value = self._edit.text()
        if not self._value:
            return
        self._masked = True
        self._edit.blockSignals(True)
        self._edit.setText(self._mask(self._value))
        self._edit.blockSignals(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and self._masked:
            self._masked = False
            self._edit.blockSignals(True)
            self._edit.setText(self._value)
            self._edit.blockSignals(False)
        elif event.type() == QEvent.Type.FocusOut and not self._masked:
            self._show_masked()
        return False


class RegisterForm(QWidget):
    """Register one traveller. Emits `record_submitted(Submission)`; saving is the caller's job."""

    record_submitted = Signal(object)
    scan_rejected = Signal(str)
    submit_refused = Signal(str)  # the reasons, shown in red; the main window sounds it
    scan_warned = Signal(str)  # a scan filled the form but needs a look; the window sounds it
    person_discarded = Signal()  # a scan of another person replaced an unsaved traveller

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_RegisterForm()
        self.ui.setupUi(self)
        self._policy = default_policy()
        self._temperature_range = (34.0, 43.0)
        self._plate_province = "豫"
        self._divisions: DivisionIndex | None = None
        self._uuid = new_record_uuid()
        self._version = 1
        self._checked_at: datetime | None = None
        self._sources: dict[str, FieldSource] = {}
        self._artefacts: list[ScanArtefact] = []
        self._health_payload = ("", "")  # payload, issuer
        self._disposition_chosen = False
        self._read_only = False
        self._car: Car | None = None
        self._county_key: bytes | None = None
        self._preregistered: dict[str, QWidget] = {}  # field → widget marked 来自预登记
        self._preregistration_uses: PreregistrationUseLookup | None = None
        self._preregistration_digest = ""  # the code that filled this traveller, if any
        self._preregistration_warning = ""
        self._screenshot_was_preregistration = False
        self._pledge: Pledge = NO_PLEDGE
        self._slip_pad: Any = SlipPad()
        self._collapsing_hints = (
            self.ui.docHintLabel,
            self.ui.phoneHintLabel,
            self.ui.plateHintLabel,
        )
        for hint in self._collapsing_hints:
            hint.setVisible(False)
        self._wheel_guard = _WheelGuard(self)
        self._doc = MaskedField(self.ui.docNumberEdit, mask_id_number)
        self._phone = MaskedField(self.ui.phoneEdit, mask_phone)
        self._set_up_choices()
        self._set_up_shortcuts()
        self._connect()
        # The NAT age is relative to now: keep it current while the form stays open.
        self._clock = QTimer(self)
        self._clock.setInterval(30_000)
        self._clock.timeout.connect(self._update_assessment)
        self._clock.start()
        self.start_new()
        # 3,000 divisions and their completer load just after the window first shows.
        QTimer.singleShot(0, self, self._divisions_index)

    # ----- set-up -----------------------------------------------------------------
    def _set_up_choices(self) -> None:
        ui = self.ui
        for doc_type in DocumentType:
            ui.docTypeCombo.addItem(label(doc_type), doc_type)
        for result in (NatResult.UNCHECKED, NatResult.NEGATIVE, NatResult.POSITIVE, NatResult.NONE):
            ui.natResultCombo.addItem(label(result), result)
        ui.natResultCombo.activated.connect(lambda _i: self._typed("nat_result"))
        # The wheel over a closed combo or spin box would change a value nobody chose.
        for widget in (
            ui.vaccineSpin,
            ui.natResultCombo,
            ui.docTypeCombo,
            ui.destinationCombo,
            ui.reasonCombo,
            ui.provinceCombo,
            ui.cityCombo,
            ui.countyCombo,
            ui.plateProvinceCombo,
        ):
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            widget.installEventFilter(self._wheel_guard)
        for reason in REASONS:
            ui.reasonCombo.addItem(self.tr(reason), reason)
        for short, province in PLATE_PROVINCES:
            ui.plateProvinceCombo.addItem(f"{short} {province}", short)
        self.set_townships(load_townships())
        self._health_group = QButtonGroup(self)
        self._health_buttons: dict[CodeColour, QPushButton] = {
            CodeColour.GREEN: ui.healthGreenButton,
            CodeColour.YELLOW: ui.healthYellowButton,
            CodeColour.RED: ui.healthRedButton,
            CodeColour.GREY: ui.healthGreyButton,
        }
        self._travel_group = QButtonGroup(self)
        self._travel_buttons: dict[CodeColour, QPushButton] = {
            CodeColour.GREEN: ui.travelGreenButton,
            CodeColour.YELLOW: ui.travelYellowButton,
            CodeColour.RED: ui.travelRedButton,
        }
        for group, buttons in (
            (self._health_group, self._health_buttons),
            (self._travel_group, self._travel_buttons),
        ):
            for colour, button in buttons.items():
                group.addButton(button)
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                button.setStyleSheet(
                    # Narrow padding: four colours and their keys fit one row at 1366×768.
                    "QPushButton { padding: 3px 6px; }"
                    f" QPushButton:checked {{ background: {COLOUR_HEX[colour]}; color: white;"
                    " font-weight: bold; }"
                )
        self._disposition_group = QButtonGroup(self)
        self._disposition_buttons: dict[Disposition, QPushButton] = {
            Disposition.RELEASE: ui.releaseButton,
            Disposition.RELEASE_TEST: ui.releaseTestButton,
            Disposition.TURN_BACK: ui.turnBackButton,
            Disposition.CENTRAL_QUARANTINE: ui.centralQuarantineButton,
            Disposition.HOME_QUARANTINE: ui.homeQuarantineButton,
            Disposition.HOME_MONITORING: ui.homeMonitoringButton,
            Disposition.FEVER_CLINIC: ui.feverClinicButton,
        }
        for button in self._disposition_buttons.values():
            self._disposition_group.addButton(button)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setStyleSheet("QPushButton:checked { background: #1565c0; color: white; }")
        ui.scanEdit.setStyleSheet("QLineEdit { font-size: 15px; padding: 4px; }")
        ui.suggestionLabel.setStyleSheet("font-weight: bold;")

    def _set_up_shortcuts(self) -> None:
        def bind(keys: str, slot: Callable[[], None]) -> None:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        for index, disposition in enumerate(self._disposition_buttons, start=1):
            bind(f"F{index}", lambda d=disposition: self.choose_disposition(d))
        for index, colour in enumerate(self._health_buttons, start=1):
            bind(f"Ctrl+{index}", lambda c=colour: self.set_health_colour(c, FieldSource.TYPED))
        for index, colour in enumerate(self._travel_buttons, start=1):
            bind(f"Alt+{index}", lambda c=colour: self.set_travel_colour(c, FieldSource.TYPED))
        bind("F9", self.ui.scanEdit.setFocus)
        bind("F12", self.mark_common_checks)
        bind("Shift+F12", self.pledge_on_paper)
        bind("Shift+F11", self.open_pledge_screen)
        bind("F8", lambda: self.submit(CarStep.NEXT_IN_CAR))
        bind("Shift+F8", lambda: self.submit(CarStep.WHOLE_CAR))

    def _connect(self) -> None:
        ui = self.ui
        ui.docNumberEdit.textEdited.connect(lambda _t: self._typed("document_number"))
        ui.docNumberEdit.textChanged.connect(self._validate_document)
        ui.docTypeCombo.currentIndexChanged.connect(self._validate_document)
        ui.phoneEdit.textEdited.connect(lambda _t: self._typed("phone"))
        ui.phoneEdit.textChanged.connect(self._validate_phone)
        ui.plateEdit.textEdited.connect(lambda _t: self._typed("plate"))
        ui.plateEdit.textChanged.connect(self._validate_plate)
        ui.plateEdit.editingFinished.connect(self._complete_plate)
        ui.plateProvinceCombo.activated.connect(lambda _i: self._complete_plate())
        ui.checkedButton.clicked.connect(self.mark_common_checks)
        ui.pledgePaperButton.clicked.connect(self.pledge_on_paper)
        ui.pledgeSignButton.clicked.connect(self.open_pledge_screen)
        ui.pledgeSlipSpin.editingFinished.connect(self._slip_pad_edited)
        # A refusal is recorded on the pledge screen (Shift+F11, then 拒签 Alt+R), where the
        # traveller reads what they refuse; the row stays narrow enough for 1366 px.
        for button in (ui.pledgePaperButton, ui.pledgeSignButton):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        ui.nameEdit.textEdited.connect(lambda _t: self._typed("name"))
        ui.temperatureEdit.textChanged.connect(self._update_assessment)
        ui.natResultCombo.currentIndexChanged.connect(self._update_assessment)
        ui.natTimeEdit.textChanged.connect(self._update_assessment)
        # A county rule may ask about vaccination: the suggestion follows the dose count.
        ui.vaccineSpin.valueChanged.connect(self._update_assessment)
        ui.travelCitiesEdit.textEdited.connect(lambda _t: self._typed("travel_cities"))
        ui.destinationCombo.activated.connect(lambda _i: self._typed("destination_township"))
        ui.destinationAddressEdit.textEdited.connect(lambda _t: self._typed("destination_address"))
        ui.reasonCombo.activated.connect(lambda _i: self._typed("reason"))
        ui.reasonCombo.lineEdit().textEdited.connect(lambda _t: self._typed("reason"))
        ui.notesEdit.textEdited.connect(lambda _t: self._typed("notes"))
        ui.overrideReasonEdit.textChanged.connect(lambda _t: self.ui.problemLabel.clear())
        ui.provinceCombo.currentIndexChanged.connect(self._province_changed)
        ui.cityCombo.currentIndexChanged.connect(self._city_changed)
        ui.saveButton.clicked.connect(self.submit)
        ui.resetButton.clicked.connect(self.start_new)
        ui.nextInCarButton.clicked.connect(lambda: self.submit(CarStep.NEXT_IN_CAR))
        ui.wholeCarButton.clicked.connect(lambda: self.submit(CarStep.WHOLE_CAR))
        self._health_group.buttonClicked.connect(lambda _b: self._colour_clicked("health_colour"))
        self._travel_group.buttonClicked.connect(lambda _b: self._colour_clicked("travel_colour"))
        self._disposition_group.buttonClicked.connect(lambda _b: self._disposition_clicked())

    def _divisions_index(self) -> DivisionIndex:
        if self._divisions is None:
            self._divisions = load_divisions()
            self._fill_provinces()
        return self._divisions

    def _fill_provinces(self) -> None:
        assert self._divisions is not None
        combo = self.ui.provinceCombo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("省"), None)
        for province in self._divisions.provinces():
            combo.addItem(province.name, province.code)
        combo.blockSignals(False)
        names = [d.full_name for d in self._divisions]
        completer = QCompleter(names, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.activated.connect(self._origin_picked)
        self.ui.originEdit.setCompleter(completer)
        self._full_names = {d.full_name: d.code for d in self._divisions}

    # ----- setters ----------------------------------------------------------------
    def set_policy(self, policy: Policy, temperature_range: tuple[float, float]) -> None:
        """The county's rules (or the built-in ones) that the suggestion follows."""
        self._policy = policy
        self._temperature_range = temperature_range
        if policy.townships:
            current = self.ui.destinationCombo.currentData()
            self.set_townships(list(policy.townships))
            self.ui.destinationCombo.setCurrentIndex(
                max(0, self.ui.destinationCombo.findData(current))
            )
        self._update_assessment()

    def set_townships(self, townships: list[str]) -> None:
        self.ui.destinationCombo.clear()
        self.ui.destinationCombo.addItem(self.tr("（未填）"), "")
        for township in townships:
            self.ui.destinationCombo.addItem(township, township)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for child in self.findChildren(QWidget):
            if child is not self:
                child.setEnabled(not read_only)
        self.ui.saveButton.setVisible(not read_only)

    @property
    def record_uuid(self) -> str:
        return self._uuid

    def start_new(self) -> None:
        """Clear the form for the next traveller; a fresh UUID is made now (the sync key)."""
        ui = self.ui
        self._uuid = new_record_uuid()
        self._version = 1
        self._showing_saved = False
        self._checked_at = None
        self._sources = {}
        self._artefacts = []
        self._health_payload = ("", "")
        self._disposition_chosen = False
        for edit in (
            ui.scanEdit,
            ui.nameEdit,
            ui.plateEdit,
            ui.originEdit,
            ui.destinationAddressEdit,
            ui.temperatureEdit,
            ui.travelCitiesEdit,
            ui.natTimeEdit,
            ui.overrideReasonEdit,
            ui.notesEdit,
        ):
            edit.clear()
        self._doc.set_value("")
        self._phone.set_value("")
        ui.docTypeCombo.setCurrentIndex(0)
        ui.provinceCombo.setCurrentIndex(0)
        ui.destinationCombo.setCurrentIndex(0)
        ui.reasonCombo.setCurrentIndex(0)
        ui.natResultCombo.setCurrentIndex(0)  # 未查验
        ui.vaccineSpin.setValue(-1)
        self.set_plate_province(self._plate_province)
        # Nothing is assumed: the codes and the NAT proof are 未查验 until someone looks
        # (F12, a colour key, a scan, a screenshot or a pre-registration).
        self._check_colour(self._health_buttons, CodeColour.UNKNOWN)
        self._check_colour(self._travel_buttons, CodeColour.UNKNOWN)
        ui.scanStatusLabel.setText(self.tr("扫码枪就绪：扫证件、车牌或健康码"))
        ui.scanStatusLabel.setStyleSheet("")
        ui.problemLabel.clear()
        self._clear_screenshot()
        self._clear_preregistration_marks()
        self._preregistration_digest = self._preregistration_warning = ""
        self._set_pledge(NO_PLEDGE)
        self._car = None
        self._show_car()
        self._update_assessment()
        ui.scanEdit.setFocus()

    @property
    def car(self) -> Car | None:
        """The car being registered as a group, if any."""
        return self._car

    def start_next_in_car(self, saved: TravellerRecord) -> None:
        """Clear the form for the next person of `saved`'s car, keeping what a car shares.

        The plate, origin, destination and reason stay (with their sources); everything
        personal is cleared and a fresh UUID is made, as for any new traveller.
        """
        assert saved.vehicle_id is not None
        saved_count = self._car.saved + 1 if self._car is not None else 1
        self._start_person_in_car(Car(saved.vehicle_id, saved.plate, saved_count), saved)

    def _start_person_in_car(self, car: Car, shared: TravellerRecord) -> None:
        ui = self.ui
        reason_index = ui.reasonCombo.currentIndex()
        destination_index = ui.destinationCombo.currentIndex()
        # A car usually goes to one home: its address stays for the next person too.
        address = ui.destinationAddressEdit.text()
        kept_sources = {
            k: v
            for k, v in self._sources.items()
            if k
            in ("plate", "origin_code", "destination_township", "destination_address", "reason")
        }
        self.start_new()
        ui.plateEdit.setText(shared.plate)
        if shared.origin_code:
            self._select_origin(shared.origin_code)
        ui.destinationCombo.setCurrentIndex(destination_index)
        ui.destinationAddressEdit.setText(address)
        ui.reasonCombo.setCurrentIndex(reason_index)
        self._sources.update(kept_sources)
        self._car = car
        self._show_car()
        self._update_assessment()

    def _car_shared(self) -> TravellerRecord:
        """What the car's people share, as the form holds it now (for the next person)."""
        origin_code, origin_name = self._origin()
        return TravellerRecord(
            uuid=self._uuid,
            checked_at=now_local(),
            disposition=Disposition.RELEASE,
            plate=self.ui.plateEdit.text().strip(),
            origin_code=origin_code,
            origin_name=origin_name,
        )

    def _show_car(self) -> None:
        car = self._car
        self.ui.carLabel.setVisible(car is not None)
        if car is None:
            self.ui.carLabel.clear()
            return
        self.ui.carLabel.setText(
            self.tr(
                "同车登记：%1 · 已登记 %n 人 · F8 下一人 · Shift+F8 整车同处置 · Enter 最后一人",
                "",
                car.saved,
            ).replace("%1", car.plate)
        )
        self.ui.carLabel.setStyleSheet("background: #e3f2fd; padding: 4px; font-weight: bold;")

    def _person_entered(self) -> bool:
        ui = self.ui
        return bool(
            self._doc.value()
            or self._phone.value()
            or ui.nameEdit.text()
            or ui.temperatureEdit.text()
            or ui.scanEdit.text()
        )

    def load_record(self, record: TravellerRecord) -> None:
        """Show a saved record (to view, or to correct as its next version)."""
        ui = self.ui
        self._uuid = record.uuid
        self._version = record.version
        self._showing_saved = True
        self._checked_at = record.checked_at
        self._sources = dict(record.sources)
        self._artefacts = []
        self._health_payload = (record.health_payload, record.health_issuer)
        self._preregistration_digest = self._preregistration_warning = ""
        self._set_pledge(record.pledge)
        ui.docTypeCombo.setCurrentIndex(ui.docTypeCombo.findData(record.document_type))
        self._doc.set_value(record.document_number)
        ui.nameEdit.setText(record.name)
        self._phone.set_value(record.phone)
        ui.plateEdit.setText(record.plate)
        self._select_origin(record.origin_code)
        index = ui.destinationCombo.findData(record.destination_township)
        ui.destinationCombo.setCurrentIndex(max(0, index))
        ui.destinationAddressEdit.setText(record.destination_address)
        index = ui.reasonCombo.findData(record.reason)
        if index >= 0:
            ui.reasonCombo.setCurrentIndex(index)
        else:
            ui.reasonCombo.setCurrentText(record.reason)
        ui.temperatureEdit.setText(
            "" if record.temperature is None else f"{record.temperature:.1f}"
        )
        self._check_colour(self._health_buttons, record.health_colour)
        self._check_colour(self._travel_buttons, record.travel_colour)
        ui.travelCitiesEdit.setText("，".join(record.travel_cities))
        ui.natResultCombo.setCurrentIndex(ui.natResultCombo.findData(record.nat_result))
        ui.natTimeEdit.setText(
            ""
            if record.nat_sampled_at is None
            else record.nat_sampled_at.astimezone().strftime("%Y-%m-%d %H:%M")
        )
        ui.vaccineSpin.setValue(-1 if record.vaccine_doses is None else record.vaccine_doses)
        ui.overrideReasonEdit.setText(record.override_reason)
        ui.notesEdit.setText(record.notes)
        self._disposition_chosen = True
        self._disposition_buttons[record.disposition].setChecked(True)
        self._update_assessment()

    # ----- scans ------------------------------------------------------------------
    def apply_scan(self, payload: str, source: str = "wedge") -> None:
        """Put what a scanner read into the right field, or say why it was refused."""
        ui = self.ui
        try:
            parsed = parse_payload(payload, today=now_local().date())
        except PayloadRejected as exc:
            self._scan_status(exc.message, ok=False)
            self.scan_rejected.emit(exc.message)
            return
        if parsed.kind is PayloadKind.PREREGISTRATION:
            self._apply_preregistration(parsed.value, source)
            return
        discarded = False
        if parsed.kind is PayloadKind.ID_NUMBER:
            discarded = self._start_for_document(parsed.value)
        elif (
            parsed.kind is PayloadKind.UNKNOWN
            and with_province(parsed.value, self._plate_province) != parsed.value.strip()
        ):
            # A plate without its province (wedge scanners cannot type 豫).
            self._set_plate(parsed.value, FieldSource.SCANNED)
            self._scan_status(self.tr("已读取车牌 ") + self.ui.plateEdit.text(), ok=True)
            ui.scanEdit.clear()
            ui.temperatureEdit.setFocus()
            return
        self._artefacts.append(
            ScanArtefact(
                source=source,
                payload_kind=parsed.kind.value,
                payload=parsed.value if parsed.kind is not PayloadKind.ID_NUMBER else "",
                issuer=parsed.issuer,
            )
        )
        if parsed.kind is PayloadKind.ID_NUMBER:
            ui.docTypeCombo.setCurrentIndex(ui.docTypeCombo.findData(DocumentType.RESIDENT_ID))
            self._doc.set_value(parsed.value)
            self._sources["document_number"] = FieldSource.SCANNED
            read = self.tr("已读取证件号 ") + mask_id_number(parsed.value)
            if discarded:
                read = self.tr("上一位旅客未保存，已清除；") + read
            self._scan_status(read, ok=not discarded)
        elif parsed.kind is PayloadKind.PLATE:
            self._set_plate(parsed.value, FieldSource.SCANNED)
            self._scan_status(self.tr("已读取车牌 ") + parsed.value, ok=True)
        elif parsed.kind is PayloadKind.PHONE:
            self._phone.set_value(parsed.value)
            self._sources["phone"] = FieldSource.SCANNED
            self._scan_status(self.tr("已读取手机号 ") + mask_phone(parsed.value), ok=True)
        elif parsed.kind is PayloadKind.HEALTH_CODE:
            self._health_payload = (parsed.value, parsed.issuer)
            self._sources["health_payload"] = FieldSource.SCANNED
            self._scan_status(self.tr("已读取") + parsed.issuer + self.tr("，请核对颜色"), ok=True)
        else:
            self._health_payload = (parsed.value, "")
            self._sources["health_payload"] = FieldSource.SCANNED
            self._scan_status(parsed.notice or self.tr("未识别的扫码内容，已原样保存"), ok=False)
        ui.scanEdit.clear()
        self._focus_temperature()

    def _focus_temperature(self) -> None:
        # Typing replaces what the box holds: 36.4 + typed 36 must never read 36.436.
        self.ui.temperatureEdit.setFocus()
        self.ui.temperatureEdit.selectAll()

    def _set_plate(self, text: str, source: FieldSource) -> None:
        province = self.ui.plateProvinceCombo.currentData() or self._plate_province
        self.ui.plateEdit.setText(with_province(text, province).upper())
        self._sources["plate"] = source

    def holds_other_person(self, document_number: str) -> bool:
        """The form holds a traveller (saved or not) whose document is not `document_number`."""
        current = self._doc.value().strip().upper()
        return bool(current) and current != document_number.strip().upper()

    def _start_for_document(self, document_number: str) -> bool:
        """A scanned or read ID of another person starts a new traveller (kept in a car).

        True when an unsaved traveller was dropped for it (the caller says so)."""
        if not self.holds_other_person(document_number):
            return False
        discarded = not self._showing_saved and self._person_entered()
        if self._car is not None:
            self._start_person_in_car(self._car, self._car_shared())
        else:
            self.start_new()
        if discarded:
            self.person_discarded.emit()
        return discarded

    def apply_id_card(self, card: IdCard) -> None:
        """What the ID-card reader read off the chip: name, sex, birth date and number exactly."""
        if self._read_only:
            return
        ui = self.ui
        discarded = self._start_for_document(card.document_number)
        ui.docTypeCombo.setCurrentIndex(ui.docTypeCombo.findData(DocumentType.RESIDENT_ID))
        self._doc.set_value(card.document_number)
        ui.nameEdit.setText(card.name)
        for field in ("document_number", "name"):
            self._sources[field] = FieldSource.ID_CARD
            self._unmark_preregistered(field)
        self._artefacts.append(ScanArtefact(source="id_card", payload_kind="id_card"))
        warnings = card.warnings(now_local().date())
        status = (
            self.tr("来自身份证：")
            + f"{card.name} · {sex_label(card.sex)} · {card.birth_date.isoformat()}"
        )
        if discarded:
            status = self.tr("上一位旅客未保存，已清除；") + status
        self._scan_status("；".join([status, *warnings]), ok=not warnings)
        ui.scanEdit.clear()
        self._focus_temperature()

    # ----- pre-registration -----------------------------------------------------------
    def set_county_key(self, public_raw: bytes | None) -> None:
        """The county's Ed25519 public key pinned at enrollment (None: not enrolled).

        Pre-registration codes are verified against it; without it every code is refused.
        """
        self._county_key = public_raw

    def set_preregistration_uses(self, lookup: PreregistrationUseLookup | None) -> None:
        """Where a code was already used at this checkpoint (workstation.registration's
        `earlier_use_of_code` on the store); a code used before still fills, with a warning."""
        self._preregistration_uses = lookup

    def _apply_preregistration(self, text: str, source: str) -> None:
        # Every scan path (wedge, serial, typed, screenshot, webcam) arrives here through
        # apply_scan; nothing is filled unless the whole code verifies.
        try:
            verified = verify_preregistration(text, self._county_key, now=now_local())
        except PreregistrationRejected as exc:
            self._refuse_scan(exc.message)
            return
        details = verified.details
        # Another person's code starts that person's registration: never mix two travellers.
        self._start_for_document(details.document_number)
        self._artefacts.append(
            # The code itself holds the whole ID number and phone: only its kind is kept.
            ScanArtefact(source=source, payload_kind=PayloadKind.PREREGISTRATION.value)
        )
        # One use per checkpoint: a code saved here before (a screenshot passed around)
        # still fills — the person may be back for a reason — but the worker is told.
        warning = self._earlier_use_warning(verified.digest)
        self._preregistration_digest = verified.digest
        self._preregistration_warning = warning
        self._fill_preregistration(verified, warning)
        self._show_warnings()
        self.ui.scanEdit.clear()
        self._focus_temperature()
        if warning:
            self.scan_warned.emit(warning)

    def _earlier_use_warning(self, digest: str) -> str:
        if self._preregistration_uses is None:
            return ""
        try:
            use = self._preregistration_uses(digest, self._uuid)
        except StorageError:
            # Unknown is no reason to refuse the code, but the worker is told to look.
            return self.tr("无法查询此预登记码是否已在本卡点使用过，请核对是否本人")
        if use is None:
            return ""
        when = use.used_at.astimezone(now_local().tzinfo).strftime("%m-%d %H:%M")
        if use.masked_name:
            text = self.tr("此预登记码已于 %1 在本卡点使用过（登记给 %2）— 请核对是否本人")
            text = text.replace("%1", when).replace("%2", use.masked_name)
        else:
            text = self.tr("此预登记码已于 %1 在本卡点使用过 — 请核对是否本人").replace("%1", when)
        if use.uses > 1:
            text += self.tr("（已用 %n 次）", "", use.uses)
        return text

    def _fill_preregistration(self, verified: VerifiedPreregistration, warning: str = "") -> None:
        ui = self.ui
        details = verified.details
        ui.docTypeCombo.setCurrentIndex(ui.docTypeCombo.findData(details.document_type))
        self._doc.set_value(details.document_number)
        self._mark_preregistered("document_number", ui.docNumberEdit)
        ui.nameEdit.setText(details.name)
        self._mark_preregistered("name", ui.nameEdit)
        self._phone.set_value(details.phone)
        self._mark_preregistered("phone", ui.phoneEdit)
        if details.plate:
            self._set_plate(details.plate, FieldSource.PREREGISTERED)
            self._mark_preregistered("plate", ui.plateEdit)
        problems: list[str] = []
        if self._divisions_index().get(details.origin_code) is not None:
            self._select_origin(details.origin_code)
            self._mark_preregistered("origin_code", ui.originEdit)
        else:
            problems.append(self.tr("来源地代码不认识，请选择"))
        index = ui.destinationCombo.findData(details.destination_township)
        if index > 0:
            ui.destinationCombo.setCurrentIndex(index)
            self._mark_preregistered("destination_township", ui.destinationCombo)
        else:
            problems.append(
                self.tr("目的乡镇「%1」不在本机列表中，请选择").replace(
                    "%1", details.destination_township
                )
            )
        index = ui.reasonCombo.findData(details.reason)
        if index >= 0:
            ui.reasonCombo.setCurrentIndex(index)
        else:
            ui.reasonCombo.setCurrentText(details.reason)
        self._mark_preregistered("reason", ui.reasonCombo)
        if details.plan:
            # Stored in Chinese whatever the UI language, like the reasons.
            ui.notesEdit.setText("行程：" + details.plan)
            self._mark_preregistered("notes", ui.notesEdit)
        expiry = verified.expires_at.astimezone(now_local().tzinfo).strftime("%m-%d %H:%M")
        status = self.tr("来自预登记（有效至 %1），请测温、核验健康码和核酸").replace("%1", expiry)
        if warning:
            problems.insert(0, warning)
        self._scan_status("；".join([status, *problems]), ok=not problems)
        self._update_assessment()

    def _mark_preregistered(self, field: str, widget: QWidget) -> None:
        self._sources[field] = FieldSource.PREREGISTERED
        self._preregistered[field] = widget
        widget.setProperty("fromPreregistration", True)
        widget.setToolTip(self.tr("来自预登记"))
        widget.setStyleSheet("background: #e8f5e9;")

    def _unmark_preregistered(self, field: str) -> None:
        widget = self._preregistered.pop(field, None)
        if widget is not None:
            widget.setProperty("fromPreregistration", False)
            widget.setToolTip("")
            widget.setStyleSheet("")

    def _clear_preregistration_marks(self) -> None:
        for field in list(self._preregistered):
            self._unmark_preregistered(field)

    def _refuse_scan(self, message: str) -> None:
        self._scan_status(message, ok=False)
        self.scan_rejected.emit(message)

    def _scan_status(self, text: str, *, ok: bool) -> None:
        self.ui.scanStatusLabel.setText(text)
        self.ui.scanStatusLabel.setStyleSheet(_OK_STYLE if ok else _ERROR_STYLE)

    # ----- screenshots -----------------------------------------------------------
    def _clear_screenshot(self) -> None:
        ui = self.ui
        ui.thumbnailLabel.clear()
        ui.thumbnailLabel.setText(self.tr("截图 Ctrl+V"))
        ui.screenshotStatusLabel.clear()
        ui.screenshotStatusLabel.setVisible(False)
        ui.warningsLabel.clear()
        ui.warningsLabel.setVisible(False)
        self._screenshot_notes: dict[str, str] = {}
        self._screenshot_warnings: list[str] = []
        self._colour_conflict = ""
        # The colour of a code that did not decode, held until the words say whose it is.
        self._code_area_colour: tuple[CodeColour, float] | None = None
        for widget in (ui.natResultCombo, ui.natTimeEdit, ui.travelCitiesEdit, ui.vaccineSpin):
            widget.setProperty("fromScreenshot", False)
            widget.setToolTip("")
            widget.setStyleSheet("")

    def show_screenshot_pending(self, name: str) -> None:
        self._screenshot_was_preregistration = False
        self.ui.screenshotStatusLabel.setVisible(True)
        self.ui.screenshotStatusLabel.setText(self.tr("正在识别截图：") + name)
        self.ui.screenshotStatusLabel.setStyleSheet("")

    def show_screenshot_error(self, message: str) -> None:
        self.ui.screenshotStatusLabel.setVisible(True)
        self.ui.screenshotStatusLabel.setText(message)
        self.ui.screenshotStatusLabel.setStyleSheet(_ERROR_STYLE)

    def apply_screenshot_codes(self, codes: ScreenshotCodes, thumbnail: QPixmap) -> None:
        """Fast stage: the code's colour (and payload) fill the form at once."""
        from checkpoint_app.scanning.screenshot import PageKind

        ui = self.ui
        ui.thumbnailLabel.setPixmap(thumbnail)
        prereg = next((c.text for c in codes.codes if is_preregistration_text(c.text)), None)
        if prereg is not None:
            # A screenshot (or webcam frame) of a pre-registration code: the same handler
            # as a scanner, and no image artefact holding the code's personal data.
            self._screenshot_was_preregistration = True
            self._note("page", self.tr("预登记码"))
            self.apply_scan(prereg, "image")
            return
        self._artefacts.append(
            ScanArtefact(
                source="image",
                payload_kind=codes.page_kind.value,
                payload=codes.main_code.text if codes.main_code is not None else "",
                issuer=codes.issuer,
                image_sha256=codes.image.sha256,
                image_phash=codes.fingerprint,
            )
        )
        percent = f"{codes.colour_confidence * 100:.0f}%"
        if codes.page_kind is PageKind.HEALTH_CODE and codes.colour is not CodeColour.UNKNOWN:
            self.set_health_colour(codes.colour, FieldSource.SCREENSHOT)
            if codes.main_code is not None:
                self._health_payload = (codes.main_code.text, codes.issuer)
                self._sources["health_payload"] = FieldSource.SCREENSHOT
            text = (
                (codes.issuer or self.tr("健康码"))
                + " · "
                + label(codes.colour)
                + self.tr("（截图识别 ")
                + percent
                + self.tr("）")
            )
            self._note("health_colour", text)
        elif codes.page_kind is PageKind.TRAVEL_CARD and codes.colour is not CodeColour.UNKNOWN:
            self.set_travel_colour(codes.colour, FieldSource.SCREENSHOT)
            self._note("travel_colour", self.tr("行程卡 ") + label(codes.colour) + " " + percent)
        elif codes.page_kind is PageKind.NOT_A_CODE:
            self._note("page", self.tr("不是健康码（可能是付款码或其他图片），未填入"))
        elif not codes.codes:
            self._note("page", self.tr("未找到二维码，正在识别文字…"))
            if codes.colour_basis == "code_area" and codes.colour is not CodeColour.UNKNOWN:
                self._code_area_colour = (codes.colour, codes.colour_confidence)
        self._update_assessment()

    def apply_screenshot_text(self, text: ScreenshotText) -> None:
        """OCR stage: NAT, vaccination and travel-card cities, each marked with its confidence."""
        ui = self.ui
        fields = text.fields
        now = self._checked_at or now_local()
        self._apply_code_area_colour(text)
        self._check_colour_words(text)
        travel = fields.get("travel_colour")
        if (
            travel is not None
            and travel.value in ("green", "yellow", "red")
            and self._sources.get("travel_colour") in (None, FieldSource.SCREENSHOT)
        ):
            self.set_travel_colour(CodeColour(travel.value), FieldSource.SCREENSHOT)
            self._note("travel_colour", self.tr("行程卡 ") + label(CodeColour(travel.value)))
        result = fields.get("nat_result")
        if result is not None and result.value in (
            NatResult.NEGATIVE.value,
            NatResult.POSITIVE.value,
        ):
            ui.natResultCombo.setCurrentIndex(ui.natResultCombo.findData(NatResult(result.value)))
            self._mark(ui.natResultCombo, "nat_result", result.confidence)
        sampled = fields.get("nat_time")
        if sampled is not None:
            try:
                moment = datetime.fromisoformat(sampled.value)
                if moment.tzinfo is None:
                    moment = moment.replace(tzinfo=now.tzinfo)
                ui.natTimeEdit.setText(moment.astimezone(now.tzinfo).strftime("%Y-%m-%d %H:%M"))
                self._mark(ui.natTimeEdit, "nat_sampled_at", sampled.confidence)
            except ValueError:
                pass
        vaccine = fields.get("vaccine")
        if vaccine is not None and vaccine.value.isdigit():
            ui.vaccineSpin.setValue(int(vaccine.value))
            self._mark(ui.vaccineSpin, "vaccine_doses", vaccine.confidence)
        if text.travel_cities:
            ui.travelCitiesEdit.setText("，".join(text.travel_cities))
            cities = fields.get("travel_cities")
            self._mark(
                ui.travelCitiesEdit,
                "travel_cities",
                cities.confidence if cities is not None else 0.0,
            )
        self._update_assessment()

    def _apply_code_area_colour(self, text: ScreenshotText) -> None:
        """A code under a 请扫"场所码" button does not decode, but its modules show its
        colour: once the words say the page is a health code, that colour fills the form
        (marked as read from the screenshot) unless the worker chose one already."""
        from checkpoint_app.scanning.screenshot import PageKind

        reading, self._code_area_colour = self._code_area_colour, None
        if (
            reading is None
            or text.page_kind is not PageKind.HEALTH_CODE
            or self._sources.get("health_colour") is not None
        ):
            return
        colour, confidence = reading
        self.set_health_colour(colour, FieldSource.SCREENSHOT)
        self._note(
            "health_colour",
            self.tr("健康码 · ")
            + label(colour)
            + self.tr("（二维码未能解码，按二维码颜色 ")
            + f"{confidence * 100:.0f}%"
            + self.tr("）"),
        )

    def _check_colour_words(self, text: ScreenshotText) -> None:
        """A page whose words name another colour than its code shows (an edited screenshot,
        or a misread) leaves the colour unchecked and says both: the worker looks at the phone."""
        words = text.fields.get("colour_text")
        if words is None or words.value not in ("green", "yellow", "red", "grey"):
            return
        named = CodeColour(words.value)
        shown = self._selected(self._health_buttons)
        if self._sources.get("health_colour") is not FieldSource.SCREENSHOT or named is shown:
            return
        self._check_colour(self._health_buttons, CodeColour.UNKNOWN)
        del self._sources["health_colour"]
        self._colour_conflict = (
            self.tr(
                "截图的二维码是%1，页面文字却写着%2：可能是改过的截图。"
                "请看手机原件，按 Ctrl+1…4 选择"
            )
            .replace("%1", label(shown))
            .replace("%2", label(named))
        )
        self._note("health_colour", self.tr("颜色不一致，未填入"))
        self._show_warnings()
        self.scan_rejected.emit(self._colour_conflict)

    def show_screenshot_warnings(self, messages: list[str]) -> None:
        if self._screenshot_was_preregistration:
            # The warnings judge health-code pages (age, colour, "not a health code").
            messages = []
        self._screenshot_warnings = messages
        self._show_warnings()

    def _show_warnings(self) -> None:
        messages = list(self._screenshot_warnings)
        if self._colour_conflict:
            messages.insert(0, self._colour_conflict)
        if self._preregistration_warning:
            messages.insert(0, self._preregistration_warning)
        self.ui.warningsLabel.setVisible(bool(messages))
        self.ui.warningsLabel.setText("\n".join("⚠ " + m for m in messages))
        self.ui.warningsLabel.setStyleSheet(_ERROR_STYLE + " font-weight: bold;")

    def typed_identity(self) -> tuple[str, str, str]:
        """Name, document number and phone as typed so far (for screenshot cross-checks)."""
        return (
            self.ui.nameEdit.text().strip(),
            self._doc.value().strip(),
            self._phone.value().strip(),
        )

    def _mark(self, widget: QWidget, field: str, confidence: float) -> None:
        self._sources[field] = FieldSource.SCREENSHOT
        widget.setProperty("fromScreenshot", True)
        widget.setToolTip(self.tr("来自截图，置信度 ") + f"{confidence * 100:.0f}%")
        widget.setStyleSheet("background: #e3f2fd;")
        self._note(field, f"{self.tr(_FIELD_NAMES.get(field, field))} {confidence * 100:.0f}%")

    def _note(self, key: str, text: str) -> None:
        self._screenshot_notes[key] = text
        self.ui.screenshotStatusLabel.setVisible(True)
        self.ui.screenshotStatusLabel.setText(
            self.tr("截图识别：") + "；".join(self._screenshot_notes.values())
        )
        self.ui.screenshotStatusLabel.setStyleSheet("color: #1565c0;")

    # ----- keyboard ---------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.focusWidget() is self.ui.scanEdit:
                text = self.ui.scanEdit.text().strip()
                if text:
                    self.apply_scan(text, "typed")
                else:
                    self.ui.temperatureEdit.setFocus()
            elif not self._read_only:
                self.submit()
            event.accept()
            return
        if key == Qt.Key.Key_Escape and not self._read_only:
            # In a car, Esc clears this passenger; on an empty form it ends the car.
            if self._car is not None and self._person_entered():
                self._start_person_in_car(self._car, self._car_shared())
            else:
                self.start_new()
            event.accept()
            return
        super().keyPressEvent(event)

    # ----- choices ----------------------------------------------------------------
    def choose_disposition(self, disposition: Disposition) -> None:
        if self._read_only:
            return
        self._disposition_buttons[disposition].setChecked(True)
        self._disposition_clicked()

    def mark_common_checks(self) -> None:
        """F12: the worker saw 绿码, a green travel card and a negative NAT within the valid
        hours on the traveller's phone — the common case in one key, recorded as "viewed".

        Only what is still 未查验 is filled: a colour from a screenshot, a scan or a key stays.
        """
        if self._read_only:
            return
        ui = self.ui
        unchecked = self.values()
        if unchecked.health_colour is CodeColour.UNKNOWN:
            self._check_colour(self._health_buttons, CodeColour.GREEN)
            self._sources["health_colour"] = FieldSource.VIEWED
        if unchecked.travel_colour is CodeColour.UNKNOWN:
            self._check_colour(self._travel_buttons, CodeColour.GREEN)
            self._sources["travel_colour"] = FieldSource.VIEWED
        if unchecked.nat_result is NatResult.UNCHECKED:
            ui.natResultCombo.setCurrentIndex(ui.natResultCombo.findData(NatResult.NEGATIVE))
            self._sources["nat_result"] = FieldSource.VIEWED
        self._update_assessment()

    def set_plate_province(self, province: str) -> None:
        """The province a plate typed or scanned without one takes (settings)."""
        self._plate_province = province
        combo = self.ui.plateProvinceCombo
        combo.setCurrentIndex(max(0, combo.findData(province)))

    def set_health_colour(self, colour: CodeColour, source: FieldSource) -> None:
        self._check_colour(self._health_buttons, colour)
        self._sources["health_colour"] = source
        self._update_assessment()

    def set_travel_colour(self, colour: CodeColour, source: FieldSource) -> None:
        self._check_colour(self._travel_buttons, colour)
        self._sources["travel_colour"] = source
        self._update_assessment()

    def _check_colour(self, buttons: dict[CodeColour, QPushButton], colour: CodeColour) -> None:
        button = buttons.get(colour)
        if button is None:
            group = next(iter(buttons.values())).group()
            group.setExclusive(False)
            for b in buttons.values():
                b.setChecked(False)
            group.setExclusive(True)
        else:
            button.setChecked(True)

    def _colour_clicked(self, field: str) -> None:
        self._sources[field] = FieldSource.TYPED
        self._update_assessment()

    def _disposition_clicked(self) -> None:
        self._disposition_chosen = True
        self._update_assessment()

    def _typed(self, field: str) -> None:
        self._sources[field] = FieldSource.TYPED
        self._unmark_preregistered(field)

    def _selected(self, buttons: dict[CodeColour, QPushButton]) -> CodeColour:
        for colour, button in buttons.items():
            if button.isChecked():
                return colour
        return CodeColour.UNKNOWN

    def _selected_disposition(self) -> Disposition | None:
        for disposition, button in self._disposition_buttons.items():
            if button.isChecked():
                return disposition
        return None

    # ----- origin -----------------------------------------------------------------
    def _province_changed(self) -> None:
        self._fill_children(self.ui.provinceCombo, self.ui.cityCombo, self.tr("市"))
        self._fill_children(self.ui.cityCombo, self.ui.countyCombo, self.tr("县/区"))

    def _city_changed(self) -> None:
        self._fill_children(self.ui.cityCombo, self.ui.countyCombo, self.tr("县/区"))

    def _fill_children(self, parent_combo: Any, child_combo: Any, placeholder: str) -> None:
        child_combo.blockSignals(True)
        child_combo.clear()
        child_combo.addItem(placeholder, None)
        code = parent_combo.currentData()
        if code:
            for child in self._divisions_index().children(code):
                child_combo.addItem(child.name, child.code)
        child_combo.blockSignals(False)

    def _origin_picked(self, full_name: str) -> None:
        code = self._full_names.get(full_name)
        if code:
            self._select_origin(code)
            self._sources["origin"] = FieldSource.TYPED
            self._unmark_preregistered("origin_code")
            QTimer.singleShot(0, self.ui.destinationCombo, self.ui.destinationCombo.setFocus)

    def _select_origin(self, code: str) -> None:
        chain: list[Division] = []
        if code:
            index = self._divisions_index()
            chain = index.ancestors(code)
            own = index.get(code)
            if own is not None:
                chain.append(own)
        combos = (self.ui.provinceCombo, self.ui.cityCombo, self.ui.countyCombo)
        self.ui.provinceCombo.setCurrentIndex(0)
        self._province_changed()
        for combo, division in zip(combos, chain, strict=False):
            position = combo.findData(division.code)
            if position >= 0:
                combo.setCurrentIndex(position)
        self.ui.originEdit.setText(chain[-1].full_name if chain else "")

    def _origin(self) -> tuple[str, str]:
        for combo in (self.ui.countyCombo, self.ui.cityCombo, self.ui.provinceCombo):
            code = combo.currentData()
            if code:
                division = self._divisions_index().get(code)
                if division is not None:
                    return division.code, division.full_name
        return "", ""

    # ----- validation as you type --------------------------------------------------
    def _hint(self, widget: Any, text: str, *, ok: bool) -> None:
        widget.setText(translate_domain_text(text))
        widget.setStyleSheet(_OK_STYLE if ok else _ERROR_STYLE)
        if widget in self._collapsing_hints:
            # Empty hint rows take no room: the whole form should fit a laptop screen.
            widget.setVisible(bool(text))

    def _validate_document(self) -> None:
        text = self._doc.value().strip()
        doc_type = combo_value(self.ui.docTypeCombo, DocumentType)
        hint = self.ui.docHintLabel
        if not text:
            self._hint(hint, "", ok=True)
            return
        if doc_type is DocumentType.RESIDENT_ID:
            if len(text) < 18:
                self._hint(hint, self.tr("已输入 %n/18 位", "", len(text)), ok=True)
                return
            try:
                info = check_id_number(text, today=now_local().date())
            except ValidationError as exc:
                self._hint(hint, exc.message, ok=False)
                return
            self._hint(
                hint,
                self.tr("出生日期 ") + info.birth_date.isoformat() + " · " + sex_label(info.sex),
                ok=True,
            )
            return
        try:
            check_document_number(doc_type, text, today=now_local().date())
        except ValidationError as exc:
            self._hint(hint, exc.message, ok=False)
        else:
            self._hint(hint, self.tr("格式正确"), ok=True)

    def set_watch_list(self, watch_list: WatchList | None) -> None:
        """The county's watch list; a valid document number on it shows why, in red."""
        self._watch_list = watch_list
        if not hasattr(self, "_watch_label"):
            from PySide6.QtWidgets import QLabel

            # Built here rather than in the .ui form: it sits with the screenshot warnings.
            self._watch_label = QLabel(self)
            self._watch_label.setObjectName("watchListLabel")
            self._watch_label.setTextFormat(Qt.TextFormat.PlainText)  # county text, never HTML
            self._watch_label.setWordWrap(True)
            self._watch_label.setStyleSheet(_ERROR_STYLE + " font-weight: bold;")
            layout = self.ui.scanLayout
            layout.insertWidget(layout.indexOf(self.ui.warningsLabel), self._watch_label)
            self.ui.docNumberEdit.textChanged.connect(self._check_watch_list)
            self.ui.docTypeCombo.currentIndexChanged.connect(self._check_watch_list)
        self._check_watch_list()

    def _check_watch_list(self) -> None:
        from checkpoint_app.watchlist.model import match_watch_list

        text = self._doc.value().strip()
        doc_type = combo_value(self.ui.docTypeCombo, DocumentType)
        matches: tuple[Any, ...] = ()
        try:
            if doc_type is DocumentType.RESIDENT_ID:
                check_id_number(text, today=now_local().date())
            else:
                check_document_number(doc_type, text, today=now_local().date())
        except ValidationError:
            pass  # only a valid number is looked up: no warning for a half-typed one
        else:
            matches = match_watch_list(self._watch_list, text, now=now_local())
        self._watch_label.setText("\n".join("⚠ " + m.reason for m in matches))
        self._watch_label.setVisible(bool(matches))

    def _validate_phone(self) -> None:
        text = self._phone.value().strip()
        if not text:
            self._hint(self.ui.phoneHintLabel, "", ok=True)
        elif len([c for c in text if c.isdigit()]) < 11:
            self._hint(self.ui.phoneHintLabel, self.tr("手机号应为 11 位"), ok=True)
        else:
            try:
                check_phone(text)
            except ValidationError as exc:
                self._hint(self.ui.phoneHintLabel, exc.message, ok=False)
            else:
                self._hint(self.ui.phoneHintLabel, "", ok=True)

    def _validate_plate(self) -> None:
        text = self.ui.plateEdit.text().strip()
        if len(text) < 7:
            self._hint(self.ui.plateHintLabel, "", ok=True)
            return
        try:
            check_plate(text)
        except ValidationError as exc:
            self._hint(self.ui.plateHintLabel, exc.message, ok=False)
        else:
            self._hint(self.ui.plateHintLabel, "", ok=True)

    def _complete_plate(self) -> None:
        text = self.ui.plateEdit.text()
        province = self.ui.plateProvinceCombo.currentData() or self._plate_province
        completed = with_province(text, province).upper()
        if completed != text.strip().upper():
            self.ui.plateEdit.setText(completed)

    def _reason(self) -> str:
        combo = self.ui.reasonCombo
        index = combo.findText(combo.currentText())
        return str(combo.itemData(index)) if index >= 0 else combo.currentText()

    def _context(self) -> RegistrationContext:
        # load_divisions() is cached; the first call costs tens of ms, once.
        return RegistrationContext(
            self._policy, load_divisions(), self._temperature_range, self._plate_province
        )

    def values(self, disposition: Disposition | None = None) -> FormValues:
        """What the form holds now, as typed (the workstation layer validates it)."""
        ui = self.ui
        origin_code, origin_name = self._origin()
        payload, issuer = self._health_payload
        vaccine = ui.vaccineSpin.value()
        return FormValues(
            uuid=self._uuid,
            version=self._version,
            checked_at=self._checked_at,
            document_type=combo_value(ui.docTypeCombo, DocumentType) or DocumentType.RESIDENT_ID,
            document_number=self._doc.value(),
            name=ui.nameEdit.text(),
            phone=self._phone.value(),
            plate=ui.plateEdit.text(),
            origin_code=origin_code,
            origin_name=origin_name,
            destination_township=ui.destinationCombo.currentData() or "",
            destination_address=ui.destinationAddressEdit.text(),
            reason=self._reason(),
            temperature=ui.temperatureEdit.text(),
            health_colour=self._selected(self._health_buttons),
            health_payload=payload,
            health_issuer=issuer,
            travel_colour=self._selected(self._travel_buttons),
            travel_cities=ui.travelCitiesEdit.text(),
            nat_result=combo_value(ui.natResultCombo, NatResult) or NatResult.UNCHECKED,
            nat_sampled_at=ui.natTimeEdit.text(),
            vaccine_doses=None if vaccine < 0 else vaccine,
            override_reason=ui.overrideReasonEdit.text(),
            notes=ui.notesEdit.text(),
            disposition=disposition or self._selected_disposition(),
            vehicle_id=self._car.vehicle_id if self._car is not None else None,
            sources=dict(self._sources),
            preregistration_digest=self._preregistration_digest,
            pledge=self._pledge,
        )

    # ----- pledge -----------------------------------------------------------------
    def set_slip_pad(self, pad: Any) -> None:
        """Where the next paper slip number comes from (`next()`, `set_next(n)`): the
        workstation's store, so the pad's number survives a restart."""
        self._slip_pad = pad
        self.ui.pledgeSlipSpin.setValue(pad.next())

    @property
    def pledge(self) -> Pledge:
        return self._pledge

    def _pledge_disposition(self) -> Disposition:
        chosen = self._selected_disposition()
        if chosen is not None:
            return chosen
        return assess(self.values(), self._context(), now=now_local()).decision.suggested

    def _record_pledge(self, method: PledgeMethod, strokes: str = "") -> None:
        if self._read_only:
            return
        self._set_pledge(
            pledge_for(
                self._policy,
                self._pledge_disposition(),
                method=method,
                now=now_local(),
                slip=self.ui.pledgeSlipSpin.value(),
                strokes=strokes,
            )
        )
        self.ui.problemLabel.clear()
        # A county rule may act on a refusal (e.g. 劝返): the suggestion follows.
        self._update_assessment()

    def pledge_on_paper(self) -> None:
        """Shift+F12: the traveller signed the next numbered paper slip of the pad."""
        self._record_pledge(PledgeMethod.PAPER)

    def open_pledge_screen(self) -> None:
        """Shift+F11: the pack's text on the traveller's screen, to sign or refuse."""
        if self._read_only:
            return
        text = self._policy.pledges.text_for(self._pledge_disposition())
        focused = QApplication.focusWidget()
        answer = ask_pledge(text, self)
        # Back to where the worker was, so Enter saves as it would have.
        self.window().activateWindow()
        (focused if focused is not None else self.ui.scanEdit).setFocus()
        if answer is not None:
            self._record_pledge(answer.method, answer.strokes)

    def _slip_pad_edited(self) -> None:
        # A new pad: its first number is typed once and counts up from there.
        value = self.ui.pledgeSlipSpin.value()
        if value != self._slip_pad.next():
            self._slip_pad.set_next(value)

    def _set_pledge(self, pledge: Pledge) -> None:
        self._pledge = pledge
        ui = self.ui
        if pledge.method is PledgeMethod.PAPER:
            text = self.tr("纸质签字 · 第 %1 号").replace("%1", str(pledge.slip))
        else:
            text = {
                PledgeMethod.NONE: self.tr("未签"),
                PledgeMethod.SCREEN: self.tr("已屏幕签名"),
                PledgeMethod.REFUSED: self.tr("拒签"),
            }.get(pledge.method, "")
        ui.pledgeStateLabel.setText(text)
        # The row cuts a long state rather than widening the window (English at 1366 px).
        ui.pledgeStateLabel.setToolTip(text)
        colour = {
            PledgeMethod.NONE: "color: #6d4c41;",
            PledgeMethod.REFUSED: "color: #c62828; font-weight: bold;",
        }.get(pledge.method, "color: #2e7d32; font-weight: bold;")
        ui.pledgeStateLabel.setStyleSheet(colour)
        if not pledge.recorded:
            ui.pledgeSlipSpin.setValue(self._slip_pad.next())

    def _update_assessment(self) -> None:
        ui = self.ui
        assessment = assess(self.values(), self._context(), now=now_local())
        decision = assessment.decision
        # Temperature: red as soon as it is a fever.
        if assessment.temperature_problem:
            self._hint(ui.temperatureHintLabel, assessment.temperature_problem, ok=False)
        elif assessment.temperature is None:
            ui.temperatureHintLabel.clear()
        elif decision.fever:
            self._hint(ui.temperatureHintLabel, self.tr("发热！"), ok=False)
        else:
            self._hint(ui.temperatureHintLabel, self.tr("正常"), ok=True)
        ui.temperatureEdit.setStyleSheet(
            "QLineEdit { color: #c62828; font-weight: bold; }" if decision.fever else ""
        )
        if assessment.nat_problem:
            self._hint(ui.natStatusLabel, assessment.nat_problem, ok=False)
        else:
            self._hint(
                ui.natStatusLabel, self._translated(decision.nat_text), ok=not decision.nat_expired
            )
        self._show_unchecked(assessment.unchecked)
        if not self._disposition_chosen:
            self._disposition_buttons[decision.suggested].setChecked(True)
        reasons = " · ".join(self._translated(r) for r in decision.reasons) or self.tr("各项正常")
        report = self.tr(" · 须报告县指挥部") if decision.report else ""
        ui.suggestionLabel.setText(
            reasons + self.tr(" → 建议 ") + label(decision.suggested) + report
        )
        ui.suggestionLabel.setStyleSheet(
            "font-weight: bold; color: #c62828;" if decision.report else "font-weight: bold;"
        )
        ui.suggestionLabel.setToolTip(
            self.tr("防控策略 第 %n 版", "", self._policy.pack_version)
            if self._policy.pack_version is not None
            else self.tr("内置防控规则（尚未收到县策略）")
        )
        chosen = self._selected_disposition()
        needs_reason = bool(assessment.unchecked) or (
            chosen is not None and decision.override_problem(chosen, "") is not None
        )
        ui.overrideReasonEdit.setStyleSheet(
            "QLineEdit { border: 2px solid #c62828; }" if needs_reason else ""
        )

    def _translated(self, text: str) -> str:
        # The policy's words are Chinese (they are stored and sent so); the English UI shows
        # the built-in ones translated and the county's own texts as the county wrote them.
        return translate_domain_text(text)

    def _show_unchecked(self, unchecked: tuple[str, ...]) -> None:
        for field, widget in (
            ("health_colour", self.ui.healthColourLabel),
            ("travel_colour", self.ui.travelColourLabel),
            ("nat_result", self.ui.natLabel),
        ):
            widget.setStyleSheet(_ERROR_STYLE if field in unchecked else "")
        self.ui.checkedButton.setStyleSheet(
            "QPushButton { font-weight: bold; border: 2px solid #c62828; }" if unchecked else ""
        )

    # ----- submit -----------------------------------------------------------------
    def _field_widget(self, field: str) -> QWidget:
        ui = self.ui
        return {
            "document_number": ui.docNumberEdit,
            "phone": ui.phoneEdit,
            "plate": ui.plateEdit,
            "name": ui.nameEdit,
            "reason": ui.reasonCombo,
            "travel_cities": ui.travelCitiesEdit,
            "override_reason": ui.overrideReasonEdit,
            "notes": ui.notesEdit,
            "temperature": ui.temperatureEdit,
            "nat_sampled_at": ui.natTimeEdit,
            "disposition": ui.dispositionGroup,
            "pledge": ui.pledgeSlipSpin,
        }.get(field, ui.scanEdit)

    def collect(self, car_step: CarStep = CarStep.NONE) -> Submission | list[Problem]:
        """The submission, or the problems that stop it (see workstation.registration)."""
        return build_submission(
            self.values(),
            self._context(),
            now=now_local(),
            artefacts=tuple(self._artefacts),
            car_step=car_step,
        )

    def submit(self, car_step: CarStep = CarStep.NONE) -> None:
        """Hand the form over if it is complete; F8 / Shift+F8 register it as part of a car.

        A refused save is loud: the reasons in red, `submit_refused`, the focus on the field.
        """
        if self._read_only:
            return
        result = self.collect(car_step)
        if isinstance(result, list):
            message = "；".join(self._translated(p.message) for p in result)
            self.ui.problemLabel.setText(message)
            self.ui.problemLabel.setStyleSheet(_ERROR_STYLE + " font-weight: bold;")
            self._field_widget(result[0].field).setFocus()
            self.submit_refused.emit(message)
            return
        self.ui.problemLabel.clear()
        self.record_submitted.emit(result)
